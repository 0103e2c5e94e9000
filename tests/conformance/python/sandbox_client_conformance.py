#!/usr/bin/env python3
"""The official Kubernetes Python client (Debian's python3-kubernetes, 22.x) as a judge
of the sandbox: each test drives the client exactly as an application would, over TLS,
against the cluster named by $KUBECONFIG (contexts sandbox-admin and sandbox-viewer).

Run by tests/conformance/tst_pythonclient.cpp, which starts the sandbox; by hand:
  KUBECONFIG=... python3 sandbox_client_conformance.py [TestClass.test_name ...]
  python3 sandbox_client_conformance.py --list     (the test ids, one a line)
"""
import json
import os
import sys
import tempfile
import unittest
import uuid

try:
    import kubernetes
    from kubernetes import client, config, dynamic, watch
    from kubernetes.client.rest import ApiException
except ImportError as error:  # the C++ runner checks first; say it plainly by hand too
    sys.stderr.write("python3-kubernetes is missing (%s): install it with "
                     "packaging/install-deps-debian.sh (apt-get install python3-kubernetes)\n" % error)
    sys.exit(2)

KUBECONFIG = os.environ.get("KUBECONFIG", "")
WATCH_TIMEOUT = 20   # seconds a watch may take to show what a test waits for


def api_client(context="sandbox-admin"):
    return config.new_client_from_config(config_file=KUBECONFIG, context=context)


def configmap(name, labels=None, data=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels or {}),
                              data=data or {"key": "value"})


def deployment(name, replicas=1, image="nginx:1.27", labels=None):
    app = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=app),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=app),
                spec=client.V1PodSpec(containers=[client.V1Container(name="main", image=image)]))))


def wait_for(list_func, predicate, what, **kwargs):
    """Watches list_func (from its current state) until predicate(event) holds;
    fails with `what` when the watch times out first."""
    stream = watch.Watch()
    seen = []
    for event in stream.stream(list_func, timeout_seconds=WATCH_TIMEOUT, **kwargs):
        seen.append((event["type"], event["raw_object"].get("metadata", {}).get("name")))
        if predicate(event):
            stream.stop()
            return event
    raise AssertionError("timed out waiting for %s; saw %s" % (what, seen[-10:]))


def wait_gone(read_func, list_func, name, what, **kwargs):
    """Returns once the object is gone: at once when reading it answers 404, else when
    a watch from the version read reports it DELETED."""
    try:
        current = read_func(name, **kwargs)
    except ApiException as error:
        if error.status == 404:
            return
        raise
    wait_for(list_func, lambda e: e["type"] == "DELETED", what, resource_version=current.metadata.resource_version,
             field_selector="metadata.name=" + name, **kwargs)


class SandboxTestCase(unittest.TestCase):
    """Each test gets its own namespace, removed afterwards."""

    def setUp(self):
        self.api = api_client()
        self.core = client.CoreV1Api(self.api)
        self.apps = client.AppsV1Api(self.api)
        self.ns = "py-" + self._testMethodName.replace("_", "-")[5:40].strip("-") + "-" + uuid.uuid4().hex[:5]
        self.core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=self.ns)))

    def tearDown(self):
        try:
            self.core.delete_namespace(self.ns)
        except ApiException as error:
            if error.status != 404:
                raise
        self.api.close()

    def assertApiError(self, status, reason, call, *args, **kwargs):
        with self.assertRaises(ApiException) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.status, status, caught.exception.body)
        body = caught.exception.body or ""
        if isinstance(body, bytes):
            body = body.decode()
        self.assertEqual(json.loads(body).get("reason"), reason, body)
        return caught.exception


