<?php
/*
 * The Vtws module's model: the entries of Module Manager's "Settings" dropdown for Vtws
 * (Settings_ModuleManager's list calls getSettingLinks()). Keeps to PHP 7.4.
 */
class Vtws_Module_Model extends Vtiger_Module_Model
{
    public function getSettingLinks()
    {
        return [['linktype' => 'LISTVIEWSETTING', 'linklabel' => 'LBL_VTWS_SETTINGS',
                 'linkurl' => 'index.php?module=Vtws&parent=Settings&view=Index', 'linkicon' => '']];
    }
}
