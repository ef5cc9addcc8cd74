# Included by the generators of the man page and the bash completion (cmake -P): runs `CLI --json help`, the
# structured help trainyard-cli makes from its command registry, into CLI_JSON. Fails the build step when
# the program fails or prints something that is not its description.
if(NOT CLI OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DCLI=trainyard-cli -DOUTPUT=FILE -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
execute_process(COMMAND ${CLI} --json help
  OUTPUT_VARIABLE CLI_JSON ERROR_VARIABLE cli_error RESULT_VARIABLE cli_status)
if(NOT cli_status EQUAL 0)
  message(FATAL_ERROR "${CLI} --json help failed (${cli_status}): ${cli_error}")
endif()
string(JSON cli_program ERROR_VARIABLE json_error GET "${CLI_JSON}" program)
if(json_error OR NOT cli_program STREQUAL "trainyard-cli")
  message(FATAL_ERROR "${CLI} --json help did not describe trainyard-cli: ${json_error}")
endif()

# Every command to document or complete, a group's subcommands in its place: the list of JSON paths
# ("commands 3" or "commands 12 subcommands 1", spaces written as ':') into CLI_COMMAND_PATHS.
set(CLI_COMMAND_PATHS "")
string(JSON command_count LENGTH "${CLI_JSON}" commands)
math(EXPR last_command "${command_count} - 1")
foreach(index RANGE ${last_command})
  string(JSON sub_count ERROR_VARIABLE no_subcommands LENGTH "${CLI_JSON}" commands ${index} subcommands)
  if(no_subcommands)
    list(APPEND CLI_COMMAND_PATHS "commands:${index}")
  else()
    math(EXPR last_sub "${sub_count} - 1")
    foreach(sub RANGE ${last_sub})
      list(APPEND CLI_COMMAND_PATHS "commands:${index}:subcommands:${sub}")
    endforeach()
  endif()
endforeach()

# The member `member` of the command at `path` (one of CLI_COMMAND_PATHS) into `out`, "" when absent.
function(cli_get out path)
  string(REPLACE ":" ";" keys "${path}")
  string(JSON value ERROR_VARIABLE missing GET "${CLI_JSON}" ${keys} ${ARGN})
  if(missing)
    set(value "")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(cli_length out path)
  string(REPLACE ":" ";" keys "${path}")
  string(JSON value ERROR_VARIABLE missing LENGTH "${CLI_JSON}" ${keys} ${ARGN})
  if(missing)
    set(value 0)
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()
