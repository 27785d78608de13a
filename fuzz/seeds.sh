#!/usr/bin/env bash
# Builds the fuzz target's seed corpus from the real pages (they are data,
# not ours: the corpus is built, never committed). Each seed is one page, or
# a resource page with the operation pages named after it, NUL-separated.
#   fuzz/seeds.sh [SHARED_DIR]   (default: $GRAPH_SHARED_DIR or ../shared)
set -euo pipefail
cd "$(dirname "$0")"
shared=${1:-${GRAPH_SHARED_DIR:-../../shared}}
docs="$shared/corpus/graph-docs-2021-07"
[ -d "$docs" ] || { echo "no corpus at $docs" >&2; exit 1; }
out=corpus/analyze
mkdir -p "$out"
for version in v1.0 beta; do
  for page in "$docs/$version"/api/*.md "$docs/$version"/resources/*.md; do
    cp "$page" "$out/$version-$(basename "$(dirname "$page")")-$(basename "$page")"
  done
  for resource in "$docs/$version"/resources/*.md; do
    name=$(basename "$resource" .md)
    operations=("$docs/$version/api/$name"-*.md)
    [ -e "${operations[0]}" ] || continue
    { cat "$resource"; for op in "${operations[@]:0:4}"; do printf '\0'; cat "$op"; done; } \
      >"$out/$version-set-$name.md"
  done
done
echo "$(ls "$out" | wc -l) seeds in fuzz/$out"
