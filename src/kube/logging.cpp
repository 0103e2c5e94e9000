#include "logging.h"

#include "redactingsink.h"
#include "secretredactor.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

namespace pd::log {

namespace {

constexpr std::array loggerNames{"kube", "sandbox", "core", "gui", "cli"};
constexpr auto pattern = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v";
constexpr size_t rotateBytes = 5 * 1024 * 1024;
constexpr size_t rotateFiles = 3;

struct Registry;
void applyEnvironmentLevels(Registry &reg);

// One registry for the process: the redactor, the sink chain, the five loggers.
struct Registry
{
    std::mutex mutex; // guards fileSink/filePath (the sink guards its own children)
    std::shared_ptr<SecretRedactor> redactor = std::make_shared<SecretRedactor>();
    std::shared_ptr<RedactingSink> sink;
    spdlog::sink_ptr fileSink;
    QString filePath;
    std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
    std::shared_ptr<spdlog::logger> defaultLogger;

    Registry()
    {
        auto stderrSink = std::make_shared<spdlog::sinks::stderr_color_sink_st>();
        stderrSink->set_pattern(pattern);
        sink = std::make_shared<RedactingSink>(redactor, std::vector<spdlog::sink_ptr>{stderrSink});
        for (const char *name : loggerNames) {
            auto logger = std::make_shared<spdlog::logger>(name, sink);
            logger->flush_on(spdlog::level::warn);
            loggers.emplace(name, logger);
            // Also reachable as spdlog::get("kube"); a name taken by someone else stays theirs.
            if (!spdlog::get(name))
                spdlog::register_logger(logger);
        }
        // Whatever logs through spdlog's free functions is redacted too.
        defaultLogger = std::make_shared<spdlog::logger>("previewdesk", sink);
        spdlog::set_default_logger(defaultLogger);
        applyEnvironmentLevels(*this);
    }
};

std::optional<spdlog::level::level_enum> parseLevel(QStringView text)
{
    const QString name = text.trimmed().toString().toLower();
    static const std::map<QString, spdlog::level::level_enum> levels{
        {QStringLiteral("trace"), spdlog::level::trace},     {QStringLiteral("debug"), spdlog::level::debug},
        {QStringLiteral("info"), spdlog::level::info},       {QStringLiteral("warn"), spdlog::level::warn},
        {QStringLiteral("warning"), spdlog::level::warn},    {QStringLiteral("error"), spdlog::level::err},
        {QStringLiteral("err"), spdlog::level::err},         {QStringLiteral("critical"), spdlog::level::critical},
        {QStringLiteral("off"), spdlog::level::off},
    };
    const auto it = levels.find(name);
    if (it == levels.end())
        return std::nullopt;
    return it->second;
}

bool applyLevels(Registry &reg, const QString &spec)
{
    spdlog::level::level_enum fallback = spdlog::level::info;
    std::map<std::string, spdlog::level::level_enum, std::less<>> perLogger;
    const QStringList entries = spec.split(u',', Qt::SkipEmptyParts);
    for (const QString &entry : entries) {
        const qsizetype eq = entry.indexOf(u'=');
        const auto level = parseLevel(eq < 0 ? QStringView(entry) : QStringView(entry).mid(eq + 1));
        if (!level)
            return false;
        if (eq < 0) {
            fallback = *level;
            continue;
        }
        const std::string name = entry.left(eq).trimmed().toStdString();
        if (!reg.loggers.contains(name))
            return false;
        perLogger[name] = *level;
    }
    for (const auto &[name, logger] : reg.loggers) {
        const auto it = perLogger.find(name);
        logger->set_level(it == perLogger.end() ? fallback : it->second);
    }
    if (reg.defaultLogger)
        reg.defaultLogger->set_level(fallback);
    return true;
}

void applyEnvironmentLevels(Registry &reg)
{
    const QString spec = QProcessEnvironment::systemEnvironment().value(QStringLiteral("PREVIEWDESK_LOG"));
    if (applyLevels(reg, spec))
        return;
    applyLevels(reg, QStringLiteral("info"));
    reg.loggers.at("core")->warn("PREVIEWDESK_LOG='{}' is not a level spec (trace, debug, info, warn, error, "
                                 "critical, off, or per logger as in info,kube=debug); using info",
                                 spec);
}

Registry &registry()
{
    static Registry instance;
    return instance;
}

std::shared_ptr<spdlog::logger> named(const char *name)
{
    return registry().loggers.at(name);
}

} // namespace

std::shared_ptr<spdlog::logger> kube() { return named("kube"); }
std::shared_ptr<spdlog::logger> sandbox() { return named("sandbox"); }
std::shared_ptr<spdlog::logger> core() { return named("core"); }
std::shared_ptr<spdlog::logger> gui() { return named("gui"); }
std::shared_ptr<spdlog::logger> cli() { return named("cli"); }

bool setLevels(const QString &spec)
{
    return applyLevels(registry(), spec);
}

void setup(const QString &logFile)
{
    Registry &reg = registry();
    applyEnvironmentLevels(reg);

    std::lock_guard lock(reg.mutex);
    const QString path = logFile.isEmpty() ? QString() : QFileInfo(logFile).absoluteFilePath();
    if (path == reg.filePath)
        return;
    if (reg.fileSink) {
        reg.sink->removeSink(reg.fileSink);
        reg.fileSink.reset();
        reg.filePath.clear();
    }
    if (path.isEmpty())
        return;
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        auto fileSink = std::make_shared<spdlog::sinks::rotating_file_sink_st>(path.toStdString(), rotateBytes, rotateFiles);
        fileSink->set_pattern(pattern);
        reg.sink->addSink(fileSink);
        reg.fileSink = fileSink;
        reg.filePath = path;
    } catch (const spdlog::spdlog_ex &error) {
        reg.loggers.at("core")->error("Cannot write the log file {}: {}; logging to stderr only", path, error.what());
    }
}

