# Sample data and the two-command set-up (owned by the set-up/bench helper):
#   sample_data_reproducible  the seeded generator rewrites sample_data/ byte for byte
#   sample_project_cli        `debut new` + import-items + import-labels (both tasks,
#                             and the Chinese catalogue) + info, as scripts/run does
find_program(DEBUT_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT DEBUT_SYSTEM_PYTHON)
  find_program(DEBUT_SYSTEM_PYTHON NAMES python3)
endif()
if(DEBUT_SYSTEM_PYTHON)
  add_test(NAME sample_data_reproducible
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_sample_data.sh ${DEBUT_SYSTEM_PYTHON})
endif()
if(TARGET debut)
  add_test(NAME sample_project_cli
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/sample_project.sh $<TARGET_FILE:debut>)
endif()
