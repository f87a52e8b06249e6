#!/usr/bin/env bash
# usage: build.sh OUT INCLUDE [JAVA CLASSPATH]
# Compiles the tools' BPF C (src/main/bpf/*.bpf.c) into OUT/<tool>.bpf.o with clang, against a
# vmlinux.h written from the running kernel's BTF into INCLUDE/ by `ebee btf dump` (run with JAVA
# on CLASSPATH), or by bpftool when no JAVA is given. Run by Maven in process-classes;
# recompiles only what changed. Never commit a vmlinux.h.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
out="${1:?output directory}"
inc="${2:?include directory for vmlinux.h}"
java="${3:-}"
cp="${4:-}"
clang="${CLANG:-}"
if [ -z "$clang" ]; then
  for c in clang-19 clang-18 clang-17 clang-16 clang; do
    if command -v "$c" >/dev/null; then clang="$c"; break; fi
  done
fi
if [ -z "$clang" ]; then
  echo "ebee: clang not found: the tools' BPF objects need it; install it with: apt-get install clang-19 libbpf-dev" >&2
  exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "ebee: libbpf headers not found: install them with: apt-get install libbpf-dev" >&2
  exit 1
fi
mkdir -p "$out" "$inc"
if [ ! -s "$inc/vmlinux.h" ]; then
  if [ ! -r /sys/kernel/btf/vmlinux ]; then
    echo "ebee: /sys/kernel/btf/vmlinux is missing: the kernel needs CONFIG_DEBUG_INFO_BTF" >&2
    exit 1
  fi
  if [ -n "$java" ] && [ -n "$cp" ]; then
    "$java" -cp "$cp" dev.ebee.cli.Main btf dump --format c > "$inc/vmlinux.h.tmp"
  elif command -v bpftool >/dev/null; then
    bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$inc/vmlinux.h.tmp"
  else
    echo "ebee: no way to write vmlinux.h: pass JAVA and CLASSPATH (ebee btf dump), or install bpftool" >&2
    exit 1
  fi
  mv "$inc/vmlinux.h.tmp" "$inc/vmlinux.h"
fi
for f in "$src"/*.bpf.c; do
  name="$(basename "$f" .c)"
  o="$out/$name.o"
  h="$src/$(basename "$f" .bpf.c).h"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || { [ -f "$h" ] && [ "$h" -nt "$o" ]; }; then
    "$clang" -O2 -g -Wall -target bpf -D__TARGET_ARCH_x86 -I"$src" -I"$inc" -I/usr/include/x86_64-linux-gnu \
      -c "$f" -o "$o.tmp"
    # DWARF is not needed at run time (BTF and BTF.ext stay): a smaller jar
    strip="$(command -v llvm-strip-19 || command -v llvm-strip || true)"
    if [ -n "$strip" ]; then "$strip" -g "$o.tmp"; fi
    mv "$o.tmp" "$o"
  fi
done
