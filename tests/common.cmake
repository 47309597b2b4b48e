# core/common: the atomic file writer.
debut_add_test(test_atomicfile SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_atomicfile.cpp LIBS debut_common PROGRAM tests_data)
