// The sandbox's HTTP/1.1 request parser on any bytes a local client may send.
// Small limits so 4 KiB inputs reach every limit check. Property: the requests (and
// whether the connection ends in an error) do not depend on how TCP split the bytes:
// all at once and in pieces of 1..32 bytes give the same result; no request exceeds
// the limits.
#include "fuzzsupport.h"

#include "sandbox/httprequestparser.h"

using namespace pd::sandbox;

namespace {

HttpLimits smallLimits()
{
    HttpLimits limits;
    limits.maxRequestLineBytes = 256;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 16;
    limits.maxBodyBytes = 2048;
    limits.maxPipelinedRequests = 4;
    return limits;
}

struct Outcome
{
    QList<ParsedRequest> requests;
    bool endedInError = false;
};

// Parses what is buffered, taking requests as the connection would.
void drain(HttpRequestParser &parser, Outcome *outcome)
{
    for (;;) {
        parser.parse();
        (void)parser.takeContinueRequest();
        if (!parser.hasRequest())
            return;
        while (parser.hasRequest()) {
            ParsedRequest next = parser.takeRequest();
            if (next.errorCode != 0) {
                PD_FUZZ_CHECK(!outcome->endedInError, "only one error per connection");
                PD_FUZZ_CHECK(next.errorCode >= 400 && next.errorCode < 600, "errors are 4xx or 5xx");
                outcome->endedInError = true;
            } else {
                PD_FUZZ_CHECK(!outcome->endedInError, "nothing is parsed after an error");
                outcome->requests.append(std::move(next));
            }
        }
    }
}

bool sameRequest(const ParsedRequest &a, const ParsedRequest &b)
{
    return a.request.method == b.request.method && a.request.path == b.request.path
        && a.request.query.toString(QUrl::FullyEncoded) == b.request.query.toString(QUrl::FullyEncoded)
        && a.request.headers == b.request.headers && a.request.body == b.request.body && a.http10 == b.http10
        && a.keepAlive == b.keepAlive;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = pd::fuzz::bytesOf(data, size);
    const HttpLimits limits = smallLimits();

    HttpRequestParser whole(limits);
    Outcome wholeOutcome;
    whole.append(bytes);
    drain(whole, &wholeOutcome);

    HttpRequestParser pieces(limits);
    Outcome pieceOutcome;
    quint32 state = quint32(size) * 2654435761u + 7;
    for (qsizetype at = 0; at < bytes.size();) {
        state = state * 1103515245u + 12345u;
        const qsizetype piece = qMin(qsizetype(1 + (state >> 16) % 32), bytes.size() - at);
        pieces.append(bytes.mid(at, piece));
        at += piece;
        drain(pieces, &pieceOutcome);
    }

    PD_FUZZ_CHECK(wholeOutcome.endedInError == pieceOutcome.endedInError,
                  "an error does not depend on how reads split the bytes");
    PD_FUZZ_CHECK(wholeOutcome.requests.size() == pieceOutcome.requests.size(),
                  "the requests do not depend on how reads split the bytes");
    for (qsizetype i = 0; i < wholeOutcome.requests.size(); ++i) {
        const ParsedRequest &request = wholeOutcome.requests.at(i);
        PD_FUZZ_CHECK(sameRequest(request, pieceOutcome.requests.at(i)), "each request is parsed alike");
        PD_FUZZ_CHECK(request.request.body.size() <= limits.maxBodyBytes, "no body exceeds the limit");
        PD_FUZZ_CHECK(request.request.headers.size() <= limits.maxHeaderCount, "no request exceeds the header count");
        PD_FUZZ_CHECK(request.request.path.isEmpty() || !request.request.method.isEmpty(), "a request has a method");
    }
    PD_FUZZ_CHECK(whole.isIdle() == pieces.isIdle() && whole.failed() == pieces.failed(),
                  "the parser ends in the same state");
    return 0;
}
