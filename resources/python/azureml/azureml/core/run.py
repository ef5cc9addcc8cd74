"""Azure ML compatible `Run`: inside a Trainyard run its logging lands in Trainyard's metric store; on the
submit side (from experiment.submit, Run(experiment, run_id) or Run.get) it is the run in the workspace.

    from azureml.core import Run
    run = Run.get_context()
    run.log("accuracy", 0.9)

Metric calls map onto `trainyard.log`; methods that only make sense against the Azure service are
harmless no-ops, so scripts run unchanged. The submit-side methods (get_status, wait_for_completion,
get_metrics, download_file, register_model, ...) drive `trainyard-cli`.
"""

import os
import shutil
import sys
import tempfile
import threading
import uuid
import warnings

try:
    import trainyard as _trainyard
except ImportError:  # pragma: no cover - the supervisor always puts both folders on PYTHONPATH
    raise ImportError("azureml shim: the Trainyard helper folder (resources/python/trainyard) "
                      "must be on PYTHONPATH next to this one")

from azureml.core.experiment import Experiment
from azureml.exceptions import ActivityFailedException, TrainyardUnsupportedError, UserErrorException

_TERMINAL = ("Completed", "Failed", "Canceled")


def _number(value):
    # Metric values are floats, as the SDK returns them (JSON writes 1.0 as 1); NaN and ±inf come as text.
    return float(value)


