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

for i in $(seq 1 60); do
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1 && break
  [ "$i" -eq 60 ] && { echo "create-topics: broker $BOOTSTRAP not reachable" >&2; exit 1; }
  sleep 2
done

# The event store: infinite retention, never compacted (every event is the history).
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor "$RF" \
  --config retention.ms=-1 --config retention.bytes=-1 --config cleanup.policy=delete \
  --config min.insync.replicas="$MIN_ISR"
"$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$TOPIC" \
  --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete

# Dead letters: kept long enough to inspect and replay, then expire.
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic "$DLQ" --partitions "$DLQ_PARTITIONS" --replication-factor "$RF" \
  --config retention.ms="$DLQ_RETENTION_MS" --config cleanup.policy=delete \
  --config min.insync.replicas="$MIN_ISR"
"$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$DLQ" \
  --add-config retention.ms="$DLQ_RETENTION_MS"

# Cart-service snapshots: compacted, only the latest snapshot per partition is kept.
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic "$TOPIC.snapshots" --partitions 1 --replication-factor "$RF" \
  --config cleanup.policy=compact --config min.insync.replicas="$MIN_ISR"

# Partitions are never changed here: adding partitions to cart-events would move carts
# to other partitions (key hashing) and break per-cart ordering. See OPERATIONS.md.
actual="$("$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "$TOPIC" \
  | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n1)"
if [ "$actual" != "$PARTITIONS" ]; then
  echo "create-topics: $TOPIC has $actual partitions, expected $PARTITIONS" >&2
  exit 1
fi
for t in "$TOPIC" "$DLQ"; do
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --describe --entity-type topics --entity-name "$t"
done
echo "create-topics: done"
