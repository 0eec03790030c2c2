// The options page's fleet tools, clicked as a user would, in the built extension against emulators: a server list
// picked from disk, previewed row by row (nothing stored until Import), imported in one edit; Refresh every
// server's accounts with its progress bar (n of m, the server under way), each failure with its reason and a
// Retry, Stop, and a run that the reopened page shows again; the list exported without secrets; who has 2FA on
// and Set up 2FA on an account's row; tag:NAME in the account filter; an account row's menu (deep links, login
// methods, a favourite) by keyboard. axe-core finds nothing on the preview, the failures, the 2FA marks or the menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startEmulator, launchBrowser, REAL_PORTS, createVault, closeAll } from './harness.mjs';

let emus;
let b;
let opt;
let fixture;
let token;
let tmp;
let DOWN; // an address where nothing listens
const WRONG = 'WRONGTOKEN0000000000000000000000';

before(async () => {
  const a = await startEmulator();
  emus = { a, b: await startEmulator({ stateDir: a.stateDir }) };
  DOWN = `127.${100 + crypto.randomInt(100)}.${crypto.randomInt(256)}.${1 + crypto.randomInt(254)}`;
  fixture = await a.fixture();
  token = fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-fleet-ui-'));
  b = await launchBrowser({ emulator: a });
  const popup = await createVault(b);
  await popup.close();
  for (const host of [emus.a.host, emus.b.host, DOWN]) {
    await b.grantHost(`https://${host}/*`);
  }
  opt = await b.options();
  await opt.waitForSelector('#refresh-all', { timeout: 20000 });
});

after(async () => {
  await closeAll('fleet-ui', b, ...Object.values(emus || {}));
  if (tmp && !process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core (as a11y.test.mjs runs it) finds nothing on the page as it is now, in either theme. */
async function accessible(name) {
  for (const colorScheme of ['light', 'dark']) {
    await opt.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await opt.evaluate(AXE);
    const v = await opt.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] }))
      .violations.map((x) => ({ id: x.id, help: x.help, nodes: x.nodes.map((n) => n.target.join(' ')) })));
    assert.deepEqual(v, [], `${name} (${colorScheme}): ${JSON.stringify(v, null, 1)}`);
  }
}

const servers = async () => (await b.must({ type: 'vault.read' })).data.servers;
const text = (sel) => opt.locator(sel).textContent();
const waitText = (sel, re, timeout = 30000) => opt.waitForFunction(([s, src]) =>
  new RegExp(src).test(document.querySelector(s)?.textContent || ''), [sel, re.source], { timeout });

test('import: the picked file previewed row by row with nothing stored; Import adds the importable rows', async () => {
  const file = path.join(tmp, 'servers.csv');
  fs.writeFileSync(file, 'host,label,tags,kind,secret\n' +
    `${emus.a.host},alpha,"prod, eu",whm-token,${token}\n` +
    `${emus.b.host},bravo,prod,whm-token,${WRONG}\n` +
    `${DOWN},delta,,whm-token,${token}\n` +
    'nowhere.example.com,echo,,,\n');
  const [chooser] = await Promise.all([opt.waitForEvent('filechooser', { timeout: 10000 }), opt.click('#servers-import-pick')]);
  await chooser.setFiles(file);
  await opt.waitForSelector('#import-preview', { timeout: 10000 });
  assert.match(await text('#import-summary'), /^Servers that can be imported: 3 · rows that cannot: 1\./);
  const rows = await opt.locator('#import-preview tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.line, tr.className, tr.querySelector('.status').textContent]));
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['2', 'ok'], ['3', 'ok'], ['4', 'ok'], ['5', 'bad']]);
  assert.match(rows[3][2], /credential/i, 'the bad row says what is missing');
  const shown = await opt.locator('#import-preview').innerHTML();
  for (const secret of [token, WRONG]) assert.ok(!shown.includes(secret), 'the preview shows no credential');
  assert.equal((await servers()).length, 0, 'nothing stored by the preview');
  await accessible('the import preview');

  await opt.click('#import-servers');
  await waitText('#message', /^Servers imported: 3\.$/);
  assert.equal(await opt.locator('#import-preview').count(), 0, 'the preview is gone');
  const s = await servers();
  assert.deepEqual(s.map((x) => [x.name, x.tags || []]), [['alpha', ['prod', 'eu']], ['bravo', ['prod']], ['delta', []]]);
  await opt.waitForFunction(() => document.querySelectorAll('#server-list [data-action="edit-server"]').length === 3,
    null, { timeout: 10000 });
});

