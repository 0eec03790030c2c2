// The API console (console.html) in the browser against the emulator (demo data, on cPanel's real ports on a loopback
// address of its own): each authentication method with each API family it supports and the server's refusals of
// the others, the browser session a one-click login opened (and one the console opens), Basic + 2FA, preflight's
// wrong-port explanation, curl/fetch output, the history across a lock, a password argument sent in a form body and
// kept out of everything shown and stored, the session log inspector, a hostile server answer rendered inert
// (a second emulator whose fixture carries markup in fields listaccts and Tokens::list echo), a mailbox's Webmail
// session from the popup used for UAPI, and the paging of a paginated UAPI answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, startEmulator, secretsOf, findSecrets, totp, MASTER_PASSWORD, REAL_PORTS, closeAll, startWithVault,
} from './harness.mjs';

let emu;
let b;
let fixture;
let secrets;
let popup;
let con; // the console page
let WHM;
let CPANEL;

function whmUser(name) { return fixture.whmUsers.find((u) => u.user === name); }
function account(name) { return fixture.accounts.find((a) => a.user === name); }
function totpOf(secret) { return { secret, algorithm: 'SHA1', digits: 6, period: 30 }; }

// The vault: one server with every kind of credential; bob (password, cPanel token), alice (password, 2FA with the
// API-requests policy, cPanel token), erin (2FA, policy off).
function demoServer() {
  const root = whmUser('root');
  const acct = (name, id) => {
    const a = account(name);
    return {
      id, user: a.user, domain: a.domain, owner: a.owner, suspended: false, password: a.password,
      apiToken: (a.tokens || [])[0]?.token || '', totp: a.totpSecret ? totpOf(a.totpSecret) : null, mailboxes: [],
    };
  };
  return {
    id: 's-demo', name: 'Demo server', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: root.tokens[0].token, password: root.password, accessHash: root.accessHash, totp: totpOf(root.totpSecret) },
    accounts: [acct('bob', 'a-bob'), acct('alice', 'a-alice'), acct('erin', 'a-erin')],
    accountsFetchedAt: 0,
  };
}

before(async () => {
  ({ emu, fixture, b, popup } = await startWithVault('console'));
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  assert.deepEqual([emu.urls.whm, emu.urls.cpanel], [WHM, CPANEL], 'the emulator is on cPanel\'s ports');
  secrets = secretsOf(fixture);
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push(demoServer());
  await b.must({ type: 'vault.write', data: doc });
  const grant = await b.grantHost(`https://${emu.host}/*`);
  assert.equal(grant.contains, true);
});

after(() => closeAll('console', b, emu));

// ---- Driving the console

async function waitForApp(page) {
  await page.waitForFunction(() => {
    const app = document.getElementById('app');
    return app && app.children.length > 0 && !app.querySelector(':scope > .loading');
  }, null, { timeout: 20000 });
}

/**
 * Fills the console's form. f: {server, account, service, family, module, fn, args: [[k, v]…], auth, method}; absent
 * fields are left as they are, except args (cleared to f.args or none).
 */
async function fillForm(f) {
  if (f.server) await con.selectOption('#server', f.server);
  if (f.account !== undefined) await con.selectOption('#account', f.account);
  if (f.service !== undefined) await con.selectOption('#service', f.service);
  if (f.family) await con.selectOption('#family', f.family);
  if (f.module !== undefined && await con.isEnabled('#module')) await con.fill('#module', f.module);
  if (f.fn !== undefined) await con.fill('#function', f.fn);
  while (await con.locator('.remove-arg').count() > 1) await con.click('.remove-arg >> nth=-1');
  await con.fill('.arg-key >> nth=0', '');
  await con.fill('.arg-value >> nth=0', '');
  for (const [i, [k, v]] of (f.args || []).entries()) {
    if (i > 0) await con.click('#add-arg');
    await con.fill(`.arg-key >> nth=${i}`, k);
    await con.fill(`.arg-value >> nth=${i}`, v);
  }
  if (f.auth) await con.selectOption('#auth', f.auth);
  if (f.method !== undefined) await con.selectOption('#method', f.method);
}

async function firstHistoryId() {
  return con.evaluate(() => document.querySelector('#history .history-entry')?.dataset.id || '');
}

/** Clicks Send (or does action) and waits for the answer (a new history entry); returns what the page shows of it. */
async function send(action = () => con.click('#send')) {
  const before = await firstHistoryId();
  await action();
  await con.waitForFunction((id) => {
    const first = document.querySelector('#history .history-entry');
    return first && first.dataset.id !== id;
  }, before, { timeout: 15000 });
  return con.evaluate(() => ({
    status: Number(document.querySelector('#response-status .status')?.dataset.status),
    outcome: document.querySelector('#envelope .verdict')?.dataset.outcome,
    url: document.querySelector('#sent-request .url')?.textContent,
    headers: [...document.querySelectorAll('#sent-request tr')].map((tr) => tr.textContent),
    tree: document.querySelector('#tree')?.textContent || '',
    raw: document.querySelector('#raw')?.textContent || '',
    envelope: document.querySelector('#envelope')?.textContent || '',
    problems: [...document.querySelectorAll('#preflight .problem')].map((li) => li.dataset.code),
    message: document.querySelector('#message')?.textContent || '',
  }));
}

async function problems() {
  return con.evaluate(() => [...document.querySelectorAll('#preflight .problem')].map((li) => li.dataset.code));
}

async function copied(button) {
  // Both cleared: the previous copy's "Copied …" must not pass for this one's before its clipboard write is done.
  await con.evaluate(() => {
    document.getElementById('snippet').textContent = '';
    document.getElementById('message').textContent = '';
  });
  await con.click(button);
  await con.waitForFunction(() => document.getElementById('snippet').textContent !== '');
  await con.waitForFunction(() => /^Copied/.test(document.getElementById('message').textContent));
  const shown = await con.textContent('#snippet');
  assert.equal(await readClipboard(), shown, 'the clipboard holds what the page shows');
  return shown;
}

// The browser's clipboard (read through the cPanel login page, which runs no script of its own, where the browser
// reads it from a web page: harness.mjs).
async function readClipboard() {
  const text = await b.readClipboard(CPANEL + '/');
  await con.bringToFront();
  return text;
}

