<?php
/*
 * What the Vtws Settings page shows, gathered in this PHP (the one serving Vtiger): the
 * extension's status, every registered operation with doctor's verdict, the language files'
 * check, and Try it. Verdicts, Repair and Undo come from the command itself
 * (vtws-register.php doctor --json | --fix | --undo), run in a CLI PHP of this PHP's version
 * with this PHP's vtws extension: the command's children load handler files, which must never
 * happen inside a web worker. Every string here is plain text: the view escapes it.
 * Keeps to PHP 7.4.
 */
require_once dirname(__DIR__, 3) . '/Vtws/Library.php';

class Settings_Vtws_Health_Model
{
    /* ---- status ------------------------------------------------------------------------------------------------ */

    public static function native(): bool
    {
        return extension_loaded('vtws');
    }

    /* [label key => value], values plain text. */
    public static function status(): array
    {
        $root = Vtws_Library::root();
        $version = '?';
        if (is_file("$root/vtigerversion.php")) {
            $text = (string)@file_get_contents("$root/vtigerversion.php");
            if (preg_match('/\$vtiger_current_version\s*=\s*[\'"]([^\'"]*)[\'"]/', $text, $m)) {
                $version = $m[1];
            }
        }
        $s = [
            'LBL_SERVED_BY' => self::native() ? 'LBL_NATIVE' : 'LBL_FALLBACK',
            'LBL_VTWS_VERSION' => self::native() ? (string)phpversion('vtws') : '-',
            'LBL_PHP_VERSION' => PHP_VERSION,
            'LBL_SAPI' => PHP_SAPI,
            'LBL_VTIGER_VERSION' => $version,
        ];
        return $s;
    }

    /* Every vtws.* INI value as this PHP sees it: [name => value]. */
    public static function ini(): array
    {
        if (!self::native()) {
            return [];
        }
        $out = [];
        foreach ((array)ini_get_all('vtws', false) as $k => $v) {
            $out[$k] = is_bool($v) ? ($v ? '1' : '0') : (string)$v;
        }
        ksort($out);
        return $out;
    }

    /* The cache counters of this worker: [name => value]. */
    public static function cache(): array
    {
        if (!self::native() || !function_exists('Vtws\\cache_info')) {
            return [];
        }
        $out = [];
        foreach (Vtws\cache_info() as $k => $v) {
            if ($k === 'shared') {
                continue; /* its own table: shared() */
            }
            $out[$k] = is_array($v) ? (string)count($v) : (is_bool($v) ? ($v ? 'yes' : 'no') : (string)$v);
        }
        return $out;
    }

    /* The store shared by this user's PHP processes (cache_info()["shared"]), when the extension
     * has one: [key => value], plain text. status always; size, used, entries, hits, misses and
     * fallbacks (all processes) when a store exists for this user; process_fallbacks (this
     * worker) always. [] without the extension, or one that does not report it. */
    public static function shared(): array
    {
        if (!self::native() || !function_exists('Vtws\\cache_info')) {
            return [];
        }
        $sh = Vtws\cache_info()['shared'] ?? null;
        if (!is_array($sh) || !isset($sh['status'])) {
            return [];
        }
        $out = ['status' => self::clean((string)$sh['status'])];
        if (isset($sh['size'])) {
            $size = (int)$sh['size'];
            $used = (int)($sh['used'] ?? 0);
            $out['size'] = self::bytes($size);
            $out['used'] = self::bytes($used) . ($size > 0 ? sprintf(', %.1f%%', 100 * $used / $size) : '');
            foreach (['entries', 'hits', 'misses', 'fallbacks'] as $k) {
                $out[$k] = (string)(int)($sh[$k] ?? 0);
            }
        }
        $out['process_fallbacks'] = (string)(int)($sh['process_fallbacks'] ?? 0);
        return $out;
    }

    /* "67108864 bytes (64.0 MB)" */
    private static function bytes(int $n): string
    {
        return sprintf('%d bytes (%.1f MB)', $n, $n / 1048576);
    }

    /* In fallback: the command that installs the native module for this PHP. */
    public static function install_command(): string
    {
        $v = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
        $restart = PHP_SAPI === 'fpm-fcgi' ? "systemctl restart php$v-fpm" : 'systemctl restart apache2';
        if (is_file('/etc/debian_version')) {
            return "apt-get install ./php$v-vtws_*.deb ./php-vtws_*.deb && $restart";
        }
        return "pecl install vtws && echo extension=vtws > " . (string)php_ini_scanned_files() . " && $restart";
    }

