# `debut export-model` and the reference scorer tools/debut_score.py: Debian's
# python3-torch scores the exported runs as `debut score` did (tests/scripts/export_model_parity.sh).
# Skipped (77) without the USE-Lite model or a Python with torch, unless CI / DEBUT_REQUIRE_MODELS=1.
if(TARGET debut)
  find_program(DEBUT_TORCH_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT DEBUT_TORCH_PYTHON)
    set(DEBUT_TORCH_PYTHON python3)
  endif()
  add_test(NAME export_model_parity
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/export_model_parity.sh $<TARGET_FILE:debut> ${DEBUT_TORCH_PYTHON})
  # COST: started first on a fresh clone (no timings yet), so that the longest test does not run last.
  set_tests_properties(export_model_parity PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 COST 90)
endif()
