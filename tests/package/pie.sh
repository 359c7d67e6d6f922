#!/bin/sh
# PIE (the PHP Foundation's installer, PECL's successor) as an install route.
# What PIE does with this tree, without PIE: it reads composer.json's php-ext block and
# runs phpize, ./configure with only the options its user names, make and make install.
# So: composer.json must validate, and a copy of the tracked files must build the module
# with a bare ./configure (no --enable-vtws) and load it.
# Then PIE itself: installed with Composer into a private folder (the Packagist this
# machine reaches), `pie install` of this tree from a path repository into Debian's PHP
# (built, enabled, php --ri vtws, the demo's request), `pie uninstall`, then PHP's
# enablement state put back as it was. When
# Composer cannot install PIE here, one line says why (Composer's own error) and those
# steps are not counted; VTWS_PIE=/path/to/pie uses a PIE obtained otherwise.
# Prints "pie: N passed, N failed".
. "$(dirname "$0")/../lib/steps.sh"
. "$(dirname "$0")/../lib/php_state.sh"
demo_request() { # the README's demo, against whatever PHP loads now
    out=$(cd "$top" && php examples/dispatch.php examples/vtiger named 'totranslate=["SINGLE_Contacts","Contacts"]' \
        language=ru_ru module=Contacts)
    [ "$out" = '{"success":true,"result":{"SINGLE_Contacts":"Контакт","Contacts":"Контакты"}}' ]
}

mkdir "$work/src"
(cd "$top" && { git ls-files -z 2>/dev/null || find . -path ./_build -prune -o -type f -print0; } \
    | xargs -0 cp --parents -t "$work/src")
step "composer validate (composer.json as Composer and PIE read it)" sh -c "cd '$work/src' && composer validate --no-check-publish"
step "PIE's build: phpize, a bare ./configure, make" sh -c "cd '$work/src' && phpize && ./configure && make -j\$(nproc) && test -f modules/vtws.so"
step "the module PIE's build makes loads: php --ri vtws" sh -c \
    "php -n -d extension='$work/src/modules/vtws.so' --ri vtws | grep -qx 'Version => $version'"

# PIE itself, from Packagist, through Composer (the project's composer.json is never used
# here), or the one VTWS_PIE names (a pie.phar, or PIE's bin/pie from a source checkout)
export COMPOSER_HOME="$work/composer-home"
export PIE_WORKING_DIRECTORY="$work/pie-home" # PIE's repositories and lock, else in ~/.config/pie
pie=${VTWS_PIE:-}
if [ -n "$pie" ]; then
    echo "note: PIE from VTWS_PIE: $("$pie" --version 2>&1 | tail -n 1)"
elif composer create-project --no-interaction --no-dev --no-progress php/pie "$work/pie" >"$work/pie-install.log" 2>&1 \
        && [ -x "$work/pie/bin/pie" ]; then
    pie="$work/pie/bin/pie"
fi
if [ -n "$pie" ]; then
    # PIE enables with phpenmod and disables by commenting the line out, so it leaves
    # mods-available/vtws.ini, its conf.d links and phpenmod's state behind (a later
    # Debian package would meet a stray conffile): named, then put back as they were
    save_php_state
    step "pie repository:add path" "$pie" repository:add path "$work/src"
    step "pie install vtws/vtws from the path repository" "$pie" install --no-interaction "vtws/vtws:$version"
    step "php --ri vtws after pie install" sh -c "php --ri vtws | grep -qx 'Version => $version'"
    step "the demo's request through the module PIE installed" demo_request
    step "pie uninstall vtws/vtws" "$pie" uninstall --no-interaction vtws/vtws
    step "after pie uninstall php no longer loads vtws" sh -c "! php -m | grep -qx vtws"
    restore_php_state "pie uninstall"
else
    why=$(grep -E 'Could not|could not|Problem|requires|rror|not found|denied|resolve' "$work/pie-install.log" \
        | grep -vi 'in .*\.php line' | head -n 3 | sed 's/^ *//' | tr "\n" " " | sed "s/ *$//")
    echo "note: PIE itself is not installable here (composer create-project php/pie): ${why:-no output}; pie install not run"
fi
echo "pie: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
