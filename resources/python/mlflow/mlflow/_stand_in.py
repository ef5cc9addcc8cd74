"""The MLflow tracking calls of Trainyard's stand-in, mapped onto the `trainyard` helper.

- A script's first MLflow run is the Trainyard run: its metrics, params and tags keep their names and its
  run_name becomes the run's display name (unless it has one). Nested and later runs are kept apart under
  "<run_name>/" (or the first 8 characters of their id when unnamed), for metrics, params, tags and
  artifacts alike.
- log_metric without a step gives a point without a step (Trainyard orders it by arrival; MLflow would
  record step 0); a timestamp (milliseconds, MLflow's unit) becomes the point's time.
- Tags named mlflow.* are MLflow's own bookkeeping: kept on the run object, not on the Trainyard run, except
  mlflow.runName, which names the run.
- Logging without an active run starts one, as MLflow does.
"""

import atexit
import json
import os
import threading
import time
import uuid

import trainyard
import trainyard_stand_in as support

__version__ = "0.0.0+trainyard"

__all__ = [
    "ActiveRun", "Experiment", "MlflowException", "Run", "RunData", "RunInfo",
    "active_run", "autolog", "create_experiment", "end_run", "get_artifact_uri", "get_experiment",
    "get_experiment_by_name", "get_registry_uri", "get_run", "get_tracking_uri", "is_tracking_uri_set",
    "last_active_run", "log_artifact", "log_artifacts", "log_dict", "log_figure", "log_metric", "log_metrics",
    "log_param", "log_params", "log_text", "set_experiment", "set_registry_uri", "set_tag", "set_tags",
    "set_tracking_uri", "start_run",
]


class MlflowException(Exception):
    """Raised where MLflow itself raises an MlflowException."""


class RunInfo(object):
    def __init__(self, run_id, run_name, experiment_id, artifact_uri):
        self.run_id = run_id
        self.run_uuid = run_id
        self.run_name = run_name
        self.experiment_id = experiment_id
        self.artifact_uri = artifact_uri
        self.status = "RUNNING"
        self.start_time = int(time.time() * 1000)
        self.end_time = None
        self.lifecycle_stage = "active"
        self.user_id = os.environ.get("USER", "")


class RunData(object):
    def __init__(self):
        self.metrics = {}
        self.params = {}
        self.tags = {}


class Run(object):
    def __init__(self, info, data):
        self.info = info
        self.data = data

    def __repr__(self):
        return "<Run: run_id=%r, run_name=%r>" % (self.info.run_id, self.info.run_name)


