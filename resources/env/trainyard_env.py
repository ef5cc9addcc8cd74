#!/usr/bin/env python3
"""trainyard_env.py: builds, reuses, describes and removes run environments on the machine a run executes on.

Python 3.9+ standard library only: it runs on remote hosts with whatever interpreter they have.

Protocol: one JSON request on stdin (never on argv: it may name credentials); human log lines on stdout
(pip's and conda's own output passed through line by line); the LAST line is "@@trainyard-env " + a one-line
JSON reply. Exit status 0 when reply["ok"], 1 when not, 2 when the request itself is invalid.
Commands: ensure, describe, host, remove, list; the requests and replies are listed with each command below.

Shared API for trainyard_container.py (the image branch, imported from this script's folder):
    log(line)                      prints one log line on stdout and flushes it.
    ToolError(message, detail="")  raise it to end the command with {"ok": false, "error": message,
                                   "error_detail": detail}; message is one line, detail may be many.
    run_streamed(argv, env=None, cwd=None) -> (exit_code, last_lines)
                                   runs argv (no shell), stdin closed, stderr merged into stdout, every line
                                   passed to log() as it arrives; last_lines: its last 40 lines (list of
                                   str). env None = this tool's environment (+ PYTHONUNBUFFERED=1). A program
                                   that cannot be started gives exit code 127 and the reason as its line.
    ensure_local(request) -> reply builds or reuses a pip/conda environment with request["python"] (may be a
                                   bare name such as "python3" inside an image, looked up on PATH). Optional
                                   request keys for images: "image_id" (goes into the hash) and "image" (the
                                   dict recorded in .trainyard-environment.json and returned as reply image).
                                   Raises nothing: failures are replies with ok false.
    host_facts() -> dict           {"name","os","kernel","cpu_model","cpu_count","memory_bytes","gpus"} of
                                   the machine this tool runs on.
    python_version(python) -> str  platform.python_version() of that interpreter (ToolError when it fails).
    reply(obj) -> exit status      prints the final "@@trainyard-env" line (main() does it for you).
trainyard_container must define ensure_in_image(request, log) and describe_in_image(request, log), each
returning a reply dict; they are called with the whole request when request["container"] is set.
"""
import collections
import errno
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback

REPLY_MARK = "@@trainyard-env "
READY_MARK = ".trainyard-ready"
LAST_USED_MARK = ".trainyard-last-used"
RECORD_FILE = ".trainyard-environment.json"
FREEZE_FILE = ".trainyard-freeze.txt"
CONDA_LIST_FILE = ".trainyard-conda-list.txt"
DETAIL_LINES = 40
HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class ToolError(Exception):
    def __init__(self, message, detail=""):
        Exception.__init__(self, message)
        self.message = message
        self.detail = detail


class InvalidRequest(Exception):
    pass


def log(line):
    sys.stdout.write(line.rstrip("\r\n") + "\n")
    sys.stdout.flush()


def reply(obj):
    sys.stdout.write(REPLY_MARK + json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    return 0 if obj.get("ok") else 1


def failure(message, detail=""):
    result = {"ok": False, "error": message}
    if detail:
        result["error_detail"] = detail
    return result


def child_environment():
    env = dict(os.environ)
    # Python children (pip) block-buffer a pipe; the build log must follow them line by line.
    env["PYTHONUNBUFFERED"] = "1"
    return env


_running_children = []


def run_streamed(argv, env=None, cwd=None):
    last_lines = collections.deque(maxlen=DETAIL_LINES)
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=env if env is not None else child_environment(),
                                   cwd=cwd, start_new_session=True)
    except OSError as e:
        line = "cannot run %s: %s" % (argv[0], e.strerror or e)
        log(line)
        return 127, [line]
    # A group of its own, so that ending the build ends what the child started too (venv runs ensurepip).
    _running_children.append(process)
    try:
        for raw in iter(process.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            last_lines.append(line)
            log(line)
        process.stdout.close()
        return process.wait(), list(last_lines)
    finally:
        if process.poll() is None:
            # Ended early (terminated, or our stdout went away): the child must not write into a prefix that is
            # being removed.
            kill_group(process)
            process.wait()
        _running_children.remove(process)


def kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass


def terminate(signum, frame):
    # A cancelled Preparing ends the build: the children first, then the half-built prefix goes (the build's
    # cleanup runs as SystemExit unwinds).
    for child in list(_running_children):
        kill_group(child)
    raise SystemExit(128 + signum)


def run_captured(argv, env=None):
    """Runs argv and returns (exit_code, stdout text, stderr text); 127 when it cannot start."""
    try:
        completed = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=env if env is not None else child_environment())
    except OSError as e:
        return 127, "", "cannot run %s: %s" % (argv[0], e.strerror or e)
    return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"))


