// A sparse line index of a log file that may still be growing, so a viewer can show any line of a
// multi-gigabyte log at once with bounded memory. It remembers where every Nth line starts (and where any line
// starts more than a megabyte after the last remembered one, so very long lines never force a long scan);
// lines between two remembered starts are found again by scanning at most those bytes.
//
// update() extends the index over bytes appended since the last call and may run on a worker thread while
// other threads call lineCount(), readLines() and find(): those see the lines indexed so far.
#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>
#include <vector>

class QFile;

struct LogMatch
{
    qint64 line = -1;   // -1: no match
    qint64 offset = -1; // byte offset of the match in the file
    bool found() const { return line >= 0; }
};

class LogIndex
{
public:
    explicit LogIndex(const QString& path, int linesPerCheckpoint = 256);
    ~LogIndex();
    LogIndex(const LogIndex&) = delete;
    LogIndex& operator=(const LogIndex&) = delete;

    QString path() const { return m_path; }

    // Scans up to maxBytes of the bytes appended since the last call (all of them when maxBytes < 0).
    // Returns false with an error when the file cannot be read (a file that does not exist yet is an empty
    // log, not an error). A file that shrank was replaced or truncated: the index starts over.
    // Only one thread may call update() at a time.
    bool update(qint64 maxBytes = -1, QString* error = nullptr);
    // Asks a running update(), find() or countMatchingLines() to return early (the index is about to be
    // dropped); later calls work normally again after resume().
    void cancel() { m_cancel.store(true); }
    void resume() { m_cancel.store(false); }

    // Lines indexed so far; a last line without a newline counts.
    qint64 lineCount() const;
    // Bytes of the file covered by the index.
    qint64 indexedBytes() const;
    // Size of the file when update() last looked.
    qint64 fileSize() const;
    // Bumped whenever the index starts over (the file was truncated or replaced).
    int generation() const;
    // Memory held by the index itself, for tests and benchmarks.
    qint64 indexMemoryBytes() const;

    // Lines [firstLine, firstLine + count) clipped to lineCount(), decoded leniently from UTF-8 without the
    // line terminator ("\n" or "\r\n"). A line longer than maxLineChars is cut and ends with an ellipsis and
    // the number of bytes left out, so one enormous line cannot exhaust memory.
    QStringList readLines(qint64 firstLine, qint64 count) const;

    // The first line at or after fromLine (forward) or at or before fromLine (backward) containing text,
    // searched over the file's bytes; ASCII letters compare case-insensitively unless caseSensitive.
    // Returns no match when cancelled (through cancel() or the caller's own flag, so one search can be
    // abandoned without stopping the others).
    LogMatch find(const QString& text, qint64 fromLine, bool forward, bool caseSensitive = false,
                  const std::atomic_bool* cancelled = nullptr) const;
    // Lines containing text in the indexed part of the file, or -1 when cancelled.
    qint64 countMatchingLines(const QString& text, bool caseSensitive = false,
                              const std::atomic_bool* cancelled = nullptr) const;

    static constexpr int kMaxLineChars = 10000;
    // A remembered line start at least every this many bytes.
    static constexpr qint64 kMaxCheckpointGap = 1 << 20;

private:
    struct Checkpoint
    {
        qint64 line;
        qint64 offset;
    };
    struct Snapshot
    {
        qint64 lines = 0;
        qint64 indexedEnd = 0;
        Checkpoint checkpoint{0, 0}; // the nearest remembered start at or before the asked line
        qint64 nextCheckpointOffset = -1;
    };

    Snapshot snapshotFor(qint64 line) const;
    qint64 lineOfOffset(QFile& file, qint64 offset, qint64 indexedEnd) const;
    qint64 startOfLine(QFile& file, qint64 line, qint64* indexedEndOut) const;
    void reset();
    bool isCancelled(const std::atomic_bool* cancelled) const { return m_cancel.load() || (cancelled && cancelled->load()); }

    const QString m_path;
    const int m_linesPerCheckpoint;

    mutable std::mutex m_mutex; // guards everything below
    std::vector<Checkpoint> m_checkpoints;
    qint64 m_completeLines = 0; // lines ended by '\n'
    qint64 m_lastLineStart = 0; // where the line after the last '\n' starts
    qint64 m_indexedEnd = 0;
    qint64 m_fileSize = 0;
    int m_generation = 0;
    QFile* m_updateFile = nullptr; // kept open between updates; used only by the updating thread

    mutable std::atomic_bool m_cancel{false};
};
