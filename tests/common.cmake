# core/common: the atomic file writer.
debut_add_test(test_atomicfile SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_atomicfile.cpp LIBS debut_common)
set_target_properties(test_atomicfile PROPERTIES AUTOMOC ON)
