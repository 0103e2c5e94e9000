#include "jsonpatch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>


namespace pd::kube {

namespace {

QString quoted(const QString &path) { return u'"' + path + u'"'; }

// How an edit of the container holding the last token went.
enum class Edit { Ok, NoParent, Failed };

class Engine
{
public:
    explicit Engine(JsonPatchMode mode) : m_k8s(mode == JsonPatchMode::Kubernetes) {}

    bool lenient() const { return m_k8s; }

    // Index into an array of `size` items; `forAdd` allows size itself. RFC: "0" or no
    // leading zero. Kubernetes: Go's strconv.Atoi, negatives counted from the end.
    std::optional<qsizetype> index(const QString &token, qsizetype size, bool forAdd, QString *why = nullptr) const
    {
        const qsizetype limit = forAdd ? size + 1 : size;
        qint64 value = 0;
        if (!m_k8s) {
            if (token.isEmpty() || (token.size() > 1 && token.front() == u'0'))
                return std::nullopt;
        }
        qsizetype i = 0;
        bool negative = false;
        if (m_k8s && !token.isEmpty() && (token.front() == u'+' || token.front() == u'-')) {
            negative = token.front() == u'-';
            i = 1;
        }
        if (i >= token.size()) {
            if (why)
                *why = u"strconv.Atoi: parsing \"" + token + u"\": invalid syntax";
            return std::nullopt;
        }
        for (; i < token.size(); ++i) {
            const QChar c = token.at(i);
            if (c < u'0' || c > u'9' || value > (qint64(1) << 40)) {
                if (why)
                    *why = u"strconv.Atoi: parsing \"" + token + u"\": invalid syntax";
                return std::nullopt;
            }
            value = value * 10 + (c.unicode() - u'0');
        }
        if (negative)
            value = -value;
        if (value >= limit || value < -limit) {
            if (why)
                *why = QStringLiteral("Unable to access invalid index: %1: invalid index referenced").arg(value);
            return std::nullopt;
        }
        return value < 0 ? value + limit : value;
    }

    // The value at tokens; nullopt when absent.
    std::optional<QJsonValue> get(const QJsonValue &doc, const QStringList &tokens) const
    {
        QJsonValue current = doc;
        for (const QString &token : tokens) {
            if (current.isObject()) {
                const QJsonObject object = current.toObject();
                const auto it = object.constFind(token);
                if (it == object.constEnd())
                    return std::nullopt;
                current = *it;
            } else if (current.isArray()) {
                const QJsonArray array = current.toArray();
                const auto i = index(token, array.size(), false);
                if (!i)
                    return std::nullopt;
                current = array.at(*i);
            } else {
                return std::nullopt;
            }
        }
        return current;
    }

    // Runs `edit` on the container of the last token, rebuilding the path above it.
    template<typename F>
    Edit editParent(QJsonValue &doc, const QStringList &tokens, qsizetype depth, F &&edit) const
    {
        if (depth == tokens.size() - 1)
            return (doc.isObject() || doc.isArray()) ? edit(doc, tokens.last()) : Edit::NoParent;
        const QString &token = tokens.at(depth);
        if (doc.isObject()) {
            QJsonObject object = doc.toObject();
            const auto it = object.find(token);
            if (it == object.end())
                return Edit::NoParent;
            QJsonValue child = it.value();
            const Edit result = editParent(child, tokens, depth + 1, edit);
            if (result == Edit::Ok) {
                object.insert(token, child);
                doc = object;
            }
            return result;
        }
        if (doc.isArray()) {
            QJsonArray array = doc.toArray();
            const auto i = index(token, array.size(), false);
            if (!i)
                return Edit::NoParent;
            QJsonValue child = array.at(*i);
            const Edit result = editParent(child, tokens, depth + 1, edit);
            if (result == Edit::Ok) {
                array.replace(*i, child);
                doc = array;
            }
            return result;
        }
        return Edit::NoParent;
    }

    Edit add(QJsonValue &doc, const QStringList &tokens, const QJsonValue &value, QString *why) const
    {
        if (tokens.isEmpty()) {
            doc = value;
            return Edit::Ok;
        }
        return editParent(doc, tokens, 0, [&](QJsonValue &container, const QString &token) {
            if (container.isObject()) {
                QJsonObject object = container.toObject();
                object.insert(token, value);
                container = object;
                return Edit::Ok;
            }
            QJsonArray array = container.toArray();
            if (token == u"-") {
                array.append(value);
            } else {
                const auto i = index(token, array.size(), true, why);
                if (!i)
                    return Edit::Failed;
                array.insert(*i, value);
            }
            container = array;
            return Edit::Ok;
        });
    }

