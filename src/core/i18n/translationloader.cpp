#include "translationloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

// "de_DE.UTF-8@euro" -> "de_DE"; "de-DE" -> "de_DE".
QString languageName(QString entry)
{
    entry = entry.trimmed();
    for (const QChar cut : {u'.', u'@'}) {
        const qsizetype at = entry.indexOf(cut);
        if (at >= 0)
            entry.truncate(at);
    }
    entry.replace(u'-', u'_');
    return entry;
}

bool isEnglish(const QString &language)
{
    return language == u"en" || language.startsWith(u"en_");
}

// Tries "de_DE" then "de" in every directory.
bool loadCatalogue(QTranslator *translator, const QString &base, const QString &language, const QStringList &dirs)
{
    QStringList names{language};
    const qsizetype underscore = language.indexOf(u'_');
    if (underscore > 0)
        names << language.left(underscore);
    for (const QString &dir : dirs) {
        for (const QString &name : std::as_const(names)) {
            if (translator->load(base + u'_' + name, dir))
                return true;
        }
    }
    return false;
}

} // namespace

QStringList UiLanguages::preferred(const QString &languageVariable, const QStringList &systemUiLanguages)
{
    QStringList languages;
    auto add = [&languages](const QString &entry) {
        const QString name = languageName(entry);
        if (name.isEmpty() || name == u"C" || name == u"POSIX" || languages.contains(name))
            return;
        languages << name;
    };
    for (const QString &entry : languageVariable.split(u':', Qt::SkipEmptyParts))
        add(entry);
    for (const QString &entry : systemUiLanguages)
        add(entry);
    return languages;
}

QStringList UiLanguages::preferred()
{
    QStringList system;
    // QLocale::system() answers LC_ALL/LC_MESSAGES/LANG; read them here too, uncached.
    for (const char *variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty()) {
            system << value;
            break;
        }
    }
    system << QLocale::system().uiLanguages();
    return preferred(qEnvironmentVariable("LANGUAGE"), system);
}

QStringList UiLanguages::catalogueDirectories()
{
    QStringList dirs{u":/i18n"_s};
    const QString appDir = QCoreApplication::applicationDirPath();
    if (!appDir.isEmpty())
        dirs << QDir::cleanPath(appDir + u"/../share/previewdesk/translations"_s);
    dirs << u"/usr/share/previewdesk/translations"_s;
    dirs.removeDuplicates();
    return dirs;
}

QString UiLanguages::install(QCoreApplication *app, const QStringList &languages)
{
    const QStringList dirs = catalogueDirectories();
    for (const QString &language : languages) {
        if (isEnglish(language))
            return {};
        auto *own = new QTranslator(app);
        if (!loadCatalogue(own, u"previewdesk"_s, language, dirs)) {
            delete own;
            continue;
        }
        QCoreApplication::installTranslator(own);
        auto *qt = new QTranslator(app);
        if (loadCatalogue(qt, u"qtbase"_s, language, {QLibraryInfo::path(QLibraryInfo::TranslationsPath)}))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
        return language;
    }
    return {};
}

} // namespace pd::core