function mailboxes(name) { return ['info@bob.example', 'sales@bob-shop.example'].filter(() => name === 'bob'); }

// ---- Tests

test('from the popup: Email::list_pops through the browser session and listaccts with a WHM token, and the curl of each', async () => {
  // A one-click login into bob's cPanel (WHM token → create_user_session), as a user does from the popup.
  await popup.reload();
  await popup.waitForSelector('.row[data-id="a-bob"]');
  const tab = await b.waitForTab(CPANEL + '/', () => popup.click('.row[data-id="a-bob"] button[data-service="cpanel"]'));
  await tab.waitForSelector('#emulator-home[data-service="cpanel"]');

  const opened = b.waitForPage((p) => p.url().endsWith('/console.html'));
  await popup.click('#open-console');
  con = await opened;
  await waitForApp(con);
  await con.waitForSelector('#server option[value="s-demo"]', { state: 'attached' });
  await con.waitForSelector('#session-status .session.known');
  assert.match(await con.textContent('#session-status'), /Browser session into cPanel as bob/);

  await fillForm({ server: 's-demo', account: '', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'session' });
  const pops = await send();
  assert.equal(pops.status, 200);
  assert.equal(pops.outcome, 'ok');
  assert.match(pops.url, new RegExp(`^${CPANEL}/cpsess\\d{10}/execute/Email/list_pops$`));
  for (const m of mailboxes('bob')) assert.ok(pops.tree.includes(m), m + ' in the tree');
  const sessionCurl = await copied('#copy-curl');
  const cpsess = /\/cpsess\d{10}/.exec(pops.url)[0];
  assert.equal(sessionCurl, [
    '# cpsession is the browser\'s HttpOnly session cookie for this host: copy its value from the',
    '# browser\'s developer tools (Application > Cookies). It only works from the address that logged in.',
    `curl ${CPANEL}${cpsess}/execute/Email/list_pops \\`,
    '  -b \'cpsession=<SESSION_COOKIE_FROM_THE_BROWSER>\'',
  ].join('\n'));

  await fillForm({ family: 'whmapi1', fn: 'listaccts', auth: 'whm-token' });
  const accts = await send();
  assert.equal(accts.status, 200);
  assert.equal(accts.outcome, 'ok');
  assert.equal(accts.url, `${WHM}/json-api/listaccts?api.version=1`);
  for (const a of fixture.accounts) assert.ok(accts.tree.includes(`"${a.domain}"`), a.domain + ' listed');
  const whmCurl = await copied('#copy-curl');
  assert.equal(whmCurl, `curl '${WHM}/json-api/listaccts?api.version=1' \\\n  -H 'Authorization: whm root:<WHM_API_TOKEN>'`);
  assert.deepEqual(findSecrets(sessionCurl + whmCurl, secrets), [], 'no secret in what was copied');
  await tab.close();
});

