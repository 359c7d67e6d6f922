<?php
$languageStrings = array(
	-5 => 'minus five', 'next after negative',
	true => 'true key', false => 'false key', null => 'null key',
	1.9 => 'float key',
	'-0' => 'string minus zero', '0' => 'zero', '00' => 'string 00', ' 1' => 'space one',
	'9223372036854775807' => 'max', '9223372036854775808' => 'over max', '-9223372036854775808' => 'min',
	'x' => array(1, 2, array('y' => array())),
);
$languageStrings['x'][2]['y'][] = 'deep append';
$languageStrings['new']['auto']['vivified'] = 'yes';
$copy = $languageStrings;
$copy['x'] = 'changed in the copy only';
$self = array('a' => 1);
$self['me'] = $self;
