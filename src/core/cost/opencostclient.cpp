#include "opencostclient.h"

#include "kube/bindto.h"
#include "kube/apiclient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

OpenCostResult parseOpenCostAllocation(const QByteArray &json)
{
    OpenCostResult result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        result.error = parseError.error != QJsonParseError::NoError
            ? u"OpenCost answered with invalid JSON: %1"_s.arg(parseError.errorString())
            : u"OpenCost answered with something other than a JSON object"_s;
        return result;
    }
    const QJsonObject root = document.object();
    const int code = root.value("code"_L1).toInt();
    if (code != 200) {
        const QString message = root.value("message"_L1).toString();
        result.error = u"OpenCost answered code %1%2"_s.arg(code).arg(message.isEmpty() ? QString() : u": "_s + message);
        return result;
    }
    if (!root.value("data"_L1).isArray()) {
        result.error = u"OpenCost answer has no \"data\" array"_s;
        return result;
    }
    QHash<QString, CostRow> rows;
    for (const QJsonValue &set : root.value("data"_L1).toArray()) {
        const QJsonObject allocations = set.toObject();   // null sets (no data for a step) are empty
        for (auto it = allocations.begin(); it != allocations.end(); ++it) {
            const QJsonObject a = it.value().toObject();
            const QString name = a.value("name"_L1).toString(it.key());
            CostRow &row = rows[name];
            row.key = name;
            row.cpuCost += a.value("cpuCost"_L1).toDouble();
            row.memoryCost += a.value("ramCost"_L1).toDouble();
            row.storageCost += a.value("pvCost"_L1).toDouble();
            row.totalCost += a.value("totalCost"_L1).toDouble();
            row.hours += a.value("minutes"_L1).toDouble() / 60.0;
            row.cpuCoreHoursUsed += a.value("cpuCoreHours"_L1).toDouble();
            row.memoryGiBHoursUsed += a.value("ramByteHours"_L1).toDouble() / bytesPerGiB;
            row.storageGiBHours += a.value("pvByteHours"_L1).toDouble() / bytesPerGiB;
            const QString start = a.value("start"_L1).toString();
            const QString end = a.value("end"_L1).toString();
            // RFC 3339 in UTC ("Z") orders as text.
            if (!start.isEmpty() && (result.start.isEmpty() || start < result.start))
                result.start = start;
            if (!end.isEmpty() && end > result.end)
                result.end = end;
        }
    }
    result.rows = rows.values();
    std::sort(result.rows.begin(), result.rows.end(), [](const CostRow &a, const CostRow &b) {
        if (a.totalCost != b.totalCost)
            return a.totalCost > b.totalCost;
        return a.key < b.key;
    });
    result.ok = true;
    return result;
}

QFuture<bool> detectOpenCost(pd::kube::ApiClient *client, const QString &namespaceName, const QString &serviceName)
{
    const pd::kube::ResourceRef ref{{}, u"v1"_s, u"services"_s, namespaceName, serviceName, {}};
    return pd::bindTo(client, client->get(ref), [](const pd::kube::ApiResult &answer) { return answer.ok(); });
}

OpenCostClient::OpenCostClient(pd::kube::ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

OpenCostClient::~OpenCostClient()
{
    abort();
}

QString OpenCostClient::allocationPath() const
{
    return u"/api/v1/namespaces/%1/services/%2/proxy/allocation"_s.arg(m_namespace, m_service);
}

QFuture<OpenCostResult> OpenCostClient::fetchAllocation(const QString &window, const QString &aggregate)
{
    pd::kube::ApiRequest request = pd::kube::ApiRequest::raw(allocationPath());
    request.extraQuery = {{u"window"_s, window}, {u"aggregate"_s, aggregate}};
    // A window that closes mid-fetch deletes this client, which aborts the request (abort()).
    return pd::bindTo(this, m_calls.add(m_client->send(request)), [namespaceName = m_namespace](const pd::kube::ApiResult &answer) {
        if (!answer.ok()) {
            OpenCostResult failed;
            failed.httpCode = answer.httpCode;
            failed.cancelled = answer.aborted();
            failed.error = answer.httpCode == 404 || answer.httpCode == 503
                ? u"OpenCost is not reachable through the API server (%1); is it installed in the "
                  u"\"%2\" namespace?"_s.arg(answer.message(), namespaceName)
                : answer.message();
            return failed;
        }
        return parseOpenCostAllocation(answer.body);
    });
}

} // namespace pd::core
