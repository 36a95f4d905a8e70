#!/usr/bin/env bash
# Fails when a target of the package graph needs a system library that the `build` set of
# scripts/system-packages.txt does not install, so a fresh machine cannot lack it silently.
# Reads the root package and every resolved dependency (.build/checkouts, so run it after
# `swift package resolve` or a build):
#   - the apt providers of `.systemLibrary` targets (`providers: [.apt([...])]`),
#   - the libraries module maps link (`link "sqlite3"`) and targets link on Linux
#     (`.linkedLibrary("z")`), each mapped to the Debian package that owns its `lib<name>.so`,
#   - the pkg-config names of `.systemLibrary` targets, mapped to the owner of `<name>.pc`.
# CARTSTREAM_PACKAGE_LIST names another list (scripts/test-system-packages.sh uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t listed < <(bash scripts/system-packages.sh list build)
manifests=(Package.swift)
[ -d .build/checkouts ] && for m in .build/checkouts/*/Package.swift; do [ -f "$m" ] && manifests+=("$m"); done
[ "${#manifests[@]}" -gt 1 ] || { echo "check-system-packages: no resolved dependencies in .build/checkouts (run swift package resolve first)" >&2; exit 2; }

failures=0
checked=0
is_listed() { local p; for p in "${listed[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }
require() { # package, what needs it
  checked=$((checked + 1))
  if ! is_listed "$1"; then
    echo "check-system-packages: $2 needs Debian package $1, which scripts/system-packages.txt does not list in the build set" >&2
    failures=$((failures + 1))
  fi
}
owner_of() { # a dpkg -S path pattern; prints the owning package (architecture stripped) or nothing
  dpkg -S "$1" 2>/dev/null | head -n1 | cut -d: -f1
}

for manifest in "${manifests[@]}"; do
  where="${manifest%/Package.swift}"; [ "$where" = Package.swift ] && where=.
  # apt providers of system libraries
  while read -r package; do
    [ -n "$package" ] && require "$package" "a system library target in $manifest (apt provider)"
  done < <(grep -oE '\.apt\(\[[^]]*\]' "$manifest" | grep -oE '"[^"]+"' | tr -d '"')
  # pkg-config names of system libraries
  while read -r name; do
    owner="$(owner_of "*/pkgconfig/$name.pc")"
    if [ -z "$owner" ]; then
      echo "check-system-packages: $manifest needs pkg-config module $name, which no installed Debian package provides" >&2
      failures=$((failures + 1))
    else
      require "$owner" "pkg-config module $name ($manifest)"
    fi
  done < <(grep -oE 'pkgConfig: *"[^"]+"' "$manifest" | grep -oE '"[^"]+"' | tr -d '"')
  # libraries linked on Linux: module maps and linkerSettings (not those only for other platforms)
  mapfile -t libraries < <({
    find "$where" -name module.modulemap -not -path '*/.build/*' -not -path './.build*' \
      -exec grep -hoE 'link +"[^"]+"' {} + 2>/dev/null || true
    grep -E '\.linkedLibrary\("' "$manifest" | grep -vE '\.when\(platforms:' || true
    grep -E '\.linkedLibrary\("[^"]+", *\.when\(platforms:[^)]*\.linux' "$manifest" || true
  } | grep -oE '(link +|linkedLibrary\()"[^"]+"' | cut -d'"' -f2 | sort -u)
  for library in "${libraries[@]}"; do
    owner="$(owner_of "/usr/lib/*/lib$library.so")"
    [ -n "$owner" ] || owner="$(owner_of "/lib/*/lib$library.so")"
    if [ -z "$owner" ]; then
      echo "check-system-packages: $manifest links lib$library, but no installed Debian package provides lib$library.so" >&2
      failures=$((failures + 1))
    else
      require "$owner" "lib$library (linked by a target of $manifest)"
    fi
  done
done
if [ "$failures" -gt 0 ]; then
  echo "check-system-packages: $failures requirement(s) of the package graph missing from the build set (of $checked checked)" >&2
  exit 1
fi
echo "check-system-packages: all $checked system requirements of ${#manifests[@]} manifests are in the build set"