test('refresh all: the bar (n of m, the server under way), each failure with its reason and a Retry that works once fixed', async () => {
  await emus.a.config({ delay: 2 });
  await opt.click('#refresh-all');
  await opt.waitForSelector('#refresh-progress:not([hidden])');
  // delta (nothing listens) and bravo (refused token) fail at once; alpha is slow.
  await waitText('#refresh-status', /^2 of 3 servers — now: alpha$/, 15000);
  assert.equal(await opt.locator('#refresh-cancel').isHidden(), false, 'Stop shows while it runs');
  assert.equal(await opt.locator('#refresh-all').isDisabled(), true);
  await waitText('#refresh-status', /^3 of 3 servers · accounts: \d+ · failed: 2$/);
  await emus.a.config({ delay: 0 });
  assert.equal(await opt.locator('#refresh-bar').evaluate((e) => [e.value, e.max].join('/')), '3/3');
  assert.equal(await opt.locator('#refresh-cancel').isHidden(), true);
  assert.equal(await opt.locator('#refresh-all').isDisabled(), false);
  const failures = await opt.locator('#refresh-failures li').evaluateAll((lis) => lis.map((li) => li.textContent));
  assert.equal(failures.length, 2);
  assert.match(failures.find((f) => f.startsWith('bravo')), /token/i);
  assert.match(failures.find((f) => f.startsWith('delta')), /did not answer/);
  assert.ok(failures.every((f) => !f.includes(WRONG)), 'no credential in a reason');
  assert.equal(await opt.locator('#refresh-retry-all').count(), 1, 'a retry of every failed server');
  await accessible('a refresh with failures');

  // bravo's token fixed, its Retry brings its accounts in; delta still fails.
  const doc = (await b.must({ type: 'vault.read' })).data;
  const bravo = doc.servers.find((s) => s.name === 'bravo');
  bravo.whm.token = token;
  await b.must({ type: 'vault.write', data: doc });
  await opt.click(`#refresh-failures li[data-server="${bravo.id}"] [data-action="refresh-retry"]`);
  await waitText('#refresh-status', /^3 of 3 servers · accounts: \d+ · failed: 1$/);
  assert.deepEqual(await opt.locator('#refresh-failures li b').allTextContents(), ['delta']);
  assert.ok((await servers()).find((s) => s.name === 'bravo').accountsFetchedAt > 0);
});

test('Stop: the run ends at once with what was under way stopped', async () => {
  await emus.a.config({ hang: true });
  await opt.click('#refresh-all');
  await waitText('#refresh-status', /now: .*alpha/, 15000);
  await opt.click('#refresh-cancel');
  await waitText('#refresh-status', / · stopped: \d+$/, 10000);
  await emus.a.config({ hang: false });
  assert.equal(await opt.locator('#refresh-cancel').isHidden(), true);
  assert.equal(await opt.locator('#refresh-all').isDisabled(), false);
});

test('the page closes mid-run: the worker goes on, and the page opened again shows the run', async () => {
  await emus.a.config({ delay: 3 });
  await opt.click('#refresh-all');
  await waitText('#refresh-status', /now: .*alpha/, 15000);
  await opt.close();
  opt = await b.options();
  await opt.waitForSelector('#refresh-progress:not([hidden])', { timeout: 10000 });
  assert.match(await text('#refresh-status'), /of 3 servers/);
  await waitText('#refresh-status', /^3 of 3 servers · accounts: \d+ · failed: 1$/, 30000);
  await emus.a.config({ delay: 0 });
});

test('export: a CSV of the servers with their tags and no secret', async () => {
  const [download] = await Promise.all([opt.waitForEvent('download', { timeout: 30000 }), opt.click('#servers-export')]);
  assert.equal(download.suggestedFilename(), 'panelkey-servers.csv');
  const file = path.join(tmp, 'panelkey-servers.csv');
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  for (const name of ['alpha', 'bravo', 'delta', emus.a.host, 'prod']) assert.ok(csv.includes(name), name);
  assert.ok(!csv.includes(token), 'no token in the export');
  await waitText('#message', /no secrets/i);
});

