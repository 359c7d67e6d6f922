<?php
$x = array(1)
   + 5;
