<?php
/*
 * The Vtws Settings page: index.php?module=Vtws&parent=Settings&view=Index.
 * Admins only (Settings_Vtiger_Index_View::checkPermission; others get Vtiger's permission-
 * denied page). Read-only: Repair and Undo POST to Settings_Vtws_Operations_Action, which
 * checks Vtiger's CSRF token. Every string from rows, files or the database is escaped here
 * (h()) before the template prints it; the template prints nothing unescaped but Vtiger's own
 * translations. Keeps to PHP 7.4.
 */
require_once dirname(__DIR__) . '/models/Health.php';

class Settings_Vtws_Index_View extends Settings_Vtiger_Index_View
{
    public function process(Vtiger_Request $request)
    {
        $viewer = $this->getViewer($request);
        $q = $request->getModule(false);
        $viewer->assign('QUALIFIED_MODULE', $q);
        $viewer->assign('MODULE', $request->getModule());
        $t = function ($key) use ($q) {
            return vtranslate($key, $q);
        };
        try {
            $page = $this->page($request, $t);
        } catch (Throwable $e) {
            $page = ['FATAL' => self::h(Settings_Vtws_Health_Model::clean($e->getMessage()))];
        }
        foreach ($page as $k => $v) {
            $viewer->assign($k, $v);
        }
        $viewer->view('Index.tpl', $q);
    }

    public static function h($s): string
    {
        return htmlspecialchars((string)$s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    private function page(Vtiger_Request $request, callable $t): array
    {
        $root = Vtws_Library::root();
        $p = ['FATAL' => ''];
        $p['ACTIVE'] = !function_exists('vtlib_isModuleActive') || vtlib_isModuleActive('Vtws');
        $p['NATIVE'] = Settings_Vtws_Health_Model::native();
        $status = [];
        foreach (Settings_Vtws_Health_Model::status() as $k => $v) {
            $status[] = ['label' => self::h($t($k)), 'value' => self::h($k === 'LBL_SERVED_BY' ? $t($v) : $v)];
        }
        $p['STATUS'] = $status;
        $p['INI'] = self::pairs(Settings_Vtws_Health_Model::ini());
        $p['CACHE'] = self::pairs(Settings_Vtws_Health_Model::cache());
        $shared = [];
        foreach (Settings_Vtws_Health_Model::shared() as $k => $v) {
            $shared[] = ['key' => self::h($k), 'label' => self::h($t('LBL_SHARED_' . strtoupper($k))), 'value' => self::h($v)];
        }
        $p['SHARED'] = $shared;
        $p['INSTALL_COMMAND'] = self::h(Settings_Vtws_Health_Model::install_command());
        $last = json_decode((string)@file_get_contents("$root/modules/Vtws/last-step.json"), true);
        $p['LAST_STEP'] = is_array($last) ? self::h(($last['step'] ?? '') . ' (' . ($last['at'] ?? '') . '): ' . Settings_Vtws_Health_Model::clean((string)($last['message'] ?? ''))) : '';
        $p['LAST_STEP_OK'] = is_array($last) && !empty($last['ok']);

        /* the outcome of the last Repair or Undo, shown once */
        $p['ACTION_LINES'] = [];
        $p['ACTION_OK'] = true;
        $done = "$root/modules/Vtws/last-action.json";
        if ((string)$request->get('done') !== '' && is_file($done)) {
            $a = json_decode((string)file_get_contents($done), true);
            if (is_array($a)) {
                $p['ACTION_OK'] = !empty($a['ok']);
                $p['ACTION_LINES'] = array_map([self::class, 'h'], (array)($a['lines'] ?? []));
                $p['ACTION_WHAT'] = self::h($t($a['what'] === 'repair' ? 'LBL_REPAIR' : 'LBL_UNDO'));
            }
        }

        $ops = Settings_Vtws_Health_Model::operations();
        $p['MODE_LINE'] = self::h($ops['mode']);
        $p['OPS_ERROR'] = $ops['error'] === null ? '' : self::h(Settings_Vtws_Health_Model::clean($ops['error']));
        $rows = [];
        $count = ['ok' => 0, 'FAILS' => 0, 'unchecked' => 0];
        foreach ($ops['verdicts'] as $v) {
            $word = (string)($v['verdict'] ?? '');
            $count[$word] = ($count[$word] ?? 0) + 1;
            $rows[] = ['id' => (int)($v['operationid'] ?? 0), 'name' => self::h($v['operation'] ?? ''), 'verdict' => self::h($word),
                       'class' => $word === 'ok' ? 'success' : ($word === 'FAILS' ? 'danger' : 'warning'),
                       'problems' => array_map(function ($x) {
                           return self::h(Settings_Vtws_Health_Model::clean((string)$x));
                       }, (array)($v['problems'] ?? [])),
                       'served' => self::h((string)($v['served'] ?? ''))];
        }
        $p['OPERATIONS'] = $rows;
        $p['COUNTS'] = $count;
        $p['CAN_CHANGE'] = $ops['error'] === null && $p['NATIVE'];

        $langs = Settings_Vtws_Health_Model::languages();
        $p['LANGUAGES'] = array_map(function ($l) {
            return ['prefix' => self::h($l['prefix']), 'label' => self::h(html_entity_decode((string)$l['label'], ENT_QUOTES, 'UTF-8')), 'files' => (int)$l['files']];
        }, $langs['languages']);
        $p['LANG_FILES'] = $langs['files'];
        $p['LANG_ERRORS'] = $langs['errors'];
        $p['LANG_WARNINGS'] = $langs['warnings'];
        $p['LANG_CHECKED'] = $langs['checked'];
        $p['LANG_PROBLEMS'] = array_map(function ($d) {
            return ['file' => self::h($d['file']), 'line' => $d['line'], 'column' => $d['column'], 'severity' => self::h($d['severity']),
                    'message' => self::h($d['message'])];
        }, array_slice($langs['problems'], 0, 500));

        /* Try it: a GET form, computed here, changes nothing */
        $labels = (string)$request->getRaw('try_labels');
        $module = (string)$request->getRaw('try_module');
        $language = (string)$request->getRaw('try_language');
        $operation = $request->getRaw('try_operation') === 'exporttranslation' ? 'exporttranslation' : 'gettranslation';
        $p['TRY_LABELS'] = self::h($labels === '' ? '["SINGLE_Contacts","Contacts"]' : $labels);
        $p['TRY_MODULE'] = self::h($module === '' ? 'Contacts' : $module);
        $p['TRY_LANGUAGE'] = self::h($language === '' ? 'ru_ru' : $language);
        $p['TRY_OPERATION'] = $operation;
        $p['TRY_ANSWER'] = '';
        $p['TRY_MS'] = '';
        if ($request->getRaw('try') === '1') {
            $user = class_exists('Users_Record_Model') ? Users_Record_Model::getCurrentUserModel() : null;
            $r = Settings_Vtws_Health_Model::try_it($operation, $labels, $module, $language, $user);
            $p['TRY_ANSWER'] = self::h($r['json']);
            $p['TRY_MS'] = self::h(sprintf('%.3f', $r['ms']));
        }
        return $p;
    }

    private static function pairs(array $a): array
    {
        $out = [];
        foreach ($a as $k => $v) {
            $out[] = ['name' => self::h($k), 'value' => self::h($v)];
        }
        return $out;
    }
}
