<?php
$languageStrings = array('A' => 'a');
$x = 1;
