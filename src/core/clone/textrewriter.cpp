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
    return current;
}

} // namespace pd::core::clone
