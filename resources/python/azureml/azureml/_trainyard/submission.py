"""From the SDK's run configurations to a Trainyard estimator file, and its submit.

The file is JSON (a subset of YAML, which the estimator parser reads) written into a private temporary
folder, with an absolute source_directory; `trainyard-cli submit FILE --json` snapshots the source at once,
so the folder goes when the submit returns.
"""

import json
import os
import shutil
import tempfile

from azureml._trainyard import call
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException

def target_name(compute_target):
    from azureml.core.compute import ComputeTarget
    if compute_target is None:
        return "local"
    if isinstance(compute_target, ComputeTarget):
        return compute_target.name
    if isinstance(compute_target, str) and compute_target.strip():
        return compute_target.strip()
    raise UserErrorException("compute_target: expected a ComputeTarget or a target's name, got %r" % (compute_target,))


def relative_to_source(path, source_directory):
    """A file inside the source folder travels with its snapshot; one elsewhere stays an absolute path."""
    absolute = os.path.abspath(path if os.path.isabs(path) else os.path.join(source_directory, path))
    inside = os.path.relpath(absolute, source_directory)
    if not inside.startswith(os.pardir + os.sep) and inside != os.pardir:
        return inside.replace(os.sep, "/")
    return absolute


def script_params_value(params, where="script_params"):
    from azureml.data.dataset_consumption_config import estimator_value
    if params is None:
        return None
    if not isinstance(params, dict):
        raise UserErrorException("%s: expected a dict of argument → value" % where)
    out = {}
    for key, value in params.items():
        # The SDK's "" is a bare flag, as in estimator files.
        out[str(key)] = "" if value == "" else estimator_value(value, "%s[%r]" % (where, key))
    return out


def arguments_value(arguments, where="arguments"):
    from azureml.data.dataset_consumption_config import estimator_value
    if arguments is None:
        return None
    if isinstance(arguments, (str, bytes)) or not hasattr(arguments, "__iter__"):
        raise UserErrorException("%s: expected a list of arguments" % where)
    return [estimator_value(a, "%s[%d]" % (where, i)) for i, a in enumerate(arguments)]


def submit(workspace, experiment_name, fields, tags):
    """Writes the estimator, submits it and returns the new run's summary (`submit --json`)."""
    estimator = {"experiment": experiment_name}
    estimator.update({k: v for k, v in fields.items() if v is not None})
    if tags:
        # Recorded with the run when it is inserted: no moment without them.
        estimator["tags"] = {str(k): "" if v is None else str(v) for k, v in dict(tags).items()}
    folder = tempfile.mkdtemp(prefix="trainyard-sdk-")
    try:
        path = os.path.join(folder, "estimator.yml")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(estimator, f, indent=2, ensure_ascii=False)
            f.write("\n")
        return call(workspace._folder, ["submit", path])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def raise_problems(owner, problems):
    if problems:
        raise TrainyardUnsupportedError(owner, problems)
