<?php
/*
 * package.xml for PECL: writes it from the tracked files (php scripts/package-xml.php),
 * or with --check verifies that every tracked file that belongs in the package
 * is listed with its role and that the version matches PHP_VTWS_VERSION.
 */
$top = dirname(__DIR__);
chdir($top);
preg_match('/#define VTWS_VERSION "([^"]+)"/', file_get_contents('core/version.h'), $m);
$version = $m[1];
/* package.xml is made from what git tracks: a copy of the tree without .git cannot say */
exec('git ls-files 2>/dev/null', $tracked, $rc);
if ($rc !== 0 || !$tracked) {
    fwrite(STDERR, "package-xml: $top is not a git checkout (git ls-files lists nothing); run it in one\n");
    echo "0 passed, 1 failed\n";
    exit(1);
}
/* Build leftovers that phpize/autoconf write next to config.m4: never part of the source. */
$leftovers = array_values(preg_grep('#(^|/)(confdefs\.h|config\.h\.in~|configure~|config\.log|config\.status|autom4te\.cache/.*)$#', $tracked));
$files = array_filter($tracked, function ($f) {
    return !preg_match('~^(\.ci/|\.gitignore|scripts/|bench/|cli/|debian/|package\.xml$|composer\.json$)~', $f);
});
$files = array_diff($files, $leftovers);
sort($files);
function role(string $f): string
{
    if (preg_match('~^tests/~', $f)) {
        return 'test';
    }
    if (preg_match('~^php_scripts/~', $f)) {
        return 'data'; /* what an administrator copies into a Vtiger root */
    }
    if (preg_match('~\.(md|txt)$|^LICENSE$|^examples/|^docs/|^vtws\.ini$~', $f)) {
        /* examples/ also holds the sample Vtiger tree the .phpt tests read */
        return 'doc';
    }
    return 'src';
}
$list = '';
foreach ($files as $f) {
    $list .= sprintf("      <file name=\"%s\" role=\"%s\"/>\n", htmlspecialchars($f), role($f));
}
$xml = <<<XML
<?xml version="1.0" encoding="UTF-8"?>
<package packagerversion="1.10.13" version="2.0" xmlns="http://pear.php.net/dtd/package-2.0" xmlns:tasks="http://pear.php.net/dtd/tasks-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">
  <name>vtws</name>
  <channel>pecl.php.net</channel>
  <summary>Fast, safe Vtiger CRM webservice operations in C</summary>
  <description>vtws reads Vtiger language files without executing them, with PHP's exact semantics, and serves Vtiger's webservice operations (gettranslation) natively.</description>
  <lead>
    <name>vtws developers</name>
    <user>vtws</user>
    <email>vtws@example.invalid</email>
    <active>yes</active>
  </lead>
  <date>2026-11-27</date>
  <version>
    <release>$version</release>
    <api>$version</api>
  </version>
  <stability>
    <release>alpha</release>
    <api>alpha</api>
  </stability>
  <license uri="https://opensource.org/licenses/MIT">MIT</license>
  <notes>See CHANGELOG.md.</notes>
  <contents>
    <dir name="/">
$list    </dir>
  </contents>
  <dependencies>
    <required>
      <php>
        <min>7.4.0</min>
      </php>
      <pearinstaller>
        <min>1.10.0</min>
      </pearinstaller>
    </required>
  </dependencies>
  <providesextension>vtws</providesextension>
  <extsrcrelease>
    <configureoption name="enable-vtws" default="yes" prompt="Enable vtws support"/>
  </extsrcrelease>
</package>

XML;
if (($argv[1] ?? '') === '--check') {
    if ($leftovers) {
        fwrite(STDERR, 'build leftovers are tracked (git rm --cached them): ' . implode(' ', $leftovers) . "\n");
        echo "0 passed, 1 failed\n";
        exit(1);
    }
    $ok = is_file('package.xml') && file_get_contents('package.xml') === $xml;
    if (!$ok) {
        fwrite(STDERR, "package.xml is out of date with the tracked files or the version; run php scripts/package-xml.php\n");
        echo "0 passed, 1 failed\n";
        exit(1);
    }
    echo "package.xml lists all " . count($files) . " files at version $version\n1 passed, 0 failed\n";
    exit(0);
}
file_put_contents('package.xml', $xml);
echo "wrote package.xml (" . count($files) . " files, version $version)\n";
