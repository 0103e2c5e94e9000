#include "admission.h"

#include "resourcelist_p.h"

#include <QJsonArray>

// LimitRanger as kube-apiserver runs it (plugin/pkg/admission/limitranger):
// API defaulting first (a missing request takes the limit), then every
// LimitRange's Container defaults, then each LimitRange's min/max/ratio checks;
// the first LimitRange that fails rejects the pod with all of its errors.

namespace pd::sandbox {
namespace {

using detail::ResourceList;
using pd::kube::Quantity;

const QString kContainer = QStringLiteral("Container");
const QString kPod = QStringLiteral("Pod");

struct LimitItem
{
    QString type;
    ResourceList min, max, defaultLimit, defaultRequest, maxRatio;
};

// SetDefaults_LimitRangeItem: default <- max, defaultRequest <- default, then <- min.
LimitItem limitItem(const QJsonObject &json)
{
    LimitItem item;
    item.type = json.value(QStringLiteral("type")).toString();
    item.min = detail::resourceListFrom(json.value(QStringLiteral("min")).toObject());
    item.max = detail::resourceListFrom(json.value(QStringLiteral("max")).toObject());
    item.defaultLimit = detail::resourceListFrom(json.value(QStringLiteral("default")).toObject());
    item.defaultRequest = detail::resourceListFrom(json.value(QStringLiteral("defaultRequest")).toObject());
    item.maxRatio = detail::resourceListFrom(json.value(QStringLiteral("maxLimitRequestRatio")).toObject());
    if (item.type == kContainer) {
        for (auto it = item.max.begin(); it != item.max.end(); ++it) {
            if (!item.defaultLimit.contains(it.key()))
                item.defaultLimit.insert(it.key(), it.value());
        }
        for (auto it = item.defaultLimit.begin(); it != item.defaultLimit.end(); ++it) {
            if (!item.defaultRequest.contains(it.key()))
                item.defaultRequest.insert(it.key(), it.value());
        }
        for (auto it = item.min.begin(); it != item.min.end(); ++it) {
            if (!item.defaultRequest.contains(it.key()))
                item.defaultRequest.insert(it.key(), it.value());
        }
    }
    return item;
}

QList<LimitItem> itemsOf(const QJsonObject &limitRange)
{
    QList<LimitItem> items;
    for (const QJsonValue &v : limitRange.value(QStringLiteral("spec")).toObject().value(QStringLiteral("limits")).toArray())
        items.append(limitItem(v.toObject()));
    return items;
}

// Applies `edit` to every container and init container, with the label the
// limit ranger uses in its annotation.
template<typename Fn>
void forEachContainer(QJsonObject &pod, Fn edit)
{
    QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    for (const auto &[key, label] : {std::pair{QStringLiteral("containers"), QStringLiteral("container")},
                                     std::pair{QStringLiteral("initContainers"), QStringLiteral("init container")}}) {
        if (!spec.contains(key))
            continue;
        QJsonArray containers = spec.value(key).toArray();
        for (qsizetype i = 0; i < containers.size(); ++i) {
            QJsonObject c = containers.at(i).toObject();
            edit(c, label);
            containers[i] = c;
        }
        spec.insert(key, containers);
    }
    pod.insert(QStringLiteral("spec"), spec);
}

QJsonObject resourcesOf(const QJsonObject &container)
{
    return container.value(QStringLiteral("resources")).toObject();
}

// Pod API defaulting (SetDefaults_Pod): a request that is missing takes the limit.
void defaultRequestsToLimits(QJsonObject &container)
{
    QJsonObject resources = resourcesOf(container);
    const QJsonObject limits = resources.value(QStringLiteral("limits")).toObject();
    if (limits.isEmpty())
        return;
    QJsonObject requests = resources.value(QStringLiteral("requests")).toObject();
    for (auto it = limits.begin(); it != limits.end(); ++it) {
        if (!requests.contains(it.key()))
            requests.insert(it.key(), it.value());
    }
    resources.insert(QStringLiteral("requests"), requests);
    container.insert(QStringLiteral("resources"), resources);
}

QStringList mergeDefaults(QJsonObject &container, const ResourceList &defaultLimits, const ResourceList &defaultRequests,
                          const QString &label)
{
    QJsonObject resources = resourcesOf(container);
    QJsonObject limits = resources.value(QStringLiteral("limits")).toObject();
    QJsonObject requests = resources.value(QStringLiteral("requests")).toObject();
    QStringList setLimits, setRequests;
    for (auto it = defaultLimits.begin(); it != defaultLimits.end(); ++it) {
        if (!limits.contains(it.key())) {
            limits.insert(it.key(), it.value().toString());
            setLimits.append(it.key());
        }
    }
    for (auto it = defaultRequests.begin(); it != defaultRequests.end(); ++it) {
        if (!requests.contains(it.key())) {
            requests.insert(it.key(), it.value().toString());
            setRequests.append(it.key());
        }
    }
    if (setLimits.isEmpty() && setRequests.isEmpty())
        return {};
    if (!limits.isEmpty())
        resources.insert(QStringLiteral("limits"), limits);
    if (!requests.isEmpty())
        resources.insert(QStringLiteral("requests"), requests);
    container.insert(QStringLiteral("resources"), resources);

    const QString name = container.value(QStringLiteral("name")).toString();
    QStringList notes;
    if (!setRequests.isEmpty())
        notes.append(setRequests.join(QStringLiteral(", ")) + QStringLiteral(" request for ") + label + QLatin1Char(' ') + name);
    if (!setLimits.isEmpty())
        notes.append(setLimits.join(QStringLiteral(", ")) + QStringLiteral(" limit for ") + label + QLatin1Char(' ') + name);
    return notes;
}

void minConstraint(const QString &type, const QString &res, const Quantity &enforced, const ResourceList &requests,
                   const ResourceList &limits, QStringList *errors)
{
    const QString prefix = QStringLiteral("minimum ") + res + QStringLiteral(" usage per ") + type + QStringLiteral(" is ")
        + enforced.toString();
    if (!requests.contains(res))
        errors->append(prefix + QStringLiteral(".  No request is specified"));
    else if (requests.value(res) < enforced)
        errors->append(prefix + QStringLiteral(", but request is ") + requests.value(res).toString());
    else if (limits.contains(res) && limits.value(res) < enforced)
        errors->append(prefix + QStringLiteral(", but limit is ") + limits.value(res).toString());
}

void maxConstraint(const QString &type, const QString &res, const Quantity &enforced, const ResourceList &requests,
                   const ResourceList &limits, QStringList *errors)
{
    const QString prefix = QStringLiteral("maximum ") + res + QStringLiteral(" usage per ") + type + QStringLiteral(" is ")
        + enforced.toString();
    if (!limits.contains(res))
        errors->append(prefix + QStringLiteral(".  No limit is specified"));
    else if (limits.value(res) > enforced)
        errors->append(prefix + QStringLiteral(", but limit is ") + limits.value(res).toString());
    else if (requests.contains(res) && requests.value(res) > enforced)
        errors->append(prefix + QStringLiteral(", but request is ") + requests.value(res).toString());
}

void ratioConstraint(const QString &type, const QString &res, const Quantity &enforced, const ResourceList &requests,
                     const ResourceList &limits, QStringList *errors)
{
    const QString prefix = res + QStringLiteral(" max limit to request ratio per ") + type + QStringLiteral(" is ")
        + enforced.toString();
    const qint64 request = requests.value(res).milliValue();
    const qint64 limit = limits.value(res).milliValue();
    if (!requests.contains(res) || request == 0) {
        errors->append(prefix + QStringLiteral(", but no request is specified or request is 0"));
        return;
    }
    if (!limits.contains(res) || limit == 0) {
        errors->append(prefix + QStringLiteral(", but no limit is specified or limit is 0"));
        return;
    }
    const double observed = double(limit) / double(request);
    if (observed * 1000.0 > double(enforced.milliValue()))
        errors->append(prefix + QStringLiteral(", but provided ratio is ") + QString::number(observed, 'f', 6));
}

void checkItem(const LimitItem &item, const ResourceList &requests, const ResourceList &limits, QStringList *errors)
{
    for (auto it = item.min.begin(); it != item.min.end(); ++it)
        minConstraint(item.type, it.key(), it.value(), requests, limits, errors);
    for (auto it = item.max.begin(); it != item.max.end(); ++it)
        maxConstraint(item.type, it.key(), it.value(), requests, limits, errors);
    for (auto it = item.maxRatio.begin(); it != item.maxRatio.end(); ++it)
        ratioConstraint(item.type, it.key(), it.value(), requests, limits, errors);
}

ResourceList containerList(const QJsonObject &container, const QString &key)
{
    return detail::resourceListFrom(resourcesOf(container).value(key).toObject());
}

// resourcehelper.PodRequests/PodLimits: sum of containers, at least the largest init container.
ResourceList podTotal(const QJsonObject &pod, const QString &key)
{
    const QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    ResourceList sum;
    for (const QJsonValue &c : spec.value(QStringLiteral("containers")).toArray())
        sum = detail::add(sum, containerList(c.toObject(), key));
    for (const QJsonValue &c : spec.value(QStringLiteral("initContainers")).toArray())
        sum = detail::maxOf(sum, containerList(c.toObject(), key));
    return detail::add(sum, detail::resourceListFrom(spec.value(QStringLiteral("overhead")).toObject()));
}

QStringList validate(const QList<LimitItem> &items, const QJsonObject &pod)
{
    QStringList errors;
    const QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    for (const LimitItem &item : items) {
        if (item.type == kContainer) {
            for (const QString &key : {QStringLiteral("containers"), QStringLiteral("initContainers")}) {
                for (const QJsonValue &c : spec.value(key).toArray()) {
                    checkItem(item, containerList(c.toObject(), QStringLiteral("requests")),
                              containerList(c.toObject(), QStringLiteral("limits")), &errors);
                }
            }
        } else if (item.type == kPod) {
            checkItem(item, podTotal(pod, QStringLiteral("requests")), podTotal(pod, QStringLiteral("limits")), &errors);
        }
    }
    return errors;
}

} // namespace

AdmissionResult applyLimitRanges(QJsonObject &pod, const QList<QJsonObject> &limitRanges)
{
    forEachContainer(pod, [](QJsonObject &c, const QString &) { defaultRequestsToLimits(c); });

    for (const QJsonObject &limitRange : limitRanges) {
        ResourceList defaultLimits, defaultRequests;
        for (const LimitItem &item : itemsOf(limitRange)) {
            if (item.type != kContainer)
                continue;
            for (auto it = item.defaultLimit.begin(); it != item.defaultLimit.end(); ++it)
                defaultLimits.insert(it.key(), it.value());
            for (auto it = item.defaultRequest.begin(); it != item.defaultRequest.end(); ++it)
                defaultRequests.insert(it.key(), it.value());
        }
        QStringList notes;
        forEachContainer(pod, [&](QJsonObject &c, const QString &label) {
            notes += mergeDefaults(c, defaultLimits, defaultRequests, label);
        });
        if (!notes.isEmpty()) {
            QJsonObject meta = pod.value(QStringLiteral("metadata")).toObject();
            QJsonObject annotations = meta.value(QStringLiteral("annotations")).toObject();
            annotations.insert(QStringLiteral("kubernetes.io/limit-ranger"),
                               QString(QStringLiteral("LimitRanger plugin set: ") + notes.join(QStringLiteral("; "))));
            meta.insert(QStringLiteral("annotations"), annotations);
            pod.insert(QStringLiteral("metadata"), meta);
        }
    }

    for (const QJsonObject &limitRange : limitRanges) {
        const QStringList errors = validate(itemsOf(limitRange), pod);
        if (!errors.isEmpty())
            return {false, detail::aggregateMessages(errors)};
    }
    return {};
}

} // namespace pd::sandbox
