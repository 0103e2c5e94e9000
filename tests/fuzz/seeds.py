#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<harness>/) from the ordinary
tests' rows and the exported fixtures. Run it again after adding rows worth seeding;
the files are committed so ./build.sh fuzz needs no Python."""
import hashlib, json, pathlib, re, shutil, struct

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests/fuzz/corpus"

RAW = re.compile(r'R"(\w*)\((.*?)\)\1"', re.S)
CSTR = re.compile(r'(?<![R\w])"((?:[^"\\\n]|\\.)*)"')

def unescape(s):
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1", "replace")

def literals(path, raw=True, plain=True):
    text = (root / path).read_text()
    out = []
    if raw:
        out += [m.group(2).encode() for m in RAW.finditer(text)]
        text = RAW.sub('""', text)
    if plain:
        for line in text.splitlines():
            if "newRow" in line or "row(" in line or "<<" in line or "parse(" in line:
                out += [unescape(m.group(1)) for m in CSTR.finditer(line)]
    return out

def as_json(b):
    try:
        return json.loads(b)
    except Exception:
        return None

def compact(v):
    return json.dumps(v, separators=(",", ":"), sort_keys=False).encode()

def write(name, seeds, limit=64):
    d = corpus / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    seen = set()
    for s in seeds:
        if len(s) > 4096 or s in seen:
            continue
        seen.add(s)
        (d / hashlib.sha1(s).hexdigest()[:16]).write_bytes(s)
        if len(seen) >= limit:
            break

def text_seeds(*paths):
    out = []
    for p in paths:
        out += [s for s in literals(p, raw=False) if 0 < len(s) <= 200]
    return out

def json_pairs(path, want_array_second=False):
    lits = [as_json(s) for s in literals(path, plain=False)]
    out = []
    for a, b in zip(lits, lits[1:]):
        if a is None or b is None or (want_array_second and not isinstance(b, list)):
            continue
        out.append(compact(a) + b"\n" + compact(b))
    return out

# Every key the kubeconfig parser knows, in two hand-written files.
KUBECONFIGS = [b"""apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    tls-server-name: kubernetes
    proxy-url: http://proxy:3128
- name: lab
  cluster:
    server: https://lab.example:443
    insecure-skip-tls-verify: true
    disable-compression: true
contexts:
- name: dev
  context: {cluster: dev, user: alice, namespace: shop}
- name: lab
  context: {cluster: lab, user: ci}
users:
- name: alice
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
- name: ci
  user:
    token: abc.def
    as: admin
    as-groups: [system:masters]
""", b"""apiVersion: v1
kind: Config
clusters:
- name: eks
  cluster: {server: "https://eks.example", certificate-authority: ca.crt}
contexts:
- name: eks
  context: {cluster: eks, user: eks}
current-context: eks
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, prod]
      env: [{name: AWS_PROFILE, value: prod}]
      interactiveMode: Never
      provideClusterInfo: true
      installHint: install the aws cli
- name: basic
  user: {username: bob, password: hunter2, tokenFile: token.txt}
- name: gcp
  user:
    auth-provider: {name: gcp, config: {cmd-path: gcloud}}
extensions:
- name: x
  extension: {a: 1}
