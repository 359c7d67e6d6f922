<?php
$x = array(9223372036854775807 => 'max', 'no room');
