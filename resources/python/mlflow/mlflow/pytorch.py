"""mlflow.pytorch of Trainyard's stand-in: autolog() (records nothing, says so once) and log_model/
load_model, which save the whole model with torch.save into ./outputs/<name>/model.pth."""

import trainyard_stand_in as support
from mlflow import _flavor

_FILE = "model.pth"


def autolog(*args, **kwargs):
    _flavor.autolog("pytorch")


def log_model(pytorch_model, artifact_path=None, name=None, **kwargs):
    import torch

    return _flavor.log_model(lambda path: torch.save(pytorch_model, path), _FILE, artifact_path=artifact_path,
                             name=name)


def load_model(model_uri, dst_path=None, **kwargs):
    import torch

    return torch.load(_flavor.local_model_file(model_uri, _FILE), **kwargs)


def __getattr__(name):
    raise support.missing("mlflow.pytorch", name)
