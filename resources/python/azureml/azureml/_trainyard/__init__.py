"""How the Azure ML stand-in reaches Trainyard: `trainyard-cli` as a subprocess, never through a shell.

Every call is `trainyard-cli --workspace DIR --json COMMAND ARGS...` with an argument list; the JSON the CLI
prints is the answer. The CLI's exit codes keep their meaning: 2 (invalid input) raises UserErrorException,
1 (the operation failed) raises AzureMLException, both with the CLI's own message.

This folder also marks the package as Trainyard's stand-in, so that a real Azure ML SDK is told apart from
another copy of the stand-in on sys.path (azureml/__init__.py, `trainyard-cli python-sdk --install`).
"""

import json
import os
import shutil
import subprocess
import sys
import threading

from azureml.exceptions import AzureMLException, UserErrorException

_MARKER = True


def _install_record():
    """install.json next to the package's folders, written by `trainyard-cli python-sdk --install`."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../azureml/azureml
    root = os.path.dirname(os.path.dirname(package))
    path = os.path.join(root, "install.json")
    try:
        with open(path, "r", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def cli_path():
    """$TRAINYARD_CLI, else the trainyard-cli that installed this package, else trainyard-cli on PATH."""
    configured = os.environ.get("TRAINYARD_CLI")
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise UserErrorException("TRAINYARD_CLI=%s is not an executable file" % configured)
        return configured
    recorded = _install_record().get("cli")
    if recorded and os.path.isfile(recorded) and os.access(recorded, os.X_OK):
        return recorded
    found = shutil.which("trainyard-cli")
    if found:
        return found
    raise UserErrorException("trainyard-cli not found: set TRAINYARD_CLI, put it on PATH, or install this "
                             "package with `trainyard-cli python-sdk --install`")


def _message(stderr):
    lines = [l for l in stderr.decode("utf-8", "replace").splitlines() if l.strip()]
    cleaned = [l[len("trainyard-cli: "):] if l.startswith("trainyard-cli: ") else l for l in lines]
    return "\n".join(l for l in cleaned if not l.startswith("usage: trainyard-cli")) or "no message"


def _command(workspace, args, as_json):
    argv = [cli_path()]
    if workspace is not None:
        argv += ["--workspace", workspace]
    if as_json:
        argv.append("--json")
    return argv + [str(a) for a in args]


def _raise_for(code, args, stderr):
    text = "trainyard-cli %s: %s" % (args[0] if args else "", _message(stderr))
    if code == 2:
        raise UserErrorException(text)
    raise AzureMLException(text)


def call(workspace, args, as_json=True):
    """Runs one command and returns its parsed JSON (as_json) or its stdout text."""
    process = subprocess.run(_command(workspace, args, as_json), stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if process.returncode != 0:
        _raise_for(process.returncode, args, process.stderr)
    if not as_json:
        return process.stdout.decode("utf-8", "replace")
    try:
        return json.loads(process.stdout.decode("utf-8"))
    except ValueError as e:
        raise AzureMLException("trainyard-cli %s printed no JSON (%s): %r"
                               % (args[0] if args else "", e, process.stdout[:200]))


def _pump(stream, destination):
    """Copies a pipe to a text stream as it arrives (a notebook's sys.stdout is not a file descriptor)."""
    import codecs
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    while True:
        chunk = os.read(stream.fileno(), 65536)
        if not chunk:
            break
        if destination is not None:
            destination.write(decoder.decode(chunk))
            destination.flush()
    if destination is not None:
        destination.write(decoder.decode(b"", final=True))
        destination.flush()


def follow(workspace, run_id, show_output):
    """Blocks until the run has ended; with show_output its stdout and stderr stream to sys.stdout and
    sys.stderr as they are written (`trainyard-cli logs RUN --follow`, inotify, no polling)."""
    processes = []
    threads = []
    streams = [([], sys.stdout)]
    if show_output:
        streams.append((["--stderr"], sys.stderr))
    for extra, destination in streams:
        p = subprocess.Popen(_command(workspace, ["logs", run_id, "--follow"] + extra, False),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t = threading.Thread(target=_pump, args=(p.stdout, destination if show_output else None), daemon=True)
        t.start()
        processes.append(p)
        threads.append(t)
    errors = []
    for p, t in zip(processes, threads):
        t.join()
        err = p.stderr.read()
        p.wait()
        # Exit 1 only says the run did not complete; anything that names a problem is worth raising.
        if p.returncode not in (0, 1) or (p.returncode == 1 and err.strip()):
            errors.append((p.returncode, err))
    if errors:
        _raise_for(errors[0][0], ["logs"], errors[0][1])
