# trainyard-sampler.sh: sourced by trainyard-job.sh and trainyard-rank.sh (POSIX sh), which set
# $sampler (the path of trainyard_sample.py beside them), $record_dir (the run's system folder as this node
# sees it) and $pid (the program they started). Defines:
#   start_sampler   in the background, after the program started (its start never waits for Python): the
#                   sampler for this node, run by $TRAINYARD_SAMPLE_PYTHON, python3 or python (none: nothing);
#                   TRAINYARD_SAMPLE_SECONDS=0 turns it off. Sets $sampler_pid.
#   stop_sampler    SIGTERM to it once the program ended, only while it is still this shell's child (the
#                   shell's waits may have reaped an early exit and its pid be another process's by now).
# A second sampler of the same node steps aside by itself (a flock in trainyard_sample.py), so every rank
# wrapper of a node may start one.
start_sampler() { # after the job: the job's start never waits for a Python start
    sampler_pid=
    [ "${TRAINYARD_SAMPLE_SECONDS:-5}" != 0 ] && [ -f "$sampler" ] || return 0
    # The interpreter is looked up in the child, which becomes the sampler (or ends quietly without one).
    (
        trap - TERM INT HUP
        for candidate in "${TRAINYARD_SAMPLE_PYTHON:-}" python3 python; do
            [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 &&
                exec "$candidate" "$sampler" --record-dir "$record_dir" --pid "$pid"
        done
        exit 0
    ) </dev/null >/dev/null 2>>"$record_dir/sampler.log" &
    sampler_pid=$!
}

stop_sampler() { # only while the pid is still this shell's child: the shell's waits may have reaped it early
    [ -n "$sampler_pid" ] || return 0
    stat=
    { IFS= read -r stat <"/proc/$sampler_pid/stat"; } 2>/dev/null || return 0
    rest=${stat##*) }
    set -- $rest
    [ "${2:-}" = "$$" ] && kill -TERM "$sampler_pid" 2>/dev/null
    return 0
}
