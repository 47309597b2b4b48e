# Data-parallel pretraining, training and scoring on c10d (core/dist): two workers on
# loopback against one process, same global batch and seed (tests/scripts/distributed.sh).
# A small scratch encoder: no downloaded model. Skipped (77) only where the build has no
# c10d/Gloo, and never in CI (scripts/setup installs libgloo-dev).
if(TARGET debut)
  add_test(NAME distributed COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/distributed.sh $<TARGET_FILE:debut>
                                    ${CMAKE_SOURCE_DIR}/sample_data)
  set_tests_properties(distributed PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900 RUN_SERIAL TRUE)
endif()
