#!/usr/bin/env python3
"""Copies the BPF object a libbpf-tools executable embeds (its skeleton's ELF image) to a file.

    embedded_object.py /usr/sbin/runqlat runqlat.bpf.o

The image is the first 64-bit little-endian ELF header with machine EM_BPF after the executable's
own; its length runs to the end of its section header table (clang puts that table last)."""
import struct
import sys

EM_BPF = 247


def main(exe, out):
    data = open(exe, 'rb').read()
    at = data.find(b'\x7fELF', 1)
    while at > 0:
        if data[at + 4] == 2 and data[at + 5] == 1 and struct.unpack_from('<H', data, at + 18)[0] == EM_BPF:
            shoff, = struct.unpack_from('<Q', data, at + 0x28)
            shentsize, shnum = struct.unpack_from('<HH', data, at + 0x3a)
            with open(out, 'wb') as f:
                f.write(data[at:at + shoff + shentsize * shnum])
            return 0
        at = data.find(b'\x7fELF', at + 1)
    print(f'embedded_object.py: no BPF object in {exe}', file=sys.stderr)
    return 1


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: embedded_object.py EXECUTABLE OUT.o')
    sys.exit(main(sys.argv[1], sys.argv[2]))
