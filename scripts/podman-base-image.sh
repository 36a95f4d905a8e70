#!/usr/bin/env bash
# Makes the local base image localhost/debian-base:bookworm for deploy/Dockerfile.local,
# idempotently, on a machine that can reach Debian's archive but no image registry.
#
#   scripts/podman-base-image.sh            # install tools if missing, build image if missing
#   scripts/podman-base-image.sh --force    # rebuild the image even if it exists
#
# Steps: apt-get install podman runc debootstrap (when missing); write
# /etc/containers/containers.conf (runc, no default ulimits: the sandbox refuses
# podman's default RLIMIT_NOFILE/NPROC settings) unless it already has those settings;
# debootstrap --variant=minbase bookworm into a temp dir; tar | podman import.
# Environment: DEBIAN_MIRROR (default: first URIs: line of /etc/apt/sources.list.d/*.sources,
# else http://deb.debian.org/debian), IMAGE (default localhost/debian-base:bookworm).
set -euo pipefail

IMAGE="${IMAGE:-localhost/debian-base:bookworm}"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { echo "podman-base-image: $*" >&2; }

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# podman, runc, debootstrap: the "containers" set of the project's one package list.
bash "$(dirname "$0")/system-packages.sh" install containers

conf=/etc/containers/containers.conf
if ! grep -qs '^runtime *= *"runc"' "$conf" || ! grep -qs '^default_ulimits *= *\[\]' "$conf"; then
  log "writing $conf (runtime=runc, default_ulimits=[])"
  $SUDO mkdir -p /etc/containers
  [ -f "$conf" ] && $SUDO cp "$conf" "$conf.bak.$(date +%s)"
  printf '%s\n' '[containers]' 'default_ulimits = []' '' '[engine]' 'runtime = "runc"' | $SUDO tee "$conf" >/dev/null
fi

if [ "$FORCE" -eq 0 ] && podman image exists "$IMAGE"; then
  log "$IMAGE already exists (use --force to rebuild)"
  exit 0
fi

if [ -z "${DEBIAN_MIRROR:-}" ]; then
  DEBIAN_MIRROR="$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
  DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
fi

rootfs="$(mktemp -d /var/tmp/debian-base.XXXXXX)"
trap '$SUDO rm -rf "$rootfs"' EXIT
log "debootstrap --variant=minbase bookworm $rootfs $DEBIAN_MIRROR"
$SUDO debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1 || {
  tail -n 30 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"
# Keep the image small and apt-friendly for later RUN apt-get steps.
$SUDO rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
log "importing as $IMAGE"
$SUDO tar -C "$rootfs" -c . | podman import \
  --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$IMAGE" >/dev/null
podman image ls "$IMAGE"
