#include "protobufdecoder.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

enum class T { String, Bytes, Bool, Int, Message, MapString, MapBytes, Time, Quantity };

struct Field
{
    int number;
    const char16_t *json;
    T type;
    const char16_t *message = u"";   // for Message
    bool repeated = false;
};

// Field numbers of k8s.io/api and apimachinery generated.proto for what kubectl sends.
const QHash<QString, QList<Field>> &schemas()
{
    static const QHash<QString, QList<Field>> s{
        {u"ObjectMeta"_s, {{1, u"name", T::String}, {2, u"generateName", T::String}, {3, u"namespace", T::String},
                           {5, u"uid", T::String}, {6, u"resourceVersion", T::String}, {7, u"generation", T::Int},
                           {8, u"creationTimestamp", T::Time}, {11, u"labels", T::MapString}, {12, u"annotations", T::MapString},
                           {13, u"ownerReferences", T::Message, u"OwnerReference", true}, {14, u"finalizers", T::String, u"", true}}},
        {u"OwnerReference"_s, {{1, u"kind", T::String}, {3, u"name", T::String}, {4, u"uid", T::String},
                               {5, u"apiVersion", T::String}, {6, u"controller", T::Bool}, {7, u"blockOwnerDeletion", T::Bool}}},
        {u"Namespace"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"spec", T::Message, u"NamespaceSpec"}}},
        {u"NamespaceSpec"_s, {{1, u"finalizers", T::String, u"", true}}},
        {u"ConfigMap"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"data", T::MapString},
                          {3, u"binaryData", T::MapBytes}, {4, u"immutable", T::Bool}}},
        {u"Secret"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"data", T::MapBytes}, {3, u"type", T::String},
                       {4, u"stringData", T::MapString}, {5, u"immutable", T::Bool}}},
        {u"ServiceAccount"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {3, u"imagePullSecrets", T::Message, u"LocalObjectReference", true},
                               {4, u"automountServiceAccountToken", T::Bool}}},
        {u"LocalObjectReference"_s, {{1, u"name", T::String}}},
        {u"RoleBinding"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"subjects", T::Message, u"Subject", true},
                            {3, u"roleRef", T::Message, u"RoleRef"}}},
        {u"ClusterRoleBinding"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"subjects", T::Message, u"Subject", true},
                                   {3, u"roleRef", T::Message, u"RoleRef"}}},
        {u"Subject"_s, {{1, u"kind", T::String}, {2, u"apiGroup", T::String}, {3, u"name", T::String}, {4, u"namespace", T::String}}},
        {u"RoleRef"_s, {{1, u"apiGroup", T::String}, {2, u"kind", T::String}, {3, u"name", T::String}}},
        {u"SelfSubjectAccessReview"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"spec", T::Message, u"SelfSubjectAccessReviewSpec"}}},
        {u"SelfSubjectAccessReviewSpec"_s, {{1, u"resourceAttributes", T::Message, u"ResourceAttributes"},
                                            {2, u"nonResourceAttributes", T::Message, u"NonResourceAttributes"}}},
        {u"ResourceAttributes"_s, {{1, u"namespace", T::String}, {2, u"verb", T::String}, {3, u"group", T::String},
                                   {4, u"version", T::String}, {5, u"resource", T::String}, {6, u"subresource", T::String},
                                   {7, u"name", T::String}}},
        {u"NonResourceAttributes"_s, {{1, u"path", T::String}, {2, u"verb", T::String}}},
        {u"SelfSubjectRulesReview"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"spec", T::Message, u"SelfSubjectRulesReviewSpec"}}},
        {u"SelfSubjectRulesReviewSpec"_s, {{1, u"namespace", T::String}}},
        {u"DeleteOptions"_s, {{1, u"gracePeriodSeconds", T::Int}, {2, u"preconditions", T::Message, u"Preconditions"},
                              {3, u"orphanDependents", T::Bool}, {4, u"propagationPolicy", T::String}, {5, u"dryRun", T::String, u"", true}}},
        {u"Preconditions"_s, {{1, u"uid", T::String}, {2, u"resourceVersion", T::String}}},
        {u"Deployment"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"spec", T::Message, u"DeploymentSpec"}}},
        {u"DeploymentSpec"_s, {{1, u"replicas", T::Int}, {2, u"selector", T::Message, u"LabelSelector"},
                               {3, u"template", T::Message, u"PodTemplateSpec"}, {4, u"strategy", T::Message, u"DeploymentStrategy"},
                               {5, u"minReadySeconds", T::Int}, {6, u"revisionHistoryLimit", T::Int}, {7, u"paused", T::Bool},
                               {9, u"progressDeadlineSeconds", T::Int}}},
        {u"DeploymentStrategy"_s, {{1, u"type", T::String}}},
        {u"LabelSelector"_s, {{1, u"matchLabels", T::MapString}}},
        {u"PodTemplateSpec"_s, {{1, u"metadata", T::Message, u"ObjectMeta"}, {2, u"spec", T::Message, u"PodSpec"}}},
        {u"PodSpec"_s, {{2, u"containers", T::Message, u"Container", true}, {3, u"restartPolicy", T::String},
                        {8, u"serviceAccountName", T::String}}},
        {u"Container"_s, {{1, u"name", T::String}, {2, u"image", T::String}, {3, u"command", T::String, u"", true},
                          {4, u"args", T::String, u"", true}, {6, u"ports", T::Message, u"ContainerPort", true},
                          {8, u"resources", T::Message, u"ResourceRequirements"}}},
        {u"ContainerPort"_s, {{1, u"name", T::String}, {3, u"containerPort", T::Int}, {4, u"protocol", T::String}}},
        {u"ResourceRequirements"_s, {}},
        {u"Time"_s, {{1, u"seconds", T::Int}, {2, u"nanos", T::Int}}},
        {u"Unknown"_s, {{1, u"typeMeta", T::Message, u"TypeMeta"}, {2, u"raw", T::Bytes}, {3, u"contentEncoding", T::String},
                        {4, u"contentType", T::String}}},
        {u"TypeMeta"_s, {{1, u"apiVersion", T::String}, {2, u"kind", T::String}}},
    };
    return s;
}

