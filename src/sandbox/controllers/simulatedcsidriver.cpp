#include "simulatedcsidriver.h"

#include "controllerutil.h"

namespace pd::sandbox::controllers {

QString SimulatedCsiDriver::handleFor(const QString &name)
{
    return u"snapshot-"_s + safeEncode(stableHash(name.toUtf8()), 16);
}

SimulatedCsiDriver::Snapshot SimulatedCsiDriver::createSnapshot(const QString &name, const QString &sourceVolume,
                                                                qint64 sizeBytes, const QDateTime &now)
{
    const QString handle = handleFor(name);
    if (const auto existing = m_snapshots.constFind(handle); existing != m_snapshots.constEnd())
        return *existing;
    const Snapshot made{handle, sourceVolume, sizeBytes, now};
    m_snapshots.insert(handle, made);
    return made;
}

void SimulatedCsiDriver::adopt(const Snapshot &snapshot)
{
    if (!snapshot.handle.isEmpty() && !m_snapshots.contains(snapshot.handle))
        m_snapshots.insert(snapshot.handle, snapshot);
}

std::optional<SimulatedCsiDriver::Snapshot> SimulatedCsiDriver::find(const QString &handle) const
{
    const auto it = m_snapshots.constFind(handle);
    if (it == m_snapshots.constEnd())
        return std::nullopt;
    return *it;
}

bool SimulatedCsiDriver::deleteSnapshot(const QString &handle)
{
    return m_snapshots.remove(handle);
}

} // namespace pd::sandbox::controllers
