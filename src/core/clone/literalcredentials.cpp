#include "literalcredentials.h"

#include "jsonwalk.h"
#include "secretplanner.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace pd::core::clone {

namespace {

const QRegularExpression &credentialName()
{
    static const QRegularExpression pattern(
        QStringLiteral("(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CREDENTIALS?)(_|$)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

const QRegularExpression &urlPassword()
{
    // scheme://user:PASSWORD@host; a $(VAR) or ${VAR} reference is no literal.
    static const QRegularExpression pattern(QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:([^@/\\s$]+)@"));
    return pattern;
}

bool isCredentialVariable(const QString &name)
{
    static const QRegularExpression notAValue(QStringLiteral("_(FILE|PATH|DIR|NAME|USER|USERNAME|ID)$"),
                                              QRegularExpression::CaseInsensitiveOption);
    return credentialName().match(name).hasMatch() && !notAValue.match(name).hasMatch();
}

void visitEnv(const QJsonValue &value, const std::function<void(const QString &)> &found)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            visitEnv(item, found);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("env") && it.value().isArray()) {
            for (const QJsonValue &variable : it.value().toArray()) {
                const QJsonObject v = variable.toObject();
                if (v.contains(QLatin1String("value")) && isCredentialVariable(v.value(QLatin1String("name")).toString()))
                    found(v.value(QLatin1String("value")).toString());
            }
        }
        visitEnv(it.value(), found);
    }
}

} // namespace

void LiteralCredentials::learn(const QString &literal)
{
    // Short or referencing values are no credential ("", "true", "$(DB_PASSWORD)").
    static const QRegularExpression reference(QStringLiteral("^\\$[({][A-Za-z0-9_]+[)}]$"));
    if (literal.size() < 6 || reference.match(literal).hasMatch() || m_fresh.contains(literal))
        return;
    m_fresh.insert(literal, QString::fromLatin1(generateSecretValue(QStringLiteral("password"), m_random)));
    m_order << literal;
    std::stable_sort(m_order.begin(), m_order.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void LiteralCredentials::collect(const QJsonObject &object)
{
    if (object.value(QLatin1String("kind")).toString() == QLatin1String("Secret"))
        return;
    visitEnv(object, [this](const QString &value) { learn(value); });
    QJsonObject copy = object;
    rewriteStrings(copy, [this](QString &text, const QString &) {
        auto it = urlPassword().globalMatch(text);
        while (it.hasNext())
            learn(it.next().captured(1));
    });
}

void LiteralCredentials::replace(QJsonObject &object, QList<PlanRow> *rows) const
{
    if (m_fresh.isEmpty() || object.value(QLatin1String("kind")).toString() == QLatin1String("Secret"))
        return;
    const QString ref = objectRef(object);
    rewriteStrings(object, [&](QString &text, const QString &path) {
        bool changed = false;
        for (const QString &literal : m_order) {
            if (text.contains(literal)) {
                text.replace(literal, m_fresh.value(literal));
                changed = true;
            }
        }
        if (changed)
            rows->append({ref, path, QStringLiteral("••••••"), QStringLiteral("•••••• (fresh: the source's literal credential is never copied)"),
                          PlanRule::LiteralCredential, true});
    });
}

void LiteralCredentials::maskRows(QList<PlanRow> *rows) const
{
    const QString mask = QStringLiteral("••••••");
    for (PlanRow &row : *rows) {
        for (const QString &literal : m_order) {
            for (QString *text : {&row.oldValue, &row.newValue}) {
                text->replace(literal, mask);
                text->replace(m_fresh.value(literal), mask);
            }
        }
    }
}

} // namespace pd::core::clone
