#include "tableconverter.h"

#include "resourceregistry.h"

#include <kube/labelselector.h>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

struct Column
{
    QString name;
    QString type;
    int priority;
};

QJsonValue at(const QJsonObject &o, const QString &dotted)
{
    QJsonValue v = o;
    for (const QString &part : dotted.split(u'.', Qt::SkipEmptyParts)) {
        if (!v.isObject())
            return {};
        v = v.toObject().value(part);
    }
    return v;
}

// A CRD printer column's JSONPath, the subset CRDs use: `.a.b`, `[N]`, and a filter
// `[?(@.key=="value")]` (the first match, as kube-apiserver prints one cell).
QJsonValue jsonPathValue(const QJsonObject &o, const QString &path)
{
    QJsonValue v = o;
    qsizetype i = 0;
    const qsizetype n = path.size();
    while (i < n) {
        const QChar c = path.at(i);
        if (c == u'.') {
            ++i;
            continue;
        }
        if (c == u'[') {
            const qsizetype close = path.indexOf(u']', i);
            if (close < 0)
                return {};
            const QString inner = path.mid(i + 1, close - i - 1);
            i = close + 1;
            const QJsonArray array = v.toArray();
            if (inner.startsWith(u"?(@."_s) && inner.endsWith(u')')) {
                const QString expr = inner.mid(4, inner.size() - 5);
                const qsizetype eq = expr.indexOf(u"=="_s);
                if (eq < 0)
                    return {};
                const QString key = expr.left(eq).trimmed();
                QString want = expr.mid(eq + 2).trimmed();
                if (want.size() >= 2 && (want.startsWith(u'"') || want.startsWith(u'\'')))
                    want = want.mid(1, want.size() - 2);
                QJsonValue match;
                for (const QJsonValue &e : array) {
                    if (at(e.toObject(), key).toVariant().toString() == want) {
                        match = e;
                        break;
                    }
                }
                v = match;
            } else {
                bool ok = false;
                const int index = inner.toInt(&ok);
                if (!ok || index < 0 || index >= array.size())
                    return {};
                v = array.at(index);
            }
            continue;
        }
        qsizetype end = i;
        while (end < n && path.at(end) != u'.' && path.at(end) != u'[')
            ++end;
        if (!v.isObject())
            return {};
        v = v.toObject().value(path.mid(i, end - i));
        i = end;
    }
    return v;
}

QString str(const QJsonObject &o, const QString &dotted) { return at(o, dotted).toString(); }
qint64 num(const QJsonObject &o, const QString &dotted) { return at(o, dotted).toInteger(); }

QString age(const QJsonObject &o, const QDateTime &now)
{
    const QDateTime created = QDateTime::fromString(str(o, u"metadata.creationTimestamp"_s), Qt::ISODate);
    if (!created.isValid())
        return u"<unknown>"_s;
    return TableConverter::humanDuration(created.secsTo(now));
}

