/*
 * registry — webservice operation definitions and the rules around them:
 * validation, the plan that brings the registration tables in line with the
 * wanted definitions, and whether a handler's signature fits Vtiger's
 * dispatcher. Pure functions over plain structs; the database work is the
 * caller's (php_scripts/vtws-register.php).
 *
 * Vtiger's dispatcher (include/Webservices/OperationManager.php) calls
 * call_user_func_array($method, $params) with $params keyed by the registered
 * names in sequence order, plus "user" for non-prelogin operations. Vtiger
 * >= 7.5 on PHP 8 makes that a named-argument call; PHP 7 ignores the keys
 * (positional). For prelogin vtws_login it renames accessKey to pwd.
 */
#ifndef VTWS_REGISTRY_H
#define VTWS_REGISTRY_H

#include <stddef.h>

typedef struct vtws_op_param {
    const char *name;
    const char *type;  /* string, encoded, datetime, double, boolean (any case) */
    long sequence;     /* as stored; for definitions, its position 1..n */
} vtws_op_param;

typedef struct vtws_operation {
    long id;                  /* operationid of a stored row; 0 for a definition */
    const char *name;
    const char *handler_path; /* relative to the Vtiger root */
    const char *handler_method;
    const char *type;         /* GET or POST */
    int prelogin;
    const vtws_op_param *params; /* stored rows: ordered by sequence, ties as stored */
    size_t nparams;
} vtws_operation;

/* The operations vtws itself serves, as definitions to register (n set to their count);
 * parameters in the order of the native signatures, $user last. */
const vtws_operation *vtws_registry_served(size_t *n);

/* vtws's operation of that name (ignoring case, as Vtiger matches names), or NULL. */
const vtws_operation *vtws_registry_served_find(const char *name);

/* The method Vtiger's own installer registers operation `name` with ("GET" or "POST", as
 * Vtiger 8.3's tables have it), else vtws's own operation's, else NULL. */
const char *vtws_registry_method_of(const char *name);

/* Problems go to a callback: which operation (index in the array), what. */
typedef void (*vtws_report_fn)(void *ctx, size_t op, const char *message);

/*
 * Which rules apply. Both: handler_path relative, inside the root (no ".." part), ending in
 * .php, of letters, digits, _ . - and / only, not under storage/, cache/ or test/ (Vtiger's
 * checkFileAccessForInclusion() refuses those); handler_method an ASCII PHP function name
 * (optionally namespaced) that is no reserved word or call-like construct (include, eval,
 * isset, exit, ...), at most 64 bytes; parameter names ASCII PHP identifiers that PHP takes
 * as parameters (not $this, not a superglobal), not "user", none twice ignoring case; type
 * GET or POST. DEFINITION (what sync may register): names of letters, digits and _, unique
 * ignoring case in the list; parameter types of Vtiger's five; prelogin 0 or 1. STORED (a
 * row already in the tables, before doctor judges or repairs it): names may also have "."
 * (Vtiger's mobile.*), and collisions, parameter types and prelogin are the caller's to judge.
 * Messages show a string's bytes outside printable ASCII as \xNN.
 */
typedef enum { VTWS_RULES_DEFINITION, VTWS_RULES_STORED } vtws_rules;

/* Check operations against `rules`; returns the number of problems reported. */
size_t vtws_registry_validate(const vtws_operation *ops, size_t n, vtws_rules rules, vtws_report_fn report,
                              void *ctx);

typedef enum {
    VTWS_CHANGE_INSERT,      /* a new operation with its parameters */
    VTWS_CHANGE_UPDATE,      /* fields of an existing row */
    VTWS_CHANGE_PARAMETERS,  /* replace an existing row's parameters */
    VTWS_CHANGE_DELETE       /* a row (and its parameters) */
} vtws_change_kind;

enum { /* fields of an UPDATE */
    VTWS_FIELD_NAME = 1,
    VTWS_FIELD_HANDLER_PATH = 2,
    VTWS_FIELD_HANDLER_METHOD = 4,
    VTWS_FIELD_TYPE = 8,
    VTWS_FIELD_PRELOGIN = 16
};

typedef struct vtws_change {
    vtws_change_kind kind;
    size_t wanted;  /* index into the wanted definitions (not for DELETE) */
    long id;        /* the stored row (not for INSERT) */
    unsigned fields;
} vtws_change;

/* The minimal ordered changes that make the stored rows match `wanted`
 * (matched by name ignoring case, as the table's collation does; duplicate
 * rows of a wanted name are deleted, the lowest id kept). Rows of other
 * names are never touched. Returns the number written to out (at most max;
 * call with max 0 to count). */
size_t vtws_registry_plan(const vtws_operation *wanted, size_t nwanted, const vtws_operation *stored,
                          size_t nstored, vtws_change *out, size_t max);

/* A handler's parameters, as its argument info says. */
typedef struct vtws_fn_param {
    const char *name;
    int optional; /* has a default */
} vtws_fn_param;

typedef struct vtws_signature {
    const vtws_fn_param *params;
    size_t nparams;   /* not counting a variadic one */
    int variadic;     /* ...$rest: takes any further or unknown named arguments */
    int internal;     /* a native function: too many arguments is an error */
} vtws_signature;

/* What breaks each dispatch; returns the number of problems for each. */
size_t vtws_registry_check_named(const vtws_operation *op, const vtws_signature *sig, vtws_report_fn report,
                                 void *ctx);
size_t vtws_registry_check_positional(const vtws_operation *op, const vtws_signature *sig,
                                      vtws_report_fn report, void *ctx);

#endif
