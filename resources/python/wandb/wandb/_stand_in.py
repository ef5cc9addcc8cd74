"""The W&B client calls of Trainyard's stand-in, mapped onto the `trainyard` helper.

- wandb.init: config → the run's params (nested dicts flattened with dots: {"model": {"lr": 1}} is
  model.lr; lists as JSON), tags → tags with an empty value, name → the display name (unless the run has
  one), project / group / job_type / notes → tags wandb.project, wandb.group, wandb.job_type, wandb.notes.
- wandb.log: numbers become metric points at W&B's step (a counter from 0 that each committed log advances;
  step=N jumps to N, a lower step is refused as W&B refuses it; commit=False stays on the step). Nested dicts
  are flattened with dots, strings become tags, other values are skipped with a warning.
- run.summary: W&B's summary keeps the last logged value of each key (read back here); a value set explicitly
  (run.summary["best_acc"] = 0.98) is recorded as one more point of that metric, without a step, so the runs
  table's metric column (the last value) shows what the summary says; a string becomes a tag.
- A script's first W&B run is the Trainyard run; a later one (after finish, or reinit) keeps its metrics,
  params and tags under "<its name or id>/".
- wandb.save(glob) copies the matching files into ./outputs at once and again when the run finishes.
"""

import atexit
import json
import os
import random
import string
import threading
import time
import warnings

import trainyard
import trainyard_stand_in as support

__version__ = "0.0.0+trainyard"

__all__ = ["Config", "Error", "Run", "Summary", "define_metric", "finish", "init", "log", "login", "save",
           "setup", "require", "watch", "unwatch"]

_INIT_ARGUMENTS = frozenset([
    "job_type", "dir", "config", "project", "entity", "reinit", "tags", "group", "name", "notes", "magic",
    "config_exclude_keys", "config_include_keys", "anonymous", "mode", "allow_val_change", "resume", "force",
    "tensorboard", "sync_tensorboard", "monitor_gym", "save_code", "id", "fork_from", "resume_from",
    "settings", "settings_override"])


class Error(Exception):
    """Raised where wandb raises wandb.Error."""


def _flatten(mapping, prefix=""):
    for key, value in mapping.items():
        name = prefix + str(key)
        if isinstance(value, dict):
            for item in _flatten(value, name + "."):
                yield item
        else:
            yield name, value


def _as_dict(source):
    if source is None:
        return {}
    if isinstance(source, Config):
        return source.as_dict()
    if isinstance(source, dict):
        return dict(source)
    if hasattr(source, "keys") and callable(source.keys):
        return {key: source[key] for key in source.keys()}
    if hasattr(source, "__dict__"):  # argparse.Namespace and the like
        return {key: value for key, value in vars(source).items() if not key.startswith("_")}
    raise TypeError("wandb.config takes a dict or an argparse.Namespace, not %s" % type(source).__name__)


def _param_text(value):
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), default=str)
    return value


class _KeyedValues(object):
    """What wandb.config and run.summary share: a dict reached by item or by attribute. Subclasses record
    each value set (__setitem__) and name themselves in errors (_what)."""

    _what = "object"

    def __init__(self, prefix):
        object.__setattr__(self, "_items", {})
        object.__setattr__(self, "_prefix", prefix)

    def __getitem__(self, key):
        return self._items[key]

    def __setattr__(self, name, value):
        self[name] = value

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError("%s has no key %r" % (self._what, name))

    def __contains__(self, key):
        return key in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __repr__(self):
        return repr(self._items)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def get(self, key, default=None):
        return self._items.get(key, default)


