// The watch stream's framing alone: one event per line whatever the reads, lines that
// are no event skipped, and every line left at the end of the stream decoded.
#include "kube/watcheventdecoder.h"

#include <QTest>

using namespace pd::kube;
using namespace Qt::StringLiterals;

namespace {

QStringList drain(WatchEventDecoder &decoder, bool ended)
{
    QStringList out;
    while (std::optional<WatchEvent> event = ended ? decoder.finish() : decoder.next())
        out.append(WatchEvent::typeToString(event->type) + u' '
                   + event->object.value("metadata"_L1).toObject().value("name"_L1).toString());
    return out;
}

QByteArray line(const char *type, const char *name)
{
    return "{\"type\":\"" + QByteArray(type) + "\",\"object\":{\"metadata\":{\"name\":\"" + QByteArray(name) + "\"}}}";
}

} // namespace

class TestWatchEventDecoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linesSplitAcrossReads();
    void nonEventsAreSkipped();
    void everyLineLeftAtTheEndIsDecoded();
};

void TestWatchEventDecoder::linesSplitAcrossReads()
{
    const QByteArray body = line("ADDED", "a") + '\n' + line("MODIFIED", "a") + "\r\n";
    WatchEventDecoder decoder;
    QStringList events;
    for (char c : body) {
        decoder.append(QByteArray(1, c));
        events += drain(decoder, false);
    }
    QCOMPARE(events, (QStringList{u"ADDED a"_s, u"MODIFIED a"_s}));
    QCOMPARE(drain(decoder, true), QStringList());
}

void TestWatchEventDecoder::nonEventsAreSkipped()
{
    WatchEventDecoder decoder;
    decoder.append("not json\n[1,2]\n{\"type\":\"SOMETHING\",\"object\":{}}\n\n" + line("DELETED", "b") + '\n');
    QCOMPARE(drain(decoder, false), QStringList{u"DELETED b"_s});
}

void TestWatchEventDecoder::everyLineLeftAtTheEndIsDecoded()
{
    // The server closed right after two events whose newline-free tail was never read
    // line by line: both are kept (before, the two lines were parsed as one and lost).
    WatchEventDecoder decoder;
    decoder.append(line("ADDED", "a") + '\n' + line("BOOKMARK", "") + '\n' + line("DELETED", "a"));
    QCOMPARE(drain(decoder, true), (QStringList{u"ADDED a"_s, u"BOOKMARK "_s, u"DELETED a"_s}));
}

QTEST_GUILESS_MAIN(TestWatchEventDecoder)
#include "tst_watcheventdecoder.moc"
