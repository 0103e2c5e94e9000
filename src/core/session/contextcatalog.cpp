#include "contextcatalog.h"

#include "session.h"

#include "kube/kubeconfig.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

KubeConfigProblem KubeConfigProblem::fromLoadError(const QString &error, const QStringList &files)
{
    KubeConfigProblem problem;
    problem.detail = error;
    for (const QString &file : files) {
        for (const QString &spelling : {QFileInfo(file).absoluteFilePath(), file}) {
            if (spelling.isEmpty() || !error.startsWith(spelling + u':'))
                continue;
            problem.file = spelling;
            const QString rest = error.mid(spelling.size() + 1).trimmed();
            static const QRegularExpression located(u"^(\\d+):\\d+: (.*)$"_s,
                                                    QRegularExpression::DotMatchesEverythingOption);
            const QRegularExpressionMatch match = located.match(rest);
            problem.line = match.hasMatch() ? match.captured(1).toInt() : 0;
            problem.detail = match.hasMatch() ? match.captured(2) : rest;
            break;
        }
        if (!problem.file.isEmpty())
            break;
    }
    if (problem.file.isEmpty() && !files.isEmpty())
        problem.file = files.first();
    if (!QFileInfo::exists(problem.file)) {
        problem.detail = ContextCatalog::tr("The file does not exist.");
        problem.kubectlMessage = u"error: stat %1: no such file or directory"_s.arg(problem.file);
    } else {
        problem.kubectlMessage = u"error: error loading config file \"%1\": %2%3"_s.arg(
                problem.file, problem.line > 0 ? u"yaml: line %1: "_s.arg(problem.line) : QString(), problem.detail);
    }
    return problem;
}

QString ContextCatalog::sandboxContextName()
{
    return tr("Sandbox (demo)");
}

ContextCatalog::ContextCatalog(const QProcessEnvironment &environment, const QString &homeDir)
    : m_environment(environment)
    , m_homeDir(homeDir)
{
}

ContextCatalog::~ContextCatalog() = default;

bool ContextCatalog::load(const QString &explicitPath)
{
    m_explicitPath = explicitPath;
    m_kubeconfig.reset();
    m_loadError.clear();
    m_problem.reset();
    const auto config = pd::kube::KubeConfig::load(explicitPath, m_environment, m_homeDir, &m_loadError);
    if (config) {
        m_kubeconfig = std::make_unique<pd::kube::KubeConfig>(*config);
        return true;
    }
    // No kubeconfig at all is a first start (the demo still works), not a problem.
    const QStringList files = pd::kube::KubeConfig::candidateFiles(explicitPath, m_environment, m_homeDir);
    const bool exists = std::any_of(files.cbegin(), files.cend(), [](const QString &f) { return QFileInfo::exists(f); });
    if (!explicitPath.isEmpty() || exists)
        m_problem = KubeConfigProblem::fromLoadError(m_loadError, files);
    return false;
}

QStringList ContextCatalog::kubeconfigContexts() const
{
    return m_kubeconfig ? m_kubeconfig->contextNames() : QStringList();
}

QString ContextCatalog::currentContext() const
{
    return m_kubeconfig ? m_kubeconfig->currentContext() : QString();
}

QStringList ContextCatalog::contexts() const
{
    return kubeconfigContexts() << sandboxContextName();
}

std::optional<pd::kube::ClusterEndpoint> ContextCatalog::endpoint(const QString &context, QString *error) const
{
    QString resolveError;
    std::optional<pd::kube::ClusterEndpoint> endpoint;
    if (context == sandboxContextName()) {
        if (m_sandbox)
            endpoint = m_sandbox(&resolveError);
        else
            resolveError = tr("The sandbox cluster is not available here.");
    } else if (m_kubeconfig) {
        endpoint = m_kubeconfig->endpoint(context, &resolveError);
    } else {
        resolveError = tr("no kubeconfig: %1").arg(m_loadError);
    }
    if (!endpoint && error)
        *error = resolveError;
    return endpoint;
}

std::unique_ptr<Session> ContextCatalog::openSession(const QString &context, const ContextSettings &settings,
                                                     QString *error) const
{
    const std::optional<pd::kube::ClusterEndpoint> resolved = endpoint(context, error);
    if (!resolved)
        return nullptr;
    return std::make_unique<Session>(*resolved, context, settings);
}

StartupDecision decideStartup(const StartupRequest &request, const ContextCatalog &catalog)
{
    StartupDecision decision;
    const QStringList contexts = catalog.contexts();
    const auto connect = [&](const QString &context) {
        decision.action = StartupDecision::Action::Connect;
        decision.context = context;
        return decision;
    };
    if (request.demo)
        return connect(ContextCatalog::sandboxContextName());
    if (catalog.problem()) {
        decision.action = StartupDecision::Action::AskAboutKubeConfig;
        decision.error = catalog.loadError();
        return decision;
    }
    if (!request.context.isEmpty()) {
        if (contexts.contains(request.context))
            return connect(request.context);
        decision.error = ContextCatalog::tr("context \"%1\" is not in the kubeconfig").arg(request.context);
        return decision;
    }
    const QStringList own = catalog.kubeconfigContexts();
    // A file named on the command line opens its own context, whatever was used last.
    if (request.kubeconfigPath.isEmpty() && contexts.contains(request.lastContext))
        return connect(request.lastContext);
    if (own.contains(catalog.currentContext()))
        return connect(catalog.currentContext());
    return connect(contexts.first());
}

} // namespace pd::core
