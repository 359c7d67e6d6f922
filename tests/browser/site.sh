#!/bin/sh
# A private copy of a real Vtiger 8.3 site for the browser suite, with its own MariaDB (TCP,
# 127.0.0.1:$DBPORT), php-fpm (the vtws extension loaded) and nginx (127.0.0.1:$HTTPPORT).
# The site it copies is never changed.
#   tests/browser/site.sh start|stop|url|root|fpm plain|vtws|noproc
# The site: VTWS_VTIGER_SITE (default /srv/vtiger83), a folder laid out as that one is:
#   snapshots/pristine/{db.sql.gz,root.tar.gz}   the database dump and the root, taken together
#   tools/credentials.json                        {"admin": {username, password, accesskey}, "user": {... a non-admin}}
# The copy lives in _build/browser-site/ (root owned by www-data, as Vtiger wants).
set -eu
cd "$(dirname "$0")/../.."
TOP=$(pwd)
SITE=${VTWS_VTIGER_SITE:-/srv/vtiger83}
W=$TOP/_build/browser-site
DBPORT=${VTWS_BROWSER_DBPORT:-3385}
HTTPPORT=${VTWS_BROWSER_PORT:-8385}
URL=http://127.0.0.1:$HTTPPORT/
PHPV=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
myroot() { mariadb --no-defaults --socket="$W/mysqld.sock" -uroot "$@"; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
    for p in nginx php-fpm mariadbd; do
        if alive "$W/run/$p.pid"; then
            pid=$(cat "$W/run/$p.pid")
            kill "$pid" 2>/dev/null || true
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        fi
    done
}

# php-fpm again, with (vtws) or without (plain) the extension, or with it and proc_open disabled (noproc)
fpm() {
    if alive "$W/run/php-fpm.pid"; then
        pid=$(cat "$W/run/php-fpm.pid"); kill "$pid"
        i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    fi
    sed -i '/^php_admin_value\[disable_functions\]/d' "$W/php-fpm.conf"
    [ "$1" != noproc ] || echo 'php_admin_value[disable_functions] = proc_open' >>"$W/php-fpm.conf"
    if [ "$1" = plain ]; then
        sed -i 's|^php_admin_value\[extension\]|;php_admin_value[extension]|' "$W/php-fpm.conf"
    else
        sed -i 's|^;php_admin_value\[extension\]|php_admin_value[extension]|' "$W/php-fpm.conf"
    fi
    "/usr/sbin/php-fpm$PHPV" -y "$W/php-fpm.conf"
    i=0; until [ -S "$W/run/php-fpm.sock" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

case "${1:-}" in
url) echo "$URL"; exit 0 ;;
fpm) fpm "${2:-vtws}"; exit 0 ;;
root) echo "$W/root"; exit 0 ;;
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop|url|root|fpm plain|vtws" >&2; exit 2 ;;
esac

[ -s "$SITE/snapshots/pristine/db.sql.gz" ] && [ -s "$SITE/snapshots/pristine/root.tar.gz" ] ||
    { echo "site.sh: $SITE has no snapshots/pristine/{db.sql.gz,root.tar.gz}" >&2; exit 3; }
stop
rm -rf "$W"
mkdir -p "$W/run/nginx" "$W/logs" "$W/root" "$W/ext"
chmod 755 "$W" "$W/run" "$W/logs"
chgrp mysql "$W" "$W/run" "$W/logs" 2>/dev/null || true
chmod 775 "$W" "$W/run" "$W/logs"

# the root, as the snapshot has it, then pointed at this copy's URL, database and folder
tar -C "$W/root" -xpzf "$SITE/snapshots/pristine/root.tar.gz" --numeric-owner --strip-components=1
chown -R www-data:www-data "$W/root"
C=$W/root/config.inc.php
sed -i -e "s#^\$site_URL = .*#\$site_URL = '$URL';#" \
       -e "s#^\$dbconfig\['db_server'\] = .*#\$dbconfig['db_server'] = '127.0.0.1';#" \
       -e "s#^\$dbconfig\['db_port'\] = .*#\$dbconfig['db_port'] = ':$DBPORT';#" \
       -e "s#^\$root_directory = .*#\$root_directory = '$W/root/';#" "$C"
