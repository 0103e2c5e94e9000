#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace pd::sandbox::controllers {

// The storage side of the sandbox's one CSI driver, `sandbox.csi.local`: the snapshots it
// has taken (their handles, sizes and creation times). VolumeSnapshotContent objects only
// point at them, so a handle outlives a content deleted with deletionPolicy Retain and can
// be bound again by a new, pre-provisioned content; Delete removes it here too.
class SimulatedCsiDriver final
{
public:
    static constexpr const char *kName = "sandbox.csi.local";

    struct Snapshot
    {
        QString handle;
        QString sourceVolume;   // the volume handle it was cut from
        qint64 sizeBytes = 0;
        QDateTime createdAt;
    };

    // CreateSnapshot: one handle per (volume, name), as a real driver is idempotent on the name.
    Snapshot createSnapshot(const QString &name, const QString &sourceVolume, qint64 sizeBytes, const QDateTime &now);
    // A snapshot made before this driver ran (the demo's golden copy, an imported cluster).
    void adopt(const Snapshot &snapshot);
    // ListSnapshots by id.
    std::optional<Snapshot> find(const QString &handle) const;
    bool deleteSnapshot(const QString &handle);
    qsizetype count() const { return m_snapshots.size(); }

    // The handle createSnapshot gives `name` (stable, so a seed can name it up front).
    static QString handleFor(const QString &name);

private:
    QHash<QString, Snapshot> m_snapshots;
};

} // namespace pd::sandbox::controllers
