"""mlflow.sklearn of Trainyard's stand-in: autolog() (records nothing, says so once) and log_model/
load_model, which pickle the model into ./outputs/<name>/model.pkl."""

import pickle

import trainyard_stand_in as support
from mlflow import _flavor

_FILE = "model.pkl"


def autolog(*args, **kwargs):
    _flavor.autolog("sklearn")


def log_model(sk_model, artifact_path=None, name=None, **kwargs):
    def save(path):
        with open(path, "wb") as f:
            pickle.dump(sk_model, f)
    return _flavor.log_model(save, _FILE, artifact_path=artifact_path, name=name)


def load_model(model_uri, dst_path=None):
    with open(_flavor.local_model_file(model_uri, _FILE), "rb") as f:
        return pickle.load(f)


def __getattr__(name):
    raise support.missing("mlflow.sklearn", name)
