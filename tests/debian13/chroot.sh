#!/bin/sh
# A Debian 13 (trixie) root with the packages the test command needs there, made once per
# machine with debootstrap from the archive this machine's apt already uses, and kept:
#   tests/debian13/chroot.sh        prints the root's path, making it first if needed
# Kept under /var/cache/vtws/ (VTWS_CHROOT_CACHE), named by a hash of what goes into it
# (this script and scripts/install-deps.sh): a change to either makes a new root and
# removes the old ones. Built in a temporary folder and renamed when complete, under a
# lock, so an interrupted or concurrent run never leaves a half-made root to be used.
# Nothing runs in the kept root: tests/debian13/run.sh works in an overlay above it.
set -eu
cd "$(dirname "$0")/../.."
CACHE=${VTWS_CHROOT_CACHE:-/var/cache/vtws}
SUITE=trixie
key=$(cat tests/debian13/chroot.sh scripts/install-deps.sh | sha256sum | cut -c1-12)
ROOT="$CACHE/debian13-$key"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
if [ -f "$ROOT/.vtws-complete" ]; then
    echo "$ROOT"
    exit 0
fi

# the archive apt uses here (deb822 or one-line sources), else Debian's own
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
command -v debootstrap >/dev/null || {
    . scripts/apt-wait.sh
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends debootstrap >/dev/null
}
start=$(date +%s)
tmp="$CACHE/.debian13-$key.tmp"
umount "$tmp/proc" 2>/dev/null || true
rm -rf --one-file-system "$tmp"
log="$CACHE/debian13-$key.log"
echo "debian13: first run on this machine: debootstrap $SUITE from $mirror into $ROOT (log: $log)" >&2
if ! debootstrap --variant=minbase "$SUITE" "$tmp" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    exit 1
fi
# no service may start inside (php-fpm's postinst would try)
printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
chmod 755 "$tmp/usr/sbin/policy-rc.d"
mkdir -p "$tmp/tmp/vtws-deps"
cp scripts/install-deps.sh scripts/apt-wait.sh "$tmp/tmp/vtws-deps/"
mount -t proc proc "$tmp/proc"
trap 'umount "$tmp/proc" 2>/dev/null' EXIT # whatever happens; the next run deletes the rest
trap 'exit 1' INT TERM HUP
rc=0
chroot "$tmp" /bin/sh /tmp/vtws-deps/install-deps.sh --guest >>"$log" 2>&1 || rc=$?
chroot "$tmp" apt-get clean >>"$log" 2>&1 || true
umount "$tmp/proc"
trap - EXIT
if [ "$rc" -ne 0 ]; then
    tail -n 20 "$log" >&2
    exit 1
fi
rm -rf "$tmp/tmp/vtws-deps"
chroot "$tmp" dpkg-query -W -f='${Package} ${Version}\n' >"$tmp/.vtws-packages"
touch "$tmp/.vtws-complete"
for old in "$CACHE"/debian13-*; do # other keys' roots and logs
    case "$old" in "$ROOT"|"$log") continue ;; esac
    rm -rf --one-file-system "$old"
done
mv "$tmp" "$ROOT"
echo "debian13: root made in $(($(date +%s) - start)) s" >&2
echo "$ROOT"
