#include "queryoptions.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

// strconv.ParseInt(text, 10, 64), with Go's error text.
std::optional<qint64> parseInt64(const QString &text, QString *error)
{
    bool ok = false;
    // Go accepts one leading sign; QString::toLongLong also accepts spaces, which Go does not.
    const bool clean = !text.isEmpty() && !text.front().isSpace() && !text.back().isSpace();
    const qint64 value = clean ? text.toLongLong(&ok, 10) : 0;
    if (ok)
        return value;
    bool digits = clean;
    for (qsizetype i = 0; digits && i < text.size(); ++i) {
        const QChar c = text.at(i);
        digits = c.isDigit() || (i == 0 && (c == u'+' || c == u'-') && text.size() > 1);
    }
    *error = u"strconv.ParseInt: parsing \"%1\": %2"_s.arg(text, digits ? u"value out of range"_s : u"invalid syntax"_s);
    return std::nullopt;
}

QJsonObject forbidden(const QString &field, const QString &detail)
{
    return ApiError::cause(u"FieldValueForbidden"_s, u"Forbidden: "_s + detail, field);
}

QJsonObject notSupported(const QString &field, const QString &value, const QStringList &supported)
{
    QStringList quoted;
    for (const QString &s : supported)
        quoted << u'"' + s + u'"';
    return ApiError::cause(u"FieldValueNotSupported"_s,
                           u"Unsupported value: \"%1\": supported values: %2"_s.arg(value, quoted.join(u", "_s)), field);
}

} // namespace

bool QueryOptions::parseBool(const QString &value)
{
    return value != u"0"_s && value.compare(u"false"_s, Qt::CaseInsensitive) != 0;
}

QueryOptions QueryOptions::parse(const QUrlQuery &query)
{
    QueryOptions o;
    const auto has = [&](const QString &key) { return query.hasQueryItem(key); };
    const auto value = [&](const QString &key) { return query.queryItemValue(key, QUrl::FullyDecoded); };
    const auto flag = [&](const QString &key) { return has(key) && parseBool(value(key)); };
    const auto integer = [&](const QString &key, qint64 *out) {
        const QString text = value(key);
        if (!has(key) || text.isEmpty())
            return;
        QString message;
        if (const auto parsed = parseInt64(text, &message))
            *out = *parsed;
        else if (!o.listError)
            o.listError = ApiError::badRequest(message);
    };

    o.watch = flag(u"watch"_s);
    o.allowWatchBookmarks = flag(u"allowWatchBookmarks"_s);
    o.resourceVersion = value(u"resourceVersion"_s);
    o.resourceVersionMatch = value(u"resourceVersionMatch"_s);
    if (has(u"sendInitialEvents"_s))
        o.sendInitialEvents = parseBool(value(u"sendInitialEvents"_s));
    integer(u"limit"_s, &o.limit);
    integer(u"timeoutSeconds"_s, &o.timeoutSeconds);
    o.continueToken = value(u"continue"_s);
    o.labelSelector = value(u"labelSelector"_s);
    o.fieldSelector = value(u"fieldSelector"_s);

    o.dryRunAll = query.allQueryItemValues(u"dryRun"_s).contains(u"All"_s);
    o.fieldManager = value(u"fieldManager"_s);
    o.force = flag(u"force"_s);
    if (has(u"propagationPolicy"_s))
        o.propagationPolicy = value(u"propagationPolicy"_s);
    o.orphanDependents = flag(u"orphanDependents"_s);

    o.container = value(u"container"_s);
    if (has(u"includeObject"_s))
        o.includeObject = value(u"includeObject"_s);
    return o;
}

ApiError QueryOptions::validateList() const
{
    if (listError)
        return listError;
    const QString notOlderThan = u"NotOlderThan"_s;
    const QString match = resourceVersionMatch;
    QJsonArray causes;
    if (watch) {
        if (sendInitialEvents && match != notOlderThan)
            causes.append(forbidden(u"resourceVersionMatch"_s,
                                    u"sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"_s));
        if (!match.isEmpty()) {
            if (!sendInitialEvents)
                causes.append(forbidden(u"resourceVersionMatch"_s,
                                        u"resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"_s));
            if (match != notOlderThan)
                causes.append(notSupported(u"resourceVersionMatch"_s, match, {notOlderThan}));
            if (!continueToken.isEmpty())
                causes.append(forbidden(u"resourceVersionMatch"_s, u"resourceVersionMatch is forbidden when continue is provided"_s));
        }
    } else {
        if (!match.isEmpty()) {
            if (resourceVersion.isEmpty())
                causes.append(forbidden(u"resourceVersionMatch"_s,
                                        u"resourceVersionMatch is forbidden unless resourceVersion is provided"_s));
            if (!continueToken.isEmpty())
                causes.append(forbidden(u"resourceVersionMatch"_s, u"resourceVersionMatch is forbidden when continue is provided"_s));
            if (match != u"Exact"_s && match != notOlderThan)
                causes.append(notSupported(u"resourceVersionMatch"_s, match, {u"Exact"_s, notOlderThan, QString()}));
            if (match == u"Exact"_s && resourceVersion == u"0"_s)
                causes.append(forbidden(u"resourceVersionMatch"_s,
                                        u"resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""_s));
        }
        if (sendInitialEvents)
            causes.append(forbidden(u"sendInitialEvents"_s, u"sendInitialEvents is forbidden for list"_s));
    }
    if (causes.isEmpty())
        return {};
    return ApiError::invalid(u"meta.k8s.io"_s, u"ListOptions"_s, QString(), causes);
}

} // namespace pd::sandbox
