#include "cloneprofile.h"

#include "clonedecision.h"
#include "core/contract.h"
#include "kube/quantity.h"
#include "kube/yamljson.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pd::core {

namespace {

const QStringList kProfileKeys = QStringList{
    QStringLiteral("nameTemplate"), QStringLiteral("hostTemplate"), QStringLiteral("secrets"),
    QStringLiteral("identities"), QStringLiteral("secretKeys"), QStringLiteral("secretKeyDefault"),
    QStringLiteral("secretKeyMapping"), QStringLiteral("expose"), QStringLiteral("quota"),
    QStringLiteral("ciImages"), QStringLiteral("ciArtifact"),
} + DataProfile::keys();
const QStringList kQuotaKeys = {
    QStringLiteral("requests.cpu"), QStringLiteral("requests.memory"), QStringLiteral("limits.cpu"),
    QStringLiteral("limits.memory"), QStringLiteral("pods"), QStringLiteral("requests.storage"),
};

// The 1-based line where the nested key `path` is written, or the deepest part of it
// that could be found (flow maps put several keys on one line); 0 when none.
int lineOfKey(const QByteArray &yaml, const QStringList &path)
{
    const QList<QByteArray> lines = yaml.split('\n');
    int found = 0;
    qsizetype from = 0;
    int parentIndent = -1;
    for (const QString &key : path) {
        const QByteArray plain = key.toUtf8() + ':';
        const QByteArray doubleQuoted = '"' + key.toUtf8() + "\":";
        const QByteArray singleQuoted = '\'' + key.toUtf8() + "':";
        bool matched = false;
        for (qsizetype i = from; i < lines.size() && !matched; ++i) {
            const QByteArray &line = lines.at(i);
            int indent = 0;   // a list item's "- " counts as indentation
            while (indent < line.size() && (line.at(indent) == ' ' || line.at(indent) == '-'))
                ++indent;
            const QByteArray trimmed = line.mid(indent).trimmed();
            if (trimmed.isEmpty() || trimmed.startsWith('#'))
                continue;
            if (parentIndent >= 0 && indent <= parentIndent)
                break;   // left the parent's block
            if (trimmed.startsWith(plain) || trimmed.startsWith(doubleQuoted) || trimmed.startsWith(singleQuoted)) {
                matched = true;
                found = int(i) + 1;
                from = i + 1;
                parentIndent = indent;
            }
        }
        if (!matched)
            break;
    }
    return found;
}

class ProfileReader
{
public:
    ProfileReader(const QByteArray &yaml, const QString &sourceName) : m_yaml(yaml), m_source(sourceName) {}

    bool fail(const QStringList &path, const QString &message)
    {
        const int line = lineOfKey(m_yaml, path);
        m_error = line > 0 ? QStringLiteral("%1:%2: %3: %4").arg(m_source).arg(line).arg(path.join(QLatin1Char('.')), message)
                           : QStringLiteral("%1: %2: %3").arg(m_source, path.join(QLatin1Char('.')), message);
        return false;
    }

    // A map of names to text; false (error set) when `value` is not one.
    bool textMap(const QJsonValue &value, const QString &key, QList<QPair<QString, QString>> *out)
    {
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isObject())
            return fail({key}, QStringLiteral("expected a map of NAME: VALUE"));
        const QJsonObject map = value.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString() && !it.value().isDouble())
                return fail({key, it.key()}, QStringLiteral("expected a text value"));
            out->append({it.key(), it.value().toVariant().toString()});
        }
        return true;
    }

    bool text(const QJsonValue &value, const QString &key, QString *out)
    {
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString())
            return fail({key}, QStringLiteral("expected text"));
        *out = value.toString();
        return true;
    }

    QString error() const { return m_error; }

private:
    QByteArray m_yaml;
    QString m_source;
    QString m_error;
};

