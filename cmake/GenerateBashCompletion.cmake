# cmake -DCLI=build/app/trainyard-cli -DOUTPUT=trainyard-cli.bash -P cmake/GenerateBashCompletion.cmake
# Writes the bash completion of trainyard-cli from the program's own help (`trainyard-cli --json help`):
# command names, a group's subcommand words, each command's options, directories after --workspace and file
# names for arguments and option values. Run by packaging/CMakeLists.txt after every build of trainyard-cli.
include(${CMAKE_CURRENT_LIST_DIR}/ReadCliDescription.cmake)

set(commands "help")
set(group_cases "")
set(option_cases "")
set(value_cases "")
string(JSON global_count LENGTH "${CLI_JSON}" global_options)
math(EXPR last_global "${global_count} - 1")
set(global_options "")
foreach(index RANGE ${last_global})
  string(JSON name GET "${CLI_JSON}" global_options ${index} name)
  string(APPEND global_options " ${name}")
endforeach()
string(STRIP "${global_options}" global_options)

math(EXPR last_command "${command_count} - 1")
foreach(index RANGE ${last_command})
  string(JSON name GET "${CLI_JSON}" commands ${index} name)
  string(APPEND commands " ${name}")
  cli_length(sub_count "commands:${index}" subcommands)
  if(sub_count GREATER 0)
    set(words "")
    math(EXPR last_sub "${sub_count} - 1")
    foreach(sub RANGE ${last_sub})
      cli_get(word "commands:${index}" subcommands ${sub} word)
      string(APPEND words " ${word}")
    endforeach()
    string(STRIP "${words}" words)
    string(APPEND group_cases "        ${name}) printf '%s' '${words}' ;;\n")
  endif()
endforeach()

foreach(path IN LISTS CLI_COMMAND_PATHS)
  # The key the completion function builds from the words typed: "submit", or "targets add".
  cli_get(key "${path}" name)
  if(path MATCHES "subcommands")
    string(REGEX REPLACE "^(commands:[0-9]+).*" "\\1" top "${path}")
    cli_get(group "${top}" name)
    cli_get(word "${path}" word)
    set(key "${group} ${word}")
  endif()
  cli_length(option_count "${path}" options)
  set(options "--help")
  set(value_options "")
  if(option_count GREATER 0)
    math(EXPR last "${option_count} - 1")
    foreach(option RANGE ${last})
      cli_get(name "${path}" options ${option} name)
      cli_get(value "${path}" options ${option} value)
      string(APPEND options " ${name}")
      if(NOT value STREQUAL "")
        string(APPEND value_options " ${name}")
      endif()
    endforeach()
  endif()
  string(STRIP "${value_options}" value_options)
  # A group's subcommand named like the group also runs for the group alone (`environments --target T`).
  set(pattern "'${key}'")
  cli_get(name "${path}" name)
  if(path MATCHES "subcommands" AND name STREQUAL group)
    set(pattern "'${key}'|'${group}'")
  endif()
  string(APPEND option_cases "        ${pattern}) printf '%s' '${options}' ;;\n")
  if(NOT value_options STREQUAL "")
    string(APPEND value_cases "        ${pattern}) printf '%s' '${value_options}' ;;\n")
  endif()
endforeach()

string(JSON version GET "${CLI_JSON}" version)
file(WRITE "${OUTPUT}" "# bash completion for trainyard-cli ${version}
# Generated from `trainyard-cli --json help` by cmake/GenerateBashCompletion.cmake; do not edit.

# The subcommand words of a command group; nothing for a plain command.
_trainyard_cli_group_words()
{
    case \$1 in
${group_cases}    esac
}

# The options of a command (\"submit\", \"targets add\").
_trainyard_cli_options()
{
    case \$1 in
${option_cases}    esac
}

# The options of a command that take a value.
_trainyard_cli_value_options()
{
    case \$1 in
${value_cases}    esac
}

_trainyard_cli()
{
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=\"\"
    local key=\"\" group=\"\" word i
    [ \"\$COMP_CWORD\" -gt 0 ] && prev=\${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    # The command typed so far (and a group's subcommand), skipping options and the values of those that
    # take one.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=\${COMP_WORDS[i]}
        case \$word in
            --workspace) ((i++)); continue ;;
            -*)
                if [ -n \"\$key\" ] && [[ \" \$(_trainyard_cli_value_options \"\$key\") \" == *\" \$word \"* ]]; then
                    ((i++))
                fi
                continue ;;
        esac
        if [ -z \"\$key\" ]; then
            key=\$word
            [ -n \"\$(_trainyard_cli_group_words \"\$word\")\" ] && group=\$word
        elif [ -n \"\$group\" ] && [ \"\$key\" = \"\$group\" ]; then
            key=\"\$group \$word\"
        elif [ \"\$key\" = help ]; then
            key=\"help \$word\"
        fi
    done

    if [ \"\$prev\" = --workspace ]; then
        compopt -o filenames 2>/dev/null
        local IFS=\$'\\n'
        COMPREPLY=(\$(compgen -d -- \"\$cur\"))
        return 0
    fi
    if [ -n \"\$key\" ] && [[ \" \$(_trainyard_cli_value_options \"\$key\") \" == *\" \$prev \"* ]]; then
        compopt -o filenames 2>/dev/null
        local IFS=\$'\\n'
        COMPREPLY=(\$(compgen -f -- \"\$cur\"))
        return 0
    fi
    if [[ \$cur == -* ]]; then
        COMPREPLY=(\$(compgen -W \"\$(_trainyard_cli_options \"\$key\") ${global_options}\" -- \"\$cur\"))
        return 0
    fi
    case \$key in
        \"\") COMPREPLY=(\$(compgen -W '${commands}' -- \"\$cur\")) ;;
        help) COMPREPLY=(\$(compgen -W '${commands}' -- \"\$cur\")) ;;
        \"help \"*) COMPREPLY=(\$(compgen -W \"\$(_trainyard_cli_group_words \"\${key#help }\")\" -- \"\$cur\")) ;;
        *)
            if [ -n \"\$group\" ] && [ \"\$key\" = \"\$group\" ]; then
                COMPREPLY=(\$(compgen -W \"\$(_trainyard_cli_group_words \"\$group\")\" -- \"\$cur\"))
            else
                compopt -o filenames 2>/dev/null
                local IFS=\$'\\n'
                COMPREPLY=(\$(compgen -f -- \"\$cur\"))
            fi ;;
    esac
    return 0
}
complete -F _trainyard_cli trainyard-cli
")
