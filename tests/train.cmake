# Training engine: metrics (no torch) and the trainer (torch, tiny encoder).
set(CMAKE_AUTOMOC ON)
debut_add_test(test_metrics SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_metrics.cpp LIBS debut_eval)