    Edit remove(QJsonValue &doc, const QStringList &tokens, QString *why) const
    {
        if (tokens.isEmpty())
            return Edit::NoParent;
        return editParent(doc, tokens, 0, [&](QJsonValue &container, const QString &token) {
            if (container.isObject()) {
                QJsonObject object = container.toObject();
                if (!object.contains(token)) {
                    *why = u"Unable to remove nonexistent key: " + token + u": missing value";
                    return Edit::Failed;
                }
                object.remove(token);
                container = object;
                return Edit::Ok;
            }
            QJsonArray array = container.toArray();
            const auto i = index(token, array.size(), false, why);
            if (!i)
                return Edit::Failed;
            array.removeAt(*i);
            container = array;
            return Edit::Ok;
        });
    }

    Edit replace(QJsonValue &doc, const QStringList &tokens, const QJsonValue &value) const
    {
        if (tokens.isEmpty()) {
            doc = value;
            return Edit::Ok;
        }
        return editParent(doc, tokens, 0, [&](QJsonValue &container, const QString &token) {
            if (container.isObject()) {
                QJsonObject object = container.toObject();
                if (!object.contains(token) && !m_k8s) // evanphx sets missing members
                    return Edit::Failed;
                object.insert(token, value);
                container = object;
                return Edit::Ok;
            }
            QJsonArray array = container.toArray();
            const auto i = index(token, array.size(), false);
            if (!i)
                return Edit::Failed;
            array.replace(*i, value);
            container = array;
            return Edit::Ok;
        });
    }

    // The container of the last token exists (objects/arrays only).
    bool hasParent(const QJsonValue &doc, const QStringList &tokens) const
    {
        if (tokens.isEmpty())
            return true;
        const auto parent = get(doc, tokens.mid(0, tokens.size() - 1));
        return parent && (parent->isObject() || parent->isArray());
    }

private:
    bool m_k8s;
};

} // namespace

std::optional<QStringList> parseJsonPointer(QStringView pointer, QString *error)
{
    if (pointer.isEmpty())
        return QStringList();
    if (pointer.front() != u'/') {
        if (error)
            *error = u"JSON pointer must be empty or start with a \"/\": " + pointer.toString();
        return std::nullopt;
    }
    QStringList tokens;
    for (QStringView raw : pointer.mid(1).split(u'/')) {
        QString token;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] != u'~') {
                token += raw[i];
                continue;
            }
            if (i + 1 < raw.size() && (raw[i + 1] == u'0' || raw[i + 1] == u'1')) {
                token += raw[i + 1] == u'0' ? u'~' : u'/';
                ++i;
                continue;
            }
            if (error)
                *error = u"invalid escape in JSON pointer: " + pointer.toString();
            return std::nullopt;
        }
        tokens.append(token);
    }
    return tokens;
}

QString jsonPointer(const QStringList &tokens)
{
    QString out;
    for (const QString &token : tokens) {
        QString escaped = token;
        escaped.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
        out += u'/' + escaped;
    }
    return out;
}

std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, QStringView pointer)
{
    const std::optional<QStringList> tokens = parseJsonPointer(pointer);
    if (!tokens)
        return std::nullopt;
    return Engine(JsonPatchMode::Rfc6902).get(document, *tokens);
}

