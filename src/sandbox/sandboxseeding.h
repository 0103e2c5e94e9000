#pragma once

#include <QString>

#include <memory>

namespace pd::sandbox {

class ControllerManager;
class LoopbackIngress;
class SandboxCluster;
struct SandboxOptions;

// What runs beside the API server once it listens: the simulated controllers and
// the demo / --scale seeds (both from the "sandboxpolicy" side). Kept apart from
// SandboxCluster so that wiring them is one small file.
class SandboxExtras final
{
public:
    explicit SandboxExtras(SandboxCluster *cluster);
    ~SandboxExtras();
    SandboxExtras(const SandboxExtras &) = delete;
    SandboxExtras &operator=(const SandboxExtras &) = delete;

    bool start(const SandboxOptions &options, QString *error);
    void stop();
    // The loopback ingress controller's port; 0 when it is off.
    quint16 ingressPort() const;

private:
    SandboxCluster *m_cluster;
    std::unique_ptr<LoopbackIngress> m_ingress;
    std::unique_ptr<ControllerManager> m_controllers;
};

} // namespace pd::sandbox
