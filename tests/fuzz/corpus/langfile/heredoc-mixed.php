<?php
$a = <<<EOT
 	mixed
 	EOT;
