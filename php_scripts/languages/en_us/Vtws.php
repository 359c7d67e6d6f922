<?php
/* The Vtws module's label (Module Manager, page titles) and its Settings links. */
$languageStrings = [
    'Vtws' => 'Webservices (vtws)',
    'SINGLE_Vtws' => 'Webservices (vtws)',
    'LBL_VTWS_SETTINGS' => 'Webservice health',
    'LBL_VTWS_DESCRIPTION' => 'vtws: webservice operations, native extension, language files',
];
