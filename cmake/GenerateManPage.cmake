# cmake -DCLI=build/app/trainyard-cli -DOUTPUT=trainyard-cli.1 -P cmake/GenerateManPage.cmake
# Writes the trainyard-cli(1) man page from the program's own help (`trainyard-cli --json help`), so the page
# lists exactly the commands, arguments and options the built program has, and beside it OUTPUT.gz, the
# form Debian installs man pages in (gzip -9n: no name or time stamp, the same bytes for the same page).
# Run by packaging/CMakeLists.txt after every build of trainyard-cli.
include(${CMAKE_CURRENT_LIST_DIR}/ReadCliDescription.cmake)

# Text as roff: backslashes and minus signs escaped, and no line that roff would read as a request.
function(roff out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# An option's heading: bold name, italic value.
function(roff_option out name value)
  roff(name "${name}")
  if(value STREQUAL "")
    set(${out} "\\fB${name}\\fR" PARENT_SCOPE)
  else()
    roff(value "${value}")
    set(${out} "\\fB${name}\\fR \\fI${value}\\fR" PARENT_SCOPE)
  endif()
endfunction()

string(JSON version GET "${CLI_JSON}" version)
set(page ".\\\" Generated from `trainyard-cli --json help` by cmake/GenerateManPage.cmake; do not edit.
.TH TRAINYARD\\-CLI 1 \"\" \"Trainyard ${version}\" \"User Commands\"
.SH NAME
trainyard\\-cli \\- submit, follow and manage machine learning training runs from a terminal
.SH SYNOPSIS
.B trainyard\\-cli
[\\fB\\-\\-workspace\\fR \\fIDIR\\fR] [\\fB\\-\\-json\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]
.br
.B trainyard\\-cli
\\fBhelp\\fR [\\fICOMMAND\\fR [\\fISUBCOMMAND\\fR]]
.br
.B trainyard\\-cli
\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR
.SH DESCRIPTION
\\fBtrainyard\\-cli\\fR does from a terminal what the Trainyard desktop application does: it submits
estimators to compute targets (this machine, a machine over SSH, a Slurm cluster), follows runs, prints their
logs, metrics and files, and manages models, datasets, targets and environments in the same workspace.
Every command takes \\fB\\-\\-help\\fR; \\fBtrainyard\\-cli help\\fR \\fICOMMAND\\fR prints the same.
.SH OPTIONS
The global options may stand anywhere on the command line.
")
string(JSON global_count LENGTH "${CLI_JSON}" global_options)
math(EXPR last_global "${global_count} - 1")
foreach(index RANGE ${last_global})
  string(JSON name GET "${CLI_JSON}" global_options ${index} name)
  string(JSON value ERROR_VARIABLE no_value GET "${CLI_JSON}" global_options ${index} value)
  if(no_value)
    set(value "")
  endif()
  string(JSON description GET "${CLI_JSON}" global_options ${index} description)
  roff_option(heading "${name}" "${value}")
  roff(description "${description}")
  string(APPEND page ".TP\n${heading}\n${description}\n")
endforeach()

string(APPEND page ".SH COMMANDS\n")
set(section "")
foreach(path IN LISTS CLI_COMMAND_PATHS)
  # A subcommand is listed under its group's section.
  string(REGEX REPLACE "^(commands:[0-9]+).*" "\\1" top "${path}")
  cli_get(command_section "${top}" section)
  if(NOT command_section STREQUAL section)
    set(section "${command_section}")
    roff(section_text "${section}")
    string(APPEND page ".SS \"${section_text}\"\n")
  endif()
  cli_get(synopsis "${path}" synopsis)
  cli_get(description "${path}" description)
  roff(synopsis "${synopsis}")
  roff(description "${description}")
  string(APPEND page ".TP\n\\fBtrainyard\\-cli ${synopsis}\\fR\n${description}\n")
  cli_length(argument_count "${path}" arguments)
  cli_length(option_count "${path}" options)
  if(argument_count GREATER 0 OR option_count GREATER 0)
    string(APPEND page ".RS\n")
    if(argument_count GREATER 0)
      math(EXPR last "${argument_count} - 1")
      foreach(index RANGE ${last})
        cli_get(name "${path}" arguments ${index} name)
        cli_get(text "${path}" arguments ${index} description)
        roff(name "${name}")
        roff(text "${text}")
        string(APPEND page ".TP\n\\fI${name}\\fR\n${text}\n")
      endforeach()
    endif()
    if(option_count GREATER 0)
      math(EXPR last "${option_count} - 1")
      foreach(index RANGE ${last})
        cli_get(name "${path}" options ${index} name)
        cli_get(value "${path}" options ${index} value)
        cli_get(text "${path}" options ${index} description)
        cli_get(default "${path}" options ${index} default)
        cli_get(repeatable "${path}" options ${index} repeatable)
        if(NOT default STREQUAL "")
          string(APPEND text " (default ${default})")
        endif()
        if(repeatable)
          string(APPEND text " (repeatable)")
        endif()
        roff_option(heading "${name}" "${value}")
        roff(text "${text}")
        string(APPEND page ".TP\n${heading}\n${text}\n")
      endforeach()
    endif()
    string(APPEND page ".RE\n")
  endif()
endforeach()

string(APPEND page ".SH ENVIRONMENT
.TP
.B TRAINYARD_WORKSPACE
The workspace when \\fB\\-\\-workspace\\fR is not given; without either, the per\\-user default workspace.
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
The operation failed, or a run waited for did not complete.
.TP
.B 2
Invalid input: an unknown command or option, a missing argument, an unknown run or target.
.SH SEE ALSO
The desktop application, \\fBtrainyard\\fR, works on the same workspaces.
")
file(WRITE "${OUTPUT}" "${page}")
execute_process(COMMAND gzip -9nc "${OUTPUT}" OUTPUT_FILE "${OUTPUT}.gz" RESULT_VARIABLE gzip_status)
if(NOT gzip_status EQUAL 0)
  message(FATAL_ERROR "gzip ${OUTPUT} failed (${gzip_status})")
endif()
