#!/usr/bin/env bash
# shellcheck disable=SC2016  # the mutations are Python expressions, single-quoted on purpose
# Tests scripts/validate-deploy.sh: the real tree must pass, and copies of it with one
# deliberately broken file each must fail, naming the broken file.
#   scripts/test-validate-deploy.sh [-v]     (-v prints the validator's output of every case)
# Last line: "validate-deploy: N passed, M failed"; exits non-zero if any case failed.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
VALIDATE="$HERE/validate-deploy.sh"
VERBOSE=0; [ "${1:-}" = "-v" ] && VERBOSE=1
PASSED=0; FAILED=0
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok      $*"; }
notok() { FAILED=$((FAILED + 1)); echo "NOT OK  $*"; }

# The files validate-deploy.sh looks at (a copy of the tree without the Swift sources).
copy_tree() {
  local dst="$1"
  mkdir -p "$dst"
  cp -a "$REPO/deploy" "$REPO/scripts" "$REPO/docker-compose.yml" "$REPO/.dockerignore" "$dst/"
  rm -rf "$dst/deploy/.dist" "$dst/deploy/.run"
}

# mutate FILE PYTHON_EXPR: rewrites FILE with s -> EXPR (s is the text); fails if unchanged.
mutate() {
  python3 - "$1" "$2" <<'PYEOF'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path).read()
t = eval(expr, {"s": s})
if t == s:
    sys.exit(f"mutation did not change {path}")
open(path, "w").write(t)
PYEOF
}

# 1. The real tree passes.
out="$TMP/real.out"
if bash "$VALIDATE" >"$out" 2>&1; then ok "real tree passes"
else notok "real tree fails validation"; grep -E '^(FAIL|      \|)' "$out" | head -n 40; fi
[ "$VERBOSE" = 1 ] && cat "$out"

# 2. Broken copies fail. case NAME FILE PYTHON_EXPR
broken_case() {
  local name="$1" file="$2" expr="$3" dir="$TMP/case-$((PASSED + FAILED))"
  copy_tree "$dir"
  if ! mutate "$dir/$file" "$expr"; then notok "$name: could not break $file"; return; fi
  local rc=0
  bash "$VALIDATE" --no-install --root "$dir" >"$dir.out" 2>&1 || rc=$?
  [ "$VERBOSE" = 1 ] && cat "$dir.out"
  if [ "$rc" -eq 0 ]; then
    notok "$name: validate-deploy passed on a broken $file"
  fi
  # The failure must name the broken file, on the FAIL line or in the detail under it.
  local why
  why="$(grep -m1 -E "^FAIL .*$(basename "$file")" "$dir.out" | cut -c7-126)"
  [ -n "$why" ] || why="$(grep -m1 -E "^      \| .*$(basename "$file")" "$dir.out" | cut -c9-128)"
  if [ "$rc" -eq 0 ]; then :
  elif [ -z "$why" ]; then
    notok "$name: validate-deploy failed (rc=$rc) but did not name $file"; grep '^FAIL' "$dir.out" | head -n 5
  else
    ok "$name: fails as expected: $why"
  fi
}

broken_case "Dockerfile with a lint error (cd in RUN, DL3003)" deploy/Dockerfile \
  's.replace("WORKDIR /src\n", "WORKDIR /src\nRUN cd /tmp && touch marker\n", 1)'
broken_case "Dockerfile.local with an untagged base image (DL3006/DL3007)" deploy/Dockerfile.local \
  's.replace("FROM ${BASE_IMAGE}", "FROM debian:latest", 1)'
broken_case "Dockerfile with an unjustified hadolint ignore" deploy/Dockerfile \
  's.replace("# Same reasoning as above for DL3008: security updates arrive under new version numbers.\n# The packages come from the project\x27s one list (scripts/system-packages.txt, set \"runtime\").\n", "", 1)'
broken_case "Deployment with an invalid field (replicass)" deploy/k8s/cart-service.yaml \
  's.replace("  replicas: 1", "  replicass: 1", 1)'
broken_case "StatefulSet with a wrongly typed field (containerPort: http)" deploy/k8s/fraud-service.yaml \
  's.replace("containerPort: 8081", "containerPort: eighty-eighty-one", 1)'
broken_case "consumer with more replicas than partitions (13 > 12)" deploy/k8s/billing-service.yaml \
  's.replace("  replicas: 1", "  replicas: 13", 1)'
broken_case "Deployment without a readiness probe" deploy/k8s/cart-service.yaml \
  's.replace("path: /health/ready", "path: /health/live", 1)'
broken_case "manifest not listed in kustomization.yaml" deploy/k8s/kustomization.yaml \
  's.replace("  - topics-job.yaml\n", "", 1)'
broken_case "docker-compose.yml with an invalid key (hostnam)" docker-compose.yml \
  's.replace("    hostname: kafka\n", "    hostnam: kafka\n", 1)'
broken_case "compose.local.yml with an invalid key (network-mode)" deploy/compose.local.yml \
  's.replace("kafka-mock:local\n    network_mode: host", "kafka-mock:local\n    network-mode: host", 1)'
broken_case "docker-compose.yml that is not YAML" docker-compose.yml \
  's.replace("services:\n", "services:\n  - [unclosed\n", 1)'
broken_case "Prometheus config with a bad duration" deploy/prometheus/prometheus.yml \
  's.replace("scrape_interval: 15s", "scrape_interval: fifteen", 1)'
broken_case "alert rule with invalid PromQL" deploy/prometheus/alerts.yml \
  's.replace("> 10000", "> > 10000", 1)'
broken_case "dashboard without the consumer lag panel" deploy/grafana/cartstream-dashboard.json \
  's.replace("consumer_lag_messages", "consumer_lag_typo")'
broken_case "dashboard that is not JSON" deploy/grafana/cartstream-dashboard.json \
  's[: len(s) // 2]'
broken_case "secured overlay that puts the Kafka password into the environment" deploy/k8s-secured/kafka-security-services.yaml \
  's.replace("name: KAFKA_SASL_PASSWORD_FILE\n    value: /etc/cartstream/kafka/password", "name: KAFKA_SASL_PASSWORD\n    value: hunter2", 1)'
broken_case "secured compose whose topics one-shot lacks the CA secret" deploy/compose.secured.yml \
  's.replace("    secrets: [kafka-password, kafka-ca]\n    volumes:\n      - ./k8s/create-topics.sh", "    secrets: [kafka-password]\n    volumes:\n      - ./k8s/create-topics.sh", 1)'
broken_case "topics script that translates the CA for the Java tools wrongly" deploy/k8s/create-topics.sh \
  's.replace("ssl.truststore.type=PEM", "ssl.truststore.type=JKS", 1)'
broken_case "shell script with a syntax error" deploy/scripts/wait-bootstrap.sh \
  's.replace("  done\n", "", 1)'

echo "validate-deploy: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
