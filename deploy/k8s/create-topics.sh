#!/bin/bash
# Creates (or re-asserts) CartStream's topics with kafka-topics.sh / kafka-configs.sh.
# Idempotent: safe to re-run; existing topics keep their data, and their retention
# settings are re-applied. Used by the compose `topics` service and the k8s Job
# (deploy/k8s/topics-job.yaml, via the ConfigMap generated in kustomization.yaml).
#   BOOTSTRAP            broker address (default kafka:19092)
#   CART_EVENTS_TOPIC    (cart-events)       CART_EVENTS_PARTITIONS (12)
#   DLQ_TOPIC            (cart-events.dlq)   DLQ_PARTITIONS (3)
#   REPLICATION_FACTOR   (1 in compose, 3 in k8s)
#   MIN_INSYNC_REPLICAS  (1 in compose, 2 in k8s)
#   DLQ_RETENTION_MS     (2592000000 = 30 days)
#   KAFKA_BIN            directory of the Kafka CLI scripts (/opt/kafka/bin)
# Secured clusters: the same KAFKA_* variables the services read (docs/kafka-security.md) —
#   KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512),
#   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, KAFKA_SSL_CA_LOCATION
#   (PEM), KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM — are translated into the Java tools'
#   --command-config. TOPICS_COMMAND_CONFIG names a ready Java client properties file instead
#   (mutual TLS keystores, OAUTHBEARER). `create-topics.sh --print-command-config` prints the
#   translation, password included, and exits (deploy checks use it); otherwise it goes to a 0600 file only.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:19092}"
TOPIC="${CART_EVENTS_TOPIC:-cart-events}"
PARTITIONS="${CART_EVENTS_PARTITIONS:-12}"
DLQ="${DLQ_TOPIC:-cart-events.dlq}"
DLQ_PARTITIONS="${DLQ_PARTITIONS:-3}"
RF="${REPLICATION_FACTOR:-1}"
MIN_ISR="${MIN_INSYNC_REPLICAS:-1}"
DLQ_RETENTION_MS="${DLQ_RETENTION_MS:-2592000000}"
BIN="${KAFKA_BIN:-/opt/kafka/bin}"

# The Java client properties for the KAFKA_* variables, on standard output.
command_config() {
  local protocol="${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}" mechanism="${KAFKA_SASL_MECHANISM:-}" password="${KAFKA_SASL_PASSWORD:-}"
  echo "security.protocol=${protocol^^}"
  if [ -n "${KAFKA_SASL_PASSWORD_FILE:-}" ]; then
    [ -z "$password" ] || { echo "create-topics: both KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are set: keep one" >&2; return 1; }
    password="$(cat "$KAFKA_SASL_PASSWORD_FILE")"
  fi
  if [ -n "$mechanism" ]; then
    local module
    case "${mechanism^^}" in
      PLAIN) module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
      SCRAM-SHA-256|SCRAM-SHA-512) module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
      *) echo "create-topics: KAFKA_SASL_MECHANISM=$mechanism is not translated; give a Java client file as TOPICS_COMMAND_CONFIG" >&2; return 1 ;;
    esac
    # JAAS quoted strings take backslash escapes.
    local username="${KAFKA_SASL_USERNAME:-}"
    username="${username//\\/\\\\}" password="${password//\\/\\\\}"
    username="${username//\"/\\\"}" password="${password//\"/\\\"}"
    echo "sasl.mechanism=${mechanism^^}"
    echo "sasl.jaas.config=$module required username=\"$username\" password=\"$password\";"
  fi
  if [ -n "${KAFKA_SSL_CA_LOCATION:-}" ]; then
    echo "ssl.truststore.type=PEM"
    echo "ssl.truststore.location=$KAFKA_SSL_CA_LOCATION"
  fi
  case "${KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM:-https}" in
    none) echo "ssl.endpoint.identification.algorithm=" ;;
    *) ;;
  esac
}

if [ "${1:-}" = "--print-command-config" ]; then
  command_config
  exit 0
fi
CONFIG_FILE="${TOPICS_COMMAND_CONFIG:-}"
if [ -z "$CONFIG_FILE" ]; then
  CONFIG_FILE="$(mktemp "${TMPDIR:-/tmp}/create-topics.XXXXXX.properties")"
  chmod 600 "$CONFIG_FILE"
  trap 'rm -f "$CONFIG_FILE"' EXIT
  command_config >"$CONFIG_FILE"
fi
# Every Kafka tool call below gets the cluster and its security settings.
kafka() {
  local tool="$1"
  shift
  "$BIN/$tool" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG_FILE" "$@"
}

for i in $(seq 1 60); do
  kafka kafka-topics.sh --list >/dev/null 2>&1 && break
  [ "$i" -eq 60 ] && { echo "create-topics: broker $BOOTSTRAP not reachable" >&2; exit 1; }
  sleep 2
done

# The event store: infinite retention, never compacted (every event is the history).
kafka kafka-topics.sh --create --if-not-exists \
  --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor "$RF" \
  --config retention.ms=-1 --config retention.bytes=-1 --config cleanup.policy=delete \
  --config min.insync.replicas="$MIN_ISR"
kafka kafka-configs.sh --alter --entity-type topics --entity-name "$TOPIC" \
  --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete

# Dead letters: kept long enough to inspect and replay, then expire.
kafka kafka-topics.sh --create --if-not-exists \
  --topic "$DLQ" --partitions "$DLQ_PARTITIONS" --replication-factor "$RF" \
  --config retention.ms="$DLQ_RETENTION_MS" --config cleanup.policy=delete \
  --config min.insync.replicas="$MIN_ISR"
kafka kafka-configs.sh --alter --entity-type topics --entity-name "$DLQ" \
  --add-config retention.ms="$DLQ_RETENTION_MS"

# Cart-service snapshots: compacted, only the latest snapshot per partition is kept.
kafka kafka-topics.sh --create --if-not-exists \
  --topic "$TOPIC.snapshots" --partitions 1 --replication-factor "$RF" \
  --config cleanup.policy=compact --config min.insync.replicas="$MIN_ISR"

# Partitions are never changed here: adding partitions to cart-events would move carts
# to other partitions (key hashing) and break per-cart ordering. See OPERATIONS.md.
actual="$(kafka kafka-topics.sh --describe --topic "$TOPIC" \
  | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n1)"
if [ "$actual" != "$PARTITIONS" ]; then
  echo "create-topics: $TOPIC has $actual partitions, expected $PARTITIONS" >&2
  exit 1
fi
for t in "$TOPIC" "$DLQ"; do
  kafka kafka-configs.sh --describe --entity-type topics --entity-name "$t"
done
echo "create-topics: done"
