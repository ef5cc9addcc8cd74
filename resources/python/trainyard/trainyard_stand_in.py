"""What Trainyard's stand-ins for other trackers' packages (mlflow, wandb) share (standard library only).

A stand-in is a regular package on the run's PYTHONPATH ahead of site-packages. `step_aside` makes it load
the real package instead when one is importable from anywhere else on sys.path, so installing the real
package is all it takes to use it. `RunNames` gives each of a script's tracker runs its metric prefix: the
first run started is the Trainyard run itself (names unchanged), every later or nested one is kept apart
under "<its name>/", as Trainyard's reader of a real MLflow's file store does.
"""

import glob
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import threading

import trainyard

_said = set()
_said_lock = threading.Lock()


def step_aside(name, init_file):
    """Loads the real package `name` in place of the stand-in whose __init__.py is `init_file`, when one is
    found on sys.path outside the stand-in's folder. Returns True when it did: sys.modules[name] is then the
    real package, and the import that ran the stand-in hands that one to the script."""
    own_root = os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(init_file))))
    others = [entry for entry in sys.path if os.path.realpath(entry or os.getcwd()) != own_root]
    spec = importlib.machinery.PathFinder.find_spec(name, others)
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)  # a real package that fails to import fails as it would without us
    return True


def say_once(key, message):
    """Prints `message` on stderr the first time `key` is seen in this process."""
    with _said_lock:
        if key in _said:
            return
        _said.add(key)
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def missing(package, name, owner=None):
    """The AttributeError for something a stand-in does not provide (`owner`: "Run" for run.NAME)."""
    return AttributeError(
        "%s.%s is not provided by Trainyard's %s stand-in (the real %s package is not installed in this "
        "environment; add it to the estimator's pip_packages to use it)"
        % (owner or package, name, package.split(".")[0], package.split(".")[0]))


class RunNames(object):
    """The metric prefixes of a script's tracker runs: "" for the first one, "<name>/" for the others."""

    def __init__(self):
        self._lock = threading.Lock()
        self._first = None
        self._taken = set()

    def prefix_for(self, run_id, name):
        with self._lock:
            if self._first is None or self._first == run_id:
                self._first = run_id
                return ""
            base = name or run_id[:8]
            prefix = base + "/"
            if prefix in self._taken:
                prefix = "%s-%s/" % (base, run_id[:8])
            self._taken.add(prefix)
            return prefix


def outputs_destination(relative_folder):
    """The folder under the run's outputs that `relative_folder` (None or "" for outputs itself) names,
    refusing paths that leave the outputs folder."""
    outputs = os.path.abspath(trainyard.output_path())
    folder = os.path.normpath(os.path.join(outputs, relative_folder or ""))
    if folder != outputs and not folder.startswith(outputs + os.sep):
        raise ValueError("%r leaves the run's outputs folder" % (relative_folder,))
    return folder


def copy_into_outputs(source, relative_folder=None, name=None):
    """Copies the file or folder `source` into outputs/<relative_folder>/<name or its own name>; returns
    where it went. A file already at that place is left as it is."""
    source = os.path.abspath(source)
    if not os.path.exists(source):
        raise FileNotFoundError("no such file or folder: %r" % (source,))
    folder = outputs_destination(relative_folder)
    target = os.path.join(folder, name or os.path.basename(source.rstrip(os.sep)))
    if os.path.realpath(source) == os.path.realpath(target):
        return target
    os.makedirs(folder, exist_ok=True)
    if os.path.isdir(source):
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)
    return target


def copy_folder_contents_into_outputs(source_folder, relative_folder=None):
    """Copies what `source_folder` holds (not the folder itself) into outputs/<relative_folder>/."""
    if not os.path.isdir(source_folder):
        raise NotADirectoryError("not a folder: %r" % (source_folder,))
    folder = outputs_destination(relative_folder)
    os.makedirs(folder, exist_ok=True)
    if os.path.realpath(source_folder) != os.path.realpath(folder):
        shutil.copytree(source_folder, folder, dirs_exist_ok=True)
    return folder


def copy_glob_into_outputs(pattern, base_path=None):
    """Copies the files `pattern` matches into outputs/, each at its path below `base_path` (by default the
    folder the pattern's first wildcard is in). Returns the copied files' places."""
    pattern = os.path.abspath(pattern)
    if base_path is None:
        literal = pattern
        for i, c in enumerate(pattern):
            if c in "*?[":
                literal = pattern[:i]
                break
        base_path = literal if literal.endswith(os.sep) else os.path.dirname(literal)
    base_path = os.path.abspath(base_path)
    copied = []
    for path in sorted(glob.glob(pattern, recursive=True)):
        if not os.path.isfile(path):
            continue
        relative = os.path.relpath(path, base_path)
        if relative.startswith(os.pardir):
            raise ValueError("%r is not below base_path %r" % (path, base_path))
        copied.append(copy_into_outputs(path, os.path.dirname(relative), os.path.basename(relative)))
    return copied


def write_into_outputs(relative_file, data):
    """Writes `data` (text or bytes) to outputs/<relative_file>; returns its path."""
    target = outputs_destination(relative_file)
    if target == outputs_destination(None):
        raise ValueError("an artifact file needs a name")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(target, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)
    return target
