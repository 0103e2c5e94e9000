#include "datadecision.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pd::core {

DataDecision DataDecision::parse(const QString &text, QString *error)
{
    DataDecision decision;
    if (text == QLatin1String("empty")) {
        decision.kind = Kind::Empty;
    } else if (text == QLatin1String("seed")) {
        decision.kind = Kind::Seed;
    } else if (text == QLatin1String("snapshot") || text.startsWith(QLatin1String("snapshot:"))) {
        decision.kind = Kind::Snapshot;
        decision.snapshot = text.mid(9);
        if (text.size() > 8 && decision.snapshot.isEmpty()) {
            decision.kind = Kind::Undecided;
            if (error)
                *error = QStringLiteral("\"%1\" names no snapshot: write snapshot:NAME, snapshot:fresh or snapshot").arg(text);
        }
    } else if (error) {
        *error = QStringLiteral("\"%1\" is not a data decision: use empty (recommended), seed, snapshot, "
                                "snapshot:NAME or snapshot:fresh").arg(text);
    }
    return decision;
}

QString DataDecision::toString() const
{
    switch (kind) {
    case Kind::Empty: return QStringLiteral("empty");
    case Kind::Seed: return QStringLiteral("seed");
    case Kind::Snapshot: return snapshot.isEmpty() ? QStringLiteral("snapshot") : QStringLiteral("snapshot:") + snapshot;
    case Kind::Undecided: break;
    }
    return {};
}

const QStringList &DataProfile::keys()
{
    static const QStringList names{QStringLiteral("data"), QStringLiteral("seed"), QStringLiteral("goldenSnapshots"),
                                   QStringLiteral("dataSafe")};
    return names;
}

bool DataProfile::parse(const QJsonObject &root, const Fail &fail, DataProfile *out)
{
    static const QRegularExpression dnsName(QStringLiteral("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"));
    const QJsonValue data = root.value(QLatin1String("data"));
    if (!data.isUndefined() && !data.isNull()) {
        if (!data.isObject())
            return fail({QStringLiteral("data")}, QStringLiteral("expected a map of DATASTORE: empty|seed|snapshot[:NAME]"));
        const QJsonObject map = data.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            QString why;
            const DataDecision decision = DataDecision::parse(it.value().toString(), &why);
            if (decision.kind == DataDecision::Kind::Undecided)
                return fail({QStringLiteral("data"), it.key()}, why.isEmpty() ? QStringLiteral("expected text") : why);
            out->decisions.insert(it.key(), decision);
        }
    }
    const QJsonValue seed = root.value(QLatin1String("seed"));
    if (!seed.isUndefined() && !seed.isNull()) {
        if (!seed.isObject())
            return fail({QStringLiteral("seed")}, QStringLiteral("expected a map of DATASTORE: {image, command} or {image, configMap, key}"));
        const QJsonObject map = seed.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            const QJsonObject job = it.value().toObject();
            SeedJobSpec spec;
            spec.image = job.value(QLatin1String("image")).toString();
            for (const QJsonValue &part : job.value(QLatin1String("command")).toArray())
                spec.command << part.toVariant().toString();
            spec.configMap = job.value(QLatin1String("configMap")).toString();
            spec.key = job.value(QLatin1String("key")).toString();
            const QStringList path{QStringLiteral("seed"), it.key()};
            if (!it.value().isObject())
                return fail(path, QStringLiteral("expected {image, command} or {image, configMap, key}"));
            for (auto field = job.begin(); field != job.end(); ++field)
                if (!QStringList{QStringLiteral("image"), QStringLiteral("command"), QStringLiteral("configMap"), QStringLiteral("key")}.contains(field.key()))
                    return fail(path + QStringList{field.key()}, QStringLiteral("unknown key; a seed knows image, command, configMap and key"));
            if (spec.image.isEmpty())
                return fail(path, QStringLiteral("needs an image to run the seed in"));
            if (spec.command.isEmpty() == spec.configMap.isEmpty())
                return fail(path, QStringLiteral("needs either a command or a script in a ConfigMap (configMap and key), not both"));
            if (!spec.configMap.isEmpty() && spec.key.isEmpty())
                return fail(path, QStringLiteral("configMap %1 needs the key of its script").arg(spec.configMap));
            out->seeds.insert(it.key(), spec);
        }
    }
    const QJsonValue golden = root.value(QLatin1String("goldenSnapshots"));
    if (!golden.isUndefined() && !golden.isNull()) {
        if (!golden.isArray())
            return fail({QStringLiteral("goldenSnapshots")}, QStringLiteral("expected a list of VolumeSnapshot names"));
        for (const QJsonValue &item : golden.toArray()) {
            if (!item.isString() || !dnsName.match(item.toString()).hasMatch())
                return fail({QStringLiteral("goldenSnapshots")},
                            QStringLiteral("\"%1\" is not a VolumeSnapshot name").arg(item.toVariant().toString()));
            out->goldenSnapshots << item.toString();
        }
    }
    const QJsonValue safe = root.value(QLatin1String("dataSafe"));
    if (!safe.isUndefined() && !safe.isNull()) {
        if (!safe.isBool())
            return fail({QStringLiteral("dataSafe")}, QStringLiteral("expected true or false"));
        out->dataSafe = safe.toBool();
    }
    return true;
}

} // namespace pd::core
