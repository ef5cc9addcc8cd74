// trainyard-cli python-sdk: makes Trainyard's Azure ML SDK v1 stand-in (resources/python/azureml and the
// trainyard helper it logs through) importable by a Python interpreter. --install copies the package out of
// the binary into a folder per content under the user's data folder and writes a .pth file into the
// interpreter's site-packages (or its user site with --user) naming it, with this trainyard-cli's path
// recorded next to the package; --uninstall removes that .pth file; --print-path prints the PYTHONPATH
// entries instead. An interpreter that can import a real azureml-core is refused.
#pragma once

#include "Command.h"

class PythonSdkCommand : public Command
{
public:
    PythonSdkCommand();

protected:
    int run() override;
};
