#!/usr/bin/env bash
# Installs what CartStream needs on a fresh Debian machine, only when missing:
# librdkafka-dev and pkg-config (apt), and the Python tools the tests use (pip).
set -euo pipefail

need_apt=()
pkg-config --exists rdkafka 2>/dev/null || need_apt+=(librdkafka-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v gcc >/dev/null || need_apt+=(gcc)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} with apt-get" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

command -v python3 >/dev/null || { need_py=1; }
if [ "${need_py:-0}" = 1 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-pip >/dev/null
fi

if ! command -v swift >/dev/null; then
  echo "bootstrap: no Swift toolchain on PATH (Swift 6.1 or newer is needed)" >&2
  exit 1
fi

# Python packages used by the tests: an independent Kafka client and a real SMTP server.
if [ "${CARTSTREAM_SKIP_PIP:-0}" != 1 ]; then
  missing_py=()
  python3 -c 'import confluent_kafka' 2>/dev/null || missing_py+=(confluent-kafka)
  python3 -c 'import aiosmtpd' 2>/dev/null || missing_py+=(aiosmtpd)
  python3 -c 'import jsonschema' 2>/dev/null || missing_py+=(jsonschema)
  if [ "${#missing_py[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing_py[*]} with pip" >&2
    python3 -m pip install -q "${missing_py[@]}" >&2 || echo "bootstrap: pip install failed; tests that need ${missing_py[*]} will report it" >&2
  fi
fi
