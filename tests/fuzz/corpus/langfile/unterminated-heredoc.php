<?php
$languageStrings = array('A' => <<<EOT
body
