<?php
// @vtws-handler: gettranslation is served by the vtws PHP extension (installed by vtws-register.php).
/*
 * Vtiger's dispatcher includes this file, then calls vtws_gettranslation($totranslate,
 * $language, $module, $user): the extension's native function. This file declares
 * nothing; it only makes a missing extension a clear error for the client.
 */
if (!function_exists('vtws_gettranslation')) {
    throw new WebServiceException(
        'VTWS_NOT_LOADED',
        'gettranslation needs the vtws PHP extension, which is not loaded in this PHP (see php --ri vtws)'
    );
}
