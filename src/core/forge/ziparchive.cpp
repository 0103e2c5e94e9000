#include "ziparchive.h"

#include <zlib.h>

namespace pd::core {

namespace {

quint16 u16(const QByteArray &data, qsizetype at)
{
    return quint16(quint8(data.at(at))) | quint16(quint8(data.at(at + 1))) << 8;
}

quint32 u32(const QByteArray &data, qsizetype at)
{
    return quint32(u16(data, at)) | quint32(u16(data, at + 2)) << 16;
}

// Raw deflate (no zlib header), as zip stores it.
std::optional<QByteArray> inflateRaw(const QByteArray &compressed, qsizetype expected, qsizetype maxSize)
{
    if (expected > maxSize)
        return std::nullopt;
    QByteArray out(expected, Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    stream.avail_in = uInt(compressed.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = inflate(&stream, Z_FINISH);
    const bool complete = result == Z_STREAM_END && stream.total_out == uLong(expected);
    inflateEnd(&stream);
    return complete ? std::optional<QByteArray>(out) : std::nullopt;
}

} // namespace

bool ZipArchive::open(const QByteArray &data, QString *error)
{
    m_data = data;
    m_entries.clear();
    // The end-of-central-directory record: 22 bytes plus a comment of at most 64 KiB.
    qsizetype end = -1;
    for (qsizetype at = data.size() - 22; at >= 0 && at >= data.size() - 22 - 65535; --at) {
        if (u32(data, at) == 0x06054b50) {
            end = at;
            break;
        }
    }
    if (end < 0) {
        *error = QStringLiteral("not a zip archive (no end of central directory in %1 bytes)").arg(data.size());
        return false;
    }
    const quint16 count = u16(data, end + 10);
    qsizetype at = u32(data, end + 16);
    for (quint16 i = 0; i < count; ++i) {
        if (at + 46 > data.size() || u32(data, at) != 0x02014b50) {
            *error = QStringLiteral("the zip archive's central directory is damaged (entry %1)").arg(i + 1);
            return false;
        }
        Entry entry;
        entry.method = u16(data, at + 10);
        entry.crc = u32(data, at + 16);
        entry.compressedSize = u32(data, at + 20);
        entry.size = u32(data, at + 24);
        const quint16 nameLength = u16(data, at + 28);
        const quint16 extraLength = u16(data, at + 30);
        const quint16 commentLength = u16(data, at + 32);
        entry.localHeader = u32(data, at + 42);
        entry.name = QString::fromUtf8(data.mid(at + 46, nameLength));
        m_entries << entry;
        at += 46 + nameLength + extraLength + commentLength;
    }
    return true;
}

QStringList ZipArchive::names() const
{
    QStringList names;
    for (const Entry &entry : m_entries)
        names << entry.name;
    return names;
}

std::optional<QByteArray> ZipArchive::read(const QString &name, QString *error, qsizetype maxSize) const
{
    const Entry *found = nullptr;
    for (const Entry &entry : m_entries)
        if (entry.name == name)
            found = &entry;
    if (!found) {
        for (const Entry &entry : m_entries) {
            if (entry.name.section(QLatin1Char('/'), -1) != name)
                continue;
            if (found) {
                *error = QStringLiteral("the archive holds more than one %1 (%2)").arg(name, names().join(QStringLiteral(", ")));
                return std::nullopt;
            }
            found = &entry;
        }
    }
    if (!found) {
        *error = QStringLiteral("the archive holds no %1 (it holds: %2)")
                     .arg(name, m_entries.isEmpty() ? QStringLiteral("nothing") : names().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const qsizetype local = found->localHeader;
    if (local + 30 > m_data.size() || u32(m_data, local) != 0x04034b50) {
        *error = QStringLiteral("the zip entry %1 is damaged").arg(found->name);
        return std::nullopt;
    }
    const qsizetype start = local + 30 + u16(m_data, local + 26) + u16(m_data, local + 28);
    if (start + qsizetype(found->compressedSize) > m_data.size()) {
        *error = QStringLiteral("the zip entry %1 is cut short").arg(found->name);
        return std::nullopt;
    }
    const QByteArray stored = m_data.mid(start, found->compressedSize);
    std::optional<QByteArray> content;
    if (found->method == 0 && found->size == found->compressedSize)
        content = stored;
    else if (found->method == 8)
        content = inflateRaw(stored, found->size, maxSize);
    if (found->method != 0 && found->method != 8) {
        *error = QStringLiteral("the zip entry %1 uses compression method %2 (stored or deflate expected)").arg(found->name).arg(found->method);
        return std::nullopt;
    }
    if (!content || qsizetype(content->size()) > maxSize) {
        *error = QStringLiteral("the zip entry %1 cannot be inflated (damaged, or larger than %2 bytes)").arg(found->name).arg(maxSize);
        return std::nullopt;
    }
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(content->constData()), uInt(content->size()));
    if (quint32(crc) != found->crc) {
        *error = QStringLiteral("the zip entry %1 fails its CRC-32 check").arg(found->name);
        return std::nullopt;
    }
    return content;
}

} // namespace pd::core