test('each method with each API family it supports, and the server\'s refusals of the others', async () => {
  const cases = [
    // The WHM API token: WHM API 1, uapi_cpanel and API 2 through WHM; cPanel refuses it, and WHM has no UAPI.
    { f: { account: '', service: '', family: 'whmapi1', fn: 'listaccts', auth: 'whm-token' }, status: 200, outcome: 'ok', url: `${WHM}/json-api/listaccts?api.version=1` },
    { f: { account: 'a-bob', service: '', family: 'uapi_cpanel', module: 'Email', fn: 'list_pops', auth: 'whm-token' }, status: 200, outcome: 'ok',
      url: `${WHM}/json-api/uapi_cpanel?api.version=1&cpanel.user=bob&cpanel.module=Email&cpanel.function=list_pops` },
    { f: { account: 'a-bob', service: '', family: 'api2', module: 'Email', fn: 'listpops', auth: 'whm-token' }, status: 200, outcome: 'ok',
      url: `${WHM}/json-api/cpanel?cpanel_jsonapi_user=bob&cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops` },
    { f: { account: '', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'whm-token' }, status: 401, outcome: 'token-invalid',
      problems: ['whm-token-off-whm'], url: `${CPANEL}/execute/Email/list_pops` },
    { f: { account: '', service: 'whm', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'whm-token' }, status: 404, outcome: 'function-not-found',
      problems: ['uapi-on-whm-port'] },
    // The cPanel API token: UAPI and API 2 on cPanel; WHM refuses it for WHM API 1 and uapi_cpanel.
    { f: { account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token' }, status: 200, outcome: 'ok',
      url: `${CPANEL}/execute/Email/list_pops` },
    { f: { account: 'a-bob', service: '', family: 'api2', module: 'Email', fn: 'listpops', auth: 'cpanel-token' }, status: 200, outcome: 'ok',
      url: `${CPANEL}/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops` },
    { f: { account: 'a-bob', service: '', family: 'whmapi1', fn: 'listaccts', auth: 'cpanel-token' }, status: 401, outcome: 'token-invalid',
      problems: ['token-scope', 'cpanel-token-on-whm'] },
    { f: { account: 'a-bob', service: '', family: 'uapi_cpanel', module: 'Email', fn: 'list_pops', auth: 'cpanel-token' }, status: 401,
      outcome: 'token-invalid', problems: ['token-scope', 'cpanel-token-on-whm'] },
    // The access hash: refused while the server keeps it off (cPanel's default), as preflight warns.
    { f: { account: '', service: '', family: 'whmapi1', fn: 'version', auth: 'access-hash' }, status: 401, outcome: 'token-invalid',
      problems: ['access-hash-deprecated'] },
    // Basic: the account's password on cPanel (UAPI, API 2), the WHM user's on WHM (WHM API 1, uapi_cpanel); an
    // account's password is no key to WHM.
    { f: { account: 'a-bob', service: '', family: 'uapi', module: 'DomainInfo', fn: 'list_domains', auth: 'basic' }, status: 200, outcome: 'ok' },
    { f: { account: 'a-bob', service: '', family: 'api2', module: 'Email', fn: 'listpops', auth: 'basic' }, status: 200, outcome: 'ok',
      url: `${CPANEL}/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops` },
    { f: { account: '', service: '', family: 'whmapi1', fn: 'version', auth: 'basic' }, status: 200, outcome: 'ok' },
    { f: { account: 'a-bob', service: '', family: 'uapi_cpanel', module: 'Email', fn: 'list_pops', auth: 'basic' }, status: 403,
      outcome: 'access-denied' },
    // Webmail: the account's password works there too; its cPanel token does not.
    { f: { account: 'a-bob', service: 'webmail', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'basic' }, status: 200, outcome: 'ok',
      url: `https://${emu.host}:${REAL_PORTS['webmail-tls']}/execute/Email/list_pops` },
    { f: { account: 'a-bob', service: 'webmail', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token' }, status: 401,
      outcome: 'token-invalid', problems: ['cpanel-token-on-webmail'] },
    // Basic + 2FA code: erin has 2FA without the API policy, so the extra header changes nothing.
    { f: { account: 'a-erin', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'basic-otp' }, status: 200, outcome: 'ok' },
  ];
  for (const c of cases) {
    await fillForm({ server: 's-demo', args: [], ...c.f });
    const name = JSON.stringify(c.f);
    assert.deepEqual(await problems(), c.problems || [], 'preflight for ' + name);
    const r = await send();
    assert.equal(r.status, c.status, 'status for ' + name);
    assert.equal(r.outcome, c.outcome, 'outcome for ' + name);
    if (c.url) assert.equal(r.url, c.url, 'URL for ' + name);
  }

  // With the tweak setting on, the same access hash is accepted, for each WHM family.
  await emu.config({ allowAccessHash: true });
  try {
    for (const f of [
      { account: '', family: 'whmapi1', fn: 'listaccts' },
      { account: 'a-bob', family: 'uapi_cpanel', module: 'Email', fn: 'list_pops' },
      { account: 'a-bob', family: 'api2', module: 'Email', fn: 'listpops' },
    ]) {
      await fillForm({ server: 's-demo', service: '', auth: 'access-hash', args: [], ...f });
      const r = await send();
      assert.equal(r.outcome, 'ok', JSON.stringify(f));
      assert.ok(r.headers.some((h) => h === 'AuthorizationWHM root:<ACCESS_HASH>'), 'masked: ' + r.headers);
    }
  } finally {
    await emu.config({ allowAccessHash: false });
  }

  // Nothing shown while "Show secrets" is off holds a secret.
  const dom = (await b.domTexts()).find((d) => d.url.endsWith('/console.html'));
  assert.deepEqual(findSecrets(dom.text, secrets).map((s) => s.kind + ' of ' + s.owner), []);
});

test('the browser session: UAPI and API 2 in the cPanel session; WHM API 1 there is refused; a WHM session opened from the console', async () => {
  await fillForm({ server: 's-demo', account: '', service: '', family: 'api2', module: 'Email', fn: 'listpops', auth: 'session', args: [] });
  let r = await send();
  assert.equal(r.outcome, 'ok');
  assert.match(r.url, new RegExp(`^${CPANEL}/cpsess\\d{10}/json-api/cpanel\\?cpanel_jsonapi_apiversion=2&`));
  assert.ok(r.headers.some((h) => /^Cookiecpsession=…/.test(h)), 'the cookie is the browser\'s: ' + r.headers);

  // WHM API 1 sent into the cPanel session: preflight says so, and cPanel answers Permission denied.
  await fillForm({ service: 'cpanel', family: 'whmapi1', fn: 'listaccts' });
  assert.deepEqual(await problems(), ['whm-api-on-cpanel-port']);
  r = await send();
  assert.equal(r.status, 403);
  assert.equal(r.outcome, 'permission-denied');

  // No WHM session yet: the console offers to open one through the normal login flow (a tab), then uses it.
  await fillForm({ service: '' });
  await con.waitForSelector('#session-status .session.none');
  assert.match(await con.textContent('#form-error'), /No browser session into WHM/);
  assert.equal(await con.isDisabled('#send'), true);
  const tab = await b.waitForTab(WHM + '/', () => con.click('#session-login'));
  await tab.waitForSelector('#emulator-home[data-service="whm"]');
  await con.bringToFront();
  await con.waitForSelector('#session-status .session.known');
  assert.match(await con.textContent('#session-status'), /Browser session into WHM as root/);
  r = await send();
  assert.equal(r.outcome, 'ok');
  assert.match(r.url, new RegExp(`^${WHM}/cpsess\\d{10}/json-api/listaccts\\?api.version=1$`));
  await tab.close();

  // The worker keeps these in storage.session only.
  const { local, session } = await b.storage();
  assert.ok(!JSON.stringify(local).includes('cpsess'), 'no session token in storage.local');
  assert.deepEqual(Object.keys(session).filter((k) => k.startsWith('browserSession/')).sort(),
    ['browserSession/s-demo/cpanel', 'browserSession/s-demo/whm']);
});

test('Basic + 2FA: with the code computed from the stored secret it passes; without it the server refuses', async () => {
  const alice = account('alice');
  await fillForm({ server: 's-demo', account: 'a-alice', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'basic-otp', args: [] });
  const t0 = Date.now();
  let r = await send();
  assert.equal(r.status, 200);
  assert.equal(r.outcome, 'ok');
  assert.ok(r.headers.includes('X-CPANEL-OTP<2FA_CODE>'), 'the code is masked: ' + r.headers);
  // The code that went out is alice's at that moment (independent TOTP).
  const sent = (await emu.requests()).filter((q) => q.url === '/execute/Email/list_pops').pop();
  const code = sent.headers['X-Cpanel-Otp'][0];
  const ok = [t0 - 30000, t0, Date.now()].map((t) => totp(alice.totpSecret, { time: t }));
  assert.ok(ok.includes(code), `sent ${code}, expected one of ${ok}`);

  await con.check('#reveal');
  assert.ok((await con.textContent('#sent-request')).includes(code), 'revealed on request');
  await con.uncheck('#reveal');

  await fillForm({ auth: 'basic' });
  r = await send();
  assert.equal(r.status, 403);
  assert.equal(r.outcome, 'tfa-failed');
});

test('wrong port: preflight explains what cPanel will answer; sent anyway, the server answers just that', async () => {
  await fillForm({ server: 's-demo', account: '', service: 'cpanel', family: 'whmapi1', fn: 'listaccts', auth: 'whm-token', args: [] });
  const texts = await con.$$eval('#preflight .problem', (lis) => lis.map((li) => ({ code: li.dataset.code, error: li.classList.contains('error'), text: li.textContent })));
  const port = texts.find((p) => p.code === 'whm-api-on-cpanel-port');
  assert.ok(port && port.error, JSON.stringify(texts));
  assert.match(port.text, /Permission denied/);
  assert.match(port.text, /2087/);
  assert.equal(await con.isEnabled('#send'), true, 'the user may still send it');
  const r = await send();
  assert.equal(r.status, 403);
  assert.equal(r.outcome, 'permission-denied');
  assert.match(r.envelope, /Permission denied/);
  assert.equal(r.url, `${CPANEL}/json-api/listaccts?api.version=1`);
});

test('curl and fetch for a known request: masked by default; revealed, the curl command works as it is', async () => {
  const bob = account('bob');
  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token',
    args: [['skip_main', '1'], ['note', "it's a \"test\" & more"]] });
  const url = `${CPANEL}/execute/Email/list_pops?skip_main=1&note=it%27s+a+%22test%22+%26+more`;
  const masked = await copied('#copy-curl');
  assert.equal(masked, `curl '${url}' \\\n  -H 'Authorization: cpanel bob:<CPANEL_API_TOKEN>'`);
  const fetchText = await copied('#copy-fetch');
  assert.equal(fetchText, [
    `const response = await fetch(${JSON.stringify(url).replace(/&/g, '\\u0026')}, {`,
    '  method: "GET",',
    '  headers: [',
    '    ["Authorization", "cpanel bob:\\u003cCPANEL_API_TOKEN\\u003e"],',
    '  ],',
    '  redirect: "manual",',
    '});',
    'console.log(response.status, await response.text());',
    '',
  ].join('\n'));

  await con.check('#reveal');
  const revealed = await copied('#copy-curl');
  await con.uncheck('#reveal');
  assert.equal(revealed, `curl '${url}' \\\n  -H 'Authorization: cpanel bob:${bob.tokens[0].token}'`);
  // Pasted into a shell, with the emulator's CA, it gets the server's answer.
  const out = execFileSync('bash', ['-c', revealed + ` --silent --cacert ${JSON.stringify(emu.info.caFile)}`], { encoding: 'utf8' });
  const body = JSON.parse(out);
  assert.equal(body.status, 1);
  assert.deepEqual(body.data.map((m) => m.email), bob.mailboxes.map((m) => m.email));
});

