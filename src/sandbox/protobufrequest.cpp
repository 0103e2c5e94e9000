#include "sandbox/protobufrequest.h"

#include "sandbox/httpexchange.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace pd::sandbox {

namespace {

// A message schema: protobuf field number -> JSON field (subset of k8s.io/api generated.proto).
enum class Type { String, Bytes, Int, Bool, Message, MapString, MapBytes, Strings, Messages, Time };
struct Schema;
struct Field
{
    int number;
    const char *name;
    Type type;
    const Schema *message = nullptr;
};
struct Schema
{
    QList<Field> fields;
    const Field *find(int number) const
    {
        for (const Field &f : fields)
            if (f.number == number)
                return &f;
        return nullptr;
    }
};

const Schema kOwnerReference{{{1, "kind", Type::String}, {3, "name", Type::String}, {4, "uid", Type::String},
                              {5, "apiVersion", Type::String}, {6, "controller", Type::Bool}, {7, "blockOwnerDeletion", Type::Bool}}};
const Schema kObjectMeta{{{1, "name", Type::String}, {2, "generateName", Type::String}, {3, "namespace", Type::String},
                          {5, "uid", Type::String}, {6, "resourceVersion", Type::String}, {7, "generation", Type::Int},
                          {8, "creationTimestamp", Type::Time}, {11, "labels", Type::MapString}, {12, "annotations", Type::MapString},
                          {13, "ownerReferences", Type::Messages, &kOwnerReference}, {14, "finalizers", Type::Strings}}};
const Schema kResourceAttributes{{{1, "namespace", Type::String}, {2, "verb", Type::String}, {3, "group", Type::String},
                                  {4, "version", Type::String}, {5, "resource", Type::String}, {6, "subresource", Type::String},
                                  {7, "name", Type::String}}};
const Schema kNonResourceAttributes{{{1, "path", Type::String}, {2, "verb", Type::String}}};
const Schema kAccessReviewSpec{{{1, "resourceAttributes", Type::Message, &kResourceAttributes},
                                {2, "nonResourceAttributes", Type::Message, &kNonResourceAttributes}}};
const Schema kSelfSubjectAccessReview{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "spec", Type::Message, &kAccessReviewSpec}}};
const Schema kRulesReviewSpec{{{1, "namespace", Type::String}}};
const Schema kSelfSubjectRulesReview{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "spec", Type::Message, &kRulesReviewSpec}}};
const Schema kConfigMap{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "data", Type::MapString},
                         {3, "binaryData", Type::MapBytes}, {4, "immutable", Type::Bool}}};
const Schema kSecret{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "data", Type::MapBytes}, {3, "type", Type::String},
                      {4, "stringData", Type::MapString}, {5, "immutable", Type::Bool}}};
const Schema kSubject{{{1, "kind", Type::String}, {2, "apiGroup", Type::String}, {3, "name", Type::String}, {4, "namespace", Type::String}}};
const Schema kRoleRef{{{1, "apiGroup", Type::String}, {2, "kind", Type::String}, {3, "name", Type::String}}};
const Schema kRoleBinding{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "subjects", Type::Messages, &kSubject},
                           {3, "roleRef", Type::Message, &kRoleRef}}};
const Schema kNamespaceSpec{{{1, "finalizers", Type::Strings}}};
const Schema kNamespace{{{1, "metadata", Type::Message, &kObjectMeta}, {2, "spec", Type::Message, &kNamespaceSpec}}};
const Schema kServiceAccount{{{1, "metadata", Type::Message, &kObjectMeta}, {4, "automountServiceAccountToken", Type::Bool}}};
const Schema kTimestamp{{{1, "seconds", Type::Int}, {2, "nanos", Type::Int}}};

const Schema *schemaFor(const QString &kind)
{
    static const QHash<QString, const Schema *> schemas{
        {QStringLiteral("SelfSubjectAccessReview"), &kSelfSubjectAccessReview},
        {QStringLiteral("SelfSubjectRulesReview"), &kSelfSubjectRulesReview},
        {QStringLiteral("ConfigMap"), &kConfigMap},
        {QStringLiteral("Secret"), &kSecret},
        {QStringLiteral("RoleBinding"), &kRoleBinding},
        {QStringLiteral("ClusterRoleBinding"), &kRoleBinding},
        {QStringLiteral("Namespace"), &kNamespace},
        {QStringLiteral("ServiceAccount"), &kServiceAccount},
    };
    return schemas.value(kind);
}

// A protobuf wire-format reader.
class Reader
{
public:
    explicit Reader(QByteArrayView data) : m_data(data) {}
    bool atEnd() const { return m_pos >= m_data.size(); }
    bool varint(quint64 *value)
    {
        *value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (atEnd())
                return false;
            const auto byte = quint8(m_data[m_pos++]);
            *value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    }
    bool bytes(QByteArrayView *out)
    {
        quint64 length = 0;
        if (!varint(&length) || length > quint64(m_data.size() - m_pos))
            return false;
        *out = m_data.sliced(m_pos, qsizetype(length));
        m_pos += qsizetype(length);
        return true;
    }
    bool skip(int wireType)
    {
        quint64 ignored = 0;
        QByteArrayView view;
        switch (wireType) {
        case 0: return varint(&ignored);
        case 1: m_pos += 8; return m_pos <= m_data.size();
        case 2: return bytes(&view);
        case 5: m_pos += 4; return m_pos <= m_data.size();
        default: return false;
        }
    }

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
};

