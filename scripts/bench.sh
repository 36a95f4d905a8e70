#!/usr/bin/env bash
# Swift-vs-C throughput benchmark of the Kafka module (see Benchmarks/README.md).
#
# Builds Benchmarks/c/kafka_bench.c (librdkafka directly) and the release
# `kafka-bench` + `kafka-mock`, then for R rounds starts a fresh mock cluster on
# loopback (even leader layout, a fresh topic per producer run) and runs C produce,
# Swift produce (by parts), Swift produce (records), C consume, Swift consume (producers
# rotated over the rounds, after a short warm-up run; both consumers read the topic
# the C producer filled, in an order swapped every other round),
# and prints the median msgs/s of each, the median per-round ratio Swift / C and the
# goals. Every consumer must receive all N messages, or
# the run fails loudly.
#
# Settings (environment): N=1000000 messages, SIZE=100 bytes, PARTITIONS=32,
# ROUNDS=9, BROKERS=3, RUN_TIMEOUT=120 s per program run, STRICT=0 (1: exit 1
# when a ratio is below its goal). Raw output goes to bench-out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

N=${N:-1000000}
SIZE=${SIZE:-100}
PARTITIONS=${PARTITIONS:-32}
ROUNDS=${ROUNDS:-9}
BROKERS=${BROKERS:-3}
RUN_TIMEOUT=${RUN_TIMEOUT:-120}
STRICT=${STRICT:-0}
PRODUCER_GOAL=0.95
CONSUMER_GOAL=0.90
SCRATCH=.build-release
OUT=bench-out
mkdir -p "$OUT" .build-bench

# librdkafka 2.0.2's mock keeps about 5 MB per partition and trims older data
# silently; warn early when the data set cannot fit (the consumers' checks fail anyway).
per_partition=$(( N * (SIZE + 40) / PARTITIONS ))
if [ "$per_partition" -gt $((5 * 1024 * 1024)) ]; then
  echo "bench: warning: ~$((per_partition / 1024)) KiB per partition exceeds the mock's ~5 MB; use more PARTITIONS" >&2
fi

echo "bench: building (C: cc -O2, Swift: release)" >&2
read -r -a rdkafka_flags <<< "$(pkg-config --cflags --libs rdkafka)"
cc -O2 -Wall -o .build-bench/kafka_bench Benchmarks/c/kafka_bench.c "${rdkafka_flags[@]}"
swift build -c release --scratch-path "$SCRATCH" --product kafka-mock >&2
swift build -c release --scratch-path "$SCRATCH" --product kafka-bench >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
C_BENCH=.build-bench/kafka_bench
SWIFT_BENCH=$BIN/kafka-bench

# A fresh mock cluster for every round, with that round's three topics. Its leaders are
# laid out evenly and identically for every topic (the mock otherwise picks each
# partition's leader at random, so two topics could load the brokers differently), and
# nothing from earlier rounds is kept in its memory. librdkafka 2.0.2's leader call can
# hang: a start that is not up within 15 s is killed and tried again.
MOCK_PID=
stop_mock() {
  if [ -n "$MOCK_PID" ] && kill -0 "$MOCK_PID" 2>/dev/null; then
    kill -TERM "$MOCK_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$MOCK_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
  fi
  MOCK_PID=
}
trap stop_mock EXIT
# start_mock TOPIC...: starts the round's cluster and sets SERVERS.
start_mock() {
  local topic_args=() attempt topic
  for topic in "$@"; do topic_args+=(--topic "$topic:$PARTITIONS"); done
  for attempt in 1 2 3 4 5 6; do
    rm -f "$OUT/bootstrap"
    "$BIN/kafka-mock" --brokers "$BROKERS" --balanced-leaders "${topic_args[@]}" --bootstrap-file "$OUT/bootstrap" >"$OUT/mock.out" 2>"$OUT/mock.err" &
    MOCK_PID=$!
    for _ in $(seq 1 150); do
      [ -s "$OUT/bootstrap" ] && break
      kill -0 "$MOCK_PID" 2>/dev/null || { echo "bench: kafka-mock exited early:" >&2; cat "$OUT/mock.err" >&2; exit 1; }
      sleep 0.1
    done
    if [ -s "$OUT/bootstrap" ]; then
      SERVERS=$(cat "$OUT/bootstrap")
      case "$SERVERS" in 127.*) return 0 ;; *) echo "bench: refusing non-loopback bootstrap servers $SERVERS" >&2; exit 1 ;; esac
    fi
    echo "bench: kafka-mock not up within 15 s (attempt $attempt); restarting it" >&2
    kill -KILL "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_PID=
  done
  echo "bench: kafka-mock did not start in 6 attempts" >&2
  exit 1
}
echo "bench: N=$N SIZE=$SIZE PARTITIONS=$PARTITIONS ROUNDS=$ROUNDS BROKERS=$BROKERS (a fresh mock cluster per round)" >&2

RESULTS="$OUT/results.txt"
: >"$RESULTS"
# run TAG LANG MODE TOPIC [EXTRA...]: one program run, bounded by RUN_TIMEOUT; its lines go to RESULTS as "TAG line".
run() {
  local tag=$1 lang=$2 mode=$3 topic=$4 bin args=()
  shift 4
  if [ "$lang" = c ]; then bin=$C_BENCH; else bin=$SWIFT_BENCH; fi
  args=("$mode" --brokers "$SERVERS" --topic "$topic" -n "$N" -s "$SIZE" -p "$PARTITIONS" --timeout $((RUN_TIMEOUT - 10)) "$@")
  local output
  if ! output=$(timeout --kill-after=5 "$RUN_TIMEOUT" "$bin" "${args[@]}"); then
    echo "$output" >&2
    echo "bench: FAILED: $lang $mode on $topic (exit status, timeout or missing messages)" >&2
    exit 1
  fi
  echo "$output" | sed "s/^/$tag /" | tee -a "$RESULTS" >&2
  # Every figure must count all N messages.
  if echo "$output" | grep -v " msgs=$N " | grep -q msgs=; then
    echo "bench: FAILED: $lang $mode did not count all $N messages" >&2
    exit 1
  fi
}

