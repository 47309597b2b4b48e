# The Debian package: `cpack -G DEB` in the build folder writes debut_<version>_amd64.deb
# (README "Install as a package"; tests/package.cmake builds, lists, extracts and runs it).
#   /usr/bin/debut, /usr/bin/debut-workbench            (install rules in app/CMakeLists.txt)
#   /usr/share/debut/models/use-lite/                    the default encoder and its Apache-2.0
#                                                        LICENSE, so an installed copy works
#                                                        offline (core/models/modelpaths.h)
#   /usr/share/applications, metainfo, icons/hicolor     the workbench in the desktop's menus
#   /usr/share/mime/packages/debut.xml                   *.debut opens in the workbench
#   /usr/share/man/man1/debut.1.gz                       from --help (help2man)
#   /usr/share/bash-completion/completions/debut
#   /usr/share/doc/debut/copyright                       Debian's machine-readable copyright file
# Paths are Debian's (bin, share), not GNUInstallDirs': modelpaths.cpp looks for the models at
# <executable>/../share/debut/models. Sanitizer and fuzz builds package nothing.
if(DEBUT_SANITIZE OR DEBUT_FUZZ OR NOT TARGET debut)
  return()
endif()

set(DEBUT_PACKAGE_MODELS "${CMAKE_SOURCE_DIR}/.cache/models/use-lite" CACHE PATH
    "USE-Lite model files to put in the package (scripts/setup fetches them)")
if(EXISTS "${DEBUT_PACKAGE_MODELS}/model.json")
  install(DIRECTORY "${DEBUT_PACKAGE_MODELS}/" DESTINATION share/debut/models/use-lite)
else()
  message(WARNING "No USE-Lite model in ${DEBUT_PACKAGE_MODELS} (run scripts/setup): "
                  "a package built now lacks the default encoder")
endif()

set(pkg "${CMAKE_SOURCE_DIR}/packaging")
set(app_id io.github.debut.Workbench)
if(TARGET debut-workbench)
  install(FILES "${pkg}/${app_id}.desktop" DESTINATION share/applications)
  string(TIMESTAMP DEBUT_RELEASE_DATE "%Y-%m-%d" UTC)   # honours SOURCE_DATE_EPOCH
  configure_file("${pkg}/${app_id}.metainfo.xml" "${CMAKE_BINARY_DIR}/packaging/${app_id}.metainfo.xml" @ONLY)
  install(FILES "${CMAKE_BINARY_DIR}/packaging/${app_id}.metainfo.xml" DESTINATION share/metainfo)
  install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/debut.svg" DESTINATION share/icons/hicolor/scalable/apps
          RENAME ${app_id}.svg)
  install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/debut.svg" DESTINATION share/icons/hicolor/scalable/mimetypes
          RENAME application-x-debut-project.svg)
  install(FILES "${pkg}/debut-mime.xml" DESTINATION share/mime/packages RENAME debut.xml)
endif()
install(FILES "${pkg}/debut.bash-completion" DESTINATION share/bash-completion/completions RENAME debut)

find_program(DEBUT_HELP2MAN help2man)
find_program(DEBUT_GZIP gzip REQUIRED)
set(man "${CMAKE_BINARY_DIR}/packaging/debut.1.gz")
add_custom_command(OUTPUT "${man}"
  COMMAND ${CMAKE_COMMAND} -DDEBUT=$<TARGET_FILE:debut> -DVERSION=${PROJECT_VERSION} "-DINCLUDE=${pkg}/debut.h2m"
          "-DHELP2MAN=${DEBUT_HELP2MAN}" "-DGZIP=${DEBUT_GZIP}" "-DOUT=${man}" -P "${CMAKE_CURRENT_LIST_DIR}/DebutManPage.cmake"
  DEPENDS debut "${pkg}/debut.h2m" "${CMAKE_CURRENT_LIST_DIR}/DebutManPage.cmake"
  COMMENT "Writing the man page of debut")
