#include "costcommand.h"

#include "core/contract.h"

#include "clusterconnection.h"
#include "costoutput.h"
#include "costrecordcommand.h"

#include "core/cost/costattribution.h"
#include "core/cost/costhistory.h"
#include "core/cost/opencostclient.h"
#include "core/cost/podmetricssamples.h"
#include "core/duration.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
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
                        "requested size. --source auto prices the usage history recorded by the app or by\n"
                        "`previewctl cost record` when it has samples in the window; otherwise an estimate\n"
                        "from current usage: the current requests and metrics.k8s.io usage held for the\n"
                        "whole window. --source opencost asks OpenCost through the API server instead;\n"
                        "--source auto does so first when the cluster has OpenCost's Service (not for --by day).\n"
                        "The header says which source was used.\n\n"
                        "previewctl cost record --help: sample into the history (e.g. as a CronJob).";

int fail(const QString &message, int code = 1)
{
    printErr(u"previewctl cost: %1\n"_s.arg(message));
    return code;
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

struct Request
{
    pd::core::CostGrouping grouping = pd::core::CostGrouping::Namespace;
    qint64 windowMs = 0;
    QString windowText;
    QString ns;
    pd::core::Prices prices;
    QString pricesNote = u"OpenCost's default prices"_s;
};

// One sample now, held over the window: the window is placed ending one interval from now.
int estimate(ClusterConnection &cluster, const Request &r, pd::core::AttributionInput *input, QString *header)
{
    QString error;
    const QJsonArray pods = listItems(cluster, ResourceRef{{}, u"v1"_s, u"pods"_s, r.ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error);
    const QJsonArray metrics =
        listItems(cluster, ResourceRef{u"metrics.k8s.io"_s, u"v1beta1"_s, u"pods"_s, r.ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error + u" (is metrics-server installed?)"_s);
    const QJsonArray claims = listItems(cluster, ResourceRef{{}, u"v1"_s, u"persistentvolumeclaims"_s, r.ns, {}, {}}, &error);
    if (!error.isEmpty())
        return fail(error);
    // Owner labels: namespaces may not be listable for a namespace-scoped user; then no owners.
    QString namespaceError;
    const QJsonArray namespaces = listItems(cluster, ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, {}, {}}, &namespaceError);
    if (!namespaceError.isEmpty() && r.grouping == pd::core::CostGrouping::Owner)
        return fail(namespaceError);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    input->windowStartMs = now;
    input->windowEndMs = now + r.windowMs;
    input->options.nominalIntervalMs = r.windowMs;
    input->samples = pd::core::samplesFromPodMetrics(pods, metrics, now);
    input->pvcs = pd::core::pvcsFromClaims(claims, input->windowStartMs, input->windowEndMs);
    input->ownerByNamespace = pd::core::namespaceLabel(namespaces, QString(pd::core::contract::OwnerLabel));
    input->environmentByNamespace = pd::core::namespaceLabel(namespaces, QString(pd::core::contract::EnvironmentLabel));
    *header = u"estimate from current usage: %1 running containers and %2 PVCs as of %3, held for %4"_s
                  .arg(input->samples.size())
                  .arg(input->pvcs.size())
                  .arg(formatTime(now), r.windowText);
    return 0;
}

// The history's samples over [now - window, now); false when it has none there.
bool fromHistory(pd::core::CostHistory &history, const Request &r, pd::core::AttributionInput *input, QString *header)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - r.windowMs;
    const pd::core::CostCoverage coverage = history.coverage(start, now);
    if (coverage.sampleTimes == 0)
        return false;
    *input = history.input(start, now, r.prices);
    if (!r.ns.isEmpty()) {
        input->samples.removeIf([&](const pd::core::UsageSample &s) { return s.namespaceName != r.ns; });
        input->pvcs.removeIf([&](const pd::core::PvcUsage &p) { return p.namespaceName != r.ns; });
    }
    *header = u"history: %1 samples from %2 to %3 (covers %4 of %5) in %6"_s.arg(
        groupThousands(coverage.sampleTimes), formatTime(coverage.firstMs), formatTime(coverage.lastMs),
        formatSpan(coverage.coveredMs), formatSpan(r.windowMs), history.path());
    return true;
}

// OpenCost's windows: "7d", "24h", "90m".
QString openCostWindow(qint64 ms)
{
    const qint64 minutes = std::max<qint64>(1, ms / 60000);
    if (minutes % (24 * 60) == 0)
        return QString::number(minutes / (24 * 60)) + u'd';
    if (minutes % 60 == 0)
        return QString::number(minutes / 60) + u'h';
    return QString::number(minutes) + u'm';
}

// NAMESPACE/SERVICE:PORT -> (namespace, service:port); false when malformed.
bool splitOpenCostService(const QString &service, QString *namespaceName, QString *serviceAndPort)
{
    const qsizetype slash = service.indexOf(u'/');
    if (slash <= 0 || slash == service.size() - 1)
        return false;
    *namespaceName = service.left(slash);
    *serviceAndPort = service.mid(slash + 1);
    return true;
}

// Non-zero on failure, the message in *error (the caller decides whether that is fatal).
int fromOpenCost(ClusterConnection &cluster, const Request &r, const QString &service, QList<pd::core::CostRow> *rows,
                 QString *header, QString *error)
{
    QString aggregate;
    switch (r.grouping) {
    case pd::core::CostGrouping::Namespace: aggregate = u"namespace"_s; break;
    case pd::core::CostGrouping::Workload: aggregate = u"namespace,controller"_s; break;
    case pd::core::CostGrouping::Owner: aggregate = u"label:previewdesk_io_owner"_s; break;
    case pd::core::CostGrouping::Environment: aggregate = u"label:previewdesk_io_environment"_s; break;
    case pd::core::CostGrouping::Day:
        *error = u"--source opencost cannot group by day; use --source history"_s;
        return 2;
    }
    pd::core::OpenCostClient client(cluster.client.get());
    QString namespaceName;
    QString serviceAndPort;
    if (!splitOpenCostService(service, &namespaceName, &serviceAndPort)) {
        *error = u"--opencost-service takes NAMESPACE/SERVICE:PORT, got \"%1\""_s.arg(service);
        return 2;
    }
    client.setService(namespaceName, serviceAndPort);
    const pd::core::OpenCostResult result = awaitResult(client.fetchAllocation(openCostWindow(r.windowMs), aggregate));
    if (!result.ok) {
        *error = u"OpenCost: "_s + result.error;
        return 1;
    }
    *rows = result.rows;
    if (!r.ns.isEmpty() && r.grouping == pd::core::CostGrouping::Namespace)
        rows->removeIf([&](const pd::core::CostRow &row) { return row.key != r.ns; });
    *header = u"opencost: allocation from %1 to %2 by %3 via %4 (OpenCost's own prices)"_s.arg(
        result.start, result.end, aggregate, client.allocationPath());
    return 0;
}

} // namespace

