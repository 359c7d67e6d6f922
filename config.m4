dnl vtws: Vtiger webservice extension. The C core lives in core/ (no PHP
dnl headers); ext/ holds the Zend glue. Sources of both are compiled here.
PHP_ARG_ENABLE([vtws],
  [whether to enable vtws support],
  [AS_HELP_STRING([--enable-vtws], [Enable vtws (Vtiger webservice) support (default: yes)])],
  [yes])
dnl On unless --disable-vtws: PIE passes ./configure only the options its user names, and
dnl a plain `phpize && ./configure` must build the module too.

if test "$PHP_VTWS" != "no"; then
  VTWS_CORE_SOURCES="core/alloc.c core/value.c core/diag.c core/lexer.c core/lexer_string.c core/langfile.c core/langfile_stmt.c core/langfile_expr.c core/langfile_interp.c core/langfile_vars.c core/langfile_convert.c core/langfile_report.c core/catalog.c core/keypool.c core/utf8.c core/registry.c core/request.c core/digest.c core/shstore.c core/shtable.c"
  VTWS_EXT_SOURCES="ext/vtws.c ext/vtws_zval.c ext/vtws_langfile.c ext/vtws_persist.c ext/vtws_cache.c ext/vtws_shared.c ext/vtws_error.c ext/vtws_translate.c ext/vtws_registry.c ext/vtws_dispatch.c"
  dnl Only get_module is exported: the core's calls to itself are direct, not through
  dnl the PLT, and need no symbol lookup on a worker's first request.
  VTWS_CFLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  AX_CHECK_COMPILE_FLAG([-fvisibility=hidden], [VTWS_CFLAGS="$VTWS_CFLAGS -fvisibility=hidden"])
  dnl Calls to PHP and libc through the GOT (a page of the module's data a worker reads
  dnl anyway) rather than the PLT's stubs: one page of code fewer for a worker's first call
  dnl to touch (a fault there when the stubs fall outside the pages already mapped).
  AX_CHECK_COMPILE_FLAG([-fno-plt], [VTWS_CFLAGS="$VTWS_CFLAGS -fno-plt"])
  dnl Bind PHP's and libc's symbols when the module is loaded (php-fpm's master, once)
  dnl rather than lazily in every worker; Debian links its own PHP modules this way.
  AC_MSG_CHECKING([whether the linker accepts -Wl,-z,now])
  vtws_save_LDFLAGS=$LDFLAGS
  LDFLAGS="$LDFLAGS -Wl,-z,now"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes]); VTWS_SHARED_LIBADD="$VTWS_SHARED_LIBADD -Wl,-z,now"],
    [AC_MSG_RESULT([no])])
  LDFLAGS=$vtws_save_LDFLAGS
  PHP_SUBST(VTWS_SHARED_LIBADD)
  PHP_NEW_EXTENSION(vtws, $VTWS_EXT_SOURCES $VTWS_CORE_SOURCES, $ext_shared,,
    [$VTWS_CFLAGS -I@ext_srcdir@/core -I@ext_srcdir@/ext])
  PHP_ADD_BUILD_DIR([$ext_builddir/core])
  PHP_ADD_BUILD_DIR([$ext_builddir/ext])
  PHP_ADD_INCLUDE([$ext_srcdir/core])
  PHP_ADD_INCLUDE([$ext_srcdir/ext])
  PHP_ADD_EXTENSION_DEP(vtws, json)
  PHP_ADD_MAKEFILE_FRAGMENT
fi