class TypedClient(SandboxTestCase):
    def test_create_get_list_with_limit_and_continue(self):
        for i in range(5):
            self.core.create_namespaced_config_map(self.ns, configmap("page-%d" % i, {"set": "paged"}))
        names, token, pages = [], None, 0
        while True:
            page = self.core.list_namespaced_config_map(self.ns, label_selector="set=paged", limit=2,
                                                        _continue=token)
            pages += 1
            self.assertLessEqual(len(page.items), 2)
            names += [item.metadata.name for item in page.items]
            token = page.metadata._continue
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(names, ["page-%d" % i for i in range(5)])
        got = self.core.read_namespaced_config_map("page-3", self.ns)
        self.assertEqual(got.data, {"key": "value"})
        self.assertTrue(got.metadata.uid)

    def test_watch_from_resource_version_in_order(self):
        start = self.core.list_namespaced_config_map(self.ns).metadata.resource_version
        self.core.create_namespaced_config_map(self.ns, configmap("watched"))
        self.core.patch_namespaced_config_map("watched", self.ns, {"data": {"key": "changed"}})
        self.core.delete_namespaced_config_map("watched", self.ns)
        events = []
        stream = watch.Watch()
        # The client sends watch=True: a real server starts a watch for it.
        for event in stream.stream(self.core.list_namespaced_config_map, self.ns, resource_version=start,
                                   field_selector="metadata.name=watched", timeout_seconds=WATCH_TIMEOUT):
            events.append((event["type"], event["object"].metadata.name, (event["object"].data or {}).get("key")))
            if event["type"] == "DELETED":
                stream.stop()
        self.assertEqual(events, [("ADDED", "watched", "value"), ("MODIFIED", "watched", "changed"),
                                  ("DELETED", "watched", "changed")])

    def test_replace_with_stale_resource_version_conflicts(self):
        created = self.core.create_namespaced_config_map(self.ns, configmap("guarded"))
        fresh = self.core.read_namespaced_config_map("guarded", self.ns)
        fresh.data = {"key": "first"}
        self.core.replace_namespaced_config_map("guarded", self.ns, fresh)
        created.data = {"key": "stale"}   # still carries the first resourceVersion
        error = self.assertApiError(409, "Conflict", self.core.replace_namespaced_config_map, "guarded", self.ns,
                                    created)
        self.assertEqual(json.loads(error.body)["message"],
                         'Operation cannot be fulfilled on configmaps "guarded": the object has been modified; '
                         'please apply your changes to the latest version and try again')
        self.assertEqual(self.core.read_namespaced_config_map("guarded", self.ns).data, {"key": "first"})

    def test_scale_subresource(self):
        self.apps.create_namespaced_deployment(self.ns, deployment("web", replicas=1))
        scale = self.apps.read_namespaced_deployment_scale("web", self.ns)
        self.assertEqual(scale.spec.replicas, 1)
        self.apps.patch_namespaced_deployment_scale("web", self.ns, {"spec": {"replicas": 3}})
        self.assertEqual(self.apps.read_namespaced_deployment("web", self.ns).spec.replicas, 3)
        scale = self.apps.read_namespaced_deployment_scale("web", self.ns)
        self.assertEqual(scale.spec.replicas, 3)
        self.assertEqual(scale.status.selector, "app=web")

    def test_foreground_deletion_waits_for_dependents(self):
        self.apps.create_namespaced_deployment(self.ns, deployment("fg"))
        wait_for(self.apps.list_namespaced_replica_set, lambda e: e["type"] in ("ADDED", "MODIFIED"),
                 "the ReplicaSet of fg", namespace=self.ns)
        self.apps.delete_namespaced_deployment("fg", self.ns, propagation_policy="Foreground")
        try:
            pending = self.apps.read_namespaced_deployment("fg", self.ns)
            self.assertIsNotNone(pending.metadata.deletion_timestamp)
            self.assertIn("foregroundDeletion", pending.metadata.finalizers)
        except ApiException as error:   # already collected: the dependents went first
            self.assertEqual(error.status, 404)
        wait_gone(self.apps.read_namespaced_deployment, self.apps.list_namespaced_deployment, "fg", "fg to go",
                  namespace=self.ns)
        self.assertEqual(self.apps.list_namespaced_replica_set(self.ns).items, [])

    def test_namespace_deletion(self):
        doomed = self.ns + "-x"
        self.core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=doomed)))
        self.core.create_namespaced_config_map(doomed, configmap("inside"))
        self.core.delete_namespace(doomed)
        try:
            self.assertEqual(self.core.read_namespace(doomed).status.phase, "Terminating")
            with self.assertRaises(ApiException) as caught:
                self.core.create_namespaced_config_map(doomed, configmap("late"))
            self.assertIn(caught.exception.status, (403, 404))
        except ApiException as error:
            self.assertEqual(error.status, 404)
        wait_gone(self.core.read_namespace, self.core.list_namespace, doomed, "namespace %s to go" % doomed)
        self.assertApiError(404, "NotFound", self.core.read_namespace, doomed)

    def test_service_allocations(self):
        ports = [client.V1ServicePort(port=80, target_port=8080)]
        svc = self.core.create_namespaced_service(self.ns, client.V1Service(
            metadata=client.V1ObjectMeta(name="plain"), spec=client.V1ServiceSpec(selector={"app": "x"}, ports=ports)))
        self.assertTrue(svc.spec.cluster_ip.startswith("10."), svc.spec.cluster_ip)
        self.assertEqual(svc.spec.cluster_i_ps, [svc.spec.cluster_ip])
        node = self.core.create_namespaced_service(self.ns, client.V1Service(
            metadata=client.V1ObjectMeta(name="node"),
            spec=client.V1ServiceSpec(type="NodePort", selector={"app": "x"}, ports=ports)))
        self.assertTrue(30000 <= node.spec.ports[0].node_port <= 32767, node.spec.ports[0].node_port)
        taken = client.V1Service(metadata=client.V1ObjectMeta(name="taken"), spec=client.V1ServiceSpec(
            type="NodePort", selector={"app": "x"},
            ports=[client.V1ServicePort(port=80, node_port=node.spec.ports[0].node_port)]))
        error = self.assertApiError(422, "Invalid", self.core.create_namespaced_service, self.ns, taken)
        self.assertEqual(json.loads(error.body)["message"],
                         'Service "taken" is invalid: spec.ports[0].nodePort: Invalid value: %d: '
                         'provided port is already allocated' % node.spec.ports[0].node_port)


