// A planted tree for tst_translations_detects: one message translated, one new, one
// left unfinished. check-translations.sh must fail and name the last two only.
#include <QObject>

class Planted : public QObject
{
    Q_OBJECT
public:
    QString texts() const { return tr("Already translated") + tr("Brand new message") + tr("Left unfinished"); }
};
