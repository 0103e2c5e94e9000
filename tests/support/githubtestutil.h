#pragma once

// A pull request as GitHub's REST API documents it (GET /repos/{owner}/{repo}/pulls/{n}),
// with the fields PreviewDesk reads and a few it must ignore.
#include <QJsonObject>
#include <QString>

namespace pd::test {

struct GitHubPull
{
    int number = 42;
    QString state = QStringLiteral("open");    // open | closed
    bool draft = false;
    bool merged = false;
    QString mergedAt;                          // empty: null
    QString closedAt;                          // empty: null
    QString title = QStringLiteral("Checkout redesign");
    QString headRef = QStringLiteral("checkout-redesign");
    QString updatedAt = QStringLiteral("2026-11-26T10:00:00Z");
    QString repository = QStringLiteral("octo-org/shop");
    QString headSha = QStringLiteral("6dcb09b5b57875f334f61aebed695e2e4193db5e");
};

inline QJsonObject gitHubPullJson(const GitHubPull &p)
{
    const QString api = QString(QStringLiteral("https://api.github.com/repos/") + p.repository);
    const QJsonValue null(QJsonValue::Null);
    return QJsonObject{
        {QStringLiteral("url"), QString(api + QStringLiteral("/pulls/") + QString::number(p.number))},
        {QStringLiteral("id"), 1296269},
        {QStringLiteral("node_id"), QStringLiteral("MDExOlB1bGxSZXF1ZXN0MQ==")},
        {QStringLiteral("html_url"), QString(QStringLiteral("https://github.com/") + p.repository + QStringLiteral("/pull/") + QString::number(p.number))},
        {QStringLiteral("number"), p.number},
        {QStringLiteral("state"), p.state},
        {QStringLiteral("locked"), false},
        {QStringLiteral("title"), p.title},
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("login"), QStringLiteral("octocat")}, {QStringLiteral("id"), 1}}},
        {QStringLiteral("body"), QStringLiteral("Please pull these awesome changes in!")},
        {QStringLiteral("created_at"), QStringLiteral("2026-11-20T09:00:00Z")},
        {QStringLiteral("updated_at"), p.updatedAt},
        {QStringLiteral("closed_at"), p.closedAt.isEmpty() ? null : QJsonValue(p.closedAt)},
        {QStringLiteral("merged_at"), p.mergedAt.isEmpty() ? null : QJsonValue(p.mergedAt)},
        {QStringLiteral("merge_commit_sha"), QStringLiteral("e5bd3914e2e596debea16f433f57875b5b90bcd6")},
        {QStringLiteral("draft"), p.draft},
        {QStringLiteral("head"), QJsonObject{{QStringLiteral("label"), QString(QStringLiteral("octocat:") + p.headRef)},
                                             {QStringLiteral("ref"), p.headRef},
                                             {QStringLiteral("sha"), p.headSha}}},
        {QStringLiteral("base"), QJsonObject{{QStringLiteral("label"), QStringLiteral("octocat:main")},
                                             {QStringLiteral("ref"), QStringLiteral("main")}}},
        {QStringLiteral("author_association"), QStringLiteral("OWNER")},
        {QStringLiteral("merged"), p.merged},
        {QStringLiteral("mergeable"), null},
        {QStringLiteral("comments"), 10},
        {QStringLiteral("commits"), 3},
    };
}

} // namespace pd::test
