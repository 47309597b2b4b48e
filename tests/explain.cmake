# Ranking, export and explanations. All three programs need a small head-only USE-Lite
# model trained on the sample data (they skip without the model; fail in CI).
foreach(t test_export test_explain test_explain_deletion test_bounded)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp)
    debut_add_test(${t} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp ${CMAKE_CURRENT_SOURCE_DIR}/explaintestutil.h
                   LIBS debut_project PROGRAM tests_project)
    # Training inside the test is slow on a loaded 2-core machine; never a timing assertion.
    set_tests_properties(${t} PROPERTIES TIMEOUT 900 FIXTURES_REQUIRED trained_project)
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
                 "DEBUT_TRAINED_PROJECT=${CMAKE_CURRENT_BINARY_DIR}/trained_project.debut")
  endif()
endforeach()
# ... trained once, by the fixture test below, and copied by each (explaintestutil.h).
debut_add_test(make_trained_project SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/make_trained_project.cpp
               ${CMAKE_CURRENT_SOURCE_DIR}/explaintestutil.h LIBS debut_project)
set_tests_properties(make_trained_project PROPERTIES TIMEOUT 900 FIXTURES_SETUP trained_project)
set_property(TEST make_trained_project APPEND PROPERTY ENVIRONMENT
             "DEBUT_TRAINED_PROJECT=${CMAKE_CURRENT_BINARY_DIR}/trained_project.debut")