QList<Column> columnsFor(const QString &kind, const ResourceInfo &info)
{
    const Column name{u"Name"_s, u"string"_s, 0};
    const Column ageCol{u"Age"_s, u"string"_s, 0};
    if (kind == u"Pod"_s)
        return {name, {u"Ready"_s, u"string"_s, 0}, {u"Status"_s, u"string"_s, 0}, {u"Restarts"_s, u"string"_s, 0}, ageCol,
                {u"IP"_s, u"string"_s, 1}, {u"Node"_s, u"string"_s, 1}, {u"Nominated Node"_s, u"string"_s, 1},
                {u"Readiness Gates"_s, u"string"_s, 1}};
    if (kind == u"Deployment"_s)
        return {name, {u"Ready"_s, u"string"_s, 0}, {u"Up-to-date"_s, u"integer"_s, 0}, {u"Available"_s, u"integer"_s, 0}, ageCol,
                {u"Containers"_s, u"string"_s, 1}, {u"Images"_s, u"string"_s, 1}, {u"Selector"_s, u"string"_s, 1}};
    if (kind == u"ReplicaSet"_s)
        return {name, {u"Desired"_s, u"integer"_s, 0}, {u"Current"_s, u"integer"_s, 0}, {u"Ready"_s, u"integer"_s, 0}, ageCol,
                {u"Containers"_s, u"string"_s, 1}, {u"Images"_s, u"string"_s, 1}, {u"Selector"_s, u"string"_s, 1}};
    if (kind == u"StatefulSet"_s)
        return {name, {u"Ready"_s, u"string"_s, 0}, ageCol, {u"Containers"_s, u"string"_s, 1}, {u"Images"_s, u"string"_s, 1}};
    if (kind == u"Namespace"_s)
        return {name, {u"Status"_s, u"string"_s, 0}, ageCol};
    if (kind == u"Service"_s)
        return {name, {u"Type"_s, u"string"_s, 0}, {u"Cluster-IP"_s, u"string"_s, 0}, {u"External-IP"_s, u"string"_s, 0},
                {u"Port(s)"_s, u"string"_s, 0}, ageCol, {u"Selector"_s, u"string"_s, 1}};
    if (kind == u"ConfigMap"_s)
        return {name, {u"Data"_s, u"integer"_s, 0}, ageCol};
    if (kind == u"Secret"_s)
        return {name, {u"Type"_s, u"string"_s, 0}, {u"Data"_s, u"integer"_s, 0}, ageCol};
    if (kind == u"Job"_s)
        return {name, {u"Status"_s, u"string"_s, 0}, {u"Completions"_s, u"string"_s, 0}, {u"Duration"_s, u"string"_s, 0}, ageCol};
    if (kind == u"CronJob"_s)
        return {name, {u"Schedule"_s, u"string"_s, 0}, {u"Timezone"_s, u"string"_s, 0}, {u"Suspend"_s, u"boolean"_s, 0},
                {u"Active"_s, u"integer"_s, 0}, {u"Last Schedule"_s, u"string"_s, 0}, ageCol};
    if (kind == u"Event"_s && info.group.isEmpty())
        return {{u"Last Seen"_s, u"string"_s, 0}, {u"Type"_s, u"string"_s, 0}, {u"Reason"_s, u"string"_s, 0},
                {u"Object"_s, u"string"_s, 0}, {u"Message"_s, u"string"_s, 0}, name};
    if (kind == u"Ingress"_s)
        return {name, {u"Class"_s, u"string"_s, 0}, {u"Hosts"_s, u"string"_s, 0}, {u"Address"_s, u"string"_s, 0},
                {u"Ports"_s, u"string"_s, 0}, ageCol};
    if (kind == u"PersistentVolumeClaim"_s)
        return {name, {u"Status"_s, u"string"_s, 0}, {u"Volume"_s, u"string"_s, 0}, {u"Capacity"_s, u"string"_s, 0},
                {u"Access Modes"_s, u"string"_s, 0}, {u"StorageClass"_s, u"string"_s, 0}, ageCol};
    if (kind == u"HorizontalPodAutoscaler"_s)
        return {name, {u"Reference"_s, u"string"_s, 0}, {u"MinPods"_s, u"string"_s, 0}, {u"MaxPods"_s, u"string"_s, 0},
                {u"Replicas"_s, u"string"_s, 0}, ageCol};
    if (info.custom && !info.printerColumns.isEmpty()) {
        // The CRD's columns only: kube-apiserver defaults an Age column only when a CRD names none.
        QList<Column> cols{name};
        for (const auto &v : info.printerColumns) {
            const QJsonObject c = v.toObject();
            cols.append({c.value(u"name"_s).toString(), c.value(u"type"_s).toString(u"string"_s),
                         int(c.value(u"priority"_s).toInt())});
        }
        return cols;
    }
    return {name, ageCol};
}

QString podStatus(const QJsonObject &pod, int *ready, int *total, qint64 *restarts)
{
    QString reason = str(pod, u"status.reason"_s);
    if (reason.isEmpty())
        reason = str(pod, u"status.phase"_s);
    if (reason.isEmpty())
        reason = u"Pending"_s;
    const QJsonArray statuses = at(pod, u"status.containerStatuses"_s).toArray();
    *total = int(at(pod, u"spec.containers"_s).toArray().size());
    *ready = 0;
    *restarts = 0;
    for (const auto &v : statuses) {
        const QJsonObject s = v.toObject();
        *restarts += s.value(u"restartCount"_s).toInteger();
        if (s.value(u"ready"_s).toBool())
            ++*ready;
        const QString waiting = s.value(u"state"_s).toObject().value(u"waiting"_s).toObject().value(u"reason"_s).toString();
        const QString terminated = s.value(u"state"_s).toObject().value(u"terminated"_s).toObject().value(u"reason"_s).toString();
        if (!waiting.isEmpty())
            reason = waiting;
        else if (!terminated.isEmpty() && reason == u"Running"_s)
            reason = terminated;
    }
    if (at(pod, u"metadata.deletionTimestamp"_s).isString())
        reason = u"Terminating"_s;
    return reason;
}

