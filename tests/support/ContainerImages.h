// Container images for the tests, built on this machine from its own files (no registry is reachable):
// built once per machine and reused by tag, rebuilt when missing. A machine-wide file lock makes tests that
// run in parallel build each image once.
#pragma once

#include <QString>

namespace ContainerImages {

// A busybox-static root: /bin/busybox and its applets (sh, ls, cat, sleep, echo, …), and /bin/bash standing
// in for bash (busybox's sh) so that .sh entry scripts run.
inline constexpr char kBusybox[] = "localhost/trainyard-test-busybox:1";
// The host's /usr/bin/python3.11 with the shared libraries it and its extension modules load, its standard
// library (no tests, idlelib, tkinter or bytecode caches), the wheels ensurepip installs in a venv, busybox
// as /bin/sh and the basic tools, /etc/os-release: enough for `python3 -m venv` and a pip install from a
// --find-links folder inside the container.
inline constexpr char kPython[] = "localhost/trainyard-test-python:1";
// kPython's files, with this machine's OpenMPI (mpirun, its libraries and plugins, set to start the ranks of
// one machine without ssh) and mpi4py: an MPI job runs inside it. conda cannot be installed here, so
// /usr/bin/micromamba is a stand-in that makes a prefix whose interpreter is the image's python3 and records
// each call as a JSON line in that prefix's .micromamba-calls.jsonl.
inline constexpr char kMpi[] = "localhost/trainyard-test-mpi:1";

// The podman on PATH, or empty.
QString podman();
// Makes sure the image exists on this machine, building it when it does not. False with the reason (podman
// missing names the package to install): the tests that need it fail rather than skip.
bool ensureBusybox(QString* error);
bool ensurePython(QString* error);
bool ensureMpi(QString* error);

} // namespace ContainerImages
