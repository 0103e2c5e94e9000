// Reads one kubeconfig file into typed definitions, checking types the way
// kubectl's decoder does, so a wrong type fails at load time with its line.

#include "kubeconfig_p.h"
#include "yamljson_p.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace pd::kube::detail {

int Origin::line(const char *key) const
{
    if (key) {
        const YAML::Node &n = node;
        if (n.IsMap()) {
            const YAML::Node child = n[key];
            if (child.IsDefined())
                return child.Mark().line + 1;
        }
    }
    return node.Mark().line + 1;
}

QString Origin::where(const char *key) const
{
    return file + u':' + QString::number(line(key));
}

QString Origin::directory() const
{
    return QFileInfo(file).absolutePath();
}

namespace {

struct LoadError
{
    YAML::Mark mark;
    QString message;
};

QString describe(const YAML::Node &n)
{
    if (n.IsSequence())
        return u"a list"_s;
    if (n.IsMap())
        return u"a mapping"_s;
    if (n.IsScalar() && n.Tag() == "?") {
        const QJsonValue v = resolvePlainScalar(n.Scalar());
        if (v.isBool())
            return u"a boolean"_s;
        if (v.isDouble())
            return u"a number"_s;
    }
    return u"a string"_s;
}

// Typed access to one mapping; errors name the key's line and the entry ("cluster 'x'").
class Fields final
{
public:
    Fields(const YAML::Node &map, QString what) : m_map(map), m_what(std::move(what)) {}

    YAML::Node node(const char *key) const
    {
        if (!m_map.IsMap())
            return YAML::Node(YAML::NodeType::Undefined);
        const YAML::Node &m = m_map;
        return m[key];
    }

    [[noreturn]] void fail(const YAML::Node &at, const QString &message) const
    {
        throw LoadError{at.IsDefined() ? at.Mark() : m_map.Mark(), message};
    }

    QString string(const char *key) const
    {
        const YAML::Node n = node(key);
        if (!n.IsDefined() || n.IsNull())
            return {};
        if (!n.IsScalar() || (n.Tag() == "?" && !resolvePlainScalar(n.Scalar()).isString())) {
            fail(n, u"`%1` of %2 must be a string, not %3%4"_s.arg(QLatin1StringView(key), m_what, describe(n),
                                                                  n.IsScalar() ? u" (put it in quotes)"_s : QString()));
        }
        return fromStd(n.Scalar());
    }

    bool boolean(const char *key) const
    {
        const YAML::Node n = node(key);
        if (!n.IsDefined() || n.IsNull())
            return false;
        if (n.IsScalar() && n.Tag() == "?") {
            const QJsonValue v = resolvePlainScalar(n.Scalar());
            if (v.isBool())
                return v.toBool();
        }
        fail(n, u"`%1` of %2 must be true or false, not %3"_s.arg(QLatin1StringView(key), m_what, describe(n)));
    }

    QStringList stringList(const char *key) const
    {
        const YAML::Node n = node(key);
        QStringList result;
        if (!n.IsDefined() || n.IsNull())
            return result;
        if (!n.IsSequence())
            fail(n, u"`%1` of %2 must be a list of strings, not %3"_s.arg(QLatin1StringView(key), m_what, describe(n)));
        for (const YAML::Node &item : n) {
            if (!item.IsScalar() || (item.Tag() == "?" && !resolvePlainScalar(item.Scalar()).isString()))
                fail(item, u"`%1` of %2 must list strings; found %3 (put it in quotes)"_s.arg(QLatin1StringView(key), m_what, describe(item)));
            result.append(fromStd(item.Scalar()));
        }
        return result;
    }

    QByteArray base64(const char *key) const
    {
        const QString text = string(key);
        if (text.isEmpty())
            return {};
        QByteArray compact = text.toLatin1();
        compact.replace('\n', QByteArray()).replace('\r', QByteArray()).replace(' ', QByteArray());
        const auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || (compact.size() % 4) != 0)
            fail(node(key), u"`%1` of %2 is not valid base64 (it holds the file's content base64-encoded; "
                            "use `%3` for a path)"_s.arg(QLatin1StringView(key), m_what,
                                                          QLatin1StringView(key).chopped(5)));
        return *decoded;
    }

private:
    YAML::Node m_map;
    QString m_what;
};

