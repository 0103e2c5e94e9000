#pragma once

#include "apiclient.h"

#include <QJsonObject>

#include <functional>

namespace pd::kube {

// ApiClient::listAll with each item replaced by projection(item) as its page arrives: a list
// of 150,000 pods then never holds the whole objects at once.
using ItemProjection = std::function<QJsonObject(const QJsonObject &)>;
QFuture<ApiResult> listAllProjected(ApiClient *client, const ApiRequest &listRequest, ItemProjection projection);

} // namespace pd::kube
