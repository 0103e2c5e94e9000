#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace pd::core {

// The catalogues both programs load: previewdesk_<lang>.qm (gui, core, kube and previewctl
// messages; embedded under :/i18n, also installed to share/previewdesk/translations) and
// Qt's own qtbase_<lang>.qm (standard dialog buttons) from QLibraryInfo's TranslationsPath.
//
// The language follows the desktop's rules (gettext's): LANGUAGE, a colon-separated list in
// order of preference, then LC_ALL, LC_MESSAGES and LANG through QLocale::system(). English
// is the source language: an "en" before a translated language wins and loads nothing.
// Dates, numbers and money follow the formatting locale (QLocale()), not this choice.
struct UiLanguages
{
    // "de_DE.UTF-8:fr" and the system locale -> {"de_DE", "fr", ...}; "C"/"POSIX" skipped.
    static QStringList preferred(const QString &languageVariable, const QStringList &systemUiLanguages);
    static QStringList preferred();   // from the environment and QLocale::system()

    // Where previewdesk_<lang>.qm is looked for, first match wins: the copy embedded in core
    // (so the build tree needs nothing installed), then <prefix>/share/previewdesk/translations
    // beside the executable, then /usr/share/previewdesk/translations.
    static QStringList catalogueDirectories();

    // Installs both catalogues for the first language of `languages` that has ours. Returns
    // that language ("de"), or an empty string when the UI stays English.
    static QString install(QCoreApplication *app, const QStringList &languages = preferred());
};

} // namespace pd::core