class StatusAndCustomResources(SandboxTestCase):
    CRD = {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.pyconf.example.com"},
        "spec": {"group": "pyconf.example.com", "scope": "Namespaced",
                 "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
                 "versions": [{"name": "v1", "served": True, "storage": True,
                               "subresources": {"status": {}},
                               "schema": {"openAPIV3Schema": {"type": "object",
                                                              "x-kubernetes-preserve-unknown-fields": True}}}]}}

    def setUp(self):
        super().setUp()
        ext = client.ApiextensionsV1Api(self.api)
        try:
            ext.create_custom_resource_definition(self.CRD)
        except ApiException as error:
            if error.status != 409:
                raise
        self.custom = client.CustomObjectsApi(self.api)

    def widget(self, name, size):
        return {"apiVersion": "pyconf.example.com/v1", "kind": "Widget", "metadata": {"name": name},
                "spec": {"size": size}}

    def test_custom_resources_and_status_subresource(self):
        group, version, plural = "pyconf.example.com", "v1", "widgets"
        created = self.custom.create_namespaced_custom_object(group, version, self.ns, plural, self.widget("w1", 1))
        self.assertEqual(created["metadata"]["generation"], 1)
        # /status writes status only; the main resource ignores status.
        self.custom.patch_namespaced_custom_object_status(group, version, self.ns, plural, "w1",
                                                          {"status": {"phase": "Ready"}, "spec": {"size": 9}})
        got = self.custom.get_namespaced_custom_object(group, version, self.ns, plural, "w1")
        self.assertEqual(got["status"], {"phase": "Ready"})
        self.assertEqual(got["spec"], {"size": 1})
        got["spec"]["size"] = 2
        got["status"] = {"phase": "Ignored"}
        replaced = self.custom.replace_namespaced_custom_object(group, version, self.ns, plural, "w1", got)
        self.assertEqual(replaced["spec"], {"size": 2})
        self.assertEqual(replaced["status"], {"phase": "Ready"})
        self.assertEqual(replaced["metadata"]["generation"], 2)
        listed = self.custom.list_namespaced_custom_object(group, version, self.ns, plural)
        self.assertEqual([w["metadata"]["name"] for w in listed["items"]], ["w1"])
        self.assertEqual(listed["kind"], "WidgetList")

    def test_dynamic_client(self):
        with tempfile.TemporaryDirectory() as cache:
            dyn = dynamic.DynamicClient(self.api, cache_file=os.path.join(cache, "discovery.json"))
            configmaps = dyn.resources.get(api_version="v1", kind="ConfigMap")
            configmaps.create(body={"apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": {"name": "dyn", "labels": {"via": "dynamic"}},
                                    "data": {"a": "1"}}, namespace=self.ns)
            configmaps.patch(name="dyn", namespace=self.ns, body={"data": {"b": "2"}},
                             content_type="application/merge-patch+json")
            listed = configmaps.get(namespace=self.ns, label_selector="via=dynamic")
            self.assertEqual([item.metadata.name for item in listed.items], ["dyn"])
            self.assertEqual(dict(listed.items[0].data), {"a": "1", "b": "2"})
            widgets = dyn.resources.get(api_version="pyconf.example.com/v1", kind="Widget")
            widgets.create(body=self.widget("w2", 3), namespace=self.ns)
            self.assertEqual(widgets.get(name="w2", namespace=self.ns).spec.size, 3)
            deployments = dyn.resources.get(api_version="apps/v1", kind="Deployment")
            self.assertTrue(deployments.namespaced)
            self.assertIn("scale", deployments.subresources)


