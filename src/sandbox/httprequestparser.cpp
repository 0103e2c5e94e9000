#include "sandbox/httprequestparser.h"

#include <QUrl>

namespace pd::sandbox {

namespace {

constexpr qsizetype kMaxChunkLine = 4096;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool hasToken(const QByteArray &headerValue, QByteArrayView token)
{
    const QList<QByteArray> parts = headerValue.split(',');
    for (const QByteArray &part : parts)
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// How long `data` is without the start of `terminator` it may end with: a limit then
// judges the same bytes alike however reads split them (a CR that arrived without its
// LF does not count against the line).
qsizetype lengthSoFar(const QByteArray &data, QByteArrayView terminator)
{
    for (qsizetype partial = qMin(terminator.size() - 1, data.size()); partial > 0; --partial)
        if (data.endsWith(terminator.first(partial)))
            return data.size() - partial;
    return data.size();
}

} // namespace

qsizetype HttpRequestParser::lineSoFar() const
{
    const qsizetype lineEnd = m_in.indexOf("\r\n");
    return lineEnd >= 0 ? lineEnd : lengthSoFar(m_in, "\r\n");
}

void HttpRequestParser::fail(int code, const QByteArray &message)
{
    ParsedRequest p;
    p.errorCode = code;
    p.errorMessage = message;
    p.keepAlive = false;
    m_queue.push_back(std::move(p));
    m_state = State::Failed;
    m_in.clear();
}

void HttpRequestParser::parse()
{
    while (m_state != State::Failed && qsizetype(m_queue.size()) < m_limits.maxPipelinedRequests) {
        switch (m_state) {
        case State::Head: {
            // Tolerate empty lines before a request line (RFC 9112 2.2).
            while (m_in.startsWith("\r\n"))
                m_in.remove(0, 2);
            const qsizetype end = m_in.indexOf("\r\n\r\n");
            if (end < 0) {
                if (lineSoFar() > m_limits.maxRequestLineBytes)
                    fail(400, "request line too long");
                else if (lengthSoFar(m_in, "\r\n\r\n") > m_limits.maxRequestLineBytes + m_limits.maxHeaderBytes)
                    fail(431, "request header fields too large");
                return;
            }
            const QByteArray head = m_in.left(end);
            m_in.remove(0, end + 4);
            if (!parseHead(head))
                return;
            break;
        }
        case State::Body: {
            const qsizetype take = qMin(m_remaining, m_in.size());
            m_partial.request.body += m_in.left(take);
            m_in.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return;
            completeRequest();
            break;
        }
        case State::ChunkSize: {
            const qsizetype lineEnd = m_in.indexOf("\r\n");
            if (lineSoFar() > kMaxChunkLine) {
                fail(400, "chunk size line too long");
                return;
            }
            if (lineEnd < 0)
                return;
            QByteArray line = m_in.left(lineEnd);
            m_in.remove(0, lineEnd + 2);
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0)
                line.truncate(semicolon);
            line = line.trimmed();
            bool ok = false;
            const qlonglong size = line.toLongLong(&ok, 16);
            if (!ok || size < 0 || line.isEmpty() || line.size() > 15) {
                fail(400, "malformed chunk size");
                return;
            }
            if (m_partial.request.body.size() + size > m_limits.maxBodyBytes) {
                fail(413, "the server has received too large a request entity");
                return;
            }
            m_remaining = qsizetype(size);
            m_state = size == 0 ? State::Trailer : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qsizetype take = qMin(m_remaining, m_in.size());
            m_partial.request.body += m_in.left(take);
            m_in.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
            if (m_in.size() < 2)
                return;
            if (!m_in.startsWith("\r\n")) {
                fail(400, "malformed chunk: missing CRLF after data");
                return;
            }
            m_in.remove(0, 2);
            m_state = State::ChunkSize;
            break;
        case State::Trailer: {
            const qsizetype lineEnd = m_in.indexOf("\r\n");
            if (lineSoFar() > m_limits.maxHeaderBytes) {
                fail(431, "request trailer fields too large");
                return;
            }
            if (lineEnd < 0)
                return;
            m_in.remove(0, lineEnd + 2);
            if (lineEnd == 0)     // empty line: end of trailers (their content is ignored)
                completeRequest();
            break;
        }
        case State::Failed:
            return;
        }
    }
}

bool HttpRequestParser::parseHead(const QByteArray &head)
{
    m_partial = ParsedRequest();
    m_expectContinue = false;
    if (head.size() > m_limits.maxRequestLineBytes + m_limits.maxHeaderBytes) {
        fail(431, "request header fields too large");
        return false;
    }
    const QList<QByteArray> lines = head.split('\n');
    QByteArray requestLine = lines.first();
    if (requestLine.endsWith('\r'))
        requestLine.chop(1);
    if (requestLine.size() > m_limits.maxRequestLineBytes) {
        fail(400, "request line too long");
        return false;
    }
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, "malformed request line");
        return false;
    }
    if (parts[2] == "HTTP/1.0") {
        m_partial.http10 = true;
    } else if (parts[2] != "HTTP/1.1") {
        fail(400, "unsupported HTTP version");
        return false;
    }
    HttpRequest &req = m_partial.request;
    req.method = parts[0];
    QByteArray target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) {   // absolute-form
        const qsizetype pathStart = target.indexOf('/', target.indexOf("//") + 2);
        target = pathStart < 0 ? QByteArray("/") : target.mid(pathStart);
    }
    if (!target.startsWith('/') && target != "*") {
        fail(400, "malformed request target");
        return false;
    }
    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    QByteArray rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    const qsizetype fragment = rawQuery.indexOf('#');
    if (fragment >= 0)
        rawQuery.truncate(fragment);
    req.path = QUrl::fromPercentEncoding(rawPath);
    // Go's url.Values encodes a space as '+' (labelSelector=app+in+%28a%2Cb%29); a literal '+' arrives as %2B.
    rawQuery.replace('+', "%20");
    req.query = QUrlQuery(QString::fromUtf8(rawQuery));

    qsizetype headerBytes = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        headerBytes += line.size();
        if (line.isEmpty())
            continue;
        if (line.startsWith(' ') || line.startsWith('\t')) {
            fail(400, "obsolete header line folding");
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            fail(400, "malformed header line");
            return false;
        }
        req.headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
    }
    if (headerBytes > m_limits.maxHeaderBytes || req.headers.size() > m_limits.maxHeaderCount) {
        fail(431, "request header fields too large");
        return false;
    }
    bool hasHost = false;
    QByteArray contentLength;
    QByteArray transferEncoding;
    QByteArray connection;
    for (const auto &h : std::as_const(req.headers)) {
        if (h.first == "host") {
            hasHost = true;
        } else if (h.first == "content-length") {
            if (!contentLength.isNull() && contentLength != h.second) {
                fail(400, "conflicting Content-Length headers");
                return false;
            }
            contentLength = h.second;
        } else if (h.first == "transfer-encoding") {
            transferEncoding += (transferEncoding.isEmpty() ? "" : ",") + h.second;
        } else if (h.first == "connection") {
            connection += (connection.isEmpty() ? "" : ",") + h.second;
        } else if (h.first == "expect" && h.second.compare("100-continue", Qt::CaseInsensitive) == 0) {
            m_expectContinue = true;
        }
    }
    if (!m_partial.http10 && !hasHost) {
        fail(400, "missing required Host header");
        return false;
    }
    m_partial.keepAlive = m_partial.http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");

    if (!transferEncoding.isEmpty()) {
        if (!contentLength.isNull()) {
            fail(400, "both Transfer-Encoding and Content-Length");
            return false;
        }
        if (transferEncoding.trimmed().compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(m_partial.http10 ? 400 : 501, "unsupported transfer encoding");
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    }
    if (!contentLength.isNull()) {
        bool ok = contentLength.size() <= 18;
        for (char c : std::as_const(contentLength))
            ok = ok && c >= '0' && c <= '9';
        const qlonglong length = ok ? contentLength.toLongLong(&ok) : -1;
        if (!ok || length < 0 || contentLength.isEmpty()) {
            fail(400, "malformed Content-Length");
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, "the server has received too large a request entity");
            return false;
        }
        if (length > 0) {
            m_remaining = qsizetype(length);
            m_partial.request.body.reserve(m_remaining);
            m_state = State::Body;
            return true;
        }
    }
    m_expectContinue = false;
    completeRequest();
    return true;
}

void HttpRequestParser::completeRequest()
{
    m_expectContinue = false;
    m_queue.push_back(std::move(m_partial));
    m_partial = ParsedRequest();
    m_state = State::Head;
    m_remaining = 0;
}

ParsedRequest HttpRequestParser::takeRequest()
{
    ParsedRequest next = std::move(m_queue.front());
    m_queue.pop_front();
    return next;
}

void HttpRequestParser::discardAll()
{
    m_queue.clear();
}

bool HttpRequestParser::takeContinueRequest()
{
    if (!m_expectContinue || (m_state != State::Body && m_state != State::ChunkSize))
        return false;
    m_expectContinue = false;
    return !m_partial.http10;
}

} // namespace pd::sandbox