class Reader
{
public:
    explicit Reader(const QByteArray &data) : m_data(data) {}
    bool atEnd() const { return m_pos >= m_data.size(); }
    bool varint(quint64 *out)
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_data.size())
                return false;
            const auto b = quint8(m_data.at(m_pos++));
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                *out = v;
                return true;
            }
        }
        return false;
    }
    bool bytes(QByteArray *out)
    {
        quint64 len = 0;
        // Compared unsigned: a length near 2^64 must not wrap past the check.
        if (!varint(&len) || len > quint64(m_data.size() - m_pos))
            return false;
        *out = m_data.mid(m_pos, qsizetype(len));
        m_pos += qsizetype(len);
        return true;
    }
    bool skip(int wireType)
    {
        quint64 v = 0;
        QByteArray b;
        switch (wireType) {
        case 0: return varint(&v);
        case 1: m_pos += 8; return m_pos <= m_data.size();
        case 2: return bytes(&b);
        case 5: m_pos += 4; return m_pos <= m_data.size();
        default: return false;
        }
    }

private:
    const QByteArray &m_data;
    qsizetype m_pos = 0;
};

bool decodeMessage(const QByteArray &data, const QString &message, QJsonObject *out);

bool decodeMapEntry(const QByteArray &data, bool bytesValue, QString *key, QJsonValue *value)
{
    Reader r(data);
    QString v;
    while (!r.atEnd()) {
        quint64 tag = 0;
        QByteArray b;
        if (!r.varint(&tag) || (tag & 7) != 2 || !r.bytes(&b))
            return false;
        if ((tag >> 3) == 1)
            *key = QString::fromUtf8(b);
        else
            v = bytesValue ? QString::fromLatin1(b.toBase64()) : QString::fromUtf8(b);
    }
    *value = v;
    return true;
}

