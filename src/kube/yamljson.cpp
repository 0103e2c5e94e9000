#include "yamljson.h"
#include "yamljson_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <yaml-cpp/eventhandler.h>

#include <cmath>
#include <sstream>
#include <limits>

using namespace Qt::StringLiterals;

namespace pd::kube {

QString YamlError::toString() const
{
    QString where = sourceName.isEmpty() ? u"<input>"_s : sourceName;
    if (line > 0) {
        where += u':' + QString::number(line);
        if (column > 0)
            where += u':' + QString::number(column);
    }
    return where + u": "_s + message;
}

namespace detail {
namespace {

constexpr int kMaxDepth = 256;
// Aliases can expand exponentially ("billion laughs"); cap the converted size.
constexpr qint64 kMaxNodes = 5'000'000;

// Go's strconv.ParseInt(s, 0, 64) after go-yaml removed underscores.
std::optional<qint64> parseGoInt(QByteArrayView s)
{
    bool negative = false;
    if (!s.isEmpty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s = s.sliced(1);
    }
    if (s.isEmpty())
        return std::nullopt;
    int base = 10;
    if (s.size() > 1 && s[0] == '0') {
        const char p = s[1];
        if (p == 'x' || p == 'X') { base = 16; s = s.sliced(2); }
        else if (p == 'b' || p == 'B') { base = 2; s = s.sliced(2); }
        else if (p == 'o' || p == 'O') { base = 8; s = s.sliced(2); }
        else { base = 8; s = s.sliced(1); }
    }
    if (s.isEmpty())
        return std::nullopt;
    quint64 value = 0;
    for (const char c : s) {
        int digit = -1;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        if (digit < 0 || digit >= base)
            return std::nullopt;
        if (value > (std::numeric_limits<quint64>::max() - quint64(digit)) / quint64(base))
            return std::nullopt;
        value = value * quint64(base) + quint64(digit);
    }
    const quint64 limit = negative ? quint64(std::numeric_limits<qint64>::max()) + 1
                                   : quint64(std::numeric_limits<qint64>::max());
    if (value > limit)
        return std::nullopt;
    return negative ? qint64(0 - value) : qint64(value);
}

bool looksLikeYamlFloat(const QString &s)
{
    static const QRegularExpression re(
        u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    return re.match(s).hasMatch();
}

} // namespace

QJsonValue resolvePlainScalar(const std::string &text)
{
    const QString s = fromStd(text);
    // go-yaml v2's resolve table.
    static const QStringList trues = {u"y"_s, u"Y"_s, u"yes"_s, u"Yes"_s, u"YES"_s, u"true"_s, u"True"_s,
                                      u"TRUE"_s, u"on"_s, u"On"_s, u"ON"_s};
    static const QStringList falses = {u"n"_s, u"N"_s, u"no"_s, u"No"_s, u"NO"_s, u"false"_s, u"False"_s,
                                       u"FALSE"_s, u"off"_s, u"Off"_s, u"OFF"_s};
    static const QStringList nulls = {QString(), u"~"_s, u"null"_s, u"Null"_s, u"NULL"_s};
    if (trues.contains(s))
        return true;
    if (falses.contains(s))
        return false;
    if (nulls.contains(s))
        return QJsonValue::Null;
    if (s == u".nan" || s == u".NaN" || s == u".NAN")
        return std::numeric_limits<double>::quiet_NaN();
    if (s == u".inf" || s == u".Inf" || s == u".INF" || s == u"+.inf" || s == u"+.Inf" || s == u"+.INF")
        return std::numeric_limits<double>::infinity();
    if (s == u"-.inf" || s == u"-.Inf" || s == u"-.INF")
        return -std::numeric_limits<double>::infinity();

    const QChar first = s.front();
    if (!(first.isDigit() || first == u'+' || first == u'-' || first == u'.'))
        return s;
    QString plain = s;
    plain.remove(u'_');
    const QByteArray latin = plain.toLatin1();
    if (first != u'.') {
        if (const auto i = parseGoInt(latin))
            return *i;
    }
    if (looksLikeYamlFloat(plain)) {
        bool ok = false;
        const double d = latin.toDouble(&ok);
        if (ok)
            return d;
    }
    return s;
}

bool needsQuoting(const QString &text)
{
    if (text.isEmpty() || text.front().isSpace() || text.back().isSpace())
        return true;
    if (!resolvePlainScalar(text.toStdString()).isString() || text == u"<<")
        return true;
    static const QString indicators = u"[]{},#&*!|>'\"%@`"_s;
    const QChar first = text.front();
    if (indicators.contains(first))
        return true;
    if ((first == u'-' || first == u'?' || first == u':') && (text.size() == 1 || text.at(1).isSpace()))
        return true;
    if (text.startsWith(u"---") || text.startsWith(u"..."))
        return true;
    if (text.endsWith(u':') || text.contains(u": ") || text.contains(u" #") || text.contains(u":\t"))
        return true;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == QChar(0xfeff) || c.category() == QChar::Other_Control
            || c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            return true;
    }
    return false;
}

namespace {

// kubectl types plain keys too, then turns them back into strings: `y:` becomes
// "true", `0x10:` becomes "16".
QString keyName(const YAML::Node &key)
{
    if (key.Tag() != "?")
        return fromStd(key.Scalar());
    const QJsonValue v = resolvePlainScalar(key.Scalar());
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Double:
        if (v.toVariant().typeId() == QMetaType::LongLong)
            return QString::number(v.toInteger());
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    default:
        return v.toString();
    }
}

struct Converter
{
    qint64 nodes = 0;