bool decodeMessage(QByteArrayView data, const Schema &schema, QJsonObject *out);

bool decodeMapEntry(QByteArrayView data, bool bytesValue, QJsonObject *map)
{
    Reader reader(data);
    QString key;
    QJsonValue value = bytesValue ? QJsonValue(QString()) : QJsonValue(QString());
    while (!reader.atEnd()) {
        quint64 tag = 0;
        QByteArrayView view;
        if (!reader.varint(&tag))
            return false;
        if ((tag & 7) != 2) {
            if (!reader.skip(int(tag & 7)))
                return false;
            continue;
        }
        if (!reader.bytes(&view))
            return false;
        if ((tag >> 3) == 1)
            key = QString::fromUtf8(view);
        else if ((tag >> 3) == 2)
            value = bytesValue ? QString::fromLatin1(view.toByteArray().toBase64()) : QString::fromUtf8(view);
    }
    map->insert(key, value);
    return true;
}

bool decodeMessage(QByteArrayView data, const Schema &schema, QJsonObject *out)
{
    Reader reader(data);
    while (!reader.atEnd()) {
        quint64 tag = 0;
        if (!reader.varint(&tag))
            return false;
        const int wireType = int(tag & 7);
        const Field *field = schema.find(int(tag >> 3));
        if (!field) {
            if (!reader.skip(wireType))
                return false;
            continue;
        }
        const QString name = QString::fromLatin1(field->name);
        if (wireType == 0) {
            quint64 value = 0;
            if (!reader.varint(&value))
                return false;
            if (field->type == Type::Bool)
                out->insert(name, value != 0);
            else
                out->insert(name, qint64(value));
            continue;
        }
        QByteArrayView view;
        if (wireType != 2 || !reader.bytes(&view))
            return false;
        switch (field->type) {
        case Type::String:
            out->insert(name, QString::fromUtf8(view));
            break;
        case Type::Bytes:
            out->insert(name, QString::fromLatin1(view.toByteArray().toBase64()));
            break;
        case Type::Strings: {
            QJsonArray list = out->value(name).toArray();
            list.append(QString::fromUtf8(view));
            out->insert(name, list);
            break;
        }
        case Type::MapString:
        case Type::MapBytes: {
            QJsonObject map = out->value(name).toObject();
            if (!decodeMapEntry(view, field->type == Type::MapBytes, &map))
                return false;
            out->insert(name, map);
            break;
        }
        case Type::Message: {
            QJsonObject sub;
            if (!decodeMessage(view, *field->message, &sub))
                return false;
            out->insert(name, sub);
            break;
        }
        case Type::Messages: {
            QJsonObject sub;
            if (!decodeMessage(view, *field->message, &sub))
                return false;
            QJsonArray list = out->value(name).toArray();
            list.append(sub);
            out->insert(name, list);
            break;
        }
        case Type::Time: {
            QJsonObject ts;
            if (!decodeMessage(view, kTimestamp, &ts))
                return false;
            const auto seconds = qint64(ts.value(QStringLiteral("seconds")).toDouble());
            out->insert(name, QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate));
            break;
        }
        case Type::Int:
        case Type::Bool:
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<QJsonObject> decodeKubernetesProtobuf(const QByteArray &bytes)
{
    static const QByteArray magic("k8s\0", 4);
    if (!bytes.startsWith(magic))
        return std::nullopt;
    // runtime.Unknown: typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4.
    const Schema typeMeta{{{1, "apiVersion", Type::String}, {2, "kind", Type::String}}};
    const Schema unknown{{{1, "typeMeta", Type::Message, &typeMeta}, {2, "raw", Type::Bytes}, {3, "contentEncoding", Type::String}}};
    QJsonObject envelope;
    if (!decodeMessage(QByteArrayView(bytes).sliced(4), unknown, &envelope))
        return std::nullopt;
    if (!envelope.value(QStringLiteral("contentEncoding")).toString().isEmpty())
        return std::nullopt;
    const QJsonObject meta = envelope.value(QStringLiteral("typeMeta")).toObject();
    const QString kind = meta.value(QStringLiteral("kind")).toString();
    const Schema *schema = schemaFor(kind);
    if (!schema)
        return std::nullopt;
    const QByteArray raw = QByteArray::fromBase64(envelope.value(QStringLiteral("raw")).toString().toLatin1());
    QJsonObject object;
    if (!decodeMessage(raw, *schema, &object))
        return std::nullopt;
    object.insert(QStringLiteral("apiVersion"), meta.value(QStringLiteral("apiVersion")));
    object.insert(QStringLiteral("kind"), kind);
    return object;
}

void transcodeProtobufRequest(HttpRequest &request)
{
    if (request.body.isEmpty() || !request.header("content-type").startsWith("application/vnd.kubernetes.protobuf"))
        return;
    const auto object = decodeKubernetesProtobuf(request.body);
    if (!object)
        return;
    request.body = QJsonDocument(*object).toJson(QJsonDocument::Compact);
    for (auto &h : request.headers)
        if (h.first == "content-type")
            h.second = "application/json";
}

} // namespace pd::sandbox
