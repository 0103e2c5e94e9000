#include "environmentpredicates.h"

namespace pd::core {

bool isOwnedBy(const Environment &environment, const QString &owner)
{
    const QString wanted = owner.trimmed();
    return !wanted.isEmpty() && environment.owner.trimmed().compare(wanted, Qt::CaseInsensitive) == 0;
}

bool expiresWithin(const Environment &environment, const QDateTime &now, std::chrono::seconds window)
{
    if (!environment.expiresAt.isValid())
        return false;
    const qint64 left = now.secsTo(environment.expiresAt);
    return left > 0 && left <= window.count();
}

} // namespace pd::core
