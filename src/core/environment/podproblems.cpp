// The pure half of namespaceinsight.h: pod status and events -> problems, events -> rows.

#include "namespaceinsight.h"

#include "environmentbuilder.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

using Severity = PodProblem::Severity;

QJsonObject metaOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject();
}

// Kubelet and scheduler messages are long; keep what a row or a line can show.
QString shorten(const QString &text, qsizetype max = 140)
{
    QString s = text.simplified();
    // The scheduler repeats itself after "preemption:"; gRPC wraps the runtime's words.
    if (const qsizetype cut = s.indexOf(u" preemption: "_s); cut > 0)
        s.truncate(cut);
    static const QRegularExpression rpc(u"rpc error: code = \\w+ desc = "_s);
    s.remove(rpc);
    if (s.size() > max)
        s = s.left(max - 1).trimmed() + u'\u2026';
    return s;
}

// pod-template-hash values are made of this alphabet (rand.SafeEncodeString).
bool looksLikeTemplateHash(QStringView text)
{
    static const QString safe = u"bcdfghjklmnpqrstvwxz2456789"_s;
    return text.size() >= 5 && text.size() <= 10
            && std::all_of(text.begin(), text.end(), [](QChar c) { return safe.contains(c); });
}

// A ReplicaSet's Deployment: its name without the trailing "-<pod-template-hash>".
QString stripTemplateHash(const QString &replicaSet, const QString &hash = {})
{
    if (!hash.isEmpty() && replicaSet.endsWith(u'-' + hash))
        return replicaSet.chopped(hash.size() + 1);
    const qsizetype dash = replicaSet.lastIndexOf(u'-');
    if (hash.isEmpty() && dash > 0 && looksLikeTemplateHash(QStringView(replicaSet).mid(dash + 1)))
        return replicaSet.left(dash);
    return replicaSet;
}

// "spec.containers{api}" -> "api"; empty when the event names no container.
QString containerOfFieldPath(const QString &fieldPath)
{
    const qsizetype open = fieldPath.indexOf(u'{');
    if (open < 0 || !fieldPath.endsWith(u'}'))
        return {};
    return fieldPath.mid(open + 1, fieldPath.size() - open - 2);
}

struct ParsedEvent
{
    NamespaceEvent row;
    QString uid;             // involvedObject.uid
    QString container;       // from involvedObject.fieldPath
};

ParsedEvent parseEvent(const QJsonObject &event)
{
    const QJsonObject involved = event.value(u"involvedObject"_s).toObject();
    const QJsonObject series = event.value(u"series"_s).toObject();
    const auto time = [&event](const QString &key) { return EnvironmentBuilder::parseRfc3339(event.value(key).toString()); };
    const QDateTime created = EnvironmentBuilder::parseRfc3339(metaOf(event).value(u"creationTimestamp"_s).toString());

    ParsedEvent parsed;
    NamespaceEvent &row = parsed.row;
    row.type = event.value(u"type"_s).toString(u"Normal"_s);
    row.reason = event.value(u"reason"_s).toString();
    row.objectKind = involved.value(u"kind"_s).toString();
    row.objectName = involved.value(u"name"_s).toString();
    row.message = event.value(u"message"_s).toString().trimmed();
    row.count = std::max(1, series.contains(u"count"_s) ? series.value(u"count"_s).toInt()
                                                          : event.value(u"count"_s).toInt(1));
    for (const QDateTime &candidate : {EnvironmentBuilder::parseRfc3339(series.value(u"lastObservedTime"_s).toString()),
                                       time(u"lastTimestamp"_s), time(u"eventTime"_s), created}) {
        if (candidate.isValid()) {
            row.lastSeen = candidate;
            break;
        }
    }
    for (const QDateTime &candidate : {time(u"firstTimestamp"_s), time(u"eventTime"_s), created, row.lastSeen}) {
        if (candidate.isValid()) {
            row.firstSeen = candidate;
            break;
        }
    }
    parsed.uid = involved.value(u"uid"_s).toString();
    parsed.container = containerOfFieldPath(involved.value(u"fieldPath"_s).toString());
    return parsed;
}

