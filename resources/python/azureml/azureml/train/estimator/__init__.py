"""azureml.train.estimator.Estimator over Trainyard's estimator.

Every constructor argument of the SDK v1 Estimator is accepted by name. The ones with a Trainyard meaning
become the estimator file's fields (see README, "Azure ML SDK v1 code"); the others raise
TrainyardUnsupportedError naming each of them when given a value other than the SDK's default, so nothing
is silently dropped. `_disable_validation`, `_show_lint_warnings` and `_show_package_warnings` only change the
SDK's own warnings and are accepted as they are.
"""

import os

from azureml._trainyard.submission import raise_problems, relative_to_source, script_params_value, submit, target_name
from azureml.exceptions import UserErrorException


def _framework_pin(package, version):
    version = str(version)
    return "%s==%s" % (package, version if version.count(".") >= 2 else version + ".*")


def _constructor_arguments(frame_locals):
    """The arguments an estimator's __init__ was called with, from its locals(): each subclass spells out the
    SDK's own signature (so a misspelt keyword fails as it does there) and hands them to _init as one dict."""
    arguments = dict(frame_locals)
    arguments.pop("self", None)
    arguments.pop("__class__", None)
    return arguments


class Estimator(object):
    """A script, its arguments, packages, image, nodes and processes, as one Trainyard run."""

    _OWNER = "Estimator"
    _FRAMEWORK_PACKAGE = None

    def __init__(self, source_directory, *, compute_target=None, vm_size=None, vm_priority=None,
                 entry_script=None, script_params=None, node_count=1, process_count_per_node=1,
                 distributed_backend=None, distributed_training=None, use_gpu=False, use_docker=True,
                 custom_docker_base_image=None, custom_docker_image=None, image_registry_details=None,
                 user_managed=False, conda_packages=None, pip_packages=None, conda_dependencies_file_path=None,
                 pip_requirements_file_path=None, conda_dependencies_file=None, pip_requirements_file=None,
                 environment_variables=None, environment_definition=None, inputs=None,
                 source_directory_data_store=None, shm_size=None, resume_from=None, max_run_duration_seconds=None,
                 _disable_validation=True, _show_lint_warnings=False, _show_package_warnings=False):
        self._init(_constructor_arguments(locals()))

    def _init(self, arguments):
        self._arguments = arguments
        self.source_directory = arguments["source_directory"]
        self.entry_script = arguments.get("entry_script")
        self.script_params = arguments.get("script_params")
        self.compute_target = arguments.get("compute_target")
        # Checked now, as the SDK checks its arguments in the constructor.
        self._fields, problems = self._map(arguments)
        raise_problems(self._OWNER, problems)

    # --- the mapping ---------------------------------------------------------------------------------
    def _map(self, a):
        owner = self._OWNER
        problems = []
        fields = {}
        source = a["source_directory"]
        if not source or not isinstance(source, str):
            raise UserErrorException("%s: source_directory: expected a folder" % owner)
        source = os.path.abspath(os.path.expanduser(source))
        if not os.path.isdir(source):
            raise UserErrorException("%s: source_directory: %s is not a folder" % (owner, source))
        fields["source_directory"] = source
        if not a.get("entry_script"):
            raise UserErrorException("%s: entry_script: the script to run (relative to source_directory) is "
                                     "needed" % owner)
        fields["entry_script"] = str(a["entry_script"]).replace(os.sep, "/")
        fields["compute_target"] = target_name(a.get("compute_target"))
        params = script_params_value(a.get("script_params"))
        if params:
            fields["script_params"] = params

        def refuse(name, why):
            problems.append((name, why))

        for name, why in (
                ("vm_size", "Trainyard runs on existing targets; choose one with compute_target"),
                ("vm_priority", "Trainyard runs on existing targets; choose one with compute_target"),
                ("image_registry_details", "log in once with `trainyard-cli registries login REGISTRY`; the "
                                           "password stays in the system keychain"),
                ("source_directory_data_store", "the source folder is snapshotted into the workspace"),
                ("shm_size", "containers get the engine's default shared memory"),
                ("resume_from", "runs do not resume from another run's outputs"),
                ("max_run_duration_seconds", "a time limit is a target setting (Slurm: targets set T "
                                             "--time-limit)")):
            if a.get(name) is not None:
                refuse(name, why)
        if a.get("use_gpu"):
            refuse("use_gpu", "runs see the target's GPUs; a Slurm target asks for them with --gpus-per-node")
        if a.get("_enable_optimized_mode"):
            refuse("_enable_optimized_mode", "Azure's prebuilt framework images do not exist here")

        # Where the run happens and with how many processes.
        self._map_layout(a, fields, refuse)

        # Packages, files and the image.
        image = a.get("custom_docker_image")
        if a.get("custom_docker_base_image"):
            if image:
                refuse("custom_docker_base_image", "give custom_docker_image only (the older name of the same)")
            image = a.get("custom_docker_base_image")
        if image:
            if a.get("use_docker") is False:
                refuse("use_docker", "use_docker=False contradicts custom_docker_image")
            fields["custom_docker_image"] = image
        if a.get("user_managed"):
            fields["user_managed_dependencies"] = True
        conda = list(a.get("conda_packages") or [])
        pip = list(a.get("pip_packages") or [])
        version = a.get("framework_version")
        if version is not None and self._FRAMEWORK_PACKAGE:
            pip.append(_framework_pin(self._FRAMEWORK_PACKAGE, version))
        files = [(n, a.get(n)) for n in ("conda_dependencies_file_path", "pip_requirements_file_path",
                                          "conda_dependencies_file", "pip_requirements_file") if a.get(n)]
        if len(files) > 1:
            refuse(files[1][0], "one environment file per run (%s is given too)" % files[0][0])
        if files:
            fields["environment_definition"] = relative_to_source(files[0][1], source)
        variables = dict(a.get("environment_variables") or {})
        environment = a.get("environment_definition")
        if environment is not None:
            from azureml.core.environment import Environment
            if not isinstance(environment, Environment):
                raise UserErrorException("%s: environment_definition: expected an Environment" % owner)
            for name in ("conda_packages", "pip_packages", "custom_docker_image", "custom_docker_base_image",
                         "conda_dependencies_file_path", "pip_requirements_file_path", "conda_dependencies_file",
                         "pip_requirements_file", "framework_version"):
                if a.get(name):
                    refuse(name, "give it in environment_definition, not both")
            if a.get("user_managed"):
                refuse("user_managed", "give it in environment_definition, not both")
            env_fields, env_problems = environment._trainyard_fields(source)
            problems.extend(env_problems)
            env_variables = env_fields.pop("environment_variables", {})
            env_variables.update(variables)
            variables = env_variables
            fields.update(env_fields)
            if "environment_definition" in fields:
                fields["environment_definition"] = relative_to_source(fields["environment_definition"], source)
        if conda:
            fields["conda_packages"] = [str(p) for p in conda]
        if pip:
            fields["pip_packages"] = [str(p) for p in pip]
        if variables:
            fields["environment_variables"] = {str(k): str(v) for k, v in variables.items()}

        # inputs: the SDK mounts them for run.input_datasets; here a dataset reaches a script as its argument.
        passed = [v["dataset"] for v in (params or {}).values() if isinstance(v, dict)]
        for i, item in enumerate(a.get("inputs") or []):
            dataset = getattr(item, "dataset", item)
            if getattr(dataset, "name", None) and dataset._reference("inputs[%d]" % i) in passed:
                continue  # the same dataset as an argument: that is how it reaches the script
            refuse("inputs[%d]" % i, "%r: pass the dataset in script_params (as_named_input(n).as_mount()); "
                                     "Trainyard gives it to the script as that argument" % (item,))
        return fields, problems

    def _map_layout(self, a, fields, refuse):
        from azureml.core.runconfig import MpiConfiguration, PyTorchConfiguration
        nodes = a.get("node_count", 1)
        per_node = a.get("process_count_per_node", 1)
        for name, value in (("node_count", nodes), ("process_count_per_node", per_node)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UserErrorException("%s: %s: expected a whole number >= 1, got %r" % (self._OWNER, name, value))
        mode = None
        backend = a.get("distributed_backend")
        config = a.get("distributed_training")
        if backend is not None and config is not None:
            refuse("distributed_backend", "give distributed_training only")
        if backend is not None:
            backend = str(backend).lower()
            if backend == "mpi":
                mode = "mpi"
            elif backend in ("nccl", "gloo") and self._FRAMEWORK_PACKAGE == "torch":
                mode = "pytorch"
            else:
                refuse("distributed_backend", "%r: Trainyard runs mpi%s" % (
                    backend, " or PyTorch's nccl/gloo" if self._FRAMEWORK_PACKAGE == "torch" else ""))
        if config is not None:
            layout = getattr(config, "_trainyard_layout", None)
            if layout is None:
                raise UserErrorException("%s: distributed_training: expected MpiConfiguration or "
                                         "PyTorchConfiguration, got %r" % (self._OWNER, config))
            mode, config_nodes, config_per_node, more = layout("distributed_training")
            for problem in more:
                refuse(*problem)
            # The estimator's own counts win; the configuration's apply when the estimator's are left at 1.
            if nodes == 1:
                nodes = config_nodes
            if per_node == 1 and isinstance(config, MpiConfiguration):
                per_node = config_per_node
            if isinstance(config, PyTorchConfiguration) and config.process_count is not None and per_node == 1:
                per_node = config_per_node
        fields["node_count"] = nodes
        fields["process_count_per_node"] = per_node
        if mode:
            fields["distributed_training"] = mode

    # --- what the SDK offers on an estimator ---------------------------------------------------------
    @property
    def run_config(self):
        return dict(self._fields)

    def _submit(self, experiment, tags):
        return submit(experiment.workspace, experiment.name, self._fields, tags)

    def __repr__(self):
        return "%s(source_directory=%r, entry_script=%r)" % (self._OWNER, self.source_directory, self.entry_script)


__all__ = ["Estimator"]
