#pragma once
// The clone-safety invariants (DESIGN.md) as checks on plain JSON objects, shared by
// the planner's unit tests (on planned objects) and the end-to-end tests (on what the
// server holds after a real clone). Header-only, QtCore only; written apart from the
// planner so that a test does not check the planner with the planner's own code.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace pd::test::clonesafety {

inline QString kindOf(const QJsonObject &o) { return o.value(QLatin1String("kind")).toString(); }
inline QString nameOf(const QJsonObject &o) { return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(); }
inline QString refOf(const QJsonObject &o) { return kindOf(o) + QLatin1Char('/') + nameOf(o); }

// One place where the source's name stands as a token. A token is the name in any
// case with no ASCII letter or digit right before or after it: "staging-", "staging_db",
// "svc.staging.svc" and "Staging" hold one, "stagingarea" and "prestaging" do not.
// Occurrences inside the preview's own name (a preview "staging-pr-7") do not count.
struct Occurrence
{
    QString object;   // "ConfigMap/ledger-config"
    QString path;     // as plan rows name fields: "data.app.conf", "spec.template.spec.containers[api].args[0]",
                      // a key as "data.staging-eu.properties (key)"
    QString text;
};

namespace detail {

inline void visitText(const QString &text, const QString &path, const QString &object, const QRegularExpression &token,
                      const QString &target, QList<Occurrence> *out)
{
    auto it = token.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        bool insideTarget = false;
        for (qsizetype from = text.indexOf(target); from >= 0 && !insideTarget; from = text.indexOf(target, from + 1))
            insideTarget = from <= match.capturedStart() && match.capturedEnd() <= from + target.size();
        if (!insideTarget) {
            out->append({object, path, text});
            return;   // one per string is enough: the plan lists each field
        }
    }
}

inline void visit(const QJsonValue &value, const QString &path, const QString &object, bool secret,
                  const QRegularExpression &token, const QString &target, QList<Occurrence> *out)
{
    if (value.isString()) {
        visitText(value.toString(), path, object, token, target, out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString name = array.at(i).toObject().value(QLatin1String("name")).toString();
            visit(array.at(i), path + QLatin1Char('[') + (name.isEmpty() ? QString::number(i) : name) + QLatin1Char(']'),
                  object, false, token, target, out);
        }
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            visitText(it.key(), child + QStringLiteral(" (key)"), object, token, target, out);
            // A Secret's values are never read: they are fresh or decided by the person cloning.
            const bool secretData = secret && path.isEmpty() && (it.key() == QLatin1String("data") || it.key() == QLatin1String("stringData"));
            if (secretData) {
                const QJsonObject data = it.value().toObject();
                for (auto key = data.begin(); key != data.end(); ++key)
                    visitText(key.key(), child + QLatin1Char('.') + key.key() + QStringLiteral(" (key)"), object, token, target, out);
                continue;
            }
            visit(it.value(), child, object, false, token, target, out);
        }
    }
}

} // namespace detail

inline QList<Occurrence> sourceNameOccurrences(const QJsonObject &object, const QString &source, const QString &target)
{
    const QRegularExpression token(QStringLiteral("(?<![A-Za-z0-9])") + QRegularExpression::escape(source) + QStringLiteral("(?![A-Za-z0-9])"),
                                   QRegularExpression::CaseInsensitiveOption);
    QList<Occurrence> out;
    detail::visit(object, QString(), refOf(object), kindOf(object) == QLatin1String("Secret"), token, target, &out);
    return out;
}

// Credentials of the source: every Secret value (as stored and decoded; a token's
// "namespace" key is public), values of env variables named like a credential and
// passwords in URLs. Only values of at least 10 characters: shorter ones ("ledger",
// "5432") also stand in the manifests for other reasons.
inline QList<QByteArray> sourceCredentials(const QList<QJsonObject> &objects)
{
    static const QRegularExpression credentialName(QStringLiteral("PASSWORD|SECRET|TOKEN|API_?KEY"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression urlPassword(QStringLiteral("://[^:/@\\s]*:([^@/\\s$]+)@"));
    QList<QByteArray> values;
    auto add = [&](const QByteArray &value) {
        if (value.size() >= 10 && !values.contains(value))
            values << value;
    };
    std::function<void(const QJsonValue &)> walk = [&](const QJsonValue &value) {
        if (value.isString()) {
            auto it = urlPassword.globalMatch(value.toString());
            while (it.hasNext())
                add(it.next().captured(1).toUtf8());
        } else if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                walk(item);
        } else if (value.isObject()) {
            const QJsonObject o = value.toObject();
            const QString name = o.value(QLatin1String("name")).toString();
            if (o.contains(QLatin1String("value")) && credentialName.match(name).hasMatch() && !name.endsWith(QLatin1String("_FILE")))
                add(o.value(QLatin1String("value")).toString().toUtf8());
            for (auto it = o.begin(); it != o.end(); ++it)
                walk(it.value());
        }
    };
    for (const QJsonObject &object : objects) {
        if (kindOf(object) == QLatin1String("Secret")) {
            const QJsonObject data = object.value(QLatin1String("data")).toObject();
            for (auto it = data.begin(); it != data.end(); ++it) {
                if (it.key() == QLatin1String("namespace"))
                    continue;
                add(it.value().toString().toLatin1());
                add(QByteArray::fromBase64(it.value().toString().toLatin1()));
            }
            continue;
        }
        walk(object);
    }
    return values;
}

// What a preview object claims outside its namespace (clone safety 7), as plain
// sentences; empty when nothing. `keptTypes` are Services cloned with --keep-service-type.
inline QStringList externalClaims(const QJsonObject &object, const QStringList &keptTypes = {})
{
    QStringList claims;
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject annotations = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
    if (kindOf(object) == QLatin1String("Service")) {
        const QString type = spec.value(QLatin1String("type")).toString(QStringLiteral("ClusterIP"));
        if ((type == QLatin1String("LoadBalancer") || type == QLatin1String("NodePort")) && !keptTypes.contains(nameOf(object)))
            claims << QStringLiteral("type ") + type;
        for (const char *field : {"loadBalancerIP", "externalIPs", "loadBalancerSourceRanges", "externalTrafficPolicy",
                                  "healthCheckNodePort", "allocateLoadBalancerNodePorts"})
            if (spec.contains(QLatin1String(field)) && !keptTypes.contains(nameOf(object)))
                claims << QString::fromLatin1(field);
        for (const QJsonValue &port : spec.value(QLatin1String("ports")).toArray())
            if (port.toObject().contains(QLatin1String("nodePort")) && !keptTypes.contains(nameOf(object)))
                claims << QStringLiteral("nodePort %1").arg(port.toObject().value(QLatin1String("nodePort")).toInt());
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            if (it.key().contains(QLatin1String("loadBalancerIPs")) || it.key().startsWith(QLatin1String("metallb.")))
                claims << QStringLiteral("annotation ") + it.key();
    }
    if (kindOf(object) == QLatin1String("Ingress"))
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            if (it.key().contains(QLatin1String("static-ip")))
                claims << QStringLiteral("annotation ") + it.key();
    return claims;
}

} // namespace pd::test::clonesafety