test('copy as: every language from the menu, masked by default; the revealed Python runs as it is', async () => {
  const bob = account('bob');
  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token',
    args: [['skip_main', '1']] });
  const langs = await con.$$eval('#copy-lang option', (os) => os.map((o) => o.value));
  assert.deepEqual(langs, ['curl', 'fetch', 'php', 'perl', 'python', 'go']);
  const expect = { php: /curl_setopt_array/, perl: /HTTP::Tiny->new\(verify_SSL => 1, max_redirect => 0\)/, python: /import requests/, go: /package main/ };
  for (const [lang, re] of Object.entries(expect)) {
    await con.selectOption('#copy-lang', lang);
    const text = await copied('#copy-as');
    assert.match(text, re, lang);
    assert.match(text, /cpanel bob:<CPANEL_API_TOKEN>/, lang + ': the token masked');
    assert.ok(!text.includes(bob.tokens[0].token), lang + ': no token');
  }
  await con.check('#reveal');
  await con.selectOption('#copy-lang', 'python');
  const python = await copied('#copy-as');
  await con.uncheck('#reveal');
  assert.ok(python.includes(bob.tokens[0].token));
  // Run as it is, with the emulator's CA: requests verifies the certificate against it.
  const py = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import requests']).status === 0);
  assert.ok(py, 'a python3 with requests (scripts/install-deps.sh installs python3-requests)');
  const out = execFileSync(py, ['-c', python], { encoding: 'utf8', env: { ...process.env, REQUESTS_CA_BUNDLE: emu.info.caFile } });
  assert.match(out, /^200 /);
  const body = JSON.parse(out.slice(4));
  assert.deepEqual(body.data.map((m) => m.email), bob.mailboxes.map((m) => m.email));
});

test('the history survives a lock and unlock, holds no secret, and runs an entry again in one click', async () => {
  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token',
    args: [['skip_main', '1'], ['note', "it's a \"test\" & more"]] });
  await send();
  const rows = () => con.locator('#history .history-entry').count();
  const n = await rows();
  assert.ok(n >= 1, `the requests so far are listed (${n})`);
  const calls = await con.$$eval('#history .history-entry .call', (tds) => tds.map((td) => td.textContent));
  assert.equal(calls[0], 'UAPI Email::list_pops');

  await con.check('#reveal');
  await con.click('#lock');
  await con.waitForSelector('#unlock-password');
  assert.equal(await con.locator('#history').count(), 0, 'nothing of the console shows while locked');
  await con.fill('#unlock-password', MASTER_PASSWORD);
  await con.click('#unlock-submit');
  await con.waitForSelector('#history .history-entry');
  assert.equal(await rows(), n);
  assert.deepEqual(await con.$$eval('#history .history-entry .call', (tds) => tds.map((td) => td.textContent)), calls);

  const doc = (await b.must({ type: 'vault.read' })).data;
  assert.equal(doc.history.length, n);
  const text = JSON.stringify(doc.history);
  assert.deepEqual(findSecrets(text, secrets).map((s) => s.kind + ' of ' + s.owner), [], 'references, not copies');
  assert.ok(!/cpsess\d/.test(text), 'no session token either');
  assert.deepEqual(Object.keys(doc.history[0]).sort(), ['at', 'form', 'id', 'ms', 'outcome', 'status']);
  // "Show secrets" is off again after the lock.
  assert.equal(await con.isChecked('#reveal'), false);
  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token' });
  assert.match(await con.textContent('#request'), /cpanel bob:<CPANEL_API_TOKEN>/);
  // The lock also forgot the browser sessions.
  const session = (await b.storage()).session;
  assert.deepEqual(Object.keys(session).filter((k) => k.startsWith('browserSession/')), []);

  // "Run again" on the newest entry: the same request leaves again, with today's token.
  const seq = (await emu.requests()).at(-1).seq;
  const before = await firstHistoryId();
  await con.click(`#history .history-entry >> nth=0 >> button.rerun`);
  await con.waitForFunction((id) => document.querySelector('#history .history-entry').dataset.id !== id, before);
  const again = (await emu.requests(seq)).filter((q) => q.url.startsWith('/execute/Email/list_pops'));
  assert.equal(again.length, 1);
  assert.equal(again[0].url, '/execute/Email/list_pops?skip_main=1&note=it%27s+a+%22test%22+%26+more');
  assert.equal(await rows(), n + 1);
  assert.equal(await con.inputValue('#function'), 'list_pops', 'the form shows the entry');

  // Cleared, it stays cleared.
  await con.click('#clear-history');
  await con.waitForSelector('#history .empty');
  assert.deepEqual((await b.must({ type: 'vault.read' })).data.history, []);
});

