<?php
/*
 * vtws-register: MariaDB Galera — one database shared by several web nodes, each with its own
 * copy of the Vtiger root. Loaded by vtws-register.php; keeps to PHP 7.4, for Vtiger 7 sites.
 *
 * On a plain server nothing here changes what vtws-register does. On Galera (wsrep_on):
 *  - reads see the cluster's latest commits (SET SESSION wsrep_sync_wait=1);
 *  - GET_LOCK() holds on one node only, so it is only a queue for the commands on this node
 *    (they wait for each other instead of being refused); across nodes, every transaction of
 *    vtws-register first writes the sequence row (id+1, then id-1: its value is unchanged), so
 *    any two of them that overlap conflict at certification and one gets 1213;
 *  - such a transaction decides what to write from rows it reads after that write, and is
 *    retried from the start, a bounded number of times with backoff, when the cluster refuses
 *    it (1213 certification conflict, 1205 lock wait timeout, 1180 error during COMMIT);
 *  - losing the node mid-run ends the command with one line and exit code 6 (NODE_LOST).
 */

const NODE_LOST = 6;
const CLUSTER_ATTEMPTS = 8;
const CLUSTER_RETRY = [1213, 1205, 1180];
const CLUSTER_LOST = [2006, 2013, 1047, 1053, 4031, 2055];

/* A run that lost its database node (the node crashed, or left the cluster's primary component). */
final class NodeLost extends Exception
{
    /* lost at COMMIT: the cluster may hold the transaction, so what it points at must stay */
    public bool $atCommit = false;
}

/*
 * The Galera cluster $db talks to, or null on a plain server: [cluster, size, node, state,
 * ready]. The first call for a connection also makes its reads causal.
 */
function galera(mysqli $db): ?array
{
    static $seen = [];
    $key = spl_object_id($db);
    if (!array_key_exists($key, $seen)) {
        $on = $db->query("SHOW VARIABLES LIKE 'wsrep_on'")->fetch_row();
        $seen[$key] = null;
        if ($on && strcasecmp((string)$on[1], 'ON') === 0) {
            $db->query('SET SESSION wsrep_sync_wait=1');
            $GLOBALS['vtws_galera'] = true;
            /* a node that goes away also makes mysqlnd warn; the one line of NODE_LOST says it */
            set_error_handler(function ($no, $message) {
                return strpos($message, 'mysqli') !== false || strpos($message, 'Error while') !== false;
            }, E_WARNING | E_NOTICE);
        }
        if ($on && strcasecmp((string)$on[1], 'ON') === 0) {
            $status = [];
            foreach ($db->query("SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_ready')")
                     ->fetch_all() as [$k, $v]) {
                $status[$k] = $v;
            }
            $vars = [];
            foreach ($db->query("SHOW VARIABLES WHERE Variable_name IN ('wsrep_cluster_name', 'wsrep_node_name')")->fetch_all() as [$k, $v]) {
                $vars[$k] = $v;
            }
            $seen[$key] = ['cluster' => $vars['wsrep_cluster_name'] ?? '?', 'node' => $vars['wsrep_node_name'] ?? '?',
                           'size' => (int)($status['wsrep_cluster_size'] ?? 0), 'state' => $status['wsrep_local_state_comment'] ?? '?',
                           'ready' => ($status['wsrep_ready'] ?? '') === 'ON'];
        }
    }
    return $seen[$key];
}

/* doctor's line about the cluster. */
function galera_line(array $g): string
{
    return "MariaDB Galera cluster {$g['cluster']}: {$g['size']} node" . ($g['size'] === 1 ? '' : 's')
        . "; this node ({$g['node']}) is {$g['state']}" . ($g['ready'] ? '' : ', NOT ready (wsrep_ready=OFF)')
        . '. The rows are shared by every web node; handler files are not: run doctor on each web node.';
}

/*
 * $body() in one transaction that conflicts with every other vtws-register transaction in the
 * cluster (see above), retried from the start when the cluster refuses it; returns what
 * $body returns. $body must read what it decides on itself, inside the transaction.
 */
