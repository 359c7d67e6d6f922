<?php # hash comment
// slash comment ?> text after an early close
<?php
/* block
   comment */ $languageStrings /* inside */ = /** doc */ array( // trailing
	'A' => 'a', # comment between elements
	/* before key */ 'B' /* after key */ => /* before value */ 'b' /* after value */,
);
$x = 1 ?>
<?php $y = 2; ?>
