#!/usr/bin/env bash
# Installs what is missing, builds, and starts the whole CartStream system on this machine:
# an embedded mock Kafka cluster, the cart, fraud, billing and email services and a local SMTP sink.
# Extra arguments go to the launcher (try --help, or --demo for generated cart traffic).
set -euo pipefail
cd "$(dirname "$0")/.."
CARTSTREAM_SKIP_PIP=${CARTSTREAM_SKIP_PIP:-0} bash scripts/bootstrap.sh
swift build -c release --product cartstream
exec .build/release/cartstream "$@"
