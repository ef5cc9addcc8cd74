"""Trainyard's stand-in for the parts of the Azure ML SDK a training script uses at run time.

Only `azureml.core.Run` is provided; it logs through Trainyard's `trainyard` module. When a real Azure ML
SDK is installed anywhere on sys.path, this package hands its search path over to the real one on import,
so the real SDK is never hidden by the stand-in.
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
        if _os.path.isdir(_os.path.join(candidate, "core")):
            found.append(candidate)
    return found


_real = _real_azureml_folders()
if _real:
    __path__[:] = _real  # noqa: F821 - set by the import system for packages
del _real
