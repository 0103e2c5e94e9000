#include "labelselector.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>

namespace pd::kube {

namespace {

using Op = LabelRequirement::Operator;

QString invalidValue(const QString &path, QStringView value, const QStringList &errors)
{
    return path + u": Invalid value: \"" + value + u"\": " + errors.join(u"; ");
}

bool isWhitespace(QChar c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n'; }
bool isSpecial(QChar c)
{
    return c == u'=' || c == u'!' || c == u'(' || c == u')' || c == u',' || c == u'>' || c == u'<';
}

enum class Token { End, Identifier, Comma, Open, Close, Not, NotEquals, Equals, DoubleEquals,
                   In, NotIn, Greater, Less, Error };

struct Lexed
{
    Token token;
    QString text;
};

// The lexer of apimachinery's labels parser, all tokens read up front.
QList<Lexed> lex(QStringView s)
{
    QList<Lexed> out;
    qsizetype i = 0;
    while (true) {
        while (i < s.size() && isWhitespace(s[i]))
            ++i;
        if (i >= s.size()) {
            out.append({Token::End, QString()});
            return out;
        }
        const QChar c = s[i];
        if (isSpecial(c)) {
            QString symbol(c);
            ++i;
            if ((c == u'!' || c == u'=') && i < s.size() && s[i] == u'=') {
                symbol += u'=';
                ++i;
            }
            static const QHash<QString, Token> symbols = {
                {QStringLiteral(","), Token::Comma}, {QStringLiteral("("), Token::Open},
                {QStringLiteral(")"), Token::Close}, {QStringLiteral("!"), Token::Not},
                {QStringLiteral("!="), Token::NotEquals}, {QStringLiteral("="), Token::Equals},
                {QStringLiteral("=="), Token::DoubleEquals}, {QStringLiteral(">"), Token::Greater},
                {QStringLiteral("<"), Token::Less}};
            out.append({symbols.value(symbol, Token::Error), symbol});
            continue;
        }
        const qsizetype start = i;
        while (i < s.size() && !isWhitespace(s[i]) && !isSpecial(s[i]))
            ++i;
        const QString word = s.mid(start, i - start).toString();
        if (word == u"in")
            out.append({Token::In, word});
        else if (word == u"notin")
            out.append({Token::NotIn, word});
        else
            out.append({Token::Identifier, word});
    }
}

// In key and value positions the keywords are plain identifiers ("notin=in" is valid).
bool isIdentifier(const Lexed &l)
{
    return l.token == Token::Identifier || l.token == Token::In || l.token == Token::NotIn;
}

QString tokenText(const Lexed &l) { return l.token == Token::End ? QStringLiteral("") : l.text; }

// Checks a requirement as labels.NewRequirement does; empty string = valid.
QString validateRequirement(const LabelRequirement &r)
{
    if (const QStringList errors = LabelSelector::validateLabelKey(r.key); !errors.isEmpty())
        return invalidValue(QStringLiteral("key"), r.key, errors);
    switch (r.op) {
    case Op::In:
    case Op::NotIn:
        if (r.values.isEmpty())
            return QStringLiteral("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
        break;
    case Op::Equals:
    case Op::DoubleEquals:
    case Op::NotEquals:
        if (r.values.size() != 1)
            return QStringLiteral("values: Invalid value: []: exact-match compatibility requires one single value");
        break;
    case Op::Exists:
    case Op::DoesNotExist:
        if (!r.values.isEmpty())
            return QStringLiteral("values: Invalid value: [%1]: values set must be empty for exists and does not exist")
                .arg(r.values.join(u", "));
        break;
    case Op::GreaterThan:
    case Op::LessThan: {
        if (r.values.size() != 1)
            return QStringLiteral("values: Invalid value: []: for 'Gt', 'Lt' operators, exactly one value is required");
        bool ok = false;
        r.values.first().toLongLong(&ok);
        if (!ok)
            return QStringLiteral("values[0]: Invalid value: \"%1\": for 'Gt', 'Lt' operators, the value must be an integer")
                .arg(r.values.first());
        return {};
    }
    }
    for (qsizetype i = 0; i < r.values.size(); ++i) {
        if (const QStringList errors = LabelSelector::validateLabelValue(r.values.at(i)); !errors.isEmpty())
            return invalidValue(QStringLiteral("values[%1][%2]").arg(i).arg(r.key), r.values.at(i), errors);
    }
    return {};
}

LabelRequirement normalized(LabelRequirement r)
{
    std::sort(r.values.begin(), r.values.end());
    r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
    return r;
}

void sortByKey(QList<LabelRequirement> &requirements)
{
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const LabelRequirement &a, const LabelRequirement &b) { return a.key < b.key; });
}

QString labelString(const QJsonValue &v)
{
    return v.isString() ? v.toString() : v.toVariant().toString();
}

} // namespace

bool LabelRequirement::matches(const QJsonObject &labels) const
{
    const auto it = labels.constFind(key);
    const bool has = it != labels.constEnd();
    switch (op) {
    case Op::Equals:
    case Op::DoubleEquals:
    case Op::In:
        return has && values.contains(labelString(*it));
    case Op::NotEquals:
    case Op::NotIn:
        return !has || !values.contains(labelString(*it));
    case Op::Exists:
        return has;
    case Op::DoesNotExist:
        return !has;
    case Op::GreaterThan:
    case Op::LessThan: {
        if (!has || values.size() != 1)
            return false;
        bool okLabel = false;
        bool okValue = false;
        const qint64 labelValue = labelString(*it).toLongLong(&okLabel);
        const qint64 bound = values.first().toLongLong(&okValue);
        if (!okLabel || !okValue)
            return false;
        return op == Op::GreaterThan ? labelValue > bound : labelValue < bound;
    }
    }
    return false;
}

QString LabelRequirement::toString() const
{
    const QString first = values.isEmpty() ? QString() : values.first();
    switch (op) {
    case Op::Equals: return key + u'=' + first;
    case Op::DoubleEquals: return key + u"==" + first;
    case Op::NotEquals: return key + u"!=" + first;
    case Op::In: return key + u" in (" + values.join(u',') + u')';
    case Op::NotIn: return key + u" notin (" + values.join(u',') + u')';
    case Op::Exists: return key;
    case Op::DoesNotExist: return u'!' + key;
    case Op::GreaterThan: return key + u'>' + first;
    case Op::LessThan: return key + u'<' + first;
    }
    return key;
}

std::optional<LabelSelector> LabelSelector::parse(QStringView text, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<LabelSelector> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QList<Lexed> tokens = lex(text);
    qsizetype pos = 0;
    auto peek = [&]() -> const Lexed & { return tokens.at(pos); };
    auto next = [&]() -> const Lexed & { return tokens.at(pos < tokens.size() - 1 ? pos++ : pos); };

    LabelSelector selector;
    while (true) {
        const Lexed &head = peek();
        if (head.token == Token::End)
            break;
        if (!isIdentifier(head) && head.token != Token::Not)
            return fail(QStringLiteral("found '%1', expected: !, identifier, or 'end of string'").arg(tokenText(head)));

        LabelRequirement r;
        bool negated = false;
        if (head.token == Token::Not) {
            negated = true;
            next();
        }
        const Lexed &keyToken = next();
        if (!isIdentifier(keyToken))
            return fail(QStringLiteral("found '%1', expected: identifier").arg(tokenText(keyToken)));
        r.key = keyToken.text;
        if (const QStringList errors = validateLabelKey(r.key); !errors.isEmpty())
            return fail(u"unable to parse requirement: " + invalidValue(QStringLiteral("key"), r.key, errors));

        const Token after = peek().token;
        if (negated || after == Token::End || after == Token::Comma) {
            r.op = negated ? Op::DoesNotExist : Op::Exists;
        } else {
            const Lexed &opToken = next();
            switch (opToken.token) {
            case Token::Equals: r.op = Op::Equals; break;
            case Token::DoubleEquals: r.op = Op::DoubleEquals; break;
            case Token::NotEquals: r.op = Op::NotEquals; break;
            case Token::In: r.op = Op::In; break;
            case Token::NotIn: r.op = Op::NotIn; break;
            case Token::Greater: r.op = Op::GreaterThan; break;
            case Token::Less: r.op = Op::LessThan; break;
            default:
                return fail(QStringLiteral("found '%1', expected: in, notin, =, ==, !=, gt, lt").arg(tokenText(opToken)));
            }
            if (r.op == Op::In || r.op == Op::NotIn) {
                if (const Lexed &open = next(); open.token != Token::Open)
                    return fail(QStringLiteral("found '%1', expected: '('").arg(tokenText(open)));
                // identifier list; empty entries are empty values, as apimachinery
                bool expectValue = true;
                while (true) {
                    const Lexed &t = next();
                    if (t.token == Token::Close) {
                        if (expectValue)
                            r.values.append(QString());
                        break;
                    }
                    if (t.token == Token::Comma) {
                        if (expectValue)
                            r.values.append(QString());
                        expectValue = true;
                        continue;
                    }
                    if (isIdentifier(t) && expectValue) {
                        r.values.append(t.text);
                        expectValue = false;
                        continue;
                    }
                    return fail(QStringLiteral("found '%1', expected: ',', ')' or identifier").arg(tokenText(t)));
                }
            } else {
                const Lexed &value = peek();
                if (value.token == Token::End || value.token == Token::Comma) {
                    r.values.append(QString());
                } else if (isIdentifier(value)) {
                    r.values.append(value.text);
                    next();
                } else {
                    return fail(QStringLiteral("found '%1', expected: identifier").arg(tokenText(value)));
                }
            }
        }
        r = normalized(r);
        if (const QString problem = validateRequirement(r); !problem.isEmpty())
            return fail(u"unable to parse requirement: " + problem);
        selector.m_requirements.append(r);

        const Lexed &separator = next();
        if (separator.token == Token::End)
            break;
        if (separator.token != Token::Comma)
            return fail(QStringLiteral("found '%1', expected: ',' or 'end of string'").arg(tokenText(separator)));
        if (peek().token == Token::End)
            return fail(QStringLiteral("found '', expected: identifier after ','"));
    }
    sortByKey(selector.m_requirements);
    return selector;
}

std::optional<LabelSelector> LabelSelector::fromJson(const QJsonObject &object, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<LabelSelector> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    LabelSelector selector;
    const QJsonObject matchLabels = object.value(u"matchLabels").toObject();
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        const LabelRequirement r{it.key(), Op::Equals, {labelString(it.value())}};
        if (const QString problem = validateRequirement(r); !problem.isEmpty())
            return fail(problem);
        selector.m_requirements.append(r);
    }
    const QJsonArray expressions = object.value(u"matchExpressions").toArray();
    for (const QJsonValue &value : expressions) {
        const QJsonObject e = value.toObject();
        LabelRequirement r;
        r.key = e.value(u"key").toString();
        const QString op = e.value(u"operator").toString();
        if (op == u"In")
            r.op = Op::In;
        else if (op == u"NotIn")
            r.op = Op::NotIn;
        else if (op == u"Exists")
            r.op = Op::Exists;
        else if (op == u"DoesNotExist")
            r.op = Op::DoesNotExist;
        else
            return fail(QStringLiteral("\"%1\" is not a valid label selector operator").arg(op));
        for (const QJsonValue &v : e.value(u"values").toArray())
            r.values.append(labelString(v));
        r = normalized(r);
        if (const QString problem = validateRequirement(r); !problem.isEmpty())
            return fail(problem);
        selector.m_requirements.append(r);
    }
    sortByKey(selector.m_requirements);
    return selector;
}