# Each producer fills its own fresh topic; both consumers then read the same
# topic (the one the C producer filled), so they fetch identical batches. The
# first run on a fresh cluster is slower and the last faster, so the three
# producers take turns in every position (a 3-cycle over the rounds) after a short
# warm-up run, and the consumers swap order every other round.
producers=("c produce bench-c" "swift produce bench-swift" "swift produce bench-swiftrec --records")
for r in $(seq 1 "$ROUNDS"); do
  echo "bench: round $r of $ROUNDS" >&2
  topic="bench-c-r$r"
  start_mock "$topic" "bench-swift-r$r" "bench-swiftrec-r$r" "bench-warmup-r$r"
  "$C_BENCH" produce --brokers "$SERVERS" --topic "bench-warmup-r$r" -n 10000 -s "$SIZE" -p "$PARTITIONS" >/dev/null
  for slot in 0 1 2; do
    read -r lang mode prefix extra <<<"${producers[$(((r + slot) % 3))]}"
    run default "$lang" "$mode" "$prefix-r$r" ${extra:+"$extra"}
  done
  if [ $((r % 2)) -eq 1 ]; then
    run default c consume "$topic"; run default swift consume "$topic"
  else
    run default swift consume "$topic"; run default c consume "$topic"
  fi
  stop_mock
done

# Same data read by both sides: the consumers' checksums must agree.
if [ "$(grep ' consume' "$RESULTS" | sed -n 's/.*checksum=//p' | sort -u | wc -l)" -ne 1 ]; then
  echo "bench: FAILED: consumers saw different payloads:" >&2
  grep ' consume' "$RESULTS" >&2
  exit 1
fi

# median TAG LANG WHAT: the median msgs/s of one series.
median() {
  grep "^$1 $2 $3 " "$RESULTS" | sed -n 's/.*msgs_per_sec=\([0-9]*\).*/\1/p' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
c_produce=$(median default c produce); swift_produce=$(median default swift produce)
c_consume=$(median default c consume); swift_consume=$(median default swift consume)
swift_sequence=$(median default swift consume-seq)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r >= g ? "ok" : "BELOW") }'; }
# paired WHAT: the median over rounds of (Swift / C) within each round. Both runs of a
# round share the mock cluster's state and the machine's load at that moment, so this
# is the figure least moved by drift between rounds (the goals are checked on it).
# paired WHAT [SWIFT_WHAT]: SWIFT_WHAT (default WHAT) is the Swift series compared with C's WHAT.
paired() {
  local swift_what=${2:-$1}
  for r in $(seq 1 "$ROUNDS"); do
    grep -E " ($1|$swift_what) " "$RESULTS" | awk -v r="$r" -v what="$1" -v swhat="$swift_what" '
      { for (i = 1; i <= NF; i++) if ($i ~ /^msgs_per_sec=/) { split($i, kv, "="); v = kv[2] } }
      $2 == "c" && $3 == what { n++; if (n == r) c = v } $2 == "swift" && $3 == swhat { m++; if (m == r) s = v }
      END { if (c > 0) printf "%.4f\n", s / c }'
  done | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
produce_ratio=$(paired produce)
record_ratio=$(paired produce produce-record)
swift_record=$(median default swift produce-record)
consume_ratio=$(paired consume)
sequence_ratio=$(ratio "$swift_sequence" "$c_consume")

echo
echo "Swift vs C, librdkafka $(pkg-config --modversion rdkafka), mock cluster ($BROKERS brokers) on loopback, $(nproc) cores"
echo "N=$N messages x $SIZE B, $PARTITIONS partitions, median of $ROUNDS rounds (msgs/s); Swift/C: median of the per-round ratios"
printf '%-28s %12s %12s %8s %6s %s\n' "" "C" "Swift" "Swift/C" "goal" ""
printf '%-28s %12s %12s %8s %6s %s\n' "producer (enqueue+flush)" "$c_produce" "$swift_produce" "$produce_ratio" "$PRODUCER_GOAL" "$(verdict "$produce_ratio" "$PRODUCER_GOAL")"
printf '%-28s %12s %12s %8s %6s %s\n' "producer (records)" "$c_produce" "$swift_record" "$record_ratio" "-" ""
printf '%-28s %12s %12s %8s %6s %s\n' "consumer (pollBatch)" "$c_consume" "$swift_consume" "$consume_ratio" "$CONSUMER_GOAL" "$(verdict "$consume_ratio" "$CONSUMER_GOAL")"
printf '%-28s %12s %12s %8s %6s %s\n' "consumer (messages sequence)" "$c_consume" "$swift_sequence" "$sequence_ratio" "-" ""
echo "Consumers: from the first message to the N-th (startup apart); raw lines: $RESULTS"

if [ "$STRICT" = 1 ]; then
  [ "$(verdict "$produce_ratio" "$PRODUCER_GOAL")" = ok ] && [ "$(verdict "$consume_ratio" "$CONSUMER_GOAL")" = ok ] || exit 1
fi
