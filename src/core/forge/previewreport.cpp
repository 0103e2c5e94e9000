#include "previewreport.h"

#include "core/contract.h"
#include "core/environment/environment.h"
#include "core/environment/environmentbuilder.h"
#include "core/environment/environmentmodel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;
}

// A table cell: no line breaks, no column separators, no HTML comment that could fake a marker.
QString cell(QString value)
{
    value.replace(u'\n', u' ').replace(u'\r', u' ').replace(u"|"_s, u"\\|"_s).replace(u"<!--"_s, u"&lt;!--"_s);
    return value;
}

QString row(const QString &key, const QString &value)
{
    return u"| "_s + key + u" | "_s + cell(value) + u" |\n"_s;
}

} // namespace

QString previewPhaseText(PreviewReport::Phase phase)
{
    switch (phase) {
    case PreviewReport::Phase::Creating: return u"creating"_s;
    case PreviewReport::Phase::Ready: return u"ready"_s;
    case PreviewReport::Phase::Failed: return u"failed"_s;
    case PreviewReport::Phase::Destroyed: return u"destroyed"_s;
    }
    return {};
}

QString previewCommentMarker(const QString &name)
{
    return u"<!-- previewdesk:"_s + name + u" -->"_s;
}

PreviewReport PreviewReport::fromNamespace(const QJsonObject &namespaceObject)
{
    const QJsonObject metadata = namespaceObject.value("metadata"_L1).toObject();
    const QJsonObject labels = metadata.value("labels"_L1).toObject();
    const QJsonObject annotations = metadata.value("annotations"_L1).toObject();
    const auto annotation = [&annotations](QLatin1StringView key) { return annotations.value(key).toString(); };
    PreviewReport report;
    report.name = metadata.value("name"_L1).toString();
    report.pullRequest = labels.value(contract::PrLabel).toString().toInt();
    report.repository = annotation(contract::RepositoryAnnotation);
    report.url = QUrl(annotation(contract::UrlAnnotation));
    report.expiresAt = EnvironmentBuilder::parseRfc3339(annotation(contract::ExpiresAtAnnotation));
    report.renewedAt = EnvironmentBuilder::parseRfc3339(annotation(contract::RenewedAtAnnotation));
    report.source = annotation(contract::ParentAnnotation);
    report.sourceUid = annotation(contract::ParentUidAnnotation);
    report.cloneId = annotation(contract::CloneIdAnnotation);
    report.mode = annotation(contract::ModeAnnotation);
    report.phase = annotations.contains(contract::IncompleteAnnotation) ? Phase::Failed : Phase::Ready;
    if (report.phase == Phase::Failed)
        report.reason = u"the clone stopped half-way and was kept (%1)"_s.arg(contract::IncompleteAnnotation);
    return report;
}

PreviewReport PreviewReport::fromEnvironment(const Environment &environment, const EnvironmentExtras &extras)
{
    // One reading of the contract: the model keeps the namespace's labels and annotations.
    QJsonObject labels;
    for (auto it = environment.labels.cbegin(); it != environment.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    QJsonObject annotations;
    for (auto it = environment.annotations.cbegin(); it != environment.annotations.cend(); ++it)
        annotations.insert(it.key(), it.value());
    PreviewReport report = fromNamespace(QJsonObject{
        {u"metadata"_s, QJsonObject{{u"name"_s, environment.name}, {u"labels"_s, labels}, {u"annotations"_s, annotations}}}});
    if (report.pullRequest <= 0)
        report.pullRequest = environment.pr.toInt();
    if (report.url.isEmpty())
        report.url = environment.url;
    report.expiresAt = environment.expiresAt;   // the effective one (kube-janitor's keys too)
    report.costPerDay = extras.costPerDay;
    return report;
}

QString renderPreviewComment(const PreviewReport &r, const QDateTime &now)
{
    QString text = previewCommentMarker(r.name) + u'\n';
    text += u"### Preview `%1`: %2\n\n"_s.arg(r.name, previewPhaseText(r.phase));
    text += u"| | |\n|---|---|\n"_s;
    if (r.phase != PreviewReport::Phase::Destroyed)
        text += row(u"URL"_s, r.url.isEmpty() ? u"(none)"_s : r.url.toString());
    text += row(u"State"_s, previewPhaseText(r.phase) + (r.reason.isEmpty() ? QString() : u": "_s + r.reason));
    if (r.phase != PreviewReport::Phase::Destroyed) {
        QString left = u"never expires"_s;
        if (r.expiresAt.isValid()) {
            const qint64 seconds = now.secsTo(r.expiresAt);
            left = seconds > 0 ? QString(EnvironmentModel::durationText(seconds) + u" (expires "_s + utc(r.expiresAt) + u')')
                               : QString(u"expired "_s + utc(r.expiresAt));
        }
        text += row(u"Time left"_s, left);
        if (r.renewedAt.isValid())
            text += row(u"Renewed"_s, utc(r.renewedAt));
        text += row(u"Cost per day"_s, r.costPerDay ? u"$"_s + QLocale::c().toString(*r.costPerDay, 'f', 2)
                                                   : u"not measured yet"_s);
    }
    if (!r.source.isEmpty()) {
        QString lineage = u"cloned from `%1`"_s.arg(r.source);
        if (!r.mode.isEmpty())
            lineage += u", "_s + r.mode;
        if (!r.cloneId.isEmpty())
            lineage += u", clone "_s + r.cloneId;
        text += row(u"Source"_s, lineage);
    }
    if (r.logUrl.isValid() && !r.logUrl.isEmpty())
        text += row(u"Run"_s, r.logUrl.toString());
    if (r.phase == PreviewReport::Phase::Destroyed)
        text += u"\nTorn down %1%2.\n"_s.arg(utc(r.at.isValid() ? r.at : now),
                                           r.reason.isEmpty() ? QString() : u": "_s + cell(r.reason));
    text += u"\n<sub>Updated %1 by PreviewDesk.</sub>\n"_s.arg(utc(now));
    return text;
}

} // namespace pd::core
