#pragma once

#include "core/environment/environment.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QFormLayout;
class QGroupBox;
class QLabel;
class QScrollArea;
class QTreeWidget;
class QVBoxLayout;
QT_END_NAMESPACE

namespace pd::core {
class EnvironmentModel;
class NamespaceInsight;
}

namespace pd::kube {
class ApiClient;
}

namespace pd::gui {

// The right-hand pane: everything about the selected environment. Lineage (parent
// chain and children), workloads with images and readiness, ingress URLs with open
// and copy buttons, quota bars, labels and annotations. Follows live updates of the
// environment it shows. With a client it also watches that one namespace's pods and
// events (NamespaceInsight) for the Problems and Recent events sections; without one
// (tests, no cluster) those sections are hidden.
class EnvironmentDetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDetailsPane)
public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit EnvironmentDetailsPane(QWidget *parent = nullptr);
    ~EnvironmentDetailsPane() override;

    void setModel(pd::core::EnvironmentModel *model);
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    // The cluster of the model (not owned); nullptr hides Problems and Recent events.
    // Call again with the new client when the context changes.
    void setClient(pd::kube::ApiClient *client);
    pd::core::NamespaceInsight *insight() const { return m_insight; }
    // Shows one environment by namespace name; empty: nothing selected.
    void showEnvironment(const QString &name);
    QString environmentName() const { return m_name; }

    QTreeWidget *workloadTree() const { return m_workloads; }
    QTreeWidget *metadataTree() const { return m_metadata; }
    QTreeWidget *problemTree() const { return m_problems; }
    QTreeWidget *eventTree() const { return m_events; }
    QGroupBox *problemsSection() const { return m_problemsBox; }
    QGroupBox *eventsSection() const { return m_eventsBox; }
    QLabel *stateLabel() const { return m_state; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void fillOverview(const pd::core::Environment &env);
    QString pullRequestText(const pd::core::Environment &env) const;
    QString commentText(const pd::core::Environment &env) const;
    QDateTime now() const;
    void fillLineage(const pd::core::Environment &env);
    void fillUrls(const pd::core::Environment &env);
    void fillQuotas(const pd::core::Environment &env);
    void fillWorkloads(const pd::core::Environment &env);
    void fillMetadata(const pd::core::Environment &env);
    void fillInsight();
    void fillProblems();
    void fillEvents();
    pd::core::EnvironmentExtras modelExtras() const;
    static void clearLayout(QLayout *layout);

    QPointer<pd::core::EnvironmentModel> m_model;
    QString m_name;
    std::optional<pd::core::Environment> m_shown;   // what the widgets show now
    pd::core::EnvironmentExtras m_shownExtras;       // the model's problem text, cost ... shown with it
    pd::core::NamespaceInsight *m_insight = nullptr;
    UrlOpener m_openUrl;

    QLabel *m_title;
    QLabel *m_state;
    QFormLayout *m_overview;
    QLabel *m_lineage;
    QVBoxLayout *m_urls;
    QVBoxLayout *m_quotas;
    QTreeWidget *m_workloads;
    QTreeWidget *m_metadata;
    QTreeWidget *m_problems;
    QTreeWidget *m_events;
    QLabel *m_insightStatus;
    QGroupBox *m_problemsBox = nullptr;
    QGroupBox *m_eventsBox = nullptr;
    QWidget *m_content;
    QScrollArea *m_scroll = nullptr;
    QLabel *m_placeholder;
};

} // namespace pd::gui
