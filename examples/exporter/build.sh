#!/usr/bin/env bash
# Compiles the exporter examples (*.bpf.c) with clang into DIR, beside copies of their NAME.yaml,
# so that DIR is a --config.dir for `ebee exporter`. Run by ebee-cli's build (for its tests) and
# by hand: examples/exporter/build.sh /tmp/exporter. Recompiles only what changed.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
out="${1:?output directory}"
clang=""
for c in clang-19 clang-18 clang-17 clang-16 clang; do
  if command -v "$c" >/dev/null; then clang="$c"; break; fi
done
if [ -z "$clang" ] || [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "ebee: the exporter examples need clang and libbpf's headers: apt-get install clang-19 libbpf-dev" >&2
  exit 1
fi
mkdir -p "$out"
for f in "$src"/*.bpf.c; do
  n="$(basename "$f" .bpf.c)"
  o="$out/$n.bpf.o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ]; then
    "$clang" -O2 -g -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu -Wall -c "$f" -o "$o"
  fi
  cp -f "$src/$n.yaml" "$out/$n.yaml"
done
