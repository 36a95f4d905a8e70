#!/usr/bin/env bash
# Installs what is missing, builds, and starts the whole CartStream system on this machine:
# an embedded mock Kafka cluster, the cart, fraud, billing and email services and a local SMTP sink.
# Extra arguments go to the launcher (try --help, or --demo for generated cart traffic).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh build
# Every product: the launcher starts the four service executables next to it, and cartctl is
# what README shows for operating the running system.
swift build -c release
exec "$(swift build -c release --show-bin-path)/cartstream" "$@"
