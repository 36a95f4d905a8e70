#!/usr/bin/env bash
# Installs what CartStream needs on a fresh Debian bookworm machine that has only a Swift
# toolchain, and only what is missing:
#   scripts/bootstrap.sh [SET...]   (default: build)
# - the Debian packages of the named sets of scripts/system-packages.txt (apt-get), and
# - with the `test` set, the Python packages the tests use (pip): an independent Kafka client
#   (confluent-kafka), a real SMTP server (aiosmtpd) and jsonschema.
# CARTSTREAM_SKIP_PIP=1 leaves pip out.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || set -- build

if ! command -v swift >/dev/null; then
  echo "bootstrap: no Swift toolchain on PATH (Swift 6.1 or newer is needed)" >&2
  exit 1
fi

bash scripts/system-packages.sh install "$@"

if [[ " $* " == *" test "* ]] && [ "${CARTSTREAM_SKIP_PIP:-0}" != 1 ]; then
  missing_py=()
  python3 -c 'import confluent_kafka' 2>/dev/null || missing_py+=(confluent-kafka)
  python3 -c 'import aiosmtpd' 2>/dev/null || missing_py+=(aiosmtpd)
  python3 -c 'import jsonschema' 2>/dev/null || missing_py+=(jsonschema)
  if [ "${#missing_py[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing_py[*]} with pip" >&2
    # Debian's own python3 is "externally managed" (PEP 668): these are test tools, installed for
    # the user running the tests, so the override is deliberate.
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q "${missing_py[@]}" >&2
  fi
fi
