<?php
#[Attribute]
$languageStrings = array('A' => 'a');
