<?php
/*
 * A Vtiger-shaped corpus: 20 languages x 45 module files, plus one common
 * Vtiger.php of about 90 KB per language, in Vtiger's own layout and style
 * (aligned 'KEY' => 'value', pairs, comments, a $jsLanguageStrings block); a
 * module has the same keys in every language, its values differ.
 * Usage: php gen_corpus.php DIR
 * With VTWS_BENCH_SMALL=1 a tiny one (2 languages x 3 modules, a small Vtiger.php): the
 * test command runs every benchmark once on it, so that none of them rots.
 */
$dir = $argv[1];
mt_srand(2026);
$langs = ['en_us', 'ru_ru', 'de_de', 'fr_fr', 'es_es', 'pt_br', 'it_it', 'nl_nl', 'pl_pl', 'tr_tr',
          'ar_ae', 'he_il', 'zh_cn', 'ja_jp', 'ko_kr', 'hu_hu', 'sv_se', 'ro_ro', 'cs_cz', 'uk_ua'];
$modules = ['Accounts', 'Assets', 'Calendar', 'Campaigns', 'Contacts', 'Documents', 'EmailTemplates', 'Emails',
    'Events', 'Faq', 'HelpDesk', 'Home', 'Import', 'Invoice', 'Leads', 'MailManager', 'Portal', 'PriceBooks',
    'Products', 'Project', 'ProjectMilestone', 'ProjectTask', 'PurchaseOrder', 'Quotes', 'Reports', 'Rss',
    'SalesOrder', 'ServiceContracts', 'Services', 'SMSNotifier', 'Users', 'Vendors', 'Webforms', 'Potentials',
    'ModComments', 'ModTracker', 'PBXManager', 'RecycleBin', 'Google', 'Mobile', 'CustomerPortal', 'Dashboard',
    'Install', 'Migration', 'WSAPP'];
$words = ['Contact', 'Record', 'Save', 'Organization', 'Email', 'Phone', 'Address', 'Created', 'Modified', 'Owner',
    'Контакт', 'Запись', 'Сохранить', 'Организация', 'الاسم', 'الأخير', '联系人', '保存', 'Ελληνικά', 'שמור',
    'Größe', 'Société', 'Número', 'İletişim', '連絡先', '연락처'];
function phrase(array $words): string
{
    $n = mt_rand(1, 6);
    $out = [];
    for ($i = 0; $i < $n; $i++) {
        $out[] = $words[mt_rand(0, count($words) - 1)];
    }
    return implode(' ', $out);
}
/* A module's keys: the same in every language, as in Vtiger's language packs. */
function module_keys(int $entries, int $js): array
{
    $keys = [[], []];
    for ($i = 0; $i < $entries; $i++) {
        $keys[0][] = 'LBL_' . strtoupper(substr(md5((string)mt_rand()), 0, mt_rand(6, 18)));
    }
    for ($i = 0; $i < $js; $i++) {
        $keys[1][] = 'JS_' . strtoupper(substr(md5((string)mt_rand()), 0, 12));
    }
    return $keys;
}
function file_text(array $words, array $keys): string
{
    $s = "<?php\n/*+***********************************************************************************\n"
       . " * The contents of this file are subject to the vtiger CRM Public License Version 1.0\n"
       . " *************************************************************************************/\n"
       . "\$languageStrings = array(\n";
    foreach ($keys[0] as $i => $key) {
        if ($i % 25 === 0) {
            $s .= "\t// " . phrase($words) . "\n";
        }
        $s .= sprintf("\t%-30s => '%s',\n", "'$key'", str_replace("'", "\\'", phrase($words)));
    }
    $s .= ");\n\$jsLanguageStrings = array(\n";
    foreach ($keys[1] as $key) {
        $s .= sprintf("\t'%s' => '%s',\n", $key, phrase($words));
    }
    return $s . ");\n";
}
$small = getenv('VTWS_BENCH_SMALL') === '1';
if ($small) {
    $langs = ['en_us', 'ru_ru'];
    $modules = ['Accounts', 'Contacts', 'Leads'];
}
$keys = ['Vtiger' => module_keys($small ? 150 : 1750, $small ? 10 : 120)];
foreach ($modules as $m) {
    $keys[$m] = module_keys(mt_rand(20, 120), mt_rand(0, 20));
}
foreach ($langs as $lang) {
    @mkdir("$dir/$lang", 0777, true);
    foreach ($keys as $m => $k) {
        file_put_contents("$dir/$lang/$m.php", file_text($words, $k));
    }
}