    QJsonValue scalar(const YAML::Node &node)
    {
        const std::string &tag = node.Tag();
        const std::string &value = node.Scalar();
        if (tag == "?")
            return resolvePlainScalar(value);
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:binary")
            return fromStd(value);
        if (tag == "tag:yaml.org,2002:null")
            return QJsonValue::Null;
        if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
            const QJsonValue v = resolvePlainScalar(value);
            const bool fits = tag == "tag:yaml.org,2002:bool" ? v.isBool() : v.isDouble();
            if (!fits)
                throw YamlConversionError{node.Mark(), u"cannot decode \"%1\" as %2"_s.arg(fromStd(value), fromStd(tag))};
            return v;
        }
        // Unknown tags (e.g. !Ref): keep the text, as JSON cannot carry the tag.
        return fromStd(value);
    }

    void mergeInto(QJsonObject *target, const YAML::Node &source, int depth)
    {
        const auto mergeOne = [&](const YAML::Node &map) {
            if (!map.IsMap())
                throw YamlConversionError{map.Mark(), u"map merge requires a mapping or a list of mappings"_s};
            const QJsonObject o = convert(map, depth + 1).toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (!target->contains(it.key()))
                    target->insert(it.key(), it.value());
            }
        };
        if (source.IsSequence()) {
            for (const YAML::Node &item : source)
                mergeOne(item);
        } else {
            mergeOne(source);
        }
    }

    QJsonValue convert(const YAML::Node &node, int depth)
    {
        if (depth > kMaxDepth)
            throw YamlConversionError{node.Mark(), u"nesting too deep (more than %1 levels)"_s.arg(kMaxDepth)};
        if (++nodes > kMaxNodes)
            throw YamlConversionError{node.Mark(), u"document expands to too many nodes (alias bomb?)"_s};
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return QJsonValue::Null;
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            for (const YAML::Node &item : node)
                array.append(convert(item, depth + 1));
            return array;
        }
        case YAML::NodeType::Map: {
            QJsonObject object;
            std::vector<YAML::Node> merges;
            for (auto it = node.begin(); it != node.end(); ++it) {
                // By value: yaml-cpp's it->first lives in a proxy that dies with the
                // expression, so a reference to it dangles (ASan: stack-use-after-scope).
                const auto entry = *it;
                const YAML::Node &key = entry.first;
                if (key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<") {
                    merges.push_back(entry.second);
                    continue;
                }
                if (!key.IsScalar() && !key.IsNull())
                    throw YamlConversionError{key.Mark(), u"a mapping key must be a scalar"_s};
                const QString name = key.IsNull() ? u"null"_s : keyName(key);
                if (object.contains(name))
                    throw YamlConversionError{key.Mark(), u"key \"%1\" already set in map"_s.arg(name)};
                object.insert(name, convert(entry.second, depth + 1));
            }
            // Explicit keys win over merged ones, whatever their order.
            for (const YAML::Node &m : merges)
                mergeInto(&object, m, depth);
            return object;
        }
        }
        return QJsonValue::Null;
    }
};

