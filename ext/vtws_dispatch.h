/*
 * vtws_dispatch — the HTTP request Vtiger's dispatcher is serving, as PHP scripts see it
 * ($_GET, $_POST): whether one of vtws's operations got its parameters where Vtiger reads
 * them. OperationManager::getOperationInput() reads a GET operation's parameters from $_GET
 * only and a POST one's from $_POST only, so parameters sent the other way arrive as
 * missing, and the answer would silently be the defaults'.
 */
#ifndef VTWS_DISPATCH_H
#define VTWS_DISPATCH_H

/*
 * 1 when the request does not dispatch vtws's operation `name` (its "operation" field in
 * $_GET or $_POST names another, or none: an in-process call), or sent at least one of its
 * parameters where Vtiger reads them, or none at all. Otherwise throws INVALID_REQUEST_METHOD
 * saying where to send them, and returns 0.
 */
int vtws_dispatch_parameters_placed(const char *name);

#endif
