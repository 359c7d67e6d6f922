#!/bin/sh
# scripts/apt-wait.sh against locks really held by another process: flock(1) (an flock
# lock) and, when python3 is there, an fcntl lock as apt and dpkg take them. The lock
# files are temporary ones (VTWS_APT_LOCKS), so apt's own are never touched and another
# apt on this machine is never blocked; apt-get itself is a stand-in on PATH.
# Prints "apt_lock: N passed, N failed".
cd "$(dirname "$0")/../.."
top=$(pwd)
. "$top/scripts/apt-wait.sh"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/    /'; }
t() { if [ "$1" = 0 ]; then ok; else fail "$2" "${3:-}"; fi }

# wait_held FILE: until some process holds FILE's lock (a started program may take a while)
wait_held() {
    i=0
    while [ $i -lt 150 ]; do
        case "$(apt_lock_holder)" in *" $1") return 0 ;; esac
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

work=$(mktemp -d)
trap 'kill $holder 2>/dev/null; rm -rf "$work"' EXIT
holder=""
lock1="$work/lists-lock"
lock2="$work/frontend-lock"
: >"$lock1"
: >"$lock2"
export VTWS_APT_LOCKS="$work/absent-lock $lock2 $lock1"

# 1. the default list is apt's and dpkg's four locks
defaults=$(VTWS_APT_LOCKS='' _aw_locks)
[ "$defaults" = "/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock" ]
t $? "the locks waited for are dpkg's frontend and database locks, apt's lists and archives locks" "$defaults"

# 2. nothing held: no wait, no message
start=$(date +%s)
out=$(apt_wait 2>&1)
rc=$?
[ $rc = 0 ] && [ -z "$out" ] && [ $(($(date +%s) - start)) -le 1 ]
t $? "no lock held: apt_wait returns at once and says nothing" "$out"

# 3. flock(1) holds one for 3 s: the waiting line names its PID and program, then it goes on
flock -x -o "$lock1" sleep 3 &
holder=$!
wait_held "$lock1"
held=$(apt_lock_holder)
[ "$held" = "$holder $lock1" ]
t $? "apt_lock_holder finds flock's PID $holder on the lock file" "$held"
start=$(date +%s)
out=$(VTWS_APT_WAIT=30 apt_wait 2>&1)
rc=$?
took=$(($(date +%s) - start))
[ $rc = 0 ] && [ "$took" -ge 1 ] && [ "$took" -le 15 ]
t $? "apt_wait returns 0 once the lock is released (after $took s)" "$out"
printf '%s\n' "$out" | grep -qx "waiting for apt's lock held by PID $holder (flock): $lock1, at most 30 s (VTWS_APT_WAIT)…"
t $? "it says once: waiting for apt's lock held by PID $holder (flock)…" "$out"
[ "$(printf '%s\n' "$out" | grep -c '^waiting for')" = 1 ]
t $? "the waiting line is said once, not every second" "$out"
wait $holder 2>/dev/null
holder=""

# 4. an fcntl lock (what apt and dpkg take), by another program
if command -v python3 >/dev/null 2>&1; then
    cat >"$work/hold-lock.py" <<'EOF'
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX)
time.sleep(float(sys.argv[2]))  # from when it holds the lock
EOF
    python3 "$work/hold-lock.py" "$lock2" 3 &
    holder=$!
    wait_held "$lock2"
    held=$(apt_lock_holder)
    hpid=${held%% *}
    [ "${held#* }" = "$lock2" ] && [ -n "$hpid" ] && [ -d "/proc/$hpid" ]
    t $? "an fcntl lock held by python3 is found" "$held"
    out=$(VTWS_APT_WAIT=30 apt_wait 2>&1)
    rc=$?
    [ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^waiting for apt's lock held by PID $hpid (hold-lock.py): $lock2"
    t $? "apt_wait waits for it, naming the script the interpreter runs, and proceeds" "$out"
    wait $holder 2>/dev/null
    holder=""
else
    echo "note: no python3 here: the fcntl lock case was not run (flock's was)"
fi

# 5. held past VTWS_APT_WAIT: one clear error, exit 1, soon
flock -x -o "$lock1" sleep 8 &
holder=$!
wait_held "$lock1"
start=$(date +%s)
out=$(VTWS_APT_WAIT=2 apt_wait 2>&1)
rc=$?
took=$(($(date +%s) - start))
[ $rc = 1 ] && [ "$took" -ge 2 ] && [ "$took" -le 6 ]
t $? "VTWS_APT_WAIT=2: apt_wait gives up after about 2 s with status 1 (took $took s, status $rc)" "$out"
printf '%s\n' "$out" | tail -n 1 | grep -q "^apt: gave up after [0-9]* s: apt's lock $lock1 is still held by PID $holder (flock); let it finish, or wait longer with VTWS_APT_WAIT=SECONDS, then run this again$"
t $? "its last line says which lock, which PID and program, and what to do" "$out"

# 6. apt_get: waits first, then runs apt-get with apt's own lock timeout for the time left
mkdir "$work/bin"
printf '#!/bin/sh\necho "apt-get $*"\n' >"$work/bin/apt-get"
chmod +x "$work/bin/apt-get"
out=$(PATH="$work/bin:$PATH" VTWS_APT_WAIT=2 apt_get install -y foo 2>&1)
rc=$?
[ $rc = 1 ] && ! printf '%s\n' "$out" | grep -q '^apt-get '
t $? "apt_get does not run apt-get when the wait gives up" "$out"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
holder=""
out=$(PATH="$work/bin:$PATH" VTWS_APT_WAIT=100 apt_get install -y foo 2>&1)
rc=$?
printf '%s\n' "$out" | grep -Eq '^apt-get -o DPkg::Lock::Timeout=(99|100) install -y foo$' && [ $rc = 0 ]
t $? "apt_get runs apt-get -o DPkg::Lock::Timeout=<time left> with its arguments" "$out"
out=$(PATH="$work/bin:$PATH" VTWS_APT_WAIT=soon apt_wait 2>&1)
[ $? = 1 ] && [ "$out" = "apt: VTWS_APT_WAIT must be a number of seconds, not 'soon'" ]
t $? "a VTWS_APT_WAIT that is not a number is refused" "$out"

# 7. every apt-get that installs, updates or removes goes through apt_get (or waits first)
bare=$(git ls-files '*.sh' '*.php' 'scripts/*' 'tests/*' 'bench/*' 2>/dev/null | sort -u | grep -v '^scripts/apt-wait.sh$' \
    | xargs grep -nE "(:[[:space:]]*|[;&|(]|sh\\(.|^)[[:space:]]*(\\\$SUDO |DEBIAN_FRONTEND=[^ ]* )*apt-get( -[a-z]+)* (install|update|upgrade|purge|remove|dist-upgrade)" 2>/dev/null)
[ -z "$bare" ]
t $? "no script runs apt-get install/update/purge without waiting for the lock (scripts/apt-wait.sh)" "$bare"

echo "apt_lock: $passed passed, $failed failed"
[ "$failed" = 0 ]
