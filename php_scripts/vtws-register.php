#!/usr/bin/env php
<?php
/*
 * vtws-register — register Vtiger webservice operations safely, any number of times.
 *
 *   php vtws-register.php sync    [--manifest FILE] [--dry-run]   register vtws's operations (and yours)
 *   php vtws-register.php list                                     every registered operation, with a verdict
 *   php vtws-register.php remove  NAME... [--dry-run]              unregister operations
 *   php vtws-register.php doctor  [--json] [--fix | --undo]        check every registered operation
 *
 * Options: --vtiger-root DIR (default: the current directory); --as-php 7.4 judges for the
 * PHP that serves Vtiger when it is not the one running this; database settings
 * from DIR/config.inc.php ($dbconfig), overridden by --db-host, --db-port,
 * --db-socket, --db-user, --db-name, --db-password-file FILE (the password is
 * never taken on the command line; env VTWS_DB_PASSWORD also works).
 *
 * Run it as the site's user, the owner of config.inc.php and of the root folder
 * (the user the web server runs Vtiger as), for example:
 *   runuser -u www-data -- php vtws-register.php sync
 * Run as root, it becomes that user for good before it opens any file of the site,
 * so Vtiger's code and the files it writes are never root's. --no-switch refuses
 * instead and prints the command to run; --allow-root keeps root (with a warning);
 * --user NAME names the site's user when config.inc.php and the root folder do not
 * both belong to one user other than root. Anyone else is refused.
 *
 * Exit codes: 0 done (doctor: every operation will work), 1 doctor found an
 * operation that will fail, 2 usage, 3 environment (database, lock, files),
 * 4 invalid definitions (manifest), 5 refused for the user running it (not the
 * site's owner, root with --no-switch, or no owner to run as);
 * 6 the database node was lost mid-run (MariaDB Galera:
 * run the same command against a node that is up; see docs/galera.md).
 *
 * Needs the vtws extension (its rules: validation, plan, signature check) and mysqli.
 */

final class UsageError extends Exception {}
final class EnvError extends Exception {}
final class DefinitionError extends Exception {}

const TABLES = ['vtiger_ws_operation', 'vtiger_ws_operation_parameters', 'vtiger_ws_operation_seq'];
const FIX_DIR = 'include/Webservices/vtws-fix';
const SHIM_MARK = '@vtws-handler';

define('VTWS_REGISTER_MAIN', __FILE__);
foreach (['text', 'options', 'privileges', 'database', 'definitions', 'files', 'diagnosis', 'codegen', 'fix', 'cluster', 'commands'] as $part) {
    require __DIR__ . "/register/$part.php";
}

function main(array $argv): int
{
    try {
        $o = parse_args($argv);
        if ($o['command'] === 'help') {
            fwrite(STDOUT, usage());
            return 0;
        }
        become_site_owner($o); /* before any file of the site is opened */
        if (!extension_loaded('vtws') && !in_array($o['command'], ['list', 'doctor'], true) || ($o['fix'] || $o['undo']) && !extension_loaded('vtws')) {
            throw new EnvError('the vtws extension is not loaded in this PHP (php --ri vtws)');
        }
        if (!is_dir($o['root'])) {
            throw new EnvError("{$o['root']} is not a directory");
        }
        switch ($o['command']) {
            case 'sync': return cmd_sync($o);
            case 'remove': return cmd_remove($o);
            case 'list': return cmd_list($o);
            default: return cmd_doctor($o);
        }
    } catch (UserError $e) {
        say_error($e->getMessage());
        return 5;
    } catch (UsageError $e) {
        say_error($e->getMessage() . ' (' . self_command() . ' --help)');
        return 2;
    } catch (DefinitionError $e) {
        say_error($e->getMessage());
        return 4;
    } catch (EnvError $e) {
        say_error($e->getMessage());
        return 3;
    } catch (NodeLost $e) {
        say_error($e->getMessage());
        return NODE_LOST;
    } catch (mysqli_sql_exception $e) {
        $lost = node_lost($e);
        if ($lost !== null) {
            say_error($lost->getMessage());
            return NODE_LOST;
        }
        say_error("database error: {$e->getMessage()} (nothing was changed)");
        return 3;
    } catch (Vtws\Exception $e) {
        say_error("{$e->errorCode}: {$e->getMessage()} (nothing was changed)");
        return 3;
    }
}

/* A command, never a page: copied into a Vtiger root, this file can be requested over HTTP, where
 * register_argc_argv = On would turn the query string into $argv. */
if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit(1);
}
exit(main($argv));
