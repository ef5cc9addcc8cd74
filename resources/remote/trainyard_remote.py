# trainyard_remote.py: the remote side of an SSH compute target. Trainyard installs it once per version in
# <working folder>/bin/ and runs it over the target's multiplexed SSH connection, one subcommand per call:
#
#   probe WORKDIR                 machine report (JSON): OS, CPUs, memory, Python, free disk, GPUs, writable
#   upload WORKDIR DEST MODE CLEAR  one session: which objects the store lacks, those objects, then DEST built
#                                 from hard links into the store (see cmd_upload)
#   start RUNDIR                  stdin JSON {wrapper, argv, env, work_dir} -> the job, detached (JSON answer)
#   status RUNDIR                 JSON: the job's record, its exit status, whether its wrapper still lives
#   watch RUNDIR [elsewhere]      stdin JSON {relative path: offset} -> stream of appended bytes and status;
#                                 elsewhere: the job runs on other machines (a Slurm job seen from its login
#                                 node), so its pids say nothing here and only its exit record ends the stream
#   submit RUNDIR                 stdin JSON {script, argv, env, work_dir} -> the run folder made ready, the
#                                 script written to RUNDIR/system/job.sbatch, argv (sbatch) run with env; its
#                                 output and exit status passed on
#   signal RUNDIR SIGNAL WHO      WHO: group (the job's process group and every process of the run) | leftovers
#   send RUNDIR                   stdin JSON [[relative path, offset], ...] -> frames of those files' bytes
#   cat RUNDIR PATH OFFSET        one file's bytes from OFFSET, raw (large outputs)
#   collect RUNDIR                the run's leftover processes killed, then `list` of work/outputs, work/logs
#   list RUNDIR FOLDER...         JSON: files under the given run-relative folders, with sizes
#   cleanup RUNDIR POLICY STATUS  removes the run's folder per the target's cleanup policy
#   env-tool RUNTIME              stdin JSON request -> RUNTIME/env/trainyard_env.py run with this interpreter,
#                                 its output (stderr merged) streamed through, its exit status passed on
#
# Every argument arrives as its own argv entry (Trainyard quotes each for the remote shell); nothing here
# hands a value to a shell. Standard library only, Python 3.6 or later.
import json
import os
import signal
import stat
import sys
import time

try:
    from urllib.parse import quote as _quote, unquote as _unquote
except ImportError:  # pragma: no cover
    from urllib import quote as _quote, unquote as _unquote

EPOCH_MARK = 1000000000  # every stored object has this mtime: a write through a hard link changes it


def fail(message, code=1):
    sys.stderr.write("trainyard-remote: %s\n" % message)
    sys.stderr.flush()
    sys.exit(code)