test('session log inspector: the emulator\'s session log as a table, reasons explained, filterable', async () => {
  const res = await fetch(emu.control + '/sessionlog?format=text');
  const text = await res.text();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  assert.ok(lines.length >= 4, text);
  await con.fill('#log-text', text + '\nnot a session log line\n');
  await con.waitForSelector('#log-table table.session-log');
  const count = () => con.locator('#log-table tr.log-entry').count();
  assert.equal(await count(), lines.length);
  assert.equal(await con.locator('#log-table .log-errors li').count(), 1);
  const purge = con.locator('#log-table tr.event-purge').first();
  assert.match(await purge.locator('.reason').textContent(), /loginsuccess.*single sign-on URL works once/);
  const creator = con.locator('#log-table tr.event-new .kv[data-key="creator"]').first();
  assert.ok((await creator.getAttribute('title')).length > 10, 'each key is explained');

  await con.selectOption('#log-event', 'PURGE');
  const purges = lines.filter((l) => / PURGE /.test(l)).length;
  assert.equal(await count(), purges);
  await con.selectOption('#log-event', '');
  await con.fill('#log-filter', 'whostmgrd root');
  const whm = lines.filter((l) => /app=whostmgrd/.test(l) && /root/.test(l)).length;
  assert.ok(whm >= 1);
  assert.equal(await count(), whm);
  assert.match(await con.textContent('#log-table .log-count'), new RegExp(`^${whm} of ${lines.length} entries shown`));
});

