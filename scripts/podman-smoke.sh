#!/usr/bin/env bash
# Container smoke test of CartStream with podman, on a machine without an image registry
# or a Docker engine (see deploy/scripts/README-podman.md).
#
#   scripts/podman-smoke.sh
#
# 1. Installs what is missing: podman, runc, debootstrap (apt), the containers.conf
#    settings and the base image localhost/debian-base:bookworm (scripts/podman-base-image.sh),
#    podman-compose and aiosmtpd (pip).
# 2. Builds the release binaries of kafka-mock and the four services on the host
#    (swift build -c release --static-swift-stdlib --scratch-path .build-static --product ...)
#    and copies them to deploy/.dist/.
# 3. Starts an SMTP sink on the host (aiosmtpd on the compose file's SMTP port), brings up
#    deploy/compose.local.yml (kafka-mock + four services, host network, loopback only),
#    waits for every /health/ready, drives two carts through cart-service with curl and checks
#    the read models of fraud-, billing- and email-service and the mail the sink received.
# 4. Prints one line per check and `podman-smoke: N passed, M failed`; exits non-zero on any
#    failure. An EXIT trap always takes the stack down (down -v) and stops the sink.
#
# Environment (all optional):
#   SMOKE_PROJECT      compose project name (default cartstream-smoke; not the developer's
#                      cartstream-local, so a running local stack is left alone)
#   SMOKE_SKIP_BUILD=1 reuse the binaries already in deploy/.dist/
#   SMOKE_KEEP=1       leave the stack running (containers and sink) for inspection
#   SMOKE_TIMEOUT      seconds for each bounded wait (default 120)
#   SWIFT              swift executable (default: swift on PATH, else /opt/swift/usr/bin/swift)
#   CART_HTTP_PORT, FRAUD_HTTP_PORT, BILLING_HTTP_PORT, EMAIL_HTTP_PORT, SMTP_PORT
#                      loopback ports (defaults 8080-8083, 1025; a busy default is replaced
#                      by a free port)
set -euo pipefail

cd "$(dirname "$0")/.."
COMPOSE="deploy/compose.local.yml"
PROJECT="${SMOKE_PROJECT:-cartstream-smoke}"
SCRATCH=".build-static"
TIMEOUT="${SMOKE_TIMEOUT:-120}"
PRODUCTS=(kafka-mock cart-service fraud-service billing-service email-service)
SERVICES=(cart-service fraud-service billing-service email-service)
START=$SECONDS
export BUILDAH_FORMAT=docker   # keeps HEALTHCHECK in the images (podman's OCI default drops it)

PASS=0; FAIL=0; SINK_PID=""; STACK_UP=0
WORK="$(mktemp -d /tmp/podman-smoke.XXXXXX)"