int runCostCommand(const QStringList &arguments)
{
    if (arguments.value(0) == "record"_L1)
        return runCostRecordCommand(arguments.mid(1));
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
        {u"source"_s, u"auto (OpenCost when its Service exists, else history when it has samples in the window, else "
                       u"estimate), history, estimate or opencost."_s,
         u"SOURCE"_s, u"auto"_s},
        {u"db"_s, u"The cost history file (default: the context's file in the app's data directory)."_s, u"FILE"_s},
        {u"opencost-service"_s, u"OpenCost's service, reached through the API server (default opencost/opencost:9003)."_s,
         u"NS/SVC:PORT"_s, u"opencost/opencost:9003"_s},
    });
    addClusterOptions(parser);
    if (!parser.parse(QStringList{u"previewctl cost"_s} + arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(u"help"_s)) {
        printOut(commandHelp(parser, u"Usage: previewctl cost [record] [options]"_s));
        return 0;
    }
    Request r;
    QString error;
    const auto window = pd::core::parseDuration(parser.value(u"window"_s), &error);
    if (!window || window->count() <= 0)
        return fail(u"--window: %1"_s.arg(error.isEmpty() ? u"must be positive"_s : error), 2);
    r.windowMs = qint64(window->count()) * 1000;
    r.windowText = pd::core::formatDuration(*window);
    if (!pd::core::parseCostGrouping(parser.value(u"by"_s), &r.grouping))
        return fail(u"--by takes namespace, workload, owner, environment or day, got \"%1\""_s.arg(parser.value(u"by"_s)), 2);
    const QString format = parser.value(u"output"_s);
    if (format != "table"_L1 && format != "csv"_L1 && format != "json"_L1)
        return fail(u"-o takes table, csv or json, got \"%1\""_s.arg(format), 2);
    CostSource source = CostSource::Auto;
    if (!parseCostSource(parser.value(u"source"_s), &source))
        return fail(u"--source takes auto, history, estimate or opencost, got \"%1\""_s.arg(parser.value(u"source"_s)), 2);
    r.ns = parser.value(u"namespace"_s);
    if (parser.isSet(u"prices"_s)) {
        QFile file(parser.value(u"prices"_s));
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        if (!doc.isObject())
            return fail(u"%1 is not a JSON object"_s.arg(file.fileName()));
        r.prices = pd::core::Prices::fromJson(doc.object());
        r.pricesNote = u"prices from "_s + file.fileName();
    }

    ClusterConnection cluster;
    if (!openCluster(parser, &cluster, &error))
        return fail(error);
    const QString by = pd::core::toString(r.grouping);
    const QString openCostService = parser.value(u"opencost-service"_s);
    if (source == CostSource::OpenCost) {
        QList<pd::core::CostRow> rows;
        QString header;
        if (const int code = fromOpenCost(cluster, r, openCostService, &rows, &header, &error))
            return fail(error, code);
        printOut(renderCost(rows, format, by, source, header + u" (USD)"_s));
        return 0;
    }
    // auto: OpenCost first where the cluster runs it (its Service exists), else history/estimate.
    QString openCostNamespace;
    QString openCostServiceAndPort;
    if (source == CostSource::Auto && r.grouping != pd::core::CostGrouping::Day
        && splitOpenCostService(openCostService, &openCostNamespace, &openCostServiceAndPort)
        && awaitResult(pd::core::detectOpenCost(cluster.client.get(), openCostNamespace,
                                                openCostServiceAndPort.section(u':', 0, 0)))) {
        QList<pd::core::CostRow> rows;
        QString header;
        if (fromOpenCost(cluster, r, openCostService, &rows, &header, &error) == 0) {
            printOut(renderCost(rows, format, by, CostSource::OpenCost, header + u" (USD)"_s));
            return 0;
        }
        printErr(u"warning: %1; using PreviewDesk's history or estimate\n"_s.arg(error));
    }

    pd::core::AttributionInput input;
    QString header;
    bool priced = false;
    if (source == CostSource::Auto || source == CostSource::History) {
        const auto [path, identity] = costHistoryFile(parser, cluster);
        // auto never creates a history file; history says plainly that there is none.
        pd::core::CostHistory history;
        if (!QFileInfo::exists(path)) {
            if (source == CostSource::History)
                return fail(u"no cost history at %1: record one with `previewctl cost record`"_s.arg(path));
        } else if (!history.open(path, identity)) {
            if (source == CostSource::History)
                return fail(history.error());
            printErr(u"warning: %1; estimating from current usage\n"_s.arg(history.error()));
        } else {
            priced = fromHistory(history, r, &input, &header);
            if (!priced && source == CostSource::History)
                return fail(u"the cost history %1 has no samples in the last %2"_s.arg(path, r.windowText));
        }
        if (priced)
            source = CostSource::History;
    }
    if (!priced) {
        source = CostSource::Estimate;
        input.prices = r.prices;
        if (const int code = estimate(cluster, r, &input, &header))
            return code;
    }
    input.prices = r.prices;
    header += u"; %1 (USD)"_s.arg(r.pricesNote);
    printOut(renderCost(pd::core::attribute(input, r.grouping), format, by, source, header));
    return 0;
}

} // namespace pd::cli
