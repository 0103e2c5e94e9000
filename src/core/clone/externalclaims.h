#pragma once

#include "cloneoptions.h"
#include "planrow.h"

#include <QJsonObject>
#include <QList>

namespace pd::core::clone {

// Clone safety 7: nothing cluster-wide or external is claimed. On a Service:
// cluster IPs (headless "None" stays), node ports, healthCheckNodePort,
// loadBalancerIP, externalIPs and the annotations that pin an address
// (MetalLB, kube-vip, Cilium, AWS, Azure, GKE) are dropped, and a
// LoadBalancer or NodePort Service becomes ClusterIP together with the fields
// ClusterIP rejects, unless its name is in options.keepServiceTypes. On an
// Ingress: the annotations that claim a static address. Other kinds are left alone.
void releaseExternalClaims(QJsonObject &object, const CloneOptions &options, QList<PlanRow> *rows);

} // namespace pd::core::clone
