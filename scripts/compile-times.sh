#!/usr/bin/env bash
# Compile times of the crates generated from the corpus: `cargo check` and
# `cargo build` (debug) of the library, from clean (dependencies included)
# and of the crate alone (dependencies already built), with every feature
# (`full`, the default) and with one API area.
#   scripts/compile-times.sh [VERSION:FEATURE ...]   (default: v1.0:users beta:users beta:people)
#
# `app` (alone or among the specs) builds instead, in debug and from an
# empty target directory each time, a stand-in user application on the
# v1.0 crate with every API area and the client
# (scripts/compile-app/graph-api-app) and the same application on
# graph-rs-sdk 3.0.1 (scripts/compile-app/graph-rs-app), and prints wall
# seconds and peak memory of each and their ratio. The sources are
# downloaded first (`cargo fetch`, not timed).
#   scripts/compile-times.sh app
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${GRAPH_SHARED_DIR:-$(cd .. && pwd)/shared}
work=$PWD/target/compile-times
cargo build --quiet --release -p xtask
[ $# -gt 0 ] || set -- v1.0:users beta:users beta:people

seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n 1; }

generated="" # the versions generated so far
generate() { # VERSION: the corpus crate in $work/VERSION, its lockfile resolved
  local crate=$work/$1
  ./target/release/xtask gen --docs "$shared/corpus/graph-docs-2021-07/$1" --out "$crate" >/dev/null 2>&1
  # Resolve the dependencies first: a lockfile is not compile time.
  cargo generate-lockfile --quiet --manifest-path "$crate/Cargo.toml"
  generated="$generated $1"
}

# The resident memory (KiB) of process PID and all its descendants.
tree_rss() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END {
      for (p in rss) {
        q = p
        while (q != root && q in parent && q > 1) q = parent[q]
        if (q == root) sum += rss[p]
      }
      print sum + 0
    }'
}

# Runs COMMAND... (output to LOG) and prints "SECONDS LARGEST TREE": wall
# seconds and the peak RSS in KiB of the largest single process, as
# /usr/bin/time reports it (cargo waits for its rustc and build-script
# children, so theirs count; the largest is usually one rustc), and the
# peak of the whole process tree's RSS at once (cargo runs up to one job
# per core), polled every 0.2 s.
measure() { # LOG COMMAND...
  local log=$1
  shift
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" >"$log" 2>&1 &
  local pid=$! peak=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now=$(tree_rss "$pid")
    ((now > peak)) && peak=$now
    sleep 0.2
  done
  wait "$pid" || { cat "$log" "$log.time" >&2; return 1; }
  echo "$(tail -n 1 "$log.time") $peak"
}

apps() {
  local app manifest line seconds largest tree
  local -A results
  [[ " $generated " == *" v1.0 "* ]] || generate v1.0
  for app in graph-api-app graph-rs-app; do
    manifest=scripts/compile-app/$app/Cargo.toml
    cargo generate-lockfile --quiet --manifest-path "$manifest"
    cargo fetch --quiet --manifest-path "$manifest"
  done
  for app in graph-api-app graph-rs-app; do
    export CARGO_TARGET_DIR=$work/target-app-$app
    rm -rf "$CARGO_TARGET_DIR"
    mkdir -p "$CARGO_TARGET_DIR"
    results[$app]=$(measure "$work/$app.log" cargo build --manifest-path "scripts/compile-app/$app/Cargo.toml")
    rm -rf "$CARGO_TARGET_DIR"
  done
  printf '%-26s %10s %16s %16s\n' "app (cargo build, debug)" seconds "largest process" "process tree"
  for app in graph-api-app graph-rs-app; do
    read -r seconds largest tree <<<"${results[$app]}"
    line=$([ $app = graph-api-app ] && echo "graph-api v1.0 full+client" || echo "graph-rs-sdk 3.0.1")
    printf '%-26s %9ss %12d MiB %12d MiB\n' "$line" "$seconds" $((largest / 1024)) $((tree / 1024))
  done
  read -r seconds largest tree <<<"${results[graph-api-app]}"
  read -r rs_seconds rs_largest rs_tree <<<"${results[graph-rs-app]}"
  awk -v a="$seconds" -v b="$rs_seconds" -v c="$largest" -v d="$rs_largest" -v e="$tree" -v f="$rs_tree" \
    'BEGIN { printf "%-26s %9.2fx %15.2fx %15.2fx\n", "ratio graph-api/graph-rs", a / b, c / d, e / f }'
}

header="" measured="" # the versions measured with `full`
for spec in "$@"; do
  if [ "$spec" = app ]; then
    apps
    continue
  fi
  if [ -z "$header" ]; then
    printf '%-6s %-12s %-6s %12s %12s\n' docs features cargo "from clean" "crate alone"
    header=1
  fi
  version=${spec%%:*} feature=${spec#*:}
  crate=$work/$version
  if [[ " $measured " != *" $version "* ]]; then
    [[ " $generated " == *" $version "* ]] || generate "$version"
    set -- "full:" "$feature:--no-default-features --features $feature"
    measured="$measured $version"
  else
    set -- "$feature:--no-default-features --features $feature"
  fi
  for entry in "$@"; do
    name=${entry%%:*} flags=${entry#*:}
    for command in check build; do
      export CARGO_TARGET_DIR=$work/target-$version-$name-$command
      rm -rf "$CARGO_TARGET_DIR"
      # shellcheck disable=SC2086 # flags are words
      clean=$(seconds cargo $command --quiet --lib --manifest-path "$crate/Cargo.toml" $flags)
      # Only the crate's own artifacts (and its incremental cache) go.
      cargo clean --quiet --package graph-api --manifest-path "$crate/Cargo.toml"
      # shellcheck disable=SC2086
      alone=$(seconds cargo $command --quiet --lib --manifest-path "$crate/Cargo.toml" $flags)
      printf '%-6s %-12s %-6s %11ss %11ss\n' "$version" "$name" "$command" "$clean" "$alone"
      rm -rf "$CARGO_TARGET_DIR"
    done
  done
done