class Authorization(SandboxTestCase):
    def test_self_subject_access_review_as_viewer(self):
        viewer = api_client("sandbox-viewer")
        try:
            reviews = client.AuthorizationV1Api(viewer)

            def allowed(verb, resource, group=""):
                review = reviews.create_self_subject_access_review(client.V1SelfSubjectAccessReview(
                    spec=client.V1SelfSubjectAccessReviewSpec(resource_attributes=client.V1ResourceAttributes(
                        namespace=self.ns, verb=verb, resource=resource, group=group))))
                return review.status.allowed

            self.assertTrue(allowed("list", "pods"))
            self.assertTrue(allowed("watch", "deployments", "apps"))
            self.assertFalse(allowed("get", "secrets"))
            self.assertFalse(allowed("create", "deployments", "apps"))
            error = self.assertApiError(403, "Forbidden", client.CoreV1Api(viewer).create_namespaced_config_map,
                                        self.ns, configmap("nope"))
            self.assertEqual(json.loads(error.body)["message"],
                             'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" '
                             'in the namespace "%s"' % self.ns)
        finally:
            viewer.close()


class ControllerEvidence(SandboxTestCase):
    def test_failed_create_event_and_replica_failure(self):
        self.core.create_namespaced_resource_quota(self.ns, client.V1ResourceQuota(
            metadata=client.V1ObjectMeta(name="compute"), spec=client.V1ResourceQuotaSpec(hard={"pods": "1"})))
        self.apps.create_namespaced_deployment(self.ns, deployment("web", replicas=3))
        event = wait_for(self.core.list_namespaced_event, lambda e: e["object"].reason == "FailedCreate",
                         "a FailedCreate event", namespace=self.ns,
                         field_selector="involvedObject.kind=ReplicaSet,type=Warning")
        self.assertTrue(event["object"].message.startswith('Error creating: pods "web-'), event["object"].message)
        self.assertIn("is forbidden: exceeded quota: compute", event["object"].message)
        self.assertEqual(event["object"].source.component, "replicaset-controller")
        rs_name = event["object"].involved_object.name
        by_name = self.core.list_namespaced_event(self.ns, field_selector="involvedObject.name=" + rs_name)
        self.assertIn("FailedCreate", [e.reason for e in by_name.items])
        wait_for(self.apps.list_namespaced_deployment,
                 lambda e: any(c.type == "ReplicaFailure" and c.status == "True" and c.reason == "FailedCreate"
                               for c in (e["object"].status.conditions or [])),
                 "ReplicaFailure on the Deployment", namespace=self.ns, field_selector="metadata.name=web")
        # Raw JSON: the client's EventsV1Event model requires eventTime, which a real server
        # leaves null for Events written through core/v1 (as controllers write them).
        raw = client.EventsV1Api(self.api).list_namespaced_event(
            self.ns, field_selector="reason=FailedCreate", _preload_content=False)
        events_v1 = json.loads(raw.data)["items"]
        self.assertTrue(events_v1, "events.k8s.io/v1 shows no FailedCreate")
        self.assertEqual(events_v1[0]["regarding"]["name"], rs_name)
        self.assertTrue(events_v1[0]["note"].startswith("Error creating: "))
        self.assertIsNone(events_v1[0]["eventTime"])


def test_ids():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    ids = []
    for group in suite:
        for case in group:
            ids.append(case.id().split(".", 1)[1])
    return ids


if __name__ == "__main__":
    if "--list" in sys.argv:
        print("\n".join(test_ids()))
        sys.exit(0)
    if not KUBECONFIG:
        sys.stderr.write("KUBECONFIG must name the sandbox's kubeconfig\n")
        sys.exit(2)
    unittest.main(verbosity=2)
