#pragma once

#include "groupresource.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::sandbox {

// One served resource in one group/version, as discovery describes it.
struct ResourceInfo
{
    QString group;
    QString version;
    QString resource;          // plural
    QString singular;
    QString kind;
    bool namespaced = true;
    QStringList verbs;
    QStringList shortNames;
    QStringList categories;
    QStringList subresources;  // "status", "scale", "log", "exec", "finalize" ...
    bool custom = false;       // defined by a CustomResourceDefinition (no strategic merge)
    bool storageVersion = true;
    QJsonArray printerColumns; // CRD additionalPrinterColumns (empty for built-ins)

    GroupResource groupResource() const { return {group, resource}; }
    QString apiVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    QString listKind() const { return kind + QStringLiteral("List"); }
    bool hasSubresource(const QString &sub) const { return subresources.contains(sub); }
    bool hasVerb(const QString &verb) const { return verbs.contains(verb); }
};

// An API group with its served versions, preferred first.
struct ApiGroupInfo
{
    QString name;
    QStringList versions;
};

// The kinds the sandbox serves: built-in kinds (a fixed table) plus the kinds of the
// CustomResourceDefinitions in the store (the ObjectStore keeps it current).
class ResourceRegistry final
{
public:
    ResourceRegistry();

    // By group, version and plural (or singular/short name when `allowAliases`).
    const ResourceInfo *find(const QString &group, const QString &version, const QString &resource) const;
    // The preferred (first served) version's entry of a storage resource.
    const ResourceInfo *preferred(const GroupResource &gr) const;
    // By apiVersion ("apps/v1", "v1") and Kind.
    const ResourceInfo *findByKind(const QString &apiVersion, const QString &kind) const;
    // By group and Kind, any version (preferred first).
    const ResourceInfo *findByGroupKind(const QString &group, const QString &kind) const;

    bool isNamespaced(const GroupResource &gr) const;
    bool isKnown(const GroupResource &gr) const { return preferred(gr) != nullptr; }

    // All groups (core "" first), each with versions, preferred first.
    QList<ApiGroupInfo> groups() const;
    // Resources served in one group/version (discovery order).
    QList<const ResourceInfo *> resources(const QString &group, const QString &version) const;
    // Every storage resource (one per GroupResource).
    QList<GroupResource> storageResources() const;

    // CRDs: adds/replaces the kinds of an apiextensions.k8s.io/v1 CustomResourceDefinition
    // (served versions only; storage version flagged). Returns false for an invalid CRD.
    bool addCustomResourceDefinition(const QJsonObject &crd);
    void removeCustomResourceDefinition(const QString &crdName);   // "<plural>.<group>"

private:
    void add(const ResourceInfo &info);
    void rebuildIndex();

    QList<ResourceInfo> m_resources;
    QHash<QString, qsizetype> m_byGvr;     // "group/version/resource"
    QHash<QString, qsizetype> m_byGvk;     // "group/version/Kind"
    QHash<GroupResource, qsizetype> m_preferred;
    QHash<QString, QStringList> m_crdResources;   // crd name -> "group/version/resource" keys
};

} // namespace pd::sandbox
