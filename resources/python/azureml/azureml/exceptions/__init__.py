"""The exception classes of azureml.exceptions that Trainyard's stand-in raises."""


class AzureMLException(Exception):
    """An operation failed; the message says why (for Trainyard, trainyard-cli's own words)."""

    def __init__(self, exception_message="", inner_exception=None, **kwargs):
        super(AzureMLException, self).__init__(exception_message)
        self.message = exception_message
        self.inner_exception = inner_exception


class UserErrorException(AzureMLException):
    """The caller asked for something invalid: a wrong argument, an unknown name, an unsupported option."""


class ExperimentExecutionException(AzureMLException):
    pass


class ActivityFailedException(AzureMLException):
    """wait_for_completion(raise_on_error=True) of a run that did not complete."""


class RunEnvironmentException(AzureMLException):
    pass


class WebserviceException(AzureMLException):
    pass


class ModelNotFoundException(WebserviceException, UserErrorException):
    pass


class TrainyardUnsupportedError(UserErrorException):
    """Arguments that Trainyard cannot honour, named all at once: they are refused, never ignored."""

    def __init__(self, owner, problems):
        self.owner = owner
        self.problems = list(problems)
        names = ", ".join(name for name, _ in self.problems)
        details = "".join("\n  %s: %s" % (name, why) for name, why in self.problems)
        super(TrainyardUnsupportedError, self).__init__(
            "%s: not supported by Trainyard: %s%s" % (owner, names, details))


__all__ = ["AzureMLException", "UserErrorException", "ExperimentExecutionException", "ActivityFailedException",
           "RunEnvironmentException", "WebserviceException", "ModelNotFoundException", "TrainyardUnsupportedError"]


class ComputeTargetException(UserErrorException):
    pass


__all__.append("ComputeTargetException")
