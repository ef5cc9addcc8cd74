"""The SKLearn estimator: the generic Estimator on one node; framework_version pins scikit-learn."""

from azureml.train.estimator import Estimator, _constructor_arguments


class SKLearn(Estimator):
    _OWNER = "SKLearn"
    _FRAMEWORK_PACKAGE = "scikit-learn"

    def __init__(self, source_directory, *, compute_target=None, vm_size=None, vm_priority=None,
                 entry_script=None, script_params=None, use_docker=True, custom_docker_image=None,
                 image_registry_details=None, user_managed=False, conda_packages=None, pip_packages=None,
                 conda_dependencies_file_path=None, pip_requirements_file_path=None, conda_dependencies_file=None,
                 pip_requirements_file=None, environment_variables=None, environment_definition=None, inputs=None,
                 shm_size=None, resume_from=None, max_run_duration_seconds=None, framework_version=None,
                 _enable_optimized_mode=False, _disable_validation=True, _show_lint_warnings=False,
                 _show_package_warnings=False):
        self._init(_constructor_arguments(locals()))


__all__ = ["SKLearn"]
