/* Vtws\parse_language_file(): the reader (core/langfile) as a PHP function. */
#include "php_vtws.h"
#include "vtws_zval.h"

#include <errno.h>

#include "zend_exceptions.h"

#include "langfile.h"

static void diagnostics_to_zval(const vtws_diag_list *diags, zval *out)
{
    array_init_size(out, (uint32_t)diags->count);
    for (size_t i = 0; i < diags->count; i++) {
        const vtws_diag *d = &diags->items[i];
        zval item;
        array_init_size(&item, 4);
        add_assoc_string(&item, "severity", (char *)vtws_severity_name(d->severity));
        add_assoc_long(&item, "line", d->line);
        add_assoc_long(&item, "column", d->column);
        add_assoc_string(&item, "message", (char *)d->message);
        add_next_index_zval(out, &item);
    }
}

ZEND_FUNCTION(Vtws_parse_language_file)
{
    char *path;
    size_t path_len;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_PATH(path, path_len)
    ZEND_PARSE_PARAMETERS_END();

    errno = 0;
    /* as this PHP reads it */
    vtws_langfile *lf = vtws_langfile_load_pooled(path, VTWS_LANGFILE_PHP(PHP_VERSION_ID), &VTWS_G(langfile_scratch));
    if (!lf) {
        zend_throw_exception_ex(vtws_ce_exception, 0, "Cannot read language file %s: %s", path,
                                strerror(errno ? errno : EIO));
        RETURN_THROWS();
    }
    if (lf->out_of_memory) {
        vtws_langfile_free(lf);
        zend_throw_exception_ex(vtws_ce_exception, 0, "Out of memory reading language file %s", path);
        RETURN_THROWS();
    }

    zval vars, diags;
    /* The file's memory is the C library's: a fatal error while its values are built (the
     * memory_limit reached) must not take it away with the request. */
    zend_try {
        array_init_size(&vars, (uint32_t)lf->var_count);
        for (size_t i = 0; i < lf->var_count; i++) {
            zval v;
            vtws_value_to_zval(&lf->vars[i].value, &v);
            zend_hash_str_update(Z_ARRVAL(vars), lf->vars[i].name, lf->vars[i].name_len, &v);
        }
        diagnostics_to_zval(&lf->diags, &diags);
    } zend_catch {
        vtws_langfile_free(lf);
        zend_bailout();
    } zend_end_try();
    vtws_langfile_free(lf);

    array_init_size(return_value, 2);
    add_assoc_zval(return_value, "vars", &vars);
    add_assoc_zval(return_value, "diagnostics", &diags);
}
