#include "costoutput.h"

#include "core/cost/costhistory.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::cli {

namespace {

QString money(double value)
{
    return QString::number(value, 'f', 4);
}

QString table(const QList<pd::core::CostRow> &rows, const QString &by)
{
    qsizetype width = by.size();
    for (const auto &r : rows)
        width = std::max(width, r.key.size());
    const auto line = [&](const QString &k, const QString &h, const QString &c, const QString &m, const QString &s,
                          const QString &t) {
        return u"%1  %2  %3  %4  %5  %6\n"_s.arg(k.leftJustified(width), h.rightJustified(9), c.rightJustified(10),
                                                m.rightJustified(10), s.rightJustified(10), t.rightJustified(10));
    };
    QString out = line(by.toUpper(), u"HOURS"_s, u"CPU $"_s, u"MEMORY $"_s, u"STORAGE $"_s, u"TOTAL $"_s);
    double total = 0;
    for (const auto &r : rows) {
        out += line(r.key, QString::number(r.hours, 'f', 1), money(r.cpuCost), money(r.memoryCost),
                    money(r.storageCost), money(r.totalCost));
        total += r.totalCost;
    }
    out += line(u"TOTAL"_s, {}, {}, {}, {}, money(total));
    return out;
}

} // namespace

QString toString(CostSource source)
{
    switch (source) {
    case CostSource::Auto: return u"auto"_s;
    case CostSource::History: return u"history"_s;
    case CostSource::Estimate: return u"estimate"_s;
    case CostSource::OpenCost: return u"opencost"_s;
    }
    return {};
}

bool parseCostSource(const QString &text, CostSource *source)
{
    for (CostSource s : {CostSource::Auto, CostSource::History, CostSource::Estimate, CostSource::OpenCost}) {
        if (text == toString(s)) {
            *source = s;
            return true;
        }
    }
    return false;
}

QString renderCost(const QList<pd::core::CostRow> &rows, const QString &format, const QString &by, CostSource source,
                   const QString &header)
{
    if (format == "json"_L1) {
        QJsonArray array;
        for (const auto &r : rows)
            array.append(QJsonObject{{by, r.key}, {u"hours"_s, r.hours}, {u"cpuCost"_s, r.cpuCost},
                                     {u"memoryCost"_s, r.memoryCost}, {u"storageCost"_s, r.storageCost},
                                     {u"totalCost"_s, r.totalCost}});
        QJsonObject root{{u"source"_s, toString(source)}, {u"summary"_s, header}, {u"by"_s, by},
                         {u"currency"_s, u"USD"_s}, {u"rows"_s, array}};
        if (source == CostSource::Estimate)
            root.insert(u"estimate"_s, header);
        return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    }
    QString out = u"# "_s + header + u'\n';
    if (format != "csv"_L1)
        return out + table(rows, by);
    out += by + u",hours,cpuCost,memoryCost,storageCost,totalCost\n"_s;
    for (const auto &r : rows) {
        QString key = r.key;
        if (key.contains(u',') || key.contains(u'"'))
            key = u'"' + key.replace(u"\""_s, u"\"\""_s) + u'"';
        out += u"%1,%2,%3,%4,%5,%6\n"_s.arg(key, QString::number(r.hours, 'f', 2), money(r.cpuCost), money(r.memoryCost),
                                            money(r.storageCost), money(r.totalCost));
    }
    return out;
}

QString groupThousands(qint64 value)
{
    QString digits = QString::number(value < 0 ? -value : value);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, u',');
    return value < 0 ? u'-' + digits : digits;
}

QString formatSpan(qint64 ms)
{
    constexpr qint64 hourMs = 3600 * 1000;
    if (ms >= 24 * hourMs)
        return QString::number(double(ms) / double(24 * hourMs), 'f', 1) + u" d"_s;
    if (ms >= hourMs)
        return QString::number(double(ms) / double(hourMs), 'f', 1) + u" h"_s;
    if (ms >= 60000)
        return QString::number(ms / 60000) + u" min"_s;
    return QString::number(ms / 1000) + u" s"_s;
}

QString formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

CostHistoryFile costHistoryFile(const QCommandLineParser &parser, const ClusterConnection &connection)
{
    if (parser.isSet(u"db"_s))
        return {parser.value(u"db"_s), {}};
    CostHistoryFile file;
    file.cluster = pd::core::ClusterIdentity::of(connection.client->endpoint());
    QString notice;
    file.path = pd::core::CostHistory::pathFor(file.cluster, &notice);
    if (!notice.isEmpty())
        printErr(notice + u'\n');
    return file;
}

} // namespace pd::cli
