/*
 * langfile_vars — a file's variables and the writes to them: the table of variables
 * (in order of first appearance, as get_defined_vars() lists them), reading one, and
 * assignment ($name[dims] = value, .= and +=) with auto-vivification, copy on write and
 * the limits on depth and expanded size. Part of the reader (core/langfile*.c, see
 * langfile_parser.h).
 */
#include "langfile_parser.h"

#include <string.h>

/* ---- variables ------------------------------------------------------------- */

static const char *SUPERGLOBALS[] = {"GLOBALS", "_GET", "_POST", "_COOKIE", "_SERVER", "_ENV",
                                     "_REQUEST", "_FILES", "_SESSION", "this", NULL};

int vtws_lf_is_special_var(const char *name, size_t len)
{
    for (int i = 0; SUPERGLOBALS[i]; i++)
        if (strlen(SUPERGLOBALS[i]) == len && memcmp(SUPERGLOBALS[i], name, len) == 0)
            return 1;
    return 0;
}

/* The slot of a variable, registered (undefined) on first appearance. The
 * pointer is valid until the next variable is registered. */
vtws_value *vtws_lf_var_slot(parser *P, const char *name, size_t len)
{
    vtws_key k = vtws_key_from_string(name, len);
    vtws_value *slot = vtws_array_find(P->vars, k);
    if (slot)
        return slot;
    vtws_value undef;
    undef.type = VTWS_UNDEF;
    return vtws_array_update(P->vars, k, undef);
}

ev vtws_lf_read_var(parser *P, const char *name, size_t len, int line, int col)
{
    P->nonconst = 1;
    if (vtws_lf_is_special_var(name, len)) {
        shown n = show(name, len);
        return vtws_lf_runtime_error(P, line, col, "variable $%s is not supported in a language file", n.s);
    }
    vtws_value *slot = vtws_lf_var_slot(P, name, len);
    if (!slot)
        return EV_BAD;
    if (slot->type == VTWS_UNDEF) {
        vtws_lf_warn_undefined_var(P, name, len, line, col);
        return EV_NULL;
    }
    ev r = {*slot, 0};
    return r;
}

/* ---- writes ------------------------------------------------------------------ */

/* Make *slot an array we may write to (auto-vivification, copy on write). */
static vtws_array *writable_array(parser *P, vtws_value *slot, int line, int col)
{
    switch (slot->type) {
    case VTWS_UNDEF:
    case VTWS_NULL:
        break;
    case VTWS_FALSE:
        if (php_at_least(P, 80100))
            vtws_lf_warn(P, line, col, "Automatic conversion of false to array is deprecated");
        break;
    case VTWS_ARRAY: {
        vtws_array *a = vtws_array_separate(slot->u.a);
        if (a)
            slot->u.a = a;
        return a;
    }
    case VTWS_STRING:
        vtws_lf_runtime_error(P, line, col, "writing to string offsets is not supported");
        return NULL;
    default:
        vtws_lf_runtime_error(P, line, col, "Cannot use a scalar value as an array");
        return NULL;
    }
    vtws_array *a = vtws_lf_new_array(P);
    if (!a)
        return NULL;
    *slot = vtws_value_array(a);
    return a;
}

/* $name[dims] op= rhs. A plain '=' writes (no warnings for what is missing);
 * '.=' and '+=' read-modify-write, so PHP warns about every missing piece. */
ev vtws_lf_assign(parser *P, const char *name, size_t name_len, dim *dims, int ndims, assign_op op,
                  const ev *rhs, int line, int col)
{
    if (rhs->bad)
        return EV_BAD;
    for (int i = 0; i < ndims; i++)
        if (dims[i].key.bad)
            return EV_BAD;
    if (vtws_lf_is_special_var(name, name_len))
        return vtws_lf_runtime_error(P, line, col, "assigning to this variable is not supported");
    if (rhs->v.type == VTWS_ARRAY && rhs->v.u.a->depth + (uint32_t)ndims > MAX_DEPTH)
        return vtws_lf_runtime_error(P, line, col, "arrays nested more than 256 levels deep");
    /* Hold the value first: `$a['x'] = $a` must copy $a before writing to it. */
    vtws_value held = vtws_value_share(rhs->v);
    vtws_value *slot = vtws_lf_var_slot(P, name, name_len);
    if (!slot)
        return EV_BAD;
    if (op != ASSIGN && slot->type == VTWS_UNDEF && ndims > 0)
        vtws_lf_warn_undefined_var(P, name, name_len, line, col);
    vtws_value null_v;
    null_v.type = VTWS_NULL;
    vtws_array *path[MAX_DIMS];
    for (int i = 0; i < ndims; i++) {
        vtws_array *a = writable_array(P, slot, dims[i].line, dims[i].col);
        if (!a)
            return EV_BAD;
        path[i] = a;
        if (dims[i].append) {
            int full;
            slot = vtws_array_append(a, null_v, &full);
            if (!slot)
                return full ? vtws_lf_next_element_occupied(P, dims[i].line, dims[i].col) : EV_BAD;
            slot->type = VTWS_UNDEF; /* fresh: reads as undefined for compound ops */
            continue;
        }
        vtws_key k;
        if (!vtws_lf_to_key(P, &dims[i].key, &k, dims[i].line, dims[i].col))
            return EV_BAD;
        vtws_value *found = vtws_array_find(a, k);
        if (!found) {
            if (op != ASSIGN)
                vtws_lf_warn_undefined_key(P, k, dims[i].line, dims[i].col);
            found = vtws_array_update(a, k, null_v);
            if (!found)
                return EV_BAD;
            found->type = VTWS_UNDEF;
        }
        slot = found;
    }
    ev result = {held, 0};
    if (op != ASSIGN) {
        ev cur = {*slot, 0};
        if (cur.v.type == VTWS_UNDEF) {
            if (ndims == 0)
                vtws_lf_warn_undefined_var(P, name, name_len, line, col);
            cur.v.type = VTWS_NULL;
        }
        /* PHP dates a compound assignment by its target */
        result = op == ASSIGN_CONCAT ? vtws_lf_concat(P, &cur, rhs, line, col)
                                     : vtws_lf_arith(P, &cur, rhs, 1, line, col);
        if (result.bad) {
            if (slot->type == VTWS_UNDEF)
                slot->type = VTWS_NULL;
            return EV_BAD;
        }
        result.v = vtws_value_share(result.v);
    }
    /* A walk of the variable (to PHP values, to JSON) visits a shared array each time it
     * appears: $a = [$a, $a] doubles it with a few bytes of source. */
    uint64_t grows = vtws_value_expanded(&result.v);
    if (vtws_add_sat(ndims ? path[0]->expanded : 0, grows) > max_expanded(P)) {
        if (slot->type == VTWS_UNDEF)
            slot->type = VTWS_NULL;
        return vtws_lf_runtime_error(P, line, col,
                                     "the value would hold more than %llu elements, nested arrays counted each time "
                                     "they appear (the reader's limit for a file of this size)",
                                     (unsigned long long)max_expanded(P));
    }
    *slot = result.v;
    for (int i = 0; i < ndims; i++)
        path[i]->expanded = vtws_add_sat(path[i]->expanded, grows);
    /* the containers along the path may now be deeper */
    uint32_t depth = result.v.type == VTWS_ARRAY ? result.v.u.a->depth : 0;
    for (int i = ndims - 1; i >= 0; i--) {
        if (path[i]->depth < depth + 1)
            path[i]->depth = depth + 1;
        depth = path[i]->depth;
    }
    return result;
}
