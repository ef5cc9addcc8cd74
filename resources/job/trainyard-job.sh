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
set -uf
record_dir=$1
work_dir=$2
out=$3
err=$4
shift 4

start_time_of() {
    # The command name (field 2) may contain spaces and parentheses: count from the last ") ".
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { printf 0; return; }
    rest=${stat##*) }
    set -- $rest
    shift 19
    printf '%s' "${1:-0}"
}

write_record() { # NAME CONTENT
    tmp="$record_dir/.$1.$$"
    (umask 077 && printf '%s\n' "$2" >"$tmp") && mv -f "$tmp" "$record_dir/$1"
}

cd "$work_dir" || exit 126
exec >>"$out" 2>>"$err" </dev/null
# Caught, not ignored: the job starts with the default actions, while the wrapper outlives a SIGTERM sent
# to the job's process group so that it can record how the job ended.
signaled=0
trap 'signaled=1' TERM INT HUP
"$@" &
pid=$!
boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || true)
write_record job.json "{\"pid\":$pid,\"start_time\":$(start_time_of "$pid"),\"boot_id\":\"$boot_id\",\"wrapper_pid\":$$,\"wrapper_start_time\":$(start_time_of $$)}"
while :; do
    signaled=0
    wait "$pid"
    status=$?
    # A caught signal interrupts wait while the job (perhaps a zombie by now) is still there: wait again.
    if [ "$signaled" = 1 ] && kill -0 "$pid" 2>/dev/null; then
        continue
    fi
    break
done
write_record exit.json "{\"exit_status\":$status}"
exit "$status"
