# trainyard_sample.py: samples one node of a live run (standard library only, Python 3.6+) and appends one
# JSON line per sample to RECORD_DIR/nodes/<node>.jsonl:
#   {"t": unix_seconds, "cpu_percent": x, "memory_used_mb": y, "memory_total_mb": z,
#    "gpus": [{"index": 0, "utilization_percent": u, "memory_used_mb": m, "power_w": p}, ...]}
# CPU % is the whole node's, from /proc/stat deltas; memory from /proc/meminfo (used = MemTotal - MemAvailable);
# GPUs from `nvidia-smi` when it is on the PATH (a value nvidia-smi reports as [N/A] is null). Trainyard
# stores the lines as the metrics system/<node>/cpu_percent, .../memory_used_mb, .../memory_total_mb,
# .../gpu<i>/utilization_percent, .../gpu<i>/memory_used_mb and .../gpu<i>/power_w.
#
# Usage: python3 trainyard_sample.py --record-dir DIR --pid PID [--node NAME] [--seconds S]
#   --record-dir  the run's system/ folder as this node sees it (the job wrapper's RECORD_DIR)
#   --pid         samples while this process lives (its start time is checked, so a reused pid does not count)
#   --node        the node's name; default: the short host name
#   --seconds     cadence; default $TRAINYARD_SAMPLE_SECONDS, else 5. The first sample is taken at once.
# It also stops when RECORD_DIR/exit.json appears (the run's job has ended), on SIGTERM, SIGINT or SIGHUP,
# and at once when another sampler already samples the same node into the same folder (an exclusive flock on
# the .jsonl), so starting one per rank is harmless: one per node samples.
#
# How the job wrapper (trainyard-job.sh) starts it, and how a rank wrapper on another node should: in the
# background, right after the program has started, as a best-effort extra that must never hold up or change
# the job: the interpreter is looked up in the background child itself ($TRAINYARD_SAMPLE_PYTHON, the target's
# python, then python3, then python; none: no sampler), stdin from /dev/null, its errors to a log file:
#     ( for py in "${TRAINYARD_SAMPLE_PYTHON:-}" python3 python; do
#           [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 &&
#               exec "$py" "$job_dir/trainyard_sample.py" --record-dir "$record_dir" --pid "$program_pid"
#       done ) </dev/null >/dev/null 2>>"$record_dir/sampler.log" &
#     sampler_pid=$!
# ($job_dir: the folder of trainyard-job.sh and this file; $record_dir: the run's system/ folder as that node
# sees it, shared with the batch host on Slurm.) A rank wrapper does this for its node's first rank only
# (LOCAL_RANK 0; the flock makes a second one harmless anyway), passes its program's pid, and, like the job
# wrapper, sends the sampler SIGTERM once its program ended, before it records anything (after checking that
# /proc/$sampler_pid/stat still names it as the parent, since the shell may have reaped an early exit). No
# python on the node: no sampler, the job runs anyway.
# TRAINYARD_SAMPLE_SECONDS=0 turns sampling off.
#
# Cost: the sampler sleeps between samples (one liveness check per second); GPUs are read by one long-lived
# `nvidia-smi --loop-ms` child instead of a new nvidia-smi (a whole NVML start) per sample.
import argparse
import errno
import fcntl
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time

GPU_FIELDS = "index,utilization.gpu,memory.used,power.draw"


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop()


def node_name():
    name = socket.gethostname().split(".")[0]
    name = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return name or "node"


