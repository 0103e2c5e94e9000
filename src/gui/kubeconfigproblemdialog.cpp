#include "kubeconfigproblemdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

KubeConfigProblemDialog::KubeConfigProblemDialog(const pd::core::KubeConfigProblem &problem, QWidget *parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_kubectl(new QLabel(this))
    , m_chooseFile(new QPushButton(tr("Choose another file…"), this))
    , m_openDemo(new QPushButton(tr("Open the demo"), this))
    , m_quit(new QPushButton(tr("Quit"), this))
{
    setWindowTitle(tr("The kubeconfig cannot be read"));
    m_summary->setObjectName(u"kubeconfigSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kubectl->setObjectName(u"kubectlMessage"_s);
    m_kubectl->setWordWrap(true);
    m_kubectl->setTextFormat(Qt::PlainText);
    m_kubectl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kubectl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_chooseFile->setObjectName(u"chooseFile"_s);
    m_openDemo->setObjectName(u"openDemo"_s);
    m_quit->setObjectName(u"quit"_s);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_chooseFile, QDialogButtonBox::ActionRole);
    buttons->addButton(m_openDemo, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_quit, QDialogButtonBox::RejectRole);
    m_chooseFile->setDefault(true);
    connect(m_chooseFile, &QPushButton::clicked, this, [this] { done(ChooseFile); });
    connect(m_openDemo, &QPushButton::clicked, this, [this] { done(OpenDemo); });
    connect(m_quit, &QPushButton::clicked, this, &QDialog::reject);   // Esc quits too

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("kubectl would say:"), this));
    layout->addWidget(m_kubectl);
    layout->addWidget(new QLabel(tr("Nothing was changed in the file."), this));
    layout->addWidget(buttons);
    setProblem(problem);
    setMinimumWidth(520);
}

void KubeConfigProblemDialog::setProblem(const pd::core::KubeConfigProblem &problem)
{
    const QString where = problem.line > 0 ? tr("File: %1, line %2").arg(problem.file).arg(problem.line)
                                           : tr("File: %1").arg(problem.file);
    m_summary->setText(where + u'\n' + tr("What is wrong: %1").arg(problem.detail));
    m_kubectl->setText(problem.kubectlMessage);
}

QString KubeConfigProblemDialog::text() const
{
    return m_summary->text() + u'\n' + m_kubectl->text();
}

} // namespace pd::gui
