<?php
$languageStrings = array('A' => 'a');
=> 'b';
$after = 'still read';
