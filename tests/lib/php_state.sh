# vtws's footprint in the PHP on PATH, saved before a suite installs into that PHP and
# put back afterwards (sourced after steps.sh, which sets work; sets extdir and phpver,
# that PHP's extension_dir and X.Y). The footprint: vtws.so in
# extension_dir, and every file or link named *vtws* under /etc/php/X.Y (ini snippets,
# conf.d links) and /var/lib/php/modules/X.Y (phpenmod's state). Installers differ in what
# they leave (pecl only the module; PIE also its enablement, commented out), so the suites
# compare the whole footprint instead of naming files.
extdir=$(php -n -r 'echo ini_get("extension_dir");')
phpver=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
php_footprint() {
    { [ -e "$extdir/vtws.so" ] && echo "$extdir/vtws.so"
      find "/etc/php/$phpver" "/var/lib/php/modules/$phpver" -name '*vtws*' \( -type f -o -type l \) 2>/dev/null
    } | sort
}
save_php_state() {
    php_footprint >"$work/footprint.before"
    tar -cpPf "$work/footprint.tar" -T "$work/footprint.before"
}
# restore_php_state WHAT: files WHAT added are named in a note and removed; the ones
# there before come back as they were
restore_php_state() {
    left=$(php_footprint | comm -13 "$work/footprint.before" -)
    [ -n "$left" ] && echo "note: $1 left (removed now):" $left
    for f in $left; do rm -f "$f"; done
    tar -xpPf "$work/footprint.tar"
}
