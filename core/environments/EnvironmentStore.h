// The workspace's record of built environments: which exist on which target, what defines them, how big
// they are, when they were made and last used, and which runs used them. The environments themselves live
// on their targets; this is what the CLI's `environments` commands and the GUI's Environments page read.
#pragma once

#include "workspace/Workspace.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

struct EnvironmentRecord
{
    QString target;
    QString hash;       // full sha256 hex
    QString manager;    // pip | conda
    QJsonObject definition; // EnvironmentSpec::canonicalJson()
    QString prefix;     // on the target
    QString python;     // the interpreter runs use, on the target (inside the image when there is one)
    QString pythonVersion;
    QString image;      // the image reference, when built inside one
    QString imageId;
    qint64 sizeBytes = 0;
    qint64 createdMs = 0;
    qint64 lastUsedMs = 0;
    QStringList runIds; // filled by list() and find(): every run that used it, oldest first

    QString shortHash() const { return hash.left(12); }
    // What defines it, in a few words for a table cell: "numpy, scikit-learn, torch +2 more", or the
    // definition file's name ("requirements.txt"), with conda's packages first.
    QString packagesSummary(int maxNames = 3) const;
    // Every package the definition lists (conda's, then pip's), and the definition file's name when there is one.
    QStringList packages() const;
};

class EnvironmentStore
{
public:
    // Why find() found nothing: the user's input (exit 2 in the CLI) or the database (exit 1).
    enum class FindFailure { None, NotFound, Ambiguous, TooShort, Storage };
    static constexpr int kMinimumPrefixLength = 4;

    explicit EnvironmentStore(const Workspace& workspace);

    // Inserts the environment when new (created = now unless record.createdMs says), refreshes size and
    // last use, and links the run to it (a run uses one environment; a second call replaces the link).
    bool recordUse(const QString& runId, const EnvironmentRecord& record, QString* error);
    // Every environment (of one target when target is not empty), newest use first. nullopt on a failed read.
    std::optional<QVector<EnvironmentRecord>> list(const QString& target, QString* error) const;
    // By full hash or a unique prefix (at least 4 characters); nullopt with "no environment …" or
    // "… matches several environments: …" in error, or the database's message.
    std::optional<EnvironmentRecord> find(const QString& target, const QString& hashOrPrefix, QString* error) const;
    // The same, saying which kind of failure it was.
    std::optional<EnvironmentRecord> find(const QString& target, const QString& hashOrPrefix, QString* error,
                                          FindFailure* failure) const;
    // The environment a run used, if any (found is false when it used none: nullopt with an empty error).
    // When the environment's record was removed since, only target and hash are filled.
    std::optional<EnvironmentRecord> forRun(const QString& runId, bool* found, QString* error) const;
    // Runs in a live state (Queued … Finalizing) linked to this environment.
    std::optional<QStringList> liveRuns(const QString& target, const QString& hash, QString* error) const;
    // Runs of the target in Preparing that have not recorded an environment yet: any of them may be about to
    // use any environment of the target (its build or reuse is done before the record is written).
    std::optional<QStringList> preparingRuns(const QString& target, QString* error) const;
    // Forgets the record (the caller removed the environment on its target first); run links stay, so a run
    // still says which environment it ran with.
    bool remove(const QString& target, const QString& hash, QString* error);

private:
    // The first column of every row of a prepared (or failed-to-prepare) query; the failure is named by action.
    std::optional<QStringList> runIds(QSqlQuery& query, bool prepared, const QString& action, QString* error) const;
    // Every run linked to an environment of `target` (all when empty), oldest first, by "target\nhash".
    std::optional<QHash<QString, QStringList>> runLinks(const QString& target, const QString& hash, QString* error) const;

    Workspace m_workspace;
};
