// Label key/value validation as apimachinery's IsQualifiedName / IsValidLabelValue,
// with their exact messages, and the sanitiser for label values.
#include "labelselector.h"

#include <QRegularExpression>

namespace pd::kube {

namespace {

// apimachinery's RegexError: note the doubled blanks, real messages have them too.
QString regexError(const QString &message, const QString &format, const QStringList &examples)
{
    QString text = message + u" (e.g. ";
    for (qsizetype i = 0; i < examples.size(); ++i) {
        if (i > 0)
            text += u" or ";
        text += u'\'' + examples.at(i) + u"', ";
    }
    return text + u"regex used for validation is '" + format + u"')";
}

const QString &qualifiedNameFmt()
{
    static const QString fmt = QStringLiteral("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    return fmt;
}
const QString &dns1123SubdomainFmt()
{
    static const QString fmt = QStringLiteral(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)");
    return fmt;
}
const QString &labelValueFmt()
{
    static const QString fmt = u'(' + qualifiedNameFmt() + u")?";
    return fmt;
}
// Compiled once; const matching is thread-safe (the sandbox serves from several threads).
bool fullMatch(const QString &pattern, QStringView text)
{
    auto compiled = [](const QString &fmt) {
        QRegularExpression re(QRegularExpression::anchoredPattern(fmt));
        re.optimize(); // compile now, not lazily on a first concurrent match
        return re;
    };
    static const QRegularExpression qualifiedName = compiled(qualifiedNameFmt());
    static const QRegularExpression subdomain = compiled(dns1123SubdomainFmt());
    static const QRegularExpression labelValue = compiled(labelValueFmt());
    const QRegularExpression &re = &pattern == &qualifiedNameFmt() ? qualifiedName
        : &pattern == &dns1123SubdomainFmt()                       ? subdomain
                                                                   : labelValue;
    return re.match(text).hasMatch();
}
QString maxLenError(int n) { return QStringLiteral("must be no more than %1 characters").arg(n); }

} // namespace

QStringList LabelSelector::validateLabelKey(QStringView key)
{
    static const QString qualifiedNameErrMsg = QStringLiteral(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character");
    const QStringList nameExamples{QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")};
    QStringList errors;
    const QList<QStringView> parts = key.split(u'/');
    QStringView name;
    if (parts.size() == 1) {
        name = parts.at(0);
    } else if (parts.size() == 2) {
        const QStringView prefix = parts.at(0);
        name = parts.at(1);
        if (prefix.isEmpty()) {
            errors.append(QStringLiteral("prefix part must be non-empty"));
        } else {
            if (prefix.size() > 253)
                errors.append(u"prefix part " + maxLenError(253));
            if (!fullMatch(dns1123SubdomainFmt(), prefix))
                errors.append(u"prefix part "
                              + regexError(QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case "
                                                          "alphanumeric characters, '-' or '.', and must start and "
                                                          "end with an alphanumeric character"),
                                           dns1123SubdomainFmt(), {QStringLiteral("example.com")}));
        }
    } else {
        return {u"a qualified name " + regexError(qualifiedNameErrMsg, qualifiedNameFmt(), nameExamples)
                + u" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    }
    if (name.isEmpty()) {
        errors.append(QStringLiteral("name part must be non-empty"));
    } else {
        if (name.size() > 63)
            errors.append(u"name part " + maxLenError(63));
        if (!fullMatch(qualifiedNameFmt(), name))
            errors.append(u"name part " + regexError(qualifiedNameErrMsg, qualifiedNameFmt(), nameExamples));
    }
    return errors;
}

QStringList LabelSelector::validateLabelValue(QStringView value)
{
    QStringList errors;
    if (value.size() > 63)
        errors.append(maxLenError(63));
    if (!fullMatch(labelValueFmt(), value))
        errors.append(regexError(
            QStringLiteral("a valid label must be an empty string or consist of alphanumeric characters, '-', "
                           "'_' or '.', and must start and end with an alphanumeric character"),
            labelValueFmt(), {QStringLiteral("MyValue"), QStringLiteral("my_value"), QStringLiteral("12345")}));
    return errors;
}

QString LabelSelector::sanitizeLabelValue(QStringView text)
{
    auto isAlnum = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
    };
    QString out;
    out.reserve(text.size());
    for (QChar c : text)
        out.append(isAlnum(c) || c == u'-' || c == u'_' || c == u'.' ? c : QChar(u'-'));
    out.truncate(63);
    qsizetype start = 0;
    while (start < out.size() && !isAlnum(out.at(start)))
        ++start;
    qsizetype end = out.size();
    while (end > start && !isAlnum(out.at(end - 1)))
        --end;
    return out.mid(start, end - start);
}

} // namespace pd::kube
