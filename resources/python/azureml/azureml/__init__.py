"""Trainyard's stand-in for the parts of the Azure ML SDK a training script uses at run time.

Only `azureml.core.Run` is provided; it logs through Trainyard's `trainyard` module. The supervisor puts
this folder on PYTHONPATH only when no real azureml-core is installed in the run's environment.
"""
