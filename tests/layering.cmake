# Layers the build enforces (core/CMakeLists.txt): a file compiled with a core
# target's include flags sees its own layer and the layers below it, and an
# include that points the wrong way fails. Each check runs the compiler in
# syntax-only mode on one file under tests/layering/ with that target's flags.
#   debut_layering_check(NAME TARGET FILE OK|FAIL)
function(debut_layering_check name target file expect)
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/layering/${file})
  add_test(NAME layering_${name}
           COMMAND ${CMAKE_CXX_COMPILER} -std=c++17 -fsyntax-only
                   "-I$<JOIN:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,;-I>" ${src}
           COMMAND_EXPAND_LISTS)
  set_tests_properties(layering_${name} PROPERTIES LABELS layering)
  if(expect STREQUAL "FAIL")
    # Fails for the right reason: the header is not on the path (not any other error).
    set_tests_properties(layering_${name} PROPERTIES
                         PASS_REGULAR_EXPRESSION "No such file or directory|file not found")
  endif()
endfunction()

debut_layering_check(rank_sees_store debut_rank rank_sees_store.cpp OK)
debut_layering_check(project_sees_rank debut_project project_sees_rank.cpp OK)
debut_layering_check(rank_includes_project debut_rank rank_includes_project.cpp FAIL)
debut_layering_check(core_includes_widgets debut_project core_includes_widgets.cpp FAIL)
debut_layering_check(store_includes_train debut_store store_includes_train.cpp FAIL)
debut_layering_check(explain_includes_rank debut_explain explain_includes_rank.cpp FAIL)
