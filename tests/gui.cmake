# GUI tests: drive the real workbench widgets offscreen (QT_QPA_PLATFORM=offscreen).
if(TARGET debut_widgets)
  foreach(t test_gui_shell test_gui_workflow test_gui_cancel)
    debut_add_test(${t} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${t}.cpp ${CMAKE_CURRENT_SOURCE_DIR}/guitestutil.h
                   LIBS debut_widgets QT Widgets Charts)
  endforeach()
  # training on CPU: give the two training tests room on a loaded 2-core CI machine
  set_tests_properties(test_gui_workflow test_gui_cancel PROPERTIES TIMEOUT 300)
  # The translations follow the sources (a changed tr() string is translated, not left in English).
  if(TARGET Qt6::lupdate)
    add_test(NAME translations_current COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/translations_current.sh
                                               $<TARGET_FILE:Qt6::lupdate> ${CMAKE_SOURCE_DIR})
  endif()
endif()
