#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::core {

// The one file PreviewDesk reads out of a zip: a GitHub Actions artifact's archive (stored or
// deflated entries, as actions/upload-artifact writes them). Reads the central directory,
// checks each entry's CRC-32 and refuses entries that inflate past maxSize.
class ZipArchive final
{
public:
    // False and *error when `data` is no zip archive.
    bool open(const QByteArray &data, QString *error);
    QStringList names() const;
    // The entry called `name` (or, when none is, the only entry whose file name is `name`).
    std::optional<QByteArray> read(const QString &name, QString *error, qsizetype maxSize = 16 * 1024 * 1024) const;

private:
    struct Entry
    {
        QString name;
        quint16 method = 0;
        quint32 crc = 0;
        quint32 compressedSize = 0;
        quint32 size = 0;
        quint32 localHeader = 0;
    };
    QByteArray m_data;
    QList<Entry> m_entries;
};

} // namespace pd::core
