#include "redactingsink.h"

#include <algorithm>

namespace pd::log {

RedactingSink::RedactingSink(std::shared_ptr<const SecretRedactor> redactor, std::vector<spdlog::sink_ptr> sinks)
    : m_redactor(std::move(redactor))
    , m_sinks(std::move(sinks))
{
}

void RedactingSink::addSink(const spdlog::sink_ptr &sink)
{
    std::lock_guard lock(mutex_);
    m_sinks.push_back(sink);
}

void RedactingSink::removeSink(const spdlog::sink_ptr &sink)
{
    std::lock_guard lock(mutex_);
    m_sinks.erase(std::remove(m_sinks.begin(), m_sinks.end(), sink), m_sinks.end());
}

std::vector<spdlog::sink_ptr> RedactingSink::sinks()
{
    std::lock_guard lock(mutex_);
    return m_sinks;
}

void RedactingSink::sink_it_(const spdlog::details::log_msg &msg)
{
    // Only the message text can carry a secret; logger name, level and source do not.
    const std::string text = m_redactor->redact(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg redacted = msg;
    redacted.payload = spdlog::string_view_t(text.data(), text.size());
    for (const spdlog::sink_ptr &sink : m_sinks) {
        if (sink->should_log(redacted.level))
            sink->log(redacted);
    }
}

void RedactingSink::flush_()
{
    for (const spdlog::sink_ptr &sink : m_sinks)
        sink->flush();
}

void RedactingSink::set_pattern_(const std::string &pattern)
{
    for (const spdlog::sink_ptr &sink : m_sinks)
        sink->set_pattern(pattern);
}

void RedactingSink::set_formatter_(std::unique_ptr<spdlog::formatter> formatter)
{
    for (const spdlog::sink_ptr &sink : m_sinks)
        sink->set_formatter(formatter->clone());
}

} // namespace pd::log
