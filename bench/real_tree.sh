# Sourced by the benchmarks, from the repository root, after BENCH is set: REAL, a Vtiger root
# holding the en_us and ru_ru files of a real Vtiger 8.3.0 (../shared/fixtures/vtiger-8.3/
# languages, or VTWS_REAL_LANGUAGES), copied with their mtimes kept (opcache does not cache a
# file changed in the last 2 seconds); empty, with a line saying so, when they are not there.
REAL_SRC=${VTWS_REAL_LANGUAGES:-$(cd .. && pwd)/shared/fixtures/vtiger-8.3/languages}
REAL=$(pwd)/$BENCH/real
if [ -d "$REAL_SRC/ru_ru" ] && [ -d "$REAL_SRC/en_us" ]; then
    rm -rf "$REAL/languages" && mkdir -p "$REAL" && cp -rp "$REAL_SRC" "$REAL/languages"
else
    echo "real 8.3 tree: not run ($REAL_SRC has no en_us and ru_ru; set VTWS_REAL_LANGUAGES)"
    REAL=
fi
