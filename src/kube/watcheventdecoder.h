#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace pd::kube {

struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    QJsonObject object;       // the object (a Status for Error)

    static Type typeFromString(const QString &text, bool *ok = nullptr);
    static QString typeToString(Type type);
};

// The body of a watch response as client-go's JSON framer reads it: one event object
// per line ({"type":..., "object":{...}}), a line possibly split across reads. Bytes go
// in as they arrive; lines that are not an event of a known type are skipped rather
// than tearing the stream down. No network here, so it can be tested and fuzzed alone.
class WatchEventDecoder final
{
public:
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    // The next event whose line is complete; nullopt when no complete line is left.
    std::optional<WatchEvent> next();
    // The stream ended: the events left, one per call (the last line may lack its
    // newline); nullopt when none is left.
    std::optional<WatchEvent> finish();
    void clear() { m_buffer.clear(); }

    // One line of the stream; nullopt when it is no event.
    static std::optional<WatchEvent> decodeLine(const QByteArray &line);

private:
    QByteArray m_buffer;   // bytes after the last complete line
};

} // namespace pd::kube

Q_DECLARE_METATYPE(pd::kube::WatchEvent)
