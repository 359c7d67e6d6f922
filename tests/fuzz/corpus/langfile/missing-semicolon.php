<?php
$languageStrings = array('A' => 'a')
$jsLanguageStrings = array();
