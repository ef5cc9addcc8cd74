#include "snapshot/GitState.h"

#include <QDir>
#include <QFileInfo>
#include <QStringDecoder>

#include <git2.h>

#include <memory>

namespace {

void ensureLibgit2()
{
    // libgit2 keeps global state (TLS, allocators); one init for the process is enough and never undone.
    static const int initialized = git_libgit2_init();
    Q_UNUSED(initialized);
}

QString lastGitError(const QString& what)
{
    const git_error* err = git_error_last();
    return err && err->message ? what + QStringLiteral(": ") + QString::fromUtf8(err->message) : what;
}

template<typename T, void (*Free)(T*)>
struct GitDeleter
{
    void operator()(T* p) const { Free(p); }
};
using RepositoryPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using ReferencePtr = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;
using RemotePtr = std::unique_ptr<git_remote, GitDeleter<git_remote, git_remote_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using DiffPtr = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;
using StatusListPtr = std::unique_ptr<git_status_list, GitDeleter<git_status_list, git_status_list_free>>;

QString remoteUrl(git_repository* repo, const char* name)
{
    git_remote* raw = nullptr;
    if (git_remote_lookup(&raw, repo, name) != 0)
        return {};
    RemotePtr remote(raw);
    const char* url = git_remote_url(remote.get());
    return url ? QString::fromUtf8(url) : QString();
}

QString repositoryName(git_repository* repo)
{
    QString url = remoteUrl(repo, "origin");
    if (!url.isEmpty())
        return url;
    git_strarray names{};
    if (git_remote_list(&names, repo) == 0) {
        for (size_t i = 0; i < names.count && url.isEmpty(); ++i)
            url = remoteUrl(repo, names.strings[i]);
        git_strarray_dispose(&names);
    }
    if (!url.isEmpty())
        return url;
    const char* workdir = git_repository_workdir(repo);
    const char* path = workdir ? workdir : git_repository_path(repo);
    return QDir::cleanPath(QString::fromUtf8(path));
}

struct DiffCollector
{
    QByteArray* out;
    bool truncated = false;
};

int collectDiffLine(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload)
{
    auto* collector = static_cast<DiffCollector*>(payload);
    const qint64 extra = qint64(line->content_len) + 1;
    if (collector->out->size() + extra > GitState::kMaxDiffBytes) {
        collector->truncated = true;
        return 1; // stops the walk: memory stays bounded however large the changes are
    }
    if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION
        || line->origin == GIT_DIFF_LINE_DELETION)
        collector->out->append(line->origin);
    collector->out->append(line->content, int(line->content_len));
    return 0;
}

} // namespace

