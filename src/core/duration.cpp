#include "duration.h"

#include <QRegularExpression>

namespace pd::core {

std::optional<std::chrono::seconds> parseDuration(const QString &text, QString *error)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)([smhdw])"));
    const QString trimmed = text.trimmed();
    qint64 total = 0;
    qsizetype position = 0;
    auto it = part.globalMatch(trimmed);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedStart() != position)
            break;
        position = match.capturedEnd();
        const qint64 amount = match.captured(1).toLongLong();
        switch (match.captured(2).at(0).unicode()) {
        case 's': total += amount; break;
        case 'm': total += amount * 60; break;
        case 'h': total += amount * 3600; break;
        case 'd': total += amount * 86400; break;
        case 'w': total += amount * 7 * 86400; break;
        }
    }
    if (trimmed.isEmpty() || position != trimmed.size() || total <= 0) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a duration: write it like 72h, 3d, 90m or 1h30m").arg(text);
        return std::nullopt;
    }
    return std::chrono::seconds(total);
}

QString formatDuration(std::chrono::seconds duration)
{
    qint64 seconds = duration.count();
    if (seconds <= 0)
        return QStringLiteral("0s");
    QString result;
    for (const auto &[unit, size] : {std::pair{'d', 86400}, std::pair{'h', 3600}, std::pair{'m', 60}, std::pair{'s', 1}}) {
        if (seconds >= size) {
            result += QString::number(seconds / size) + QLatin1Char(unit);
            seconds %= size;
        }
    }
    return result;
}

} // namespace pd::core
