#pragma once

#include "core/session/contextcatalog.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace pd::gui {

// Shown instead of the window when the kubeconfig cannot be read: which file, which
// line, what is wrong in kubectl's words, and the ways on. The file is never touched.
class KubeConfigProblemDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KubeConfigProblemDialog)
public:
    enum Choice { Quit = QDialog::Rejected, ChooseFile = 10, OpenDemo = 11 };

    explicit KubeConfigProblemDialog(const pd::core::KubeConfigProblem &problem, QWidget *parent = nullptr);

    // Another file was chosen and cannot be read either.
    void setProblem(const pd::core::KubeConfigProblem &problem);

    QPushButton *chooseFileButton() const { return m_chooseFile; }
    QPushButton *openDemoButton() const { return m_openDemo; }
    QPushButton *quitButton() const { return m_quit; }
    QString text() const;

private:
    QLabel *m_summary;
    QLabel *m_kubectl;
    QPushButton *m_chooseFile;
    QPushButton *m_openDemo;
    QPushButton *m_quit;
};

} // namespace pd::gui
