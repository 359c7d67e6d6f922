#!/bin/sh
# The test command's Debian 13 leg: in a Debian 13 (trixie) chroot with Debian's PHP 8.4,
# the tracked tree is built and tested as on the host (scripts/test-all.sh --guest: the
# PHP suites, the reader's differential with PHP 8.4 as the oracle, registration against
# MariaDB, php-fpm + nginx, and the Debian packages built, linted, installed and purged).
#   sh tests/debian13/run.sh            (root; the host's MariaDB must be running)
#   sh tests/debian13/run.sh --prepare  the root mounted and filled, nothing run, kept to be
#                                       entered (chroot _build/debian13/root); the next run cleans it
#   sh tests/debian13/run.sh --clean    only that cleaning
# The kept root (tests/debian13/chroot.sh) is never written: the run happens in an overlay
# above it (or, where overlayfs is refused, a copy), thrown away at the end, mounts
# included, whatever happens. The host's private MariaDB is shared through its socket.
# The soak runs 5-second rounds there (VTWS_DEBIAN13_SOAK_SECONDS), the host's 15.
# Prints the guest's suite lines, its log's place, the times, and one "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
t0=$(date +%s)
fail() {
    echo "debian13: $*"
    echo "0 passed, 1 failed"
    exit 1
}
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, mount, chroot)"
work="$top/_build/debian13"
root="$work/root"
# Unmount whatever is mounted under $work (deepest first, from the kernel's own list, so a
# run killed before it could clean up is cleaned by the next), then delete it without ever
# crossing into another file system: /dev and MariaDB's folder are bound in there.
cleanup() {
    # processes a failed test left inside (php-fpm, nginx) hold the mounts: end them first
    for p in /proc/[0-9]*; do
        case "$(readlink "$p/root" 2>/dev/null)" in "$root"|"$root"/*) kill -9 "${p#/proc/}" 2>/dev/null ;; esac
    done
    for m in $(awk -v w="$work" 'index($2, w "/") == 1 { print length($2), $2 }' /proc/self/mounts | sort -rn | cut -d' ' -f2); do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
    done
    if awk -v w="$work" 'index($2, w "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
        echo "debian13: something is still mounted under $work; not deleting it" >&2
        return
    fi
    rm -rf --one-file-system "$work"
}
[ "${1:-}" = "--prepare" ] && VTWS_DEBIAN13_KEEP=1
if [ "${VTWS_DEBIAN13_KEEP:-0}" = 1 ]; then
    # for a developer: the root stays mounted to be entered (chroot _build/debian13/root);
    # the next run, or VTWS_DEBIAN13_KEEP unset, cleans it
    trap 'echo "debian13: kept: chroot $root /bin/bash"' EXIT
else
    trap cleanup EXIT
fi
trap 'exit 1' INT TERM HUP
cleanup
[ "${1:-}" = "--clean" ] && { trap - EXIT; exit 0; }
base=$(tests/debian13/chroot.sh) || fail "could not make the Debian 13 root"
t1=$(date +%s)
mkdir -p "$work/upper" "$work/ovl" "$root"
if mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/ovl" "$root" 2>/dev/null; then
    layer=overlay
else
    layer=copy
    cp -a "$base/." "$root/" || fail "could not copy the root"
fi
mount -t proc proc "$root/proc" || fail "could not mount /proc"
# /dev bound, not recursively, and private: nothing mounted below reaches the host's
mount --bind /dev "$root/dev" && mount --make-private "$root/dev" || fail "could not bind /dev"

# the tree as a clean clone has it (tracked and new files, not what is ignored)
mkdir -p "$root/src/vtws"
(git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$root/src/vtws") \
    || fail "could not copy the tree"
# the host's MariaDB, through its socket
db=$(dirname "$(tests/db/mariadb.sh socket)")
mkdir -p "$root/src/vtws/_build/mariadb"
mount --bind "$db" "$root/src/vtws/_build/mariadb" && mount --make-private "$root/src/vtws/_build/mariadb" || fail "could not share MariaDB's socket"
# the real 8.3 language files, when this machine has them (../shared), for the differential
real="${VTWS_REAL_LANGUAGES:-$(cd .. && pwd)/shared/fixtures/vtiger-8.3/languages}"
[ -d "$real" ] && cp -r "$real" "$root/src/real-languages"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null

[ "${1:-}" = "--prepare" ] && exit 0 # prepared, nothing run: a developer enters it
log="$top/_build/debian13.log"
t2=$(date +%s)
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    VTWS_SOAK_SECONDS="${VTWS_DEBIAN13_SOAK_SECONDS:-5}" \
    /bin/sh -c 'cd /src/vtws && scripts/test-all.sh --guest' >"$log" 2>&1
rc=$?
t3=$(date +%s)
# the guest's build logs (the Debian build's among them) outlive the overlay
rm -rf "$top/_build/debian13-logs"
mkdir -p "$top/_build/debian13-logs"
cp "$root"/src/vtws/_build/*.log "$top/_build/debian13-logs/" 2>/dev/null
total=$(tail -n 1 "$log")
# the guest's own lines, not counted twice: only its last line is the leg's result
sed -e '$d' -e 's/\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed/\1 pass, \2 fail/' "$log" \
    | grep -v '^    ' | sed 's/^/note: debian13 | /'
echo "note: debian13: $(. "$root/etc/os-release" && echo "$PRETTY_NAME"), $(chroot "$root" php -r 'echo "PHP ", PHP_VERSION;');" \
    "root ready in $((t1 - t0)) s, $layer in $((t2 - t1)) s, tests in $((t3 - t2)) s (log: _build/debian13.log)"
case "$total" in
*" passed, "*" failed") [ "$rc" -eq 0 ] || case "$total" in *" 0 failed") total="${total%% passed*} passed, 1 failed" ;; esac
    echo "$total" ;;
*) echo "0 passed, 1 failed" ;;
esac
[ "$rc" -eq 0 ]
