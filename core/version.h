/*
 * version — the one place vtws's version number is written. The extension
 * (PHP_VTWS_VERSION), the vtws command, package.xml and composer.json all
 * carry it; tests/package/check.php fails when one of them differs.
 */
#ifndef VTWS_VERSION_H
#define VTWS_VERSION_H

#define VTWS_VERSION "0.1.0"

#endif
