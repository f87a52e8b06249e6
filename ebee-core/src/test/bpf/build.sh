#!/usr/bin/env bash
# Compiles the test BPF objects (src/test/bpf/*.c) into target/test-classes/bpf/ with clang.
# Run by Maven in generate-test-resources; recompiles only what changed.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
out="${1:?output directory}"
clang="${CLANG:-}"
if [ -z "$clang" ]; then
  for c in clang-19 clang-18 clang-17 clang-16 clang; do
    if command -v "$c" >/dev/null; then clang="$c"; break; fi
  done
fi
if [ -z "$clang" ]; then
  echo "ebee: clang not found: the test BPF objects need it; install it with: apt-get install clang-19 libbpf-dev" >&2
  exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "ebee: libbpf headers not found: install them with: apt-get install libbpf-dev" >&2
  exit 1
fi
mkdir -p "$out"
for f in "$src"/*.c; do
  o="$out/$(basename "${f%.c}").o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$src/common.h" -nt "$o" ]; then
    "$clang" -O2 -g -target bpf -D__TARGET_ARCH_x86 -I"$src" -I/usr/include/x86_64-linux-gnu -Wall -Wno-unused-variable \
      -c "$f" -o "$o"
  fi
done

# seeds for the Jazzer fuzz tests: the objects, and their .BTF sections
seeds="$out/../dev/ebee/fuzz"
mkdir -p "$seeds/ObjectFuzzTestInputs/parseObject" "$seeds/BtfFuzzTestInputs/parseBtf"
for o in "$out"/*.o; do
  n="$(basename "$o" .o)"
  cp -f "$o" "$seeds/ObjectFuzzTestInputs/parseObject/$n"
  objcopy="$(command -v llvm-objcopy-19 || command -v llvm-objcopy || true)"
  if [ -n "$objcopy" ]; then
    "$objcopy" --dump-section .BTF="$seeds/BtfFuzzTestInputs/parseBtf/$n" "$o" /dev/null 2>/dev/null || true
  fi
done
