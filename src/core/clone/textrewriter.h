#pragma once

#include "planrow.h"

#include <QList>
#include <QPair>
#include <QRegularExpression>
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
//  - a value that is exactly the source's name.
class TextRewriter final
{
public:
    TextRewriter(const QString &sourceNamespace, const QString &targetNamespace,
                 const QStringList &serviceNames, QList<QPair<QString, QString>> hostMap);

    // Returns the rewritten text and appends one change per rule that fired.
    QString rewrite(const QString &text, QList<TextChange> *changes) const;

private:
    QString m_source;
    QString m_target;
    QRegularExpression m_qualifiedDns;   // any.labels.SRC.svc[.cluster.local]
    QRegularExpression m_serviceDns;     // SERVICE.SRC (not followed by more labels)
    QRegularExpression m_recordSegment;
    QRegularExpression m_bucketPrefix;
    QList<QPair<QString, QString>> m_hostMap;
};

} // namespace pd::core::clone
