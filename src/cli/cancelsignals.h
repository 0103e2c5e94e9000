#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace pd::cli {

// Turns SIGINT and SIGTERM (a CI job cancelled, Ctrl+C) into a Qt signal, so that a
// long command can roll back before it exits. The handler only write()s the signal
// number into one end of a socket pair (async-signal-safe); a QSocketNotifier on the
// other end reads it in the event loop. While one exists, the previous dispositions
// are saved; the destructor restores them.
class CancelSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CancelSignals)
public:
    explicit CancelSignals(QObject *parent = nullptr);
    ~CancelSignals() override;

    bool isActive() const { return m_notifier != nullptr; }
    // The first signal received (SIGINT, SIGTERM), 0 while none.
    int received() const { return m_received; }
    // The exit code a shell reports for a process ended by that signal: 128 + number.
    int exitCode() const { return m_received ? 128 + m_received : 0; }

Q_SIGNALS:
    void cancelRequested(int signalNumber);

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_received = 0;
};

} // namespace pd::cli
