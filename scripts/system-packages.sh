#!/usr/bin/env bash
# The Debian packages of one or more sets from scripts/system-packages.txt.
#   scripts/system-packages.sh list SET...      prints the packages of the sets, one a line
#   scripts/system-packages.sh missing SET...   prints those not installed
#   scripts/system-packages.sh install SET...   installs those not installed (apt-get, as root or with sudo)
# CARTSTREAM_PACKAGE_LIST names another list file (the tests of the check use it).
set -euo pipefail
LIST="${CARTSTREAM_PACKAGE_LIST:-$(dirname "$0")/system-packages.txt}"
action="${1:?usage: system-packages.sh list|missing|install SET...}"
shift
[ "$#" -gt 0 ] || { echo "system-packages.sh: name at least one set" >&2; exit 64; }

packages_of() {
  local sets=" $* "
  sed 's/#.*//' "$LIST" | while read -r package tags _; do
    [ -n "$package" ] || continue
    for tag in ${tags//,/ }; do
      if [[ "$sets" == *" $tag "* ]]; then echo "$package"; break; fi
    done
  done
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

case "$action" in
  list) packages_of "$@" ;;
  missing) packages_of "$@" | while read -r p; do installed "$p" || echo "$p"; done ;;
  install)
    mapfile -t missing < <(packages_of "$@" | while read -r p; do installed "$p" || echo "$p"; done)
    [ "${#missing[@]}" -gt 0 ] || exit 0
    echo "system-packages: installing ${missing[*]} with apt-get" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    ;;
  *) echo "system-packages.sh: unknown action $action (list, missing or install)" >&2; exit 64 ;;
esac
