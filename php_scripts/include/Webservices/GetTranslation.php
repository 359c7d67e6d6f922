<?php
/*
 * vtws: the gettranslation webservice operation is served by the vtws PHP
 * extension, whose native vtws_gettranslation($totranslate, $language,
 * $module, $user) Vtiger's dispatcher calls after including this file.
 * This file only makes a missing extension a clear error for the client.
 */
if (!function_exists('vtws_gettranslation')) {
    throw new WebServiceException(
        'VTWS_NOT_LOADED',
        'gettranslation needs the vtws PHP extension, which is not loaded in this PHP (see php --ri vtws)'
    );
}
