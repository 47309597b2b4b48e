# Hostile inputs and lost-work faults: export over a project, formula cells, empty
# label imports, stale embeddings, segment reasons, WAL recovery, two processes.
# The shell script runs the file-borne cases against the built CLI under an
# address-space limit (prlimit --as).
if(TARGET debut)
  debut_add_test(test_hostile SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile.cpp LIBS debut_project
                 PROGRAM tests_project CLI)
  set_tests_properties(test_hostile PROPERTIES TIMEOUT 900)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/hostile_inputs.sh)
    add_test(NAME hostile_inputs COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hostile_inputs.sh $<TARGET_FILE:debut>
             ${CMAKE_CURRENT_SOURCE_DIR}/data)
    set_tests_properties(hostile_inputs PROPERTIES TIMEOUT 900 COST 40)
  endif()
endif()
# The same kinds of hostile file met by the parsers alone (.bin archives, nesting,
# resource bombs): no project, no CLI.
debut_add_test(test_hostile_parsers SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile_parsers.cpp
               LIBS debut_io debut_text debut_models PROGRAM tests_models)
# Stored models: safetensors inside the project, version-1 blobs, crafted blobs.
debut_add_test(test_storedmodel SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_storedmodel.cpp LIBS debut_project
               PROGRAM tests_train)