def python_version(python):
    # The tool usually runs under the very interpreter it is asked about: no second interpreter start then.
    try:
        if os.path.realpath(resolve_program(python)) == os.path.realpath(sys.executable):
            return platform.python_version()
    except OSError:
        pass
    code, out, err = run_captured([python, "-c", "import platform; print(platform.python_version())"])
    if code != 0 or not out.strip():
        raise ToolError("cannot run the interpreter %s" % python, err.strip())
    return out.strip()


def resolve_program(program):
    if os.sep in program:
        return program
    return shutil.which(program) or program


def now_ms():
    return int(time.time() * 1000)


def tree_size(path):
    total = 0
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def remove_tree(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def as_bool(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def as_list(value):
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if str(v) != ""]


def environment_hash(definition, version, target_kind, image_id):
    text = json.dumps({"definition": definition, "python_version": version, "target_kind": target_kind,
                       "image_id": image_id or ""}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def require(request, key, kind=str):
    value = request.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise InvalidRequest("the request has no %s" % key)
    return value


def require_root(request):
    root = require(request, "root")
    if not os.path.isabs(root):
        raise InvalidRequest("the environments root %r is not an absolute path" % root)
    return root


# ---- locking ----

def open_lock(root, env_hash):
    os.makedirs(root, exist_ok=True)
    return os.open(os.path.join(root, env_hash + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)


def lock_exclusive(root, env_hash, short):
    """Takes the environment's build lock; returns (fd, waited)."""
    fd = open_lock(root, env_hash)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd, False
    except OSError as e:
        if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            os.close(fd)
            raise
    log("waiting for environment %s (built by another run)" % short)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd, True


def try_lock(root, env_hash):
    """The lock without waiting: fd, or None when someone holds it."""
    fd = open_lock(root, env_hash)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return None
        raise


# ---- building ----

def pip_option_arguments(options):
    args = []
    if options.get("index_url"):
        args += ["--index-url", str(options["index_url"])]
    for url in as_list(options.get("extra_index_urls")):
        args += ["--extra-index-url", url]
    for link in as_list(options.get("find_links")):
        args += ["--find-links", link]
    for host in as_list(options.get("trusted_hosts")):
        args += ["--trusted-host", host]
    return args


def definition_file(definition):
    spec = definition.get("file")
    if not isinstance(spec, dict) or spec.get("content") is None:
        return None
    return spec


def write_definition_file(staging, spec, fallback_name):
    name = os.path.basename(str(spec.get("name") or "")) or fallback_name
    os.makedirs(staging, exist_ok=True)
    path = os.path.join(staging, name)
    write_text(path, str(spec.get("content")))
    return path


def run_step(argv, what):
    log("$ " + " ".join(argv))
    code, last_lines = run_streamed(argv)
    if code != 0:
        raise ToolError("%s failed (exit %d)" % (what, code), "\n".join(last_lines))


def pip_install(python, definition, pip_options, staging):
    packages = [str(p) for p in definition.get("pip") or []]
    spec = definition_file(definition)
    requirements = spec if spec is not None and spec.get("kind") == "requirements" else None
    if not packages and requirements is None:
        return
    argv = [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
    argv += pip_option_arguments(pip_options)
    argv += packages
    if requirements is not None:
        argv += ["-r", write_definition_file(staging, requirements, "requirements.txt")]
    run_step(argv, "pip install")


# What `pip freeze` prints (name==version, or name @ URL for a direct reference, -e for an editable
# install; pip, setuptools, wheel and distribute left out; sorted by name), read through importlib.metadata:
# importing pip alone takes most of a second, which every run's describe would pay.
FREEZE_CODE = r"""
import importlib.metadata as metadata, json
skip = {"pip", "setuptools", "wheel", "distribute"}
lines = {}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if not name:
        continue
    key = name.lower().replace("_", "-").replace(".", "-")
    if key in skip or key in lines:
        continue
    line = "%s==%s" % (name, dist.version)
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct = None
    if isinstance(direct, dict) and direct.get("url"):
        editable = (direct.get("dir_info") or {}).get("editable")
        line = ("-e %s" % direct["url"]) if editable else ("%s @ %s" % (name, direct["url"]))
    lines[key] = line
for key in sorted(lines):
    print(lines[key])
"""


def freeze(python):
    code, out, err = run_captured([python, "-c", FREEZE_CODE])
    if code != 0:
        raise ToolError("cannot list the installed packages of %s (exit %d)" % (python, code), err.strip())
    return out


def find_conda_tool(request):
    wanted = str(request.get("conda_tool") or "auto").strip()
    target = request.get("target_name") or "this target"
    missing = ToolError("conda_packages needs conda, mamba or micromamba on target %s" % target)
    if wanted == "auto":
        for name in ("conda", "mamba", "micromamba"):
            found = shutil.which(name)
            if found:
                return found
        raise missing
    if os.path.isabs(wanted):
        if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
            return wanted
        raise ToolError("conda_packages needs conda, mamba or micromamba on target %s (%s is not an executable)"
                        % (target, wanted))
    if wanted not in ("conda", "mamba", "micromamba"):
        raise InvalidRequest("conda_tool %r is not auto, conda, mamba, micromamba or an absolute path" % wanted)
    found = shutil.which(wanted)
    if not found:
        raise ToolError("conda_packages needs conda, mamba or micromamba on target %s (%s is not on PATH)"
                        % (target, wanted))
    return found


def is_python_package(spec):
    name = re.split(r"[=<>!~ \[]", spec.strip(), maxsplit=1)[0]
    return name.lower() == "python"


def conda_build(tool, prefix, definition, version, staging):
    micromamba = "micromamba" in os.path.basename(tool)
    packages = [str(p) for p in definition.get("conda") or []]
    spec = definition_file(definition)
    kind = spec.get("kind") if spec is not None else None
    if kind == "conda-yml":
        path = write_definition_file(staging, spec, "environment.yml")
        if micromamba:
            run_step([tool, "create", "-y", "-p", prefix, "-f", path], "micromamba create")
        else:
            run_step([tool, "env", "create", "-p", prefix, "-f", path], "%s env create" % os.path.basename(tool))
        if packages:
            run_step([tool, "install", "-y", "-p", prefix] + packages, "%s install" % os.path.basename(tool))
    elif kind == "conda-lock":
        path = write_definition_file(staging, spec, "conda.lock")
        run_step([tool, "create", "-y", "-p", prefix, "--file", path], "%s create" % os.path.basename(tool))
        if packages:
            run_step([tool, "install", "-y", "-p", prefix] + packages, "%s install" % os.path.basename(tool))
    else:
        if not any(is_python_package(p) for p in packages):
            packages.append("python=%s" % ".".join(version.split(".")[:2]))
        run_step([tool, "create", "-y", "-p", prefix] + packages, "%s create" % os.path.basename(tool))


def build_summary(manager, definition):
    count = len(definition.get("pip") or []) + len(definition.get("conda") or [])
    parts = ["%s, %d package%s" % (manager, count, "" if count == 1 else "s")]
    spec = definition_file(definition)
    if spec is not None:
        parts.append(os.path.basename(str(spec.get("name") or "")) or spec.get("kind") or "file")
    return ", ".join(parts)


def build(request, manager, definition, prefix, staging, version, env_hash):
    python = resolve_program(request["python"])
    pip_options = request.get("pip_options") or {}
    conda_tool = None
    if manager == "pip":
        argv = [python, "-m", "venv"]
        if as_bool(pip_options.get("system_site_packages")):
            argv.append("--system-site-packages")
        run_step(argv + [prefix], "python -m venv")
    else:
        conda_tool = find_conda_tool(request)
        conda_build(conda_tool, prefix, definition, version, staging)
    env_python = os.path.join(prefix, "bin", "python")
    if not os.path.exists(env_python):
        raise ToolError("the environment has no interpreter %s" % env_python)
    pip_install(env_python, definition, pip_options, staging)
    write_text(os.path.join(prefix, FREEZE_FILE), freeze(env_python))
    if conda_tool is not None:
        code, out, err = run_captured([conda_tool, "list", "-p", prefix, "--export"])
        if code != 0:
            raise ToolError("%s list failed (exit %d)" % (os.path.basename(conda_tool), code), err.strip())
        write_text(os.path.join(prefix, CONDA_LIST_FILE), out)
    created = now_ms()
    record = {"definition": definition, "hash": env_hash, "python_version": python_version(env_python),
              "created": created, "manager": manager, "image": request.get("image"), "size_bytes": 0}
    record["size_bytes"] = tree_size(prefix)
    write_text(os.path.join(prefix, RECORD_FILE), json.dumps(record, indent=1, sort_keys=True) + "\n")
    # Last: only a complete environment is ever reused.
    write_text(os.path.join(prefix, READY_MARK), "%d\n" % created)
    return record


def ensure_local(request):
    try:
        return ensure_local_or_raise(request)
    except ToolError as e:
        return failure(e.message, e.detail)
    except InvalidRequest as e:
        return failure(str(e))


def ensure_local_or_raise(request):
    """ensure: {"command":"ensure","root":ABS,"python":P,"target_kind":K,"target_name":N,"definition":{...},
    "pip_options":{index_url, extra_index_urls, find_links, trusted_hosts, system_site_packages},
    "conda_tool":"auto|conda|mamba|micromamba|/abs"} -> {"ok","hash","short","manager","built","waited",
    "build_seconds","prefix","python","bin_dir","python_version","size_bytes","created_ms","image"}.
    root/HASH is built once under the exclusive flock root/HASH.lock; .trainyard-ready is written last."""
    definition = request.get("definition")
    if not isinstance(definition, dict):
        raise InvalidRequest("the request has no definition")
    python = require(request, "python")
    manager = definition.get("manager") or "none"
    if manager not in ("none", "pip", "conda"):
        raise InvalidRequest("definition manager %r is not none, pip or conda" % manager)
    version = python_version(python)
    image = request.get("image")
    if manager == "none" or as_bool(definition.get("user_managed")):
        return {"ok": True, "hash": "", "short": "", "manager": "none", "built": False, "waited": False,
                "build_seconds": 0, "prefix": "", "python": resolve_program(python), "bin_dir": "",
                "python_version": version, "size_bytes": 0, "created_ms": 0, "image": image}
    root = require_root(request)
    env_hash = environment_hash(definition, version, request.get("target_kind") or "", request.get("image_id"))
    short = env_hash[:12]
    prefix = os.path.join(root, env_hash)
    staging = os.path.join(root, env_hash + ".definition")
    fd, waited = lock_exclusive(root, env_hash, short)
    try:
        started = time.monotonic()
        built = False
        if os.path.exists(os.path.join(prefix, READY_MARK)):
            record = read_json(os.path.join(prefix, RECORD_FILE))
            write_text(os.path.join(prefix, LAST_USED_MARK), "%d\n" % now_ms())
            log("reusing environment %s" % short)
        else:
            if os.path.lexists(prefix):
                log("removing the half-built environment %s" % short)
                remove_tree(prefix)
            if os.path.lexists(staging):
                remove_tree(staging)
            log("building environment %s (%s)" % (short, build_summary(manager, definition)))
            try:
                record = build(request, manager, definition, prefix, staging, version, env_hash)
            except BaseException:
                if os.path.lexists(prefix):
                    remove_tree(prefix)
                raise
            finally:
                if os.path.lexists(staging):
                    remove_tree(staging)
            built = True
            log("environment %s built in %.1f s" % (short, time.monotonic() - started))
        return {"ok": True, "hash": env_hash, "short": short, "manager": manager, "built": built, "waited": waited,
                "build_seconds": round(time.monotonic() - started, 3) if built else 0, "prefix": prefix,
                "python": os.path.join(prefix, "bin", "python"), "bin_dir": os.path.join(prefix, "bin"),
                "python_version": record.get("python_version") or version,
                "size_bytes": record.get("size_bytes") or 0, "created_ms": record.get("created") or 0,
                "image": record.get("image", image)}
    finally:
        os.close(fd)


# ---- describe ----

def os_release():
    fields = {}
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                key, sep, value = line.strip().partition("=")
                if sep:
                    fields[key] = value.strip().strip('"').strip("'")
    except OSError:
        return platform.system()
    return fields.get("PRETTY_NAME") or fields.get("NAME") or platform.system()


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.partition(":")
                if sep and key.strip() in ("model name", "Model", "Hardware", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_bytes():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def gpus():
    """(gpus, error): nvidia-smi's GPUs when it is on PATH."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return [], ""
    code, out, err = run_captured([smi, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"])
    if code != 0:
        return [], "nvidia-smi failed (exit %d): %s" % (code, (err or out).strip())
    found = []
    for line in out.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 3:
            found.append({"name": parts[0], "memory": parts[1], "driver": parts[2]})
    return found, ""


def host_facts():
    gpu_list, gpu_error = gpus()
    facts = {"name": socket.gethostname(), "os": os_release(), "kernel": platform.release(), "cpu_model": cpu_model(),
             "cpu_count": os.cpu_count() or 0, "memory_bytes": memory_bytes(), "gpus": gpu_list}
    if gpu_error:
        facts["gpus_error"] = gpu_error
    return facts


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def describe(request):
    """describe: {"command":"describe","python":P,"prefix":PREFIX or ""} -> {"ok","description":{"interpreter",
    "host","image"},"freeze","conda_list"} (freeze_error when pip could not say)."""
    prefix = request.get("prefix") or ""
    python = request.get("python") or (os.path.join(prefix, "bin", "python") if prefix else "")
    if not python:
        raise InvalidRequest("the request has no python")
    path = resolve_program(python)
    result = {"ok": True, "description": {"interpreter": {"path": path, "version": python_version(path)},
                                          "host": host_facts(), "image": None},
              "freeze": "", "conda_list": ""}
    if prefix and os.path.exists(os.path.join(prefix, FREEZE_FILE)):
        result["freeze"] = read_text(os.path.join(prefix, FREEZE_FILE))
        if os.path.exists(os.path.join(prefix, CONDA_LIST_FILE)):
            result["conda_list"] = read_text(os.path.join(prefix, CONDA_LIST_FILE))
    else:
        try:
            result["freeze"] = freeze(path)
        except ToolError as e:
            # The run goes on without a freeze; the record says why it has none.
            result["freeze_error"] = e.message + (": " + e.detail if e.detail else "")
    return result


# ---- remove / list ----

def environment_folders(root, env_hash):
    folders = [os.path.join(root, env_hash)]
    try:
        for name in sorted(os.listdir(root)):
            if name.startswith("image-") and os.path.isdir(os.path.join(root, name)):
                folders.append(os.path.join(root, name, env_hash))
    except FileNotFoundError:
        pass
    return folders


def remove(request):
    """remove: {"command":"remove","root":ABS,"hash":H} -> {"ok","freed_bytes"}; refused while H is built."""
    root = require_root(request)
    env_hash = require(request, "hash")
    if not HASH_PATTERN.match(env_hash):
        raise InvalidRequest("%r is not an environment hash (64 hex digits)" % env_hash)
    if not os.path.isdir(root):
        return {"ok": True, "freed_bytes": 0}
    freed = 0
    for folder in environment_folders(root, env_hash):
        parent = os.path.dirname(folder)
        if not os.path.lexists(folder):
            continue
        fd = try_lock(parent, env_hash)
        if fd is None:
            return failure("environment %s is being built" % env_hash)
        try:
            size = tree_size(folder)
            # The marker goes first: a removal cut short leaves a half-built prefix, never a reusable one.
            marker = os.path.join(folder, READY_MARK)
            if os.path.exists(marker):
                os.unlink(marker)
            remove_tree(folder)
            freed += size
            log("removed environment %s (%d bytes)" % (folder, size))
        finally:
            os.close(fd)
    return {"ok": True, "freed_bytes": freed}


def mtime_ms(path):
    try:
        return int(os.stat(path).st_mtime * 1000)
    except OSError:
        return 0


def list_environments(request):
    """list: {"command":"list","root":ABS} -> {"ok","environments":[{"hash","size_bytes","created_ms",
    "last_used_ms","manager","prefix"(,"image_dir")}]}: ready environments only."""
    root = require_root(request)
    found = []
    folders = [(root, "")]
    try:
        names = sorted(os.listdir(root))
    except FileNotFoundError:
        return {"ok": True, "environments": []}  # nothing was ever built here
    for name in names:
        if name.startswith("image-") and os.path.isdir(os.path.join(root, name)):
            folders.append((os.path.join(root, name), name[len("image-"):]))
    for folder, image in folders:
        for name in sorted(os.listdir(folder)):
            prefix = os.path.join(folder, name)
            if not HASH_PATTERN.match(name) or not os.path.exists(os.path.join(prefix, READY_MARK)):
                continue
            record = read_json(os.path.join(prefix, RECORD_FILE))
            created = record.get("created") or mtime_ms(os.path.join(prefix, READY_MARK))
            last_used = mtime_ms(os.path.join(prefix, LAST_USED_MARK)) or created
            entry = {"hash": name, "size_bytes": record.get("size_bytes") or 0, "created_ms": created,
                     "last_used_ms": last_used, "manager": record.get("manager") or "", "prefix": prefix}
            if image:
                entry["image_dir"] = image
            found.append(entry)
    return {"ok": True, "environments": found}


# ---- containers ----

def container_module():
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    try:
        import trainyard_container
    except ModuleNotFoundError as e:
        if e.name != "trainyard_container":
            raise
        return None
    return trainyard_container


def in_container(request, function_name):
    module = container_module()
    if module is None:
        return failure("containers are not supported by this version")
    return getattr(module, function_name)(request, log)


def run_command(request):
    command = request.get("command")
    if command == "ensure":
        if request.get("container"):
            return in_container(request, "ensure_in_image")
        return ensure_local_or_raise(request)
    if command == "describe":
        if request.get("container"):
            return in_container(request, "describe_in_image")
        return describe(request)
    if command == "host":
        # host: {"command":"host"} -> {"ok","host"}: run on a compute node by a Slurm batch script, whose
        # run is described on the submitting side but ran here.
        return {"ok": True, "host": host_facts()}
    if command == "remove":
        return remove(request)
    if command == "list":
        return list_environments(request)
    raise InvalidRequest("unknown command %r (ensure, describe, host, remove or list)" % (command,))


def main():
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        request = json.loads(sys.stdin.read())
        if not isinstance(request, dict):
            raise ValueError("not an object")
    except ValueError as e:
        reply(failure("the request is not a JSON object: %s" % e))
        return 2
    try:
        return reply(run_command(request))
    except InvalidRequest as e:
        reply(failure("invalid request: %s" % e))
        return 2
    except ToolError as e:
        return reply(failure(e.message, e.detail))
    except Exception as e:
        return reply(failure("the environment tool failed: %s" % e, traceback.format_exc()))


if __name__ == "__main__":
    sys.exit(main())
