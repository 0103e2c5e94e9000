#include "objectvalidation.h"

#include "resourceregistry.h"

#include <kube/labelselector.h>

#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

NameRule nameRuleFor(const ResourceInfo &info)
{
    if (info.group.isEmpty() && (info.resource == u"namespaces"_s))
        return NameRule::Dns1123Label;
    if (info.group.isEmpty() && info.resource == u"services"_s)
        return NameRule::Dns1035Label;
    if (info.group == u"rbac.authorization.k8s.io"_s)
        return NameRule::PathSegment;
    return NameRule::Dns1123Subdomain;
}

QStringList validateName(const QString &name, NameRule rule)
{
    static const QRegularExpression subdomain(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    static const QRegularExpression label(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"_s);
    static const QRegularExpression dns1035(u"^[a-z]([-a-z0-9]*[a-z0-9])?$"_s);
    QStringList problems;
    switch (rule) {
    case NameRule::Dns1123Subdomain:
        if (name.size() > 253)
            problems << u"must be no more than 253 characters"_s;
        if (!subdomain.match(name).hasMatch())
            problems << u"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"_s;
        break;
    case NameRule::Dns1123Label:
        if (name.size() > 63)
            problems << u"must be no more than 63 characters"_s;
        if (!label.match(name).hasMatch())
            problems << u"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"_s;
        break;
    case NameRule::Dns1035Label:
        if (name.size() > 63)
            problems << u"must be no more than 63 characters"_s;
        if (!dns1035.match(name).hasMatch())
            problems << u"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"_s;
        break;
    case NameRule::PathSegment:
        if (name == u"."_s || name == u".."_s)
            problems << u"may not be '%1'"_s.arg(name);
        else if (name.contains(u'/') || name.contains(u'%'))
            problems << u"may not contain '/'"_s;
        break;
    }
    return problems;
}

QJsonArray validateObjectMeta(const QJsonObject &metadata, const ResourceInfo &info, bool nameRequired)
{
    QJsonArray causes;
    const QString name = metadata.value(u"name"_s).toString();
    if (name.isEmpty()) {
        if (nameRequired)
            causes.append(QJsonObject{{u"reason"_s, u"FieldValueRequired"_s},
                                      {u"message"_s, u"Required value: name or generateName is required"_s},
                                      {u"field"_s, u"metadata.name"_s}});
    } else {
        const QStringList problems = validateName(name, nameRuleFor(info));
        if (!problems.isEmpty())
            causes.append(QJsonObject{{u"reason"_s, u"FieldValueInvalid"_s},
                                      {u"message"_s, u"Invalid value: \"%1\": %2"_s.arg(name, problems.join(u"; "_s))},
                                      {u"field"_s, u"metadata.name"_s}});
    }
    const QJsonObject labels = metadata.value(u"labels"_s).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        const QStringList keyProblems = kube::LabelSelector::validateLabelKey(it.key());
        if (!keyProblems.isEmpty())
            causes.append(QJsonObject{{u"reason"_s, u"FieldValueInvalid"_s},
                                      {u"message"_s, u"Invalid value: \"%1\": %2"_s.arg(it.key(), keyProblems.join(u"; "_s))},
                                      {u"field"_s, u"metadata.labels"_s}});
        const QString value = it.value().toString();
        const QStringList valueProblems = kube::LabelSelector::validateLabelValue(value);
        if (!valueProblems.isEmpty())
            causes.append(QJsonObject{{u"reason"_s, u"FieldValueInvalid"_s},
                                      {u"message"_s, u"Invalid value: \"%1\": %2"_s.arg(value, valueProblems.join(u"; "_s))},
                                      {u"field"_s, u"metadata.labels"_s}});
    }
    return causes;
}

QString randomNameSuffix()
{
    static const QString alphabet = u"bcdfghjklmnpqrstvwxz2456789"_s;
    QString s;
    for (int i = 0; i < 5; ++i)
        s += alphabet.at(QRandomGenerator::global()->bounded(int(alphabet.size())));
    return s;
}

} // namespace pd::sandbox
