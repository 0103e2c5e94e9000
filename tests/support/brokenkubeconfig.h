#pragma once

#include <QByteArray>

namespace pd::test {

// A kubeconfig with a typo on line 5 ("cluster:" indented one space too far), as a
// person's ~/.kube/config may have: the first start with a broken kubeconfig.
inline QByteArray brokenKubeconfig()
{
    return QByteArrayLiteral("apiVersion: v1\n"
                             "kind: Config\n"
                             "clusters:\n"
                             "- name: c\n"
                             "   cluster: {server: https://127.0.0.1:6443}\n");
}

} // namespace pd::test