// Warning events of one object, newest first.
class EventIndex
{
public:
    explicit EventIndex(const QJsonArray &events)
    {
        for (const QJsonValue &value : events) {
            ParsedEvent parsed = parseEvent(value.toObject());
            if (parsed.row.isWarning())
                m_events.append(std::move(parsed));
        }
        std::stable_sort(m_events.begin(), m_events.end(), [](const ParsedEvent &a, const ParsedEvent &b) {
            return a.row.lastSeen > b.row.lastSeen;
        });
    }

    // The newest Warning with `reason` about pod `name` (and `container` unless empty).
    const ParsedEvent *find(const QString &kind, const QString &name, const QString &uid, const QString &reason,
                            const QString &container = {}) const
    {
        for (const ParsedEvent &e : m_events) {
            if (e.row.objectKind != kind || e.row.objectName != name || e.row.reason != reason)
                continue;
            if (!uid.isEmpty() && !e.uid.isEmpty() && uid != e.uid)
                continue;   // an earlier pod of the same name (StatefulSet)
            if (!container.isEmpty() && !e.container.isEmpty() && e.container != container)
                continue;
            return &e;
        }
        return nullptr;
    }

    // The messages of every such Warning, newest first.
    QStringList messages(const QString &kind, const QString &name, const QString &uid, const QString &reason,
                         const QString &container = {}) const
    {
        QStringList out;
        for (const ParsedEvent &e : m_events) {
            if (e.row.objectKind == kind && e.row.objectName == name && e.row.reason == reason
                && (uid.isEmpty() || e.uid.isEmpty() || uid == e.uid)
                && (container.isEmpty() || e.container.isEmpty() || e.container == container))
                out.append(e.row.message);
        }
        return out;
    }

    const QList<ParsedEvent> &all() const { return m_events; }

private:
    QList<ParsedEvent> m_events;
};

const QSet<QString> &pullReasons()
{
    static const QSet<QString> reasons{u"ImagePullBackOff"_s, u"ErrImagePull"_s, u"InvalidImageName"_s,
                                       u"ErrImageNeverPull"_s};
    return reasons;
}

// What the registry said, in two words, from whatever texts mention the pull.
QString pullDetail(const QString &image, const QString &texts)
{
    const QString lower = texts.toLower();
    static const QStringList denied{u"unauthorized"_s, u"403 forbidden"_s, u"failed to authorize"_s,
                                    u"access denied"_s, u"authentication required"_s, u"denied"_s};
    static const QStringList missing{u"not found"_s, u"manifest unknown"_s, u"does not exist"_s};
    const auto any = [&lower](const QStringList &needles) {
        return std::any_of(needles.cbegin(), needles.cend(), [&lower](const QString &n) { return lower.contains(n); });
    };
    if (any(denied))
        return image % u": access denied"_s;
    if (any(missing))
        return image % u" not found"_s;
    return image;
}

QString restartsText(int restarts)
{
    return restarts == 1 ? u"1 restart"_s : QString::number(restarts) % u" restarts"_s;
}

// "OOMKilled" or "exit code 1" for a terminated state.
QString terminationText(const QJsonObject &terminated)
{
    const QString reason = terminated.value(u"reason"_s).toString();
    if (reason == u"OOMKilled"_s)
        return reason;
    const int code = terminated.value(u"exitCode"_s).toInt();
    if (reason.isEmpty() || reason == u"Error"_s)
        return u"exit code "_s + QString::number(code);
    return reason % u", exit code "_s % QString::number(code);
}

struct PodContext
{
    QJsonObject pod;
    QString name;
    QString uid;
    QString workload;
    bool multiContainer = false;
    QDateTime since;             // when the pod stopped (or never started) being ready
    const EventIndex *events = nullptr;

