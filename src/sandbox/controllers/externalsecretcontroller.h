#pragma once

#include "controllerbase.h"
#include "eventrecorder.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <memory>
#include <optional>

namespace pd::sandbox::controllers {

// The secret manager behind the sandbox's External Secrets Operator: a map of
// remote keys to values, seeded with deterministic demo values. Keys under
// "shop/" that are not seeded resolve to a value derived from the key (a dev
// account that holds everything of the shop); any other key is unknown.
class FakeSecretManager final
{
public:
    FakeSecretManager();

    std::optional<QString> value(const QString &key, const QString &property = {}) const;
    void setValue(const QString &key, const QString &value) { m_values.insert(key, value); }
    void remove(const QString &key) { m_values.remove(key); }
    QMap<QString, QString> values() const { return m_values; }

private:
    QMap<QString, QString> m_values;
};

// Simulates the External Secrets Operator: installs its CRDs (wellknowncrds.h: external-secrets.io
// v1 served and storage, v1beta1 served; SecretStore, ClusterSecretStore,
// generators.external-secrets.io Password), then syncs every ExternalSecret's
// `data`/`dataFrom.extract` from the FakeSecretManager into its target Secret
// (owned by the ExternalSecret, label reconcile.external-secrets.io/managed),
// and reports status.conditions Ready, refreshTime, binding, syncedResourceVersion.
// A key the manager lacks fails the sync as ESO does: Ready=False, reason
// SecretSyncedError, "could not get secret data from provider", and a Warning
// UpdateFailed Event naming the entry and key. An ExternalSecret imported already
// synced (status Ready=True, its target Secret present) teaches the manager the
// values it had synced, so a clone of that source re-syncs them.
class ExternalSecretController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExternalSecretController)
public:
    explicit ExternalSecretController(ObjectStore *store, QObject *parent = nullptr);
    ~ExternalSecretController() override;
    void start();

    FakeSecretManager &secretManager() { return m_manager; }
    // Re-syncs every ExternalSecret (after the secret manager changed).
    void refreshAll();

    // The CRDs the operator's chart installs.
    static QList<QJsonObject> customResourceDefinitions();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    void learnFromSyncedSecret(const QJsonObject &externalSecret);

    FakeSecretManager m_manager;
    std::unique_ptr<EventRecorder> m_events;
};

} // namespace pd::sandbox::controllers