void checkMapping(const Fields &f, const YAML::Node &n, const QString &what)
{
    if (n.IsDefined() && !n.IsNull() && !n.IsMap())
        f.fail(n, u"%1 must be a mapping, not %2"_s.arg(what, describe(n)));
}

ExecConfig readExec(const YAML::Node &node, const QString &userName)
{
    const QString what = u"the exec plugin of user \"%1\""_s.arg(userName);
    const Fields f(node, what);
    ExecConfig exec;
    exec.apiVersion = f.string("apiVersion");
    exec.command = f.string("command");
    exec.args = f.stringList("args");
    exec.installHint = f.string("installHint");
    exec.provideClusterInfo = f.boolean("provideClusterInfo");
    exec.interactiveMode = f.string("interactiveMode");
    const YAML::Node env = f.node("env");
    if (env.IsDefined() && !env.IsNull()) {
        if (!env.IsSequence())
            f.fail(env, u"`env` of %1 must be a list of {name, value}, not %2"_s.arg(what, describe(env)));
        for (const YAML::Node &item : env) {
            if (!item.IsMap())
                f.fail(item, u"`env` of %1 must list {name, value} mappings, not %2"_s.arg(what, describe(item)));
            const Fields e(item, u"an env entry of "_s + what);
            const QString name = e.string("name");
            if (name.isEmpty())
                f.fail(item, u"an env entry of %1 has no name"_s.arg(what));
            exec.env.append({name, e.string("value")});
        }
    }
    return exec;
}

ClusterDef readCluster(const QString &name, const Origin &at)
{
    const Fields f(at.node, u"cluster \"%1\""_s.arg(name));
    ClusterDef c;
    c.at = at;
    c.server = f.string("server");
    c.tlsServerName = f.string("tls-server-name");
    c.insecureSkipTlsVerify = f.boolean("insecure-skip-tls-verify");
    c.certificateAuthority = f.string("certificate-authority");
    c.certificateAuthorityData = f.base64("certificate-authority-data");
    c.proxyUrl = f.string("proxy-url");
    f.boolean("disable-compression");
    const YAML::Node extensions = f.node("extensions");
    if (extensions.IsDefined() && extensions.IsSequence()) {
        for (const YAML::Node &item : extensions) {
            if (item.IsMap() && Fields(item, u"an extension"_s).string("name") == u"client.authentication.k8s.io/exec") {
                const YAML::Node extension = item["extension"];
                if (extension.IsDefined())
                    c.execExtension = yamlNodeToJson(extension);
            }
        }
    }
    return c;
}

UserDef readUser(const QString &name, const Origin &at)
{
    const QString what = u"user \"%1\""_s.arg(name);
    const Fields f(at.node, what);
    UserDef u;
    u.at = at;
    u.clientCertificate = f.string("client-certificate");
    u.clientCertificateData = f.base64("client-certificate-data");
    u.clientKey = f.string("client-key");
    u.clientKeyData = f.base64("client-key-data");
    u.token = f.string("token");
    u.tokenFile = f.string("tokenFile");
    u.username = f.string("username");
    u.password = f.string("password");
    u.impersonate = f.string("as");
    u.impersonateGroups = f.stringList("as-groups");
    const YAML::Node exec = f.node("exec");
    checkMapping(f, exec, u"`exec` of "_s + what);
    if (exec.IsDefined() && exec.IsMap())
        u.exec = readExec(exec, name);
    const YAML::Node provider = f.node("auth-provider");
    checkMapping(f, provider, u"`auth-provider` of "_s + what);
    if (provider.IsDefined() && provider.IsMap()) {
        u.authProviderName = Fields(provider, u"`auth-provider` of "_s + what).string("name");
        if (u.authProviderName.isEmpty())
            u.authProviderName = u"(unnamed)"_s;
    }
    return u;
}

