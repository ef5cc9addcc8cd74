"""What the stand-in's model flavours (mlflow.sklearn, mlflow.pytorch) share: autolog() that says it records
nothing, and log_model() that saves the model under ./outputs/<name>/ with the flavour's own serialiser."""

import os

import trainyard_stand_in as support
from mlflow import _stand_in


class ModelInfo(object):
    def __init__(self, run_id, artifact_path, model_uri, local_path):
        self.run_id = run_id
        self.artifact_path = artifact_path
        self.model_uri = model_uri
        self.local_path = local_path  # where the stand-in put it (not an MLflow field)


def autolog(flavor):
    support.say_once("mlflow.%s.autolog" % flavor,
                     "mlflow.%s (Trainyard's stand-in): autolog() records nothing; log with mlflow.log_metric/"
                     "log_param, or install the real mlflow in the run's environment" % flavor)


def log_model(save, file_name, artifact_path=None, name=None):
    """Saves through `save(path)` into outputs/[<run prefix>/]<name or artifact_path or "model">/<file_name>."""
    run = _stand_in._target()
    path = name or artifact_path or "model"
    folder = support.outputs_destination(_stand_in._artifact_folder(run, path))
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, file_name)
    save(target)
    return ModelInfo(run.info.run_id, path, "runs:/%s/%s" % (run.info.run_id, path), target)


def local_model_file(model_uri, file_name):
    """The file a model URI of this stand-in (runs:/<id>/<path>) or a local folder names."""
    if model_uri.startswith("runs:/"):
        run_id, _, path = model_uri[len("runs:/"):].partition("/")
        run = _stand_in.get_run(run_id)
        folder = support.outputs_destination(_stand_in._artifact_folder(run, path))
    elif model_uri.startswith("file://"):
        folder = model_uri[len("file://"):]
    else:
        folder = model_uri
    return os.path.join(folder, file_name)
