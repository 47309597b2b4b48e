# The .deb (cmake/Packaging.cmake): cpack -G DEB, dpkg-deb -c, extracted and run from
# there (tests/scripts/package_deb.sh). Labelled `package` (about a minute: strips,
# dpkg-shlibdeps, compresses 28 MB of encoder): `ctest -LE package` leaves it out.
# Skipped, saying why, where dpkg-deb or dpkg-shlibdeps is missing.
if(TARGET debut_man AND TARGET debut-workbench)
  add_test(NAME package_deb COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/package_deb.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(package_deb PROPERTIES LABELS package SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
