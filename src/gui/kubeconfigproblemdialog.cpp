#include "kubeconfigproblemdialog.h"
#include "ui_kubeconfigproblemdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace pd::gui {

// The layout is ui/kubeconfigproblemdialog.ui; the problem, kubectl's words in a fixed font and
// the ways on come from here.
KubeConfigProblemDialog::KubeConfigProblemDialog(const pd::core::KubeConfigProblem &problem, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::KubeConfigProblemDialog>())
{
    m_ui->setupUi(this);
    m_ui->kubectlMessage->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_chooseFile = m_ui->buttons->addButton(tr("Choose another file…"), QDialogButtonBox::ActionRole);
    m_chooseFile->setObjectName(u"chooseFile"_s);
    m_openDemo = m_ui->buttons->addButton(tr("Open the demo"), QDialogButtonBox::AcceptRole);
    m_openDemo->setObjectName(u"openDemo"_s);
    m_quit = m_ui->buttons->addButton(tr("Quit"), QDialogButtonBox::RejectRole);
    m_quit->setObjectName(u"quit"_s);
    m_chooseFile->setDefault(true);
    connect(m_chooseFile, &QPushButton::clicked, this, [this] { done(ChooseFile); });
    connect(m_openDemo, &QPushButton::clicked, this, [this] { done(OpenDemo); });
    connect(m_quit, &QPushButton::clicked, this, &QDialog::reject);   // Esc quits too
    setProblem(problem);
}

KubeConfigProblemDialog::~KubeConfigProblemDialog() = default;

void KubeConfigProblemDialog::setProblem(const pd::core::KubeConfigProblem &problem)
{
    const QString where = problem.line > 0 ? tr("File: %1, line %2").arg(problem.file).arg(problem.line)
                                           : tr("File: %1").arg(problem.file);
    m_ui->kubeconfigSummary->setText(where + u'\n' + tr("What is wrong: %1").arg(problem.detail));
    m_ui->kubectlMessage->setText(problem.kubectlMessage);
}

QString KubeConfigProblemDialog::text() const
{
    return m_ui->kubeconfigSummary->text() + u'\n' + m_ui->kubectlMessage->text();
}

} // namespace pd::gui