QString containersOf(const QJsonObject &podSpec, const QString &field)
{
    QStringList out;
    for (const auto &c : podSpec.value(u"containers"_s).toArray())
        out << c.toObject().value(field).toString();
    return out.join(u',');
}

QString servicePorts(const QJsonObject &svc)
{
    QStringList out;
    for (const auto &v : at(svc, u"spec.ports"_s).toArray()) {
        const QJsonObject p = v.toObject();
        QString s = QString::number(p.value(u"port"_s).toInt());
        if (p.contains(u"nodePort"_s))
            s += u':' + QString::number(p.value(u"nodePort"_s).toInt());
        out << s + u'/' + p.value(u"protocol"_s).toString(u"TCP"_s);
    }
    return out.isEmpty() ? u"<none>"_s : out.join(u',');
}

QString selectorString(const QJsonObject &selector)
{
    const auto s = kube::LabelSelector::fromJson(selector);
    return s ? s->toString() : QString();
}

} // namespace

TableConverter::TableConverter(const ResourceInfo &info)
    : m_info(info)
    , m_kind(info.kind)
{
}

QString TableConverter::humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 120)
        return QString::number(seconds) + u's';
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QString(QString::number(minutes) + u'm') : QString(QString::number(minutes) + u'm' + QString::number(s) + u's');
    }
    if (minutes < 180)
        return QString::number(minutes) + u'm';
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QString(QString::number(hours) + u'h') : QString(QString::number(hours) + u'h' + QString::number(m) + u'm');
    }
    if (hours < 48)
        return QString::number(hours) + u'h';
    const qint64 days = hours / 24;
    if (days < 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QString(QString::number(days) + u'd') : QString(QString::number(days) + u'd' + QString::number(h) + u'h');
    }
    if (days < 365 * 2)
        return QString::number(days) + u'd';
    return QString::number(days / 365) + u'y';
}

QJsonArray TableConverter::columnDefinitions() const
{
    QJsonArray out;
    for (const Column &c : columnsFor(m_kind, m_info)) {
        QJsonObject def{{u"name"_s, c.name}, {u"type"_s, c.type}, {u"format"_s, c.name == u"Name"_s ? u"name"_s : QString()},
                        {u"description"_s, c.name}, {u"priority"_s, c.priority}};
        out.append(def);
    }
    return out;
}

