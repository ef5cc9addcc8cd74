# trainyard-wait.sh: sourced by trainyard-job.sh and trainyard-rank.sh (POSIX sh). Defines:
#   wait_for_exit PID   waits until PID, a child of this shell, has ended and sets $exit_status to its exit
#                       status. The wrappers' traps set signaled=1 when they catch a signal.
# A caught signal makes wait return at once with 128 + the signal's number, even when the child had ended
# in the meantime and the shell already holds its real status: so after a signal wait is asked again, which
# returns that status (or blocks while the child still runs). A 127 from that second wait says the status
# read before was already the child's own (the signal came right after wait had returned it).
wait_for_exit() { # PID
    exit_status=
    while :; do
        signaled=0
        wait "$1"
        waited=$?
        if [ "$waited" = 127 ] && [ -n "$exit_status" ]; then
            break
        fi
        exit_status=$waited
        [ "$signaled" = 1 ] || break
    done
}
