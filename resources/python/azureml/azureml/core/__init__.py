"""azureml.core of Trainyard's stand-in: `Run` inside a Trainyard run, and the submit side of SDK v1
(Workspace, Experiment, ComputeTarget, Dataset, Environment, ScriptRunConfig, RunConfiguration, Model)."""

from azureml.core.run import Run, Experiment
from azureml.core.workspace import Workspace
from azureml.core.compute import ComputeTarget
from azureml.core.dataset import Dataset
from azureml.core.environment import Environment
from azureml.core.conda_dependencies import CondaDependencies
from azureml.core.runconfig import RunConfiguration
from azureml.core.script_run_config import ScriptRunConfig
from azureml.core.model import Model

__all__ = ["Run", "Experiment", "Workspace", "ComputeTarget", "Dataset", "Environment", "CondaDependencies",
           "RunConfiguration", "ScriptRunConfig", "Model"]
