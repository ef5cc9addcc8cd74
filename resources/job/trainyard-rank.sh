#!/bin/sh
# trainyard-rank.sh: runs one rank of a distributed job, under whichever launcher started it (mpirun on this
# machine or over SSH hosts, srun on Slurm, trainyard_launch.py for PyTorch).
# Usage: trainyard-rank.sh RECORD_DIR PROGRAM [ARG]...
#
# The rank is the first of OMPI_COMM_WORLD_RANK, PMIX_RANK, SLURM_PROCID, RANK that is set. RANK, WORLD_SIZE,
# LOCAL_RANK and NODE_RANK are set when missing (LOCAL_RANK and NODE_RANK from TRAINYARD_PROCESSES_PER_NODE,
# ranks being placed node after node, so several "nodes" may share one machine).
# Rank 0 writes RECORD_DIR/stdout.log and stderr.log, rank r >= 1 RECORD_DIR/ranks/<r>/stdout.log and
# stderr.log. Helper metrics: rank 0 keeps TRAINYARD_METRICS_FILE; rank r >= 1 writes
# RECORD_DIR/ranks/<r>/helper-metrics.jsonl when TRAINYARD_METRICS_FROM_ALL_RANKS=1, and to /dev/null otherwise.
# When the program has ended, RECORD_DIR/ranks/<r>/exit.json {"rank":r,"exit_status":N,"node":"host"} is
# written atomically (N > 128: killed by signal N - 128) and this script exits with N.
# Like the job wrapper, it passes the program's stdout and stderr through trainyard_capture.py when Python is
# there (see trainyard-capture.sh), which records their order in output-order.txt beside the rank's logs.
# The program and its arguments are only ever passed on as "$@". A TERM, INT or HUP sent to this script (the
# launcher stopping the ranks) is passed on to the program, which is waited for so that its end is recorded.
set -uf
record_dir=$1
shift
case $0 in
    */*) sampler=${0%/*}/trainyard_sample.py ;;
    *) sampler=./trainyard_sample.py ;;
esac
case $sampler in
    /*) ;;
    *) sampler=$PWD/$sampler ;;
esac
# The first rank of each node samples that node (the job wrapper's sampler covers only the batch host).
start_sampler() { :; }
stop_sampler() { :; }
sampler_functions=${sampler%/*}/trainyard-sampler.sh
[ -f "$sampler_functions" ] && . "$sampler_functions"
. "${sampler%/*}/trainyard-wait.sh" # wait_for_exit: always shipped beside this script

rank=${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${SLURM_PROCID:-${RANK:-}}}}
case $rank in
'' | *[!0-9]*)
    echo "trainyard-rank.sh: no rank (none of OMPI_COMM_WORLD_RANK, PMIX_RANK, SLURM_PROCID, RANK is a number)" >&2
    exit 2
    ;;
esac
per_node=${TRAINYARD_PROCESSES_PER_NODE:-}
case $per_node in '' | *[!0-9]* | 0) per_node= ;; esac

RANK=$rank
if [ -z "${WORLD_SIZE:-}" ]; then
    WORLD_SIZE=${OMPI_COMM_WORLD_SIZE:-${SLURM_NTASKS:-}}
    if [ -z "$WORLD_SIZE" ] && [ -n "$per_node" ]; then
        WORLD_SIZE=$((per_node * ${TRAINYARD_NODE_COUNT:-1}))
    fi
    WORLD_SIZE=${WORLD_SIZE:-1}
fi
if [ -z "${LOCAL_RANK:-}" ]; then
    if [ -n "$per_node" ]; then
        LOCAL_RANK=$((rank % per_node))
    else
        LOCAL_RANK=${OMPI_COMM_WORLD_LOCAL_RANK:-${SLURM_LOCALID:-0}}
    fi
fi
if [ -z "${NODE_RANK:-}" ]; then
    if [ -n "$per_node" ]; then
        NODE_RANK=$((rank / per_node))
    else
        NODE_RANK=${SLURM_NODEID:-0}
    fi
fi
export RANK WORLD_SIZE LOCAL_RANK NODE_RANK
if [ -n "$per_node" ] && [ -z "${LOCAL_WORLD_SIZE:-}" ]; then
    LOCAL_WORLD_SIZE=$per_node
    export LOCAL_WORLD_SIZE
fi

# PyTorch under srun: each task is one rank, the allocation's first node is the master.
if [ "${TRAINYARD_DISTRIBUTED:-}" = pytorch ] && [ -n "${SLURM_JOB_NODELIST:-}" ]; then
    if [ -z "${MASTER_ADDR:-}" ]; then
        MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" 2>/dev/null | head -n 1)
        export MASTER_ADDR
    fi
    if [ -z "${MASTER_PORT:-}" ]; then
        MASTER_PORT=$((20000 + ${SLURM_JOB_ID:-0} % 20000))
        export MASTER_PORT
    fi
fi

rank_dir=$record_dir/ranks/$rank
mkdir -p "$rank_dir" || exit 126
if [ "$rank" = 0 ]; then
    out=$record_dir/stdout.log
    err=$record_dir/stderr.log
else
    out=$rank_dir/stdout.log
    err=$rank_dir/stderr.log
    if [ "${TRAINYARD_METRICS_FROM_ALL_RANKS:-0}" = 1 ]; then
        TRAINYARD_METRICS_FILE=$rank_dir/helper-metrics.jsonl
        export TRAINYARD_METRICS_FILE
    else
        # Metrics come from rank 0 only. Without any file the helper would print its metrics to the rank's
        # stdout instead, as it does outside Trainyard.
        TRAINYARD_METRICS_FILE=/dev/null
        export TRAINYARD_METRICS_FILE
    fi
fi

node=
{ IFS= read -r node </proc/sys/kernel/hostname; } 2>/dev/null || node=$(uname -n)

write_exit() { # STATUS
    tmp="$rank_dir/.exit.json.$$"
    (umask 077 && printf '{"rank":%s,"exit_status":%s,"node":"%s"}\n' "$rank" "$1" "$node" >"$tmp") &&
        mv -f "$tmp" "$rank_dir/exit.json"
}

exec >>"$out" 2>>"$err" </dev/null
start_capture() { :; }
capture_redirect() { :; }
capture_started() { :; }
finish_capture() { :; }
capture=${sampler%/*}/trainyard_capture.py
capture_dir=${out%/*}
[ -f "${sampler%/*}/trainyard-capture.sh" ] && . "${sampler%/*}/trainyard-capture.sh"
start_capture
# A signal before the program runs is kept and passed on once it does; later ones are passed on at once.
pending=
trap 'pending=TERM' TERM
trap 'pending=INT' INT
trap 'pending=HUP' HUP
(
    trap - TERM INT HUP # the program gets the default actions back (an async list would ignore INT)
    capture_redirect
    exec "$@"
) &
pid=$!
capture_started
signaled=0
trap 'signaled=1; kill -s TERM "$pid" 2>/dev/null' TERM
trap 'signaled=1; kill -s INT "$pid" 2>/dev/null' INT
trap 'signaled=1; kill -s HUP "$pid" 2>/dev/null' HUP
if [ -n "$pending" ]; then
    kill -s "$pending" "$pid" 2>/dev/null
fi
sampler_pid=
[ "$LOCAL_RANK" = 0 ] && start_sampler 8>&-
wait_for_exit "$pid"
status=$exit_status
stop_sampler
finish_capture
write_exit "$status"
exit "$status"
