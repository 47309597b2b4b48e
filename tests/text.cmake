# Tokenizers (no torch) and masked-LM pretraining (torch).
debut_add_test(test_wordpiece SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_wordpiece.cpp LIBS debut_text)
debut_add_test(test_sptokenizer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sptokenizer.cpp LIBS debut_text)
set_target_properties(test_wordpiece test_sptokenizer PROPERTIES AUTOMOC ON)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm.cpp)
  debut_add_test(test_mlm SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_mlm.cpp LIBS debut_ml)
  set_target_properties(test_mlm PROPERTIES AUTOMOC ON)
endif()
