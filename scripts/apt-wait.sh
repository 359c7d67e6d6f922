# Sourced (POSIX sh) by whatever runs apt-get: waits while another apt, dpkg or
# unattended-upgrades holds apt's locks, instead of failing with "Could not get lock".
#   . scripts/apt-wait.sh
#   apt_get install -y pkg     apt_wait, then apt-get with apt's own wait for the time left
#   apt_wait                   only the wait: returns 0 when no lock is held, 1 after
#                              VTWS_APT_WAIT seconds (default 600) with one clear error
# The locks (VTWS_APT_LOCKS overrides the list, for the test): dpkg's frontend lock and
# its database lock, apt's lists lock (apt-get update) and its archives lock. A lock is
# held when /proc/locks has a lock on that file's inode (apt and dpkg use fcntl locks;
# flock(1)'s show there too); the holder's PID and name are said once, then again only
# when they change. Messages go to stderr. $SUDO, when set, prefixes apt-get.

_aw_locks() {
    echo "${VTWS_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"
}

# apt_lock_holder: prints "PID FILE" for the first lock that some process holds, else nothing
apt_lock_holder() {
    [ -r /proc/locks ] || return 0
    for _aw_f in $(_aw_locks); do
        [ -e "$_aw_f" ] || continue
        _aw_id=$(stat -L -c '%D %i' "$_aw_f" 2>/dev/null) || continue
        _aw_dev=$((0x${_aw_id% *}))
        # /proc/locks names the file as MAJOR:MINOR:INODE, major and minor in hex
        _aw_key=$(printf '%02x:%02x:%s' $(((_aw_dev >> 8) & 0xfff)) $(((_aw_dev & 0xff) | ((_aw_dev >> 12) & 0xfff00))) "${_aw_id#* }")
        # "N: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END"; "N: -> ..." lines are waiters
        _aw_pid=$(awk -v key="$_aw_key" '$2 != "->" && $6 == key { print $5; exit }' /proc/locks)
        if [ -n "$_aw_pid" ]; then
            echo "$_aw_pid $_aw_f"
            return 0
        fi
    done
}

# apt_lock_name PID: the holder's program (the script's name when an interpreter runs one:
# unattended-upgrades is python3 /usr/bin/unattended-upgrade)
apt_lock_name() {
    _aw_cmd=$( { tr '\0' '\n' <"/proc/$1/cmdline"; } 2>/dev/null | grep -v '^-' | head -n 2 | tr '\n' ' ')
    set -- $_aw_cmd
    [ $# -gt 0 ] || { echo "gone"; return 0; }
    case "${1##*/}" in
    python* | perl* | sh | bash | dash) [ $# -gt 1 ] && { echo "${2##*/}"; return 0; } ;;
    esac
    echo "${1##*/}"
}

# apt_wait: wait until no lock is held, at most VTWS_APT_WAIT seconds; sets APT_WAIT_LEFT
apt_wait() {
    _aw_limit=${VTWS_APT_WAIT:-600}
    case "$_aw_limit" in '' | *[!0-9]*) echo "apt: VTWS_APT_WAIT must be a number of seconds, not '$_aw_limit'" >&2; return 1 ;; esac
    _aw_start=$(date +%s)
    _aw_said=""
    while :; do
        _aw_held=$(apt_lock_holder)
        [ -n "$_aw_held" ] || break
        _aw_p=${_aw_held%% *}
        _aw_file=${_aw_held#* }
        _aw_waited=$(($(date +%s) - _aw_start))
        if [ "$_aw_waited" -ge "$_aw_limit" ]; then
            echo "apt: gave up after $_aw_waited s: apt's lock $_aw_file is still held by PID $_aw_p ($(apt_lock_name "$_aw_p")); let it finish, or wait longer with VTWS_APT_WAIT=SECONDS, then run this again" >&2
            return 1
        fi
        if [ "$_aw_said" != "$_aw_held" ]; then
            echo "waiting for apt's lock held by PID $_aw_p ($(apt_lock_name "$_aw_p")): $_aw_file, at most $_aw_limit s (VTWS_APT_WAIT)…" >&2
            _aw_said=$_aw_held
        fi
        sleep 1
    done
    [ -z "$_aw_said" ] || echo "apt's lock is free after $(($(date +%s) - _aw_start)) s" >&2
    APT_WAIT_LEFT=$((_aw_limit - ($(date +%s) - _aw_start)))
    [ "$APT_WAIT_LEFT" -ge 1 ] || APT_WAIT_LEFT=1
    return 0
}

# apt_get ARGS...: apt-get once the locks are free; a lock taken in between is waited for by
# apt itself (DPkg::Lock::Timeout) for the time left
apt_get() {
    apt_wait || return 1
    ${SUDO:-} apt-get -o DPkg::Lock::Timeout="$APT_WAIT_LEFT" "$@"
}
