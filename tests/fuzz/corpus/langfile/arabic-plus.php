<?php
$languageStrings = array(
	'LBL_FIRST' => 'الاسم الأول',
	'LBL_BROKEN' => 'لا يمكن ' + ' الحذف',
	'LBL_AFTER' => 'بعد',
);
