#pragma once

#include "secretredactor.h"

#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>
#include <vector>

namespace pd::log {

// The head of the sink chain: masks secrets in each message's text (SecretRedactor)
// and hands the redacted message to its children (stderr, a rotating file, ...),
// each with its own level and pattern. Thread-safe (base_sink's mutex serialises
// messages; the children therefore can be single-threaded sinks).
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit RedactingSink(std::shared_ptr<const SecretRedactor> redactor,
                           std::vector<spdlog::sink_ptr> sinks = {});

    std::shared_ptr<const SecretRedactor> redactor() const { return m_redactor; }

    void addSink(const spdlog::sink_ptr &sink);
    void removeSink(const spdlog::sink_ptr &sink);
    std::vector<spdlog::sink_ptr> sinks();

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override;
    void flush_() override;
    void set_pattern_(const std::string &pattern) override;
    void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override;

private:
    std::shared_ptr<const SecretRedactor> m_redactor;
    std::vector<spdlog::sink_ptr> m_sinks;
};

} // namespace pd::log
