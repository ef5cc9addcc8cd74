"""Environment: packages, an image and variables of a run, mapped onto the estimator's fields.

- python.conda_dependencies → conda_packages / pip_packages (built once per target, reused by hash)
- python.conda_dependencies_file, from_conda_specification, from_pip_requirements → environment_definition
- python.user_managed_dependencies → user_managed_dependencies (the target's interpreter as it is)
- docker.base_image → custom_docker_image; environment_variables → environment_variables
What has no Trainyard meaning (a Dockerfile, registry credentials, an interpreter path, Spark, R) is refused
with its name when it is set.
"""

import os

from azureml.core.conda_dependencies import CondaDependencies
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class PythonSection(object):
    def __init__(self):
        self.user_managed_dependencies = False
        self.interpreter_path = "python"
        self.conda_dependencies = CondaDependencies()
        self.conda_dependencies_file = None
        self.base_conda_environment = None


class DockerSection(object):
    def __init__(self):
        self.enabled = False
        self.base_image = None
        self.base_dockerfile = None
        self.base_image_registry = ContainerRegistry()
        self.shm_size = None
        self.arguments = []
        self.shared_volumes = True
        self.gpu_support = None


class ContainerRegistry(object):
    def __init__(self):
        self.address = None
        self.username = None
        self.password = None
        self.registry_identity = None


class Environment(object):
    def __init__(self, name, **kwargs):
        self.name = name
        self.version = None
        self.python = PythonSection()
        self.docker = DockerSection()
        self.environment_variables = {}
        self.spark = None
        self.r = None
        self.inferencing_stack_version = None
        self._definition_file = None

    @staticmethod
    def from_conda_specification(name, file_path):
        env = Environment(name)
        env._definition_file = os.path.abspath(file_path)
        if not os.path.isfile(env._definition_file):
            raise UserErrorException("Environment.from_conda_specification: %s does not exist" % env._definition_file)
        env.python.conda_dependencies = CondaDependencies(env._definition_file)
        return env

    @staticmethod
    def from_pip_requirements(name, file_path, pip_version=None):
        if pip_version is not None:
            raise TrainyardUnsupportedError("Environment.from_pip_requirements",
                                            [("pip_version", "the environment's pip is the interpreter's")])
        env = Environment(name)
        env._definition_file = os.path.abspath(file_path)
        if not os.path.isfile(env._definition_file):
            raise UserErrorException("Environment.from_pip_requirements: %s does not exist" % env._definition_file)
        return env

    @staticmethod
    def from_existing_conda_environment(name, conda_environment_name):
        raise TrainyardUnsupportedError("Environment.from_existing_conda_environment", [(
            "conda_environment_name", "export it (conda env export > environment.yml) and use "
                                      "Environment.from_conda_specification")])

    @staticmethod
    def get(workspace, name, version=None, label=None):
        raise UserErrorException("Environment.get(%r): Trainyard has no registered or curated environments; "
                                 "build one with Environment(name) and CondaDependencies, or from a file" % name)

    def register(self, workspace):
        raise UserErrorException("Environment.register: Trainyard names environments by what they contain; "
                                 "pass the Environment itself to the run")

    def _trainyard_fields(self, source_directory):
        """The estimator fields of this environment, and what cannot be mapped, as (name, why) pairs."""
        where = "Environment(%r)" % self.name
        fields = {}
        problems = []
        python = self.python
        docker = self.docker
        if python.interpreter_path not in (None, "python"):
            problems.append(("%s python.interpreter_path" % where,
                             "set the target's interpreter: trainyard-cli targets set T --python PATH"))
        if python.base_conda_environment:
            problems.append(("%s python.base_conda_environment" % where, "not a Trainyard concept"))
        if docker.base_dockerfile:
            problems.append(("%s docker.base_dockerfile" % where, "build the image first and name it as base_image"))
        registry = docker.base_image_registry
        if registry is not None and (registry.username or registry.password or registry.registry_identity):
            problems.append(("%s docker.base_image_registry" % where,
                             "log in once with trainyard-cli registries login %s" % (registry.address or "HOST")))
        if docker.shm_size:
            problems.append(("%s docker.shm_size" % where, "containers get the engine's default"))
        if docker.arguments:
            problems.append(("%s docker.arguments" % where, "the container's options are Trainyard's"))
        if self.spark is not None or self.r is not None:
            problems.append(("%s spark/r" % where, "not supported"))
        if docker.base_image:
            image = docker.base_image
            if registry is not None and registry.address and "/" not in image.split(":")[0]:
                image = registry.address.rstrip("/") + "/" + image
            fields["custom_docker_image"] = image
        if python.user_managed_dependencies:
            fields["user_managed_dependencies"] = True
        definition = python.conda_dependencies_file or self._definition_file
        if definition:
            path = definition if os.path.isabs(definition) else os.path.join(source_directory, definition)
            fields["environment_definition"] = os.path.abspath(path)
        elif python.conda_dependencies is not None and not python.user_managed_dependencies:
            packages, more = python.conda_dependencies._trainyard_fields(where + " conda_dependencies")
            problems += more
            fields.update({k: v for k, v in packages.items() if v})
        if self.environment_variables:
            fields["environment_variables"] = {str(k): str(v) for k, v in self.environment_variables.items()}
        return fields, problems

    def __repr__(self):
        return "Environment(name=%r)" % (self.name,)


__all__ = ["Environment", "CondaDependencies"]