rm -rf "$W/root/test/templates_c/v7/"*
DBNAME=$(sed -n "s/^\$dbconfig\['db_name'\] = '\(.*\)';/\1/p" "$C")
DBUSER=$(sed -n "s/^\$dbconfig\['db_username'\] = '\(.*\)';/\1/p" "$C")
DBPASS=$(sed -n "s/^\$dbconfig\['db_password'\] = '\(.*\)';/\1/p" "$C")

# MariaDB: a fresh data folder, the dump loaded
mkdir -p "$W/mysql"
chown mysql:mysql "$W/mysql"
mariadb-install-db --no-defaults --datadir="$W/mysql" --user=mysql --auth-root-authentication-method=socket >"$W/logs/install-db.log" 2>&1
setsid mariadbd --no-defaults --datadir="$W/mysql" --socket="$W/mysqld.sock" --port="$DBPORT" --bind-address=127.0.0.1 \
    --user=mysql --pid-file="$W/run/mariadbd.pid" --log-error="$W/logs/mariadb.err" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=64M >/dev/null 2>&1 &
i=0
until myroot -e 'SELECT 1' >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 150 ] || { tail -n 20 "$W/logs/mariadb.err" >&2; exit 1; }; sleep 0.2
done
myroot -e "CREATE DATABASE \`$DBNAME\` CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
  CREATE USER '$DBUSER'@'127.0.0.1' IDENTIFIED BY '$DBPASS'; GRANT ALL ON \`$DBNAME\`.* TO '$DBUSER'@'127.0.0.1';"
gunzip -c "$SITE/snapshots/pristine/db.sql.gz" | myroot "$DBNAME"

# php-fpm with this tree's vtws extension (a copy the web user can read), nginx in front
cp "$TOP/modules/vtws.so" "$W/ext/vtws.so"
chmod 644 "$W/ext/vtws.so"
# the shared store of this copy's workers in a folder of its own (not the machine's /dev/shm)
mkdir -p "$W/shm"
chown www-data:www-data "$W/shm"
chmod 700 "$W/shm"
cat >"$W/php-fpm.conf" <<EOF
[global]
pid = $W/run/php-fpm.pid
error_log = $W/logs/php-fpm.log
daemonize = yes
[vtws-browser]
user = www-data
group = www-data
listen = $W/run/php-fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 3
chdir = $W/root
catch_workers_output = yes
php_admin_value[extension] = $W/ext/vtws.so
php_admin_value[vtws.shm_dir] = $W/shm
php_admin_value[error_log] = $W/logs/php-error.log
php_admin_flag[log_errors] = on
EOF
cat >"$W/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $W/run/nginx.pid;
error_log $W/logs/nginx-error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log $W/logs/nginx-access.log;
    client_body_temp_path $W/run/nginx/body;
    fastcgi_temp_path $W/run/nginx/fastcgi;
    proxy_temp_path $W/run/nginx/proxy;
    scgi_temp_path $W/run/nginx/scgi;
    uwsgi_temp_path $W/run/nginx/uwsgi;
    client_max_body_size 32m;
    server {
        listen 127.0.0.1:$HTTPPORT;
        root $W/root;
        index index.php;
        location / { try_files \$uri \$uri/ =404; }
        location ~ \.php\$ {
            try_files \$uri =404;
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_HOST \$http_host;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_read_timeout 600;
            fastcgi_pass unix:$W/run/php-fpm.sock;
        }
    }
}
EOF
"/usr/sbin/php-fpm$PHPV" -y "$W/php-fpm.conf"
/usr/sbin/nginx -c "$W/nginx.conf" -e "$W/logs/nginx-error.log"
i=0
until curl -s -o /dev/null "${URL}index.php?module=Users&view=Login"; do
    i=$((i + 1)); [ $i -lt 50 ] || { echo "site.sh: $URL does not answer" >&2; exit 1; }; sleep 0.2
done
echo "$URL"
