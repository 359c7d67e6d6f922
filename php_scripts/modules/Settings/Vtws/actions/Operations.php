<?php
/*
 * Repair (vtws-register doctor --fix) and Undo (doctor --undo) from the Vtws Settings page.
 * Settings_Vtiger_Basic_Action gives the admin check (as every Settings view) and
 * validateWriteAccess(): POST only, the Referer of this site, Vtiger's CSRF token (__vtrftk,
 * which csrf-magic adds to the page's forms). The outcome is kept for the page, which shows
 * the verdicts again. Keeps to PHP 7.4.
 */
require_once dirname(__DIR__) . '/models/Health.php';

class Settings_Vtws_Operations_Action extends Settings_Vtiger_Basic_Action
{
    public function __construct()
    {
        parent::__construct();
        $this->exposeMethod('repair');
        $this->exposeMethod('undo');
    }

    public function validateRequest(Vtiger_Request $request)
    {
        $request->validateWriteAccess();
    }

    public function process(Vtiger_Request $request)
    {
        $mode = $request->getMode();
        if ($mode !== 'repair' && $mode !== 'undo') {
            throw new AppException(vtranslate('LBL_PERMISSION_DENIED', 'Vtiger'));
        }
        $this->invokeExposedMethod($mode, $request);
    }

    public function repair(Vtiger_Request $request)
    {
        $this->run('repair');
    }

    public function undo(Vtiger_Request $request)
    {
        $this->run('undo');
    }

    private function run(string $what): void
    {
        try {
            $r = Settings_Vtws_Health_Model::change($what);
        } catch (Throwable $e) {
            $r = ['ok' => false, 'lines' => [Settings_Vtws_Health_Model::clean($e->getMessage())]];
        }
        $r['what'] = $what;
        @file_put_contents(Vtws_Library::root() . '/modules/Vtws/last-action.json', json_encode($r, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE));
        header('Location: index.php?module=Vtws&parent=Settings&view=Index&done=' . $what . '#vtws-operations');
    }
}
