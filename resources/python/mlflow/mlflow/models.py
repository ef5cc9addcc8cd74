"""mlflow.models of Trainyard's stand-in: infer_signature (so MLflow's quickstart runs unchanged) returns a
signature that only describes the shapes it saw; log_model ignores it."""

import trainyard_stand_in as support


class ModelSignature(object):
    def __init__(self, inputs=None, outputs=None, params=None):
        self.inputs = inputs
        self.outputs = outputs
        self.params = params

    def __repr__(self):
        return "ModelSignature(inputs=%r, outputs=%r)" % (self.inputs, self.outputs)


def _describe(data):
    if data is None:
        return None
    shape = getattr(data, "shape", None)
    return {"type": type(data).__name__, "shape": list(shape) if shape is not None else None}


def infer_signature(model_input=None, model_output=None, params=None):
    return ModelSignature(_describe(model_input), _describe(model_output), params)


def __getattr__(name):
    raise support.missing("mlflow.models", name)
