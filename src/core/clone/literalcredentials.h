#pragma once

#include "planrow.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

class QRandomGenerator;

namespace pd::core::clone {

// Credentials written literally into manifests (clone safety 2): the value of an
// environment variable whose name says it holds one (PASSWORD, SECRET, TOKEN,
// API_KEY, ...; not *_FILE or *_PATH), and the password in a URL's user info
// ("postgres://app:PASSWORD@db"). Each distinct literal of the source gets one
// fresh value, used wherever the source used that literal (in env, args,
// ConfigMap files), so a database and its clients still agree.
class LiteralCredentials final
{
public:
    explicit LiteralCredentials(QRandomGenerator &random) : m_random(random) {}

    // Learns the literals of one source object (pod specs and ConfigMap data).
    void collect(const QJsonObject &object);
    // Replaces every learned literal in the object's strings (Secrets excepted:
    // their values are fresh already) and appends a masked row per field.
    void replace(QJsonObject &object, QList<PlanRow> *rows) const;
    // Masks the source's literals and their fresh values wherever a row quotes them.
    void maskRows(QList<PlanRow> *rows) const;
    bool isEmpty() const { return m_fresh.isEmpty(); }

private:
    void learn(const QString &literal);

    QRandomGenerator &m_random;
    QHash<QString, QString> m_fresh;   // source literal -> fresh value
    QStringList m_order;               // longest first, so a literal inside another is replaced last
};

} // namespace pd::core::clone