GitState GitState::capture(const QString& directory, QString* error)
{
    ensureLibgit2();
    QString localError;
    if (!error)
        error = &localError;
    GitState state;
    if (!QFileInfo(directory).isDir()) {
        *error = QStringLiteral("Cannot read git state: %1 is not a folder").arg(directory);
        return state;
    }

    git_repository* rawRepo = nullptr;
    const QByteArray start = QFile::encodeName(QFileInfo(directory).absoluteFilePath());
    const int opened = git_repository_open_ext(&rawRepo, start.constData(), 0, nullptr);
    if (opened == GIT_ENOTFOUND)
        return state;
    if (opened != 0) {
        *error = lastGitError(QStringLiteral("Cannot open the git repository of %1").arg(directory));
        return state;
    }
    RepositoryPtr repo(rawRepo);
    state.inRepository = true;
    state.repository = repositoryName(repo.get());

    // Branch and commit. An unborn branch (no commits yet) still has a name.
    git_reference* rawHead = nullptr;
    const int headResult = git_repository_head(&rawHead, repo.get());
    ReferencePtr head(rawHead);
    TreePtr headTree;
    if (headResult == GIT_EUNBORNBRANCH || headResult == GIT_ENOTFOUND) {
        git_reference* rawSymbolic = nullptr;
        if (git_reference_lookup(&rawSymbolic, repo.get(), "HEAD") == 0) {
            ReferencePtr symbolic(rawSymbolic);
            const char* target = git_reference_symbolic_target(symbolic.get());
            const QString name = target ? QString::fromUtf8(target) : QString();
            state.branch = name.startsWith(QLatin1String("refs/heads/")) ? name.mid(11) : name;
        }
    } else if (headResult != 0) {
        *error = lastGitError(QStringLiteral("Cannot read HEAD of %1").arg(state.repository));
        return state;
    } else {
        if (git_repository_head_detached(repo.get()) != 1) {
            const char* shorthand = git_reference_shorthand(head.get());
            state.branch = shorthand ? QString::fromUtf8(shorthand) : QString();
        }
        git_object* peeled = nullptr;
        if (git_reference_peel(&peeled, head.get(), GIT_OBJECT_COMMIT) == 0) {
            CommitPtr commit(reinterpret_cast<git_commit*>(peeled));
            char hex[GIT_OID_HEXSZ + 1] = {};
            git_oid_tostr(hex, sizeof(hex), git_commit_id(commit.get()));
            state.commit = QString::fromLatin1(hex);
            git_tree* rawTree = nullptr;
            if (git_commit_tree(&rawTree, commit.get()) == 0)
                headTree.reset(rawTree);
        }
    }

    if (git_repository_is_bare(repo.get()))
        return state;

    // Dirty: anything git status would list, ignored files aside.
    git_status_options statusOptions;
    git_status_options_init(&statusOptions, GIT_STATUS_OPTIONS_VERSION);
    statusOptions.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    statusOptions.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list* rawStatus = nullptr;
    if (git_status_list_new(&rawStatus, repo.get(), &statusOptions) != 0) {
        *error = lastGitError(QStringLiteral("Cannot read the status of %1").arg(state.repository));
        return state;
    }
    StatusListPtr status(rawStatus);
    const size_t count = git_status_list_entrycount(status.get());
    for (size_t i = 0; i < count && !state.dirty; ++i) {
        const git_status_entry* entry = git_status_byindex(status.get(), i);
        if (entry->status != GIT_STATUS_CURRENT && !(entry->status & GIT_STATUS_IGNORED))
            state.dirty = true;
    }

    // The patch: HEAD's tree (or nothing, before the first commit) against index and work tree together.
    git_diff_options diffOptions;
    git_diff_options_init(&diffOptions, GIT_DIFF_OPTIONS_VERSION);
    diffOptions.flags = GIT_DIFF_IGNORE_SUBMODULES;
    git_diff* rawDiff = nullptr;
    if (git_diff_tree_to_workdir_with_index(&rawDiff, repo.get(), headTree.get(), &diffOptions) != 0) {
        *error = lastGitError(QStringLiteral("Cannot compute the uncommitted changes of %1").arg(state.repository));
        return state;
    }
    DiffPtr diff(rawDiff);
    DiffCollector collector{&state.diff};
    const int printed = git_diff_print(diff.get(), GIT_DIFF_FORMAT_PATCH, collectDiffLine, &collector);
    if (printed != 0 && !collector.truncated) {
        *error = lastGitError(QStringLiteral("Cannot format the uncommitted changes of %1").arg(state.repository));
        return state;
    }
    state.diffTruncated = collector.truncated;
    return state;
}

QJsonObject GitState::toJson() const
{
    QJsonObject json{{QStringLiteral("inRepository"), inRepository},
                     {QStringLiteral("repository"), repository},
                     {QStringLiteral("branch"), branch},
                     {QStringLiteral("commit"), commit},
                     {QStringLiteral("dirty"), dirty}};
    // Patches are usually UTF-8 text and stay readable in the run record; anything else travels as base64.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(diff);
    if (!decoder.hasError())
        json.insert(QStringLiteral("diff"), text);
    else
        json.insert(QStringLiteral("diffBase64"), QString::fromLatin1(diff.toBase64()));
    if (diffTruncated)
        json.insert(QStringLiteral("diffTruncated"), true);
    return json;
}

GitState GitState::fromJson(const QJsonObject& json)
{
    GitState state;
    state.inRepository = json.value(QStringLiteral("inRepository")).toBool();
    state.repository = json.value(QStringLiteral("repository")).toString();
    state.branch = json.value(QStringLiteral("branch")).toString();
    state.commit = json.value(QStringLiteral("commit")).toString();
    state.dirty = json.value(QStringLiteral("dirty")).toBool();
    if (json.contains(QStringLiteral("diffBase64")))
        state.diff = QByteArray::fromBase64(json.value(QStringLiteral("diffBase64")).toString().toLatin1());
    else
        state.diff = json.value(QStringLiteral("diff")).toString().toUtf8();
    state.diffTruncated = json.value(QStringLiteral("diffTruncated")).toBool();
    return state;
}