"""]

# YAML documents of the fixtures, one per seed, and whole small files.
fixtures = sorted((root / "resources/demo").glob("*.yaml")) + sorted((root.parent / "shared/fixtures").rglob("*.yaml"))
yaml_docs = []
for f in fixtures:
    data = f.read_bytes()
    yaml_docs += [d.strip() + b"\n" for d in re.split(rb"^---\s*$", data, flags=re.M) if d.strip()]
write("yamljson", [s for s in literals("tests/kube/tst_yamljson.cpp") if s.strip()] + yaml_docs)
write("kubeconfig", [s for s in literals("tests/kube/tst_kubeconfig.cpp", plain=False) if b"apiVersion" in s or b"clusters" in s]
      + KUBECONFIGS)
write("quantity", text_seeds("tests/kube/tst_quantity.cpp"))
write("labelselector", text_seeds("tests/kube/tst_labelselector.cpp"))
write("fieldselector", text_seeds("tests/kube/tst_fieldselector.cpp"))
write("cronexpression", text_seeds("tests/support/cronrows.h", "tests/sandbox/tst_cronjobcontroller.cpp"))
write("workinghours", text_seeds("tests/core/tst_workinghours.cpp"))
write("jsonpatch", json_pairs("tests/kube/tst_jsonpatch.cpp", want_array_second=True))
write("mergepatch", json_pairs("tests/kube/tst_mergepatch.cpp"))
smp = []
for kind in (b"Deployment", b"Pod", b"Service"):
    smp += [kind + b"\n" + p for p in json_pairs("tests/kube/tst_strategicmergepatch.cpp")
            + json_pairs("tests/kube/tst_strategicmergediff.cpp")]
write("strategicmergepatch", smp, limit=96)

# Watch streams: fixture objects as ADDED/MODIFIED/DELETED lines, a bookmark, a 410.
objects = []
for doc in yaml_docs:
    m = re.search(rb"^kind: (\w+)", doc, re.M)
    n = re.search(rb"^  name: ([\w.-]+)", doc, re.M)
    if m and n:
        objects.append({"kind": m.group(1).decode(), "metadata": {"name": n.group(1).decode(), "resourceVersion": str(len(objects) + 10)}})
events = [compact({"type": t, "object": o}) for t, o in zip(["ADDED", "MODIFIED", "DELETED"] * 20, objects)]
events.append(compact({"type": "BOOKMARK", "object": {"kind": "Pod", "metadata": {"resourceVersion": "99"}}}))
events.append(compact({"type": "ERROR", "object": {"kind": "Status", "code": 410, "reason": "Expired", "message": "too old resource version"}}))
watch = [b"\n".join(events[i:i + 3]) + b"\n" for i in range(0, len(events), 3)] + [events[0], events[-1] + b"\r\n\n"]
write("watchdecoder", watch)

# HTTP: the HTTP server test's requests, and what kubectl and the client send.
http = [s for s in literals("tests/sandbox/tst_httpserver.cpp", raw=False) if b" HTTP/1." in s and len(s) < 4096]
http += [
    b"GET /api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&limit=500 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n",
    b"GET /apis/apps/v1/deployments?watch=true&resourceVersion=10&allowWatchBookmarks=true HTTP/1.1\r\nHost: h\r\n\r\n",
    b"PATCH /apis/apps/v1/namespaces/shop/deployments/web HTTP/1.1\r\nHost: h\r\nContent-Type: application/strategic-merge-patch+json\r\nContent-Length: 27\r\n\r\n{\"spec\":{\"replicas\":3}}\r\n\r\n",
    b"POST /api/v1/namespaces HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\nGET / HTTP/1.0\r\n\r\n",
]
write("httprequest", http)

# Kubernetes protobuf: "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}, raw being the object.
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out
def field(number, payload):
    if isinstance(payload, int):
        return varint(number << 3) + varint(payload)
    return varint(number << 3 | 2) + varint(len(payload)) + payload
def entry(k, v):
    return field(1, k) + field(2, v)
meta = field(1, b"shop") + field(3, b"staging") + field(11, entry(b"app", b"web")) + field(12, entry(b"note", b"x")) \
    + field(8, field(1, 1700000000)) + field(13, field(1, b"Deployment") + field(3, b"web") + field(4, b"uid-1") + field(6, 1))
objects = {
    (b"v1", b"Namespace"): field(1, meta) + field(2, field(1, b"kubernetes")),
    (b"v1", b"ConfigMap"): field(1, meta) + field(2, entry(b"k", b"v")) + field(3, entry(b"b", b"\x00\x01")) + field(4, 1),
    (b"v1", b"Secret"): field(1, meta) + field(2, entry(b"password", b"s3cret")) + field(3, b"Opaque"),
    (b"v1", b"ServiceAccount"): field(1, meta) + field(3, field(1, b"pull")) + field(4, 0),
    (b"authorization.k8s.io/v1", b"SelfSubjectAccessReview"): field(2, field(1, field(1, b"shop") + field(2, b"get") + field(5, b"pods"))),
    (b"authorization.k8s.io/v1", b"SelfSubjectRulesReview"): field(2, field(1, b"shop")),
    (b"rbac.authorization.k8s.io/v1", b"RoleBinding"): field(1, meta) + field(2, field(1, b"User") + field(3, b"alice")) + field(3, field(2, b"Role") + field(3, b"view")),
    (b"v1", b"DeleteOptions"): field(1, 30) + field(2, field(1, b"uid-1")) + field(4, b"Foreground") + field(5, b"All"),
    (b"apps/v1", b"Deployment"): field(1, meta) + field(2, field(1, 2) + field(2, field(1, entry(b"app", b"web")))
        + field(3, field(1, meta) + field(2, field(2, field(1, b"web") + field(2, b"nginx") + field(6, field(3, 80))))) + field(4, field(1, b"RollingUpdate"))),
}
proto = [b"k8s\x00" + field(1, field(1, v) + field(2, k)) + field(2, raw) for (v, k), raw in objects.items()]
write("protobuf", proto)
for d in sorted(corpus.iterdir()):
    print(f"{d.name}: {len(list(d.iterdir()))} seeds")
