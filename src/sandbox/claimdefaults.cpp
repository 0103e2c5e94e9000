#include "claimdefaults.h"

#include "objectstore.h"

#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

void installClaimDefaults(ObjectStore *store)
{
    store->setPrepareHook(GroupResource{QString(), u"persistentvolumeclaims"_s},
                          [](QJsonObject &claim, const QJsonObject *old, const WriteOptions &) -> ApiError {
                              if (old)
                                  return {};   // on create only: a claim's data source is immutable
                              QJsonObject spec = claim.value(u"spec"_s).toObject();
                              const QJsonObject source = spec.value(u"dataSource"_s).toObject();
                              const QJsonObject ref = spec.value(u"dataSourceRef"_s).toObject();
                              if (!source.isEmpty() && ref.isEmpty())
                                  spec.insert(u"dataSourceRef"_s, source);
                              else if (source.isEmpty() && !ref.isEmpty() && ref.value(u"namespace"_s).toString().isEmpty())
                                  spec.insert(u"dataSource"_s, ref);
                              else
                                  return {};
                              claim.insert(u"spec"_s, spec);
                              return {};
                          });
}

} // namespace pd::sandbox
