#include "request.h"

#include "utf8.h"

vtws_label_check vtws_check_label(const char *s, size_t len)
{
    if (len > VTWS_MAX_LABEL_BYTES)
        return VTWS_LABEL_TOO_LONG;
    if (!vtws_utf8_valid(s, len))
        return VTWS_LABEL_NOT_UTF8;
    return VTWS_LABEL_OK;
}

const char *vtws_label_problem(vtws_label_check c)
{
    switch (c) {
    case VTWS_LABEL_TOO_LONG: return "is longer than 1024 bytes";
    case VTWS_LABEL_NOT_UTF8: return "is not valid UTF-8";
    default: return "is fine";
    }
}
