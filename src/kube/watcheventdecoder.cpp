#include "watcheventdecoder.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace pd::kube {

using namespace Qt::StringLiterals;

WatchEvent::Type WatchEvent::typeFromString(const QString &text, bool *ok)
{
    if (ok)
        *ok = true;
    if (text == "ADDED"_L1)
        return Type::Added;
    if (text == "MODIFIED"_L1)
        return Type::Modified;
    if (text == "DELETED"_L1)
        return Type::Deleted;
    if (text == "BOOKMARK"_L1)
        return Type::Bookmark;
    if (ok)
        *ok = text == "ERROR"_L1;
    return Type::Error;
}

QString WatchEvent::typeToString(Type type)
{
    switch (type) {
    case Type::Added: return u"ADDED"_s;
    case Type::Modified: return u"MODIFIED"_s;
    case Type::Deleted: return u"DELETED"_s;
    case Type::Bookmark: return u"BOOKMARK"_s;
    case Type::Error: return u"ERROR"_s;
    }
    return {};
}

std::optional<WatchEvent> WatchEventDecoder::next()
{
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        if (std::optional<WatchEvent> event = decodeLine(line))
            return event;
    }
    return std::nullopt;
}

std::optional<WatchEvent> WatchEventDecoder::finish()
{
    if (std::optional<WatchEvent> event = next())
        return event;
    const QByteArray rest = std::exchange(m_buffer, {}).trimmed();
    if (rest.isEmpty())
        return std::nullopt;
    return decodeLine(rest);
}

std::optional<WatchEvent> WatchEventDecoder::decodeLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    bool known = false;
    WatchEvent event;
    event.type = WatchEvent::typeFromString(doc.object().value("type"_L1).toString(), &known);
    event.object = doc.object().value("object"_L1).toObject();
    if (!known)
        return std::nullopt;
    return event;
}

} // namespace pd::kube