bool decodeMessage(const QByteArray &data, const QString &message, QJsonObject *out)
{
    const auto schema = schemas().constFind(message);
    if (schema == schemas().constEnd())
        return false;
    Reader r(data);
    while (!r.atEnd()) {
        quint64 tag = 0;
        if (!r.varint(&tag))
            return false;
        const int number = int(tag >> 3);
        const int wire = int(tag & 7);
        const Field *field = nullptr;
        for (const Field &f : *schema)
            if (f.number == number)
                field = &f;
        if (!field) {
            if (!r.skip(wire))
                return false;
            continue;
        }
        const QString name = QString::fromUtf16(field->json);
        QJsonValue value;
        if (wire == 0) {
            quint64 v = 0;
            if (!r.varint(&v))
                return false;
            value = field->type == T::Bool ? QJsonValue(v != 0) : QJsonValue(qint64(v));
        } else if (wire == 2) {
            QByteArray b;
            if (!r.bytes(&b))
                return false;
            switch (field->type) {
            case T::String: value = QString::fromUtf8(b); break;
            case T::Bytes: value = QString::fromLatin1(b.toBase64()); break;
            case T::Message: {
                QJsonObject sub;
                if (!decodeMessage(b, QString::fromUtf16(field->message), &sub))
                    return false;
                value = sub;
                break;
            }
            case T::Time: {
                QJsonObject t;
                if (!decodeMessage(b, u"Time"_s, &t))
                    return false;
                value = QDateTime::fromSecsSinceEpoch(t.value(u"seconds"_s).toInteger(), Qt::UTC).toString(Qt::ISODate);
                break;
            }
            case T::MapString:
            case T::MapBytes: {
                QString key;
                QJsonValue v;
                if (!decodeMapEntry(b, field->type == T::MapBytes, &key, &v))
                    return false;
                QJsonObject map = out->value(name).toObject();
                map.insert(key, v);
                out->insert(name, map);
                continue;
            }
            default:
                return false;
            }
        } else if (!r.skip(wire)) {
            return false;
        } else {
            continue;
        }
        if (field->repeated) {
            QJsonArray a = out->value(name).toArray();
            a.append(value);
            out->insert(name, a);
        } else {
            out->insert(name, value);
        }
    }
    return true;
}

} // namespace

std::optional<QJsonObject> decodeProtobufBody(const QByteArray &body, QString *error)
{
    static const QByteArray magic("k8s\0", 4);
    auto fail = [&](const QString &message) -> std::optional<QJsonObject> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!body.startsWith(magic))
        return fail(u"provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"_s);
    QJsonObject unknown;
    if (!decodeMessage(body.mid(4), u"Unknown"_s, &unknown))
        return fail(u"unable to decode the protobuf envelope"_s);
    if (!unknown.value(u"contentEncoding"_s).toString().isEmpty())
        return fail(u"the sandbox cannot decode a protobuf body with contentEncoding %1"_s
                        .arg(unknown.value(u"contentEncoding"_s).toString()));
    const QJsonObject typeMeta = unknown.value(u"typeMeta"_s).toObject();
    const QString kind = typeMeta.value(u"kind"_s).toString();
    static const QStringList parts{u"Unknown"_s, u"Time"_s, u"TypeMeta"_s, u"ObjectMeta"_s, u"Subject"_s, u"RoleRef"_s};
    if (parts.contains(kind) || !schemas().contains(kind))
        return fail(u"the sandbox cannot decode %1 sent as protobuf; send it as application/json"_s.arg(kind));
    QJsonObject object;
    if (!decodeMessage(QByteArray::fromBase64(unknown.value(u"raw"_s).toString().toLatin1()), kind, &object))
        return fail(u"unable to decode %1 from protobuf"_s.arg(kind));
    object.insert(u"apiVersion"_s, typeMeta.value(u"apiVersion"_s));
    object.insert(u"kind"_s, kind);
    return object;
}

} // namespace pd::sandbox