    PodProblem problem(Severity severity, const QString &container, const QString &reason, const QString &detail,
                       const QString &message) const
    {
        PodProblem p;
        p.severity = severity;
        p.workload = workload;
        p.pod = name;
        p.container = container;
        p.multiContainer = multiContainer;
        p.reason = reason;
        p.detail = detail;
        p.message = message;
        p.since = since;
        return p;
    }
};

// When the pod last turned not ready (the kubelet's Ready condition), else its creation.
QDateTime notReadySince(const QJsonObject &pod)
{
    for (const QJsonValue &value : pod.value(u"status"_s)[u"conditions"_s].toArray()) {
        const QJsonObject condition = value.toObject();
        if (condition.value(u"type"_s).toString() == u"Ready"_s && condition.value(u"status"_s).toString() != u"True"_s) {
            const QDateTime time = EnvironmentBuilder::parseRfc3339(condition.value(u"lastTransitionTime"_s).toString());
            if (time.isValid())
                return time;
        }
    }
    return EnvironmentBuilder::parseRfc3339(metaOf(pod).value(u"creationTimestamp"_s).toString());
}

// The problem of one container status, if it has one.
std::optional<PodProblem> containerProblem(const PodContext &ctx, const QJsonObject &status, bool init)
{
    const QString name = status.value(u"name"_s).toString();
    const QJsonObject state = status.value(u"state"_s).toObject();
    const QJsonObject last = status.value(u"lastState"_s).toObject().value(u"terminated"_s).toObject();
    const int restarts = status.value(u"restartCount"_s).toInt();
    const QString prefix = init ? u"Init:"_s : QString();
    std::optional<PodProblem> out;

    if (state.contains(u"waiting"_s)) {
        const QJsonObject waiting = state.value(u"waiting"_s).toObject();
        const QString reason = waiting.value(u"reason"_s).toString();
        const QString message = waiting.value(u"message"_s).toString();
        if (pullReasons().contains(reason)) {
            // "Failed" events carry the registry's answer ("Failed to pull image ...: not found");
            // newer ones only say "Error: ImagePullBackOff".
            const QStringList failed = ctx.events->messages(u"Pod"_s, ctx.name, ctx.uid, u"Failed"_s, name);
            const auto pull = std::find_if(failed.cbegin(), failed.cend(),
                                           [](const QString &m) { return m.startsWith(u"Failed to pull"_s); });
            out = ctx.problem(Severity::Error, name, prefix + reason,
                              pullDetail(status.value(u"image"_s).toString(), message % u' ' % failed.join(u' ')),
                              pull != failed.cend() ? *pull : message);
        } else if (reason == u"CrashLoopBackOff"_s) {
            QString detail = restartsText(restarts);
            if (!last.isEmpty())
                detail = terminationText(last) % u", "_s % detail;
            out = ctx.problem(Severity::Error, name, prefix + reason, detail, message);
        } else if (reason == u"ContainerCreating"_s || reason == u"PodInitializing"_s || reason.isEmpty()) {
            // Normal while starting, unless the kubelet says why it cannot go on.
            for (const QString &why : {u"FailedMount"_s, u"FailedAttachVolume"_s, u"FailedCreatePodSandBox"_s}) {
                if (const ParsedEvent *e = ctx.events->find(u"Pod"_s, ctx.name, ctx.uid, why)) {
                    out = ctx.problem(Severity::Error, QString(), why, shorten(e->row.message), e->row.message);
                    break;
                }
            }
        } else {
            // CreateContainerConfigError (a missing Secret key), RunContainerError ...
            out = ctx.problem(Severity::Error, name, prefix + reason, shorten(message), message);
        }
    } else if (state.contains(u"terminated"_s)) {
        const QJsonObject terminated = state.value(u"terminated"_s).toObject();
        if (terminated.value(u"exitCode"_s).toInt() != 0 || terminated.value(u"reason"_s).toString() == u"OOMKilled"_s) {
            const QString reason = terminated.value(u"reason"_s).toString(u"Error"_s);
            QString detail = u"exit code "_s + QString::number(terminated.value(u"exitCode"_s).toInt());
            if (restarts > 0)
                detail += u", "_s + restartsText(restarts);
            out = ctx.problem(Severity::Error, name, prefix + reason, detail,
                              terminated.value(u"message"_s).toString());
        }
    } else if (!init && !last.isEmpty()
               && (last.value(u"reason"_s).toString() == u"OOMKilled"_s || restarts >= 3)) {
        // Running again, but it keeps dying: worth a warning.
        out = ctx.problem(Severity::Warning, name, u"Restarting"_s,
                          terminationText(last) % u", "_s % restartsText(restarts),
                          last.value(u"message"_s).toString());
    }
    if (out) {
        out->restartCount = restarts;
        return out;
    }
    // Running but not ready: the readiness probe says why (Unhealthy events).
    if (!init && state.contains(u"running"_s) && !status.value(u"ready"_s).toBool()) {
        if (const ParsedEvent *e = ctx.events->find(u"Pod"_s, ctx.name, ctx.uid, u"Unhealthy"_s, name)) {
            out = ctx.problem(Severity::Warning, name, u"Unhealthy"_s, shorten(e->row.message), e->row.message);
            out->restartCount = restarts;
        }
    }
    return out;
}

