// The Vtws module in a real browser (Debian's Chromium, headless, through playwright-core) on a
// real Vtiger 8.3 site started by tests/browser/site.sh. Run by tests/browser/run.sh:
//   node suite.mjs URL ROOT DBSOCKET DBNAME ZIP NEWERZIP CREDENTIALS.json SHOTS_DIR VTWS_SO
// Prints "browser: N passed, N failed"; screenshots go to SHOTS_DIR.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(process.env.VTWS_PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [URL, ROOT, SOCK, DBNAME, ZIP, NEWER, CREDS, SHOTS, SO] = process.argv.slice(2);
const raw = JSON.parse(fs.readFileSync(CREDS, 'utf8'));
const who = (c) => ({ user: c.username, password: c.password, accesskey: c.accesskey });
const creds = { admin: who(raw.admin), tester: who(raw.user || raw.tester) };
let passed = 0, failed = 0;
function check(ok, what, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what}\n    ${String(detail).slice(0, 1500).replace(/\n/g, '\n    ')}`); }
  return ok;
}
const sql = (q) => execFileSync('mariadb', ['--no-defaults', `--socket=${SOCK}`, '-uroot', '-N', '-B', DBNAME, '-e', q], { encoding: 'utf8' });
const wsTables = () => sql('SELECT * FROM vtiger_ws_operation ORDER BY operationid; SELECT * FROM vtiger_ws_operation_parameters ORDER BY operationid, sequence, name;');
const SKIP = /^(test|cache|logs|storage|user_privileges)\/|^(tabdata|parent_tabdata|config\.csrf-secret)\.php$/;
function tree(dir, base = dir, out = {}) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name), rel = path.relative(base, p);
    if (SKIP.test(rel) || SKIP.test(rel + '/')) continue;
    if (e.isDirectory()) tree(p, base, out);
    else if (e.isFile()) out[rel] = createHash('md5').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}
const md5 = (s) => createHash('md5').update(s).digest('hex');

// ---- the webservice, as a client sees it ----
async function wsLogin(who) {
  const ws = URL + 'webservice.php';
  const c = await (await fetch(`${ws}?operation=getchallenge&username=${who.user}`)).json();
  const l = await (await fetch(ws, { method: 'POST', body: new URLSearchParams({ operation: 'login', username: who.user, accessKey: md5(c.result.token + who.accesskey) }) })).json();
  return l.result.sessionName;
}
async function ws(session, params) {
  const r = await fetch(URL + 'webservice.php', { method: 'POST', body: new URLSearchParams({ sessionName: session, ...params }) });
  return { status: r.status, body: await r.text() };
}
const TUTORIAL = { operation: 'gettranslation', totranslate: '["SINGLE_Contacts","Contacts"]', language: 'ru_ru', module: 'Contacts' };
const TUTORIAL_ANSWER = '{"success":true,"result":{"SINGLE_Contacts":"Контакт","Contacts":"Контакты"}}';
const STOCK_FAILING = ['changePassword', 'convertlead', 'deleteUser', 'files_retrieve', 'logout', 'retrieve_inventory', 'sync', 'wsapp_register'];

// ---- the browser ----
const browser = await chromium.launch({ executablePath: process.env.VTWS_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
async function login(who) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(URL + 'index.php?module=Users&view=Login');
  await page.fill('#username', who.user);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForNavigation({ timeout: 60000 }), page.click('button[type=submit], input[type=submit]')]);
  await page.waitForLoadState('networkidle', { timeout: 60000 }).catch(() => {});
  return page;
}
const PAGE = URL + 'index.php?module=Vtws&parent=Settings&view=Index';
async function settings(page) {
  for (let i = 0; ; i++) { // a navigation the previous page's script started may abort the first try
    try { await page.goto(PAGE, { timeout: 120000 }); return page; } catch (e) { if (i >= 2) throw e; await page.waitForTimeout(1500); }
  }
}
async function importZip(page, zip, shot) {
  await page.goto(URL + 'index.php?module=ModuleManager&parent=Settings&view=ModuleImport&mode=importUserModuleStep1');
  await page.check('input[name=acceptDisclaimer]');
  await page.setInputFiles('#moduleZip', zip);
  await Promise.all([page.waitForNavigation({ timeout: 60000 }), page.click('button[name=importFromZip]')]);
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}-step2.png`, fullPage: true });
  const accept = page.locator('input[type=checkbox]:visible').first();
  if (await accept.count()) await accept.check();
  const button = await page.$('button[name=importButton], button[name=saveButton], .importModule, #importModule, button:has-text("Import Now"), button:has-text("Update Now")');
  if (!button) return 'no Import/Update button on step 2: ' + (await page.innerText('body')).slice(0, 800);
  await button.click();
  await page.waitForTimeout(2000);
  await page.waitForLoadState('networkidle', { timeout: 120000 }).catch(() => {});
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}-done.png`, fullPage: true });
  return (await page.innerText('body')).slice(0, 2000);
}

const before = wsTables();
const treeBefore = tree(ROOT);
const admin = await login(creds.admin);
check(/Dashboard|Home/.test(await admin.title()), 'admin logs in (Dashboard)', await admin.title());

// 1. Module Manager > Import Module with the built zip
const imported = await importZip(admin, ZIP, 'import');
const tab = sql("SELECT name, presence, isentitytype, version FROM vtiger_tab WHERE name='Vtws'").trim();
check(/^Vtws\t0\t0\t/.test(tab), 'Module Manager imports the zip: Vtws is installed, enabled, an extension', tab + '\n' + imported);

// 2. the tutorial's request answers exactly
let session = await wsLogin(creds.admin);
let r = await ws(session, TUTORIAL);
check(r.status === 200 && r.body === TUTORIAL_ANSWER, "the tutorial's gettranslation request answers exactly", `${r.status} ${r.body}`);

// 3. the page: native, the 8 failing stock operations, with reasons
await settings(admin);
const status = await admin.innerText('#vtws-status');
check(/served by\s+the native vtws extension/.test(status) && status.includes('fpm-fcgi'), 'the page says the native extension serves (SAPI fpm-fcgi)', status);
// the shared store of the pool's workers: its status and numbers (the tutorial request published tables)
const shared = await admin.$$eval('#vtws-shared tr', (rows) => Object.fromEntries(rows.map((tr) => [tr.dataset.key, tr.cells[1].textContent])));
check(JSON.stringify(Object.keys(shared)) === JSON.stringify(['status', 'size', 'used', 'entries', 'hits', 'misses', 'fallbacks', 'process_fallbacks'])
  && /^on( \(opened at the first translation of a request\))?$/.test(shared.status) && /^67108864 bytes \(64\.0 MB\)$/.test(shared.size) && /^[1-9]\d* bytes/.test(shared.used)
  && Number(shared.entries) > 0 && Number(shared.misses) > 0 && shared.fallbacks === '0',
  "the page shows the shared store: on, size, used, entries, hits, misses, fallbacks", JSON.stringify(shared));
await admin.screenshot({ path: `${SHOTS}/vtws-settings.png`, fullPage: true });
await admin.screenshot({ path: `${SHOTS}/vtws-settings-top.png` }); // the one in docs/vtiger-module.md
const verdicts = await admin.$$eval('#vtws-operations-table tr.vtws-op', (rows) => rows.map((tr) => [tr.dataset.operation, tr.querySelector('.label').textContent, tr.cells[3].innerText]));
const fails = verdicts.filter((v) => v[1] === 'FAILS').map((v) => v[0]).sort();
check(JSON.stringify(fails) === JSON.stringify(STOCK_FAILING), 'the 8 failing stock operations are FAILS', JSON.stringify(fails));
check(verdicts.filter((v) => v[1] === 'FAILS').every((v) => v[2].trim().length > 10), 'each with its reason', JSON.stringify(verdicts.filter((v) => v[1] === 'FAILS')));
check(verdicts.filter((v) => ['gettranslation', 'exporttranslation', 'listlanguages'].includes(v[0]) && v[1] === 'ok').length === 3, "vtws's three operations ok");

// 4. Repair, then a real HTTP call of a repaired operation (logout), Undo
r = await ws(session, { operation: 'logout' });
check(r.status === 500, 'before Repair: logout answers HTTP 500 (unknown named parameter)', `${r.status} ${r.body}`);
await Promise.all([admin.waitForNavigation({ timeout: 180000 }), admin.click('#vtws-repair')]);
let result = await admin.innerText('#vtws-action-result').catch(() => '');
check(/fix logout/.test(result), 'Repair: doctor --fix wrapped logout (and the page shows verdicts again)', result);
const afterRepair = await admin.$$eval('#vtws-operations-table tr.vtws-op .label', (l) => l.filter((x) => x.textContent === 'FAILS').length);
check(afterRepair === 3, 'after Repair 3 operations still fail (no wrapper fixes them)', String(afterRepair));
await admin.screenshot({ path: `${SHOTS}/vtws-repaired.png`, fullPage: true });
session = await wsLogin(creds.admin);
r = await ws(session, { operation: 'logout' });
check(r.status === 200 && /"success":true/.test(r.body), 'a real HTTP call of the repaired logout succeeds', `${r.status} ${r.body}`);
await Promise.all([admin.waitForNavigation({ timeout: 180000 }), admin.click('#vtws-undo')]);
result = await admin.innerText('#vtws-action-result').catch(() => '');
const afterUndo = await admin.$$eval('#vtws-operations-table tr.vtws-op .label', (l) => l.filter((x) => x.textContent === 'FAILS').length);
check(/undo logout/.test(result) && afterUndo === 8, 'Undo: the rows back, 8 fail again', result);

// 5. the language check, Try it
const langs = await admin.innerText('#vtws-lang-counts');
check(/\d+ language files checked: \d+ errors, \d+ warnings/.test(langs), 'Languages: every file checked, with counts', langs);
const problems = await admin.$$eval('#vtws-lang-problems tr', (t) => t.length).catch(() => 0);
check(problems > 1, 'Languages: file, line, column, message of each problem', String(problems));
await admin.fill('#vtws-try-labels', '["SINGLE_Contacts","Contacts"]');
await admin.fill('#vtws-try-module', 'Contacts');
await admin.fill('#vtws-try-language', 'ru_ru');
await Promise.all([admin.waitForNavigation({ timeout: 180000 }), admin.click('#vtws-try-submit')]);
const answer = await admin.innerText('#vtws-try-answer').catch(() => '');
const ms = await admin.innerText('#vtws-try-ms').catch(() => '');
check(answer === TUTORIAL_ANSWER && /^\d+\.\d{3}$/.test(ms), 'Try it: the answer and its time, computed in-process', `${answer} ${ms}`);

// 6. a hostile operation row is text
const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
sql(`UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1); INSERT INTO vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin) VALUES (LAST_INSERT_ID(), '${hostile}', 'include/Webservices/x.php\\"><script>alert(3)</script>', 'x', 'GET', 0);`);
admin.dialogs.length = 0;
await settings(admin);
const names = await admin.$$eval('#vtws-operations-table tr.vtws-op td:nth-child(2)', (t) => t.map((x) => x.textContent));
const scripts = await admin.$$eval('#vtws-operations-table script, #vtws-operations-table img', (t) => t.length);
check(names.includes(hostile) && scripts === 0 && admin.dialogs.length === 0, 'a hostile operation row is shown as text: no element, no dialog', JSON.stringify({ names: names.slice(-2), scripts, dialogs: admin.dialogs }));
sql(`DELETE FROM vtiger_ws_operation WHERE name='${hostile}'`);

// 7. an action POSTed without the token is refused, nothing changed
const tablesNow = wsTables();
const noToken = await admin.evaluate(async () => (await fetch('index.php', { method: 'POST', body: new URLSearchParams({ module: 'Vtws', parent: 'Settings', action: 'Operations', mode: 'repair' }) })).text());
check(/Invalid request/.test(noToken) && wsTables() === tablesNow && !fs.existsSync(`${ROOT}/include/Webservices/vtws-fix`), 'Repair POSTed without the CSRF token: refused, nothing changed', noToken.slice(0, 300));
const viaGet = await admin.evaluate(async () => (await fetch('index.php?module=Vtws&parent=Settings&action=Operations&mode=repair')).text());
check(wsTables() === tablesNow && !fs.existsSync(`${ROOT}/include/Webservices/vtws-fix`), 'Repair by GET: nothing changed', viaGet.slice(0, 300));

// 8. a non-admin is denied: the page and every action
const tester = await login(creds.tester);
await tester.goto(PAGE);
const denied = await tester.innerText('body');
check(/Permission denied/i.test(denied) && !(await tester.$('#VtwsSettings')), 'non-admin: the page is Vtiger\'s permission denied', denied.slice(0, 300));
for (const mode of ['repair', 'undo']) {
  const out = await tester.evaluate(async (mode) => {
    const token = window.csrfMagicToken || '';
    return (await fetch('index.php', { method: 'POST', body: new URLSearchParams({ __vtrftk: token, module: 'Vtws', parent: 'Settings', action: 'Operations', mode }) })).text();
  }, mode);
  check(wsTables() === tablesNow && !fs.existsSync(`${ROOT}/include/Webservices/vtws-fix`) && !/"success":true/.test(out), `non-admin: ${mode} with a valid token is refused, nothing changed`, out.slice(0, 300));
}
await tester.context().close();

// 9. update with a newer zip
const updated = await importZip(admin, NEWER, 'update');
const version = sql("SELECT version FROM vtiger_tab WHERE name='Vtws'").trim();
check(version === path.basename(NEWER).replace(/^Vtws-|\.zip$/g, ''), 'a newer zip updates the module in place', version + '\n' + updated);
r = await ws(await wsLogin(creds.admin), TUTORIAL);
check(r.body === TUTORIAL_ANSWER, 'after the update the tutorial request still answers', r.body);

// 10. disable and enable (Module Manager's checkbox request)
const toggle = async (on) => admin.evaluate(async (on) => new Promise((res) => app.request.post({ data: { module: 'ModuleManager', parent: 'Settings', action: 'Basic', mode: 'updateModuleStatus', forModule: 'Vtws', updateStatus: on } }).then((e, d) => res(JSON.stringify([e, d]))))
  , on);
await admin.goto(URL + 'index.php?module=ModuleManager&parent=Settings&view=List');
const mmLink = await admin.$$eval('a', (as) => as.filter((a) => (a.getAttribute('href') || '').includes('module=Vtws&parent=Settings&view=Index')).length);
check(mmLink > 0, "Module Manager lists Vtws with its Settings link (Vtws_Module_Model::getSettingLinks)", String(mmLink));
let t = await toggle(false);
await admin.waitForTimeout(3000); // php-fpm's opcache sees the put-back handler file after revalidate_freq (2 s)
const presence = sql("SELECT presence FROM vtiger_tab WHERE name='Vtws'").trim(), tablesOff = wsTables();
r = await ws(await wsLogin(creds.admin), TUTORIAL);
check(presence === '1' && tablesOff === before, 'disable: the registration tables as before install', `${t} ${presence}`);
check(r.status === 500 && r.body === '', 'disable: the API answers as without vtws (the tutorial\'s HTTP 500, empty body)', `${r.status} ${r.body}`);
t = await toggle(true);
await admin.waitForTimeout(3000);
r = await ws(await wsLogin(creds.admin), TUTORIAL);
check(sql("SELECT presence FROM vtiger_tab WHERE name='Vtws'").trim() === '0' && r.body === TUTORIAL_ANSWER, 'enable: registered again, the tutorial request answers', `${t} ${r.body}`);

// 11. the PHP fallback: php-fpm without the extension
execFileSync('sh', [process.env.VTWS_SITE_SH, 'fpm', 'plain']);
r = await ws(await wsLogin(creds.admin), TUTORIAL);
check(r.status === 200 && r.body === TUTORIAL_ANSWER, "fallback: the tutorial request answers the same through the handler file's fallback", `${r.status} ${r.body}`);
await settings(admin);
const fb = await admin.innerText('#vtws-status');
const cmd = await admin.innerText('#vtws-install-command').catch(() => '');
check(/served by\s+the PHP fallback/.test(fb) && /php\d\.\d-vtws/.test(cmd) && !(await admin.$('#vtws-repair')) && !(await admin.$('#vtws-shared')),
  'fallback: the page says so, gives the install command for this PHP, offers no Repair and no shared store', fb + '\n' + cmd);
await admin.screenshot({ path: `${SHOTS}/vtws-fallback.png` });
execFileSync('sh', [process.env.VTWS_SITE_SH, 'fpm', 'noproc']);
await settings(admin);
const noproc = await admin.innerText('#vtws-ops-error').catch(() => '');
check(/proc_open is disabled/.test(noproc) && !(await admin.$('#vtws-repair')) && /served by\s+the native/.test(await admin.innerText('#vtws-status')),
  'proc_open disabled: the page says what it cannot judge (no verdicts, no Repair), the rest still shows', noproc);
execFileSync('sh', [process.env.VTWS_SITE_SH, 'fpm', 'vtws']);

// 12. uninstall (Vtiger's UI has none: console.php --remove, as the web user)
let out = '';
try {
  out = execFileSync('runuser', ['-u', 'www-data', '--', process.env.VTWS_PHP || 'php', '-d', `extension=${SO}`, '-d', 'auto_prepend_file=vendor/autoload.php', 'vtlib/tools/console.php', '--remove=Vtws'], { cwd: ROOT, encoding: 'utf8' });
} catch (e) { out = String(e.stdout) + e.stderr; }
const treeAfter = tree(ROOT);
const diff = Object.keys({ ...treeBefore, ...treeAfter }).filter((k) => treeBefore[k] !== treeAfter[k]);
check(wsTables() === before && !sql("SELECT name FROM vtiger_tab WHERE name='Vtws'").trim() && !sql("SELECT name FROM vtiger_settings_field WHERE linkto LIKE '%module=Vtws%'").trim(),
  'uninstall: registration tables as before install, no tab row, no Settings entry', out);
check(diff.length === 0, 'uninstall: the root as before install (Vtiger\'s caches aside)', diff.slice(0, 20).join('\n'));

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
