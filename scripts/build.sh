#!/bin/sh
# Build everything: the extension (modules/vtws.so, phpize), the core library
# and the `vtws` command (_build/). Re-runs are incremental.
set -eu
cd "$(dirname "$0")/.."
mkdir -p _build
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
    # configure's "rm -f core" complains about our core/ folder: harmless, kept in the log
    phpize >_build/build.log 2>&1 || { cat _build/build.log >&2; exit 1; }
    ./configure --enable-vtws >>_build/build.log 2>&1 || { cat _build/build.log >&2; exit 1; }
fi
make -j"$(nproc)" >>_build/build.log 2>&1 || { tail -n 40 _build/build.log >&2; exit 1; }
make -s -C cli >/dev/null
