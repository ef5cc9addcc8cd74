"""trainyard_container.py: the container-image branch of trainyard_env.py (custom_docker_image).

Python 3.9+ standard library only. Imported by trainyard_env.py from the same folder, which calls
ensure_in_image(request, log) and describe_in_image(request, log) when the request names a container; each
returns a reply dict (the tool prints it) or raises trainyard_env's ToolError.

The engine is podman or docker (the same command lines for both). The image is pulled when it is not on this
machine, then identified by its id: what is built and what runs is exactly that image. pip and conda
environments are built INSIDE the image by this same tool, run there with the image's python3, under
root/image-<first 12 hex of the image id> so that environments are cached per image.
"""
import json
import os
import shutil
import subprocess
import sys

REPLY_MARK = "@@trainyard-env "
DETAIL_LINES = 40
HERE = os.path.dirname(os.path.abspath(__file__))


def _env():
    """The trainyard_env module that imported this one (usually running as __main__)."""
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "ensure_local") and hasattr(main, "ToolError"):
        return main
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    import trainyard_env
    return trainyard_env


def _error(message, detail=""):
    return _env().ToolError(message, detail)


# ---- engine and image ----

def find_engine(request):
    """The engine's absolute path: request.container.engine is auto (podman, then docker, on PATH), a name
    looked up on PATH, or an absolute path."""
    container = request.get("container") or {}
    wanted = (container.get("engine") or "auto").strip()
    target = request.get("target_name") or "this target"
    needs = "custom_docker_image needs podman or docker on target %s" % target
    if wanted == "auto":
        for name in ("podman", "docker"):
            found = shutil.which(name)
            if found:
                return os.path.abspath(found)
        raise _error(needs)
    if os.path.isabs(wanted):
        if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
            return wanted
        raise _error("%s (container_engine %s is not an executable file)" % (needs, wanted))
    found = shutil.which(wanted)
    if not found:
        raise _error("%s (container_engine %s is not on PATH)" % (needs, wanted))
    return os.path.abspath(found)


def is_podman(engine):
    return "podman" in os.path.basename(engine)


def _captured(argv):
    try:
        completed = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        return 127, "", "cannot run %s: %s" % (argv[0], e.strerror or e)
    return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"))


def _last_line(lines):
    for line in reversed(lines):
        if line.strip():
            return line.strip()
    return ""


def image_present(engine, image):
    if is_podman(engine):
        code, _, _ = _captured([engine, "image", "exists", image])
    else:
        code, _, _ = _captured([engine, "image", "inspect", image])
    return code == 0


def registry_of(image):
    """The registry host an image reference names, as the engines read it: the first path component when it
    looks like a host (has a "." or ":", or is "localhost"), otherwise Docker Hub."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


HELPER_NAME = "trainyard"

# The credential helper the engine runs (docker-credential-trainyard). It holds no secret: it asks the tool
# that wrote it, over a socket in the same private folder, which answers from memory and only while it pulls.
HELPER_SOURCE = """#!%(python)s
import socket, sys
if len(sys.argv) < 2 or sys.argv[1] != "get":
    sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("erase", "list") else 1)
server = sys.stdin.read().strip()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(%(socket)r)
s.sendall(server.encode("utf-8") + b"\\n")
answer = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    answer += chunk
if not answer:
    sys.stdout.write("credentials not found in native keychain\\n")
    sys.exit(1)
sys.stdout.buffer.write(answer)
"""


class RegistryCredentials(object):
    """Lends the engine one registry's login for the length of a pull, with no secret in a file, on a command
    line or in the environment: a private folder holds an auth file that only names a credential helper for
    that registry, and the helper, run by the engine, gets the secret from this process over a unix socket."""

    def __init__(self, auth):
        self.registry = auth.get("registry") or ""
        self.username = auth.get("username") or ""
        self.secret = auth.get("secret") or ""
        self.folder = ""
        self._server = None
        self._thread = None

    def __enter__(self):
        import socket
        import tempfile
        import threading
        self.folder = tempfile.mkdtemp(prefix="trainyard-registry-")  # 0700
        socket_path = os.path.join(self.folder, "s")
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(socket_path)
        self._server.listen(4)
        helper = os.path.join(self.folder, "docker-credential-" + HELPER_NAME)
        with open(helper, "w") as f:
            f.write(HELPER_SOURCE % {"python": sys.executable, "socket": socket_path})
        os.chmod(helper, 0o700)
        helpers = {"credHelpers": {self.registry: HELPER_NAME}, "auths": {}}
        for name in ("auth.json", "config.json"):  # podman's --authfile, docker's --config folder
            with open(os.path.join(self.folder, name), "w") as f:
                json.dump(helpers, f)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def _serve(self):
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            try:
                asked = b""
                while not asked.endswith(b"\n") and len(asked) < 4096:
                    chunk = connection.recv(4096)
                    if not chunk:
                        break
                    asked += chunk
                server = asked.decode("utf-8", "replace").strip()
                host = server.split("://", 1)[-1].split("/", 1)[0]
                if host == self.registry:
                    connection.sendall(json.dumps({"ServerURL": server, "Username": self.username,
                                                   "Secret": self.secret}).encode("utf-8"))
            except OSError:
                pass
            finally:
                connection.close()

    def engine_argv(self, engine, argv):
        """argv ([engine, "pull", ...]) pointed at the helper's auth file."""
        if is_podman(engine):
            return argv[:2] + ["--authfile", os.path.join(self.folder, "auth.json")] + argv[2:]
        return [argv[0], "--config", self.folder] + argv[1:]

    def environment(self):
        env = _env().child_environment()
        env["PATH"] = self.folder + (os.pathsep + env["PATH"] if env.get("PATH") else "")
        return env

    def __exit__(self, *exc):
        try:
            self._server.close()
        except OSError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
        self.secret = ""
        return False


