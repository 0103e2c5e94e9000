#pragma once

// How CostHistory stores the usage of one sample time: one compressed frame per time instead
// of a row per container. Not part of the public API.

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace pd::core::costhistory_detail {

// The quanta usage is stored in: a millicore is the resolution of Kubernetes CPU quantities,
// a mebibyte of memory is worth a ten-thousandth of a cent a day at cloud prices. Rounding is
// to the nearest quantum, so sums carry no bias.
constexpr double cpuQuantaPerCore = 1000.0;
constexpr double memoryQuantumBytes = 1024.0 * 1024.0;

qint64 quantizeCpu(double cores);
qint64 quantizeMemory(double bytes);
inline double cpuCores(qint64 quanta) { return double(quanta) / cpuQuantaPerCore; }
inline double memoryBytes(qint64 quanta) { return double(quanta) * memoryQuantumBytes; }

// One sample time: the series seen, ascending, and their usage in quanta.
struct UsageFrame
{
    std::vector<qint64> series;
    std::vector<qint64> cpu;
    std::vector<qint64> memory;

    qsizetype size() const { return qsizetype(series.size()); }
    bool operator==(const UsageFrame &) const = default;
};

// A frame encoded on its own (base null: a key frame) or as differences from the frame of the
// sample time before it (base): the series list is "as before" when it did not change, and
// each value is the change from the same series' value in the base, which is mostly small.
// Columns are stored one after another as varints, then zlib-compressed.
QByteArray encodeUsageFrame(const UsageFrame &frame, const UsageFrame *base);

// The inverse; base must be the frame the blob was encoded against. nullopt with error for a
// blob that is damaged or of an unknown version, or a delta given no base.
std::optional<UsageFrame> decodeUsageFrame(const QByteArray &blob, const UsageFrame *base, QString *error);

// Whether the blob was encoded against a base.
bool isDeltaFrame(const QByteArray &blob);

} // namespace pd::core::costhistory_detail
