"""PyTorch, TensorFlow and Chainer estimators: the generic Estimator with the framework's defaults.

framework_version pins the framework's pip package (PyTorch 1.13 → torch==1.13.*); without it the run uses
the framework the target's interpreter (or the environment) already has, as Azure's curated images would.
"""

from azureml.core.runconfig import MpiConfiguration, PyTorchConfiguration, TensorflowConfiguration
from azureml.train.estimator import Estimator, _constructor_arguments


class PyTorch(Estimator):
    _OWNER = "PyTorch"
    _FRAMEWORK_PACKAGE = "torch"

    def __init__(self, source_directory, *, compute_target=None, vm_size=None, vm_priority=None,
                 entry_script=None, script_params=None, node_count=1, process_count_per_node=1,
                 distributed_backend=None, distributed_training=None, use_gpu=False, use_docker=True,
                 custom_docker_base_image=None, custom_docker_image=None, image_registry_details=None,
                 user_managed=False, conda_packages=None, pip_packages=None, conda_dependencies_file_path=None,
                 pip_requirements_file_path=None, conda_dependencies_file=None, pip_requirements_file=None,
                 environment_variables=None, environment_definition=None, inputs=None,
                 source_directory_data_store=None, shm_size=None, resume_from=None, max_run_duration_seconds=None,
                 framework_version=None, _enable_optimized_mode=False, _disable_validation=True,
                 _show_lint_warnings=False, _show_package_warnings=False):
        self._init(_constructor_arguments(locals()))


class Chainer(PyTorch):
    _OWNER = "Chainer"
    _FRAMEWORK_PACKAGE = "chainer"


class TensorFlow(Estimator):
    _OWNER = "TensorFlow"
    _FRAMEWORK_PACKAGE = "tensorflow"

    def __init__(self, source_directory, *, compute_target=None, vm_size=None, vm_priority=None,
                 entry_script=None, script_params=None, node_count=1, process_count_per_node=1, worker_count=1,
                 parameter_server_count=1, distributed_backend=None, distributed_training=None, use_gpu=False,
                 use_docker=True, custom_docker_base_image=None, custom_docker_image=None,
                 image_registry_details=None, user_managed=False, conda_packages=None, pip_packages=None,
                 conda_dependencies_file_path=None, pip_requirements_file_path=None, conda_dependencies_file=None,
                 pip_requirements_file=None, environment_variables=None, environment_definition=None, inputs=None,
                 source_directory_data_store=None, shm_size=None, resume_from=None, max_run_duration_seconds=None,
                 framework_version=None, _enable_optimized_mode=False, _disable_validation=True,
                 _show_lint_warnings=False, _show_package_warnings=False):
        self._init(_constructor_arguments(locals()))

    def _map(self, a):
        fields, problems = Estimator._map(self, a)
        for name in ("worker_count", "parameter_server_count"):
            if a.get(name, 1) != 1:
                problems.append((name, "parameter-server training; use distributed_training=MpiConfiguration() "
                                       "(Horovod)"))
        return fields, problems


class Mpi(object):
    """The SDK's deprecated distributed_backend object for MPI."""

    def __new__(cls, *args, **kwargs):
        return MpiConfiguration(*args, **kwargs)


class Nccl(object):
    def __new__(cls, *args, **kwargs):
        return PyTorchConfiguration(communication_backend="nccl")


class Gloo(object):
    def __new__(cls, *args, **kwargs):
        return PyTorchConfiguration(communication_backend="gloo")


class ParameterServer(object):
    def __new__(cls, worker_count=1, parameter_server_count=1):
        return TensorflowConfiguration(worker_count, parameter_server_count)


__all__ = ["PyTorch", "TensorFlow", "Chainer", "Mpi", "Nccl", "Gloo", "ParameterServer"]