// yaml-cpp 0.7 (Debian 12's) never returns from LoadAll on some malformed streams, e.g.
// a ',' where a document should start (jbeder/yaml-cpp#1040, fixed upstream by #1319):
// its parser stops consuming input and yields the same empty document again and again,
// growing memory until the process dies. Walk the documents with the event parser first
// and fail where one starts at the very place the previous one did.
class DocumentProgress final : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (m_started && mark.pos == m_lastStart.pos)
            throw YamlConversionError{mark, u"unexpected character where a document should start"_s};
        m_started = true;
        m_lastStart = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    bool m_started = false;
    YAML::Mark m_lastStart;
};

void checkDocumentsEnd(const std::string &text)
{
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentProgress progress;
    while (parser.HandleNextDocument(progress)) {
    }
}

} // namespace

QJsonValue yamlNodeToJson(const YAML::Node &node)
{
    Converter c;
    return c.convert(node, 0);
}

} // namespace detail

bool parseYamlDocuments(const QByteArray &yaml, const QString &sourceName,
                        QList<QJsonObject> *documents, YamlError *error)
{
    const auto fail = [&](const YAML::Mark &mark, const QString &message) {
        if (error) {
            error->sourceName = sourceName;
            error->line = mark.line >= 0 ? mark.line + 1 : 0;
            error->column = mark.column >= 0 ? mark.column + 1 : 0;
            error->message = message;
        }
        return false;
    };
    QList<QJsonObject> result;
    try {
        const std::string text(yaml.constData(), size_t(yaml.size()));
        detail::checkDocumentsEnd(text);
        const std::vector<YAML::Node> nodes = YAML::LoadAll(text);
        for (const YAML::Node &node : nodes) {
            if (node.IsNull() || !node.IsDefined())
                continue;
            if (!node.IsMap()) {
                return fail(node.Mark(), node.IsSequence()
                                             ? u"a document must be a mapping (an object), not a list"_s
                                             : u"a document must be a mapping (an object), not a scalar"_s);
            }
            result.append(detail::yamlNodeToJson(node).toObject());
        }
    } catch (const YAML::Exception &e) {
        return fail(e.mark, detail::fromStd(e.msg));
    } catch (const detail::YamlConversionError &e) {
        return fail(e.mark, e.message);
    }
    if (documents)
        *documents = std::move(result);
    return true;
}

// ---- emitting --------------------------------------------------------------

