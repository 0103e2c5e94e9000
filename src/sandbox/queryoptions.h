#pragma once

#include "apierror.h"

#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace pd::sandbox {

// The query parameters of one request, read once, the way kube-apiserver's
// ParameterCodec decodes them into ListOptions / DeleteOptions / PatchOptions:
// - the first value of a repeated key wins;
// - booleans follow apimachinery's Convert_Slice_string_To_bool: a present key is
//   true unless its value is "0" or "false" in any case ("watch=True", "watch=1",
//   "watch=t", even "watch=" start a watch; Go's strconv.ParseBool is stricter);
// - integers are strconv.ParseInt base 10 (a malformed one is 400 BadRequest on
//   the verbs that read it);
// - unknown keys are ignored (pretty, timeout, fieldValidation, ...).
struct QueryOptions
{
    // ListOptions (list and watch).
    bool watch = false;
    bool allowWatchBookmarks = false;
    QString resourceVersion;
    QString resourceVersionMatch;           // "", Exact, NotOlderThan
    std::optional<bool> sendInitialEvents;
    qint64 limit = 0;                       // <= 0: no limit
    qint64 timeoutSeconds = 0;              // 0: none
    QString continueToken;
    QString labelSelector;
    QString fieldSelector;
    ApiError listError;                     // a ListOptions field that did not decode

    // Write options.
    bool dryRunAll = false;                 // dryRun=All (any repetition)
    QString fieldManager;
    bool force = false;                     // server-side apply
    std::optional<QString> propagationPolicy;
    bool orphanDependents = false;

    // Reads of one object.
    QString container;                      // pods/log
    std::optional<QString> includeObject;   // Table rows

    static QueryOptions parse(const QUrlQuery &query);
    // apimachinery's string -> bool for a present key.
    static bool parseBool(const QString &value);

    // ValidateListOptions (WatchList on, as in 1.32): 422 Invalid ListOptions.meta.k8s.io
    // for forbidden resourceVersionMatch / sendInitialEvents combinations. No error for
    // a valid set (listError is reported first).
    ApiError validateList() const;
};

} // namespace pd::sandbox
