# Ranking, export and explanations (issue 4 §5–6, issue 6). Both programs train
# a small head-only USE-Lite model on the sample data (QSKIP without the model).
foreach(t test_export test_explain)
  debut_add_test(${t} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp ${CMAKE_CURRENT_SOURCE_DIR}/explaintestutil.h
                 LIBS debut_project)
  set_target_properties(${t} PROPERTIES AUTOMOC ON)
endforeach()
set_tests_properties(test_export test_explain PROPERTIES TIMEOUT 180)
