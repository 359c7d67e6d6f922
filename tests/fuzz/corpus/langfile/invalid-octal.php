<?php
$languageStrings = array(
	"A" => 0789,
);
