#!/usr/bin/env bash
# Installs what is missing, lints, builds, and runs the whole test suite:
#   0. swift-format over every Swift file (scripts/lint.sh, .swift-format),
#   1. the system package list against the package graph (scripts/test-system-packages.sh),
#   2. the Swift tests against librdkafka's mock cluster (unit, service, fault and interop tests),
#   3. the system tests: the one-command local system and cartctl, run as a user would, and
#      README's first command from a fresh clone of this checkout,
#   4. the offline checks of the deployment files (and that a broken file fails them),
#   5. the container smoke test: the services built into images and run with podman.
# Set CARTSTREAM_SKIP_CONTAINERS=1 to leave out step 5 on a machine without podman.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh build test
bash scripts/lint.sh
swift build --build-tests
bash scripts/test-system-packages.sh
swift test --skip-build --skip SystemTests "$@"
# The system tests start whole systems: one at a time. README's first command builds a fresh
# clone in release mode (minutes), so it runs last, on its own.
swift test --skip-build --no-parallel --filter SystemTests --skip FirstRunTests
swift test --skip-build --filter FirstRunTests
bash scripts/test-validate-deploy.sh
if [ "${CARTSTREAM_SKIP_CONTAINERS:-0}" != 1 ]; then
  bash scripts/podman-smoke.sh
fi
