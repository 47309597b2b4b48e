# core/store: project file, migrations, corrupt files, import.
debut_add_test(test_store SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_store.cpp LIBS debut_store PROGRAM tests_data)
debut_add_test(test_import SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_import.cpp LIBS debut_store PROGRAM tests_data)
if(TARGET debut)
  debut_add_test(test_cli_project SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cli_project.cpp LIBS debut_common
                 PROGRAM tests_data CLI)
endif()