class Config(_KeyedValues):
    """wandb.config: attribute and item access; every key set is recorded as a param of the run."""

    _what = "wandb.config"

    def __init__(self):
        _KeyedValues.__init__(self, "")

    def _reset(self, prefix):
        self._items.clear()
        object.__setattr__(self, "_prefix", prefix)

    def _record(self, key, value):
        for name, leaf in _flatten({key: value}):
            trainyard.log_param(self._prefix + name, _param_text(leaf))

    def __setitem__(self, key, value):
        key = str(key)
        self._items[key] = value
        self._record(key, value)

    def as_dict(self):
        return dict(self._items)

    def update(self, values=None, allow_val_change=None, **kwargs):
        for key, value in dict(_as_dict(values), **kwargs).items():
            self[key] = value

    def setdefaults(self, values):
        for key, value in _as_dict(values).items():
            if key not in self._items:
                self[key] = value


class Summary(_KeyedValues):
    """run.summary: the last logged value of each key, and values set explicitly (recorded as points)."""

    _what = "run.summary"

    def _logged(self, key, value):
        self._items[key] = value

    def __setitem__(self, key, value):
        for name, leaf in _flatten({str(key): value}):
            self._items[name] = leaf
            trainyard.log(self._prefix + name, leaf)

    def update(self, values=None, **kwargs):
        for key, value in dict(_as_dict(values), **kwargs).items():
            self[key] = value


config = Config()
_lock = threading.RLock()
_current = [None]
_names = support.RunNames()


def _new_id():
    alphabet = string.ascii_lowercase + string.digits
    return "".join(random.SystemRandom().choice(alphabet) for _ in range(8))


class Run(object):
    """What wandb.init returns; `with wandb.init(...) as run:` finishes it (exit code 1 when the block raised)."""

    def __init__(self, run_id, name, project, entity, group, job_type, notes, tags, directory):
        self.id = run_id
        self.name = name or run_id
        self.project = project or os.environ.get("WANDB_PROJECT") or trainyard.experiment_name() or "uncategorized"
        self.entity = entity
        self.group = group
        self.job_type = job_type
        self.notes = notes
        self.tags = tuple(tags or ())
        self.dir = directory or os.getcwd()
        self.url = None
        self.offline = True
        self.resumed = False
        self.start_time = time.time()
        self._prefix = _names.prefix_for(run_id, name)
        self.summary = Summary(self._prefix)
        self.config = config
        self._step = 0
        self._saved = []
        self._finished = False

    @property
    def path(self):
        return "/".join(p for p in (self.entity, self.project, self.id) if p)

    @property
    def step(self):
        return self._step

    def __repr__(self):
        return "<Run %s (%s)>" % (self.id, self.name)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.finish(exit_code=0 if exc_type is None else 1)
        return False

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise support.missing("wandb", name, owner="Run")

    def log(self, data, step=None, commit=None, sync=None):
        if self._finished:
            raise Error("You must call wandb.init() before wandb.log(): this run has finished")
        if not isinstance(data, dict):
            raise TypeError("wandb.log takes a dict of values, not %s" % type(data).__name__)
        with _lock:
            if step is not None:
                step = int(step)
                if step < self._step:
                    warnings.warn("wandb: tried to log to step %d that is less than the current step %d. Steps "
                                  "must be monotonically increasing, so this data will be ignored."
                                  % (step, self._step), stacklevel=2)
                    return
                self._step = step
                if commit is None:
                    commit = False
            elif commit is None:
                commit = True
            for name, value in _flatten(data):
                if name.startswith("_"):  # W&B's own _step, _runtime, _timestamp
                    continue
                trainyard.log(self._prefix + name, value, step=self._step)
                self.summary._logged(name, value)
            if commit:
                self._step += 1

    def save(self, glob_str=None, base_path=None, policy="live"):
        if glob_str is None:
            return []
        if policy not in ("live", "now", "end"):
            raise ValueError('wandb.save: policy must be "live", "now" or "end", not %r' % (policy,))
        base = os.path.abspath(base_path) if base_path is not None else None
        if policy != "now":
            self._saved.append((os.path.abspath(glob_str), base))
        return self._copy(os.path.abspath(glob_str), base)

    def _copy(self, pattern, base):
        # Each run's files under its prefix folder (none for the first run).
        copied = support.copy_glob_into_outputs(pattern, base)
        if not self._prefix:
            return copied
        moved = []
        outputs = support.outputs_destination(None)
        for path in copied:
            relative = os.path.relpath(path, outputs)
            target = support.outputs_destination(os.path.join(self._prefix, relative))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(path, target)
            moved.append(target)
        return moved

    def finish(self, exit_code=None, quiet=None):
        with _lock:
            if self._finished:
                return
            self._finished = True
            for pattern, base in self._saved:
                try:
                    self._copy(pattern, base)
                except Exception as exc:  # a file removed since must not fail the script's end
                    warnings.warn("wandb: could not copy %s into outputs: %s" % (pattern, exc))
            if _current[0] is self:
                _current[0] = None

    def define_metric(self, *args, **kwargs):
        return define_metric(*args, **kwargs)

    def watch(self, *args, **kwargs):
        return watch(*args, **kwargs)

    def log_code(self, *args, **kwargs):
        support.say_once("wandb.log_code", "wandb (Trainyard's stand-in): log_code() does nothing; Trainyard "
                                           "keeps a snapshot of the run's code anyway")


