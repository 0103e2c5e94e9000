#include "costusageframe.h"

#include <QtGlobal>

#include <cmath>
#include <limits>

namespace pd::core::costhistory_detail {

namespace {

// blob = version, flags, zlib(columns)
constexpr char frameVersion = 1;
constexpr char deltaFlag = 0x1;         // values are changes from the base frame's
constexpr char sameSeriesFlag = 0x2;    // the series list is the base frame's
constexpr int compressionLevel = 6;

void putVarint(QByteArray &out, quint64 v)
{
    while (v >= 0x80) {
        out.append(char(v | 0x80));
        v >>= 7;
    }
    out.append(char(v));
}

void putSigned(QByteArray &out, qint64 v)
{
    putVarint(out, (quint64(v) << 1) ^ quint64(v >> 63));   // zigzag: small magnitudes, few bytes
}

class Reader
{
public:
    explicit Reader(const QByteArray &data) : m_p(data.constData()), m_end(data.constData() + data.size()) {}

    bool varint(quint64 *v)
    {
        quint64 result = 0;
        for (int shift = 0; shift < 64 && m_p < m_end; shift += 7) {
            const auto byte = quint8(*m_p++);
            result |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                *v = result;
                return true;
            }
        }
        return false;
    }

    bool signedVarint(qint64 *v)
    {
        quint64 u = 0;
        if (!varint(&u))
            return false;
        *v = qint64(u >> 1) ^ -qint64(u & 1);
        return true;
    }

    bool atEnd() const { return m_p == m_end; }

private:
    const char *m_p;
    const char *m_end;
};

// For each series of `frame`, the index of the same series in `base`, or -1.
std::vector<qsizetype> baseIndexes(const std::vector<qint64> &series, const UsageFrame &base)
{
    std::vector<qsizetype> out(series.size(), -1);
    size_t j = 0;
    for (size_t i = 0; i < series.size(); ++i) {
        while (j < base.series.size() && base.series[j] < series[i])
            ++j;
        if (j < base.series.size() && base.series[j] == series[i])
            out[i] = qsizetype(j);
    }
    return out;
}

qint64 quantize(double value, double quantaPerUnit)
{
    const double q = std::round(value * quantaPerUnit);
    if (!(q > 0))
        return 0;   // also NaN
    return q >= double(std::numeric_limits<qint64>::max() / 2) ? std::numeric_limits<qint64>::max() / 2 : qint64(q);
}

} // namespace

qint64 quantizeCpu(double cores)
{
    return quantize(cores, cpuQuantaPerCore);
}

qint64 quantizeMemory(double bytes)
{
    return quantize(bytes, 1.0 / memoryQuantumBytes);
}

QByteArray encodeUsageFrame(const UsageFrame &frame, const UsageFrame *base)
{
    const bool sameSeries = base && base->series == frame.series;
    std::vector<qsizetype> indexes;
    if (base && !sameSeries)
        indexes = baseIndexes(frame.series, *base);
    const auto baseIndex = [&](size_t i) -> qsizetype {
        return !base ? -1 : sameSeries ? qsizetype(i) : indexes[i];
    };

    QByteArray raw;
    raw.reserve(frame.size() * 4 + 16);
    putVarint(raw, quint64(frame.size()));
    if (!sameSeries) {
        qint64 previous = -1;
        for (qint64 id : frame.series) {
            putVarint(raw, quint64(id - previous - 1));   // ascending: the gap, mostly 0
            previous = id;
        }
    }
    for (const auto column : {&UsageFrame::cpu, &UsageFrame::memory}) {
        const std::vector<qint64> &values = frame.*column;
        for (size_t i = 0; i < values.size(); ++i) {
            const qsizetype b = baseIndex(i);
            putSigned(raw, values[i] - (b >= 0 ? ((*base).*column)[size_t(b)] : 0));
        }
    }
    QByteArray blob;
    blob.append(frameVersion);
    blob.append(char((base ? deltaFlag : 0) | (sameSeries ? sameSeriesFlag : 0)));
    blob.append(qCompress(raw, compressionLevel));
    return blob;
}

bool isDeltaFrame(const QByteArray &blob)
{
    return blob.size() >= 2 && (blob.at(1) & deltaFlag);
}

std::optional<UsageFrame> decodeUsageFrame(const QByteArray &blob, const UsageFrame *base, QString *error)
{
    const auto fail = [&](const char *why) -> std::optional<UsageFrame> {
        *error = QString::fromLatin1(why);
        return std::nullopt;
    };
    if (blob.size() < 2)
        return fail("a usage frame is truncated");
    if (blob.at(0) != frameVersion)
        return fail("a usage frame has an unknown format");
    const char flags = blob.at(1);
    const bool delta = flags & deltaFlag;
    const bool sameSeries = flags & sameSeriesFlag;
    if (delta && !base)
        return fail("a usage frame's base frame is missing");
    if (sameSeries && !delta)
        return fail("a usage frame is damaged");
    const QByteArray raw = qUncompress(reinterpret_cast<const uchar *>(blob.constData()) + 2, blob.size() - 2);
    if (raw.isEmpty())
        return fail("a usage frame is damaged (it does not decompress)");

    Reader in(raw);
    quint64 n = 0;
    if (!in.varint(&n) || n > quint64(raw.size()))
        return fail("a usage frame is damaged");
    UsageFrame frame;
    if (sameSeries) {
        if (n != quint64(base->series.size()))
            return fail("a usage frame does not match its base frame");
        frame.series = base->series;
    } else {
        frame.series.reserve(size_t(n));
        qint64 previous = -1;
        for (quint64 i = 0; i < n; ++i) {
            quint64 gap = 0;
            if (!in.varint(&gap) || gap > quint64(std::numeric_limits<qint64>::max() / 2))
                return fail("a usage frame is damaged");
            previous += qint64(gap) + 1;
            frame.series.push_back(previous);
        }
    }
    std::vector<qsizetype> indexes;
    if (delta && !sameSeries)
        indexes = baseIndexes(frame.series, *base);
    for (const auto column : {&UsageFrame::cpu, &UsageFrame::memory}) {
        std::vector<qint64> &values = frame.*column;
        values.resize(size_t(n));
        for (size_t i = 0; i < size_t(n); ++i) {
            qint64 v = 0;
            if (!in.signedVarint(&v))
                return fail("a usage frame is damaged");
            const qsizetype b = !delta ? -1 : sameSeries ? qsizetype(i) : indexes[i];
            // Wrapping, so a damaged blob gives wrong numbers rather than undefined behaviour.
            values[i] = qint64(quint64(v) + quint64(b >= 0 ? ((*base).*column)[size_t(b)] : 0));
        }
    }
    if (!in.atEnd())
        return fail("a usage frame is damaged (bytes after its end)");
    return frame;
}

} // namespace pd::core::costhistory_detail
