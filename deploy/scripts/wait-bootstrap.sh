#!/bin/bash
# Entrypoint wrapper for host-network local runs against `kafka-mock`, whose brokers
# listen on random loopback ports. If KAFKA_BOOTSTRAP_FILE is set, waits until that
# file names a reachable broker, exports KAFKA_BOOTSTRAP_SERVERS from it and execs
# the rest of the command line. Without KAFKA_BOOTSTRAP_FILE it only execs.
#   KAFKA_BOOTSTRAP_FILE      file written by `kafka-mock --bootstrap-file` (e.g. /run/cartstream/bootstrap)
#   KAFKA_BOOTSTRAP_TIMEOUT   seconds to wait (default 60)
# A stale file from an earlier run is not trusted: the first host:port must accept a
# TCP connection (bash /dev/tcp) before the service starts.
set -euo pipefail
if [ -n "${KAFKA_BOOTSTRAP_FILE:-}" ]; then
  deadline=$(( SECONDS + ${KAFKA_BOOTSTRAP_TIMEOUT:-60} ))
  while :; do
    if [ -s "$KAFKA_BOOTSTRAP_FILE" ]; then
      servers="$(tr -d ' \r\n' < "$KAFKA_BOOTSTRAP_FILE")"
      first="${servers%%,*}"
      host="${first%:*}"; port="${first##*:}"
      if [ -n "$host" ] && [ -n "$port" ] && (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
        export KAFKA_BOOTSTRAP_SERVERS="$servers"
        echo "wait-bootstrap: KAFKA_BOOTSTRAP_SERVERS=$servers" >&2
        break
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "wait-bootstrap: no reachable broker in $KAFKA_BOOTSTRAP_FILE after ${KAFKA_BOOTSTRAP_TIMEOUT:-60}s" >&2
      exit 1
    fi
    sleep 0.5
  done
fi
[ "$#" -gt 0 ] || { echo "wait-bootstrap: no command given" >&2; exit 64; }
exec "$@"