bool jsonEquals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Double:
        return a.toDouble() == b.toDouble();
    case QJsonValue::Array: {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!jsonEquals(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        if (x.size() != y.size())
            return false;
        for (auto it = x.begin(); it != x.end(); ++it) {
            const auto other = y.constFind(it.key());
            if (other == y.constEnd() || !jsonEquals(it.value(), *other))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

std::optional<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &patch, QString *error,
                                         JsonPatchMode mode)
{
    auto fail = [error](const QString &message) -> std::optional<QJsonValue> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const Engine engine(mode);
    const bool k8s = engine.lenient();
    const QString missing = k8s ? QStringLiteral(": missing value") : QString();
    QJsonValue doc = document;
    for (const QJsonValue &entry : patch) {
        if (!entry.isObject())
            return fail(QStringLiteral("invalid JSON patch: every operation must be an object"));
        const QJsonObject operation = entry.toObject();
        const QString op = operation.value(u"op").toString();
        if (!operation.value(u"path").isString())
            return fail(QStringLiteral("invalid JSON patch: operation \"%1\" is missing \"path\"").arg(op));
        const QString path = operation.value(u"path").toString();
        QString pointerError;
        const std::optional<QStringList> tokens = parseJsonPointer(path, &pointerError);
        if (!tokens)
            return fail(pointerError);
        const bool needsValue = op == u"add" || op == u"replace" || op == u"test";
        if (needsValue && !operation.contains(u"value") && !k8s)
            return fail(QStringLiteral("invalid JSON patch: operation \"%1\" is missing \"value\"").arg(op));
        const QJsonValue value = operation.value(u"value").isUndefined() ? QJsonValue() : operation.value(u"value");
        QString why;

        if (op == u"add") {
            const Edit result = engine.add(doc, *tokens, value, &why);
            if (result == Edit::NoParent)
                return fail(u"add operation does not apply: doc is missing path: " + quoted(path) + missing);
            if (result == Edit::Failed)
                return fail(k8s ? QString(u"error in add for path: '" + path + u"': " + why)
                                : QString(u"add operation does not apply: doc is missing path: " + quoted(path)));
        } else if (op == u"remove") {
            const Edit result = engine.remove(doc, *tokens, &why);
            if (result == Edit::NoParent)
                return fail(u"remove operation does not apply: doc is missing path: " + quoted(path) + missing);
            if (result == Edit::Failed)
                return fail(k8s ? QString(u"error in remove for path: '" + path + u"': " + why)
                                : QString(u"remove operation does not apply: doc is missing path: " + quoted(path)));
        } else if (op == u"replace") {
            const Edit result = engine.replace(doc, *tokens, value);
            if (result == Edit::NoParent && k8s)
                return fail(u"replace operation does not apply: doc is missing path: " + path + missing);
            if (result != Edit::Ok)
                return fail(u"replace operation does not apply: doc is missing key: " + path + missing);
        } else if (op == u"test") {
            if (k8s && !engine.hasParent(doc, *tokens))
                return fail(u"test operation does not apply: is missing path: " + path + missing);
            std::optional<QJsonValue> actual = engine.get(doc, *tokens);
            if (!actual && k8s && !tokens->isEmpty() && engine.get(doc, tokens->mid(0, tokens->size() - 1))->isObject())
                actual = QJsonValue(); // evanphx reads a missing member as null
            if (!actual || !jsonEquals(*actual, value))
                return fail(u"testing value " + path + u" failed: test failed");
        } else if (op == u"move" || op == u"copy") {
            if (!operation.value(u"from").isString())
                return fail(QStringLiteral("invalid JSON patch: operation \"%1\" is missing \"from\"").arg(op));
            const QString fromPath = operation.value(u"from").toString();
            const std::optional<QStringList> from = parseJsonPointer(fromPath, &pointerError);
            if (!from)
                return fail(pointerError);
            if (!engine.hasParent(doc, *from) || from->isEmpty())
                return fail(op + u" operation does not apply: doc is missing from path: " + fromPath + missing);
            std::optional<QJsonValue> moved = engine.get(doc, *from);
            if (!moved && k8s && op == u"copy" && engine.get(doc, from->mid(0, from->size() - 1))->isObject())
                moved = QJsonValue(); // evanphx copies a missing member as null
            if (!moved) {
                if (!k8s)
                    return fail(op + u" operation does not apply: doc is missing from path: " + fromPath);
                return fail(u"error in " + op + u" for path: '" + from->last() + u"': Unable to remove nonexistent key: "
                            + from->last() + u": missing value");
            }
            if (op == u"move") {
                if (!k8s && tokens->size() > from->size() && tokens->mid(0, from->size()) == *from)
                    return fail(u"move operation does not apply: cannot move " + fromPath + u" into its child " + path);
                engine.remove(doc, *from, &why);
            }
            if (engine.add(doc, *tokens, *moved, &why) != Edit::Ok)
                return fail(op + u" operation does not apply: doc is missing destination path: " + path + missing);
        } else {
            return fail(u"Unexpected kind: " + op);
        }
    }
    return doc;
}

std::optional<QJsonValue> applyJsonPatch(const QJsonValue &document, const QByteArray &patch, QString *error,
                                         JsonPatchMode mode)
{
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(patch, &parseError);
    if (parseError.error != QJsonParseError::NoError || !parsed.isArray()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? u"invalid JSON patch: " + parseError.errorString()
                : QStringLiteral("invalid JSON patch: the patch must be a JSON array");
        return std::nullopt;
    }
    return applyJsonPatch(document, parsed.array(), error, mode);
}

} // namespace pd::kube
