#!/bin/sh
# Image entrypoint: one image holds every CartStream executable; this picks one.
#   <image> fraud-service [args...]   -> runs /usr/local/bin/fraud-service args...
#   <image> [args...]                 -> runs $CARTSTREAM_SERVICE (baked in by ARG SERVICE) args...
set -eu
bindir=/usr/local/bin
case "${1:-}" in
  ''|-*|*/*) svc="${CARTSTREAM_SERVICE:?CARTSTREAM_SERVICE is not set and no service named}" ;;
  *)
    if [ -x "$bindir/$1" ]; then svc="$1"; shift
    else svc="${CARTSTREAM_SERVICE:?CARTSTREAM_SERVICE is not set and no service named}"; fi ;;
esac
[ -x "$bindir/$svc" ] || { echo "entrypoint: no executable $bindir/$svc" >&2; exit 127; }
exec "$bindir/$svc" "$@"
