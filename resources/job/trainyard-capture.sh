# trainyard-capture.sh: sourced by trainyard-job.sh and trainyard-rank.sh (POSIX sh), after their stdout and
# stderr were opened on the logs. They set $capture (the path of trainyard_capture.py beside it) and
# $capture_dir (the folder of those two logs, where the record goes). Defines:
#   start_capture   before the program starts: pipes for the program's stdout and stderr, read by
#                   trainyard_capture.py (run by $TRAINYARD_SAMPLE_PYTHON, python3 or python), which copies
#                   them into the two logs and writes CAPTURE_DIR/output-order.txt, the order in which their
#                   bytes arrived. Leaves fd 6 and 7 (the pipes' write ends) and 8 (the control pipe's write
#                   end) open in this shell and sets $capture_pid; without an interpreter, without mkfifo or
#                   with TRAINYARD_CAPTURE=0 it does nothing and the program writes to the logs itself, as
#                   before (a viewer then shows the two streams one after the other).
#   capture_redirect   in the job's subshell, right before exec: stdout and stderr to the pipes, and no
#                   descriptor of the capture left open in the program.
#   capture_started    in this shell, once the job's subshell is started: closes the pipes' write ends here.
#   finish_capture  once the program ended: closes the control pipe and waits until everything it wrote is
#                   in the logs, so exit.json is only written after the last line.
# The FIFOs are only the way a POSIX shell gets pipes: each is opened at both ends at once (Linux opens a
# FIFO for reading and writing without waiting for the other end), then removed.
capture_pid=
start_capture() {
    [ "${TRAINYARD_CAPTURE:-1}" != 0 ] && [ -f "$capture" ] || return 0
    capture_python=
    for candidate in "${TRAINYARD_SAMPLE_PYTHON:-}" python3 python; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
            capture_python=$candidate
            break
        fi
    done
    [ -n "$capture_python" ] || return 0
    fifos=$capture_dir/.capture.$$
    rm -rf "$fifos" 2>/dev/null
    (umask 077 && mkdir "$fifos") 2>/dev/null || return 0
    if ! mkfifo "$fifos/out" "$fifos/err" "$fifos/control" 2>/dev/null ||
        ! { exec 9<>"$fifos/out"; } 2>/dev/null; then
        rm -rf "$fifos"
        return 0
    fi
    exec 3<"$fifos/out" 6>"$fifos/out" 9<&-
    exec 9<>"$fifos/err"
    exec 4<"$fifos/err" 7>"$fifos/err" 9<&-
    exec 9<>"$fifos/control"
    exec 5<"$fifos/control" 8>"$fifos/control" 9<&-
    rm -rf "$fifos"
    # Ignored here, so that a cancel arriving before Python installed its own dispositions leaves it alone.
    (
        trap '' TERM INT HUP
        exec "$capture_python" "$capture" "$capture_dir/output-order.txt" 6>&- 7>&- 8>&-
    ) </dev/null &
    capture_pid=$!
    exec 3<&- 4<&- 5<&-
}

capture_redirect() {
    if [ -n "$capture_pid" ]; then
        exec >&6 2>&7
    fi
    exec 6>&- 7>&- 8>&-
}

capture_started() {
    [ -n "$capture_pid" ] && exec 6>&- 7>&-
    return 0
}

finish_capture() {
    [ -n "$capture_pid" ] || return 0
    exec 8>&-
    wait_for_exit "$capture_pid" # see trainyard-wait.sh
    return 0
}
