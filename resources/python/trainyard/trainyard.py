"""Run-side metric logging for Trainyard (standard library only, Python >= 3.7).

    import trainyard
    trainyard.log("loss", 0.3, step=1)
    trainyard.set_tag("optimizer", "adam")
    trainyard.log_param("seed", 1234)
    trainyard.set_name("baseline")        # the run's display name, unless it already has one
    trainyard.run_id(); trainyard.output_path()

Inside a Trainyard run, TRAINYARD_METRICS_FILE names a JSON-lines file; every call appends one line with a
single write() on an O_APPEND descriptor, so several processes (MPI ranks, data-loader workers) can log at
once without tearing lines. Outside Trainyard the calls print `name: value` lines instead, which Trainyard
(and Guild AI) also understand, so scripts run unchanged anywhere. Logging never raises into the script.
"""

import json
import math
import os
import sys
import threading
import time
import warnings

__all__ = ["log", "log_param", "set_tag", "log_tag", "set_name", "run_id", "experiment_name", "output_path"]

_lock = threading.Lock()
_fd = None
# The job's working folder is <run folder>/work on every target; outside Trainyard, where the script started.
_start_dir = (os.path.join(os.environ["TRAINYARD_RUN_DIR"], "work") if os.environ.get("TRAINYARD_RUN_DIR")
              else os.getcwd())


def run_id():
    """The id of the Trainyard run this process belongs to, or None outside Trainyard."""
    return os.environ.get("TRAINYARD_RUN_ID") or None


def experiment_name():
    return os.environ.get("TRAINYARD_EXPERIMENT") or None


def output_path():
    """The folder whose files Trainyard keeps as the run's outputs: ./outputs of the job's working folder,
    also when the script has changed directory since."""
    return os.path.join(_start_dir, "outputs")


def _metrics_fd():
    global _fd
    path = os.environ.get("TRAINYARD_METRICS_FILE")
    if not path:
        return None
    # A forked child shares the descriptor, which is fine with O_APPEND: every write lands at the end.
    if _fd is None:
        _fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    return _fd


def _write_line(record):
    line = (json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    with _lock:
        fd = _metrics_fd()
        if fd is None:
            return False
        view = memoryview(line)
        while view:  # a regular file takes the whole line in one write(); loop only for safety
            written = os.write(fd, view)
            view = view[written:]
    return True


def _number(value):
    """float(value) for numbers (also numpy scalars and one-element tensors), else None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (str, bytes)):
        return None
    try:
        if hasattr(value, "item") and callable(value.item):
            value = value.item()
        return float(value)
    except Exception:
        return None


def _json_number(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _step(step):
    if step is None:
        return None
    try:
        return int(step)
    except Exception:
        warnings.warn("trainyard: step %r is not an integer; logged without a step" % (step,), stacklevel=3)
        return None


def log(name, value, step=None, wall_time=None):
    """Logs one metric point (at `wall_time`, seconds since the epoch, when given; else now). Strings are
    recorded as tags; other non-numbers are skipped with a warning."""
    try:
        name = str(name).strip()
        if not name:
            warnings.warn("trainyard: metric name is empty; value not logged", stacklevel=2)
            return
        number = _number(value)
        if number is None:
            if isinstance(value, (str, bytes)):
                log_tag(name, value)
            else:
                warnings.warn("trainyard: value of %r is not a number (%s); not logged"
                              % (name, type(value).__name__), stacklevel=2)
            return
        step = _step(step)
        when = _number(wall_time) if wall_time is not None else None
        record = {"type": "metric", "name": name, "value": _json_number(number), "step": step,
                  "time": when if when is not None and math.isfinite(when) else time.time()}
        if not _write_line(record):
            if step is not None:
                print("step: %d" % step, flush=True)
            print("%s: %s" % (name, repr(number) if math.isfinite(number) else str(number)), flush=True)
    except Exception as exc:  # never break the user's training script over a metric
        warnings.warn("trainyard: could not log %r: %s" % (name, exc), stacklevel=2)


def log_param(name, value):
    """Records a parameter the run chose while it ran (a learning rate picked by a schedule, a seed): listed,
    sorted and filtered with the script's params; a param of the command line keeps its value."""
    try:
        name = str(name).strip()
        if not name:
            warnings.warn("trainyard: param name is empty; not recorded", stacklevel=2)
            return
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif value is None:
            text = ""
        else:
            text = str(value)
        if not _write_line({"type": "param", "name": name, "value": text}):
            print("param %s = %s" % (name, text), flush=True)
    except Exception as exc:
        warnings.warn("trainyard: could not record param %r: %s" % (name, exc), stacklevel=2)


def set_tag(name, value=None):
    """Records a key/value tag on the run while it runs (value converted to text; None means an empty tag);
    shown, listed and filtered (`tags.NAME = "..."`) like the tags a person gives the run."""
    try:
        name = str(name).strip()
        if not name:
            warnings.warn("trainyard: tag name is empty; not recorded", stacklevel=2)
            return
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        text = "" if value is None else str(value)
        if not _write_line({"type": "tag", "name": name, "value": text}):
            print("tag %s = %s" % (name, text), flush=True)
    except Exception as exc:
        warnings.warn("trainyard: could not record tag %r: %s" % (name, exc), stacklevel=2)


log_tag = set_tag  # the name the helper had first


def set_name(name):
    """Names the run (its display name) when nobody has named it yet: a name given at submit or by a person
    is kept."""
    try:
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        text = " ".join(str(name).split())
        if not text:
            return
        if not _write_line({"type": "name", "value": text}):
            print("name = %s" % text, flush=True)
    except Exception as exc:
        warnings.warn("trainyard: could not record the run name %r: %s" % (name, exc), stacklevel=2)
