/*
 * vtws_zval — converts the core's values (core/value.h) into PHP values.
 */
#ifndef VTWS_ZVAL_H
#define VTWS_ZVAL_H

#include "php.h"
#include "value.h"

/* A fresh (request-memory) PHP value equal to v. */
void vtws_value_to_zval(const vtws_value *v, zval *out);

#endif
