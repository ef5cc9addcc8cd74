// What defines a run's environment, in one canonical form: the packages normalised and sorted, the
// definition file's content, the package options of the target. Two estimators that ask for the same thing
// in another spelling or order give the same canonical definition, so the environment tool (which hashes it
// with the interpreter's version, the target kind and the image) builds it once and every later run reuses
// it.
#pragma once

#include "estimator/Estimator.h"
#include "targets/TargetConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

class EnvironmentSpec
{
public:
    struct DefinitionFile {
        QString name; // the file's name, without its folder (moving the file does not change the environment)
        QString kind; // requirements | conda-yml | conda-lock
        QString content; // line endings normalised to \n
    };

    // The canonical definition of what the estimator asks for on this target; the definition file, when
    // there is one, must be given (see readDefinitionFile).
    EnvironmentSpec(const Estimator& estimator, const TargetConfig& target,
                    const std::optional<DefinitionFile>& file);

    // Reads the estimator's environment definition: a relative path from the run's snapshot (so the run gets
    // the file as it was at submit), an absolute one from this machine. Also builds the spec. nullopt with an
    // error naming the file when it cannot be read.
    static std::optional<EnvironmentSpec> forRun(const Estimator& estimator, const TargetConfig& target,
                                                 const QString& storeDir, const QString& snapshotId,
                                                 QString* error);
    // *file stays empty when the estimator names none; false with the error when the named one is unreadable.
    static bool readDefinitionFile(const Estimator& estimator, const QString& storeDir,
                                   const QString& snapshotId, std::optional<DefinitionFile>* file,
                                   QString* error);

    // A pip requirement in one spelling: the name lower-cased with runs of -_. as '-' (PEP 503), extras
    // normalised and sorted, no whitespace in the version specifiers (which are sorted), a marker after "; "
    // with single spaces between its words and none around its operators. "Scikit_Learn >= 1.0" becomes
    // "scikit-learn>=1.0". Text that is not a requirement (a path, a URL, an option) is only trimmed.
    static QString normalisePackage(const QString& requirement);
    // A conda match spec: the name lower-cased (conda keeps '_' and '-' apart, so they stay as written), no
    // whitespace around the version's operators, other whitespace single. "NumPy = 1.26" becomes
    // "numpy=1.26".
    static QString normaliseCondaPackage(const QString& spec);
    // Normalised, sorted, duplicates and empty entries dropped.
    static QStringList normalisedPip(const QStringList& requirements);
    static QStringList normalisedConda(const QStringList& specs);
    // From the name (.yml/.yaml: conda-yml; .lock: conda-lock) or the content (@EXPLICIT: conda-lock);
    // requirements otherwise.
    static QString fileKind(const QString& name, const QString& content);

    // none | pip | conda: conda when conda packages or a conda file are asked for, pip when only pip
    // packages or a requirements file, none when nothing is or the dependencies are user-managed.
    QString manager() const { return m_manager; }
    // Whether the environment tool has anything to do in Preparing: an environment to build or an image.
    bool needsTool() const { return m_manager != QLatin1String("none") || !m_image.isEmpty(); }
    QString image() const { return m_image; }
    // The tool's pip_options and conda_tool, from the target's settings.
    QJsonObject pipOptions() const { return m_pipOptions; }
    QString condaTool() const { return m_condaTool; }
    // {"manager","pip":[..],"conda":[..],"file":{name,kind,sha256,content}|null,"options":{"pip":{..},
    // "conda_tool"},"user_managed":bool}: what the tool hashes. conda_tool is in the options only for conda
    // environments, so changing it does not rebuild pip environments.
    QJsonObject canonicalJson() const;

    // The tool's options from a target's settings.
    static QJsonObject pipOptionsOf(const TargetConfig& target);
    static QString condaToolOf(const TargetConfig& target);

private:
    QString m_manager;
    QStringList m_pip;
    QStringList m_conda;
    std::optional<DefinitionFile> m_file;
    QJsonObject m_pipOptions;
    QString m_condaTool;
    QString m_image;
    bool m_userManaged = false;
};
