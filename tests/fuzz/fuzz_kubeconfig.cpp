// KubeConfig::parse on any bytes (kubeconfig files users hand the app), then every
// context resolved as the app resolves the one it connects to.
#include "fuzzsupport.h"

#include "kube/kubeconfig.h"

using pd::kube::KubeConfig;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml = pd::fuzz::bytesOf(data, size);
    // Relative certificate paths resolve against a directory that does not exist.
    const QString source = QStringLiteral("/nonexistent/previewdesk-fuzz/config");
    QString error;
    const std::optional<KubeConfig> config = KubeConfig::parse(yaml, source, &error);
    if (!config) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a rejected kubeconfig says why");
        return 0;
    }
    // endpoint() reads the files a context names, as kubectl does; device files such as
    // /dev/zero never end, for kubectl too, so those inputs stop before resolving.
    const bool namesSpecialFiles = yaml.contains("dev/") || yaml.contains("proc/") || yaml.contains("sys/");
    (void)config->warnings();
    const QStringList contexts = config->contextNames();
    for (const QString &name : contexts) {
        PD_FUZZ_CHECK(config->hasContext(name), "a listed context exists");
        (void)config->contextNamespace(name);
        (void)config->contextCluster(name);
        (void)config->contextUser(name);
        (void)config->warnings(name);
        if (!namesSpecialFiles) {
            QString endpointError;
            if (!config->endpoint(name, &endpointError))
                PD_FUZZ_CHECK(!endpointError.isEmpty(), "an unresolvable context says why");
        }
    }
    return 0;
}
