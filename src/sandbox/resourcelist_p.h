#pragma once

// Internal helpers of the admission code: a Kubernetes ResourceList (name ->
// quantity) and the operations apimachinery's quota helpers offer on it.

#include "kube/quantity.h"

#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pd::sandbox::detail {

using ResourceList = QMap<QString, pd::kube::Quantity>; // sorted by name, as Go's prettyPrint sorts

inline ResourceList resourceListFrom(const QJsonObject &json)
{
    ResourceList out;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (const auto q = pd::kube::Quantity::fromJson(it.value()))
            out.insert(it.key(), *q);
    }
    return out;
}

inline QJsonObject toJson(const ResourceList &list)
{
    QJsonObject out;
    for (auto it = list.begin(); it != list.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

// quota.Add: keys of both; a value keeps the left operand's format.
inline ResourceList add(const ResourceList &a, const ResourceList &b)
{
    ResourceList out = a;
    for (auto it = b.begin(); it != b.end(); ++it) {
        auto existing = out.find(it.key());
        if (existing == out.end())
            out.insert(it.key(), it.value());
        else
            existing.value() += it.value();
    }
    return out;
}

// quota.Mask: only the named keys.
inline ResourceList mask(const ResourceList &list, const QStringList &names)
{
    ResourceList out;
    for (const QString &n : names) {
        const auto it = list.find(n);
        if (it != list.end())
            out.insert(n, it.value());
    }
    return out;
}

// Per key, the larger of both (resourcehelper's max over init containers).
inline ResourceList maxOf(const ResourceList &a, const ResourceList &b)
{
    ResourceList out = a;
    for (auto it = b.begin(); it != b.end(); ++it) {
        auto existing = out.find(it.key());
        if (existing == out.end())
            out.insert(it.key(), it.value());
        else if (it.value() > existing.value())
            existing.value() = it.value();
    }
    return out;
}

// "k=v,k2=v2" in key order, as the quota admission controller prints lists.
inline QString prettyPrint(const ResourceList &list)
{
    QStringList parts;
    for (auto it = list.begin(); it != list.end(); ++it)
        parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return parts.join(QLatin1Char(','));
}

// utilerrors.NewAggregate(..).Error(): one message plain, several "[a, b]" without duplicates.
inline QString aggregateMessages(const QStringList &messages)
{
    QStringList unique;
    for (const QString &m : messages) {
        if (!unique.contains(m))
            unique.append(m);
    }
    if (messages.size() == 1 || unique.size() == 1)
        return unique.value(0);
    return QLatin1Char('[') + unique.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace pd::sandbox::detail
