#!/usr/bin/env bash
# Checks the one package list and its check (scripts/check-system-packages.sh):
#   1. the project's list covers every system requirement of the package graph;
#   2. the check fails, naming the package, when the list lacks libsqlite3-dev (GRDB) or
#      librdkafka-dev (CRdKafka) — the gap that hid behind preinstalled packages before;
#   3. bootstrap, .ci/run and both Dockerfiles install from the list, not from lists of their own.
# Run after the dependencies are resolved (the test command runs it after the build).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
PASS=0; FAIL=0
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
pass() { PASS=$((PASS + 1)); echo "PASS  $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL  $*"; }

if bash scripts/check-system-packages.sh >"$WORK/out" 2>&1; then pass "the list covers the package graph: $(tail -n1 "$WORK/out")"
else fail "the list misses requirements:"; sed 's/^/      | /' "$WORK/out"; fi

for removed in libsqlite3-dev librdkafka-dev; do
  grep -v "^$removed " scripts/system-packages.txt >"$WORK/list.txt"
  if CARTSTREAM_PACKAGE_LIST="$WORK/list.txt" bash scripts/check-system-packages.sh >"$WORK/out" 2>&1; then
    fail "a list without $removed passed the check"
  elif grep -q "needs Debian package $removed" "$WORK/out"; then pass "a list without $removed fails the check, naming it"
  else fail "a list without $removed failed without naming it:"; sed 's/^/      | /' "$WORK/out"; fi
done

for file in scripts/bootstrap.sh .ci/run deploy/Dockerfile deploy/Dockerfile.local; do
  if grep -q 'system-packages' "$file" && ! grep -qE 'apt-get install[^|]*(librdkafka|libsqlite3|pkg-config)' "$file"; then
    pass "$file installs from scripts/system-packages.txt"
  else fail "$file does not install from scripts/system-packages.txt (or names packages itself)"; fi
done
echo "system-packages: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
