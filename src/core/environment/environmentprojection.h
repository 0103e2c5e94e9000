#pragma once

#include "environmentcache.h"

#include <QJsonObject>

namespace pd::core {

// kubectl apply's copy of the whole object it applied: never part of an environment.
inline constexpr QLatin1StringView lastAppliedAnnotation{"kubectl.kubernetes.io/last-applied-configuration"};

// What EnvironmentBuilder reads of an object of each kind, and nothing else: the watcher's
// cache keeps these instead of whole objects (a Deployment's pod template, managedFields and
// last-applied annotation are most of its size; at 10,000 namespaces that was most of the
// model's memory). A field the builder starts to read must be added here; tst_environmentcache
// builds every environment of the fixtures from whole and from projected objects and compares.
QJsonObject projectForEnvironment(EnvironmentSourceKind kind, const QJsonObject &object);

} // namespace pd::core
