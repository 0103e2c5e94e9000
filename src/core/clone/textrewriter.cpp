#include "textrewriter.h"

#include <algorithm>

namespace pd::core::clone {

namespace {

// A DNS name ends where no further label character or ".label" follows.
const QString kDnsEnd = QStringLiteral("(?![A-Za-z0-9-])(?!\\.[A-Za-z0-9])");
const QString kDnsStart = QStringLiteral("(?<![A-Za-z0-9.-])");

QString replaceAll(const QRegularExpression &pattern, const QString &text,
                   const std::function<QString(const QRegularExpressionMatch &)> &replacement)
{
    QString result;
    qsizetype last = 0;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(last, match.capturedStart() - last);
        result += replacement(match);
        last = match.capturedEnd();
    }
    result += QStringView(text).mid(last);
    return result;
}

} // namespace

TextRewriter::TextRewriter(const QString &sourceNamespace, const QString &targetNamespace,
                           const QStringList &serviceNames, QList<QPair<QString, QString>> hostMap)
    : m_source(sourceNamespace)
    , m_target(targetNamespace)
    , m_hostMap(std::move(hostMap))
{
    const QString src = QRegularExpression::escape(sourceNamespace);
    m_qualifiedDns.setPattern(kDnsStart + QStringLiteral("((?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\\.)+)") + src
                              + QStringLiteral("(\\.svc(?:\\.cluster\\.local)?)") + kDnsEnd);

    QStringList services;
    for (const QString &name : serviceNames)
        services << QRegularExpression::escape(name);
    std::sort(services.begin(), services.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    if (!services.isEmpty())
        m_serviceDns.setPattern(kDnsStart + QStringLiteral("((?:[a-z0-9-]+\\.)*(?:") + services.join(QLatin1Char('|'))
                                + QStringLiteral("))\\.") + src + kDnsEnd);

    m_token.setPattern(QStringLiteral("(?<![A-Za-z0-9])") + src + QStringLiteral("(?![A-Za-z0-9])"));
    m_recordSegment.setPattern(QStringLiteral("(^|[/:])") + src + QStringLiteral("(?=[/:]|$)"));
    m_bucketPrefix.setPattern(QStringLiteral("(://)") + src + QStringLiteral("(?=[-_.])"));

    std::sort(m_hostMap.begin(), m_hostMap.end(),
              [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
}

QString TextRewriter::rewrite(const QString &text, QList<TextChange> *changes) const
{
    if (text == m_source) {
        changes->append({PlanRule::Namespace, text, m_target});
        return m_target;
    }
    QString current = text;
    auto apply = [&](PlanRule rule, const QString &next) {
        if (next != current) {
            changes->append({rule, current, next});
            current = next;
        }
    };

    apply(PlanRule::DnsName, replaceAll(m_qualifiedDns, current, [&](const QRegularExpressionMatch &m) -> QString {
              return m.captured(1) + m_target + m.captured(2);
          }));
    if (m_serviceDns.isValid() && !m_serviceDns.pattern().isEmpty())
        apply(PlanRule::DnsName, replaceAll(m_serviceDns, current, [&](const QRegularExpressionMatch &m) -> QString {
                  return m.captured(1) + QLatin1Char('.') + m_target;
              }));

    QString hosts = current;
    for (const auto &[oldHost, newHost] : m_hostMap) {
        const QRegularExpression host(kDnsStart + QRegularExpression::escape(oldHost) + kDnsEnd);
        hosts.replace(host, newHost);
    }
    apply(PlanRule::IngressHost, hosts);

    QString records = replaceAll(m_recordSegment, current, [&](const QRegularExpressionMatch &m) -> QString {
        return m.captured(1) + m_target;
    });
    records = replaceAll(m_bucketPrefix, records, [&](const QRegularExpressionMatch &m) -> QString {
        return m.captured(1) + m_target;
    });
    apply(PlanRule::RecordPrefix, records);

    // Last, the name as a word wherever no rule above placed it.
    QString tokens;
    qsizetype last = 0;
    auto it = m_token.globalMatch(current);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (insideTarget(current, match.capturedStart()) || !keptReason(current, match.capturedStart()).isEmpty())
            continue;
        tokens += QStringView(current).mid(last, match.capturedStart() - last);
        tokens += m_target;
        last = match.capturedEnd();
    }
    tokens += QStringView(current).mid(last);
    apply(PlanRule::SourceName, tokens);
    return current;
}

bool TextRewriter::insideTarget(const QString &text, qsizetype at) const
{
    if (!m_target.contains(m_source))
        return false;
    for (qsizetype from = text.indexOf(m_target); from >= 0; from = text.indexOf(m_target, from + 1))
        if (from <= at && at + m_source.size() <= from + m_target.size())
            return true;
    return false;
}

QString TextRewriter::registrableDomain(const QString &host)
{
    // Top-level domains hosts in manifests end in. Dotted names that end otherwise are
    // topics, files or keys ("staging.ledger.events", "staging.backup.sql"), not hosts;
    // endings that are file types too (.sh, .py, .md, .pl) are left out on purpose.
    static const QStringList topLevelDomains = {
        QStringLiteral("com"), QStringLiteral("net"), QStringLiteral("org"), QStringLiteral("io"), QStringLiteral("dev"),
        QStringLiteral("app"), QStringLiteral("cloud"), QStringLiteral("co"), QStringLiteral("uk"), QStringLiteral("de"),
        QStringLiteral("fr"), QStringLiteral("eu"), QStringLiteral("nl"), QStringLiteral("ch"), QStringLiteral("at"),
        QStringLiteral("se"), QStringLiteral("no"), QStringLiteral("fi"), QStringLiteral("dk"), QStringLiteral("es"),
        QStringLiteral("it"), QStringLiteral("be"), QStringLiteral("us"), QStringLiteral("ca"), QStringLiteral("au"),
        QStringLiteral("jp"), QStringLiteral("in"), QStringLiteral("br"), QStringLiteral("info"), QStringLiteral("biz"),
        QStringLiteral("me"), QStringLiteral("ai"), QStringLiteral("xyz"), QStringLiteral("tech"), QStringLiteral("online"),
        QStringLiteral("site"), QStringLiteral("internal"), QStringLiteral("example"), QStringLiteral("test"),
        QStringLiteral("corp"), QStringLiteral("lan"), QStringLiteral("home"),
    };
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$"));
    const QStringList labels = host.split(QLatin1Char('.'));
    if (labels.size() < 3)   // a host here has a name, a domain and a top-level domain
        return {};
    for (const QString &l : labels)
        if (!label.match(l).hasMatch())
            return {};
    if (!topLevelDomains.contains(labels.last().toLower()))
        return {};
    return (labels.at(labels.size() - 2) + QLatin1Char('.') + labels.last()).toLower();
}

QString TextRewriter::hostAround(const QString &text, qsizetype at)
{
    auto hostChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.'); };
    qsizetype begin = at, end = at;
    while (begin > 0 && hostChar(text.at(begin - 1)))
        --begin;
    while (end < text.size() && hostChar(text.at(end)))
        ++end;
    QString host = text.mid(begin, end - begin);
    while (host.endsWith(QLatin1Char('.')))   // a sentence's full stop
        host.chop(1);
    while (host.startsWith(QLatin1Char('.')))
        host.remove(0, 1);
    return registrableDomain(host).isEmpty() ? QString() : host;
}

QString TextRewriter::keptReason(const QString &text, qsizetype at) const
{
    // The object name around the token: letters, digits and '-' on both sides.
    auto nameChar = [](QChar c) { return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit() || c == QLatin1Char('-'); };
    qsizetype begin = at, end = at + m_source.size();
    while (begin > 0 && nameChar(text.at(begin - 1)))
        --begin;
    while (end < text.size() && nameChar(text.at(end)))
        ++end;
    const QString word = text.mid(begin, end - begin);
    if (word != m_source && m_objectNames.contains(word))
        return QStringLiteral("part of the name \"%1\" of an object the preview keeps under the same name in its own namespace").arg(word);
    const QString host = hostAround(text, at);
    if (!host.isEmpty() && !host.endsWith(QLatin1String(".svc")) && !host.contains(QLatin1String(".svc."))) {
        const QString domain = registrableDomain(host);
        if (!m_ownDomains.contains(domain))
            return QStringLiteral("in the host %1, outside the environment's own domains (%2): it names someone else's service")
                .arg(host, m_ownDomains.isEmpty() ? QStringLiteral("none known") : m_ownDomains.join(QStringLiteral(", ")));
    }
    return {};
}

} // namespace pd::core::clone
