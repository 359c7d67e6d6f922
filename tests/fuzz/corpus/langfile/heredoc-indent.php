<?php
$a = <<<EOT
    ok
  too little
    EOT;