def disk_error(error, what):
    import errno
    if getattr(error, "errno", None) == errno.ENOSPC:
        fail("remote disk full while writing %s (%s)" % (what, error), 28)
    if getattr(error, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        fail("remote folder not writable: %s (%s)" % (what, error), 13)
    fail("cannot write %s: %s" % (what, error))


def out():
    return sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout


def inp():
    return sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin


def object_path(workdir, digest, executable):
    return os.path.join(workdir, "store", "objects", digest[:2], digest[2:] + (".x" if executable else ""))


def object_intact(path, size):
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == size and int(st.st_mtime) == EPOCH_MARK


# ---------------------------------------------------------------------------------------------------- probe

def cmd_probe(workdir):
    report = {"python": sys.version.split()[0], "python_executable": sys.executable}
    uname = os.uname()
    report["os"] = "%s %s %s" % (uname.sysname, uname.release, uname.machine)
    report["hostname"] = uname.nodename
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    report["os"] = line.split("=", 1)[1].strip().strip('"') + " (" + uname.release + ")"
    except OSError:
        pass
    report["cpus"] = os.cpu_count() or 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    report["memory_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        os.makedirs(workdir, 0o700, exist_ok=True)
        probe = os.path.join(workdir, ".write-test-%d" % os.getpid())
        with open(probe, "w") as f:
            f.write("ok")
        os.remove(probe)
        report["writable"] = True
    except OSError as error:
        report["writable"] = False
        report["write_error"] = str(error)
    try:
        st = os.statvfs(workdir)
        report["free_bytes"] = st.f_bavail * st.f_frsize
    except OSError:
        pass
    report["workdir"] = os.path.abspath(workdir)
    gpus = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        smi = os.path.join(folder, "nvidia-smi")
        if os.access(smi, os.X_OK):
            import subprocess
            try:
                text = subprocess.check_output([smi, "--query-gpu=name,memory.total", "--format=csv,noheader"],
                                               stderr=subprocess.DEVNULL, timeout=20).decode("utf-8", "replace")
                for line in text.splitlines():
                    if "," in line:
                        name, memory = line.rsplit(",", 1)
                        gpus.append({"name": name.strip(), "memory": memory.strip()})
            except Exception:
                pass
            break
    report["gpus"] = gpus
    out().write((json.dumps(report) + "\n").encode())


# ---------------------------------------------------------------------------------------------------- upload

def generation_path(workdir):
    return os.path.join(workdir, "store", "generation")


def store_generation(workdir):
    # Bumped whenever an object is replaced (one found changed): spares linked to the old inode are stale.
    try:
        with open(generation_path(workdir)) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def bump_generation(workdir):
    path = generation_path(workdir)
    with open(path + ".%d" % os.getpid(), "w") as f:
        f.write(str(store_generation(workdir) + 1))
    os.rename(path + ".%d" % os.getpid(), path)


def missing_objects(workdir, lines):
    result = []
    for line in lines:
        parts = line.split()
        if len(parts) != 3:
            continue
        digest, size, executable = parts[0], int(parts[1]), parts[2] == "1"
        if not object_intact(object_path(workdir, digest, executable), size):
            result.append(line.strip())
    return result


def lay_out(workdir, building, lines, pending=None):
    # The manifest's folders and symlinks in `building`, and a hard link for every file whose object the
    # store holds intact. The others go to pending (object key -> paths) to be written as they arrive, or,
    # without pending, are an error.
    os.makedirs(building, 0o700)
    made = set()
    for raw in lines:
        if not raw.strip():
            continue
        entry = json.loads(raw.decode())
        path = os.path.join(building, entry["path"])
        folder = os.path.dirname(path)
        if folder not in made and not os.path.isdir(folder):
            os.makedirs(folder, 0o700)
        made.add(folder)
        if entry.get("symlink"):
            os.symlink(entry["symlink"], path)
            continue
        executable = entry.get("exec", False)
        source = object_path(workdir, entry["hash"], executable)
        key = "%s %d %s" % (entry["hash"], entry["size"], "1" if executable else "0")
        if pending is not None and (key in pending or not object_intact(source, entry["size"])):
            pending.setdefault(key, []).append(path)
        elif object_intact(source, entry["size"]):
            os.link(source, path)
        else:
            fail("the remote store lacks %s for %s" % (entry["hash"], entry["path"]), 4)


def build_tree(workdir, dest, lines):
    # Built beside its final place and renamed, so a dropped connection never leaves a half-made copy.
    building = "%s.building-%d" % (dest, os.getpid())
    try:
        os.makedirs(os.path.dirname(os.path.abspath(dest)), 0o700, exist_ok=True)
        lay_out(workdir, building, lines)
        os.rename(building, dest)
    except OSError as error:
        disk_error(error, dest)


SPARES_KEPT = 4  # snapshots whose next run finds its folder ready


def spare_dir(workdir, snapshot):
    return os.path.join(workdir, "spares", snapshot)


def take_spare(workdir, snapshot, dest):
    # A spare is complete once it is in spares/<snapshot>/ready; whoever renames it away first has it.
    folder = spare_dir(workdir, snapshot)
    ready = os.path.join(folder, "ready")
    try:
        with open(os.path.join(folder, "generation")) as f:
            if int(f.read().strip()) != store_generation(workdir):
                return False
    except (OSError, ValueError):
        return False
    try:
        os.makedirs(os.path.dirname(os.path.abspath(dest)), 0o700, exist_ok=True)
        os.rename(ready, dest)
        return True
    except OSError:
        return False


def make_spare_in_background(workdir, snapshot, lines, fresh):
    # The next run of the same snapshot takes a ready folder instead of linking the whole tree again. Made
    # by a detached child at the lowest priority, after this session has answered.
    if os.fork() != 0:
        return
    try:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.nice(19)
        import shutil
        link_into_store(workdir, fresh)
        if snapshot == "-":
            os._exit(0)
        folder = spare_dir(workdir, snapshot)
        ready = os.path.join(folder, "ready")
        generation = store_generation(workdir)
        try:
            with open(os.path.join(folder, "generation")) as f:
                current = int(f.read().strip()) == generation
        except (OSError, ValueError):
            current = False
        if not current:
            shutil.rmtree(folder, ignore_errors=True)
        if not os.path.isdir(ready):
            os.makedirs(folder, 0o700, exist_ok=True)
            with open(os.path.join(folder, "generation"), "w") as f:
                f.write(str(generation))
            building = os.path.join(folder, "building-%d" % os.getpid())
            build_tree(workdir, building, lines)
            try:
                os.rename(building, ready)
            except OSError:
                shutil.rmtree(building, ignore_errors=True)
        spares = os.path.join(workdir, "spares")
        others = sorted((os.path.getmtime(os.path.join(spares, n)), n) for n in os.listdir(spares))
        for _, name in others[:-SPARES_KEPT]:
            shutil.rmtree(os.path.join(spares, name), ignore_errors=True)
    except BaseException:
        pass
    os._exit(0)


def link_into_store(workdir, fresh):
    # The objects that arrived were written straight into the run's folder; the store gets its hard links
    # afterwards. A file the run already changed or removed is skipped: it reads as missing next time.
    tmp_dir = os.path.join(workdir, "store", "tmp")
    os.makedirs(tmp_dir, 0o700, exist_ok=True)
    for key, path in fresh:
        digest, size, executable = key.split()
        final = object_path(workdir, digest, executable == "1")
        if not object_intact(path, int(size)) or object_intact(final, int(size)):
            continue
        tmp = os.path.join(tmp_dir, "%s.link-%d" % (digest, os.getpid()))
        try:
            os.makedirs(os.path.dirname(final), 0o700, exist_ok=True)
            os.link(path, tmp)
            if os.path.lexists(final):
                bump_generation(workdir)
            os.rename(tmp, final)
        except OSError:
            try:
                os.remove(tmp)
            except OSError:
                pass


def receive_into_tree(workdir, building, stream, pending):
    # Each arriving object is written at its first path in the folder being built (as rsync would write it)
    # and linked at its others; returns [(object key, path relative to the folder)] for the store.
    fresh = []
    while True:
        header = stream.readline()
        if not header:
            fail("the upload stream ended early")
        key = header.decode().strip()
        if key == "end":
            return fresh
        digest, size, executable = key.split()
        size = int(size)
        paths = pending.pop(key, None) or [os.path.join(building, ".orphan-" + digest)]
        tmp = os.path.join(building, ".receiving-%d" % os.getpid())
        try:
            with open(tmp, "wb") as f:
                left = size
                while left > 0:
                    chunk = stream.read(min(left, 1 << 20))
                    if not chunk:
                        fail("the upload stream ended inside an object")
                    f.write(chunk)
                    left -= len(chunk)
            os.chmod(tmp, 0o555 if executable == "1" else 0o444)
            os.utime(tmp, (EPOCH_MARK, EPOCH_MARK))
            os.rename(tmp, paths[0])
            for other in paths[1:]:
                os.link(paths[0], other)
        except OSError as error:
            disk_error(error, "the run's folder")
        fresh.append((key, os.path.relpath(paths[0], building)))


def cmd_upload(workdir, dest, mode, clear, snapshot="-"):
    # One session for a whole upload (each remote command costs a start of the account's shell):
    #   <- "exists" when mode is "shared" and dest is there already (complete: it is only ever renamed into place)
    #   -> "HASH SIZE EXEC" lines, then "."      <- the lines of the objects the store lacks, then "."
    #   -> the manifest's JSON lines, then "."   -> the lacking objects ("HASH SIZE EXEC\n<bytes>"), then "end"
    #   <- "ok" (or "ok spare": a spare folder was taken)
    # clear: a folder removed first (an earlier attempt of the same run), or "-". snapshot: for a private
    # dest, the snapshot's id, so that a spare made after the last run of it can be taken. Objects that
    # arrive go straight into dest and into the store afterwards, by a detached child that then makes the
    # next spare.
    import shutil
    stream = inp()
    answer = out()
    if mode == "shared" and os.path.isdir(dest):
        answer.write(b"exists\n")
        answer.flush()
        return
    if clear != "-":
        shutil.rmtree(clear, ignore_errors=True)

    def lines_until_dot():
        result = []
        while True:
            line = stream.readline()
            if not line:
                fail("the upload stream ended early")
            if line.strip() == b".":
                return result
            result.append(line)

    query = [line.decode() for line in lines_until_dot()]
    lacking = missing_objects(workdir, query)
    answer.write(("".join(line + "\n" for line in lacking) + ".\n").encode())
    answer.flush()
    lines = lines_until_dot()
    private = mode == "private" and snapshot != "-"
    # The store was checked above: every object is intact, so a spare's links (the same inodes) are too.
    if private and not lacking and take_spare(workdir, snapshot, dest):
        if stream.readline().strip() != b"end":
            fail("the upload stream ended early")
        answer.write(b"ok spare\n")
        answer.flush()
        make_spare_in_background(workdir, snapshot, lines, [])
        return
    building = "%s.building-%d" % (dest, os.getpid())
    pending = {}
    try:
        os.makedirs(os.path.dirname(os.path.abspath(dest)), 0o700, exist_ok=True)
        lay_out(workdir, building, lines, pending)
    except OSError as error:
        disk_error(error, dest)
    fresh = receive_into_tree(workdir, building, stream, pending)
    if pending:
        fail("the upload stream lacked %d of the objects" % len(pending), 4)
    for name in os.listdir(building):
        if name.startswith(".orphan-"):
            os.remove(os.path.join(building, name))
    if mode == "shared" and os.path.isdir(dest):
        shutil.rmtree(building, ignore_errors=True)  # another upload made it meanwhile
    else:
        try:
            os.rename(building, dest)
        except OSError as error:
            disk_error(error, dest)
    answer.write(b"ok\n")
    answer.flush()
    if private or fresh:
        placed = [(key, os.path.join(dest, relative)) for key, relative in fresh]
        make_spare_in_background(workdir, snapshot if private else "-", lines, placed)


def cmd_copy_tree(source, dest):
    # A dataset in download mode: a private copy in the run, never a link into the store.
    import shutil
    try:
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        os.makedirs(os.path.dirname(dest), 0o700, exist_ok=True)
        shutil.copytree(source, dest, symlinks=True)
        for root, dirs, files in os.walk(dest):
            for name in files:
                path = os.path.join(root, name)
                if not os.path.islink(path):
                    os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | stat.S_IWUSR)
    except OSError as error:
        disk_error(error, dest)
    out().write(b"ok\n")


# ---------------------------------------------------------------------------------------------------- the job

def start_time_of(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return None
    return int(data[data.rindex(")") + 2:].split()[19])


def boot_id():
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def alive(pid, start_time, boot):
    if not pid or boot != boot_id():
        return False
    return start_time_of(pid) == start_time


def run_processes(rundir, wrapper_pid, wrapper_alive):
    # The run's processes: marked by TRAINYARD_RUN_DIR=<run folder> in their environment, or descended from
    # the verified wrapper (a cleared environment does not hide them).
    marker = ("TRAINYARD_RUN_DIR=" + rundir).encode()
    parents = {}
    marked = set()
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        if pid == me:
            continue
        try:
            with open("/proc/%d/stat" % pid) as f:
                data = f.read()
            parents[pid] = int(data[data.rindex(")") + 2:].split()[1])
            with open("/proc/%d/environ" % pid, "rb") as f:
                if marker in f.read().split(b"\0"):
                    marked.add(pid)
        except (OSError, ValueError):
            continue
    result = set(marked)
    if wrapper_alive:
        for pid in parents:
            p, depth = parents.get(pid), 0
            while p and p > 1 and depth < 64:
                if p == wrapper_pid:
                    result.add(pid)
                    break
                p, depth = parents.get(p), depth + 1
    result.discard(wrapper_pid)
    return result


def make_run_ready(rundir, request):
    system = os.path.join(rundir, "system")
    try:
        os.makedirs(system, 0o700, exist_ok=True)
        for name in ("job.json", "exit.json"):
            if os.path.exists(os.path.join(system, name)):
                os.remove(os.path.join(system, name))
        for name in ("stdout.log", "stderr.log"):
            open(os.path.join(system, name), "ab").close()
        # As on this machine, a job finds ./outputs and ./logs made for it.
        for name in ("outputs", "logs"):
            os.makedirs(os.path.join(request["work_dir"], name), 0o700, exist_ok=True)
    except OSError as error:
        disk_error(error, system)
    return system


def job_environment(request):
    # The remote account's own variables where the run does not set them (its PATH finds its programs).
    env = {}
    for name in ("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "LANG"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(request["env"])
    return env


def cmd_start(rundir):
    request = json.loads(inp().read().decode())
    system = make_run_ready(rundir, request)
    env = job_environment(request)
    argv = ["/bin/sh", request["wrapper"], system, request["work_dir"],
            os.path.join(system, "stdout.log"), os.path.join(system, "stderr.log")] + request["argv"]
    read_end, write_end = os.pipe()
    first = os.fork()
    if first == 0:
        # Detached: a session of its own, no terminal, no tie to this SSH connection.
        try:
            os.close(read_end)
            os.setsid()
            if os.fork() != 0:
                os._exit(0)
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
                signal.signal(sig, signal.SIG_DFL)
            os.write(write_end, ("%d\n" % os.getpid()).encode())
            os.close(write_end)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(write_end)
    os.waitpid(first, 0)
    with os.fdopen(read_end) as f:
        text = f.read().strip()
    if not text:
        fail("the job wrapper could not be started")
    pid = int(text)
    start_time = None
    for _ in range(200):
        start_time = start_time_of(pid)
        if start_time is not None:
            break
        time.sleep(0.005)
    handle = json.dumps({"wrapper_pid": pid, "wrapper_start_time": start_time or 0, "boot_id": boot_id()})
    # Kept beside the job, so any later watcher can verify the wrapper before it signals anything.
    path = os.path.join(system, "remote-handle.json")
    with open(path + ".tmp", "w") as f:
        f.write(handle)
    os.rename(path + ".tmp", path)
    out().write((handle + "\n").encode())


def cmd_submit(rundir):
    # A Slurm job through its login node: the batch script is written beside the run's records and handed
    # to sbatch with the run's environment, which sbatch passes on to the job (--export=ALL); the variables
    # travel on stdin, never on a command line.
    request = json.loads(inp().read().decode())
    system = make_run_ready(rundir, request)
    script = os.path.join(system, "job.sbatch")
    try:
        with open(script + ".tmp", "w") as f:
            f.write(request["script"])
        os.chmod(script + ".tmp", 0o700)
        os.rename(script + ".tmp", script)
    except OSError as error:
        disk_error(error, script)
    import subprocess
    try:
        process = subprocess.Popen(request["argv"], stdin=subprocess.DEVNULL, env=job_environment(request),
                                   cwd=system)
    except OSError as error:
        fail("cannot run %s: %s" % (request["argv"][0], error), 127)
    sys.exit(process.wait())


def job_status(rundir, handle):
    system = os.path.join(rundir, "system")
    exit_record = read_json(os.path.join(system, "exit.json"))
    job = read_json(os.path.join(system, "job.json"))
    status = {"boot_id": boot_id()}
    if exit_record is not None:
        status["exit_status"] = exit_record.get("exit_status")
    if job is not None:
        status["job"] = job
    wrapper_pid = handle.get("wrapper_pid") or (job or {}).get("wrapper_pid")
    wrapper_start = handle.get("wrapper_start_time") or (job or {}).get("wrapper_start_time")
    boot = handle.get("boot_id") or (job or {}).get("boot_id")
    status["wrapper_alive"] = bool(wrapper_pid) and alive(wrapper_pid, wrapper_start, boot)
    status["job_alive"] = job is not None and alive(job.get("pid"), job.get("start_time"), job.get("boot_id"))
    return status


def handle_of(rundir):
    return read_json(os.path.join(rundir, "system", "remote-handle.json")) or {}


def cmd_status(rundir):
    out().write((json.dumps(job_status(rundir, handle_of(rundir))) + "\n").encode())


def cmd_signal(rundir, name, who):
    sig = {"TERM": signal.SIGTERM, "KILL": signal.SIGKILL}[name]
    status = job_status(rundir, handle_of(rundir))
    handle = handle_of(rundir)
    wrapper_pid = handle.get("wrapper_pid") or (status.get("job") or {}).get("wrapper_pid")
    wrapper_alive = status["wrapper_alive"]
    if who == "group" and wrapper_alive and sig == signal.SIGTERM:
        # The wrapper leads the job's process group and catches TERM to record how the job ended.
        try:
            os.killpg(wrapper_pid, sig)
        except OSError:
            pass
    pids = run_processes(os.path.abspath(rundir), wrapper_pid, wrapper_alive)
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass
    out().write((json.dumps({"signaled": len(pids)}) + "\n").encode())


# ---------------------------------------------------------------------------------------------------- streams

def distributed_files(rundir):
    # A distributed run's launcher log and every rank's logs, helper metrics and exit record; the rank
    # wrapper's temporary files (dot names, renamed into place) are left out.
    files = ["system/launcher.log"]
    for root, dirs, names in os.walk(os.path.join(rundir, "system", "ranks")):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if not name.startswith(".") and os.path.isfile(path) and not os.path.islink(path):
                files.append(os.path.relpath(path, rundir))
    return files


def streamed_files(rundir):
    # node-host.out: a Slurm batch host's description of itself, written before its job starts.
    # output-order.txt: the order of stdout's and stderr's bytes, from the job wrapper's capture.
    files = ["system/node-host.out", "system/stdout.log", "system/stderr.log", "system/output-order.txt",
             "system/helper-metrics.jsonl"] + distributed_files(rundir)
    # The system samples of each node (trainyard_sample.py): system/nodes/<node>.jsonl.
    try:
        files.extend("system/nodes/" + name for name in sorted(os.listdir(os.path.join(rundir, "system", "nodes")))
                     if name.endswith(".jsonl"))
    except OSError:
        pass
    # Slurm's own output of a job submitted through this login node (system/slurm-<job id>.out).
    try:
        files.extend("system/" + name for name in sorted(os.listdir(os.path.join(rundir, "system")))
                     if name.startswith("slurm-") and name.endswith(".out") and name[6:-4].isdigit())
    except OSError:
        pass
    logs = os.path.join(rundir, "work", "logs")
    for root, dirs, names in os.walk(logs):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files.append(os.path.relpath(path, rundir))
    return files


def write_frame(stream, relative, offset, data):
    stream.write(("D %d %d %s\n" % (len(data), offset, _quote(relative, safe="/"))).encode())
    stream.write(data)


def cmd_watch(rundir, where="here"):
    # Everything appended to the run's live files since the offsets Trainyard already has, as it is written,
    # then the exit status. Reads at most 4 MiB per file per round so one busy file cannot starve the others.
    elsewhere = where == "elsewhere"
    offsets = json.loads(inp().readline().decode() or "{}")
    stream = out()
    handle = handle_of(rundir)
    last_status = None
    last_beat = 0.0
    last_walk = 0.0
    files = []
    ended_rounds = 0
    while True:
        now = time.time()
        status = job_status(rundir, handle)
        ended = "exit_status" in status or (not elsewhere and not status["wrapper_alive"] and not status["job_alive"])
        # Once the job has ended, the files are listed again every round: one it made in its last half second
        # (a rank's exit record, a node's samples) is streamed before the end mark.
        if now - last_walk >= 0.5 or not files or ended:
            files = streamed_files(rundir)
            last_walk = now
        sent = False
        for relative in files:
            path = os.path.join(rundir, relative)
            offset = offsets.get(relative, 0)
            try:
                size = os.stat(path).st_size
            except OSError:
                continue
            if size <= offset:
                continue
            with open(path, "rb") as f:
                f.seek(offset)
                data = f.read(min(size - offset, 4 << 20))
            if data:
                write_frame(stream, relative, offset, data)
                offsets[relative] = offset + len(data)
                sent = True
        summary = json.dumps(status, sort_keys=True)
        if summary != last_status:
            stream.write(("S %s\n" % summary).encode())
            last_status = summary
            sent = True
        if now - last_beat >= 1.0:
            stream.write(b"H\n")
            last_beat = now
            sent = True
        if sent:
            stream.flush()
        if ended and not sent:
            # Two quiet rounds after the end: every byte the job wrote has been read.
            ended_rounds += 1
            if ended_rounds >= 2:
                stream.write(b"E\n")
                stream.flush()
                return
        else:
            ended_rounds = 0
        time.sleep(0.05)


def cmd_list(rundir, *folders):
    result = []
    for folder in folders:
        base = os.path.join(rundir, folder)
        for root, dirs, names in os.walk(base):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                entry = {"path": os.path.relpath(path, rundir), "size": st.st_size}
                if stat.S_ISLNK(st.st_mode):
                    entry["symlink"] = os.readlink(path)
                elif not stat.S_ISREG(st.st_mode):
                    continue
                result.append(entry)
            for name in dirs:
                path = os.path.join(root, name)
                if not os.listdir(path):
                    result.append({"path": os.path.relpath(path, rundir), "dir": True})
    out().write((json.dumps(result) + "\n").encode())


def cmd_send(rundir):
    wanted = json.loads(inp().read().decode())
    stream = out()
    for relative, offset in wanted:
        path = os.path.join(rundir, relative)
        with open(path, "rb") as f:
            f.seek(offset)
            while True:
                data = f.read(1 << 20)
                if not data:
                    break
                write_frame(stream, relative, offset, data)
                offset += len(data)
    stream.write(b"E\n")
    stream.flush()


def cmd_cat(rundir, relative, offset):
    # One file's bytes from offset, raw: Trainyard writes them straight into its copy (large outputs).
    offset = int(offset)
    with open(os.path.join(rundir, relative), "rb") as f:
        target = sys.stdout.fileno()
        sys.stdout.flush()
        try:
            while True:
                sent = os.sendfile(target, f.fileno(), offset, 1 << 24)
                if sent == 0:
                    return
                offset += sent
        except OSError:
            f.seek(offset)
            while True:
                data = f.read(1 << 20)
                if not data:
                    return
                out().write(data)


def cmd_collect(rundir):
    # After the job: its leftover processes end, then the files to bring home are listed.
    status = job_status(rundir, handle_of(rundir))
    handle = handle_of(rundir)
    wrapper_pid = handle.get("wrapper_pid") or (status.get("job") or {}).get("wrapper_pid")
    for pid in run_processes(os.path.abspath(rundir), wrapper_pid, status["wrapper_alive"]):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    cmd_list(rundir, "work/outputs", "work/logs")


def cmd_cleanup(rundir, policy, outcome):
    import shutil
    if policy == "always" or (policy == "success" and outcome == "success"):
        shutil.rmtree(rundir, ignore_errors=True)
    else:
        # Kept, but without the copy of the snapshot: ./outputs and ./logs and the records stay.
        work = os.path.join(rundir, "work")
        if os.path.isdir(work):
            for name in os.listdir(work):
                if name in ("outputs", "logs"):
                    continue
                path = os.path.join(work, name)
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    try:
                        os.remove(path)
                    except OSError:
                        pass
        shutil.rmtree(os.path.join(rundir, "datasets"), ignore_errors=True)
    out().write(b"ok\n")


def cmd_env_tool(runtime):
    # The environment tool gets absolute paths: a root given as "~/..." (or relative, as a workdir may be) is
    # the remote account's, and an ssh command starts in its home.
    request = json.loads(inp().read().decode("utf-8"))
    root = request.get("root")
    if isinstance(root, str) and root:
        request["root"] = os.path.abspath(os.path.expanduser(root))
    python = request.get("python")
    if not python:
        request["python"] = sys.executable
    elif isinstance(python, str) and python.startswith("~/"):
        request["python"] = os.path.expanduser(python)
    tool = os.path.join(runtime, "env", "trainyard_env.py")
    if not os.path.isfile(tool):
        fail("the environment tool %s is missing" % tool)
    import subprocess
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    sys.stdout.flush()
    # The tool writes straight into this connection's stdout, so every line arrives as it is printed.
    process = subprocess.Popen([sys.executable, tool], stdin=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    process.stdin.write(json.dumps(request).encode("utf-8"))
    process.stdin.close()
    sys.exit(process.wait())


COMMANDS = {
    "env-tool": cmd_env_tool, "probe": cmd_probe, "upload": cmd_upload, "cat": cmd_cat, "collect": cmd_collect,
    "copy-tree": cmd_copy_tree, "start": cmd_start, "submit": cmd_submit, "status": cmd_status, "signal": cmd_signal,
    "watch": cmd_watch, "list": cmd_list, "send": cmd_send, "cleanup": cmd_cleanup,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        fail("usage: trainyard_remote.py %s ARGS..." % "|".join(sorted(COMMANDS)), 2)
    os.umask(0o077)
    args = [os.path.expanduser(a) if a.startswith("~/") else a for a in sys.argv[2:]]
    try:
        COMMANDS[sys.argv[1]](*args)
    except BrokenPipeError:
        sys.exit(141)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