class ActiveRun(Run):
    """What start_run returns; `with mlflow.start_run():` ends the run, FAILED when the block raised."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        end_run("FINISHED" if exc_type is None else "FAILED", _run=self)
        return False


class Experiment(object):
    def __init__(self, experiment_id, name, tags=None):
        self.experiment_id = experiment_id
        self.name = name
        self.artifact_location = "file://" + support.outputs_destination(None)
        self.lifecycle_stage = "active"
        self.tags = dict(tags or {})

    def __repr__(self):
        return "<Experiment: experiment_id=%r, name=%r>" % (self.experiment_id, self.name)


_lock = threading.RLock()
_stack = []          # the active runs, innermost last
_runs = {}           # every run of this process by id
_prefixes = {}       # run id -> its metric prefix
_names = support.RunNames()
_last = [None]
_experiments = {"0": Experiment("0", "Default")}
_current_experiment = ["0"]
_tracking_uri = [None]
_registry_uri = [None]


def _prefix(run):
    return _prefixes[run.info.run_id]


def _artifact_folder(run, artifact_path=None):
    parts = [p for p in (_prefix(run).rstrip("/"), artifact_path) if p]
    return os.path.join(*parts) if parts else None


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, parent_run_id=None, tags=None,
              description=None, log_system_metrics=None):
    with _lock:
        if run_id is not None:
            run = _runs.get(run_id)
            if run is None:
                raise MlflowException("Run '%s' not found: Trainyard's mlflow stand-in can resume only runs this "
                                      "script started" % (run_id,))
            if run in _stack:
                raise MlflowException("Run with UUID %s is already active" % (run_id,))
            run.info.status = "RUNNING"
            run.info.end_time = None
            _stack.append(run)
            return run
        if _stack and not nested:
            raise MlflowException(
                "Run with UUID %s is already active. To start a new run, first end the current run with "
                "mlflow.end_run(). To start a nested run, call start_run with nested=True"
                % (_stack[-1].info.run_id,))
        new_id = uuid.uuid4().hex
        prefix = _names.prefix_for(new_id, run_name)
        _prefixes[new_id] = prefix
        experiment = str(experiment_id) if experiment_id is not None else _current_experiment[0]
        run = ActiveRun(RunInfo(new_id, run_name or new_id[:8], experiment, ""), RunData())
        run.info.artifact_uri = "file://" + support.outputs_destination(_artifact_folder(run))
        _runs[new_id] = run
        parent = parent_run_id or (_stack[-1].info.run_id if _stack else None)
        if parent:
            run.data.tags["mlflow.parentRunId"] = parent
        _stack.append(run)
        if run_name:
            run.data.tags["mlflow.runName"] = run_name
            if not prefix:
                trainyard.set_name(run_name)
        if description:
            run.data.tags["mlflow.note.content"] = description
        for key, value in dict(tags or {}).items():
            set_tag(key, value, _run=run)
        return run


def end_run(status="FINISHED", _run=None):
    with _lock:
        run = _run or (_stack[-1] if _stack else None)
        if run is None or run not in _stack:
            return
        # Ending an outer run ends the runs nested in it, as MLflow's context managers would have.
        while _stack:
            inner = _stack.pop()
            inner.info.status = status if inner is run else "FINISHED"
            inner.info.end_time = int(time.time() * 1000)
            _last[0] = inner
            if inner is run:
                break


atexit.register(lambda: [end_run() for _ in list(_stack)])


def active_run():
    with _lock:
        return _stack[-1] if _stack else None


def last_active_run():
    with _lock:
        return _stack[-1] if _stack else _last[0]


def get_run(run_id):
    with _lock:
        if run_id not in _runs:
            raise MlflowException("Run '%s' not found: Trainyard's mlflow stand-in knows only the runs this "
                                  "script started" % (run_id,))
        return _runs[run_id]


def _target(run_id=None):
    with _lock:
        if run_id is not None:
            return get_run(run_id)
        return _stack[-1] if _stack else start_run()


def log_metric(key, value, step=None, synchronous=None, timestamp=None, run_id=None, **kwargs):
    run = _target(run_id)
    number = trainyard._number(value)
    if number is None and isinstance(value, str):
        try:
            number = float(value)  # MLflow's PyTorch tutorial logs f"{loss:3f}"
        except ValueError:
            pass
    if number is None:
        raise MlflowException("Got invalid value %r for metric %r: a metric is a number" % (value, key))
    wall_time = timestamp / 1000.0 if timestamp is not None else None
    trainyard.log(_prefix(run) + str(key), number, step=step, wall_time=wall_time)
    run.data.metrics[str(key)] = number


def log_metrics(metrics, step=None, synchronous=None, run_id=None, timestamp=None, **kwargs):
    for key, value in dict(metrics).items():
        log_metric(key, value, step=step, timestamp=timestamp, run_id=run_id)


def log_param(key, value, synchronous=None, run_id=None):
    run = _target(run_id)
    key = str(key)
    text = str(value)
    if key in run.data.params and run.data.params[key] != text:
        raise MlflowException("Changing param values is not allowed. Param with key=%r was already logged with "
                              "value=%r for run ID=%r. Attempted logging new value %r."
                              % (key, run.data.params[key], run.info.run_id, text))
    run.data.params[key] = text
    trainyard.log_param(_prefix(run) + key, value)
    return value


def log_params(params, synchronous=None, run_id=None):
    for key, value in dict(params).items():
        log_param(key, value, run_id=run_id)


def set_tag(key, value, synchronous=None, run_id=None, _run=None):
    run = _run or _target(run_id)
    key = str(key)
    text = "" if value is None else str(value)
    run.data.tags[key] = text
    if key == "mlflow.runName":
        run.info.run_name = text
        if not _prefix(run):
            trainyard.set_name(text)
    elif not key.startswith("mlflow."):
        trainyard.set_tag(_prefix(run) + key, text)


def set_tags(tags, synchronous=None, run_id=None):
    for key, value in dict(tags).items():
        set_tag(key, value, run_id=run_id)


def log_artifact(local_path, artifact_path=None, run_id=None, synchronous=None):
    support.copy_into_outputs(local_path, _artifact_folder(_target(run_id), artifact_path))


def log_artifacts(local_dir, artifact_path=None, run_id=None, synchronous=None):
    support.copy_folder_contents_into_outputs(local_dir, _artifact_folder(_target(run_id), artifact_path))


def _artifact_file(run, artifact_file):
    return os.path.join(_artifact_folder(run) or "", artifact_file)


def log_text(text, artifact_file, run_id=None):
    support.write_into_outputs(_artifact_file(_target(run_id), artifact_file), str(text))


def log_dict(dictionary, artifact_file, run_id=None):
    # JSON for every extension: JSON is also YAML, so a .yaml artifact reads back with any YAML loader.
    text = json.dumps(dictionary, indent=2, default=str)
    support.write_into_outputs(_artifact_file(_target(run_id), artifact_file), text + "\n")


def log_figure(figure, artifact_file, save_kwargs=None, run_id=None):
    path = support.outputs_destination(_artifact_file(_target(run_id), artifact_file))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if hasattr(figure, "savefig"):  # matplotlib
        figure.savefig(path, **dict(save_kwargs or {}))
    elif hasattr(figure, "write_html") and path.endswith(".html"):  # plotly
        figure.write_html(path, **dict(save_kwargs or {}))
    elif hasattr(figure, "write_image"):
        figure.write_image(path, **dict(save_kwargs or {}))
    else:
        raise TypeError("mlflow.log_figure (Trainyard's stand-in) saves matplotlib and plotly figures; got %s"
                        % type(figure).__name__)


def get_artifact_uri(artifact_path=None):
    run = _target()
    return "file://" + support.outputs_destination(_artifact_folder(run, artifact_path))


def autolog(*args, **kwargs):
    support.say_once("mlflow.autolog", "mlflow (Trainyard's stand-in): autolog() records nothing; log with "
                                       "mlflow.log_metric/log_param, or install the real mlflow in the run's "
                                       "environment")


def set_experiment(experiment_name=None, experiment_id=None):
    with _lock:
        if experiment_id is not None:
            experiment = get_experiment(str(experiment_id))
            if experiment is None:
                raise MlflowException("No experiment with id %r" % (experiment_id,))
        elif experiment_name:
            experiment = get_experiment_by_name(experiment_name)
            if experiment is None:
                experiment = get_experiment(create_experiment(experiment_name))
        else:
            raise MlflowException("set_experiment needs experiment_name or experiment_id")
        _current_experiment[0] = experiment.experiment_id
        return experiment


def create_experiment(name, artifact_location=None, tags=None):
    with _lock:
        if get_experiment_by_name(name) is not None:
            raise MlflowException("Experiment %r already exists." % (name,))
        experiment_id = str(len(_experiments))
        _experiments[experiment_id] = Experiment(experiment_id, name, tags)
        return experiment_id


def get_experiment(experiment_id):
    return _experiments.get(str(experiment_id))


def get_experiment_by_name(name):
    for experiment in list(_experiments.values()):
        if experiment.name == name:
            return experiment
    return None


def set_tracking_uri(uri):
    # Harmless: the stand-in records through Trainyard whatever the tracking URI says.
    _tracking_uri[0] = str(uri)


def get_tracking_uri():
    return _tracking_uri[0] or os.environ.get("MLFLOW_TRACKING_URI") or "file://" + os.path.abspath("mlruns")


def is_tracking_uri_set():
    return bool(_tracking_uri[0] or os.environ.get("MLFLOW_TRACKING_URI"))


def set_registry_uri(uri):
    _registry_uri[0] = str(uri)


def get_registry_uri():
    return _registry_uri[0] or get_tracking_uri()
