<?php
$languageStrings = array('A' => 'a');
$x =
