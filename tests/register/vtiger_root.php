<?php
/*
 * Builds a Vtiger-shaped root for the registration tests: config.inc.php (with
 * the statements real ones have, which vtws's reader skips), vtigerversion.php,
 * the dispatcher's source line that tells named from positional dispatch, and a
 * handler file per stock operation with the signatures of Vtiger 8.3 (contract
 * §2). Each handler returns its name and arguments, so calls can be compared.
 * Also the database side: vtiger_fresh_db() and vtiger_ws_tables(). Used by the
 * registration and install tests.
 */
const STOCK_HANDLERS = [
    // file => [function => parameters]
    'include/Webservices/Login.php' => ['vtws_login' => '$username, $pwd'],
    'include/Webservices/AuthToken.php' => ['vtws_getchallenge' => '$username'],
    'include/Webservices/ExtendSession.php' => ['vtws_extendSession' => ''],
    'include/Webservices/Retrieve.php' => ['vtws_retrieve' => '$id, $user'],
    'include/Webservices/Create.php' => ['vtws_create' => '$elementType, $element, $user'],
    'include/Webservices/Update.php' => ['vtws_update' => '$element, $user'],
    'include/Webservices/Revise.php' => ['vtws_revise' => '$element, $user'],
    'include/Webservices/Delete.php' => ['vtws_delete' => '$id, $user'],
    'include/Webservices/Query.php' => ['vtws_query' => '$query, $user'],
    'include/Webservices/DescribeObject.php' => ['vtws_describe' => '$elementType, $user'],
    'include/Webservices/ModuleTypes.php' => ['vtws_listtypes' => '$fieldTypeList, $user'],
    'include/Webservices/GetUpdates.php' => ['vtws_sync' => '$mtime, $elementType, $syncType, $user'],
    'include/Webservices/Logout.php' => ['vtws_logout' => '$sessionId, $user'],
    'include/Webservices/ConvertLead.php' => ['vtws_convertlead' => '$entityvalues, $user'],
    'include/Webservices/Custom/ChangePassword.php' => ['vtws_changePassword' => '$id, $oldPassword, $newPassword, $confirmPassword, $user'],
    'include/Webservices/Custom/DeleteUser.php' => ['vtws_deleteUser' => '$id, $newOwnerId, $user'],
    'modules/Mobile/api/wsapi.php' => [
        'mobile_ws_fetchAllAlerts' => '$user', 'mobile_ws_alertDetailsWithMessage' => '$alertid, $user',
        'mobile_ws_fetchModuleFilters' => '$module, $user', 'mobile_ws_fetchRecord' => '$record, $user',
        'mobile_ws_fetchRecordWithGrouping' => '$record, $user', 'mobile_ws_filterDetailsWithCount' => '$filterid, $user',
        'mobile_ws_listModuleRecords' => '$elements, $user', 'mobile_ws_saveRecord' => '$module, $record, $values, $user',
        'mobile_ws_syncModuleRecords' => '$module, $syncToken, $page, $user', 'mobile_ws_query' => '$module, $query, $page, $user',
        'mobile_ws_queryWithGrouping' => '$module, $query, $page, $user'],
    'modules/WSAPP/api/ws/Register.php' => ['wsapp_register' => '$type, $synctype, $user'],
    'modules/WSAPP/api/ws/DeRegister.php' => ['wsapp_deregister' => '$type, $key, $user'],
    'modules/WSAPP/api/ws/Get.php' => ['wsapp_get' => '$key, $module, $token, $user'],
    'modules/WSAPP/api/ws/Put.php' => ['wsapp_put' => '$key, $element, $user'],
    'modules/WSAPP/api/ws/Map.php' => ['wsapp_map' => '$key, $element, $user'],
    'include/Webservices/LineItem/RetrieveInventory.php' => ['vtws_retrieve_inventory' => '$id, $user'],
    'include/Webservices/RelatedTypes.php' => ['vtws_relatedtypes' => '$elementType, $user'],
    'include/Webservices/RetrieveRelated.php' => ['vtws_retrieve_related' => '$id, $relatedType, $relatedLabel, $user'],
    'include/Webservices/QueryRelated.php' => ['vtws_query_related' => '$query, $id, $relatedLabel, $user'],
    'include/Webservices/AddRelated.php' => ['vtws_add_related' => '$sourceRecordId, $relatedRecordId, $relationIdLabel, $user'],
    'include/Webservices/FileRetrieve.php' => ['vtws_file_retrieve' => '$file_id, $user'],
    // the tutorial's handler, registered as gettranslation (id 39)
    'include/Webservices/GetTranslation.php' => ['vtws_gettranslation' => '$portal_language, $module, $totranslate, $user'],
];

