"""CondaDependencies: the conda and pip packages of an Environment.

Unlike the SDK, a new one lists nothing (no python pin, no azureml-defaults): Trainyard's run-side stand-in
provides `azureml.core.Run`, and the target's interpreter decides the Python version unless one is pinned.
"""



class CondaDependencies(object):
    def __init__(self, conda_dependencies_file_path=None, _underlying_structure=None):
        self._conda = []
        self._pip = []
        self._channels = []
        self._pip_options = []
        self._python = None
        if conda_dependencies_file_path is not None:
            self._read_file(conda_dependencies_file_path)

    @staticmethod
    def create(pip_packages=None, conda_packages=None, python_version=None, pin_sdk_version=True,
               pip_indexurl=None):
        cd = CondaDependencies()
        if pip_indexurl:
            cd._pip_options.append("--index-url %s" % pip_indexurl)
        if python_version:
            cd._python = str(python_version)
        for p in conda_packages or []:
            cd.add_conda_package(p)
        for p in pip_packages or []:
            cd.add_pip_package(p)
        return cd

    def _read_file(self, path):
        # A minimal reader for the `channels` / `dependencies` (with a `pip:` list) shape of environment.yml.
        section = None
        in_pip = False
        with open(path, "r", encoding="utf-8") as f:
            for raw in f:
                line = raw.split("#", 1)[0].rstrip()
                if not line.strip():
                    continue
                if not line.startswith(" ") and not line.startswith("-"):
                    section = line.split(":", 1)[0].strip()
                    in_pip = False
                    continue
                item = line.strip()
                if not item.startswith("-"):
                    continue
                value = item[1:].strip().strip("'\"")
                if section == "channels":
                    self._channels.append(value)
                elif section == "dependencies":
                    if value.rstrip(":") == "pip" and value.endswith(":"):
                        in_pip = True
                        continue
                    indent = len(line) - len(line.lstrip())
                    if in_pip and indent >= 4:
                        self._pip.append(value)
                    else:
                        in_pip = False
                        self.add_conda_package(value)

    def add_conda_package(self, conda_package):
        name = conda_package.split("=", 1)[0].strip()
        if name == "python":
            self._python = conda_package.split("=", 1)[1] if "=" in conda_package else None
            return
        if conda_package not in self._conda:
            self._conda.append(conda_package)

    def remove_conda_package(self, conda_package):
        self._conda = [p for p in self._conda if p.split("=", 1)[0] != conda_package.split("=", 1)[0]]

    def add_pip_package(self, pip_package):
        if pip_package not in self._pip:
            self._pip.append(pip_package)

    def remove_pip_package(self, pip_package):
        self._pip = [p for p in self._pip if p != pip_package]

    def add_channel(self, channel):
        if channel not in self._channels:
            self._channels.append(channel)

    def set_pip_option(self, pip_option):
        self._pip_options.append(pip_option)

    def set_python_version(self, version):
        self._python = str(version)

    def get_python_version(self):
        return self._python

    def add_tensorflow_conda_package(self, core_type="cpu", version=None):
        self.add_conda_package("tensorflow" + ("=" + version if version else ""))

    def add_tensorflow_pip_package(self, core_type="cpu", version=None):
        self.add_pip_package("tensorflow" + ("==" + version if version else ""))

    @property
    def conda_packages(self):
        return list(self._conda)

    @property
    def pip_packages(self):
        return list(self._pip)

    @property
    def conda_channels(self):
        return list(self._channels)

    @property
    def pip_options(self):
        return list(self._pip_options)

    def serialize_to_string(self):
        lines = ["name: project_environment", "dependencies:"]
        if self._python:
            lines.append("- python=%s" % self._python)
        lines += ["- %s" % p for p in self._conda]
        if self._pip:
            lines.append("- pip:")
            lines += ["  - %s" % p for p in self._pip]
        if self._channels:
            lines.append("channels:")
            lines += ["- %s" % c for c in self._channels]
        return "\n".join(lines) + "\n"

    def save_to_file(self, base_directory, conda_file_path=None):
        import os
        path = os.path.join(base_directory, conda_file_path or "conda_dependencies.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.serialize_to_string())
        return path

    save = save_to_file

    def _trainyard_fields(self, where):
        """The estimator fields these dependencies become: conda_packages, pip_packages."""
        problems = []
        if self._channels:
            problems.append(("%s channels" % where, "name the channel per package (conda-forge::numpy) or use "
                                                    "an environment.yml as environment_definition"))
        if self._pip_options:
            problems.append(("%s pip options" % where, "set them per target: trainyard-cli targets set T "
                                                       "--pip-index-url URL (or pip.conf)"))
        conda = list(self._conda)
        if self._python and conda:
            conda.insert(0, "python=%s" % self._python)
        elif self._python:
            problems.append(("%s python version" % where,
                             "a Python version needs a conda environment: add a conda package, or set the "
                             "target's interpreter with trainyard-cli targets set T --python PATH"))
        return {"conda_packages": conda, "pip_packages": list(self._pip)}, problems

    def __repr__(self):
        return "CondaDependencies(conda=%r, pip=%r)" % (self._conda, self._pip)


__all__ = ["CondaDependencies"]
