#include "secretredactor.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>

namespace pd::log {

namespace {

using Accept = std::function<bool(QStringView)>;

QRegularExpression compiled(const QString &pattern,
                            QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption)
{
    QRegularExpression rx(pattern, options);
    Q_ASSERT_X(rx.isValid(), "SecretRedactor", qPrintable(rx.errorString()));
    rx.optimize(); // compile now, so concurrent matching only reads
    return rx;
}

// In every match of rx, replaces the first of `groups` that captured something with
// "***" (group 0 = the whole match). accept may veto a capture (heuristic rules).
QString maskGroups(const QString &text, const QRegularExpression &rx, std::initializer_list<int> groups,
                   const Accept &accept = {})
{
    QString out;
    qsizetype pos = 0;
    bool changed = false;
    auto it = rx.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        for (const int g : groups) {
            if (m.capturedStart(g) < 0 || m.capturedLength(g) == 0)
                continue;
            const QStringView captured = m.capturedView(g);
            if (captured == SecretRedactor::mask() || (accept && !accept(captured)))
                break;
            out += QStringView(text).mid(pos, m.capturedStart(g) - pos);
            out += SecretRedactor::mask();
            pos = m.capturedEnd(g);
            changed = true;
            break;
        }
    }
    if (!changed)
        return text;
    out += QStringView(text).mid(pos);
    return out;
}

// PEM private keys: whole blocks, a block cut off at the end of a message, and the
// tail of a block whose beginning was logged in an earlier message.
QString maskPem(QString text)
{
    static const QRegularExpression block = compiled(
        QStringLiteral("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(.*?)-----END \\1PRIVATE KEY-----"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression head = compiled(
        QStringLiteral("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?!\\*\\*\\*-----END)(.+)"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tail = compiled(
        QStringLiteral("((?:[A-Za-z0-9+/=]|\\\\n|\\s)+)-----END [A-Z0-9 ]*PRIVATE KEY-----"));
    static const QRegularExpression base64Pem = compiled(QStringLiteral("LS0tLS1CRUdJTi[A-Za-z0-9+/=]*"));

    if (text.contains(QLatin1String("PRIVATE KEY-----"))) {
        text = maskGroups(text, block, {2});
        text = maskGroups(text, head, {1});
        text = maskGroups(text, tail, {1}, [](QStringView run) {
            return std::any_of(run.begin(), run.end(), [](QChar c) { return c.isLetterOrNumber(); });
        });
    }
    // base64 of "-----BEGIN": kubeconfig client-key-data and Secret dumps. Certificates are
    // public; anything else (or a run too short to tell) is masked.
    return maskGroups(text, base64Pem, {0}, [](QStringView run) {
        const QByteArray decoded = QByteArray::fromBase64(run.toLatin1());
        return !decoded.contains("CERTIFICATE-----");
    });
}

QString maskHeadersAndFields(QString text)
{
    static const QRegularExpression authorization = compiled(QStringLiteral(
        "(?i)\\b(?:proxy-)?authorization\\\\?[\"']?[ \\t]*[:=][ \\t]*\\\\?[\"']?[ \\t]*"
        "(?:(?:bearer|basic|token|negotiate|digest)\\s+)?([^\\s\"',;\\\\]+)"));
    // A bare "Bearer <token>" outside a header; the shape check keeps "bearer tokens" readable.
    static const QRegularExpression bearer = compiled(QStringLiteral("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]+=*)"));
    static const QRegularExpression field = compiled(QStringLiteral(
        "(?i)(?<![A-Za-z0-9_.-])"
        "(?:[A-Za-z0-9_-]*(?:token|password|passwd|passphrase|api[_-]?key)|[A-Za-z0-9_-]+secret"
        "|client-key-data|client-certificate-data)"
        "\\\\?[\"']?[ \\t]*[:=][ \\t]*"
        "(?:\\\\\"(.*?)\\\\\"|\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s\"',;&{}\\[\\]\\\\]+))"));
    static const QRegularExpression urlPassword = compiled(
        QStringLiteral("(?i)\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:([^/\\s@]+)@"));

    text = maskGroups(text, authorization, {1});
    text = maskGroups(text, bearer, {1}, [](QStringView token) {
        return token.size() >= 8 && std::any_of(token.begin(), token.end(), [](QChar c) {
                   return c.isDigit() || QStringView(u"-._~+/=").contains(c);
               });
    });
    text = maskGroups(text, field, {1, 2, 3, 4});
    return maskGroups(text, urlPassword, {1});
}

// The values of a Secret's data/stringData maps, in JSON and YAML dumps of Secrets.
QString maskSecretData(QString text)
{
    static const QRegularExpression isSecret =
        compiled(QStringLiteral("\\bkind\\\\?[\"']?\\s*:\\s*\\\\?[\"']?Secret(?:List)?\\b"));
    if (!text.contains(isSecret))
        return text;

    static const QRegularExpression jsonMap = compiled(QStringLiteral("\"(?:data|stringData)\"\\s*:\\s*\\{"));
    static const QRegularExpression jsonValue =
        compiled(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\""));
    qsizetype from = 0;
    for (QRegularExpressionMatch m = jsonMap.match(text, from); m.hasMatch(); m = jsonMap.match(text, from)) {
        const qsizetype open = m.capturedEnd(0);
        qsizetype close = open;
        bool inString = false;
        for (; close < text.size(); ++close) {
            const QChar c = text.at(close);
            if (inString && c == u'\\')
                ++close;
            else if (c == u'"')
                inString = !inString;
            else if (!inString && c == u'}')
                break;
        }
        const QString masked = maskGroups(text.mid(open, close - open), jsonValue, {1});
        text.replace(open, close - open, masked);
        from = open + masked.size();
    }

    static const QRegularExpression yamlMap = compiled(QStringLiteral("^(\\s*)(?:data|stringData):\\s*$"));
    static const QRegularExpression yamlEntry = compiled(QStringLiteral("^(\\s*[^\\s:#][^:]*:[ \\t]*)(\\S.*)$"));
    QStringList lines = text.split(u'\n');
    qsizetype mapIndent = -1;
    for (QString &line : lines) {
        qsizetype indent = 0;
        while (indent < line.size() && line.at(indent).isSpace())
            ++indent;
        if (mapIndent >= 0 && !line.trimmed().isEmpty()) {
            if (indent <= mapIndent) {
                mapIndent = -1;
            } else {
                const QRegularExpressionMatch entry = yamlEntry.match(line);
                if (!entry.hasMatch())
                    line = line.left(indent) + SecretRedactor::mask(); // continuation of a block scalar
                else if (!entry.captured(2).startsWith(u'|') && !entry.captured(2).startsWith(u'>'))
                    line = entry.captured(1) + SecretRedactor::mask();
                continue;
            }
        }
        const QRegularExpressionMatch map = yamlMap.match(line);
        if (map.hasMatch())
            mapIndent = map.capturedLength(1);
    }
    return lines.join(u'\n');
}

QString jsonEscaped(const QString &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(2, json.size() - 4)); // strip [" and "]
}

} // namespace

QStringList SecretRedactor::encodedForms(const QString &value)
{
    QStringList forms;
    const auto add = [&forms](const QString &form) {
        if (form.size() >= MinimumValueLength && form != mask() && !forms.contains(form))
            forms.append(form);
    };
    add(value);
    add(value.trimmed());
    const QByteArray utf8 = value.toUtf8();
    add(QString::fromLatin1(utf8.toBase64()));
    add(QString::fromLatin1(utf8.toBase64(QByteArray::OmitTrailingEquals)));
    add(QString::fromLatin1(utf8.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    add(QString::fromLatin1(QUrl::toPercentEncoding(value)));
    add(jsonEscaped(value));
    // A multi-line value (a key, a config file) is often logged one line at a time.
    if (value.contains(u'\n')) {
        const QStringList lines = value.split(u'\n');
        for (const QString &line : lines)
            add(line.trimmed());
    }
    return forms;
}

void SecretRedactor::insertLongestFirst(QStringList &into, const QStringList &forms)
{
    for (const QString &form : forms) {
        if (!into.contains(form))
            into.append(form);
    }
    std::stable_sort(into.begin(), into.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void SecretRedactor::registerValue(const QString &value)
{
    // Encoded forms of a short value are just as short in information; masking them
    // would garble ordinary text.
    if (value.trimmed().size() < MinimumValueLength)
        return;
    const QStringList forms = encodedForms(value);
    if (forms.isEmpty())
        return;
    std::unique_lock lock(m_mutex);
    insertLongestFirst(m_values, forms);
}

bool SecretRedactor::looksLikeSecretToken(QStringView value)
{
    if (value.size() < MinimumDataTokenLength)
        return false;
    bool lower = false, upper = false, digit = false, symbol = false;
    QHash<QChar, int> counts;
    for (const QChar c : value) {
        lower |= c.isLower();
        upper |= c.isUpper();
        digit |= c.isDigit();
        symbol |= !c.isLetterOrNumber();
        ++counts[c];
    }
    double bitsPerChar = 0;
    for (const int n : std::as_const(counts)) {
        const double p = double(n) / double(value.size());
        bitsPerChar -= p * std::log2(p);
    }
    if (bitsPerChar < 2.5) // "aaaaaaaa", "abababab": no information to hide
        return false;
    const int classes = int(lower) + int(upper) + int(digit) + int(symbol);
    return classes >= 2 || value.size() >= 16;
}

void SecretRedactor::registerDataValue(const QString &value)
{
    QStringList forms = encodedForms(value);
    forms.removeIf([](const QString &form) { return !looksLikeSecretToken(form); });
    if (forms.isEmpty())
        return;
    std::unique_lock lock(m_mutex);
    insertLongestFirst(m_tokens, forms);
}

void SecretRedactor::clearValues()
{
    std::unique_lock lock(m_mutex);
    m_values.clear();
    m_tokens.clear();
}

qsizetype SecretRedactor::registeredCount() const
{
    std::shared_lock lock(m_mutex);
    return m_values.size() + m_tokens.size();
}

namespace {
// Characters that continue a token: a data value inside "x-shopuser-y" is part of a name.
bool continuesToken(QChar c)
{
    return c.isLetterOrNumber() || QStringView(u"-_.~+/=%").contains(c);
}

QString maskWholeTokens(QString text, const QString &token)
{
    qsizetype from = 0;
    for (qsizetype at = text.indexOf(token, from); at >= 0; at = text.indexOf(token, from)) {
        const qsizetype end = at + token.size();
        const bool startsToken = at == 0 || !continuesToken(text.at(at - 1));
        const bool endsToken = end == text.size() || !continuesToken(text.at(end));
        if (startsToken && endsToken) {
            text.replace(at, token.size(), SecretRedactor::mask());
            from = at + SecretRedactor::mask().size();
        } else {
            from = at + 1;
        }
    }
    return text;
}
} // namespace

QString SecretRedactor::redactValues(QString text) const
{
    std::shared_lock lock(m_mutex);
    for (const QString &value : m_values) {
        if (text.contains(value))
            text.replace(value, mask());
    }
    for (const QString &token : m_tokens) {
        if (text.contains(token))
            text = maskWholeTokens(std::move(text), token);
    }
    return text;
}

QString SecretRedactor::redact(const QString &text) const
{
    QString out = redactValues(text);
    out = maskPem(std::move(out));
    out = maskHeadersAndFields(std::move(out));
    return maskSecretData(std::move(out));
}

std::string SecretRedactor::redact(std::string_view utf8) const
{
    const QString in = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    const QString out = redact(in);
    if (out == in)
        return std::string(utf8);
    return out.toStdString();
}

} // namespace pd::log
