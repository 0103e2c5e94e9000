#pragma once

#include <QHash>
#include <QReadWriteLock>
#include <QString>

#include <optional>

namespace pd::core {

// Tokens kept in memory for this session only: the fallback when no keychain is
// available. Nothing is written anywhere; values are zeroed when removed or cleared.
class SessionTokenStore final
{
public:
    SessionTokenStore() = default;
    ~SessionTokenStore();
    SessionTokenStore(const SessionTokenStore &) = delete;
    SessionTokenStore &operator=(const SessionTokenStore &) = delete;

    void store(const QString &key, const QString &secret);
    std::optional<QString> read(const QString &key) const;
    bool remove(const QString &key); // false: nothing was stored under the key
    bool contains(const QString &key) const;
    qsizetype size() const;
    void clear();

private:
    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_tokens;
};

} // namespace pd::core
