#!/bin/sh
# trainyard-job.sh: starts one job and records it, wherever the job runs (this machine, an SSH host, a
# Slurm batch script).  Usage: trainyard-job.sh RECORD_DIR WORK_DIR STDOUT STDERR PROGRAM [ARG]...
#
# RECORD_DIR/job.json   written once the job has started:
#                       {"pid":N,"start_time":T,"boot_id":"…","wrapper_pid":N,"wrapper_start_time":T}
#                       (start times are field 22 of /proc/PID/stat, clock ticks after boot)
# RECORD_DIR/exit.json  written when the job has ended: {"exit_status":N}; N > 128 means killed by
#                       signal N - 128, as the shell reports it
# Both are written atomically (a temporary file, then mv). The program and its arguments are only ever
# passed on as "$@": this shell never evaluates them. The wrapper stays the job's parent, so the exit
# status is recorded even when the supervisor that started it is gone; it exits with the job's status.
#
# While the job lives, trainyard_sample.py (beside this script) samples this node into RECORD_DIR/nodes/
# (CPU, memory, GPUs), run by $TRAINYARD_SAMPLE_PYTHON or else the first python3 or python on the PATH; it is
# best-effort: without an interpreter there are no samples and the job runs all the same. The sampler runs
# here, outside any container the job starts. TRAINYARD_SAMPLE_SECONDS sets its cadence (0: off).
#
# The program's stdout and stderr reach STDOUT and STDERR through trainyard_capture.py (beside this script,
# best-effort in the same way; see trainyard-capture.sh), which also records in RECORD_DIR/output-order.txt
# the order in which the two streams' bytes arrived. When STDOUT and STDERR are one file, the program writes
# to it directly.
set -uf
record_dir=$1
work_dir=$2
case $0 in
    */*) sampler=${0%/*}/trainyard_sample.py ;;
    *) sampler=./trainyard_sample.py ;;
esac
case $sampler in
    /*) ;;
    *) sampler=$PWD/$sampler ;; # the wrapper changes to the job's folder below
esac
capture=${sampler%/*}/trainyard_capture.py
capture_dir=$record_dir
out=$3
err=$4
shift 4

start_time_of() { # PID: sets start_time (and stat_pid, the pid the entry names: for "self")
    # Builtins only: no fork, so nothing this shell waits for can disturb what it reads.
    start_time=0
    stat_pid=0
    { IFS= read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 0
    stat_pid=${stat%% *}
    # The command name (field 2) may contain spaces and parentheses: count from the last ") ".
    rest=${stat##*) }
    set -- $rest
    shift 19
    start_time=${1:-0}
}

write_record() { # NAME CONTENT
    tmp="$record_dir/.$1.$$"
    (umask 077 && printf '%s\n' "$2" >"$tmp") && mv -f "$tmp" "$record_dir/$1"
}

cd "$work_dir" || exit 126
exec >>"$out" 2>>"$err" </dev/null
# The estimator's output_folders, made in ./outputs before the job starts so that a script can write into
# them at once. Names only (the estimator refuses '/', spaces and a leading '.'); noglob is on.
if [ -n "${TRAINYARD_OUTPUT_FOLDERS:-}" ]; then
    for name in $TRAINYARD_OUTPUT_FOLDERS; do
        mkdir -p "outputs/$name" || printf 'trainyard: cannot create outputs/%s\n' "$name" >&2
    done
fi
unset TRAINYARD_OUTPUT_FOLDERS
# start_capture and friends; without the file (an older runtime folder) the program writes to the logs itself.
start_capture() { :; }
capture_redirect() { :; }
capture_started() { :; }
finish_capture() { :; }
capture_functions=${sampler%/*}/trainyard-capture.sh
[ "$out" != "$err" ] && [ -f "$capture_functions" ] && . "$capture_functions"
start_capture
# Caught, not ignored: the job starts with the default actions, while the wrapper outlives a SIGTERM sent
# to the job's process group so that it can record how the job ended.
signaled=0
trap 'signaled=1' TERM INT HUP
start_time_of $$
wrapper_start_time=$start_time
boot_id=
{ IFS= read -r boot_id </proc/sys/kernel/random/boot_id; } 2>/dev/null || true
# The job records itself, then becomes the program: exec keeps its pid and start time. Read from the
# wrapper, a job that ends at once may already be reaped (the shell's waits collect any child) and its
# /proc entry gone.
(
    trap - TERM INT HUP # a cancel this early reaches the program: exec would give it the default actions too
    start_time_of self
    write_record job.json "{\"pid\":$stat_pid,\"start_time\":$start_time,\"boot_id\":\"$boot_id\",\"wrapper_pid\":$$,\"wrapper_start_time\":$wrapper_start_time}"
    # The run's environment (a venv, a conda prefix) goes in front of the PATH this machine gives the job.
    if [ -n "${TRAINYARD_PATH_PREFIX:-}" ]; then
        PATH=$TRAINYARD_PATH_PREFIX${PATH:+:$PATH}
        export PATH
    fi
    capture_redirect
    exec "$@"
) &
pid=$!
capture_started

# start_sampler and stop_sampler; without the file (an older runtime folder) the job runs unsampled.
start_sampler() { :; }
stop_sampler() { :; }
sampler_functions=${sampler%/*}/trainyard-sampler.sh
[ -f "$sampler_functions" ] && . "$sampler_functions"
. "${sampler%/*}/trainyard-wait.sh" # wait_for_exit: always shipped beside this script

start_sampler 8>&- # the capture's control pipe stays this shell's alone
wait_for_exit "$pid"
status=$exit_status
stop_sampler
finish_capture
write_record exit.json "{\"exit_status\":$status}"
exit "$status"
