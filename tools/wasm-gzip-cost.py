#!/usr/bin/env python3
"""What each function of a wasm module costs the download: the gzip bytes saved without it.

Usage: python3 tools/wasm-gzip-cost.py NAMED.wasm [MIN_RAW_BYTES] [TOP]

NAMED.wasm must keep its name section. Make one from the release build like this (the same
passes as index.html, plus --debuginfo):

  cargo build --release --target wasm32-unknown-unknown --bin playground
  wasm-bindgen --target web --out-dir /tmp/wb target/wasm32-unknown-unknown/release/playground.wasm
  wasm-opt -Oz --debuginfo --enable-bulk-memory --enable-bulk-memory-opt --enable-mutable-globals \\
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \\
    --enable-multivalue /tmp/wb/playground_bg.wasm -o /tmp/wb/named.wasm

Raw sizes mislead: gzip shares repeated code, so a large function can cost little and a small
one much. This gzips the module's sections once whole and once without each function's body
(those of at least MIN_RAW_BYTES, default 400), and prints the difference, the raw size and the
name, most costly first. It takes a while: one gzip per function measured.
"""

import sys
import zlib


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(data):
    found, at = [], 8
    while at < len(data):
        kind = data[at]
        size, start = leb(data, at + 1)
        found.append((kind, start, start + size))
        at = start + size
    return found


def function_names(data, found):
    names = {}
    for kind, start, end in found:
        if kind != 0:
            continue
        length, at = leb(data, start)
        if data[at:at + length] != b"name":
            continue
        at += length
        while at < end:
            sub = data[at]
            size, body = leb(data, at + 1)
            if sub == 1:
                count, p = leb(data, body)
                for _ in range(count):
                    index, p = leb(data, p)
                    length, p = leb(data, p)
                    names[index] = data[p:p + length].decode("utf-8", "replace")
                    p += length
            at = body + size
    return names


def imported_functions(data, found):
    count = 0
    for kind, start, _ in found:
        if kind != 2:
            continue
        entries, at = leb(data, start)
        for _ in range(entries):
            length, at = leb(data, at)
            at += length
            length, at = leb(data, at)
            at += length
            what = data[at]
            at += 1
            if what == 0:
                _, at = leb(data, at)
                count += 1
            elif what == 1:
                at += 1
                flags = data[at]
                at += 1
                _, at = leb(data, at)
                if flags & 1:
                    _, at = leb(data, at)
            elif what == 2:
                flags = data[at]
                at += 1
                _, at = leb(data, at)
                if flags & 1:
                    _, at = leb(data, at)
            elif what == 3:
                at += 2
    return count


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    data = open(sys.argv[1], "rb").read()
    minimum = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    found = sections(data)
    names = function_names(data, found)
    first = imported_functions(data, found)
    # The download without custom sections; each function body's place in it.
    kept = [(kind, start, end) for kind, start, end in found if kind != 0]
    base = b"".join(data[start:end] for _, start, end in kept)
    offsets, offset = [], 0
    for _, start, end in kept:
        offsets.append((start, end, offset))
        offset += end - start

    def place(at):
        return next(o + at - s for s, e, o in offsets if s <= at <= e)

    bodies = []
    for kind, start, _ in found:
        if kind == 10:
            count, at = leb(data, start)
            for index in range(count):
                size, body = leb(data, at)
                bodies.append((first + index, body, body + size))
                at = body + size
    whole = len(zlib.compress(base, 9))
    costs = []
    for index, start, end in bodies:
        if end - start < minimum:
            continue
        a, b = place(start), place(end)
        costs.append((whole - len(zlib.compress(base[:a] + base[b:], 9)), end - start, names.get(index, str(index))))
    costs.sort(reverse=True)
    print(f"gzip of the module without custom sections: {whole} B")
    for cost, raw, name in costs[:top]:
        print(f"{cost:7d} {raw:7d}  {name[:150]}")


if __name__ == "__main__":
    main()