    /* ---- the command ------------------------------------------------------------------------------------------- */

    /* Why the page cannot run the command here, or null. */
    public static function cannot_run(): ?string
    {
        $disabled = array_map('trim', explode(',', (string)ini_get('disable_functions')));
        if (!function_exists('proc_open') || in_array('proc_open', $disabled, true)) {
            return 'proc_open is disabled in this PHP (disable_functions): the page cannot run vtws-register, so it cannot judge operations, repair or undo. Run the command in a shell: php modules/Vtws/vtws-register.php doctor';
        }
        if (self::cli_php() === null) {
            return 'no CLI PHP ' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ' found in ' . PHP_BINDIR . ': the page cannot run vtws-register';
        }
        return null;
    }

    /* The CLI PHP of this PHP's version. */
    public static function cli_php(): ?string
    {
        if (PHP_SAPI === 'cli') {
            return PHP_BINARY;
        }
        foreach ([PHP_BINDIR . '/php' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, PHP_BINDIR . '/php'] as $php) {
            if (is_file($php) && is_executable($php)) {
                return $php;
            }
        }
        return null;
    }

    /* The vtws.so this PHP loaded (Linux: /proc/self/maps), for the CLI PHP to load too. */
    public static function extension_file(): ?string
    {
        if (!self::native()) {
            return null;
        }
        foreach (explode("\n", (string)@file_get_contents('/proc/self/maps')) as $line) {
            if (preg_match('~\s(/\S*/vtws\.so)$~', $line, $m)) {
                return $m[1];
            }
        }
        $f = rtrim((string)ini_get('extension_dir'), '/') . '/vtws.so';
        return is_file($f) ? $f : null;
    }

