<?php
$languageStrings = array('A' => 'a');
/* never closed
