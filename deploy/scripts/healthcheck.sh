#!/bin/sh
# Container HEALTHCHECK: GET /health/live on the service's HTTP port.
# HTTP_PORT wins; otherwise the contract's default port for $CARTSTREAM_SERVICE.
# Executables without an HTTP server (cartctl, kafka-mock, cartstream) report healthy.
set -eu
case "${CARTSTREAM_SERVICE:-}" in
  cart-service) default=8080 ;;
  fraud-service) default=8081 ;;
  billing-service) default=8082 ;;
  email-service) default=8083 ;;
  *) [ -n "${HTTP_PORT:-}" ] || exit 0; default="$HTTP_PORT" ;;
esac
exec curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:${HTTP_PORT:-$default}/health/live"
