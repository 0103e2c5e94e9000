#pragma once

#include <QJsonObject>
#include <QWizardPage>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace pd::gui {

class CloneWizard;

// 3) Configuration per service: each Deployment's and StatefulSet's env vars and
// where each comes from. ConfigMap values are shown; Secret-backed ones are masked
// and revealed (from the exported snapshot) only when the user may get secrets.
class ConfigurationPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigurationPage)
public:
    explicit ConfigurationPage(CloneWizard *wizard);

    static QString mask();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void addContainer(QTreeWidgetItem *parent, const QString &workload, const QJsonObject &container);
    void addSecretRow(QTreeWidgetItem *parent, const QString &workload, const QString &variable,
                      const QString &secret, const QString &key);
    QString configMapValue(const QString &configMap, const QString &key, bool *found) const;
    QJsonObject configMap(const QString &name) const;
    QString secretValue(const QString &secret, const QString &key) const;
    void updateRevealButtons();
    void fitColumns();

    CloneWizard *m_wizard;
    QTreeWidget *m_tree;
    QList<QPushButton *> m_revealButtons;
};

} // namespace pd::gui