def pull(engine, image, log, auth=None, insecure=False):
    log("pulling image %s" % image)
    argv = [engine, "pull"]
    if insecure:
        if is_podman(engine):
            argv.append("--tls-verify=false")
        else:
            log("docker reads insecure registries from its daemon's configuration, not per pull")
    argv.append(image)
    if auth and auth.get("registry") == registry_of(image):
        log("logging in to %s as %s (from the keychain)" % (auth["registry"], auth.get("username") or "?"))
        with RegistryCredentials(auth) as credentials:
            code, last_lines = _env().run_streamed(credentials.engine_argv(engine, argv),
                                                   env=credentials.environment())
    else:
        code, last_lines = _env().run_streamed(argv)
    if code != 0:
        said = _last_line(last_lines) or "exit %d" % code
        registry = registry_of(image)
        if "unauthorized" in said.lower() or "authentication required" in said.lower():
            if auth and auth.get("registry") == registry:
                said += " (the registry refused the login of %s from the keychain)" % (auth.get("username") or "?")
            else:
                said += " (no login to %s: trainyard-cli registries login %s --username USER)" % (registry, registry)
        raise _error("cannot pull image %s: %s" % (image, said), "\n".join(last_lines))


def inspect(engine, image):
    """{"id": "sha256:…", "digest": "sha256:…" or ""} of a present image."""
    code, out, err = _captured([engine, "image", "inspect", image])
    try:
        found = json.loads(out) if code == 0 else None
    except ValueError:
        found = None
    if not isinstance(found, list) or not found or not isinstance(found[0], dict):
        raise _error("cannot inspect image %s: %s" % (image, _last_line(err.splitlines()) or "exit %d" % code),
                     err.strip())
    record = found[0]
    image_id = record.get("Id") or record.get("ID") or ""
    if not image_id:
        raise _error("cannot inspect image %s: the engine names no image id" % image)
    if ":" not in image_id:
        image_id = "sha256:" + image_id  # podman gives the bare hex, docker "sha256:hex"
    digest = record.get("Digest") or ""
    if not digest:
        for repo_digest in record.get("RepoDigests") or []:
            if "@" in repo_digest:
                digest = repo_digest.split("@", 1)[1]
                break
    return {"id": image_id, "digest": digest}


# Static builds only: the engine mounts the init into the image, which may have no C library (busybox).
INIT_CANDIDATES = ("/usr/libexec/podman/catatonit", "/usr/bin/catatonit", "/usr/bin/tini-static",
                   "/usr/local/bin/catatonit", "/usr/local/bin/tini-static")


def find_init(engine):
    """What runs as the container's PID 1, so that a SIGTERM reaches the job: podman needs a static init
    binary on this machine; docker brings its own ("builtin")."""
    if not is_podman(engine):
        return "builtin"
    for candidate in INIT_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return ""


def short_id(image_id):
    return image_id.split(":", 1)[-1][:12]


def resolve_image(request, log):
    """Finds the engine, pulls the image when missing; the reply's image dict."""
    engine = find_engine(request)
    container = request.get("container") or {}
    ref = container.get("image") or ""
    if not ref:
        raise _error("the request names no image")
    # One engine call when the image is there (the usual case): its inspect says so and gives id and digest.
    try:
        found = inspect(engine, ref)
    except Exception:
        found = None
    if found is None:
        if not image_present(engine, ref):
            insecure = registry_of(ref) in (container.get("insecure_registries") or [])
            pull(engine, ref, log, container.get("registry_auth"), insecure)
        found = inspect(engine, ref)
    log("image %s is %s" % (ref, found["id"]))
    return {"engine": engine, "ref": ref, "id": found["id"], "digest": found["digest"], "init": find_init(engine)}


