<?php
$x = 'a' - 'b';
