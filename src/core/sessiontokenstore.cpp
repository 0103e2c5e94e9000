#include "sessiontokenstore.h"

namespace pd::core {

namespace {

// Overwrites a value before it is released, so a freed buffer does not keep a token.
void wipe(QString &value)
{
    value.detach();
    value.fill(QChar(u'\0'));
    value.clear();
}

} // namespace

SessionTokenStore::~SessionTokenStore()
{
    clear();
}

void SessionTokenStore::store(const QString &key, const QString &secret)
{
    QWriteLocker locker(&m_lock);
    auto it = m_tokens.find(key);
    if (it != m_tokens.end())
        wipe(*it);
    m_tokens.insert(key, secret);
}

std::optional<QString> SessionTokenStore::read(const QString &key) const
{
    QReadLocker locker(&m_lock);
    const auto it = m_tokens.constFind(key);
    if (it == m_tokens.cend())
        return std::nullopt;
    return *it;
}

bool SessionTokenStore::remove(const QString &key)
{
    QWriteLocker locker(&m_lock);
    auto it = m_tokens.find(key);
    if (it == m_tokens.end())
        return false;
    wipe(*it);
    m_tokens.erase(it);
    return true;
}

bool SessionTokenStore::contains(const QString &key) const
{
    QReadLocker locker(&m_lock);
    return m_tokens.contains(key);
}

qsizetype SessionTokenStore::size() const
{
    QReadLocker locker(&m_lock);
    return m_tokens.size();
}

void SessionTokenStore::clear()
{
    QWriteLocker locker(&m_lock);
    for (QString &value : m_tokens)
        wipe(value);
    m_tokens.clear();
}

} // namespace pd::core