def current_run():
    return _current[0]


def current_summary():
    run = _current[0]
    if run is None:
        raise Error("You must call wandb.init() before wandb.summary")
    return run.summary


def init(*args, **kwargs):
    if args:
        raise TypeError("wandb.init takes keyword arguments only (Trainyard's stand-in)")
    unknown = sorted(set(kwargs) - _INIT_ARGUMENTS)
    if unknown:
        raise TypeError("wandb.init() got unexpected keyword argument(s): %s" % ", ".join(unknown))
    with _lock:
        previous = _current[0]
        if previous is not None:
            reinit = kwargs.get("reinit")
            if reinit in (None, False, "default", "return_previous"):
                return previous
            previous.finish()
        run = Run(kwargs.get("id") or _new_id(), kwargs.get("name"), kwargs.get("project"), kwargs.get("entity"),
                  kwargs.get("group"), kwargs.get("job_type"), kwargs.get("notes"), kwargs.get("tags"),
                  kwargs.get("dir"))
        _current[0] = run
        config._reset(run._prefix)
        values = _as_dict(kwargs.get("config"))
        exclude = set(kwargs.get("config_exclude_keys") or ())
        include = kwargs.get("config_include_keys")
        for key, value in values.items():
            if key in exclude or (include is not None and key not in include):
                continue
            config[key] = value
        if kwargs.get("name") and not run._prefix:
            trainyard.set_name(kwargs["name"])
        for tag in run.tags:
            trainyard.set_tag(run._prefix + str(tag), "")
        for field in ("project", "group", "job_type", "notes"):
            if kwargs.get(field):
                trainyard.set_tag(run._prefix + "wandb." + field, kwargs[field])
        return run


def _run_or_error(call):
    run = _current[0]
    if run is None:
        raise Error("You must call wandb.init() before wandb.%s()" % call)
    return run


def log(data, step=None, commit=None, sync=None):
    _run_or_error("log").log(data, step=step, commit=commit)


def save(glob_str=None, base_path=None, policy="live"):
    return _run_or_error("save").save(glob_str, base_path=base_path, policy=policy)


def finish(exit_code=None, quiet=None):
    run = _current[0]
    if run is not None:
        run.finish(exit_code=exit_code)


atexit.register(finish)


def login(*args, **kwargs):
    return True


def setup(*args, **kwargs):
    return None


def require(*args, **kwargs):
    return None


def define_metric(*args, **kwargs):
    support.say_once("wandb.define_metric", "wandb (Trainyard's stand-in): define_metric() changes nothing; "
                                            "metrics are charted against W&B's step")


def watch(*args, **kwargs):
    support.say_once("wandb.watch", "wandb (Trainyard's stand-in): watch() records nothing; log gradients or "
                                    "weights with wandb.log, or install the real wandb in the run's environment")


def unwatch(*args, **kwargs):
    return None
