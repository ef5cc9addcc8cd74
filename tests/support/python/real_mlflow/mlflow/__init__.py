"""A stand-in for the *real* mlflow in tests (the real one is not installable on the test machines).

It writes its tracking data exactly as MLflow's FileStore (mlflow/store/tracking/file_store.py) does, at the
file: URI of MLFLOW_TRACKING_URI (else ./mlruns):
  <root>/<experiment id>/meta.yaml                the experiment (yaml.safe_dump, keys sorted)
  <root>/<experiment id>/<run id>/meta.yaml       the run info, rewritten when the run ends
  <root>/<experiment id>/<run id>/metrics/<key>   appended per point: f"{timestamp} {value} {step}\n"
  <root>/<experiment id>/<run id>/params/<key>    the value, written once, no newline
  <root>/<experiment id>/<run id>/tags/<key>      the value, rewritten on each set_tag, no newline
with keys containing '/' as nested folders, and the tags MLflow sets itself (mlflow.user, mlflow.source.*,
mlflow.runName, mlflow.parentRunId). Importing it prints "real mlflow imported" on stderr, so tests can tell
it from Trainyard's stand-in.
"""

import os
import sys
import time
import urllib.parse
import urllib.request
import uuid

sys.stderr.write("real mlflow imported\n")
IS_TEST_REAL_MLFLOW = True

_active = []


def _root():
    uri = os.environ.get("MLFLOW_TRACKING_URI") or "./mlruns"
    if uri.startswith("file:"):
        return urllib.request.url2pathname(urllib.parse.unquote(urllib.parse.urlparse(uri).path))
    return os.path.abspath(uri)


def _yaml_scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    # yaml.safe_dump quotes strings that would read back as something else (numbers, empty).
    if text == "" or text.replace(".", "", 1).isdigit() or ":" in text:
        return "'" + text.replace("'", "''") + "'"
    return text


def _write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as f:
        for key in sorted(data):
            value = data[key]
            f.write("%s: %s\n" % (key, "[]" if value == [] else _yaml_scalar(value)))


def _write_to(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class _Info(object):
    pass


class ActiveRun(object):
    def __init__(self, run_id, run_name, experiment_id):
        self.info = _Info()
        self.info.run_id = run_id
        self.info.run_name = run_name
        self.info.experiment_id = experiment_id
        self.info.start_time = int(time.time() * 1000)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        end_run("FINISHED" if exc[0] is None else "FAILED")
        return False


def _experiment_dir(experiment_id="0"):
    folder = os.path.join(_root(), experiment_id)
    if not os.path.exists(os.path.join(folder, "meta.yaml")):
        os.makedirs(folder, exist_ok=True)
        now = int(time.time() * 1000)
        _write_yaml(os.path.join(folder, "meta.yaml"), {
            "artifact_location": "file://" + folder, "creation_time": now, "experiment_id": experiment_id,
            "last_update_time": now, "lifecycle_stage": "active", "name": "Default"})
    return folder


def _run_dir(run):
    return os.path.join(_root(), run.info.experiment_id, run.info.run_id)


def _run_meta(run, status, end_time):
    return {"artifact_uri": "file://" + os.path.join(_run_dir(run), "artifacts"), "end_time": end_time,
            "entry_point_name": "", "experiment_id": run.info.experiment_id, "lifecycle_stage": "active",
            "run_id": run.info.run_id, "run_name": run.info.run_name, "run_uuid": run.info.run_id,
            "source_name": "", "source_type": 4, "source_version": "", "start_time": run.info.start_time,
            "status": status, "tags": [], "user_id": os.environ.get("USER", "root"), "deleted_time": None}


def start_run(run_name=None, nested=False, tags=None):
    if _active and not nested:
        raise Exception("Run with UUID %s is already active." % _active[-1].info.run_id)
    run = ActiveRun(uuid.uuid4().hex, run_name or "bold-fox-%d" % (len(_active) + 100), "0")
    _experiment_dir("0")
    folder = _run_dir(run)
    os.makedirs(folder)
    _write_yaml(os.path.join(folder, "meta.yaml"), _run_meta(run, 1, None))
    for sub in ("metrics", "params", "artifacts"):
        os.makedirs(os.path.join(folder, sub))
    all_tags = {"mlflow.user": os.environ.get("USER", "root"), "mlflow.source.name": sys.argv[0],
                "mlflow.source.type": "LOCAL", "mlflow.runName": run.info.run_name}
    if _active:
        all_tags["mlflow.parentRunId"] = _active[-1].info.run_id
    all_tags.update(tags or {})
    _active.append(run)
    for key, value in all_tags.items():
        set_tag(key, value)
    return run


def end_run(status="FINISHED"):
    if _active:
        run = _active.pop()
        _write_yaml(os.path.join(_run_dir(run), "meta.yaml"),
                    _run_meta(run, 3 if status == "FINISHED" else 4, int(time.time() * 1000)))


def _current():
    return _active[-1] if _active else start_run()


def log_metric(key, value, step=None, timestamp=None):
    path = os.path.join(_run_dir(_current()), "metrics", key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("%s %s %s\n" % (timestamp or int(time.time() * 1000), float(value), step or 0))


def log_metrics(metrics, step=None):
    for key, value in metrics.items():
        log_metric(key, value, step)


def log_param(key, value):
    _write_to(os.path.join(_run_dir(_current()), "params", key), str(value))
    return value


def log_params(params):
    for key, value in params.items():
        log_param(key, value)


def set_tag(key, value):
    _write_to(os.path.join(_run_dir(_current()), "tags", key), str(value))
