<?php
/*
 * The Vtws Settings page's view (ROOT/modules/Settings/Vtws/views/Index.php, as installed from the
 * zip) built in a CLI PHP: the few Vtiger classes it uses are stood in for (the view's base class
 * with a viewer that records what is assigned, the request, vtranslate() reading the module's
 * en_us strings). Prints what the view assigned, as JSON.
 *   php settings_child.php ROOT [LABEL]
 * LABEL: first translate it with Vtws\translate() (module Contacts, language ru_ru; the root is
 * vtws.vtiger_root), so that this process has used the shared store when it is on.
 */
[, $root] = $argv;
$label = $argv[2] ?? '';

final class Vtiger_Request
{
    public function getModule($raw = true)
    {
        return $raw ? 'Vtws' : 'Settings:Vtws';
    }

    public function get($k)
    {
        return '';
    }

    public function getRaw($k)
    {
        return '';
    }
}

final class Recorder
{
    public $vars = [];

    public function assign($k, $v)
    {
        $this->vars[$k] = $v;
    }

    public function view($tpl, $module)
    {
        $this->vars['@template'] = "$module/$tpl";
    }
}

class Settings_Vtiger_Index_View
{
    public $viewer;

    public function getViewer($request)
    {
        return $this->viewer = $this->viewer ?? new Recorder();
    }
}

function vtranslate($key, $module = '')
{
    static $strings = null;
    if ($strings === null) {
        $languageStrings = [];
        include $GLOBALS['root'] . '/languages/en_us/Settings/Vtws.php';
        $strings = $languageStrings;
    }
    /* VTWS_HOSTILE_LABEL: one label the view must escape like any other text */
    if ($key === 'LBL_SHARED_STATUS' && getenv('VTWS_HOSTILE_LABEL')) {
        return getenv('VTWS_HOSTILE_LABEL');
    }
    return $strings[$key] ?? $key;
}

if ($label !== '') {
    Vtws\translate($label, 'Contacts', 'ru_ru');
}
chdir($root);
require "$root/modules/Settings/Vtws/views/Index.php";
$view = new Settings_Vtws_Index_View();
$view->process(new Vtiger_Request());
echo json_encode($view->viewer->vars, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
