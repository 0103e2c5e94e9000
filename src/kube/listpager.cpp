#include "bindto.h"
#include "apiclient.h"
#include "listprojected.h"

#include <QJsonArray>
#include <QPromise>

// ApiClient::listAll: following continue tokens, restarting on an expired snapshot.
namespace pd::kube {

using namespace Qt::StringLiterals;

namespace {

struct ListAllState
{
    ApiRequest base;
    QJsonObject first;
    QJsonArray items;
    ItemProjection projection;
    int restarts = 0;
    int attempts = 0;
    QPromise<ApiResult> promise;
};

void listAllPage(ApiClient *client, const std::shared_ptr<ListAllState> &state, const QString &continueToken)
{
    ApiRequest page = state->base;
    page.continueToken = continueToken;
    pd::bindTo(client, client->send(page), [client, state, continueToken](const ApiResult &result) {
        state->attempts += result.attempts;
        if (!result.ok()) {
            // The snapshot behind a continue token expired: start over, as kubectl does.
            if (!continueToken.isEmpty() && result.status.isGone() && state->restarts < 3) {
                ++state->restarts;
                state->first = {};
                state->items = {};
                listAllPage(client, state, {});
                return;
            }
            state->promise.addResult(result);
            state->promise.finish();
            return;
        }
        if (state->first.isEmpty()) {
            state->first = result.object;
            state->first.remove("items"_L1);   // the page's items are held once, in items
        }
        const QJsonArray pageItems = result.items();
        for (const QJsonValue &item : pageItems)
            state->items.append(state->projection ? QJsonValue(state->projection(item.toObject())) : item);
        const QString next = result.continueToken();
        if (!next.isEmpty()) {
            listAllPage(client, state, next);
            return;
        }
        ApiResult merged = result;
        QJsonObject list = state->first;
        QJsonObject meta = list.value("metadata"_L1).toObject();
        meta.remove("continue"_L1);
        meta.remove("remainingItemCount"_L1);
        list.insert("metadata"_L1, meta);
        list.insert("items"_L1, state->items);
        merged.object = list;
        merged.body.clear();
        merged.attempts = state->attempts;
        state->promise.addResult(merged);
        state->promise.finish();
    });
}

} // namespace

QFuture<ApiResult> ApiClient::listAll(const ApiRequest &listRequest)
{
    return listAllProjected(this, listRequest, {});
}

QFuture<ApiResult> listAllProjected(ApiClient *client, const ApiRequest &listRequest, ItemProjection projection)
{
    auto state = std::make_shared<ListAllState>();
    state->projection = std::move(projection);
    state->base = listRequest;
    state->base.verb = Verb::List;
    if (state->base.limit <= 0)
        state->base.limit = 500;
    state->promise.start();
    QFuture<ApiResult> future = state->promise.future();
    listAllPage(client, state, listRequest.continueToken);
    return future;
}

} // namespace pd::kube
