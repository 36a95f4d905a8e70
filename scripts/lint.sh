#!/usr/bin/env bash
# Lints every Swift file with the toolchain's swift-format and the repository's .swift-format
# (4-space indent, 140 columns, ordered imports, Swift naming rules); any finding fails.
# Fix the layout with: swift format --in-place --recursive --parallel Sources Tests Package.swift
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
swift format lint --strict --recursive --parallel Sources Tests Package.swift
echo "lint: swift-format found nothing in Sources, Tests and Package.swift"
