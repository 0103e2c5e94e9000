#pragma once

// An in-memory HttpExchange for driving the ApiServer without sockets.

#include <sandbox/httpexchange.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace pd::sandbox::test {

// No Q_OBJECT (the header is not moc'ed): tests poll its fields with QTRY_*.
class TestExchange final : public HttpExchange
{
public:
    explicit TestExchange(HttpRequest request, QObject *parent = nullptr)
        : HttpExchange(parent)
        , m_request(std::move(request))
    {
    }

    const HttpRequest &request() const override { return m_request; }

    void respond(int statusCode, const QByteArray &contentType, const QByteArray &body,
                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) override
    {
        status = statusCode;
        this->contentType = contentType;
        this->body = body;
        headers = extraHeaders;
        m_open = false;
    }
    void beginStream(int statusCode, const QByteArray &contentType) override
    {
        status = statusCode;
        this->contentType = contentType;
        streaming = true;
    }
    void writeChunk(const QByteArray &data) override
    {
        chunks.append(data);
        if (closeAfterChunks > 0 && chunks.size() >= closeAfterChunks)
            closeByPeer();   // as a socket whose write failed: peerClosed before writeChunk returns
    }
    void endStream() override
    {
        m_open = false;
        ended = true;
    }
    void abort() override { m_open = false; }
    bool isOpen() const override { return m_open; }

    void closeByPeer()
    {
        m_open = false;
        Q_EMIT peerClosed();
    }

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // Each streamed line as an object.
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> out;
        for (const QByteArray &chunk : chunks)
            for (const QByteArray &line : chunk.split('\n'))
                if (!line.trimmed().isEmpty())
                    out.append(QJsonDocument::fromJson(line).object());
        return out;
    }

    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<QByteArray> chunks;
    bool streaming = false;
    bool ended = false;
    int closeAfterChunks = 0;   // > 0: the peer goes away while this chunk is written

private:
    HttpRequest m_request;
    bool m_open = true;
};

} // namespace pd::sandbox::test