function cluster_transaction(mysqli $db, callable $body)
{
    for ($attempt = 1; ; $attempt++) {
        $atCommit = false;
        try {
            $db->begin_transaction();
            $db->query('UPDATE vtiger_ws_operation_seq SET id=id+1');
            $db->query('UPDATE vtiger_ws_operation_seq SET id=id-1');
            $result = $body();
            $atCommit = true;
            $db->commit();
            return $result;
        } catch (mysqli_sql_exception $e) {
            try {
                $db->rollback();
            } catch (Throwable $ignored) {
                /* the connection is gone: the server has rolled back already */
            }
            $lost = node_lost($e, $atCommit);
            if ($lost !== null) {
                throw $lost;
            }
            if (!in_array($e->getCode(), CLUSTER_RETRY, true)) {
                throw $e;
            }
            if ($attempt >= CLUSTER_ATTEMPTS) {
                throw new EnvError("the cluster refused this transaction $attempt times ({$e->getCode()}: another web node kept changing"
                    . ' these rows): nothing was changed; run the command again');
            }
            $ms = (int)(min(1600, 40 << ($attempt - 1)) * (0.5 + mt_rand() / mt_getrandmax()));
            out(sprintf('retry %d/%d: the cluster refused the transaction (%d %s), so nothing of it was kept; reading the rows again in %d ms',
                $attempt, CLUSTER_ATTEMPTS - 1, $e->getCode(), $e->getCode() === 1213 ? 'certification conflict with another node'
                : ($e->getCode() === 1205 ? 'lock wait timeout' : 'error during COMMIT'), $ms));
            usleep($ms * 1000);
        }
    }
}

/* The NodeLost for $e when it says the database node went away (on Galera only), else null. */
function node_lost(mysqli_sql_exception $e, bool $atCommit = false): ?NodeLost
{
    /* 1047 (WSREP not ready: a node out of the primary component, or still joining) is Galera's own */
    if (!in_array($e->getCode(), CLUSTER_LOST, true) || (empty($GLOBALS['vtws_galera']) && $e->getCode() !== 1047)) {
        return null;
    }
    $what = $atCommit
        ? 'at COMMIT: the other nodes have all of this transaction or none of it'
        : 'mid-run: this transaction was not committed, nothing of it was kept';
    $lost = new NodeLost("lost the database node {$what} ({$e->getCode()}: {$e->getMessage()});"
        . ' run the same command against a node that is up (exit ' . NODE_LOST . ')');
    $lost->atCommit = $atCommit;
    return $lost;
}

/*
 * Why a file of vtws's missing on this web node is this node's problem (several web nodes
 * share one database: over Galera, or over one server), and what fixes it; '' for files vtws
 * did not write.
 */
function node_file_hint(string $root, array $op, bool $missing): string
{
    $cmd = self_command();
    foreach (Vtws\operations() as $own) {
        if ($own['handler_path'] === $op['handler_path'] && strcasecmp($own['name'], $op['name']) === 0) {
            return $missing
                ? " in this web node's root (the rows are shared by every web node, the files are not): run `$cmd sync` on this node"
                : '';
        }
    }
    if (strncmp($op['handler_path'], FIX_DIR . '/', strlen(FIX_DIR) + 1) === 0 && $missing) {
        return " in this web node's root: doctor --fix wrote it on another web node; copy " . FIX_DIR
            . '/ (its wrappers and manifest.json) from that node into this root';
    }
    return '';
}

/* A handler file vtws installed on this node that is not the one this vtws-register ships. */
function stale_vtws_file(string $root, array $op): ?string
{
    $src = @file_get_contents(shim_source($op));
    $have = @file_get_contents("$root/{$op['handler_path']}");
    if ($src === false || $have === false || $src === $have) {
        return null;
    }
    return "this web node's {$op['handler_path']} is not the one this vtws-register ships (an older copy?): run `"
        . self_command() . ' sync` on this node';
}

/*
 * doctor --fix on Galera, inside its transaction: the rows of $fixed that are still as they were
 * diagnosed (handler and parameters), so still the wrapper's to point at. A row another web node
 * already pointed at the same wrapper needs nothing; one it changed otherwise is left alone.
 */
function still_as_diagnosed(mysqli $db, array $fixed): array
{
    $now = array_column(stored_operations($db), null, 'operationid');
    $keep = [];
    foreach ($fixed as $op) {
        $row = $now[$op['operationid']] ?? null;
        $same = fn (array $a, array $b) => [$a['handler_path'], $a['handler_method'], $a['parameters']]
            === [$b['handler_path'], $b['handler_method'], $b['parameters']];
        if ($row !== null && $same($row, $op)) {
            $keep[] = $op;
        } elseif ($row === null || !$same($row, rewired($op))) {
            out("not fixed {$op['name']}: another web node changed its row meanwhile (its wrapper stays unused; run doctor again)");
        }
    }
    return $keep;
}