log() { echo "podman-smoke: $*" >&2; }
ok() { PASS=$((PASS + 1)); echo "ok   - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
# check "description" command...: one line, counted.
check() { local what="$1"; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
# fatal "description": a step the rest depends on failed; count it and stop (the trap reports).
fatal() { not_ok "$*"; exit 1; }

compose() { podman-compose -p "$PROJECT" -f "$COMPOSE" "$@"; }

cleanup() {
  local rc=$?
  set +e
  if [ "$STACK_UP" -eq 1 ]; then
    if [ "$FAIL" -gt 0 ] || [ "$rc" -ne 0 ]; then
      for c in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
        echo "---- last log lines of $c ($(podman inspect -f '{{.State.Status}} exit={{.State.ExitCode}}' "$c" 2>/dev/null))" >&2
        podman logs --tail 25 "$c" 2>&1 | sed 's/^/    /' >&2
      done
    fi
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
      log "SMOKE_KEEP=1: stack $PROJECT left running (podman-compose -p $PROJECT -f $COMPOSE down -v)"
    else
      timeout 120 podman-compose -p "$PROJECT" -f "$COMPOSE" down -v >"$WORK/down.log" 2>&1 \
        || { log "down -v failed:"; tail -n 20 "$WORK/down.log" >&2; }
      # Whatever down left behind (e.g. after a timeout): remove by project label.
      podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f -t 5 >/dev/null 2>&1
      podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1
    fi
  fi
  if [ -n "$SINK_PID" ] && { [ "$FAIL" -gt 0 ] || [ "$rc" -ne 0 ]; }; then
    echo "---- SMTP sink log (last 20 lines)" >&2; tail -n 20 "$WORK/smtp.log" 2>/dev/null | sed 's/^/    /' >&2
  fi
  if [ -n "$SINK_PID" ] && [ "${SMOKE_KEEP:-0}" != 1 ]; then
    kill "$SINK_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$SINK_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SINK_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
  [ "$rc" -eq 0 ] || [ "$FAIL" -gt 0 ] || FAIL=1   # an unexpected error counts as a failure
  echo "podman-smoke: total wall time $((SECONDS - START))s" >&2
  echo "podman-smoke: $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ] && exit 0 || exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------- tools
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null \
   || ! podman image exists localhost/debian-base:bookworm 2>/dev/null \
   || ! grep -qs '^runtime *= *"runc"' /etc/containers/containers.conf; then
  log "setting up podman and the base image (scripts/podman-base-image.sh)"
fi
# Idempotent: installs podman/runc/debootstrap, writes containers.conf, builds the base image
# only when something is missing.
t0=$SECONDS
scripts/podman-base-image.sh >"$WORK/base-image.log" 2>&1 || { cat "$WORK/base-image.log" >&2; fatal "podman + base image setup"; }
ok "podman $(podman version --format '{{.Client.Version}}') + localhost/debian-base:bookworm ($((SECONDS - t0))s)"

bash scripts/system-packages.sh install containers
PYTHON="$(command -v python3)" || fatal "python3 is needed (SMTP sink, JSON checks)"
pip_missing=()
command -v podman-compose >/dev/null || pip_missing+=(podman-compose)
"$PYTHON" -c 'import aiosmtpd' 2>/dev/null || pip_missing+=(aiosmtpd)
if [ "${#pip_missing[@]}" -gt 0 ]; then
  log "pip install ${pip_missing[*]}"
  PIP_BREAK_SYSTEM_PACKAGES=1 "$PYTHON" -m pip install -q "${pip_missing[@]}" >&2 || fatal "pip install ${pip_missing[*]}"
  hash -r
fi
command -v podman-compose >/dev/null || fatal "podman-compose not on PATH after pip install"

# ---------------------------------------------------------------------------------- ports
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pick_port() { # VAR default -> exports VAR, a free loopback port
  local var="$1" port="${!1:-$2}"
  if port_busy "$port"; then
    local alt; alt="$(free_port)"; log "port $port ($var) is in use; using $alt"; port="$alt"
  fi
  export "$var=$port"
}
pick_port CART_HTTP_PORT 8080
pick_port FRAUD_HTTP_PORT 8081
pick_port BILLING_HTTP_PORT 8082
pick_port EMAIL_HTTP_PORT 8083
pick_port SMTP_PORT 1025
declare -A PORT=([cart-service]=$CART_HTTP_PORT [fraud-service]=$FRAUD_HTTP_PORT
                 [billing-service]=$BILLING_HTTP_PORT [email-service]=$EMAIL_HTTP_PORT)

# ---------------------------------------------------------------------------------- build
if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
  SWIFT="${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}"
  [ -x "$SWIFT" ] || fatal "no swift toolchain (set SWIFT=/path/to/swift)"
  t0=$SECONDS
  for p in "${PRODUCTS[@]}"; do
    log "swift build -c release --static-swift-stdlib --product $p"
    "$SWIFT" build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$p" >"$WORK/build-$p.log" 2>&1 \
      || { tail -n 40 "$WORK/build-$p.log" >&2; fatal "swift build --product $p"; }
  done
  bin="$("$SWIFT" build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)"
  rm -rf deploy/.dist && mkdir -p deploy/.dist
  for p in "${PRODUCTS[@]}"; do cp "$bin/$p" deploy/.dist/; done
  ok "release binaries built ($((SECONDS - t0))s): ${PRODUCTS[*]}"
fi
for p in "${PRODUCTS[@]}"; do [ -x "deploy/.dist/$p" ] || fatal "deploy/.dist/$p missing"; done

# ---------------------------------------------------------------------------------- SMTP sink
# aiosmtpd's default handler (Debugging) prints every message (headers + body) to stdout.
PYTHONUNBUFFERED=1 "$PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" >"$WORK/smtp.log" 2>&1 &
SINK_PID=$!
wait_for() { # seconds command... : polls every 0.5 s
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -lt "$deadline" ] || return 1; sleep 0.5; done
}
if ! wait_for 15 port_busy "$SMTP_PORT" || ! kill -0 "$SINK_PID" 2>/dev/null; then
  cat "$WORK/smtp.log" >&2; fatal "SMTP sink on 127.0.0.1:$SMTP_PORT"
fi
ok "SMTP sink (aiosmtpd) on 127.0.0.1:$SMTP_PORT"

# ---------------------------------------------------------------------------------- stack
t0=$SECONDS
STACK_UP=1
# A leftover stack of an aborted run would hold the ports and the old bootstrap volume.
timeout 120 podman-compose -p "$PROJECT" -f "$COMPOSE" down -v >/dev/null 2>&1 || true
timeout 900 podman-compose -p "$PROJECT" -f "$COMPOSE" up --build -d >"$WORK/up.log" 2>&1 \
  || { tail -n 40 "$WORK/up.log" >&2; fatal "podman-compose up --build -d"; }
ok "podman-compose up --build -d ($((SECONDS - t0))s)"

for s in kafka-mock "${SERVICES[@]}"; do
  svc="$(podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "localhost/cartstream-$s:local" 2>/dev/null \
    | sed -n 's/^CARTSTREAM_SERVICE=//p')"
  check "image cartstream-$s runs $s (CARTSTREAM_SERVICE=${svc:-unset})" test "$svc" = "$s"
  missing="$(podman run --rm --network=none --entrypoint /bin/sh "localhost/cartstream-$s:local" \
    -c "ldd /usr/local/bin/$s | grep 'not found' || true" 2>/dev/null)" || missing="podman run failed"
  check "image cartstream-$s: all shared libraries present${missing:+ (missing: $(echo "$missing" | tr -s ' \n\t' ' '))}" \
    test -z "$missing"
done

container_running() { [ "$(podman inspect -f '{{.State.Status}}' "$1" 2>/dev/null)" = running ]; }
ready() { curl -fs --max-time 3 -o /dev/null "http://127.0.0.1:${PORT[$1]}/health/ready"; }
wait_ready() { # service: ready, or fails early when its container stopped
  local s="$1" deadline=$((SECONDS + TIMEOUT)) name
  name="$(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" \
    --filter "label=io.podman.compose.service=$s" --format '{{.Names}}' | head -n1)"
  until ready "$s"; do
    [ -n "$name" ] && ! container_running "$name" && return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}
t0=$SECONDS
for s in "${SERVICES[@]}"; do
  if wait_ready "$s"; then ok "$s /health/ready on 127.0.0.1:${PORT[$s]} ($((SECONDS - t0))s after up)"
  else not_ok "$s /health/ready on 127.0.0.1:${PORT[$s]} (not ready after $((SECONDS - t0))s)"; fi
done
[ "$FAIL" -eq 0 ] || exit 1

# ---------------------------------------------------------------------------------- commands
RUN="smoke-$(date +%s)-$$"
CART_A="$RUN-a"; CART_B="$RUN-b"
CUST_A="cust-$RUN-a"; CUST_B="cust-$RUN-b"
MAIL_A="a-$RUN@example.test"; MAIL_B="b-$RUN@example.test"
CART="http://127.0.0.1:${PORT[cart-service]}"

# request METHOD URL [JSON] -> body in $WORK/body, status in $WORK/status
request() {
  local code
  code="$(curl -sS --max-time 10 -o "$WORK/body" -w '%{http_code}' -X "$1" \
    -H 'Content-Type: application/json' ${3:+--data "$3"} "$2" 2>"$WORK/curl.err")" || code=000
  echo "$code" >"$WORK/status"
}
# jcheck PYTHON-EXPR: evaluates the expression with d = the last JSON body
jcheck() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$WORK/body" "$1" 2>/dev/null; }
# command "description" expected-status PYTHON-EXPR METHOD URL [JSON]
command_check() {
  local what="$1" want="$2" expr="$3"; shift 3
  request "$@"
  if [ "$(cat "$WORK/status")" = "$want" ] && jcheck "$expr"; then ok "$what"
  else not_ok "$what (HTTP $(cat "$WORK/status"): $(head -c 300 "$WORK/body" 2>/dev/null; cat "$WORK/curl.err"))"; fi
}
# eventually "description" expected-status PYTHON-EXPR URL: GET until it matches (bounded)
eventually() {
  local what="$1" want="$2" expr="$3" url="$4" deadline=$((SECONDS + TIMEOUT)) t0=$SECONDS
  while :; do
    request GET "$url"
    if [ "$(cat "$WORK/status")" = "$want" ] && jcheck "$expr"; then ok "$what ($((SECONDS - t0))s)"; return; fi
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 1
  done
  not_ok "$what (after ${TIMEOUT}s, HTTP $(cat "$WORK/status"): $(head -c 300 "$WORK/body" 2>/dev/null; cat "$WORK/curl.err"))"
}

command_check "cart-service: create cart $CART_A" 201 "d['status']=='open' and d['customerId']=='$CUST_A'" \
  POST "$CART/carts" "{\"cartId\":\"$CART_A\",\"customerId\":\"$CUST_A\",\"customerEmail\":\"$MAIL_A\",\"currency\":\"EUR\"}"
command_check "cart-service: create cart $CART_B" 201 "d['status']=='open'" \
  POST "$CART/carts" "{\"cartId\":\"$CART_B\",\"customerId\":\"$CUST_B\",\"customerEmail\":\"$MAIL_B\",\"currency\":\"EUR\"}"
command_check "cart-service: add 2 x SKU-MUG (19.99) to $CART_A" 200 "d['subtotalMinor']==3998" \
  POST "$CART/carts/$CART_A/items" '{"sku":"SKU-MUG","name":"Mug","unitPriceMinor":1999,"quantity":2}'
command_check "cart-service: add 1 x SKU-TEA (5.00) to $CART_A" 200 "d['subtotalMinor']==4498 and d['itemCount']==3" \
  POST "$CART/carts/$CART_A/items" '{"sku":"SKU-TEA","name":"Tea","unitPriceMinor":500,"quantity":1}'
command_check "cart-service: add 1 x SKU-PEN (2.50) to $CART_B" 200 "d['subtotalMinor']==250" \
  POST "$CART/carts/$CART_B/items" '{"sku":"SKU-PEN","name":"Pen","unitPriceMinor":250,"quantity":1}'
command_check "cart-service: checkout $CART_A" 200 "d['status']=='checkedOut'" \
  POST "$CART/carts/$CART_A/checkout" '{"paymentReference":"pay-'"$RUN"'","shippingAddress":{"name":"Smoke Test","line1":"Teststr. 1","postalCode":"10115","city":"Berlin","country":"DE"}}'
command_check "cart-service: GET $CART_A is checkedOut at version 4" 200 "d['status']=='checkedOut' and d['version']==4" \
  GET "$CART/carts/$CART_A"

# ---------------------------------------------------------------------------------- read models
FRAUD="http://127.0.0.1:${PORT[fraud-service]}"
BILLING="http://127.0.0.1:${PORT[billing-service]}"
EMAIL="http://127.0.0.1:${PORT[email-service]}"
# 4498 subtotal, 19 % tax: 854.62 -> 855, total 5353.
eventually "fraud-service: risk of $CART_A" 200 "d['subjectId']=='$CART_A' and isinstance(d['score'], int)" \
  "$FRAUD/carts/$CART_A/risk"
eventually "fraud-service: risk of $CART_B" 200 "d['subjectId']=='$CART_B'" "$FRAUD/carts/$CART_B/risk"
eventually "billing-service: invoice of $CART_A totals 53.53 EUR (44.98 + 8.55 tax)" 200 \
  "d['cartId']=='$CART_A' and d['customerId']=='$CUST_A' and d['currency']=='EUR' and d['subtotalMinor']==4498 and d['taxMinor']==855 and d['totalMinor']==5353 and len(d['lines'])==2" \
  "$BILLING/invoices/by-cart/$CART_A"
status_is() { [ "$(cat "$WORK/status")" = "$1" ]; }
request GET "$BILLING/invoices/by-cart/$CART_B"
check "billing-service: no invoice for open cart $CART_B" status_is 404
eventually "email-service: order confirmation for $CUST_A sent to $MAIL_A" 200 \
  "any(n['kind']=='order_confirmation' and n['recipient']=='$MAIL_A' and n['status']=='sent' and '$CART_A' in n['subject'] for n in d)" \
  "$EMAIL/customers/$CUST_A/notifications"
request GET "$EMAIL/customers/$CUST_B/notifications"
empty_list() { status_is 200 && jcheck "d == []"; }
check "email-service: no notification for $CUST_B (cart still open)" empty_list
sink_has_mail() { grep -qx "To: <$MAIL_A>" "$WORK/smtp.log" && grep -qx "Subject: Your order $CART_A" "$WORK/smtp.log"; }
check "SMTP sink received 'Your order $CART_A' for $MAIL_A" wait_for 30 sink_has_mail

[ "$FAIL" -eq 0 ] || exit 1