function make_vtiger_root(string $root, string $socket, string $dbName, string $dbUser, string $dbPassword,
                          string $dispatcher = 'named', string $version = '8.3.0'): void
{
    @mkdir("$root/include/Webservices", 0777, true);
    file_put_contents("$root/config.inc.php", "<?php\n"
        . "/* Vtiger config (sample) */\n"
        . "include('vtigerversion.php');\n"
        . "ini_set('memory_limit','512M');\n"
        . "\$dbconfig['db_server'] = 'localhost:$socket';\n"
        . "\$dbconfig['db_port'] = ':3306';\n"
        . "\$dbconfig['db_username'] = '$dbUser';\n"
        . "\$dbconfig['db_password'] = '$dbPassword';\n"
        . "\$dbconfig['db_name'] = '$dbName';\n"
        . "\$dbconfig['db_type'] = 'mysqli';\n"
        . "\$dbconfig['db_hostname'] = \$dbconfig['db_server'].\$dbconfig['db_port'];\n"
        . "\$root_directory = '$root/';\n"
        . "\$default_language = 'en_us';\n");
    file_put_contents("$root/vtigerversion.php", "<?php\n\$patch_version = '';\n\$vtiger_current_version = '$version';\n");
    $call = $dispatcher === 'named'
        ? "\$params['user'] = \$user;\n            return call_user_func_array(\$this->handlerMethod, \$params);"
        : "\$params[] = \$user;\n            return call_user_func_array(\$this->handlerMethod, \$params);";
    file_put_contents("$root/include/Webservices/OperationManager.php",
        "<?php\nclass OperationManager {\n    function runOperation(\$params, \$user) {\n        if (!\$this->preLogin) {\n            $call\n        }\n    }\n}\n");
    foreach (STOCK_HANDLERS as $file => $functions) {
        @mkdir(dirname("$root/$file"), 0777, true);
        $code = "<?php\n";
        foreach ($functions as $fn => $params) {
            $code .= "function $fn($params) { return ['handler' => __FUNCTION__, 'args' => func_get_args()]; }\n";
        }
        file_put_contents("$root/$file", $code);
    }
}

/*
 * A database $name with Vtiger 8.3's registration tables (fixtures/ws_tables.sql),
 * open to vtws/secret: 'tutorial' as dumped (gettranslation id 39, all
 * sequences 1); 'stock' without it (a fresh install: 38 rows, seq 38).
 */
function vtiger_fresh_db(mysqli $admin, string $name, string $variant = 'stock'): void
{
    $admin->query("DROP DATABASE IF EXISTS `$name`");
    $admin->query("CREATE DATABASE `$name` CHARACTER SET utf8mb3");
    $admin->query("GRANT ALL ON `$name`.* TO 'vtws'@'localhost' IDENTIFIED BY 'secret'");
    $admin->select_db($name);
    $admin->multi_query(file_get_contents(__DIR__ . '/fixtures/ws_tables.sql'));
    while ($admin->more_results()) {
        $admin->next_result();
    }
    if ($variant === 'stock') {
        $admin->query('DELETE FROM vtiger_ws_operation_parameters WHERE operationid=39');
        $admin->query('DELETE FROM vtiger_ws_operation WHERE operationid=39');
        $admin->query('UPDATE vtiger_ws_operation_seq SET id=38');
    }
}

/*
 * Everything in the registration tables of $name, as text (for "unchanged"
 * checks). Without $with_sequence the id sequence is left out: ids are never
 * handed back, so it stays moved on after an operation is removed.
 */
function vtiger_ws_tables(mysqli $admin, string $name, bool $with_sequence = true): string
{
    $admin->select_db($name);
    $queries = ['SELECT * FROM vtiger_ws_operation ORDER BY operationid',
                'SELECT * FROM vtiger_ws_operation_parameters ORDER BY operationid, sequence, name'];
    if ($with_sequence) {
        $queries[] = 'SELECT * FROM vtiger_ws_operation_seq';
    }
    $s = '';
    foreach ($queries as $q) {
        $s .= json_encode($admin->query($q)->fetch_all()) . "\n";
    }
    return $s;
}
