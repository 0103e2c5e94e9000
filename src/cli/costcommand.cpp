#include "costcommand.h"

#include "clusterconnection.h"

#include "core/cost/costattribution.h"
#include "core/cost/podmetricssamples.h"
#include "core/duration.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using pd::kube::ApiRequest;
using pd::kube::ResourceRef;

namespace pd::cli {

namespace {

constexpr auto kUsage = "Cost of namespaces, workloads or owners by OpenCost's rule: per container\n"
                        "max(request, usage) x time x price for CPU and memory, plus PVC storage by\n"
                        "requested size. Without a usage history this is an estimate from current usage:\n"
                        "the current requests and metrics.k8s.io usage held for the whole window.";

int fail(const QString &message, int code = 1)
{
    printErr(u"previewctl cost: %1\n"_s.arg(message));
    return code;
}

QString money(double value)
{
    return QString::number(value, 'f', 4);
}

QJsonArray listItems(ClusterConnection &cluster, const ResourceRef &ref, QString *error)
{
    const pd::kube::ApiResult result = awaitResult(cluster.client->listAll(ApiRequest::list(ref)));
    if (!result.ok()) {
        *error = u"cannot list %1: %2"_s.arg(ref.path(), result.message());
        return {};
    }
    return result.items();
}

QString render(const QList<pd::core::CostRow> &rows, const QString &format, const QString &by, const QString &header)
{
    if (format == "json"_L1) {
        QJsonArray array;
        for (const auto &r : rows)
            array.append(QJsonObject{{by, r.key}, {u"hours"_s, r.hours}, {u"cpuCost"_s, r.cpuCost},
                                     {u"memoryCost"_s, r.memoryCost}, {u"storageCost"_s, r.storageCost},
                                     {u"totalCost"_s, r.totalCost}});
        const QJsonObject root{{u"estimate"_s, header}, {u"by"_s, by}, {u"currency"_s, u"USD"_s}, {u"rows"_s, array}};
        return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    }
    QString out = u"# "_s + header + u'\n';
    if (format == "csv"_L1) {
        out += by + u",hours,cpuCost,memoryCost,storageCost,totalCost\n"_s;
        for (const auto &r : rows) {
            QString key = r.key;
            if (key.contains(u',') || key.contains(u'"'))
                key = u'"' + key.replace(u"\""_s, u"\"\""_s) + u'"';
            out += u"%1,%2,%3,%4,%5,%6\n"_s.arg(key, QString::number(r.hours, 'f', 2), money(r.cpuCost),
                                                money(r.memoryCost), money(r.storageCost), money(r.totalCost));
        }
        return out;
    }
    qsizetype width = by.size();
    for (const auto &r : rows)
        width = std::max(width, r.key.size());
    const auto line = [&](const QString &k, const QString &h, const QString &c, const QString &m, const QString &s,
                          const QString &t) {
        return u"%1  %2  %3  %4  %5  %6\n"_s.arg(k.leftJustified(width), h.rightJustified(9), c.rightJustified(10),
                                                m.rightJustified(10), s.rightJustified(10), t.rightJustified(10));
    };
    out += line(by.toUpper(), u"HOURS"_s, u"CPU $"_s, u"MEMORY $"_s, u"STORAGE $"_s, u"TOTAL $"_s);
    double total = 0;
    for (const auto &r : rows) {
        out += line(r.key, QString::number(r.hours, 'f', 1), money(r.cpuCost), money(r.memoryCost),
                    money(r.storageCost), money(r.totalCost));
        total += r.totalCost;
    }
    out += line(u"TOTAL"_s, {}, {}, {}, {}, money(total));
    return out;
}

} // namespace

int runCostCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kUsage));
    parser.addHelpOption();
    parser.addOptions({
        {u"window"_s, u"The period to price, e.g. 24h or 7d (default 7d)."_s, u"DURATION"_s, u"7d"_s},
        {u"by"_s, u"Group by namespace, workload, owner, environment or day (default namespace)."_s, u"GROUP"_s,
         u"namespace"_s},
        {{u"o"_s, u"output"_s}, u"Output format: table, csv or json."_s, u"FORMAT"_s, u"table"_s},
        {{u"n"_s, u"namespace"_s}, u"Only this namespace (default: all namespaces)."_s, u"NS"_s},
        {u"prices"_s, u"A JSON file {cpuPerCoreHour, memoryPerGiBHour, storagePerGiBHour} (default: OpenCost's)."_s,
         u"FILE"_s},
    });
    addClusterOptions(parser);
    if (!parser.parse(QStringList{u"previewctl cost"_s} + arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(u"help"_s)) {
        printOut(parser.helpText());
        return 0;
    }
    QString error;
    const auto window = pd::core::parseDuration(parser.value(u"window"_s), &error);
    if (!window || window->count() <= 0)
        return fail(u"--window: %1"_s.arg(error.isEmpty() ? u"must be positive"_s : error), 2);
    pd::core::CostGrouping grouping = pd::core::CostGrouping::Namespace;
    if (!pd::core::parseCostGrouping(parser.value(u"by"_s), &grouping))
        return fail(u"--by takes namespace, workload, owner, environment or day, got \"%1\""_s.arg(parser.value(u"by"_s)), 2);
    const QString format = parser.value(u"output"_s);
    if (format != "table"_L1 && format != "csv"_L1 && format != "json"_L1)
        return fail(u"-o takes table, csv or json, got \"%1\""_s.arg(format), 2);

    pd::core::AttributionInput input;
    QString pricesNote = u"OpenCost's default prices"_s;
    if (parser.isSet(u"prices"_s)) {
        QFile file(parser.value(u"prices"_s));
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        if (!doc.isObject())
            return fail(u"%1 is not a JSON object"_s.arg(file.fileName()));
        input.prices = pd::core::Prices::fromJson(doc.object());
        pricesNote = u"prices from "_s + file.fileName();
    }

    ClusterConnection cluster;
    if (!openCluster(parser, &cluster, &error))
        return fail(error);
    const QString ns = parser.value(u"namespace"_s);
    const QJsonArray pods = listItems(cluster, ResourceRef{{}, u"v1"_s, u"pods"_s, ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error);
    const QJsonArray metrics =
        listItems(cluster, ResourceRef{u"metrics.k8s.io"_s, u"v1beta1"_s, u"pods"_s, ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error + u" (is metrics-server installed?)"_s);
    const QJsonArray claims = listItems(cluster, ResourceRef{{}, u"v1"_s, u"persistentvolumeclaims"_s, ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error);
    // Owner labels: namespaces may not be listable for a namespace-scoped user; then no owners.
    QString namespaceError;
    const QJsonArray namespaces = listItems(cluster, ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, {}, {}}, &namespaceError);
    if (!namespaceError.isEmpty() && grouping == pd::core::CostGrouping::Owner)
        return fail(namespaceError);

    // One sample now, held over the window: the window is placed ending one interval from now.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 windowMs = qint64(window->count()) * 1000;
    input.windowStartMs = now;
    input.windowEndMs = now + windowMs;
    input.options.nominalIntervalMs = windowMs;
    input.samples = pd::core::samplesFromPodMetrics(pods, metrics, now);
    input.pvcs = pd::core::pvcsFromClaims(claims, input.windowStartMs, input.windowEndMs);
    input.ownerByNamespace = pd::core::namespaceLabel(namespaces, u"previewdesk.io/owner"_s);
    input.environmentByNamespace = pd::core::namespaceLabel(namespaces, u"previewdesk.io/environment"_s);

    const QString header = u"estimate from current usage: %1 running containers and %2 PVCs as of %3, held for %4; "
                           u"%5 (USD)"_s
                               .arg(input.samples.size())
                               .arg(input.pvcs.size())
                               .arg(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODate),
                                    pd::core::formatDuration(*window), pricesNote);
    printOut(render(pd::core::attribute(input, grouping), format, pd::core::toString(grouping), header));
    return 0;
}

} // namespace pd::cli