class Run(object):
    _context = None
    _context_lock = threading.Lock()

    def __init__(self, experiment=None, run_id=None, outputs=None, experiment_name=None, _summary=None, **kwargs):
        self._workspace = getattr(experiment, "workspace", None) if isinstance(experiment, Experiment) else None
        self.parent = None
        self._row_counts = {}
        self._tags = {}
        self._summary = None
        if self._workspace is not None:
            # Submit side: a run of the workspace, looked up now so an unknown id fails here.
            if not run_id:
                raise UserErrorException("Run(experiment, run_id): run_id is needed")
            self.id = run_id
            self.experiment = experiment
            self._summary = _summary if _summary is not None else self._show()
            self.experiment = Experiment(self._workspace, self._summary.get("experiment") or experiment.name)
        else:
            self.id = run_id or _trainyard.run_id() or ("OfflineRun_" + str(uuid.uuid4()))
            name = experiment.name if isinstance(experiment, Experiment) else experiment
            self.experiment = Experiment(experiment_name or name or _trainyard.experiment_name() or "offline")
        self.name = self.id
        self.number = None

    @classmethod
    def get_context(cls, allow_offline=True, **kwargs):
        with cls._context_lock:
            if cls._context is None:
                cls._context = cls()
            return cls._context

    @classmethod
    def _from_summary(cls, experiment, summary):
        return cls(experiment, summary["id"], _summary=summary)

    @staticmethod
    def get(workspace, run_id):
        summary = _call(workspace, ["show", run_id])
        return Run._from_summary(Experiment(workspace, summary["experiment"]), summary)

    # --- metrics -------------------------------------------------------------------------------------
    def log(self, name, value, description="", step=None):
        _trainyard.log(name, value, step=step)

    def log_list(self, name, value, description=""):
        for i, v in enumerate(value):
            _trainyard.log(name, v, step=i)

    def log_row(self, name, description=None, **kwargs):
        row = self._row_counts.get(name, 0)
        self._row_counts[name] = row + 1
        for column, v in kwargs.items():
            _trainyard.log("%s/%s" % (name, column), v, step=row)

    def log_table(self, name, value, description=""):
        for column, values in dict(value).items():
            for i, v in enumerate(values):
                _trainyard.log("%s/%s" % (name, column), v, step=i)

    def log_image(self, name, path=None, plot=None, description=""):
        warnings.warn("Trainyard: run.log_image is not recorded; save images under ./outputs instead",
                      stacklevel=2)

    # --- tags and properties -------------------------------------------------------------------------
    def tag(self, key, value=None):
        text = "" if value is None else str(value)
        if self._workspace is not None:
            _call(self._workspace, ["tag", self.id, "%s=%s" % (key, text)])
            return
        self._tags[key] = text
        # The helper's set_tag records the tag on the run while it runs; older helpers log it as a tag line.
        set_tag = getattr(_trainyard, "set_tag", None)
        if set_tag is not None:
            set_tag(key, value)
        else:
            _trainyard.log_tag(key, value)

    def set_tags(self, tags):
        if self._workspace is not None and tags:
            _call(self._workspace, ["tag", self.id] + ["%s=%s" % (k, "" if v is None else v)
                                                       for k, v in dict(tags).items()])
            return
        for key, value in dict(tags).items():
            self.tag(key, value)

    def get_tags(self):
        if self._workspace is not None:
            return dict(self._show().get("tags") or {})
        return dict(self._tags)

    @property
    def tags(self):
        return self.get_tags()

    @property
    def properties(self):
        return {}

    def add_properties(self, properties):
        for key, value in dict(properties).items():
            self.tag(key, value)

    # --- lifecycle: Trainyard's supervisor owns the run's state --------------------------------------
    def complete(self, *args, **kwargs):
        pass

    def fail(self, *args, **kwargs):
        pass

    def flush(self, *args, **kwargs):
        pass

    def get_portal_url(self):
        return "trainyard://run/%s" % (self.id,)

    # --- the submit side -----------------------------------------------------------------------------
    def _need_workspace(self, what):
        if self._workspace is None:
            raise UserErrorException("Run.%s: this Run is the context of a running script; look the run up from "
                                     "the workspace (Run(experiment, run_id)) to use it" % what)
        return self._workspace

    def _show(self):
        return _call(self._need_workspace("get_details"), ["show", self.id])

    @property
    def display_name(self):
        if self._workspace is None:
            return self.id
        return self._show().get("name") or self.id

    @display_name.setter
    def display_name(self, value):
        _call(self._need_workspace("display_name"), ["rename", self.id, "" if value is None else str(value)],
              as_json=False)

    @property
    def status(self):
        return self.get_status()

    def get_status(self):
        return self._show()["status"]

    def get_details(self):
        shown = self._show()
        return _details(shown)

    def get_details_with_logs(self):
        details = self.get_details()
        logs = {}
        for name in ("system/stdout.log", "system/stderr.log"):
            path = os.path.join(self._show()["run_dir"], *name.split("/"))
            try:
                with open(path, "r", encoding="utf-8", errors="replace") as f:
                    logs[name] = f.read()
            except OSError:
                pass
        details["logFiles"] = logs
        return details

    def wait_for_completion(self, show_output=False, wait_post_processing=False, raise_on_error=True):
        from azureml._trainyard import follow
        workspace = self._need_workspace("wait_for_completion")
        if show_output:
            # The shape of Azure's output: the run, then its log as it is written, then a summary.
            print("RunId: %s" % self.id)
            print("Web View: %s" % self.get_portal_url())
            print()
            print("Streaming system/stdout.log")
            print("===========================")
            print()
            sys.stdout.flush()
        follow(workspace._folder, self.id, show_output)
        details = self.get_details()
        if show_output:
            print()
            print("Execution Summary")
            print("=================")
            print("RunId: %s" % self.id)
            print("Web View: %s" % self.get_portal_url())
            print()
            sys.stdout.flush()
        if raise_on_error and details["status"] != "Completed":
            error = details.get("error", {}).get("error", {}).get("message") or details["status"]
            raise ActivityFailedException("Run %s %s: %s" % (self.id, details["status"], error))
        return details

    def cancel(self):
        _call(self._need_workspace("cancel"), ["cancel", self.id], as_json=False)

    def get_metrics(self, name=None, recursive=False, run_type=None, populate=False):
        """{name: value} for a metric logged once, {name: [values...]} for one logged more often, like the
        SDK; Trainyard's own system/ samples of the nodes are left out."""
        problems = [(n, "not supported") for n, v in (("recursive", recursive), ("run_type", run_type)) if v]
        if problems:
            raise TrainyardUnsupportedError("Run.get_metrics", problems)
        args = ["metrics", self.id]
        if name is not None:
            args += ["--name", name]
        series = _call(self._need_workspace("get_metrics"), args)
        metrics = {}
        for metric, points in series.items():
            if metric.startswith("system/"):
                continue
            values = [_number(p["value"]) for p in points]
            metrics[metric] = values[0] if len(values) == 1 else values
        return metrics

    def get_file_names(self):
        return [f["path"] for f in _call(self._need_workspace("get_file_names"), ["files", self.id])
                if not f.get("is_dir")]

    def download_file(self, name, output_file_path=None, _validate_checksum=False):
        """Copies one file of the run; output_file_path may be a folder (the file keeps its name there) and an
        existing file there is replaced, as the SDK does."""
        workspace = self._need_workspace("download_file")
        destination = output_file_path or os.path.basename(name)
        if os.path.isdir(destination):
            destination = os.path.join(destination, os.path.basename(name))
        destination = os.path.abspath(destination)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        _download_replacing(workspace, self.id, name, destination)
        return destination

    def download_files(self, prefix=None, output_directory=None, output_paths=None, batch_size=100,
                       append_prefix=True, timeout_seconds=None):
        """Every file whose path starts with prefix, into output_directory (the current folder by default),
        keeping the paths (without the prefix when append_prefix=False)."""
        if output_paths is not None:
            raise TrainyardUnsupportedError("Run.download_files", [("output_paths", "give output_directory")])
        names = self.get_file_names()
        prefix = (prefix or "").lstrip("/")
        chosen = [n for n in names if n.startswith(prefix)]
        if prefix and not chosen:
            raise UserErrorException("Run.download_files: run %s has no files under %s" % (self.id, prefix))
        root = os.path.abspath(output_directory or os.getcwd())
        written = []
        for n in chosen:
            relative = n if append_prefix or not prefix else n[len(prefix):].lstrip("/")
            target = os.path.join(root, *relative.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _download_replacing(self._workspace, self.id, n, target)
            written.append(target)
        return written

    def upload_file(self, name, path_or_stream, datastore_name=None):
        raise UserErrorException("Run.upload_file: write the file under ./outputs while the run runs")

    def register_model(self, model_name, model_path=None, tags=None, properties=None, model_framework=None,
                       model_framework_version=None, description=None, datasets=None, sample_input_dataset=None,
                       sample_output_dataset=None, resource_configuration=None, **kwargs):
        """Registers a file or folder of the run's outputs as the next version of model_name. Trainyard keeps a
        run's artifacts under outputs/: a model_path without that prefix (also None, which is model_name as
        in the SDK) names outputs/<model_path>."""
        from azureml.core.model import Model
        problems = [(n, "not supported by Trainyard's model registry") for n, v in (
            ("properties", properties), ("model_framework", model_framework),
            ("model_framework_version", model_framework_version), ("datasets", datasets),
            ("sample_input_dataset", sample_input_dataset), ("sample_output_dataset", sample_output_dataset),
            ("resource_configuration", resource_configuration)) if v]
        problems += [(k, "not a register_model argument") for k in kwargs]
        if problems:
            raise TrainyardUnsupportedError("Run.register_model", problems)
        workspace = self._need_workspace("register_model")
        path = (model_path if model_path is not None else model_name).strip("/")
        if not (path == "outputs" or path.startswith("outputs/")):
            path = "outputs/" + path
        args = ["register-model", self.id, "--name", model_name, "--path", path]
        if description:
            args += ["--description", description]
        for k, v in dict(tags or {}).items():
            args += ["--tag", "%s=%s" % (k, "" if v is None else v)]
        record = _call(workspace, args)
        return Model(workspace, record["name"], version=record["version"])

    def get_children(self, recursive=False, tags=None, properties=None, type=None, status=None,
                     _rehydrate_runs=True):
        return iter(())

    def __repr__(self):
        return "Run(id=%r, experiment=%r)" % (self.id, self.experiment.name)


def _call(workspace, args, as_json=True):
    from azureml._trainyard import call
    return call(workspace._folder, args, as_json)


def _download_replacing(workspace, run_id, name, destination):
    # trainyard-cli download never overwrites: copy next to the destination, then replace it in one step.
    staging = tempfile.mkdtemp(prefix=".trainyard-download-", dir=os.path.dirname(destination) or ".")
    try:
        copy = os.path.join(staging, os.path.basename(destination))
        _call(workspace, ["download", run_id, name, "--to", copy], as_json=False)
        if os.path.isdir(destination) and not os.path.islink(destination):
            shutil.rmtree(destination)
        os.replace(copy, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _script_arguments(command, entry_script):
    """What follows the entry script on the run's command line."""
    for i, word in enumerate(command):
        if entry_script and (word == entry_script or word.endswith("/" + entry_script)):
            return command[i + 1:]
    return []


def _details(shown):
    """The keys of the SDK's get_details() that have a Trainyard meaning; `trainyard` holds all of `show`."""
    estimator = shown.get("estimator") or {}
    details = {
        "runId": shown["id"],
        "target": shown.get("compute_target"),
        "status": shown["status"],
        "startTimeUtc": shown.get("started_at"),
        "endTimeUtc": shown.get("ended_at"),
        "properties": {},
        "tags": dict(shown.get("tags") or {}),
        "inputDatasets": [],
        "outputDatasets": [],
        "runDefinition": {
            "script": estimator.get("entry_script"),
            "command": shown.get("command"),
            "arguments": _script_arguments(shown.get("command") or [], estimator.get("entry_script")),
            "target": shown.get("compute_target"),
            "nodeCount": estimator.get("node_count", 1),
            "environment": shown.get("environment"),
        },
        "logFiles": {"system/stdout.log": os.path.join(shown.get("run_dir", ""), "system", "stdout.log"),
                     "system/stderr.log": os.path.join(shown.get("run_dir", ""), "system", "stderr.log")},
        "submittedBy": os.environ.get("USER", ""),
        "trainyard": shown,
    }
    if shown["status"] in ("Failed", "Canceled") or shown.get("error"):
        message = shown.get("error") or shown["status"]
        failure = shown.get("failure") or {}
        if failure.get("exception"):
            message = "%s\n%s (%s)" % (message, failure["exception"], failure.get("location") or "")
        details["error"] = {"error": {"code": "UserError" if shown.get("exit_code") else "ServiceError",
                                      "message": message}}
    return details


# The submit side needs the Experiment of azureml.core.experiment; re-exported here as it always was.
__all__ = ["Run", "Experiment"]