void appendPodProblems(QList<PodProblem> &out, const QJsonObject &pod, const EventIndex &events)
{
    const QJsonObject meta = metaOf(pod);
    const QJsonObject status = pod.value(u"status"_s).toObject();
    const QString phase = status.value(u"phase"_s).toString();
    if (meta.contains(u"deletionTimestamp"_s) || phase == u"Succeeded"_s)
        return;

    PodContext ctx;
    ctx.pod = pod;
    ctx.name = meta.value(u"name"_s).toString();
    ctx.uid = meta.value(u"uid"_s).toString();
    ctx.workload = workloadOfPod(pod);
    ctx.multiContainer = pod.value(u"spec"_s)[u"containers"_s].toArray().size() > 1
            || status.value(u"containerStatuses"_s).toArray().size() > 1;
    ctx.events = &events;
    ctx.since = notReadySince(pod);

    if (phase == u"Failed"_s) {
        const QString reason = status.value(u"reason"_s).toString(u"Failed"_s);
        const QString message = status.value(u"message"_s).toString();
        out.append(ctx.problem(reason == u"Evicted"_s ? Severity::Warning : Severity::Error, QString(), reason,
                               shorten(message), message));
        return;
    }
    for (const QJsonValue &value : status.value(u"conditions"_s).toArray()) {
        const QJsonObject condition = value.toObject();
        if (condition.value(u"type"_s).toString() == u"PodScheduled"_s
            && condition.value(u"status"_s).toString() == u"False"_s) {
            const QString message = condition.value(u"message"_s).toString();
            out.append(ctx.problem(Severity::Error, QString(), condition.value(u"reason"_s).toString(u"Unschedulable"_s),
                                   shorten(message), message));
            const QDateTime since = EnvironmentBuilder::parseRfc3339(condition.value(u"lastTransitionTime"_s).toString());
            if (since.isValid())
                out.last().since = since;
            return;   // not on a node: no container has a status yet
        }
    }
    const qsizetype before = out.size();
    for (const QJsonValue &value : status.value(u"initContainerStatuses"_s).toArray()) {
        if (auto problem = containerProblem(ctx, value.toObject(), true)) {
            problem->multiContainer = true;
            out.append(*problem);
        }
    }
    if (out.size() > before)
        return;   // the app containers wait for the init containers
    for (const QJsonValue &value : status.value(u"containerStatuses"_s).toArray()) {
        if (auto problem = containerProblem(ctx, value.toObject(), false)) {
            // A pod-level problem (FailedMount) is reported once, not per container.
            if (problem->container.isEmpty() && out.size() > before && out.last().container.isEmpty())
                continue;
            out.append(*problem);
        }
    }
}