void registerSecretValue(const QString &value)
{
    registry().redactor->registerValue(value);
}

void registerSecretDataValue(const QString &value)
{
    registry().redactor->registerDataValue(value);
}

QString redacted(const QString &text)
{
    return registry().redactor->redact(text);
}

void addSink(const spdlog::sink_ptr &sink)
{
    registry().sink->addSink(sink);
}

void removeSink(const spdlog::sink_ptr &sink)
{
    registry().sink->removeSink(sink);
}

namespace {

// The target of Qt's messages; messages come from any thread.
struct QtRoute
{
    std::mutex mutex;
    std::shared_ptr<spdlog::logger> target;
    QtMessageHandler previous = nullptr;
    bool installed = false;
};

QtRoute &qtRoute()
{
    static QtRoute route;
    return route;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    std::shared_ptr<spdlog::logger> target;
    {
        std::lock_guard lock(qtRoute().mutex);
        target = qtRoute().target;
    }
    if (!target)
        return;
    spdlog::level::level_enum level = spdlog::level::info;
    switch (type) {
    case QtDebugMsg: level = spdlog::level::debug; break;
    case QtInfoMsg: level = spdlog::level::info; break;
    case QtWarningMsg: level = spdlog::level::warn; break;
    case QtCriticalMsg: level = spdlog::level::err; break;
    case QtFatalMsg: level = spdlog::level::critical; break;
    }
    const char *category = context.category ? context.category : "default";
    if (std::strcmp(category, "default") == 0)
        target->log(level, "{}", message);
    else
        target->log(level, "{}: {}", category, message);
    if (type == QtFatalMsg) {
        target->flush();
        std::abort();
    }
}

} // namespace

void routeQtMessages(const std::shared_ptr<spdlog::logger> &target)
{
    registry();
    QtRoute &route = qtRoute();
    std::lock_guard lock(route.mutex);
    route.target = target;
    if (target && !route.installed) {
        route.previous = qInstallMessageHandler(qtMessageHandler);
        route.installed = true;
    } else if (!target && route.installed) {
        qInstallMessageHandler(route.previous); // back to the handler before (QtTest's, say)
        route.installed = false;
    }
}

} // namespace pd::log
