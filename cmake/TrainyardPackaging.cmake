# The Debian package: `cmake --build build --target package` (or `cpack` in the build folder) writes
# build/trainyard_<version>_<arch>.deb with everything `install()` names (app/ and packaging/). The shared
# libraries it links give its Depends (dpkg-shlibdeps); what it loads or runs without linking is named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME trainyard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Trainyard")
set(CPACK_PACKAGE_CONTACT "Trainyard developers <developers@trainyard.io>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop experiment manager for machine learning training runs")
set(CPACK_PACKAGE_DESCRIPTION
  "Trainyard submits machine learning training runs described by an estimator to this machine, a machine\n"
  "over SSH or a Slurm cluster, follows their logs and metrics live, and keeps their snapshots, outputs and\n"
  "models in a workspace. It has a desktop application (trainyard) and a command-line tool (trainyard-cli)\n"
  "over the same workspace.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Release binaries without their debug sections: a third of the size, and what a user runs.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://trainyard.io")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not linked, so not found by dpkg-shlibdeps:
# - python3: the run-side helper, the job wrapper's capture and the environment tool run with it;
# - libqt6sql6-sqlite: the QSQLITE driver plugin the workspace database opens through;
# - hicolor-icon-theme: owns the icon folders and refreshes their cache when icons come or go.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, libqt6sql6-sqlite, hicolor-icon-theme")
# Wanted on a desktop but not for every use: the windowing-system plugins (the GUI; the CLI needs none),
# the system keychain the secrets live in (targets with passwords), ssh for SSH and Slurm targets,
# Qt's own translations for the standard buttons and dialogs of a Turkish window.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "qt6-qpa-plugins, gnome-keyring | libkf5wallet-bin, openssh-client, qt6-translations-l10n")
# Container runs, Slurm targets and the bundled sample's own needs.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "podman | docker.io, slurm-client, python3-numpy, python3-sklearn")
include(CPack)