bool onlyPlaceholders(const QString &text, const QStringList &allowed, QString *unknown)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([^}]*)\\}"));
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!allowed.contains(name)) {
            *unknown = name;
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<CloneProfile> CloneProfile::parse(const QByteArray &yaml, const QString &sourceName, QString *error)
{
    QList<QJsonObject> documents;
    pd::kube::YamlError yamlError;
    if (!pd::kube::parseYamlDocuments(yaml, sourceName, &documents, &yamlError)) {
        *error = yamlError.toString();
        return std::nullopt;
    }
    if (documents.size() > 1) {
        *error = QStringLiteral("%1: one YAML document expected, found %2").arg(sourceName).arg(documents.size());
        return std::nullopt;
    }
    const QJsonObject root = documents.value(0);
    ProfileReader reader(yaml, sourceName);
    auto failed = [&](bool ok) {
        if (!ok)
            *error = reader.error();
        return !ok;
    };
    for (auto it = root.begin(); it != root.end(); ++it)
        if (!kProfileKeys.contains(it.key())
            && failed(reader.fail({it.key()}, QStringLiteral("unknown key; a clone profile knows %1").arg(kProfileKeys.join(QStringLiteral(", "))))))
            return std::nullopt;

    CloneProfile profile;
    QString unknown;
    if (failed(reader.text(root.value(QLatin1String("nameTemplate")), QStringLiteral("nameTemplate"), &profile.nameTemplate)))
        return std::nullopt;
    if (!profile.nameTemplate.isEmpty()) {
        if (!onlyPlaceholders(profile.nameTemplate, {QStringLiteral("pr"), QStringLiteral("branch"), QStringLiteral("source"), QStringLiteral("owner")}, &unknown)
            && failed(reader.fail({QStringLiteral("nameTemplate")}, QStringLiteral("unknown placeholder {%1}: use {pr}, {branch}, {source} or {owner}").arg(unknown))))
            return std::nullopt;
        if (!profile.nameTemplate.contains(QLatin1String("{pr}")) && !profile.nameTemplate.contains(QLatin1String("{branch}"))
            && failed(reader.fail({QStringLiteral("nameTemplate")}, QStringLiteral("needs {pr} or {branch}, or every preview would get the same name"))))
            return std::nullopt;
    }
    if (failed(reader.text(root.value(QLatin1String("hostTemplate")), QStringLiteral("hostTemplate"), &profile.hostTemplate)))
        return std::nullopt;
    if (!profile.hostTemplate.isEmpty()) {
        if (!onlyPlaceholders(profile.hostTemplate, {QStringLiteral("name")}, &unknown)
            && failed(reader.fail({QStringLiteral("hostTemplate")}, QStringLiteral("unknown placeholder {%1}: use {name}").arg(unknown))))
            return std::nullopt;
        if (!profile.hostTemplate.contains(QLatin1String("{name}"))
            && failed(reader.fail({QStringLiteral("hostTemplate")}, QStringLiteral("needs {name}, or every preview would get the same host"))))
            return std::nullopt;
    }

    QList<QPair<QString, QString>> entries;
    if (failed(reader.textMap(root.value(QLatin1String("secrets")), QStringLiteral("secrets"), &entries)))
        return std::nullopt;
    for (const auto &[name, text] : std::as_const(entries)) {
        QString why;
        const SecretDecision decision = SecretDecision::parse(text, &why);
        if (decision.kind == SecretDecision::Kind::Undecided && failed(reader.fail({QStringLiteral("secrets"), name}, why)))
            return std::nullopt;
        profile.secrets.insert(name, decision);
    }
    entries.clear();
    if (failed(reader.textMap(root.value(QLatin1String("identities")), QStringLiteral("identities"), &entries)))
        return std::nullopt;
    for (const auto &[name, text] : std::as_const(entries)) {
        QString why;
        const IdentityDecision decision = parseIdentityDecision(text, &why);
        if (decision == IdentityDecision::Undecided && failed(reader.fail({QStringLiteral("identities"), name}, why)))
            return std::nullopt;
        profile.identities.insert(name, decision);
    }
    entries.clear();
    if (failed(reader.textMap(root.value(QLatin1String("secretKeys")), QStringLiteral("secretKeys"), &entries)))
        return std::nullopt;
    for (const auto &[name, text] : std::as_const(entries)) {
        QString why;
        const SecretKeyDecision decision = parseSecretKeyDecision(text, &why);
        if (decision == SecretKeyDecision::Undecided && failed(reader.fail({QStringLiteral("secretKeys"), name}, why)))
            return std::nullopt;
        profile.secretKeys.insert(name, decision);
    }
    QString defaultText;
    if (failed(reader.text(root.value(QLatin1String("secretKeyDefault")), QStringLiteral("secretKeyDefault"), &defaultText)))
        return std::nullopt;
    if (!defaultText.isEmpty()) {
        QString why;
        profile.secretKeyDefault = parseSecretKeyDecision(defaultText, &why);
        if (profile.secretKeyDefault == SecretKeyDecision::Undecided && failed(reader.fail({QStringLiteral("secretKeyDefault")}, why)))
            return std::nullopt;
    }
    if (failed(reader.textMap(root.value(QLatin1String("secretKeyMapping")), QStringLiteral("secretKeyMapping"), &profile.secretKeyMapping)))
        return std::nullopt;
    for (const auto &[from, to] : std::as_const(profile.secretKeyMapping)) {
        if (to.isEmpty() && failed(reader.fail({QStringLiteral("secretKeyMapping"), from}, QStringLiteral("maps to nothing; write the preview's prefix, e.g. shop/preview/{name}/"))))
            return std::nullopt;
        if (!onlyPlaceholders(to, {QStringLiteral("name")}, &unknown)
            && failed(reader.fail({QStringLiteral("secretKeyMapping"), from}, QStringLiteral("unknown placeholder {%1}: use {name}").arg(unknown))))
            return std::nullopt;
    }

    const QJsonValue expose = root.value(QLatin1String("expose"));
    if (!expose.isUndefined() && !expose.isNull()) {
        static const QRegularExpression service(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[0-9A-Za-z-]+)?$"));
        if (!expose.isArray() && failed(reader.fail({QStringLiteral("expose")}, QStringLiteral("expected a list of SERVICE[:PORT]"))))
            return std::nullopt;
        for (const QJsonValue &item : expose.toArray()) {
            const QString text = item.toVariant().toString();
            if ((!item.isString() || !service.match(text).hasMatch())
                && failed(reader.fail({QStringLiteral("expose")}, QStringLiteral("\"%1\" is not SERVICE[:PORT]").arg(text))))
                return std::nullopt;
            profile.expose << text;
        }
    }

    entries.clear();
    if (failed(reader.textMap(root.value(QLatin1String("quota")), QStringLiteral("quota"), &entries)))
        return std::nullopt;
    for (const auto &[resource, text] : std::as_const(entries)) {
        if (!kQuotaKeys.contains(resource)
            && failed(reader.fail({QStringLiteral("quota"), resource}, QStringLiteral("not a capped resource; use %1").arg(kQuotaKeys.join(QStringLiteral(", "))))))
            return std::nullopt;
        QString why;
        if (!pd::kube::Quantity::parse(text, &why)
            && failed(reader.fail({QStringLiteral("quota"), resource}, QStringLiteral("\"%1\" is not a quantity (%2)").arg(text, why))))
            return std::nullopt;
        profile.quota.insert(resource, text);
    }

    const QJsonValue ciImages = root.value(QLatin1String("ciImages"));
    if (!ciImages.isUndefined() && !ciImages.isNull()) {
        // An image repository: registry/path, lower case, no tag or digest (the build decides those).
        static const QRegularExpression repository(QStringLiteral("^[a-z0-9]([-a-z0-9._:]*[a-z0-9])?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$"));
        if (!ciImages.isArray() && failed(reader.fail({QStringLiteral("ciImages")}, QStringLiteral("expected a list of image repositories"))))
            return std::nullopt;
        for (const QJsonValue &item : ciImages.toArray()) {
            const QString text = item.toVariant().toString();
            const bool tagged = text.contains(QLatin1Char('@')) || text.section(QLatin1Char('/'), -1).contains(QLatin1Char(':'));
            if ((!item.isString() || tagged || !repository.match(text).hasMatch())
                && failed(reader.fail({QStringLiteral("ciImages")},
                                      QStringLiteral("\"%1\" is not an image repository (write it without tag or digest, e.g. registry.example.com/shop/api)").arg(text))))
                return std::nullopt;
            profile.ciImages << text;
        }
    }
    if (failed(reader.text(root.value(QLatin1String("ciArtifact")), QStringLiteral("ciArtifact"), &profile.ciArtifact)))
        return std::nullopt;
    const auto fail = [&](const QStringList &path, const QString &message) { return reader.fail(path, message); };
    if (failed(DataProfile::parse(root, fail, &profile.data)))
        return std::nullopt;
    return profile;
}

SourceCloneProfile readCloneProfile(const QList<QJsonObject> &sourceObjects, const QString &sourceNamespace)
{
    SourceCloneProfile result;
    auto metadata = [](const QJsonObject &o) { return o.value(QLatin1String("metadata")).toObject(); };
    for (const QJsonObject &object : sourceObjects) {
        if (object.value(QLatin1String("kind")).toString() == QLatin1String("Namespace")
            && metadata(object).value(QLatin1String("name")).toString() == sourceNamespace)
            result.configMap = metadata(object).value(QLatin1String("annotations")).toObject()
                                   .value(contract::CloneProfileAnnotation).toString().trimmed();
    }
    if (result.configMap.isEmpty())
        return result;
    for (const QJsonObject &object : sourceObjects) {
        const QJsonObject meta = metadata(object);
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("ConfigMap")
            || meta.value(QLatin1String("name")).toString() != result.configMap
            || meta.value(QLatin1String("namespace")).toString() != sourceNamespace)
            continue;
        const QJsonObject data = object.value(QLatin1String("data")).toObject();
        const QString where = QStringLiteral("ConfigMap %1/%2 %3").arg(sourceNamespace, result.configMap, contract::CloneProfileDataKey);
        if (!data.contains(contract::CloneProfileDataKey)) {
            result.error = QStringLiteral("the clone profile ConfigMap %1/%2 has no data key %3 (it has: %4)")
                               .arg(sourceNamespace, result.configMap, contract::CloneProfileDataKey,
                                    data.keys().isEmpty() ? QStringLiteral("none") : data.keys().join(QStringLiteral(", ")));
            return result;
        }
        QString error;
        if (const auto profile = CloneProfile::parse(data.value(contract::CloneProfileDataKey).toString().toUtf8(), where, &error))
            result.profile = *profile;
        else
            result.error = error;
        return result;
    }
    result.error = QStringLiteral("namespace %1 names the clone profile ConfigMap \"%2\" (annotation %3), but %1 has no such ConfigMap")
                       .arg(sourceNamespace, result.configMap, contract::CloneProfileAnnotation);
    return result;
}

