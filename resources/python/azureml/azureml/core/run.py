"""Azure ML compatible `Run` whose logging lands in Trainyard's metric store.

    from azureml.core import Run
    run = Run.get_context()
    run.log("accuracy", 0.9)

Metric calls map onto `trainyard.log`; methods that only make sense against the Azure service are
harmless no-ops, so scripts written for Azure ML run unchanged.
"""

import os
import threading
import uuid
import warnings

try:
    import trainyard as _trainyard
except ImportError:  # pragma: no cover - the supervisor always puts both folders on PYTHONPATH
    raise ImportError("azureml shim: the Trainyard helper folder (resources/python/trainyard) "
                      "must be on PYTHONPATH next to this one")


class Experiment(object):
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Experiment(name=%r)" % (self.name,)


class Run(object):
    _context = None
    _context_lock = threading.Lock()

    def __init__(self, run_id=None, experiment_name=None):
        self.id = run_id or _trainyard.run_id() or ("OfflineRun_" + str(uuid.uuid4()))
        self.experiment = Experiment(experiment_name or _trainyard.experiment_name() or "offline")
        self.parent = None
        self.name = self.id
        self.display_name = self.id
        self._row_counts = {}
        self._tags = {}

    @classmethod
    def get_context(cls, allow_offline=True, **kwargs):
        with cls._context_lock:
            if cls._context is None:
                cls._context = cls()
            return cls._context

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
        self._tags[key] = "" if value is None else str(value)
        _trainyard.log_tag(key, value)

    def set_tags(self, tags):
        for key, value in dict(tags).items():
            self.tag(key, value)

    def get_tags(self):
        return dict(self._tags)

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

    def __repr__(self):
        return "Run(id=%r, experiment=%r)" % (self.id, self.experiment.name)
