# Ranking, export and explanations (issue 4 §5–6, issue 6). All three programs train
# a small head-only USE-Lite model on the sample data (QSKIP without the model).
foreach(t test_export test_explain test_explain_deletion)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp)
    debut_add_test(${t} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp ${CMAKE_CURRENT_SOURCE_DIR}/explaintestutil.h
                   LIBS debut_project)
    set_target_properties(${t} PROPERTIES AUTOMOC ON)
    # Training inside the test is slow on a loaded 2-core machine; never a timing assertion.
    set_tests_properties(${t} PROPERTIES TIMEOUT 900)
  endif()
endforeach()
