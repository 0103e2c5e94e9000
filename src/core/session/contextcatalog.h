#pragma once

#include "core/contextsettings.h"
#include "kube/clusterendpoint.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace pd::kube {
class KubeConfig;
}

namespace pd::core {

class Session;

// Why a kubeconfig could not be read, for a person: the file, the line (0 when the
// problem is not on one line), what is wrong, and the line kubectl would print.
struct KubeConfigProblem
{
    QString file;
    int line = 0;
    QString detail;
    QString kubectlMessage;   // error: error loading config file "FILE": line N: DETAIL

    // From KubeConfig::load()'s "FILE:LINE:COLUMN: what" (or "FILE: what") error.
    static KubeConfigProblem fromLoadError(const QString &error, const QStringList &files);
};

// Starts the embedded demo cluster when first asked (src/app owns it) and returns its
// admin endpoint; nullopt with *error when it cannot start.
using SandboxProvider = std::function<std::optional<pd::kube::ClusterEndpoint>(QString *error)>;

// The contexts a user can connect to: those of the kubeconfig (kubectl's precedence:
// --kubeconfig, else KUBECONFIG, else ~/.kube/config) plus the demo sandbox, and the
// sessions they open. No window involved.
class ContextCatalog final
{
    Q_DECLARE_TR_FUNCTIONS(ContextCatalog)
public:
    // The entry of the embedded demo cluster.
    static QString sandboxContextName();

    ContextCatalog(const QProcessEnvironment &environment, const QString &homeDir);
    ~ContextCatalog();
    ContextCatalog(const ContextCatalog &) = delete;
    ContextCatalog &operator=(const ContextCatalog &) = delete;

    // Reads the kubeconfig (empty path: KUBECONFIG, then ~/.kube/config); false with
    // loadError() and, when a file exists but cannot be read or was named
    // explicitly, problem().
    bool load(const QString &explicitPath);
    bool loaded() const { return m_kubeconfig != nullptr; }
    QString loadError() const { return m_loadError; }
    const std::optional<KubeConfigProblem> &problem() const { return m_problem; }
    bool explicitPath() const { return !m_explicitPath.isEmpty(); }

    QStringList kubeconfigContexts() const;
    QString currentContext() const;           // the kubeconfig's current-context
    // The kubeconfig's contexts, then the sandbox.
    QStringList contexts() const;

    void setSandboxProvider(SandboxProvider provider) { m_sandbox = std::move(provider); }
    // A kubeconfig context resolved, or the sandbox's endpoint; nullopt with *error.
    std::optional<pd::kube::ClusterEndpoint> endpoint(const QString &context, QString *error) const;
    // A session on `context`, not started; nullptr with *error.
    std::unique_ptr<Session> openSession(const QString &context, const ContextSettings &settings, QString *error) const;

private:
    QProcessEnvironment m_environment;
    QString m_homeDir;
    QString m_explicitPath;
    std::unique_ptr<pd::kube::KubeConfig> m_kubeconfig;
    QString m_loadError;
    std::optional<KubeConfigProblem> m_problem;
    SandboxProvider m_sandbox;
};

// What the command line asked for, and what the last session used.
struct StartupRequest
{
    bool demo = false;            // --demo
    QString kubeconfigPath;       // --kubeconfig FILE
    QString context;              // --context NAME
    QString lastContext;          // remembered from the last run
};

struct StartupDecision
{
    enum class Action {
        Connect,                  // connect to `context`
        AskAboutKubeConfig,       // the kubeconfig cannot be read: let the person choose
        Fail,                     // nothing sensible to show: `error`
    };
    Action action = Action::Fail;
    QString context;
    QString error;
};

// Which context the app opens first. --demo opens the demo; --kubeconfig and
// --context always win over the remembered context (a named file opens its own
// current context); a kubeconfig that exists (or was named) but cannot be read asks
// the person; no kubeconfig at all opens the demo.
StartupDecision decideStartup(const StartupRequest &request, const ContextCatalog &catalog);

} // namespace pd::core
