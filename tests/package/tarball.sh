#!/bin/sh
# The PECL tarball is what users build: make it from the tracked files with
# `pecl package`, unpack it somewhere else, build it the way `pecl install` does
# (phpize, configure, make) and run its own .phpt tests against the result.
# A file missing from package.xml, or a build that only works inside the git
# checkout, fails here. Prints "tarball: N passed, N failed" after the
# run-tests.php summary.
# Then installs the tarball with `pecl install` and uninstalls it again.
. "$(dirname "$0")/../lib/steps.sh"
. "$(dirname "$0")/../lib/php_state.sh"
mkdir "$work/src" "$work/unpacked"
if ! (cd "$top" && git ls-files --error-unmatch package.xml >/dev/null 2>&1); then
    echo "tarball: $top is not a git checkout; the tarball is made from the tracked files"
    echo "tarball: 0 passed, 1 failed"
    exit 1
fi
(cd "$top" && git ls-files -z | xargs -0 cp --parents -t "$work/src")
step "pecl package" sh -c "cd '$work/src' && pecl package package.xml"
tarball="$work/src/vtws-$version.tgz"
step "tarball unpacks" tar -xzf "$tarball" -C "$work/unpacked"
ext="$work/unpacked/vtws-$version"
step "phpize + configure + make" sh -c "cd '$ext' && phpize && ./configure --enable-vtws && make -j\$(nproc)"
step "php --ri vtws reports $version" sh -c \
    "php -n -d extension='$ext/modules/vtws.so' --ri vtws | grep -qx 'Version => $version'"
# `pecl install` of the tarball, as a user runs it. A private PEAR registry keeps
# the system's untouched; pecl still writes vtws.so to PHP's extension_dir, so PHP's
# vtws files are put back as they were afterwards.
save_php_state
pear config-create "$work/pear" "$work/pearrc" >/dev/null
step "pecl install vtws-$version.tgz" sh -c "pecl -c '$work/pearrc' install '$tarball' && [ -e '$extdir/vtws.so' ]"
step "installed vtws.so loads by name" sh -c \
    "php -n -d extension=vtws --ri vtws | grep -qx 'Version => $version'"
step "pecl uninstall vtws" sh -c "pecl -c '$work/pearrc' uninstall vtws && [ ! -e '$extdir/vtws.so' ]"
restore_php_state "pecl uninstall"

(cd "$ext" && NO_INTERACTION=1 make test TESTS=tests/phpt >"$work/phpt.log" 2>&1)
grep -E "^Tests (passed|failed)" "$work/phpt.log"
grep -E "^FAIL" "$work/phpt.log"
grep -qE "^Tests failed *: *0 " "$work/phpt.log" || failed=$((failed + 1))
echo "tarball: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