test('a hostile answer is shown as text: nothing in it runs or becomes an element', async () => {
  // A second emulator (its own loopback address, the same CA) whose fixture puts markup where listaccts and
  // Tokens::list echo it: an account's contact email, plan and suspension reason, and a token's name.
  const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/emulator/demo.json'), 'utf8'));
  const TOKEN = 'MALLORYTOKEN7X4Q9ZK2M8P3R6T1W5Y0';
  demo.accounts.push({
    user: 'mallory', owner: 'root', domain: 'mallory.example', password: 'demo-mallory-pass', plan: '<img src=x onerror="window.__pwned=2">',
    email: '<script>window.__pwned=1</script><svg onload="window.__pwned=3"></svg>',
    tokens: [{ name: '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>', token: TOKEN }],
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-e2e-hostile-')), 'hostile.json');
  fs.writeFileSync(file, JSON.stringify(demo));
  const evil = await startEmulator({ fixture: file, stateDir: emu.stateDir });
  const origin = `https://${evil.host}/*`;
  try {
    // The user allows the site in Chrome's extension page; the console's own button then requests it (below).
    await b.allowSite(origin);
    const doc = (await b.must({ type: 'vault.read' })).data;
    const server = demoServer();
    Object.assign(server, { id: 's-evil', name: 'Hostile', address: evil.host, baseURL: evil.urls.whm });
    server.accounts.push({ id: 'a-mallory', user: 'mallory', domain: 'mallory.example', owner: 'root', suspended: false, password: '',
      apiToken: TOKEN, totp: null, mailboxes: [] });
    doc.servers.push(server);
    await b.must({ type: 'vault.write', data: doc });
    await con.waitForSelector('#server option[value="s-evil"]', { state: 'attached' });

    for (const [i, f] of [
      { account: '', family: 'whmapi1', fn: 'listaccts', auth: 'whm-token', echoed: '<script>window.__pwned=1</script>' },
      { account: 'a-mallory', family: 'uapi', module: 'Tokens', fn: 'list', auth: 'cpanel-token', echoed: '<iframe srcdoc=' },
    ].entries()) {
      await fillForm({ server: 's-evil', service: '', args: [], ...f });
      let r;
      if (i === 0) {
        // No host permission yet: the worker refuses, the console offers the request and sends once it is granted.
        const seq = (await evil.requests()).length;
        await con.click('#send');
        const grant = await con.waitForSelector('#message #grant-host');
        assert.equal(await grant.getAttribute('data-origin'), origin);
        assert.equal(await grant.textContent(), 'Allow access and retry', 'the catalog\'s words, as in the popup');
        assert.equal((await evil.requests()).length, seq, 'nothing was sent before the grant');
        r = await send(() => grant.click());
      } else {
        r = await send();
      }
      assert.equal(r.outcome, 'ok');
      assert.ok(r.tree.includes(f.echoed), 'the tree shows the markup as text');
      assert.ok(r.raw.includes(f.echoed), 'so does the raw answer');
      const found = await con.evaluate(() => ({
        elements: document.querySelectorAll('#app script, #app img, #app svg, #app iframe').length,
        pwned: window.__pwned,
      }));
      assert.deepEqual(found, { elements: 0, pwned: undefined });
    }
    // The history lists the hostile server's name as text too.
    await con.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    assert.equal(await con.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(b.pageErrors, []);
  } finally {
    await evil.stop();
  }
});

test('the options page opens the console too', async () => {
  const options = await b.options();
  const opened = b.waitForPage((p) => p.url().endsWith('/console.html'));
  await options.click('#open-console');
  const page = await opened;
  await waitForApp(page);
  await page.waitForSelector('#console-form');
  await page.close();
  await options.close();
});

// After the tests that list bob's mailboxes: this one adds three.
test('a password argument: sent in a form body, masked in the request, the snippets and the history; a re-run asks for it again', async () => {
  const PASS = 'n3w Box&pass=+%é'; // not in the fixture: the new mailbox's
  const leak = [{ value: PASS, kind: 'password', owner: 'newbox@bob.example' }];
  const formEncoded = (v) => encodeURIComponent(v).replace(/%20/g, '+'); // as Go's url.QueryEscape, for this value
  const shownRequest = (sel) => con.evaluate((s) => ({
    method: document.querySelector(s + ' .method')?.textContent,
    url: document.querySelector(s + ' .url')?.textContent,
    body: document.querySelector(s + ' pre.body')?.textContent ?? null,
  }), sel);
  const valueType = (i) => con.getAttribute(`.arg-value >> nth=${i}`, 'type');

  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'add_pop', auth: 'cpanel-token',
    method: '', args: [['email', 'newbox'], ['password', PASS], ['quota', '0']] });
  assert.deepEqual([await valueType(0), await valueType(1), await valueType(2)], ['text', 'password', 'text'], 'typed as a password');
  assert.match(await con.textContent('#method-auto'), /^Automatic: form body \(POST/);
  assert.deepEqual(await shownRequest('#request'),
    { method: 'POST', url: `${CPANEL}/execute/Email/add_pop`, body: 'email=newbox&password=<PASSWORD>&quota=0' });
  const curl = await copied('#copy-curl');
  assert.equal(curl, [
    `curl -X POST ${CPANEL}/execute/Email/add_pop \\`,
    '  -H \'Authorization: cpanel bob:<CPANEL_API_TOKEN>\' \\',
    '  -H \'Content-Type: application/x-www-form-urlencoded\' \\',
    '  --data-urlencode email=newbox \\',
    '  --data-urlencode \'password=<PASSWORD>\' \\',
    '  --data-urlencode quota=0',
  ].join('\n'));
  const fetchText = await copied('#copy-fetch');
  assert.ok(fetchText.includes('body: "email=newbox\\u0026password=" + encodeURIComponent("\\u003cPASSWORD\\u003e") + "\\u0026quota=0",'), fetchText);
  assert.deepEqual(findSecrets(curl + fetchText, [...secrets, ...leak]), [], 'nothing secret copied');

  // Sent: a POST whose URL has no argument; the emulator creates the mailbox from the body.
  let seq = (await emu.requests()).at(-1).seq;
  const r = await send();
  assert.equal(r.status, 200);
  assert.equal(r.outcome, 'ok');
  assert.ok(r.tree.includes('"newbox+bob.example"'), r.tree);
  let sent = (await emu.requests(seq)).filter((q) => q.url.startsWith('/execute/Email/add_pop'));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].method, 'POST');
  assert.equal(sent[0].url, '/execute/Email/add_pop', 'no argument in the URL');
  assert.equal(sent[0].body, `email=newbox&password=${formEncoded(PASS)}&quota=0`);
  assert.deepEqual(sent[0].headers['Content-Type'], ['application/x-www-form-urlencoded']);
  assert.deepEqual(findSecrets(sent[0].url, leak), []);
  assert.deepEqual(await shownRequest('#sent-request'),
    { method: 'POST', url: `${CPANEL}/execute/Email/add_pop`, body: 'email=newbox&password=<PASSWORD>&quota=0' });

  // Nowhere in the page's markup (the password input's value is the form's, typed by the user), in the stored
  // history, or in any console log.
  assert.deepEqual(findSecrets(await con.evaluate(() => document.getElementById('app').outerHTML), leak), [], 'not in the page');
  const doc = (await b.must({ type: 'vault.read' })).data;
  assert.deepEqual(doc.history[0].form.args, [['email', 'newbox'], ['password', ''], ['quota', '0']]);
  assert.deepEqual(doc.history[0].form.withheld, [1]);
  assert.deepEqual(findSecrets(JSON.stringify(doc.history), [...secrets, ...leak]), [], 'not in the history');
  assert.deepEqual(b.console.flatMap((m) => findSecrets(m.text, leak)), [], 'not logged');
  assert.match(await con.textContent('#history .history-entry .call'), /^UAPI Email::add_pop \(asks for password\)$/);

  // "Show secrets" shows it, in the request and in the form; off again, it is masked again.
  await con.check('#reveal');
  assert.equal((await shownRequest('#sent-request')).body, `email=newbox&password=${formEncoded(PASS)}&quota=0`);
  assert.equal(await valueType(1), 'text');
  await con.uncheck('#reveal');
  assert.equal(await valueType(1), 'password');
  assert.equal((await shownRequest('#sent-request')).body, 'email=newbox&password=<PASSWORD>&quota=0');

  // "Run again": the form comes back without the password, and nothing leaves until it is typed again.
  seq = (await emu.requests()).at(-1).seq;
  await con.click('#history .history-entry >> nth=0 >> button.rerun');
  await con.waitForFunction(() => /again/.test(document.getElementById('message').textContent));
  assert.match(await con.textContent('#message'), /Type the value of “password” again/);
  assert.match(await con.textContent('#form-error'), /Type the value of “password” again: the history keeps no secret argument/);
  assert.equal(await con.isDisabled('#send'), true);
  assert.equal(await con.inputValue('.arg-value >> nth=1'), '');
  assert.equal(await con.evaluate(() => document.activeElement === document.querySelectorAll('.arg-value')[1]), true, 'focused');
  assert.equal(await con.getAttribute('.arg-value >> nth=1', 'placeholder'), 'type it again: the history keeps no secret');
  await con.evaluate(() => new Promise((res) => setTimeout(res, 300)));
  assert.equal((await emu.requests(seq)).filter((q) => q.url.startsWith('/execute/Email/add_pop')).length, 0, 'nothing sent');
  await con.fill('.arg-value >> nth=0', 'newbox2');
  await con.fill('.arg-value >> nth=1', PASS);
  const again = await send();
  assert.equal(again.outcome, 'ok');
  assert.ok(again.tree.includes('"newbox2+bob.example"'), again.tree);
  sent = (await emu.requests(seq)).filter((q) => q.url.startsWith('/execute/Email/add_pop'));
  assert.deepEqual(sent.map((q) => [q.method, q.url, q.body]),
    [['POST', '/execute/Email/add_pop', `email=newbox2&password=${formEncoded(PASS)}&quota=0`]]);

  // Revealed on request, the curl command sends the same body: pasted into a shell, it creates a third mailbox.
  await con.fill('.arg-value >> nth=0', 'newbox3');
  await con.check('#reveal');
  const revealed = await copied('#copy-curl');
  await con.uncheck('#reveal');
  seq = (await emu.requests()).at(-1).seq;
  const out = execFileSync('bash', ['-c', revealed + ` --silent --cacert ${JSON.stringify(emu.info.caFile)}`], { encoding: 'utf8' });
  assert.deepEqual([JSON.parse(out).status, JSON.parse(out).data], [1, 'newbox3+bob.example']);
  sent = (await emu.requests(seq)).filter((q) => q.url.startsWith('/execute/Email/add_pop'));
  assert.deepEqual(sent.map((q) => [q.method, q.url, q.body, q.headers['Content-Type'][0]]),
    [['POST', '/execute/Email/add_pop', `email=newbox3&password=${formEncoded(PASS)}&quota=0`, 'application/x-www-form-urlencoded']]);

  // The user may choose the query string: the URL then carries the password, masked wherever the page shows it.
  await con.selectOption('#method', 'GET');
  assert.deepEqual(await shownRequest('#request'),
    { method: 'GET', url: `${CPANEL}/execute/Email/add_pop?email=newbox3&password=<PASSWORD>&quota=0`, body: null });
  const getCurl = await copied('#copy-curl');
  assert.equal(getCurl, `curl '${CPANEL}/execute/Email/add_pop?email=newbox3&password=<PASSWORD>&quota=0' \\\n` +
    '  -H \'Authorization: cpanel bob:<CPANEL_API_TOKEN>\'');
  await fillForm({ method: '', args: [] });
  assert.match(await con.textContent('#method-auto'), /^Automatic: query string \(GET\)/);
  assert.deepEqual(findSecrets(await con.evaluate(() => document.getElementById('app').outerHTML), leak), []);
});

