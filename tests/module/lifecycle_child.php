<?php
/*
 * One step of the Vtws module's life, as Vtiger's Vtiger_Module::fireEvent() takes it: include
 * ROOT/modules/Vtws/Vtws.php, make a new Vtws, call vtlib_handler('Vtws', EVENT). Vtiger's
 * PearDatabase is stood in for by the few calls the module makes (pquery, num_rows,
 * query_result, getUniqueID), over mysqli on the same database.
 *   php lifecycle_child.php ROOT SOCKET DB EVENT
 */
[, $root, $socket, $dbName, $event] = $argv;

final class PearDatabase
{
    private static $me;
    public $db;

    public static function getInstance(): self
    {
        return self::$me;
    }

    public static function open(string $socket, string $name): void
    {
        self::$me = new self();
        mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
        self::$me->db = new mysqli('localhost', 'vtws', 'secret', $name, 0, $socket);
    }

    public function pquery($sql, $params = [])
    {
        $st = $this->db->prepare($sql);
        if ($params) {
            $st->bind_param(str_repeat('s', count($params)), ...array_map('strval', $params));
        }
        $st->execute();
        $r = $st->get_result();
        return $r === false ? true : $r->fetch_all(MYSQLI_ASSOC);
    }

    public function num_rows($r)
    {
        return is_array($r) ? count($r) : 0;
    }

    public function query_result($r, $row, $col)
    {
        return $r[$row][$col] ?? null;
    }

    public function getUniqueID($table)
    {
        $this->db->query("UPDATE {$table}_seq SET id=LAST_INSERT_ID(id+1)");
        return (int)$this->db->query('SELECT LAST_INSERT_ID()')->fetch_row()[0];
    }
}

PearDatabase::open($socket, $dbName);
chdir($root);
require "$root/modules/Vtws/Vtws.php";
(new Vtws())->vtlib_handler('Vtws', $event);
