<?php
$languageStrings = array('A' => 'a', 5 => 'five', 'B' => 'b');
$jsLanguageStrings = array('JS_X' => 'x', 5 => 'js five', 'A' => 'js a');
$languageStrings = array_merge($languageStrings, $jsLanguageStrings);
$union = array('A' => 'first', 0 => 'zero') + array('A' => 'second', 0 => 'no', 1 => 'one');
$union += ['C' => 'c', 'A' => 'ignored'];
$empty = array_merge();
$one = \ARRAY_MERGE([3 => 'x', 9 => 'y']);
