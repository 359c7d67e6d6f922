/*
 * vtws_error — errors as Vtiger's dispatcher expects them. Inside Vtiger
 * (class WebServiceException is loaded) a WebServiceException with `code` and
 * `message`, which the client receives as {"success":false,"error":{...}};
 * elsewhere a Vtws\Exception with the same code in `errorCode`.
 */
#ifndef VTWS_ERROR_H
#define VTWS_ERROR_H

#include "php.h"

/* Error codes of vtws (Vtiger's own codes are strings of the same style). */
#define VTWS_E_INVALID_TOTRANSLATE "INVALID_TOTRANSLATE"
#define VTWS_E_INVALID_LANGUAGE "INVALID_LANGUAGE"
#define VTWS_E_INVALID_MODULE "INVALID_MODULE"
#define VTWS_E_INVALID_TYPE "INVALID_TYPE"
#define VTWS_E_INVALID_VERSION "INVALID_VERSION"
#define VTWS_E_NOT_CONFIGURED "VTWS_NOT_CONFIGURED"
#define VTWS_E_INVALID_OPERATION "INVALID_OPERATION"
#define VTWS_E_INVALID_REQUEST_METHOD "INVALID_REQUEST_METHOD"

void vtws_throw(const char *code, const char *fmt, ...) ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);

#endif