LabelSelector LabelSelector::fromMap(const QJsonObject &matchLabels)
{
    LabelSelector selector;
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
        selector.m_requirements.append({it.key(), Op::Equals, {labelString(it.value())}});
    sortByKey(selector.m_requirements);
    return selector;
}

LabelSelector LabelSelector::nothing()
{
    LabelSelector selector;
    selector.m_nothing = true;
    return selector;
}

bool LabelSelector::matches(const QJsonObject &labels) const
{
    if (m_nothing)
        return false;
    return std::all_of(m_requirements.begin(), m_requirements.end(),
                       [&labels](const LabelRequirement &r) { return r.matches(labels); });
}

QString LabelSelector::toString() const
{
    QStringList parts;
    for (const LabelRequirement &r : m_requirements)
        parts.append(r.toString());
    return parts.join(u',');
}

QJsonObject LabelSelector::toJson() const
{
    QJsonObject matchLabels;
    QJsonArray expressions;
    for (const LabelRequirement &r : m_requirements) {
        QString op;
        switch (r.op) {
        case Op::Equals:
        case Op::DoubleEquals:
            if (!matchLabels.contains(r.key)) {
                matchLabels.insert(r.key, r.values.value(0));
                continue;
            }
            op = QStringLiteral("In");
            break;
        case Op::In: op = QStringLiteral("In"); break;
        case Op::NotEquals:
        case Op::NotIn: op = QStringLiteral("NotIn"); break;
        case Op::Exists: op = QStringLiteral("Exists"); break;
        case Op::DoesNotExist: op = QStringLiteral("DoesNotExist"); break;
        case Op::GreaterThan:
        case Op::LessThan: continue; // no JSON form
        }
        QJsonObject e{{QStringLiteral("key"), r.key}, {QStringLiteral("operator"), op}};
        if (!r.values.isEmpty() && r.op != Op::Exists && r.op != Op::DoesNotExist)
            e.insert(QStringLiteral("values"), QJsonArray::fromStringList(r.values));
        expressions.append(e);
    }
    QJsonObject out;
    if (!matchLabels.isEmpty())
        out.insert(QStringLiteral("matchLabels"), matchLabels);
    if (!expressions.isEmpty())
        out.insert(QStringLiteral("matchExpressions"), expressions);
    return out;
}

bool LabelSelector::add(const LabelRequirement &requirement, QString *error)
{
    const LabelRequirement r = normalized(requirement);
    if (const QString problem = validateRequirement(r); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_requirements.append(r);
    sortByKey(m_requirements);
    return true;
}
} // namespace pd::kube
