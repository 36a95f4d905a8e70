#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (against librdkafka's mock cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build --parallel --num-workers 1 "$@"
