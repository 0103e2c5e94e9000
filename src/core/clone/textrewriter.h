#pragma once

#include "planrow.h"

#include <QList>
#include <QPair>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pd::core::clone {

struct TextChange
{
    PlanRule rule;
    QString before;
    QString after;
};

// Rewrites free text (env values, args, ConfigMap files, annotations) so it no
// longer points at the source environment:
//  - in-cluster DNS names: NAME.SRC, NAME.SRC.svc, NAME.SRC.svc.cluster.local,
//    POD.NAME.SRC.svc... (NAME.SRC alone only for the source's own services);
//  - ingress hosts by the host map (longest first, whole host names only);
//  - record prefixes: the source's name as a path or key segment (s3://b/SRC/x,
//    SRC:cart:) and as a bucket prefix (s3://SRC-uploads);
//  - a value that is exactly the source's name;
//  - then the source's name wherever it still stands as a word (a token: the
//    exact, case-sensitive name with no letter or digit right before or after it,
//    so "staging-" and "staging_db" hold one and "stagingarea" does not), except
//    inside the name of one of the source's objects ("staging-db": the preview
//    keeps its objects' names) and inside a host outside the source's domains
//    ("api.staging.partner.com" names someone else's staging).
// What it leaves, keptReason() explains; namesurvival.h lists it in the plan.
class TextRewriter final
{
public:
    TextRewriter(const QString &sourceNamespace, const QString &targetNamespace,
                 const QStringList &serviceNames, QList<QPair<QString, QString>> hostMap);

    // Names of the source's objects: a token inside one of them is kept.
    void setObjectNames(const QSet<QString> &names) { m_objectNames = names; }
    // Registrable domains ("example.com") of the source's and the preview's hosts:
    // a host under one of them is the environment's own and is rewritten.
    void setOwnDomains(const QStringList &domains) { m_ownDomains = domains; }

    // Returns the rewritten text and appends one change per rule that fired.
    QString rewrite(const QString &text, QList<TextChange> *changes) const;

    // Why the token of the source's name at `at` in `text` is not rewritten
    // (empty: it would be). Case variants ("Staging") are never tokens of the rule.
    QString keptReason(const QString &text, qsizetype at) const;

    // Whether the token at `at` lies inside an occurrence of the preview's own name
    // (a preview called "staging-pr-7" holds the word "staging").
    bool insideTarget(const QString &text, qsizetype at) const;
    const QRegularExpression &tokenPattern() const { return m_token; }

    // "example.com" for "api.staging.example.com"; empty for a name that is no host.
    static QString registrableDomain(const QString &host);
    // The host-like run ("api.staging.partner.com") around position `at`, or empty.
    static QString hostAround(const QString &text, qsizetype at);

private:
    QString m_source;
    QString m_target;
    QRegularExpression m_qualifiedDns;   // any.labels.SRC.svc[.cluster.local]
    QRegularExpression m_serviceDns;     // SERVICE.SRC (not followed by more labels)
    QRegularExpression m_recordSegment;
    QRegularExpression m_bucketPrefix;
    QRegularExpression m_token;          // SRC with no letter or digit on either side
    QList<QPair<QString, QString>> m_hostMap;
    QSet<QString> m_objectNames;
    QStringList m_ownDomains;
};

} // namespace pd::core::clone
