#pragma once

#include "cloneplan.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace pd::core::clone {

// Every preview has a URL (issue 12, item 7). When the source has no Ingress,
// its front Service is exposed through an Ingress at the host template: a
// former LoadBalancer or NodePort Service with an HTTP port, else the Service
// serving HTTP (port 80 or 8080, or a port named or declared http). The
// person cloning picks another with options.exposeService (--expose SVC[:PORT]),
// which also works beside the source's own Ingresses, or opts out with
// options.noIngress. HTTPS ports are never picked: the Ingress speaks HTTP to
// its backend.
struct ExposurePlan
{
    QJsonObject ingress;                     // empty: nothing exposed
    QString url;                             // "http://pr-1423.preview.example.com"
    QList<PlanRow> rows;
    QStringList warnings;
    std::optional<PendingDecision> problem;  // --expose names what the source does not have
};

// `sourceObjects` are the source namespace's objects, as exported.
ExposurePlan planExposure(const QList<QJsonObject> &sourceObjects, const CloneOptions &options);

} // namespace pd::core::clone
