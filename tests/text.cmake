# Tokenizers (no torch) and masked-LM pretraining (torch).
debut_add_test(test_wordpiece SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_wordpiece.cpp LIBS debut_text PROGRAM tests_data)
debut_add_test(test_sptokenizer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sptokenizer.cpp LIBS debut_text PROGRAM tests_data)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm.cpp)
  debut_add_test(test_mlm SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm.cpp LIBS debut_train PROGRAM tests_train)
endif()
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm_project.cpp)
  debut_add_test(test_mlm_project SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm_project.cpp LIBS debut_project
                 PROGRAM tests_train)
endif()
