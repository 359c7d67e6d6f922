/* libFuzzer target: the language-file reader on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "langfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy: any read past the end is caught */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    vtws_langfile *lf = vtws_langfile_parse(copy, size, VTWS_LANGFILE_BORROW);
    if (lf) {
        /* touch every value, as the extension's conversion does */
        for (size_t i = 0; i < lf->var_count; i++)
            if (lf->vars[i].value.type == VTWS_ARRAY)
                (void)lf->vars[i].value.u.a->count;
        vtws_langfile_free(lf);
    }
    free(copy);
    return 0;
}
