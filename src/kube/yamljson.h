#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace pd::kube {

// Where a YAML document went wrong: "FILE:LINE:COLUMN: what".
struct YamlError
{
    QString sourceName;
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based
    QString message;

    QString toString() const;
};

// Parses a multi-document YAML stream (kubectl's `---` separated form) into JSON
// objects; empty documents are skipped and a `kind: List` is NOT unwrapped.
// Scalars keep Kubernetes' typing: quoted stay strings, plain ints/floats/bools/null convert.
// Returns false and fills `error` on malformed input.
bool parseYamlDocuments(const QByteArray &yaml, const QString &sourceName,
                        QList<QJsonObject> *documents, YamlError *error);

// One JSON value as block-style YAML (what `kubectl get -o yaml` prints).
QByteArray toYaml(const QJsonValue &value);
// Several objects as a `---` separated stream.
QByteArray toYamlStream(const QList<QJsonObject> &documents);

} // namespace pd::kube
