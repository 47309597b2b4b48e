# core/io readers, encodings, column mapping.
debut_add_test(test_io_readers SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_io_readers.cpp ${CMAKE_CURRENT_SOURCE_DIR}/iotestutil.h
               LIBS debut_io PROGRAM tests_data)
debut_add_test(test_io_mapping SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_io_mapping.cpp LIBS debut_io PROGRAM tests_data)