// It leaves the worker's clock offset for s-demo at the server's 150 s: the tests after it send no 2FA code.
test('Basic + 2FA against a server 150 s ahead: the refusal names the drift, the next send passes and the offset is kept; a password + 2FA login\'s offset is used from the first send', async () => {
  const alice = account('alice'); // 2FA with the API-requests policy: every password call needs a current code
  const form = { server: 's-demo', account: 'a-alice', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'basic-otp', args: [] };
  const sentCode = async () => {
    const sent = (await emu.requests()).filter((q) => q.url === '/execute/Email/list_pops').pop();
    return { code: sent.headers['X-Cpanel-Otp'][0], at: Date.parse(sent.time) };
  };
  const atServerTime = ({ code, at }) => [-1, 0, 1].map((k) => totp(alice.totpSecret, { time: at + 150000 + k * 30000 })).includes(code);
  await emu.clock(150);
  try {
    // No offset known yet: the code at this computer's time is refused, and the console reads the server's Date.
    assert.equal((await b.storage()).local.clockOffsets?.['s-demo'], undefined, 'no login has learnt this server\'s clock');
    await fillForm(form);
    let r = await send();
    assert.equal(r.status, 403);
    assert.equal(r.outcome, 'tfa-failed');
    assert.match(r.message, /its clock is 2m(29|30|31)s ahead of this computer's/);
    assert.equal(atServerTime(await sentCode()), false, 'the refused code was this computer\'s');
    // Sent again, the code is the server's.
    r = await send();
    assert.equal(r.status, 200);
    assert.equal(r.outcome, 'ok');
    assert.equal(r.message, '');
    assert.ok(atServerTime(await sentCode()), 'the code is current at the server\'s clock');
    const kept = (await b.storage()).local.clockOffsets['s-demo'];
    assert.ok(Math.abs(kept - 150) <= 1, `the console kept the offset it read for the next login and page: ${kept} s`);

    // Forgotten, then a fresh console page has measured nothing; a password + 2FA login (one retry at the server's
    // time) stores the offset in the worker, and the console's first send uses it.
    await (await b.helper()).evaluate(() => chrome.storage.local.remove('clockOffsets'));
    await con.reload();
    await waitForApp(con);
    const tab = await b.waitForTab(CPANEL + '/', () => b.must({ type: 'login', serverId: 's-demo', accountId: 'a-alice', service: 'cpanel', method: 'password' }));
    await tab.waitForSelector('#emulator-home[data-service="cpanel"]');
    await tab.close();
    await con.bringToFront();
    const learnt = (await b.storage()).local.clockOffsets['s-demo'];
    assert.ok(Math.abs(learnt - 150) <= 1, `the worker learnt ${learnt} s`);
    await fillForm(form);
    r = await send();
    assert.equal(r.status, 200);
    assert.equal(r.outcome, 'ok');
    assert.equal(r.message, '');
    assert.ok(atServerTime(await sentCode()), 'the first code is current at the server\'s clock');
  } finally {
    await emu.clock(0);
  }
});

// A mailbox's own Webmail session. Its server here holds no WHM credential, so the popup's mailbox row logs in with
// the mailbox password (/login on 2096, §4) rather than WHM's create_user_session.
//
// The call: Email::list_pops. cPanel runs a UAPI call in a Webmail session only when Cpanel/AppSafe.pm lists it as
// safe for Webmail (Cpanel/API.pm answers "Execution of … is not permitted inside of webmail" otherwise), and
// Email::list_pops is on that list (UAPI, "api version" 3); the emulator runs Webmail UAPI calls as the mailbox's
// cPanel account (tests/emulator/README.md), so the answer lists the mailbox among that account's.
test('a mailbox\'s one-click Webmail login by password: the console sends UAPI in that browser session, to 2096 with its cookie and /cpsessN', async () => {
  const WEBMAIL = `https://${emu.host}:${REAL_PORTS['webmail-tls']}`;
  const mb = account('bob').mailboxes.find((m) => m.email === 'info@bob.example');
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's-mail', name: 'Mail only', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: '', password: '', accessHash: '', totp: null },
    accounts: [{
      id: 'a-bob-mail', user: 'bob', domain: 'bob.example', owner: 'root', suspended: false, password: '', apiToken: '', totp: null,
      mailboxes: [{ email: mb.email, password: mb.password }],
    }],
    accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });

  // One click on the mailbox's row in the popup: the password goes to Webmail's /login, a tab opens Webmail.
  await popup.bringToFront();
  const button = `.row[data-id="a-bob-mail/${mb.email}"] button[data-service="webmail"][data-method="password"]`;
  await popup.waitForSelector(button);
  let seq = (await emu.requests()).at(-1).seq;
  const tab = await b.waitForTab(WEBMAIL + '/', () => popup.click(button));
  await tab.waitForSelector('#emulator-home[data-service="webmail"]');
  const logins = (await emu.requests(seq)).filter((q) => q.method === 'POST' && q.url.startsWith('/login/'));
  assert.deepEqual(logins.map((q) => [q.port, q.status, new URLSearchParams(q.body).get('user')]), [[2096, 200, mb.email]]);
  const cpsess = /^\/cpsess\d{10}(?=\/)/.exec(new URL(tab.url()).pathname)[0];
  const live = (await emu.sessions()).filter((s) => s.service === 'webmail' && s.securityToken === cpsess && !s.preAuth);
  assert.deepEqual(live.map((s) => s.user), [mb.email], 'the emulator holds that session, the mailbox\'s');

  // The worker remembers it, in storage.session only: Webmail's address, the tab's token, the mailbox as its user.
  const { at, ...remembered } = (await b.storage()).session['browserSession/s-mail/webmail'];
  assert.deepEqual(remembered, { baseURL: WEBMAIL, cpsess, user: mb.email });
  assert.ok(at > Date.now() - 60000 && at <= Date.now(), 'remembered when the tab opened');

  // The console offers it for Webmail on that server, and sends the call in it.
  await con.bringToFront();
  await fillForm({ server: 's-mail', account: '', service: 'webmail', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'session', method: '', args: [] });
  await con.waitForSelector('#session-status .session.known');
  assert.ok((await con.textContent('#session-status')).startsWith(`Browser session into Webmail as ${mb.email} at ${WEBMAIL}, opened`));
  assert.deepEqual(await problems(), [], 'preflight: UAPI in a Webmail session on 2096 is fine');
  seq = (await emu.requests()).at(-1).seq;
  const r = await send();
  assert.equal(r.status, 200);
  assert.equal(r.outcome, 'ok');
  assert.equal(r.url, `${WEBMAIL}${cpsess}/execute/Email/list_pops`);
  assert.ok(r.headers.includes('Cookiewebmailsession=… (the browser\'s session cookie, sent by the browser)'), r.headers.join(' | '));
  assert.ok(r.tree.includes(`"${mb.email}"`), 'the answer lists the mailbox: ' + r.tree);

  // What reached the server: Webmail's TLS port, the /cpsessN path, that session's cookie, no credential header.
  const sent = (await emu.requests(seq)).filter((q) => q.url.includes('/execute/Email/list_pops'));
  assert.deepEqual(sent.map((q) => [q.port, q.listener, q.service, q.method, q.url, q.status]),
    [[2096, 'webmail-tls', 'webmail', 'GET', `${cpsess}/execute/Email/list_pops`, 200]]);
  assert.equal(sent[0].headers.Authorization, undefined);
  const cookie = sent[0].cookies.find((c) => c.name === 'webmailsession');
  assert.ok(cookie, 'the Webmail session cookie was sent: ' + JSON.stringify(sent[0].cookies.map((c) => c.name)));
  assert.equal(decodeURIComponent(cookie.value).split(',')[0], live[0].name, 'the cookie is that session\'s');
  assert.deepEqual(findSecrets(await con.evaluate(() => document.getElementById('app').outerHTML), secrets), [], 'no secret on the page');

  // A second login from the popup replaces the session (a new /cpsessN). The open console follows without being
  // touched (it used to keep the old token: the server refused the call, 401 invalid-security-token).
  await popup.bringToFront();
  const tab2 = await b.waitForTab(WEBMAIL + '/', () => popup.click(button));
  await tab2.waitForSelector('#emulator-home[data-service="webmail"]');
  const cpsess2 = /^\/cpsess\d{10}(?=\/)/.exec(new URL(tab2.url()).pathname)[0];
  assert.notEqual(cpsess2, cpsess);
  await con.bringToFront();
  await con.waitForFunction((t) => document.getElementById('request').textContent.includes(t), cpsess2, { timeout: 10000 });
  const r2 = await send();
  assert.equal(r2.status, 200);
  assert.equal(r2.url, `${WEBMAIL}${cpsess2}/execute/Email/list_pops`);
  await tab2.close();
  await tab.close();
});

