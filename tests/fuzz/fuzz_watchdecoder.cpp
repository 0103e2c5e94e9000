// WatchEventDecoder on any response body (watch streams from servers the app does not
// control). Property: the events do not depend on how the bytes were split across
// reads: all at once and in pieces of 1..16 bytes give the same sequence.
#include "fuzzsupport.h"

#include "kube/watcheventdecoder.h"

using pd::kube::WatchEvent;
using pd::kube::WatchEventDecoder;

namespace {

QList<WatchEvent> drain(WatchEventDecoder &decoder, bool ended)
{
    QList<WatchEvent> events;
    while (std::optional<WatchEvent> event = ended ? decoder.finish() : decoder.next())
        events.append(*event);
    return events;
}

bool sameEvents(const QList<WatchEvent> &a, const QList<WatchEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a.at(i).type != b.at(i).type || a.at(i).object != b.at(i).object)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = pd::fuzz::bytesOf(data, size);

    WatchEventDecoder whole;
    whole.append(body);
    QList<WatchEvent> wholeEvents = drain(whole, false);
    wholeEvents += drain(whole, true);

    WatchEventDecoder pieces;
    QList<WatchEvent> pieceEvents;
    quint32 state = quint32(size) * 2654435761u + 1;   // piece sizes follow from the input, so a crash reproduces
    for (qsizetype at = 0; at < body.size();) {
        state = state * 1103515245u + 12345u;
        const qsizetype piece = qMin(qsizetype(1 + (state >> 16) % 16), body.size() - at);
        pieces.append(body.mid(at, piece));
        at += piece;
        pieceEvents += drain(pieces, false);
    }
    pieceEvents += drain(pieces, true);

    PD_FUZZ_CHECK(sameEvents(wholeEvents, pieceEvents), "the events do not depend on how reads split the bytes");
    for (const WatchEvent &event : std::as_const(wholeEvents))
        PD_FUZZ_CHECK(!WatchEvent::typeToString(event.type).isEmpty(), "every event has a known type");
    return 0;
}
