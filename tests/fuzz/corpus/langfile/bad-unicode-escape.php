<?php
$languageStrings = array(
	"A" => "\u{110000}",
);
