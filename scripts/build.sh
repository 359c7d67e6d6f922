#!/bin/sh
# Build everything: the extension (modules/vtws.so, phpize), the core library
# and the `vtws` command (_build/). Re-runs are incremental.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
    phpize >/dev/null
    ./configure --enable-vtws >/dev/null
fi
make -j"$(nproc)" >/dev/null
make -s -C cli >/dev/null
