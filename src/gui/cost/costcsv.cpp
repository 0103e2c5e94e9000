#include "costcsv.h"

#include <QSaveFile>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace pd::gui::costcsv {

namespace {

QString field(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    return u'"' + QString(text).replace(u"\""_s, u"\"\""_s) + u'"';
}

QString money(double dollars)
{
    return QString::number(dollars, 'f', 6);
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

class Csv final
{
public:
    explicit Csv(const QStringList &header) { row(header); }
    void row(const QStringList &fields)
    {
        QStringList quoted;
        for (const QString &f : fields)
            quoted << field(f);
        m_text += quoted.join(u',') + u"\r\n"_s;
    }
    QString text() const { return m_text; }

private:
    QString m_text;
};

QStringList costFields(const pd::core::CostRow &row)
{
    return {number(row.hours), money(row.cpuCost), money(row.memoryCost), money(row.storageCost), money(row.totalCost)};
}

} // namespace

QString byDay(const pd::core::CostReport &report)
{
    QStringList header{u"day"_s};
    for (const pd::core::DailyNamespaceCost &series : report.byDay)
        header << series.name;
    Csv csv(header);
    for (qsizetype day = 0; day < report.days.size(); ++day) {
        QStringList fields{report.days.at(day)};
        for (const pd::core::DailyNamespaceCost &series : report.byDay)
            fields << money(series.values.value(day));
        csv.row(fields);
    }
    return csv.text();
}

QString byWorkload(const pd::core::EnvironmentWorkloadCost &environment)
{
    Csv csv({u"environment"_s, u"workload"_s, u"hours"_s, u"cpu_cost"_s, u"memory_cost"_s, u"storage_cost"_s,
             u"total_cost"_s});
    for (const pd::core::CostRow &row : environment.workloads)
        csv.row(QStringList{environment.environment, row.key} + costFields(row));
    return csv.text();
}

QString mostExpensive(const pd::core::CostReport &report)
{
    Csv csv({u"preview"_s, u"hours"_s, u"cpu_cost"_s, u"memory_cost"_s, u"storage_cost"_s, u"total_cost"_s});
    for (const pd::core::CostRow &row : report.mostExpensive)
        csv.row(QStringList{row.key} + costFields(row));
    return csv.text();
}

QString idle(const pd::core::CostReport &report)
{
    Csv csv({u"namespace"_s, u"cpu_usage_ratio"_s, u"cost"_s});
    for (const pd::core::IdlePreview &preview : report.idle)
        csv.row({preview.namespaceName, number(preview.cpuUsageRatio), money(preview.cost.totalCost)});
    return csv.text();
}

QString rightsizing(const pd::core::CostReport &report)
{
    Csv csv({u"namespace"_s, u"workload"_s, u"container"_s, u"cpu_request_cores"_s, u"cpu_p95_cores"_s,
             u"cpu_suggested_cores"_s, u"memory_request_bytes"_s, u"memory_p95_bytes"_s, u"memory_suggested_bytes"_s,
             u"average_replicas"_s, u"monthly_saving"_s});
    for (const pd::core::RightsizingSuggestion &s : report.rightsizing) {
        csv.row({s.namespaceName, s.workload, s.container, number(s.cpuRequestCores), number(s.cpuP95Cores),
                 number(s.suggestedCpuCores), number(s.memoryRequestBytes), number(s.memoryP95Bytes),
                 number(s.suggestedMemoryBytes), number(s.averageReplicas), money(s.monthlySaving)});
    }
    return csv.text();
}

QString guardrailSavings(const pd::core::CostReport &report)
{
    Csv csv({u"namespace"_s, u"running_hours"_s, u"hours_scaled_down"_s, u"hourly_cost"_s, u"saving"_s});
    for (const pd::core::GuardrailSaving &s : report.guardrailSavings)
        csv.row({s.namespaceName, number(s.runningHours), number(s.hoursScaledDown), money(s.hourlyCost), money(s.saving)});
    return csv.text();
}

bool writeFile(const QString &path, const QString &text, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = u"%1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace pd::gui::costcsv
