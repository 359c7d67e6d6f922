<?php
/*
 * The Vtws module: vtws's webservice operations and a Settings page about webservice health,
 * for a Vtiger imported from Module Manager. Vtiger calls vtlib_handler() on each step of the
 * module's life (Vtiger_Module::fireEvent, a new instance each time):
 *
 *   module.postinstall   the Settings menu entry; vtws's operations registered as
 *                        `vtws-register sync` does (same library code, one transaction, the
 *                        lock), after keeping the rows it changes (the tutorial's gettranslation)
 *   module.postupdate    sync again (the new files are in place)
 *   module.disabled      everything registered put back as before install (the API answers
 *                        as if vtws were absent); the menu entry hidden
 *   module.enabled       registered again; the menu entry shown
 *   module.preuninstall  put back, the menu entry deleted, the module's files deleted
 *                        (Vtiger's UI has no uninstall: vtlib/tools/console.php --remove=Vtws)
 *
 * Nothing here prints (Module Manager's answers are JSON) or throws: each step's outcome is
 * kept in modules/Vtws/last-step.json for the Settings page. Keeps to PHP 7.4.
 */
require_once __DIR__ . '/Library.php';

class Vtws
{
    /* The Settings menu entry (vtiger_settings_field.name; the sidebar shows it as is). */
    const SETTINGS_NAME = 'Webservices (vtws)';
    const SETTINGS_URL = 'index.php?module=Vtws&parent=Settings&view=Index';

    public function vtlib_handler($moduleName, $eventType)
    {
        $root = Vtws_Library::root();
        $adb = class_exists('PearDatabase') ? PearDatabase::getInstance() : null;
        switch ($eventType) {
            case 'module.postinstall':
                self::settings_link($adb, 'add');
                $r = Vtws_Library::attempt('install', function () use ($root) {
                    Vtws_Library::sync($root);
                });
                break;
            case 'module.postupdate':
                self::settings_link($adb, 'add');
                $active = !function_exists('vtlib_isModuleActive') || vtlib_isModuleActive('Vtws');
                $r = $active ? Vtws_Library::attempt('update', function () use ($root) {
                    Vtws_Library::sync($root);
                }) : ['ok' => true, 'step' => 'update', 'message' => 'the module is disabled: nothing registered'];
                break;
            case 'module.enabled':
                self::settings_link($adb, 'show');
                $r = Vtws_Library::attempt('enable', function () use ($root) {
                    Vtws_Library::sync($root);
                });
                break;
            case 'module.disabled':
                self::settings_link($adb, 'hide');
                $r = Vtws_Library::attempt('disable', function () use ($root) {
                    Vtws_Library::put_back($root);
                });
                break;
            case 'module.preuninstall':
                $r = Vtws_Library::attempt('uninstall', function () use ($root) {
                    Vtws_Library::put_back($root);
                });
                self::settings_link($adb, 'delete');
                if ($r['ok']) {
                    self::delete_files($root);
                    return;
                }
                break;
            default:
                return;
        }
        Vtws_Library::remember($root, $r);
    }

    /* The Settings menu entry: add (once), show, hide, delete. $adb: Vtiger's PearDatabase. */
    public static function settings_link($adb, string $what): void
    {
        if ($adb === null) {
            return;
        }
        $name = self::SETTINGS_NAME;
        if ($what === 'delete') {
            $adb->pquery('DELETE FROM vtiger_settings_field WHERE name=?', [$name]);
            return;
        }
        if ($what !== 'add') {
            $adb->pquery('UPDATE vtiger_settings_field SET active=? WHERE name=?', [$what === 'show' ? 0 : 1, $name]);
            return;
        }
        if ($adb->num_rows($adb->pquery('SELECT 1 FROM vtiger_settings_field WHERE name=?', [$name]))) {
            return;
        }
        /* vtlib_addSettingsLink() does this from 7.5 on; 7.4.0 inserts a NULL name, once per call */
        $block = null;
        foreach (['LBL_INTEGRATION', 'LBL_OTHER_SETTINGS'] as $label) {
            $res = $adb->pquery('SELECT blockid FROM vtiger_settings_blocks WHERE label=?', [$label]);
            if ($adb->num_rows($res)) {
                $block = (int)$adb->query_result($res, 0, 'blockid');
                break;
            }
        }
        if ($block === null) {
            return;
        }
        $seq = $adb->pquery('SELECT MAX(sequence) AS sequence FROM vtiger_settings_field WHERE blockid=?', [$block]);
        $sequence = (int)$adb->query_result($seq, 0, 'sequence') + 1;
        $adb->pquery('INSERT INTO vtiger_settings_field (fieldid, blockid, name, iconpath, description, linkto, sequence, active, pinned)'
            . ' VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)',
            [$adb->getUniqueID('vtiger_settings_field'), $block, $name, '', 'LBL_VTWS_DESCRIPTION', self::SETTINGS_URL, $sequence]);
    }

    /* The files the module's zip brought, and what the module wrote beside them. */
    public static function delete_files(string $root): void
    {
        $paths = ['modules/Vtws', 'modules/Settings/Vtws', 'layouts/v7/modules/Settings/Vtws'];
        foreach ((array)glob("$root/languages/*", GLOB_ONLYDIR) as $lang) {
            $paths[] = substr($lang, strlen($root) + 1) . '/Vtws.php';
            $paths[] = substr($lang, strlen($root) + 1) . '/Settings/Vtws.php';
        }
        foreach ($paths as $p) {
            self::remove("$root/$p");
        }
    }

    private static function remove(string $path): void
    {
        if (is_link($path) || is_file($path)) {
            @unlink($path);
        } elseif (is_dir($path)) {
            foreach ((array)scandir($path) as $e) {
                if ($e !== '.' && $e !== '..') {
                    self::remove("$path/$e");
                }
            }
            @rmdir($path);
        }
    }
}
