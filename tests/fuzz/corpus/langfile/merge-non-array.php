<?php
$languageStrings = array('A' => 'a');
$languageStrings = array_merge($languageStrings, $jsLanguageStrings);
