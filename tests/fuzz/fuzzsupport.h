#pragma once

// Shared by the libFuzzer harnesses: the entry points, input helpers and a check that
// turns a broken property into a crash libFuzzer keeps (the sanitizers catch the rest).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// Defined once in fuzzsupport.cpp: keeps Qt's warnings out of the fuzzer's output
// (PREVIEWDESK_FUZZ_VERBOSE=1 lets them through).
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace pd::fuzz {

// A property every input must keep (a round trip, two decodings that must agree).
#define PD_FUZZ_CHECK(condition, what)                                                                 \
    do {                                                                                               \
        if (!(condition)) {                                                                            \
            std::fprintf(stderr, "fuzz property failed at %s:%d: %s\n", __FILE__, __LINE__, what);    \
            std::abort();                                                                              \
        }                                                                                              \
    } while (false)

inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// The input split at its first newline: a head line (a kind, a document) and the rest.
struct Split
{
    QByteArray head;
    QByteArray rest;
};
inline Split splitFirstLine(const QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return {input, {}};
    return {input.left(newline), input.mid(newline + 1)};
}

// JSON text to a value; undefined when it is not JSON.
inline QJsonValue parseJsonValue(const QByteArray &text)
{
    QJsonParseError error;
    // Wrapped so scalars parse too (QJsonDocument only takes objects and arrays).
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return doc.array().at(0);
}

// Deep equality where a NaN equals a NaN (YAML's .nan survives a round trip as NaN).
inline bool jsonSame(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Double:
        return a.toDouble() == b.toDouble() || (qIsNaN(a.toDouble()) && qIsNaN(b.toDouble()));
    case QJsonValue::Array: {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i)
            if (!jsonSame(x.at(i), y.at(i)))
                return false;
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject x = a.toObject(), y = b.toObject();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.begin(); it != x.end(); ++it)
            if (!jsonSame(it.value(), y.value(it.key())))
                return false;
        return true;
    }
    default:
        return a == b;
    }
}

} // namespace pd::fuzz