# ---- running this tool inside the image ----

def _mount(path, read_only=False):
    return ["-v", "%s:%s%s" % (path, path, ":ro" if read_only else "")]


def _local_find_links(request):
    """The --find-links folders on this machine: pip inside the image reads them at the same path."""
    folders = []
    for entry in (request.get("pip_options") or {}).get("find_links") or []:
        path = entry[len("file://"):] if entry.startswith("file://") else entry
        if os.path.isabs(path) and os.path.exists(path):
            folders.append(os.path.realpath(path) if os.path.isdir(path) else os.path.dirname(os.path.realpath(path)))
    return sorted(set(folders))


def run_tool_in_image(engine, image_id, request, mounts, log):
    """Runs trainyard_env.py inside the image with `request` on stdin; its lines go to log, its reply is
    returned. ToolError when it gave none."""
    argv = [engine, "run", "--rm", "-i", "--network", "host"]
    for path, read_only in mounts:
        argv += _mount(path, read_only)
    argv += _mount(HERE, True)
    # pip's own configuration from the environment, by name: the engine passes each value from its own
    # environment, so none is on a command line.
    for name in sorted(os.environ):
        if name.startswith("PIP_"):
            argv += ["--env", name]
    argv += ["--env", "PYTHONUNBUFFERED=1", image_id, "python3", os.path.join(HERE, "trainyard_env.py")]
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        raise _error("cannot run %s: %s" % (engine, e.strerror or e))
    try:
        process.stdin.write(json.dumps(request).encode("utf-8"))
        process.stdin.close()
    except OSError:
        pass  # it ended before reading: its output says why
    reply = None
    last_lines = []
    for raw in iter(process.stdout.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith(REPLY_MARK):
            try:
                reply = json.loads(line[len(REPLY_MARK):])
            except ValueError:
                reply = None
            continue
        last_lines = (last_lines + [line])[-DETAIL_LINES:]
        log(line)
    process.stdout.close()
    code = process.wait()
    if isinstance(reply, dict):
        return reply, code
    if code == 127:
        raise _error("image %s has no python3 (needed to build an environment in it)" % image_id,
                     "\n".join(last_lines))
    raise _error("the environment tool gave no reply in image %s (exit %d): %s"
                 % (image_id, code, _last_line(last_lines)), "\n".join(last_lines))


def python_in_image(engine, image_id, cache_dir=""):
    """platform.python_version() of python3 in the image, or "" when the image has none. An image id names
    fixed contents, so the answer is kept in cache_dir (when given) and a later run starts no container for it."""
    cache = os.path.join(cache_dir, ".trainyard-python-version") if cache_dir else ""
    if cache:
        try:
            with open(cache) as f:
                return f.read().strip()
        except OSError:
            pass
    version = _python_in_image(engine, image_id)
    if cache:
        try:
            os.makedirs(cache_dir, exist_ok=True)
            tmp = "%s.%d" % (cache, os.getpid())
            with open(tmp, "w") as f:
                f.write(version + "\n")
            os.replace(tmp, cache)
        except OSError:
            pass  # only a cache
    return version


def _python_in_image(engine, image_id):
    code, out, err = _captured([engine, "run", "--rm", "--network", "host", image_id, "python3", "-c",
                                "import platform; print(platform.python_version())"])
    if code == 0 and out.strip():
        return out.strip().splitlines()[-1]
    # 127: no such command in the image; anything else is the engine failing, which is an error.
    if code in (126, 127):
        return ""
    raise _error("cannot run image %s: %s" % (image_id, _last_line(err.splitlines()) or "exit %d" % code),
                 err.strip())


def ensure_in_image(request, log):
    image = resolve_image(request, log)
    definition = request.get("definition") or {}
    manager = definition.get("manager") or "none"
    if manager == "none" or definition.get("user_managed") in (True, "true"):
        # Nothing to build: the job runs with the image's python3, or as a shell job in an image without one.
        root = request.get("root") or ""
        cache_dir = os.path.join(root, "image-" + short_id(image["id"])) if os.path.isabs(root) else ""
        version = python_in_image(image["engine"], image["id"], cache_dir)
        return {"ok": True, "hash": "", "short": "", "manager": "none", "built": False, "waited": False,
                "build_seconds": 0, "prefix": "", "python": "python3" if version else "", "bin_dir": "",
                "python_version": version, "size_bytes": 0, "created_ms": 0, "image": image}
    root = request.get("root") or ""
    if not os.path.isabs(root):
        raise _error("the environments root %r is not an absolute path" % root)
    os.makedirs(root, exist_ok=True)
    inner = dict(request)
    inner.pop("container", None)
    inner["python"] = "python3"
    inner["root"] = os.path.join(root, "image-" + short_id(image["id"]))
    inner["image_id"] = image["id"]
    inner["image"] = image
    mounts = [(root, False)] + [(folder, True) for folder in _local_find_links(request)]
    reply, _ = run_tool_in_image(image["engine"], image["id"], inner, mounts, log)
    if reply.get("ok"):
        reply["image"] = image
    return reply


def describe_in_image(request, log):
    container = request.get("container") or {}
    engine = container.get("engine") or ""
    image_id = container.get("image_id") or container.get("image") or ""
    if not engine or not image_id:
        raise _error("the describe request names no engine and image id")
    facts = _env().host_facts()
    image = {"engine": engine, "id": image_id}
    try:
        image.update(inspect(engine, image_id))
    except Exception as e:  # the job already ran: a missing detail is recorded, never fatal
        image["inspect_error"] = getattr(e, "message", str(e))
    python = request.get("python") or ""
    prefix = request.get("prefix") or ""
    description = {"interpreter": {"path": python, "version": ""}, "host": facts, "image": image}
    result = {"ok": True, "description": description, "freeze": "", "conda_list": ""}
    if not python and not prefix:
        return result  # a shell job in an image without Python
    known = _known_description(request, prefix, image_id)
    if known is not None:
        description["interpreter"] = known.get("interpreter") or description["interpreter"]
        for key in ("freeze", "conda_list", "freeze_error"):
            if known.get(key):
                result[key] = known[key]
        return result
    inner = dict(request)
    inner.pop("container", None)
    inner.pop("root", None)
    mounts = [(prefix, True)] if prefix and os.path.isdir(prefix) else []
    try:
        reply, code = run_tool_in_image(engine, image_id, inner, mounts, log)
    except Exception as e:
        # An image without python3 ran a shell job: it has no interpreter to describe.
        description["interpreter"] = {"path": "", "version": ""}
        result["freeze_error"] = getattr(e, "message", str(e))
        return result
    if not reply.get("ok"):
        result["freeze_error"] = reply.get("error") or "describe failed in the image"
        return result
    inside = reply.get("description") or {}
    description["interpreter"] = inside.get("interpreter") or description["interpreter"]
    for key in ("freeze", "conda_list", "freeze_error"):
        if reply.get(key):
            result[key] = reply[key]
    if not prefix:
        _remember_description(request, image_id, {"interpreter": description["interpreter"],
                                                  "freeze": result.get("freeze", ""),
                                                  "conda_list": result.get("conda_list", "")})
    return result


DESCRIPTION_CACHE = ".trainyard-describe.json"


def _description_cache(request, image_id):
    root = request.get("root") or ""
    return os.path.join(root, "image-" + short_id(image_id), DESCRIPTION_CACHE) if os.path.isabs(root) else ""


def _known_description(request, prefix, image_id):
    """What describing inside the image would answer, when it is known without starting a container: an
    environment built on top of the image recorded its interpreter's version and package list in its prefix
    (this machine reads it in place), and an image's own interpreter and packages are fixed by its id, so the
    first run's answer is kept beside the image's environments. None when a container has to be asked."""
    env = _env()
    if prefix:
        record = env.read_json(os.path.join(prefix, env.RECORD_FILE))
        try:
            with open(os.path.join(prefix, env.FREEZE_FILE), encoding="utf-8") as f:
                freeze = f.read()
        except OSError:
            return None
        if not record.get("python_version"):
            return None
        known = {"interpreter": {"path": os.path.join(prefix, "bin", "python"), "version": record["python_version"]},
                 "freeze": freeze}
        try:
            with open(os.path.join(prefix, env.CONDA_LIST_FILE), encoding="utf-8") as f:
                known["conda_list"] = f.read()
        except OSError:
            pass
        return known
    cache = _description_cache(request, image_id)
    if not cache:
        return None
    known = env.read_json(cache)
    return known if isinstance(known.get("interpreter"), dict) else None


def _remember_description(request, image_id, known):
    cache = _description_cache(request, image_id)
    if not cache or not (known.get("interpreter") or {}).get("version"):
        return
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = "%s.%d" % (cache, os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(known, f)
        os.replace(tmp, cache)
    except OSError:
        pass  # only a cache
