# cmake -P script: the man page of `debut` from its --help texts.
#   -DDEBUT=<the built debut> -DVERSION=x.y.z -DINCLUDE=packaging/debut.h2m
#   -DHELP2MAN=<help2man or empty> -DGZIP=<gzip> -DOUT=<...>/debut.1.gz
# With help2man (Debian's help2man): NAME/SYNOPSIS/DESCRIPTION from `debut --help`;
# without it, the same sections written here. Both add a COMMANDS section (each
# `debut COMMAND --help`) and the hand-written sections of INCLUDE.
foreach(v DEBUT VERSION INCLUDE GZIP OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "DebutManPage.cmake: -D${v}= missing")
  endif()
endforeach()

# roff: a backslash prints as \e, a minus as \-, a line may not start with . or '.
function(roff_escape text outvar)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REPLACE "…" "..." text "${text}")   # plain in any locale
  string(REPLACE "—" "\\(em" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${DEBUT} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${DEBUT} --help failed (${rc})")
endif()
string(REGEX REPLACE ".*\nCommands:\n" "" listing "${top}")
# "  name          summary" lines (CMake's ^ matches at every search start: split into lines).
string(REPLACE "\n" ";" lines "${listing}")
set(names "")
foreach(line ${lines})
  if(line MATCHES "^  ([a-z][-a-z]*) ")
    list(APPEND names ${CMAKE_MATCH_1})
  endif()
endforeach()
set(commands "[COMMANDS]\n")
foreach(n ${names})
  execute_process(COMMAND ${DEBUT} ${n} --help OUTPUT_VARIABLE h RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${DEBUT} ${n} --help failed (${rc})")
  endif()
  # "Usage:\n<synopsis lines>\n\n<summary>\n"
  string(REGEX REPLACE "^Usage:\n" "" h "${h}")
  string(REGEX REPLACE "\n\n.*" "" synopsis "${h}")
  string(REGEX REPLACE ".*\n\n" "" summary "${h}")
  string(STRIP "${summary}" summary)
  if(synopsis MATCHES "^  ")   # some commands indent their synopsis by two
    string(SUBSTRING "${synopsis}" 2 -1 synopsis)
    string(REPLACE "\n  " "\n" synopsis "${synopsis}")
  endif()
  roff_escape("${synopsis}" synopsis)
  roff_escape("${summary}" summary)
  string(APPEND commands ".TP\n.B ${n}\n${summary}\n.nf\n${synopsis}\n.fi\n")
endforeach()
file(READ ${INCLUDE} static)
get_filename_component(dir ${OUT} DIRECTORY)
set(include_file ${dir}/debut.h2m)
file(WRITE ${include_file} "${commands}\n${static}")
string(REGEX REPLACE "\\.gz$" "" page ${OUT})

if(HELP2MAN)
  execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${VERSION}
                          "--name=few-shot recommendations for new items" --section=1
                          --include=${include_file} --output=${page} ${DEBUT}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed (${rc})")
  endif()
else()
  # The sections help2man would write, from the same text.
  roff_escape("${listing}" listing)
  string(REGEX REPLACE "\n\\[([A-Z ]+)\\]\n" "\n.SH \\1\n" sections "\n${commands}\n${static}")
  string(TIMESTAMP date "%B %Y" UTC)
  file(WRITE ${page}
       ".TH DEBUT 1 \"${date}\" \"debut ${VERSION}\" \"User Commands\"\n"
       ".SH NAME\ndebut \\- few\\-shot recommendations for new items\n"
       ".SH SYNOPSIS\n.B debut\n\\fICOMMAND\\fR [\\fIARGS\\fR] (\\fBdebut \\fICOMMAND \\fB\\-\\-help\\fR)\n"
       ".SH DESCRIPTION\n.nf\n${listing}\n.fi\n${sections}")
endif()
execute_process(COMMAND ${GZIP} -9nf ${page} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${page} failed (${rc})")
endif()
