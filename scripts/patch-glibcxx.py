#!/usr/bin/env python3
"""Marks the GLIBCXX_3.4.32 version requirement of an ELF shared library as weak (VER_FLG_WEAK).

TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol that is never called; Debian 12's
libstdc++ stops at 3.4.30, so the loader refuses the library. A weak version need is only a warning for the
loader. Edits the file in place (run it on the COPIED library in a build output); idempotent.
Usage: patch-glibcxx.py FILE [FILE...] [--version GLIBCXX_3.4.32]
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def patch(path, wanted):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise SystemExit(f"{path}: not a 64-bit little-endian ELF file")
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = []
        for i in range(e_shnum):
            off = e_shoff + i * e_shentsize
            sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info = struct.unpack_from("<IIQQQQII", data, off)
            sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info))
        changed = 0
        found = 0
        for sh_type, sh_offset, sh_size, sh_link, sh_info in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab = sections[sh_link][1]
            pos = sh_offset
            for _ in range(sh_info):  # sh_info = number of Verneed entries
                vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, pos)
                apos = pos + vn_aux
                for _ in range(vn_cnt):
                    vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, apos)
                    end = data.index(b"\0", strtab + vna_name)
                    name = data[strtab + vna_name:end].decode()
                    if name == wanted:
                        found += 1
                        if not vna_flags & VER_FLG_WEAK:
                            struct.pack_into("<H", data, apos + 4, vna_flags | VER_FLG_WEAK)
                            changed += 1
                    if vna_next == 0:
                        break
                    apos += vna_next
                if vn_next == 0:
                    break
                pos += vn_next
        if changed:
            f.seek(0)
            f.write(data)
        return found, changed


def main(argv):
    wanted = "GLIBCXX_3.4.32"
    files = []
    it = iter(argv)
    for a in it:
        if a == "--version":
            wanted = next(it)
        else:
            files.append(a)
    for path in files:
        found, changed = patch(path, wanted)
        state = "patched" if changed else ("already weak" if found else "no such requirement")
        print(f"patch-glibcxx: {path}: {wanted} {state}")


if __name__ == "__main__":
    main(sys.argv[1:])
