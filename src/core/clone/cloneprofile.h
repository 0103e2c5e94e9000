#pragma once

#include "cloneoptions.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::core {

// A source's standing decisions for cloning it, so that a pipeline needs no flags
// (DESIGN.md, "The label and annotation contract"). The source namespace's
// annotation previewdesk.io/clone-profile names a ConfigMap in that namespace
// whose data key profile.yaml holds, every key optional:
//
//   nameTemplate: "pr-{pr}"                     # {pr} {branch} {source} {owner}
//   hostTemplate: "{name}.preview.example.com"  # {name}
//   secrets:          {mail-relay: omit}        # generate | omit | ref:STORE/KEY
//   identities:       {checkout: drop}          # drop | keep
//   secretKeys:       {payments-api: rewrite}   # keep | rewrite | generate, per ExternalSecret
//   secretKeyDefault: rewrite                   # for ExternalSecrets not listed
//   secretKeyMapping: {"shop/staging/": "shop/preview/{name}/"}
//   expose:           ["web:8080"]              # SERVICE[:PORT]
//   quota:            {limits.cpu: "4"}         # caps; never above the context's
//   ciImages:         [registry.example.com/shop/checkout-api]   # what the CI workflow builds
//   ciArtifact:       images                    # its run's artifact: images.json, image -> sha256 digest
//   data:             {postgres: snapshot}      # per datastore: empty | seed | snapshot[:NAME] (datadecision.h)
//   seed:             {postgres: {image: postgres:16, configMap: db-seed, key: seed.sh}}
//   goldenSnapshots:  [postgres-golden]         # VolumeSnapshots of the source safe to restore
//   dataSafe:         true                      # the source holds no production data
//
// The workflow itself is named by the source namespace's annotation previewdesk.io/ci-workflow
// (builddeclaration.h): CI+CD mode dispatches it and pins ciImages to the digests it reports.
//
// Flags given to previewctl (or choices made in the wizard) win over the profile.
struct CloneProfile
{
    QString nameTemplate;
    QString hostTemplate;
    QMap<QString, SecretDecision> secrets;
    QMap<QString, IdentityDecision> identities;
    QMap<QString, SecretKeyDecision> secretKeys;
    SecretKeyDecision secretKeyDefault = SecretKeyDecision::Undecided;
    QList<QPair<QString, QString>> secretKeyMapping;   // in the order written
    QStringList expose;
    QJsonObject quota;                                 // resource -> quantity text
    QStringList ciImages;                              // image repositories (no tag or digest)
    QString ciArtifact;                                // artifact name of the CI workflow's run
    DataProfile data;

    // Parses profile.yaml; nullopt with *error naming the place ("SOURCE:LINE: key: what").
    static std::optional<CloneProfile> parse(const QByteArray &yaml, const QString &sourceName, QString *error);
};

// The profile a source names, read from its exported objects.
struct SourceCloneProfile
{
    CloneProfile profile;
    QString configMap;    // the ConfigMap's name; empty when the source names none
    QString error;        // the source names a profile that is missing or does not parse

    bool found() const { return !configMap.isEmpty() && error.isEmpty(); }
};
SourceCloneProfile readCloneProfile(const QList<QJsonObject> &sourceObjects, const QString &sourceNamespace);

// The options the planner works with: `requested` (flags, wizard) first, the
// profile's decisions, key mapping and quota caps where `requested` says nothing.
// Templates are not applied here: the caller knows whether a flag set them.
CloneOptions withCloneProfile(const CloneOptions &requested, const SourceCloneProfile &profile);

// nameTemplate with {pr} {branch} {source} {owner} filled in; the branch is made
// a DNS label (lower case, '-' for anything else).
QString expandNameTemplate(const QString &nameTemplate, const CloneOptions &options);

} // namespace pd::core