def start_time_of(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return None
    try:
        return int(data[data.rindex(")") + 2:].split()[19])
    except (ValueError, IndexError):
        return None


def cpu_times():
    with open("/proc/stat") as f:
        fields = f.readline().split()
    values = [int(v) for v in fields[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
    values = values[:8]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values), idle


def memory_mb():
    info = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("MemTotal", "MemAvailable", "MemFree", "Buffers", "Cached"):
                info[key] = int(rest.split()[0])
    total = info.get("MemTotal", 0)
    available = info.get("MemAvailable")
    if available is None:  # kernels before 3.14
        available = info.get("MemFree", 0) + info.get("Buffers", 0) + info.get("Cached", 0)
    return (total - available) / 1024.0, total / 1024.0


def number(text):
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        return None  # "[N/A]", "[Not Supported]"
    return value if value == value else None


def parse_gpu_line(line):
    parts = line.split(",")
    if len(parts) < 4:
        return None
    try:
        index = int(parts[0].strip())
    except ValueError:
        return None
    return {"index": index, "utilization_percent": number(parts[1]), "memory_used_mb": number(parts[2]),
            "power_w": number(parts[3])}


def find_program(name):
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class GpuReader:
    """The latest reading of each GPU from one `nvidia-smi --loop-ms` child."""

    def __init__(self, interval):
        self.interval_ms = max(100, int(interval * 1000))
        self.program = find_program("nvidia-smi")
        self.process = None
        self.buffer = b""
        self.latest = {}
        self.last_start = 0.0

    def start(self):
        if self.program is None or time.time() - self.last_start < 60:
            return
        self.last_start = time.time()
        try:
            self.process = subprocess.Popen(
                [self.program, "--query-gpu=" + GPU_FIELDS, "--format=csv,noheader,nounits",
                 "--loop-ms=%d" % self.interval_ms],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self.program = None
            return
        os.set_blocking(self.process.stdout.fileno(), False)

    def read(self, wait):
        """What nvidia-smi printed so far; waits up to `wait` seconds for a first reading."""
        if self.program is None:
            return []
        if self.process is None:
            self.start()
            if self.process is None:
                return []
        deadline = time.time() + wait
        while True:
            fd = self.process.stdout.fileno()
            ready = select.select([fd], [], [], max(0.0, deadline - time.time()) if not self.latest else 0)[0]
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError as error:
                if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                    break
                chunk = b""
            if not chunk:
                # nvidia-smi ended (no driver, a stand-in that printed once): tried again a minute later.
                self.stop()
                break
            self.buffer += chunk
            *lines, self.buffer = self.buffer.split(b"\n")
            for line in lines:
                gpu = parse_gpu_line(line.decode("utf-8", "replace"))
                if gpu is not None:
                    self.latest[gpu["index"]] = gpu
            if len(self.buffer) > 65536:
                self.buffer = b""
        return [self.latest[i] for i in sorted(self.latest)]

    def stop(self):
        if self.process is not None:
            try:
                self.process.kill()
            except OSError:
                pass
            try:
                self.process.wait(timeout=2)
            except Exception:
                pass
            self.process = None


def main():
    parser = argparse.ArgumentParser(description="samples this node while a run's job lives")
    parser.add_argument("--record-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--node", default=None)
    parser.add_argument("--seconds", type=float, default=None)
    options = parser.parse_args()
    seconds = options.seconds
    if seconds is None:
        try:
            seconds = float(os.environ.get("TRAINYARD_SAMPLE_SECONDS", "5"))
        except ValueError:
            seconds = 5.0
    if not seconds > 0:
        return 0
    seconds = max(seconds, 0.2)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    watched_start = start_time_of(options.pid)
    if watched_start is None:
        return 0  # the job ended before the sampler started
    exit_record = os.path.join(options.record_dir, "exit.json")
    node = options.node or node_name()
    folder = os.path.join(options.record_dir, "nodes")
    os.makedirs(folder, 0o700, exist_ok=True)
    fd = os.open(os.path.join(folder, node + ".jsonl"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # this node is sampled already

    def job_lives():
        return start_time_of(options.pid) == watched_start and not os.path.exists(exit_record)

    gpus = GpuReader(seconds)
    try:
        previous = cpu_times()
        # The first sample at once: CPU % needs two readings, a short time apart.
        time.sleep(0.25)
        next_sample = time.time()
        while job_lives():
            now = time.time()
            if now >= next_sample:
                total, idle = cpu_times()
                delta = total - previous[0]
                cpu = 100.0 * (delta - (idle - previous[1])) / delta if delta > 0 else 0.0
                previous = (total, idle)
                used, mem_total = memory_mb()
                sample = {"t": round(now, 3), "cpu_percent": round(min(max(cpu, 0.0), 100.0), 2),
                          "memory_used_mb": round(used, 1), "memory_total_mb": round(mem_total, 1)}
                # The first reading of a freshly started nvidia-smi is waited for (briefly), later ones not.
                readings = gpus.read(wait=2.0 if not gpus.latest else 0)
                if readings:
                    sample["gpus"] = readings
                if not job_lives():
                    break  # nothing after the job's end: its records are final
                # One write of a whole line: a reader never sees half of one, even with the sampler stopped.
                os.write(fd, (json.dumps(sample, separators=(",", ":")) + "\n").encode())
                next_sample += seconds
                if next_sample < now:
                    next_sample = now + seconds
            time.sleep(max(0.0, min(1.0, next_sample - time.time())))
    except Stop:
        pass
    finally:
        gpus.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Stop:
        sys.exit(0)