test('2FA: who has it on, marked on the account rows; Set up 2FA on a row turns it on and stores its secret', async () => {
  const alpha = (await servers()).find((s) => s.name === 'alpha');
  const bob = alpha.accounts.find((a) => a.user === 'bob');
  assert.ok(bob, 'the refresh brought bob in');
  assert.equal(bob.totp, null);
  await opt.click(`[data-action="tfa-status"][data-server="${alpha.id}"]`);
  const row = (id) => opt.locator(`tr:has([data-action="edit-account"][data-account="${id}"])`);
  const alice = alpha.accounts.find((a) => a.user === 'alice');
  await row(alice.id).locator('.tfa-true').waitFor({ timeout: 15000 });
  assert.equal(await row(bob.id).locator('.tfa-false').textContent(), '2FA off');

  await row(bob.id).locator('[data-action="tfa-enrol"]').click();
  await row(bob.id).locator('.tfa-true').waitFor({ timeout: 15000 });
  // No second set-up: the row's Set up 2FA goes. The mark comes with the worker's answer, the button goes with the
  // vault's change that stores the secret, a moment later (the page renders from the vault, never ahead of it).
  await opt.waitForFunction((id) => !document.querySelector(`[data-action="tfa-enrol"][data-account="${id}"]`), bob.id, { timeout: 15000 });
  const stored = (await servers()).find((s) => s.id === alpha.id).accounts.find((a) => a.id === bob.id);
  assert.match(stored.totp.secret, /^[A-Z2-7]{16}$/);
  assert.ok(!(await opt.content()).includes(stored.totp.secret), 'the page does not show the secret');
  await accessible('the account rows with 2FA marks');
});

test('tag: in the options page\'s account filter: a server\'s accounts by its tag, whole', async () => {
  const alpha = (await servers()).find((s) => s.name === 'alpha'); // tags prod, eu
  const filter = opt.locator(`input[data-action="filter-accounts"][data-server="${alpha.id}"]`);
  const shown = () => opt.locator(`[data-server="${alpha.id}"] .account-table tbody tr[data-account]`).count();
  const all = await shown();
  assert.ok(all > 1);
  for (const [q, want] of [['tag:eu bob', 1], ['tag:prod', all], ['tag:pro', 0], ['tag:staging', 0]]) {
    await filter.fill(q);
    await opt.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n,
      [`[data-server="${alpha.id}"] .account-table tbody tr[data-account]`, want], { timeout: 5000 }).catch(() => {});
    assert.equal(await shown(), want, q);
  }
});

test('an account row\'s menu in the options page: by keyboard into File Manager; a ☆ makes Backup its favourite, a ★ on the row', async () => {
  const alpha = (await servers()).find((s) => s.name === 'alpha');
  const bob = alpha.accounts.find((a) => a.user === 'bob');
  await opt.locator(`input[data-action="filter-accounts"][data-server="${alpha.id}"]`).fill('bob');
  const row = `tr[data-account="${bob.id}"]`;
  await opt.waitForSelector(`${row} details.row-menu > summary`);
  await opt.focus(`${row} details.row-menu > summary`);
  await opt.keyboard.press('Enter');
  await opt.waitForSelector(`${row} details.row-menu[open] button.menu-login`);
  const labels = await opt.$$eval(`${row} .menu button.menu-login`, (bs) => bs.map((x) => x.textContent));
  for (const l of ['cPanel home', 'File Manager', 'Backup', 'WHM: List Accounts', 'Webmail', 'WHM API token']) assert.ok(labels.includes(l), l);
  await accessible('an account row\'s open menu');
  await opt.focus(`${row} details.row-menu > summary`);
  await opt.keyboard.press('Tab');
  assert.equal(await opt.evaluate(() => document.activeElement.textContent), 'cPanel home');
  await opt.keyboard.press('Tab'); // its star
  await opt.keyboard.press('Tab');
  assert.equal(await opt.evaluate(() => document.activeElement.textContent), 'File Manager');
  const cpanel = `https://${emus.a.host}:${REAL_PORTS['cpanel-tls']}/`;
  await b.context.clearCookies();
  const fm = await b.waitForTab(cpanel, () => opt.keyboard.press('Enter'));
  const page = await fm.waitForSelector('main[data-service]', { timeout: 20000 });
  assert.equal(await page.getAttribute('data-path'), '/frontend/jupiter/filemanager/index.html');
  assert.equal(await page.getAttribute('data-user'), 'bob');
  await fm.close();

  if (!(await opt.$eval(`${row} details.row-menu`, (d) => d.open))) await opt.click(`${row} details.row-menu > summary`);
  await opt.click(`${row} .menu button[data-fav="backup"]`);
  await opt.waitForSelector(`${row} button.fav`);
  assert.equal(await opt.textContent(`${row} button.fav`), '★ Backup');
  const stored = (await servers()).find((s) => s.id === alpha.id).accounts.find((a) => a.id === bob.id);
  assert.equal(stored.favourite, 'backup');
  await b.context.clearCookies();
  const backup = await b.waitForTab(cpanel, () => opt.click(`${row} button.fav`));
  const bp = await backup.waitForSelector('main[data-service]', { timeout: 20000 });
  assert.equal(await bp.getAttribute('data-path'), '/frontend/jupiter/backup/index.html');
  await backup.close();
});
