# Reliability: full disk and read-only project files, atomic export.
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_reliability.cpp)
  debut_add_test(test_reliability SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_reliability.cpp LIBS debut_rank
                 PROGRAM tests_models)
endif()