    /* vtws-register.php ARGS on this root: [stdout, stderr, exit code]. */
    public static function command(array $args): array
    {
        $root = Vtws_Library::root();
        $cmd = [self::cli_php(), '-d', 'display_errors=stderr', '-d', 'display_startup_errors=0'];
        $so = self::extension_file();
        if ($so !== null) {
            $cmd[] = '-d';
            $cmd[] = "extension=$so";
        }
        $cmd = array_merge($cmd, [Vtws_Library::dir() . '/vtws-register.php', '--vtiger-root', $root], $args);
        $err = tmpfile();
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => $err], $pipes, $root);
        if (!is_resource($p)) {
            return ['', 'cannot start ' . $cmd[0], 3];
        }
        $out = (string)stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        $rc = proc_close($p);
        rewind($err);
        $stderr = (string)stream_get_contents($err);
        fclose($err);
        /* a second "Module vtws already loaded" when the CLI PHP loads it too: not the command's */
        $stderr = preg_replace('/^.*Module "?vtws"? is already loaded.*\R?/mi', '', $stderr);
        return [$out, $stderr, $rc];
    }

    /* Doctor's verdicts: ['mode' => line, 'verdicts' => [...], 'error' => ?string]. */
    public static function operations(): array
    {
        Vtws_Library::load();
        $mode = dispatch_mode(Vtws_Library::root());
        $r = ['mode' => $mode['line'], 'verdicts' => [], 'error' => self::cannot_run()];
        if ($r['error'] !== null) {
            return $r;
        }
        [$out, $err, $rc] = self::command(['doctor', '--json']);
        $v = json_decode($out, true);
        if (!is_array($v)) {
            $r['error'] = 'vtws-register doctor failed: ' . self::clean(trim($err) !== '' ? $err : $out);
            return $r;
        }
        $r['verdicts'] = $v;
        return $r;
    }

    /* Repair (doctor --fix) or undo (doctor --undo): [ok, lines]. */
    public static function change(string $what): array
    {
        $why = self::cannot_run();
        if ($why !== null) {
            return ['ok' => false, 'lines' => [$why]];
        }
        [$out, $err, $rc] = self::command(['doctor', $what === 'repair' ? '--fix' : '--undo']);
        $lines = array_values(array_filter(explode("\n", self::clean($out . $err)), 'strlen'));
        return ['ok' => $rc === 0, 'lines' => $lines ?: ['exit code ' . $rc]];
    }

    /* Text for people without a path outside the root: the root's own prefix dropped, other absolute paths shortened. */
    public static function clean(string $s): string
    {
        $root = rtrim(Vtws_Library::root(), '/') . '/';
        $s = str_replace([$root, (string)realpath($root) . '/'], '', $s);
        $s = preg_replace('~(?<![\w.])/(?:[\w.+-]+/)+([\w.+-]+)~', '…/$1', $s);
        return preg_replace('/[^\P{C}\n\t]/u', '?', (string)$s) ?? '';
    }

    /* ---- languages --------------------------------------------------------------------------------------------- */

    /* ['languages' => [[prefix, label, files]], 'files' => n, 'problems' => [[file, line, column, severity, message]], 'errors', 'warnings'] */
    public static function languages(): array
    {
        $root = Vtws_Library::root();
        $r = ['languages' => [], 'files' => 0, 'problems' => [], 'errors' => 0, 'warnings' => 0, 'checked' => self::native()];
        $labels = [];
        if (class_exists('Vtiger_Language_Handler')) {
            try {
                $labels = (array)Vtiger_Language_Handler::getAllLanguages();
            } catch (Throwable $e) {
                $labels = [];
            }
        }
        foreach ((array)@scandir("$root/languages") as $prefix) {
            if (!is_string($prefix) || !preg_match('/^[A-Za-z]{2}_[A-Za-z]{2}$/', $prefix) || !is_dir("$root/languages/$prefix")) {
                continue;
            }
            $files = self::php_files("$root/languages/$prefix");
            $r['languages'][] = ['prefix' => $prefix, 'label' => (string)($labels[$prefix] ?? $prefix), 'files' => count($files)];
            $r['files'] += count($files);
            if (!self::native()) {
                continue;
            }
            foreach ($files as $f) {
                try {
                    $diags = Vtws\parse_language_file($f)['diagnostics'];
                } catch (Throwable $e) {
                    $diags = [['severity' => 'error', 'line' => 0, 'column' => 0, 'message' => $e->getMessage()]];
                }
                foreach ($diags as $d) {
                    $r[$d['severity'] === 'error' ? 'errors' : 'warnings']++;
                    $r['problems'][] = ['file' => substr($f, strlen($root) + 1), 'line' => (int)$d['line'], 'column' => (int)$d['column'],
                                        'severity' => (string)$d['severity'], 'message' => self::clean((string)$d['message'])];
                }
            }
        }
        return $r;
    }

    private static function php_files(string $dir): array
    {
        $out = [];
        foreach ((array)@scandir($dir) as $n) {
            if (!is_string($n) || $n === '.' || $n === '..' || is_link("$dir/$n")) {
                continue;
            }
            if (is_dir("$dir/$n")) {
                $out = array_merge($out, self::php_files("$dir/$n"));
            } elseif (substr($n, -4) === '.php') {
                $out[] = "$dir/$n";
            }
        }
        return $out;
    }

    /* ---- try it ------------------------------------------------------------------------------------------------ */

    /* gettranslation or exporttranslation computed here, as the dispatcher would call it: [answer JSON, ms, error]. */
    public static function try_it(string $operation, string $labels, string $module, string $language, $user): array
    {
        if (!function_exists('vtws_gettranslation')) {
            /* without the extension: the handler file's fallback, from the module's copy */
            require_once Vtws_Library::dir() . '/include/Webservices/GetTranslation.php';
        }
        $t = hrtime(true);
        try {
            if ($operation === 'exporttranslation') {
                $answer = vtws_exporttranslation($language, $module, 'languageStrings', '', $user);
            } else {
                $list = json_decode($labels, true);
                if (!is_array($list)) {
                    $list = array_values(array_filter(array_map('trim', preg_split('/[\n,]/', $labels)), 'strlen'));
                }
                $answer = vtws_gettranslation($list, $language, $module, $user);
            }
            $json = json_encode(['success' => true, 'result' => $answer], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
            $error = null;
        } catch (Throwable $e) {
            $code = property_exists($e, 'code') && is_string($e->code) ? $e->code : (property_exists($e, 'errorCode') ? (string)$e->errorCode : get_class($e));
            $json = json_encode(['success' => false, 'error' => ['code' => $code, 'message' => self::clean($e->getMessage())]], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
            $error = $code;
        }
        $ms = (hrtime(true) - $t) / 1e6;
        if ($operation === 'exporttranslation' && strlen((string)$json) > 20000) {
            $json = substr((string)$json, 0, 20000) . ' …';
        }
        return ['json' => (string)$json, 'ms' => $ms, 'error' => $error];
    }
}
