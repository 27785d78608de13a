#!/usr/bin/env bash
# Compile times of the crates generated from the corpus: `cargo check` and
# `cargo build` (debug) of the library, from clean (dependencies included)
# and of the crate alone (dependencies already built), with every feature
# (`full`, the default) and with one API area.
#   scripts/compile-times.sh [VERSION:FEATURE ...]   (default: v1.0:users beta:users beta:people)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${GRAPH_SHARED_DIR:-$(cd .. && pwd)/shared}
work=$PWD/target/compile-times
cargo build --quiet --release -p xtask
[ $# -gt 0 ] || set -- v1.0:users beta:users beta:people

seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n 1; }

printf '%-6s %-12s %-6s %12s %12s\n' docs features cargo "from clean" "crate alone"
measured=""
for spec in "$@"; do
  version=${spec%%:*} feature=${spec#*:}
  crate=$work/$version
  if [[ " $measured " != *" $version "* ]]; then
    ./target/release/xtask gen --docs "$shared/corpus/graph-docs-2021-07/$version" --out "$crate" >/dev/null 2>&1
    # Resolve the dependencies first: a lockfile is not compile time.
    cargo generate-lockfile --quiet --manifest-path "$crate/Cargo.toml"
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
