#pragma once

#include "costattribution.h"

#include "kube/apicall.h"
#include "kube/status.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

struct OpenCostResult
{
    bool ok = false;
    QString error;                 // why not, in plain words
    QList<CostRow> rows;           // one per allocation name, summed over the steps
    QString start;                 // the earliest start / latest end the answer covers (RFC 3339)
    QString end;
    int httpCode = 0;              // of a failed answer
    bool cancelled = false;        // aborted (OpenCostClient::abort, or the client went away)

    pd::kube::Status status() const
    {
        if (ok)
            return pd::kube::Status::success();
        if (cancelled)
            return pd::kube::Status::cancelled(error);
        return pd::kube::Status::failure(error, httpCode ? pd::kube::Status::codeForHttp(httpCode) : int(pd::kube::Status::Failed),
                                         httpCode);
    }
};

// Parses OpenCost's `GET /allocation` answer:
// {"code":200,"data":[{"<name>":{"name","cpuCost","ramCost","pvCost","totalCost","start","end",
//  "minutes","cpuCoreHours","ramByteHours","pvByteHours",..}}, ..]} (one set per step).
// cpuCost -> cpuCost, ramCost -> memoryCost, pvCost -> storageCost; hours = minutes / 60.
// OpenCost's own "__idle__" and "__unallocated__" entries are kept as they are named.
OpenCostResult parseOpenCostAllocation(const QByteArray &json);

// Whether the cluster runs OpenCost: true when the Service namespaceName/serviceName can be
// read (GET succeeds), false on any failure (absent, forbidden, unreachable). Bound to the
// client (pd::bindTo), so the caller may go away before it finishes.
QFuture<bool> detectOpenCost(pd::kube::ApiClient *client, const QString &namespaceName = QStringLiteral("opencost"),
                             const QString &serviceName = QStringLiteral("opencost"));

// Fetches an allocation through the API server's service proxy to the opencost service
// (namespace and service configurable), so no port-forward is needed.
class OpenCostClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenCostClient)
public:
    explicit OpenCostClient(pd::kube::ApiClient *client, QObject *parent = nullptr);
    ~OpenCostClient() override;   // aborts the fetches still on the wire

    void setService(const QString &namespaceName, const QString &serviceAndPort)
    {
        m_namespace = namespaceName;
        m_service = serviceAndPort;
    }
    // "/api/v1/namespaces/opencost/services/opencost:9003/proxy/allocation"
    QString allocationPath() const;

    QString namespaceName() const { return m_namespace; }
    QString serviceAndPort() const { return m_service; }

    // window: "7d", "24h", "today" ..; aggregate: "namespace", "controller", "label:x" ..
    // Bound to this object: destroying it mid-fetch aborts the request and cancels the future.
    QFuture<OpenCostResult> fetchAllocation(const QString &window, const QString &aggregate = QStringLiteral("namespace"));
    // Aborts every fetch on the wire: each resolves as "the request was cancelled".
    void abort() { m_calls.abortAll(); }

private:
    pd::kube::ApiClient *m_client;
    pd::kube::ApiCalls m_calls;
    QString m_namespace = QStringLiteral("opencost");
    QString m_service = QStringLiteral("opencost:9003");
};

} // namespace pd::core