// UAPI paging (api.docs.cpanel.net/cpanel/paginate; the emulator as tests/emulator/paginate.go says): the arguments
// typed in the form, the answer's metadata.paginate read out under the envelope.
test('a paginating answer: api.paginate arguments in the form, and the paging the answer carries shown under it', async () => {
  const paging = () => con.evaluate(() => document.querySelector('#envelope dd.paging')?.textContent ?? null);
  const emailsOf = (r) => JSON.parse(r.raw).data.map((m) => m.email);
  await fillForm({ server: 's-demo', account: 'a-bob', service: '', family: 'uapi', module: 'Email', fn: 'list_pops', auth: 'cpanel-token', method: '', args: [] });
  let r = await send();
  assert.equal(r.outcome, 'ok');
  const all = emailsOf(r); // bob, his mailboxes, and those an earlier test created
  assert.ok(all.length >= 3, all.join());
  assert.equal(await paging(), null, 'no paging without the arguments');
  const pages = Math.ceil(all.length / 2);

  await fillForm({ args: [['api.paginate', '1'], ['api.paginate_size', '2']] });
  r = await send();
  assert.equal(r.outcome, 'ok');
  assert.equal(r.url, `${CPANEL}/execute/Email/list_pops?api.paginate=1&api.paginate_size=2`);
  assert.deepEqual(emailsOf(r), all.slice(0, 2));
  assert.match(r.envelope, /Paging/);
  assert.equal(await paging(), `page 1 of ${pages}, 2 per page, ${all.length} results in all (from result 1)`);

  // The next page: api.paginate_start counts records from 1.
  await fillForm({ args: [['api.paginate', '1'], ['api.paginate_size', '2'], ['api.paginate_start', '3']] });
  r = await send();
  assert.equal(r.outcome, 'ok');
  assert.deepEqual(emailsOf(r), all.slice(2, 4));
  assert.equal(await paging(), `page 2 of ${pages}, 2 per page, ${all.length} results in all (from result 3)`);
});