namespace {

QByteArray quoted(const QString &s)
{
    // A JSON string is a valid YAML double-quoted scalar.
    const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray scalarText(const QString &s)
{
    return detail::needsQuoting(s) ? quoted(s) : s.toUtf8();
}

QByteArray numberText(const QJsonValue &v)
{
    const double d = v.toDouble();
    if (std::isnan(d))
        return ".nan";
    if (std::isinf(d))
        return d > 0 ? ".inf" : "-.inf";
    if (v.toVariant().typeId() == QMetaType::LongLong)
        return QByteArray::number(v.toInteger());
    if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
        return QByteArray::number(qint64(d));
    QByteArray text = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    return text;
}

// A multi-line string that a literal block keeps byte for byte.
bool fitsLiteral(const QString &s)
{
    if (!s.contains(u'\n'))
        return false;
    const QStringList lines = s.split(u'\n');
    bool sawContent = false;
    for (const QString &line : lines) {
        for (const QChar c : line) {
            if ((c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f || c == QChar(0xfeff)
                || c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
                || c.category() == QChar::Separator_Paragraph)
                return false;
        }
        if (!line.isEmpty() && line.trimmed().isEmpty())
            return false;   // whitespace-only lines would lose their spaces
        if (!line.isEmpty() && !sawContent) {
            if (line.front().isSpace())
                return false;   // would need an indentation indicator
            sawContent = true;
        }
    }
    return sawContent;
}

void writeLiteral(QByteArray &out, const QString &s, int indent)
{
    QString body = s;
    int trailing = 0;
    while (body.endsWith(u'\n')) {
        body.chop(1);
        ++trailing;
    }
    out += trailing == 0 ? " |-\n" : (trailing == 1 ? " |\n" : " |+\n");
    const QByteArray pad(indent, ' ');
    for (const QString &line : body.split(u'\n')) {
        if (!line.isEmpty())
            out += pad + line.toUtf8();
        out += '\n';
    }
    for (int i = 1; i < trailing; ++i)
        out += '\n';
}

void writeMapping(QByteArray &out, const QJsonObject &o, int indent, bool firstInline);
void writeSequence(QByteArray &out, const QJsonArray &a, int indent, bool firstInline);

// Writes what follows "key:" or "-" (the leading space included) for a node at `indent`.
void writeNodeAfterIndicator(QByteArray &out, const QJsonValue &v, int indent, bool afterKey)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        if (o.isEmpty()) {
            out += " {}\n";
        } else if (afterKey) {
            out += '\n';
            writeMapping(out, o, indent + 2, false);
        } else {
            out += ' ';
            writeMapping(out, o, indent + 2, true);
        }
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        if (a.isEmpty()) {
            out += " []\n";
        } else if (afterKey) {
            out += '\n';
            writeSequence(out, a, indent, false);   // kubectl does not indent a list under its key
        } else {
            out += ' ';
            writeSequence(out, a, indent + 2, true);
        }
        return;
    }
    case QJsonValue::String: {
        const QString s = v.toString();
        if (fitsLiteral(s))
            writeLiteral(out, s, indent + 2);
        else
            out += ' ' + scalarText(s) + '\n';
        return;
    }
    case QJsonValue::Double:
        out += ' ' + numberText(v) + '\n';
        return;
    case QJsonValue::Bool:
        out += v.toBool() ? " true\n" : " false\n";
        return;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += " null\n";
        return;
    }
}

void writeMapping(QByteArray &out, const QJsonObject &o, int indent, bool firstInline)
{
    bool first = true;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!(first && firstInline))
            out += QByteArray(indent, ' ');
        first = false;
        out += scalarText(it.key()) + ':';
        writeNodeAfterIndicator(out, it.value(), indent, true);
    }
}

void writeSequence(QByteArray &out, const QJsonArray &a, int indent, bool firstInline)
{
    bool first = true;
    for (const QJsonValue &item : a) {
        if (!(first && firstInline))
            out += QByteArray(indent, ' ');
        first = false;
        out += '-';
        writeNodeAfterIndicator(out, item, indent, false);
    }
}

} // namespace

QByteArray toYaml(const QJsonValue &value)
{
    QByteArray out;
    if (value.isObject() && !value.toObject().isEmpty()) {
        writeMapping(out, value.toObject(), 0, false);
    } else if (value.isArray() && !value.toArray().isEmpty()) {
        writeSequence(out, value.toArray(), 0, false);
    } else {
        // A lone scalar (or empty collection): reuse the "after indicator" form minus its space.
        writeNodeAfterIndicator(out, value, -2, false);
        out.remove(0, 1);
    }
    return out;
}

QByteArray toYamlStream(const QList<QJsonObject> &documents)
{
    QByteArray out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += toYaml(documents.at(i));
    }
    return out;
}

} // namespace pd::kube
