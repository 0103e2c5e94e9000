#pragma once

#include "core/session/contextcatalog.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace pd::gui {

namespace Ui {
class KubeConfigProblemDialog;
}

// Shown instead of the window when the kubeconfig cannot be read: which file, which
// line, what is wrong in kubectl's words, and the ways on. The file is never touched.
class KubeConfigProblemDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KubeConfigProblemDialog)
public:
    enum Choice { Quit = QDialog::Rejected, ChooseFile = 10, OpenDemo = 11 };

    explicit KubeConfigProblemDialog(const pd::core::KubeConfigProblem &problem, QWidget *parent = nullptr);
    ~KubeConfigProblemDialog() override;

    // Another file was chosen and cannot be read either.
    void setProblem(const pd::core::KubeConfigProblem &problem);

    QPushButton *chooseFileButton() const { return m_chooseFile; }
    QPushButton *openDemoButton() const { return m_openDemo; }
    QPushButton *quitButton() const { return m_quit; }
    QString text() const;

private:
    std::unique_ptr<Ui::KubeConfigProblemDialog> m_ui;   // ui/kubeconfigproblemdialog.ui
    // In the button box: Designer's holds standard buttons only.
    QPushButton *m_chooseFile = nullptr;
    QPushButton *m_openDemo = nullptr;
    QPushButton *m_quit = nullptr;
};

} // namespace pd::gui
