"""Trainyard's stand-in for the Azure ML SDK v1: `azureml.core.Run` inside a run (logging through
Trainyard's `trainyard` module), and the submit side (Workspace, Experiment, Estimator, ScriptRunConfig, Run,
Model) driving trainyard-cli.

When a real Azure ML SDK is installed anywhere on sys.path, this package hands its search path over to the
real one on import, so the real SDK is never hidden by the stand-in. Another copy of the stand-in (the one a
run gets on PYTHONPATH next to one installed with `trainyard-cli python-sdk --install`) is no real SDK: its
`_trainyard` folder tells it apart.
"""

import os as _os
import sys as _sys


def _real_azureml_folders():
    here = _os.path.dirname(_os.path.abspath(__file__))
    found = []
    for entry in _sys.path:
        candidate = _os.path.join(_os.path.abspath(entry or _os.getcwd()), "azureml")
        if candidate == here or candidate in found:
            continue
        if _os.path.isdir(_os.path.join(candidate, "_trainyard")):
            continue
        if _os.path.isdir(_os.path.join(candidate, "core")):
            found.append(candidate)
    return found


_real = _real_azureml_folders()
if _real:
    __path__[:] = _real  # noqa: F821 - set by the import system for packages
del _real