// Owners that cannot create their pods (quota, admission): no pod to look at.
void appendOwnerProblems(QList<PodProblem> &out, const EventIndex &events)
{
    QHash<QString, qsizetype> seen;   // workload -> its problem in out
    for (const ParsedEvent &e : events.all()) {
        if (e.row.reason != u"FailedCreate"_s)
            continue;
        const QString kind = e.row.objectKind;
        const QString workload = kind == u"ReplicaSet"_s ? stripTemplateHash(e.row.objectName) : e.row.objectName;
        if (const auto found = seen.constFind(workload); found != seen.constEnd()) {
            // The newest one says it; the oldest says since when.
            PodProblem &shown = out[*found];
            if (e.row.firstSeen.isValid() && (!shown.since.isValid() || e.row.firstSeen < shown.since))
                shown.since = e.row.firstSeen;
            continue;
        }
        seen.insert(workload, out.size());
        QString detail = e.row.message;
        static const QRegularExpression forbidden(u"^Error creating: \\S+ \"[^\"]*\" is forbidden: "_s);
        detail.remove(forbidden);
        PodProblem p;
        p.severity = Severity::Error;
        p.workload = workload;
        p.reason = u"FailedCreate"_s;
        p.detail = shorten(detail);
        p.message = e.row.message;
        p.since = e.row.firstSeen;
        out.append(p);
    }
}

} // namespace

QString PodProblem::subject() const
{
    if (multiContainer && !container.isEmpty() && container != workload)
        return workload % u'/' % container;
    return workload;
}

QString PodProblem::text() const
{
    QString line = subject() % u": "_s % reason;
    if (!detail.isEmpty())
        line += u" ("_s % detail % u')';
    return line;
}

QString NamespaceEvent::object() const
{
    return objectKind.toLower() % u'/' % objectName;
}

QString workloadOfPod(const QJsonObject &pod)
{
    const QJsonObject meta = metaOf(pod);
    for (const QJsonValue &value : meta.value(u"ownerReferences"_s).toArray()) {
        const QJsonObject owner = value.toObject();
        if (!owner.value(u"controller"_s).toBool(true))
            continue;
        const QString name = owner.value(u"name"_s).toString();
        if (owner.value(u"kind"_s).toString() == u"ReplicaSet"_s)
            return stripTemplateHash(name, meta.value(u"labels"_s)[u"pod-template-hash"_s].toString());
        return name;
    }
    return meta.value(u"name"_s).toString();
}

QList<PodProblem> podProblems(const QJsonArray &pods, const QJsonArray &events)
{
    const EventIndex index(events);
    QList<PodProblem> out;
    for (const QJsonValue &pod : pods)
        appendPodProblems(out, pod.toObject(), index);
    appendOwnerProblems(out, index);
    std::stable_sort(out.begin(), out.end(), [](const PodProblem &a, const PodProblem &b) {
        if (a.severity != b.severity)
            return a.severity == Severity::Error;
        if (a.workload != b.workload)
            return a.workload < b.workload;
        if (a.pod != b.pod)
            return a.pod < b.pod;
        return a.container < b.container;
    });
    return out;
}

QString summarizeProblems(const QList<PodProblem> &problems, int maxSubjects)
{
    QStringList lines;
    QSet<QString> subjects;
    for (const PodProblem &problem : problems) {
        if (subjects.contains(problem.subject()))
            continue;   // the first one is the most severe
        subjects.insert(problem.subject());
        lines.append(problem.text());
    }
    if (lines.size() > maxSubjects) {
        const qsizetype more = lines.size() - maxSubjects;
        lines.resize(maxSubjects);
        lines.append(u"+"_s % QString::number(more) % u" more"_s);
    }
    return lines.join(u"; "_s);
}

QList<NamespaceEvent> recentEvents(const QJsonArray &events, int max)
{
    QList<NamespaceEvent> rows;
    rows.reserve(events.size());
    for (const QJsonValue &value : events)
        rows.append(parseEvent(value.toObject()).row);
    std::stable_sort(rows.begin(), rows.end(), [](const NamespaceEvent &a, const NamespaceEvent &b) {
        return a.lastSeen > b.lastSeen;
    });
    if (max >= 0 && rows.size() > max)
        rows.resize(max);
    return rows;
}

} // namespace pd::core