ContextDef readContext(const QString &name, const Origin &at)
{
    const Fields f(at.node, u"context \"%1\""_s.arg(name));
    ContextDef c;
    c.at = at;
    c.cluster = f.string("cluster");
    c.user = f.string("user");
    c.namespaceName = f.string("namespace");
    return c;
}

// `clusters:`, `users:` or `contexts:`: a list of {name: N, <bodyKey>: {...}}.
template<typename Def, typename Reader>
void readList(const Fields &top, const QString &file, const char *listKey, const char *bodyKey,
              QMap<QString, Def> *out, Reader read)
{
    const YAML::Node list = top.node(listKey);
    if (!list.IsDefined() || list.IsNull())
        return;
    const QString key = QLatin1StringView(listKey);
    const QString body = QLatin1StringView(bodyKey);
    if (!list.IsSequence()) {
        top.fail(list, u"`%1` must be a list of entries like `- name: NAME` with `%2:` below it, not %3"_s
                           .arg(key, body, describe(list)));
    }
    for (const YAML::Node &item : list) {
        if (!item.IsMap())
            top.fail(item, u"each entry of `%1` must be a mapping with `name` and `%2`, not %3"_s.arg(key, body, describe(item)));
        const Fields entry(item, u"an entry of `%1`"_s.arg(key));
        const QString name = entry.string("name");
        if (name.isEmpty())
            top.fail(item, u"an entry of `%1` has no name"_s.arg(key));
        if (out->contains(name))
            top.fail(item["name"], u"`%1` lists \"%2\" twice"_s.arg(key, name));
        const YAML::Node content = entry.node(bodyKey);
        checkMapping(entry, content, u"`%1` of %2 \"%3\""_s.arg(body, body, name));
        const Origin at{file, content.IsDefined() && content.IsMap() ? content : item};
        out->insert(name, read(name, at));
    }
}

} // namespace

namespace {

QString located(const QString &file, const YAML::Mark &mark, const QString &message)
{
    if (mark.is_null() || mark.line < 0)
        return file + u": "_s + message;
    return u"%1:%2:%3: %4"_s.arg(file).arg(mark.line + 1).arg(mark.column + 1).arg(message);
}

} // namespace

bool parseKubeConfigFile(const QByteArray &content, const QString &file, ParsedConfig *out, QString *error)
{
    try {
        const YAML::Node doc = YAML::Load(std::string(content.constData(), size_t(content.size())));
        yamlNodeToJson(doc);   // rejects duplicate keys and alias bombs, with their line
        ParsedConfig parsed;
        if (doc.IsDefined() && !doc.IsNull()) {
            const Fields top(doc, u"the kubeconfig"_s);
            if (!doc.IsMap())
                top.fail(doc, u"a kubeconfig must be a mapping with `clusters`, `users` and `contexts`, not %1"_s.arg(describe(doc)));
            const QString kind = top.string("kind");
            if (!kind.isEmpty() && kind != u"Config")
                top.fail(top.node("kind"), u"`kind` is \"%1\"; a kubeconfig has `kind: Config`"_s.arg(kind));
            readList(top, file, "clusters", "cluster", &parsed.clusters, readCluster);
            readList(top, file, "users", "user", &parsed.users, readUser);
            readList(top, file, "contexts", "context", &parsed.contexts, readContext);
            parsed.currentContext = top.string("current-context");
            if (!parsed.currentContext.isEmpty())
                parsed.currentContextWhere = file + u':' + QString::number(top.node("current-context").Mark().line + 1);
        }
        *out = std::move(parsed);
        return true;
    } catch (const YAML::Exception &e) {
        if (error)
            *error = located(file, e.mark, fromStd(e.msg));
    } catch (const YamlConversionError &e) {
        if (error)
            *error = located(file, e.mark, e.message);
    } catch (const LoadError &e) {
        if (error)
            *error = located(file, e.mark, e.message);
    }
    return false;
}

} // namespace pd::kube::detail
