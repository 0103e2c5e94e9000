#include "previewreporting.h"

#include "pullrequesttracker.h"

#include "core/contract.h"
#include "core/environment/environment.h"
#include "kube/apiclient.h"
#include "kube/bindto.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>

#include <memory>

using namespace Qt::StringLiterals;

namespace pd::core {

std::optional<PreviewCommentRecord> PreviewCommentRecord::of(const Environment &environment)
{
    const QString text = environment.annotations.value(QString(contract::PrCommentAnnotation));
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    PreviewCommentRecord record;
    record.commentId = json.value(u"commentId"_s).toInteger();
    record.postedAt = QDateTime::fromString(json.value(u"postedAt"_s).toString(), Qt::ISODate);
    record.says = json.value(u"says"_s).toString();
    if (!record.postedAt.isValid())
        return std::nullopt;
    record.postedAt = record.postedAt.toUTC();
    return record;
}

QString PreviewCommentRecord::toAnnotation() const
{
    const QJsonObject json{{u"commentId"_s, commentId},
                           {u"postedAt"_s, postedAt.toUTC().toString(Qt::ISODate)},
                           {u"says"_s, says}};
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QString previewCommentFingerprint(const PreviewReport &report)
{
    return QStringList{previewPhaseText(report.phase), report.url.toString(),
                       report.expiresAt.isValid() ? report.expiresAt.toUTC().toString(Qt::ISODate) : u"never"_s}
        .join(u'|');
}

CommentFreshness commentFreshness(const Environment &environment, const EnvironmentExtras &extras)
{
    const std::optional<PreviewCommentRecord> record = PreviewCommentRecord::of(environment);
    if (!record)
        return CommentFreshness::NotPosted;
    // The later of creation and the last renewal: when the preview last changed what a comment says.
    QDateTime changed = environment.created;
    if (environment.renewedAt.isValid() && (!changed.isValid() || environment.renewedAt > changed))
        changed = environment.renewedAt;
    if (changed.isValid() && record->postedAt < changed)
        return CommentFreshness::Stale;
    return record->says == previewCommentFingerprint(PreviewReport::fromEnvironment(environment, extras))
        ? CommentFreshness::Current
        : CommentFreshness::Stale;
}

PreviewReporting::PreviewReporting(pd::kube::ApiClient *cluster, GitHubClient *gitHub, QObject *parent)
    : QObject(parent)
    , m_cluster(cluster)
    , m_gitHub(gitHub)
    , m_reporter(new PullRequestReporter(gitHub, this))
{
}

PreviewReporting::~PreviewReporting() = default;

QString PreviewReporting::refusal(const Environment &environment) const
{
    if (environment.pr.toInt() <= 0)
        return tr("%1 names no pull request (label %2)").arg(environment.name, contract::PrLabel);
    if (PullRequestTracker::repositoryOf(environment).isEmpty())
        return tr("%1 names no repository (annotation %2: owner/name)").arg(environment.name, contract::RepositoryAnnotation);
    if (!m_gitHub || !m_gitHub->hasToken())
        return tr("No GitHub token for %1: set one in Tools → GitHub token…")
            .arg(m_gitHub ? m_gitHub->host() : u"github.com"_s);
    return {};
}

QFuture<ReportOutcome> PreviewReporting::report(const Environment &environment, const EnvironmentExtras &extras,
                                                const QDateTime &now)
{
    if (const QString why = refusal(environment); !why.isEmpty())
        return QtFuture::makeReadyFuture(ReportOutcome{false, why});
    PreviewReport report = PreviewReport::fromEnvironment(environment, extras);
    report.repository = PullRequestTracker::repositoryOf(environment);
    report.at = now.toUTC();
    const QString name = environment.name;
    const QString says = previewCommentFingerprint(report);
    auto promise = std::make_shared<QPromise<ReportOutcome>>();
    QFuture<ReportOutcome> future = promise->future();
    promise->start();
    pd::bindTo(this, m_reporter->finish(report), [this, name, says, now, promise](const ReportOutcome &posted) {
        if (!posted.ok || !m_cluster) {
            promise->addResult(posted);
            promise->finish();
            return;
        }
        // Recorded on the namespace, so every view (and the next session) can tell whether it is current.
        const PreviewCommentRecord record{posted.commentId, now.toUTC(), says};
        const QJsonObject patch{{u"metadata"_s, QJsonObject{{u"annotations"_s,
                                                             QJsonObject{{contract::PrCommentAnnotation, record.toAnnotation()}}}}}};
        const pd::kube::ResourceRef ref{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
        pd::bindTo(this, m_cluster->patch(ref, pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact)),
                   [name, posted, promise](const pd::kube::ApiResult &patched) {
                       ReportOutcome outcome = posted;
                       if (!patched.ok())
                           outcome.message = tr("%1 (not recorded on %2: %3)").arg(posted.message, name, patched.message());
                       promise->addResult(outcome);
                       promise->finish();
                   });
    });
    return future;
}

} // namespace pd::core
