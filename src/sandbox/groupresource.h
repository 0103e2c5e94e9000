#pragma once

#include <QHashFunctions>
#include <QString>

namespace pd::sandbox {

// The storage identity of a kind: its API group and plural resource name. Versions of
// one kind (autoscaling/v1 and v2 HPAs, external-secrets v1 and v1beta1) share it.
struct GroupResource
{
    QString group;      // "" = core
    QString resource;   // plural, lower case

    // "pods", "deployments.apps" (as error messages and RBAC print it).
    QString toString() const { return group.isEmpty() ? resource : resource + u'.' + group; }
    bool isEmpty() const { return resource.isEmpty(); }
    friend bool operator==(const GroupResource &, const GroupResource &) = default;
};
inline size_t qHash(const GroupResource &gr, size_t seed = 0) { return qHashMulti(seed, gr.group, gr.resource); }

} // namespace pd::sandbox
