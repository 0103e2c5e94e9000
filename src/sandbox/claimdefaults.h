#pragma once

namespace pd::sandbox {

class ObjectStore;

// What kube-apiserver does to a PersistentVolumeClaim it creates (NormalizeDataSources, the
// AnyVolumeDataSource rule): a claim naming only spec.dataSource gets the same reference as
// spec.dataSourceRef, and one naming only a dataSourceRef without a namespace gets it as
// dataSource, so clients reading either field see the source.
void installClaimDefaults(ObjectStore *store);

} // namespace pd::sandbox
