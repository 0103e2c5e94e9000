// PATCH: json-patch, merge-patch, strategic-merge-patch (built-in kinds) and
// apply-patch (server-side apply, serversideapply.cpp), on objects and on their
// status and scale subresources.
#include "apiserver_p.h"

#include <kube/jsonpatch.h>
#include <kube/mergepatch.h>
#include <kube/strategicmergepatch.h>
#include <kube/yamljson.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

enum class PatchType { Json, Merge, Strategic, Apply, Unknown };

PatchType patchTypeOf(const QByteArray &contentType)
{
    const QByteArray t = contentType.split(';').first().trimmed();
    if (t == "application/json-patch+json")
        return PatchType::Json;
    if (t == "application/merge-patch+json")
        return PatchType::Merge;
    if (t == "application/strategic-merge-patch+json")
        return PatchType::Strategic;
    if (t == "application/apply-patch+yaml" || t == "application/apply-patch+json" || t == "application/apply-patch+cbor")
        return PatchType::Apply;
    return PatchType::Unknown;
}

ApiError unsupported(const QByteArray &contentType)
{
    ApiError e = ApiError::unsupportedMediaType(QString::fromUtf8(contentType));
    e.message = u"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"_s;
    return e;
}

} // namespace

void servePatch(RequestContext &c)
{
    const QByteArray contentType = c.request->header("content-type");
    const PatchType type = patchTypeOf(contentType);
    if (type == PatchType::Unknown) {
        c.respondError(ApiError::unsupportedMediaType(QString::fromUtf8(contentType)));
        return;
    }
    if (type == PatchType::Strategic && (c.info.custom || !kube::isStrategicMergePatchSupported(c.info.apiVersion(), c.info.kind))) {
        c.respondError(unsupported(contentType));
        return;
    }
    const QByteArray &body = c.request->body;
    if (type == PatchType::Apply) {
        if (!c.attributes.subresource.isEmpty()) {
            c.respondError(ApiError::methodNotAllowed());
            return;
        }
        QList<QJsonObject> docs;
        kube::YamlError yamlError;
        if (!kube::parseYamlDocuments(body, u"apply"_s, &docs, &yamlError) || docs.size() != 1) {
            c.respondError(ApiError::badRequest(u"error decoding YAML: "_s + yamlError.message));
            return;
        }
        serveApply(c, docs.first());
        return;
    }

    ObjectStore *store = c.state->store;
    const QString ns = c.info.namespaced ? c.attributes.namespaceName : QString();
    const StoredObjectPtr current = store->entry(c.groupResource(), ns, c.attributes.name);
    if (!current) {
        c.respondError(ApiError::notFound(c.groupResource(), c.attributes.name));
        return;
    }
    const bool scale = c.attributes.subresource == u"scale"_s;
    const QJsonObject original = scale ? scaleOf(current->object(), c.info) : asRequestedVersion(current->object(), c.info);

    QJsonValue patched;
    QString error;
    if (type == PatchType::Json) {
        const auto result = kube::applyJsonPatch(QJsonValue(original), body, &error);
        if (!result) {
            c.respondError(ApiError::unprocessable(u"the server rejected our request due to an error in our request: "_s + error));
            return;
        }
        patched = *result;
    } else {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            c.respondError(ApiError::badRequest(u"error decoding patch: "_s + parseError.errorString()));
            return;
        }
        if (type == PatchType::Merge) {
            patched = kube::applyMergePatch(QJsonValue(original), QJsonValue(doc.object()));
        } else {
            patched = kube::applyStrategicMergePatch(QJsonValue(original), QJsonValue(doc.object()),
                                                     scale ? u"Scale"_s : c.info.kind, &error);
            if (patched.isUndefined()) {
                c.respondError(ApiError::unprocessable(error));
                return;
            }
        }
    }
    if (!patched.isObject()) {
        c.respondError(ApiError::badRequest(u"the patch produced something that is not an object"_s));
        return;
    }
    QJsonObject object = patched.toObject();
    if (scale) {
        applyScale(c, object);
        return;
    }
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (meta.value(u"name"_s).toString() != c.attributes.name
        || (c.info.namespaced && meta.value(u"namespace"_s).toString() != ns)) {
        c.respondError(ApiError::badRequest(u"metadata.name and metadata.namespace cannot be changed by a patch"_s));
        return;
    }
    if (object.value(u"kind"_s).toString() != c.info.kind || object.value(u"apiVersion"_s).toString() != c.info.apiVersion()) {
        c.respondError(ApiError::badRequest(u"the kind or apiVersion of the object cannot be changed by a patch"_s));
        return;
    }
    WriteOptions options;
    options.dryRun = c.dryRun();
    options.fieldManager = c.options.fieldManager;
    const StoreResult result = c.attributes.subresource == u"status"_s
                                   ? store->updateStatus(c.groupResource(), object, options)
                                   : store->update(c.groupResource(), object, options);
    if (!result.ok())
        c.respondError(result.error);
    else
        c.respondObject(200, asRequestedVersion(result.object, c.info));
}

} // namespace pd::sandbox