QJsonArray TableConverter::cells(const QJsonObject &o, const QDateTime &now) const
{
    const QString name = str(o, u"metadata.name"_s);
    const QString ageText = age(o, now);
    if (m_kind == u"Pod"_s) {
        int ready = 0, total = 0;
        qint64 restarts = 0;
        const QString status = podStatus(o, &ready, &total, &restarts);
        const QString ip = str(o, u"status.podIP"_s);
        const QString node = str(o, u"spec.nodeName"_s);
        return {name, u"%1/%2"_s.arg(ready).arg(total), status, QString::number(restarts), ageText,
                ip.isEmpty() ? u"<none>"_s : ip, node.isEmpty() ? u"<none>"_s : node, u"<none>"_s, u"<none>"_s};
    }
    const QJsonObject podSpec = at(o, u"spec.template.spec"_s).toObject();
    if (m_kind == u"Deployment"_s)
        return {name, u"%1/%2"_s.arg(num(o, u"status.readyReplicas"_s)).arg(at(o, u"spec.replicas"_s).toInteger(1)),
                num(o, u"status.updatedReplicas"_s), num(o, u"status.availableReplicas"_s), ageText,
                containersOf(podSpec, u"name"_s), containersOf(podSpec, u"image"_s),
                selectorString(at(o, u"spec.selector"_s).toObject())};
    if (m_kind == u"ReplicaSet"_s)
        return {name, at(o, u"spec.replicas"_s).toInteger(1), num(o, u"status.replicas"_s), num(o, u"status.readyReplicas"_s),
                ageText, containersOf(podSpec, u"name"_s), containersOf(podSpec, u"image"_s),
                selectorString(at(o, u"spec.selector"_s).toObject())};
    if (m_kind == u"StatefulSet"_s)
        return {name, u"%1/%2"_s.arg(num(o, u"status.readyReplicas"_s)).arg(at(o, u"spec.replicas"_s).toInteger(1)), ageText,
                containersOf(podSpec, u"name"_s), containersOf(podSpec, u"image"_s)};
    if (m_kind == u"Namespace"_s)
        return {name, str(o, u"status.phase"_s), ageText};
    if (m_kind == u"Service"_s) {
        const QString type = at(o, u"spec.type"_s).toString(u"ClusterIP"_s);
        const QString ip = at(o, u"spec.clusterIP"_s).toString(u"<none>"_s);
        QStringList external;
        for (const auto &v : at(o, u"status.loadBalancer.ingress"_s).toArray())
            external << v.toObject().value(u"ip"_s).toString(v.toObject().value(u"hostname"_s).toString());
        const QJsonObject sel = at(o, u"spec.selector"_s).toObject();
        QStringList selParts;
        for (auto it = sel.begin(); it != sel.end(); ++it)
            selParts << it.key() + u'=' + it.value().toString();
        return {name, type, ip, external.isEmpty() ? (type == u"LoadBalancer"_s ? u"<pending>"_s : u"<none>"_s) : external.join(u','),
                servicePorts(o), ageText, selParts.isEmpty() ? u"<none>"_s : selParts.join(u',')};
    }
    if (m_kind == u"ConfigMap"_s)
        return {name, at(o, u"data"_s).toObject().size() + at(o, u"binaryData"_s).toObject().size(), ageText};
    if (m_kind == u"Secret"_s)
        return {name, str(o, u"type"_s), at(o, u"data"_s).toObject().size(), ageText};
    if (m_kind == u"Job"_s) {
        const qint64 succeeded = num(o, u"status.succeeded"_s);
        const qint64 completions = at(o, u"spec.completions"_s).toInteger(1);
        QString status = u"Running"_s;
        for (const auto &v : at(o, u"status.conditions"_s).toArray()) {
            const QJsonObject c = v.toObject();
            if (c.value(u"status"_s).toString() == u"True"_s && c.value(u"type"_s).toString() == u"Complete"_s)
                status = u"Complete"_s;
            else if (c.value(u"status"_s).toString() == u"True"_s && c.value(u"type"_s).toString() == u"Failed"_s)
                status = u"Failed"_s;
        }
        const QDateTime start = QDateTime::fromString(str(o, u"status.startTime"_s), Qt::ISODate);
        const QDateTime end = QDateTime::fromString(str(o, u"status.completionTime"_s), Qt::ISODate);
        const QString duration = start.isValid() ? humanDuration(start.secsTo(end.isValid() ? end : now)) : QString();
        return {name, status, u"%1/%2"_s.arg(succeeded).arg(completions), duration, ageText};
    }
    if (m_kind == u"CronJob"_s) {
        const QString last = str(o, u"status.lastScheduleTime"_s);
        const QDateTime lastTime = QDateTime::fromString(last, Qt::ISODate);
        return {name, str(o, u"spec.schedule"_s), at(o, u"spec.timeZone"_s).toString(u"<none>"_s),
                at(o, u"spec.suspend"_s).toBool(), at(o, u"status.active"_s).toArray().size(),
                lastTime.isValid() ? humanDuration(lastTime.secsTo(now)) : u"<none>"_s, ageText};
    }
    if (m_kind == u"Event"_s && m_info.group.isEmpty()) {
        QString last = str(o, u"lastTimestamp"_s);
        if (last.isEmpty())
            last = str(o, u"eventTime"_s);
        const QDateTime lastTime = QDateTime::fromString(last, Qt::ISODate);
        const QString object = str(o, u"involvedObject.kind"_s).toLower() + u'/' + str(o, u"involvedObject.name"_s);
        return {lastTime.isValid() ? humanDuration(lastTime.secsTo(now)) : u"<unknown>"_s, str(o, u"type"_s),
                str(o, u"reason"_s), object, str(o, u"message"_s), name};
    }
    if (m_kind == u"Ingress"_s) {
        QStringList hosts;
        for (const auto &v : at(o, u"spec.rules"_s).toArray())
            hosts << v.toObject().value(u"host"_s).toString(u"*"_s);
        QStringList addresses;
        for (const auto &v : at(o, u"status.loadBalancer.ingress"_s).toArray())
            addresses << v.toObject().value(u"ip"_s).toString(v.toObject().value(u"hostname"_s).toString());
        const bool tls = !at(o, u"spec.tls"_s).toArray().isEmpty();
        return {name, at(o, u"spec.ingressClassName"_s).toString(u"<none>"_s), hosts.isEmpty() ? u"*"_s : hosts.join(u','),
                addresses.join(u','), tls ? u"80, 443"_s : u"80"_s, ageText};
    }
    if (m_kind == u"PersistentVolumeClaim"_s) {
        QStringList modes;
        for (const auto &v : at(o, u"status.accessModes"_s).toArray())
            modes << (v.toString() == u"ReadWriteOnce"_s ? u"RWO"_s : v.toString() == u"ReadOnlyMany"_s ? u"ROX"_s
                      : v.toString() == u"ReadWriteMany"_s ? u"RWX"_s : u"RWOP"_s);
        return {name, str(o, u"status.phase"_s), str(o, u"spec.volumeName"_s), str(o, u"status.capacity.storage"_s),
                modes.join(u','), str(o, u"spec.storageClassName"_s), ageText};
    }
    if (m_kind == u"HorizontalPodAutoscaler"_s)
        return {name, QString(str(o, u"spec.scaleTargetRef.kind"_s) + u'/' + str(o, u"spec.scaleTargetRef.name"_s)),
                QString::number(at(o, u"spec.minReplicas"_s).toInteger(1)), QString::number(num(o, u"spec.maxReplicas"_s)),
                QString::number(num(o, u"status.currentReplicas"_s)), ageText};
    if (m_info.custom && !m_info.printerColumns.isEmpty()) {
        QJsonArray out{name};
        for (const auto &v : m_info.printerColumns) {
            const QJsonObject c = v.toObject();
            QString path = c.value(u"jsonPath"_s).toString();
            const QJsonValue value = jsonPathValue(o, path.remove(u'{').remove(u'}'));
            if (c.value(u"type"_s).toString() == u"date"_s) {
                const QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODate);
                out.append(t.isValid() ? humanDuration(t.secsTo(now)) : u"<unknown>"_s);
            } else {
                out.append(value.isUndefined() ? QJsonValue(QJsonValue::Null) : value);
            }
        }
        return out;
    }
    return {name, ageText};
}

QJsonObject TableConverter::row(const QJsonObject &object, const QDateTime &now, const QString &includeObject) const
{
    QJsonObject r{{u"cells"_s, cells(object, now)}};
    if (includeObject == u"Object"_s) {
        r.insert(u"object"_s, object);
    } else if (includeObject != u"None"_s) {
        r.insert(u"object"_s, QJsonObject{{u"kind"_s, u"PartialObjectMetadata"_s},
                                          {u"apiVersion"_s, u"meta.k8s.io/v1"_s},
                                          {u"metadata"_s, object.value(u"metadata"_s)}});
    }
    return r;
}

QJsonObject TableConverter::table(const QList<QJsonObject> &objects, const QDateTime &now, const QString &includeObject,
                                  const QJsonObject &listMetadata) const
{
    QJsonArray rows;
    for (const QJsonObject &o : objects)
        rows.append(row(o, now, includeObject));
    return QJsonObject{{u"kind"_s, u"Table"_s},
                       {u"apiVersion"_s, u"meta.k8s.io/v1"_s},
                       {u"metadata"_s, listMetadata},
                       {u"columnDefinitions"_s, columnDefinitions()},
                       {u"rows"_s, rows}};
}

} // namespace pd::sandbox
