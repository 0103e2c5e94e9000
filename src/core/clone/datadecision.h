#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace pd::core {

// What a preview's datastore (a StatefulSet's volumeClaimTemplates, or a standalone
// PersistentVolumeClaim of the source) starts with (DESIGN.md, invariant 9).
struct DataDecision
{
    enum class Kind {
        Undecided,
        Empty,      // new, empty volumes (the default)
        Seed,       // empty volumes, then the seed Job the source's clone profile declares
        Snapshot,   // restored from a CSI VolumeSnapshot of the source
    };
    Kind kind = Kind::Undecided;
    // Snapshot: the VolumeSnapshot's name in the source namespace; empty: the datastore's
    // golden snapshot (the clone profile marks it); "fresh": one taken of the source now.
    QString snapshot;

    // previewctl's and the profile's spelling: empty | seed | snapshot | snapshot:NAME |
    // snapshot:fresh. Undecided with *error saying what is accepted.
    static DataDecision parse(const QString &text, QString *error = nullptr);
    QString toString() const;
    bool isFresh() const { return kind == Kind::Snapshot && snapshot == QLatin1String("fresh"); }
    bool operator==(const DataDecision &) const = default;
};

// The seed Job a source declares for one datastore: an image with a command, or a script
// kept in a ConfigMap of the source (mounted at /seed and run with `sh /seed/KEY`).
struct SeedJobSpec
{
    QString image;
    QStringList command;
    QString configMap;
    QString key;
};

// The clone profile's data section:
//   data:            {postgres: snapshot:postgres-golden, cache: empty}   # standing choices
//   seed:            {postgres: {image: postgres:16, configMap: db-seed, key: seed.sh}}
//   goldenSnapshots: [postgres-golden]                                     # offered and safe to restore
//   dataSafe:        true      # the source holds no production data
struct DataProfile
{
    QMap<QString, DataDecision> decisions;
    QMap<QString, SeedJobSpec> seeds;
    QStringList goldenSnapshots;
    bool dataSafe = false;

    // Reads the data keys of a parsed profile.yaml (`root`); on a mistake calls
    // fail(path, message), which records where, and returns false.
    using Fail = std::function<bool(const QStringList &path, const QString &message)>;
    static bool parse(const QJsonObject &root, const Fail &fail, DataProfile *out);
    static const QStringList &keys();   // "data", "seed", "goldenSnapshots", "dataSafe"
};

} // namespace pd::core