add_custom_target(debut_man ALL DEPENDS "${man}")
install(FILES "${man}" DESTINATION share/man/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME debut)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "few-shot recommendations for new items (desktop workbench and CLI)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\n Label a handful of new items, fine-tune a pretrained text encoder on\n those labels, rank the rest of the catalogue, see why, and export the\n ranked list. Includes the default English encoder (USE-Lite, Apache-2.0).")
# Maintainer: as Debian's own tools take it (DEBFULLNAME / DEBEMAIL, as dch and dh_make do),
# else the source tree's git identity; -DDEBUT_PACKAGE_MAINTAINER="Name <address>" overrides both.
set(_maintainer "")
if(DEFINED ENV{DEBEMAIL} AND NOT "$ENV{DEBEMAIL}" STREQUAL "")
  set(_maintainer "$ENV{DEBFULLNAME} <$ENV{DEBEMAIL}>")
  if("$ENV{DEBFULLNAME}" STREQUAL "")
    set(_maintainer "Debut maintainers <$ENV{DEBEMAIL}>")
  endif()
else()
  find_program(DEBUT_GIT git)
  if(DEBUT_GIT)
    execute_process(COMMAND ${DEBUT_GIT} -C "${CMAKE_SOURCE_DIR}" config user.name OUTPUT_VARIABLE _name
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${DEBUT_GIT} -C "${CMAKE_SOURCE_DIR}" config user.email OUTPUT_VARIABLE _email
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT _name STREQUAL "" AND NOT _email STREQUAL "")
      set(_maintainer "${_name} <${_email}>")
    endif()
  endif()
endif()
set(DEBUT_PACKAGE_MAINTAINER "${_maintainer}" CACHE STRING
    "Maintainer field of the .deb: \"Name <address>\" (default: DEBFULLNAME/DEBEMAIL, else git's user.name/email)")
if(DEBUT_PACKAGE_MAINTAINER MATCHES "example\\.invalid>$")   # the placeholder of earlier builds
  set(DEBUT_PACKAGE_MAINTAINER "${_maintainer}" CACHE STRING "" FORCE)
endif()
if(NOT DEBUT_PACKAGE_MAINTAINER MATCHES "^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$")
  message(WARNING "DEBUT_PACKAGE_MAINTAINER is \"${DEBUT_PACKAGE_MAINTAINER}\", not \"Name <address>\": "
                  "set DEBEMAIL (and DEBFULLNAME) or -DDEBUT_PACKAGE_MAINTAINER before building a .deb to publish")
  set(DEBUT_PACKAGE_MAINTAINER "Debut maintainers <debut@localhost>" CACHE STRING "" FORCE)
endif()
# /usr/share/doc/debut/copyright (Debian policy 12.5, machine-readable format). Debut's own
# licence is the project's to state; until it is set, the file says that no licence is granted.
set(DEBUT_PACKAGE_COPYRIGHT "2025-2026 The Debut developers" CACHE STRING "Copyright line of Debut's own code")
set(DEBUT_PACKAGE_LICENSE "LicenseRef-Debut-unpublished" CACHE STRING
    "SPDX identifier of Debut's own licence in the .deb's copyright file (e.g. Apache-2.0, GPL-3.0-or-later)")
if(DEBUT_PACKAGE_LICENSE STREQUAL "LicenseRef-Debut-unpublished")
  set(DEBUT_PACKAGE_LICENSE_TEXT "\nLicense: LicenseRef-Debut-unpublished\n The Debut developers have not published a licence for Debut's own code yet.\n Until they do, this package grants no rights beyond those the law gives.")
elseif(NOT DEBUT_PACKAGE_LICENSE MATCHES "^(Apache-2.0|MIT)$")
  set(DEBUT_PACKAGE_LICENSE_TEXT "\nLicense: ${DEBUT_PACKAGE_LICENSE}\n On Debian systems, see /usr/share/common-licenses/ for the text of common licences.")
else()
  set(DEBUT_PACKAGE_LICENSE_TEXT "")
endif()
configure_file("${pkg}/copyright.in" "${CMAKE_BINARY_DIR}/packaging/copyright" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/packaging/copyright" DESTINATION share/doc/debut)
set(CPACK_PACKAGE_CONTACT "${DEBUT_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)           # debut_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)            # the Debian libraries it links (dpkg-shlibdeps)
# Loaded at run time, so dpkg-shlibdeps cannot see them: the SVG icons' Qt plugin.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
# the zh_CN interface; the BLAS that LibTorch runs fastest on (README "Threads")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei, libopenblas0-pthread")
set(CPACK_STRIP_FILES ON)
include(CPack)
