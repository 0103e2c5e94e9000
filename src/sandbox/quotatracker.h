#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace pd::sandbox {

class ObjectStore;
struct StoreEvent;

// Admission and ResourceQuota upkeep (admission.h does the arithmetic): installs the
// store's admission hook (pods: LimitRange defaulting and min/max; every create:
// quota check, status.used raised at once), and recomputes status.used of a
// namespace's quotas after deletes, updates and quota (re)definitions.
class QuotaTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuotaTracker)
public:
    explicit QuotaTracker(ObjectStore *store, QObject *parent = nullptr);
    ~QuotaTracker() override;

    void processPending();

private:
    void onChanged(const StoreEvent &event);
    void recompute(const QString &namespaceName);

    ObjectStore *m_store;
    QSet<QString> m_dirty;
    QTimer m_timer;
    bool m_writing = false;
};

} // namespace pd::sandbox
