# Training engine: metrics (no torch) and the trainer (torch, tiny encoder).
debut_add_test(test_metrics SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_metrics.cpp LIBS debut_eval PROGRAM tests_data)
debut_add_test(test_train SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_train.cpp LIBS debut_project PROGRAM tests_train)
debut_add_test(test_auto SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_auto.cpp LIBS debut_project PROGRAM tests_train)
