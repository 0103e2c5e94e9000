#include "contextsettings.h"

#include "forge/forgetarget.h"
#include "forge/githubclient.h"

#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

constexpr int kMaxLabelLength = 63;

QString key(const QString &context, const QString &name)
{
    return ContextSettings::groupOf(context) % u'/' % name;
}

bool isLowerAlphanumeric(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
}

} // namespace

QString ContextSettings::groupOf(const QString &context)
{
    // '/' and '\\' would split the key into groups; '%' keeps the encoding reversible.
    return u"contexts/"_s + QString::fromLatin1(QUrl::toPercentEncoding(context, "-._~:@"));
}

ContextSettings ContextSettings::load(const QSettings *settings, const QString &context)
{
    ContextSettings result;
    if (!settings)
        return result;
    result.namespaces = settings->value(key(context, u"namespaces"_s)).toStringList();
    // Only valid names come back, whatever an edited file holds.
    result.namespaces.removeIf([](const QString &name) { return !namespaceNameError(name).isEmpty(); });
    result.namespaces.removeDuplicates();
    const Prices defaults;
    const auto price = [&](const QString &name, double fallback) {
        bool ok = false;
        const double value = settings->value(key(context, u"prices/"_s + name)).toDouble(&ok);
        return ok && value >= 0 ? value : fallback;
    };
    result.prices.cpuPerCoreHour = price(u"cpuPerCoreHour"_s, defaults.cpuPerCoreHour);
    result.prices.memoryPerGiBHour = price(u"memoryPerGiBHour"_s, defaults.memoryPerGiBHour);
    result.prices.storagePerGiBHour = price(u"storagePerGiBHour"_s, defaults.storagePerGiBHour);
    result.gitHubApiBase = ForgeTarget::httpUrl(settings->value(key(context, u"gitHubApiBase"_s)).toString());
    return result;
}

void ContextSettings::save(QSettings *settings, const QString &context) const
{
    if (!settings)
        return;
    if (namespaces.isEmpty())
        settings->remove(key(context, u"namespaces"_s));
    else
        settings->setValue(key(context, u"namespaces"_s), namespaces);
    settings->setValue(key(context, u"prices/cpuPerCoreHour"_s), prices.cpuPerCoreHour);
    settings->setValue(key(context, u"prices/memoryPerGiBHour"_s), prices.memoryPerGiBHour);
    settings->setValue(key(context, u"prices/storagePerGiBHour"_s), prices.storagePerGiBHour);
    if (gitHubApiBase.isEmpty())
        settings->remove(key(context, u"gitHubApiBase"_s));
    else
        settings->setValue(key(context, u"gitHubApiBase"_s), gitHubApiBase.toString());
}

QUrl ContextSettings::effectiveGitHubApiBase() const
{
    return gitHubApiBase.isEmpty() ? GitHubClient::defaultApiBase() : gitHubApiBase;
}

QString ContextSettings::gitHubApiBaseError(const QString &text)
{
    if (text.trimmed().isEmpty() || !ForgeTarget::httpUrl(text).isEmpty())
        return {};
    return QObject::tr("\"%1\" is not an http(s) URL; GitHub Enterprise Server's API is https://HOST/api/v3.").arg(text.trimmed());
}

void ContextSettings::remove(QSettings *settings, const QString &context)
{
    if (settings)
        settings->remove(groupOf(context));
}

QString ContextSettings::namespaceNameError(const QString &name)
{
    if (name.isEmpty())
        return QObject::tr("A namespace name cannot be empty.");
    if (name.size() > kMaxLabelLength)
        return QObject::tr("\"%1\" is %2 characters long; a namespace name has at most %3.")
                .arg(name).arg(name.size()).arg(kMaxLabelLength);
    for (const QChar c : name) {
        if (c.isUpper())
            return QObject::tr("\"%1\" has upper-case letters; namespace names are lower case (%2).")
                    .arg(name, name.toLower());
        if (!isLowerAlphanumeric(c) && c != u'-')
            return QObject::tr("\"%1\" contains '%2'; a namespace name may hold only lower-case letters, digits and '-'.")
                    .arg(name, c);
    }
    if (!isLowerAlphanumeric(name.front()))
        return QObject::tr("\"%1\" starts with '-'; a namespace name must start with a letter or digit.").arg(name);
    if (!isLowerAlphanumeric(name.back()))
        return QObject::tr("\"%1\" ends with '-'; a namespace name must end with a letter or digit.").arg(name);
    return {};
}

QStringList ContextSettings::parseNamespaces(const QString &text, QStringList *errors)
{
    QStringList names;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString name = lines.at(i).trimmed();
        if (name.isEmpty())
            continue;
        if (const QString error = namespaceNameError(name); !error.isEmpty()) {
            if (errors)
                errors->append(QObject::tr("Line %1: %2").arg(i + 1).arg(error));
            continue;
        }
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace pd::core