CloneOptions withCloneProfile(const CloneOptions &requested, const SourceCloneProfile &source)
{
    CloneOptions options = requested;
    options.cloneProfileConfigMap = source.configMap;
    if (!source.found())
        return options;
    const CloneProfile &profile = source.profile;
    for (auto it = profile.secrets.begin(); it != profile.secrets.end(); ++it) {
        if (options.secretDecisions.value(it.key()).kind != SecretDecision::Kind::Undecided)
            continue;
        options.secretDecisions.insert(it.key(), it.value());
        options.profileDecisions.insert(QStringLiteral("Secret/") + it.key());
    }
    for (auto it = profile.identities.begin(); it != profile.identities.end(); ++it) {
        if (options.identityDecisions.value(it.key(), IdentityDecision::Undecided) != IdentityDecision::Undecided)
            continue;
        options.identityDecisions.insert(it.key(), it.value());
        options.profileDecisions.insert(QStringLiteral("ServiceAccount/") + it.key());
    }
    for (auto it = profile.secretKeys.begin(); it != profile.secretKeys.end(); ++it) {
        if (options.secretKeyDecisions.value(it.key(), SecretKeyDecision::Undecided) != SecretKeyDecision::Undecided)
            continue;
        options.secretKeyDecisions.insert(it.key(), it.value());
        options.profileDecisions.insert(QStringLiteral("ExternalSecret/") + it.key());
    }
    for (auto it = profile.data.decisions.begin(); it != profile.data.decisions.end(); ++it) {
        if (options.dataDecisions.contains(it.key()))
            continue;
        options.dataDecisions.insert(it.key(), it.value());
        options.profileDecisions.insert(QStringLiteral("Data/") + it.key());
    }
    options.dataProfile = profile.data;
    if (options.secretKeyDefault == SecretKeyDecision::Undecided)
        options.secretKeyDefault = profile.secretKeyDefault;
    for (const auto &[from, to] : profile.secretKeyMapping)
        options.secretKeyMapping.append({from, QString(to).replace(QLatin1String("{name}"), options.name)});
    // Caps only lower what the context allows: the context's guard settings are the ceiling.
    for (auto it = profile.quota.begin(); it != profile.quota.end(); ++it) {
        const auto wanted = pd::kube::Quantity::parse(it.value().toString());
        const auto ceiling = pd::kube::Quantity::parse(options.guards.quotaHard.value(it.key()).toString());
        if (wanted && (!ceiling || *wanted < *ceiling))
            options.guards.quotaHard.insert(it.key(), it.value());
    }
    return options;
}

QString expandNameTemplate(const QString &nameTemplate, const CloneOptions &options)
{
    QString branch = options.branch.toLower();
    static const QRegularExpression notLabel(QStringLiteral("[^a-z0-9-]+"));
    branch.replace(notLabel, QStringLiteral("-"));
    QString name = nameTemplate;
    name.replace(QLatin1String("{pr}"), options.pullRequest > 0 ? QString::number(options.pullRequest) : QString());
    name.replace(QLatin1String("{branch}"), branch);
    name.replace(QLatin1String("{source}"), options.sourceNamespace);
    name.replace(QLatin1String("{owner}"), options.owner.toLower().replace(notLabel, QStringLiteral("-")));
    static const QRegularExpression dashes(QStringLiteral("-{2,}"));
    name.replace(dashes, QStringLiteral("-"));
    name = name.left(63);
    while (name.endsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('-')))
        name = name.endsWith(QLatin1Char('-')) ? name.chopped(1) : name.mid(1);
    return name;
}

} // namespace pd::core
