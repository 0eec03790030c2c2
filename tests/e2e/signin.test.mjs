// One-click sign-in from the popup against the emulator (demo data): by WHM API token (create_user_session, §3)
// and by password + 2FA (/login/?login_only=1, §4, §5), into cPanel, WHM and Webmail; session URLs that expired or
// were used; the popup's 2FA codes; and, after everything, the scans for secrets in storage, consoles and pages and
// for credentials sent where they do not belong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  popupCode, totp, secretsOf, findSecrets, credentialViolations, MASTER_PASSWORD, REAL_PORTS, closeAll, startWithVault,
} from './harness.mjs';

let emu;
let b;
let fixture;
let secrets;
let popup;

// Set in before(): the emulator listens on a loopback address of its own, on cPanel's ports.
let HOST_ORIGIN;
let WHM;
let CPANEL;
let WEBMAIL;
let BASE;
const COOKIE = { cpanel: 'cpsession', whm: 'whostmgrsession', webmail: 'webmailsession' };
const HOME = { cpanel: /^\/cpsess\d{10}\/frontend\/jupiter\/index\.html$/, whm: /^\/cpsess\d{10}\/$/, webmail: /^\/cpsess\d{10}\/webmail\/jupiter\/index\.html$/ };

// A standalone authenticator with non-default parameters, to check the popup's codes beyond cPanel's SHA1/6/30.
const AUTH = { id: 't-sha256', issuer: 'Example SHA256', account: 'ops@example.com', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA256', digits: 8, period: 60 };

function whmUser(name) { return fixture.whmUsers.find((u) => u.user === name); }
function account(name) { return fixture.accounts.find((a) => a.user === name); }
function totpOf(secret) { return { secret, algorithm: 'SHA1', digits: 6, period: 30 }; }

before(async () => {
  ({ emu, fixture, b, popup } = await startWithVault('signin'));
  HOST_ORIGIN = `https://${emu.host}/*`;
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  WEBMAIL = `https://${emu.host}:${REAL_PORTS['webmail-tls']}`;
  assert.deepEqual([emu.urls.whm, emu.urls.cpanel, emu.urls.webmail], [WHM, CPANEL, WEBMAIL], 'the emulator is on cPanel\'s ports');
  BASE = { cpanel: CPANEL, whm: WHM, webmail: WEBMAIL };
  secrets = secretsOf(fixture);
});

after(() => closeAll('signin', b, emu));

test('without host access the worker refuses to connect and names the origin to request', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  await b.must({ type: 'vault.write', data: { ...doc, servers: [...doc.servers, { id: 's-probe', address: emu.host, baseURL: WHM, whm: {}, accounts: [] }] } });
  const r = await b.send({ type: 'api.send', serverId: 's-probe', request: { method: 'GET', url: WHM + '/json-api/version?api.version=1' } });
  await b.must({ type: 'vault.write', data: doc });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'host-permission');
  assert.equal(r.error.origin, HOST_ORIGIN);
  assert.equal((await emu.requests()).length, 0, 'nothing reached the server');
});

test('a first one-click login without host access offers "Allow access"; once allowed, it logs in', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's-token', name: 'Emulator (token)', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: whmUser('root').tokens[0].token, password: '', accessHash: '', totp: null },
    accounts: [], accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="s-token"]');
  await popup.click('.row[data-id="s-token"] button[data-service="whm"]');
  const grant = await popup.waitForSelector('#message #grant-host', { timeout: 15000 });
  assert.equal(await grant.getAttribute('data-origin'), HOST_ORIGIN);
  // The user allows the site (Chrome's extension page); the popup's own button then makes the request and retries.
  await b.allowSite(HOST_ORIGIN);
  await b.clearCookies();
  const tab = await b.waitForTab(WHM + '/', () => grant.click());
  const home = await tab.waitForSelector('#emulator-home[data-service="whm"]', { timeout: 20000 });
  assert.equal(await home.getAttribute('data-user'), 'root');
  assert.equal(await (await b.helper()).evaluate((o) => chrome.permissions.contains({ origins: [o] }), HOST_ORIGIN), true,
    'the product\'s request granted the origin');
  await tab.close();
});

test('refreshing a server\'s accounts through WHM lists the emulator\'s accounts', async () => {
  const r = await b.must({ type: 'accounts.refresh', serverId: 's-token' });
  assert.equal(r.count, fixture.accounts.length, 'root sees every account');
  const server = (await b.must({ type: 'vault.read' })).data.servers.find((s) => s.id === 's-token');
  const users = server.accounts.map((a) => a.user).sort();
  assert.deepEqual(users, fixture.accounts.map((a) => a.user).sort());
  const dave = server.accounts.find((a) => a.user === 'dave');
  assert.equal(dave.suspended, true, 'suspension comes from listaccts');
  assert.equal(server.accounts.find((a) => a.user === 'bob').domain, 'bob.example');
  assert.ok(server.accountsFetchedAt > 0);
});

test('credentials stored for the password flows appear as rows with working buttons', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  const tok = doc.servers.find((s) => s.id === 's-token');
  const bob = tok.accounts.find((a) => a.user === 'bob');
  bob.mailboxes = [{ email: 'info@bob.example', password: '' }];
  const erin = account('erin');
  const root = whmUser('root');
  doc.servers.push({
    id: 's-pass', name: 'Emulator (password)', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: '', password: root.password, accessHash: '', totp: totpOf(root.totpSecret) },
    accounts: [{
      id: 'a-erin', user: 'erin', domain: erin.domain, owner: 'root', suspended: false, password: erin.password, apiToken: '',
      totp: totpOf(erin.totpSecret), mailboxes: [{ email: erin.mailboxes[0].email, password: erin.mailboxes[0].password }],
    }],
    accountsFetchedAt: 0,
  });
  doc.authenticators.push(AUTH);
  await b.must({ type: 'vault.write', data: doc });
  // The open popup follows the vault (storage.onChanged).
  await popup.waitForSelector('.row[data-id="a-erin"]');
  for (const sel of [
    '.row[data-id="s-token"] button[data-service="whm"][data-method="token"]',
    `.row[data-id="${bob.id}"] button[data-service="cpanel"][data-method="token"]`,
    `.row[data-id="${bob.id}/info@bob.example"] button[data-service="webmail"][data-method="token"]`,
    '.row[data-id="s-pass"] button[data-service="whm"][data-method="password"]',
    '.row[data-id="a-erin"] button[data-service="cpanel"][data-method="password"]',
    '.row[data-id="a-erin"] button[data-service="webmail"][data-method="password"]',
    `.row[data-id="a-erin/${erin.mailboxes[0].email}"] button[data-service="webmail"][data-method="password"]`,
  ]) {
    assert.equal(await popup.locator(sel).count(), 1, 'the popup offers ' + sel);
  }
});

test('the popup\'s 2FA codes equal an independent RFC 6238 computation (cPanel SHA1/6/30 and SHA256/8/60)', async () => {
  // The popup refreshes its codes on second boundaries; allow one tick after a step change.
  await popup.waitForTimeout(1100);
  const erin = account('erin');
  const a = await popupCode(popup, 'a-erin', 30);
  assert.equal(a.code, totp(erin.totpSecret, { time: a.at }));
  const root = whmUser('root');
  const s = await popupCode(popup, 's-pass', 30);
  assert.equal(s.code, totp(root.totpSecret, { time: s.at }));
  const t = await popupCode(popup, AUTH.id, 60);
  assert.equal(t.code, totp(AUTH.secret, { time: t.at, algorithm: 'SHA256', digits: 8, period: 60 }));
});

/**
 * Clicks a row's service button in the popup, waits for the tab to land on the emulator's logged-in home and
 * returns {page, cookie}. Cookies are cleared first so the session cookie found afterwards is this login's.
 */
async function oneClick(rowId, service, expectUser) {
  await b.clearCookies();
  const since = await emu.lastSeq();
  const tab = await b.waitForTab(BASE[service] + '/', () => popup.click(`.row[data-id="${rowId}"] button[data-service="${service}"]`));
  const home = await tab.waitForSelector(`#emulator-home[data-service="${service}"]`, { timeout: 20000 }).catch(async (err) => {
    const msg = await popup.locator('#message').textContent().catch(() => '');
    throw new Error(`no ${service} home in the tab (${tab.url()}); popup says: ${msg}; ${err.message}`);
  });
  assert.equal(await home.getAttribute('data-user'), expectUser);
  assert.match(new URL(tab.url()).pathname, HOME[service], 'the tab is on the service home under its security token');
  const cookies = await b.cookies(BASE[service]);
  const cookie = cookies.find((c) => c.name === COOKIE[service]);
  assert.ok(cookie, `the browser holds a ${COOKIE[service]} cookie for the server: ${cookies.map((c) => c.name)}`);
  assert.equal(cookie.domain, emu.host);
  assert.ok(decodeURIComponent(cookie.value).startsWith(expectUser + ':'), 'the cookie is the session of ' + expectUser);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.httpOnly, true);
  const reqs = await emu.requests(since);
  return { tab, cookie, reqs };
}

function sessionFetches(reqs) {
  return reqs.filter((r) => r.url.startsWith('/json-api/create_user_session'));
}

async function tokenLogin(rowId, service, user, daemon) {
  const { tab, reqs } = await oneClick(rowId, service, user);
  const cus = sessionFetches(reqs);
  assert.equal(cus.length, 1, 'one create_user_session call');
  assert.equal(cus[0].listener, 'whm-tls', 'create_user_session goes to WHM\'s TLS port');
  assert.match(cus[0].headers.Authorization[0], /^whm root:/, 'with the WHM API token');
  const q = new URL(cus[0].url, WHM).searchParams;
  assert.equal(q.get('user'), user);
  assert.equal(q.get('service'), daemon);
  const consumed = reqs.filter((r) => /^\/cpsess\d{10}\/login\/\?session=/.test(r.url));
  assert.equal(consumed.length, 1, 'the browser tab consumed the session URL once');
  assert.equal(consumed[0].listener, service + '-tls');
  assert.equal(consumed[0].status, 302);
  assert.equal(consumed[0].headers.Authorization, undefined, 'the tab sends no credential header');
  // The tab stays open: the final DOM scan covers it.
  return consumed[0];
}

test('one click into WHM by token (create_user_session) lands on WHM\'s home with a whostmgrsession cookie', async () => {
  await tokenLogin('s-token', 'whm', 'root', 'whostmgrd');
});

let bobSessionURL;

test('one click into cPanel by token lands on cPanel\'s home with a cpsession cookie', async () => {
  const bobId = (await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.user === 'bob').id;
  const consumed = await tokenLogin(bobId, 'cpanel', 'bob', 'cpaneld');
  bobSessionURL = CPANEL + consumed.url;
  const log = await emu.sessionLog();
  const purge = log.filter((e) => e.event === 'PURGE' && e.reason === 'loginsuccess' && e.user === 'bob');
  assert.ok(purge.length >= 1, 'the session log shows the pre-session exchanged (PURGE loginsuccess)');
});

test('one click into Webmail by token lands on Webmail\'s home with a webmailsession cookie', async () => {
  const bobId = (await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.user === 'bob').id;
  await tokenLogin(`${bobId}/info@bob.example`, 'webmail', 'info@bob.example', 'webmaild');
});

async function passwordLogin(rowId, service, user, secret, { skewed = 0 } = {}) {
  const { tab, reqs } = await oneClick(rowId, service, user);
  const logins = reqs.filter((r) => r.method === 'POST' && r.url.startsWith('/login/'));
  assert.ok(logins.length >= 1, 'a /login/ POST was sent');
  const last = logins.at(-1);
  assert.equal(last.listener, service + '-tls', `the password went to ${service}'s TLS port`);
  assert.equal(last.status, 200);
  const form = new URLSearchParams(last.body);
  assert.equal(form.get('user'), user);
  if (skewed) {
    const t = Date.parse(last.time) + skewed * 1000;
    const window = [-1, 0, 1].map((k) => totp(account(user).totpSecret, { time: t + k * 30000 }));
    assert.ok(window.includes(form.get('tfa_token')), `the retry's code ${form.get('tfa_token')} is current at the server's clock`);
  } else if (secret) {
    const t = Date.parse(last.time);
    const window = [-1, 0, 1].map((k) => totp(secret, { time: t + k * 30000 }));
    assert.ok(window.includes(form.get('tfa_token')), `tfa_token ${form.get('tfa_token')} is a current code (${window})`);
  } else {
    assert.ok(!form.get('tfa_token'), 'no 2FA code for a login without 2FA');
  }
  assert.equal(sessionFetches(reqs).length, 0, 'no token flow');
  return tab; // left open: the final DOM scan covers it
}

test('one click into WHM by password + 2FA lands on WHM\'s home with a whostmgrsession cookie', async () => {
  await passwordLogin('s-pass', 'whm', 'root', whmUser('root').totpSecret);
});

test('one click into cPanel by password + 2FA lands on cPanel\'s home with a cpsession cookie', async () => {
  await passwordLogin('a-erin', 'cpanel', 'erin', account('erin').totpSecret);
});

test('one click into Webmail by password + 2FA (the cPanel user) lands on Webmail\'s home', async () => {
  await passwordLogin('a-erin', 'webmail', 'erin', account('erin').totpSecret);
});

test('one click into Webmail by a mailbox password lands on Webmail\'s home', async () => {
  const mb = account('erin').mailboxes[0];
  await passwordLogin(`a-erin/${mb.email}`, 'webmail', mb.email, null);
});

test('a used session URL opened again gives cPanel\'s login page, and a new click works again', async () => {
  assert.ok(bobSessionURL, 'needs the cPanel token login above');
  await b.clearCookies();
  const again = await b.newPage();
  await again.goto(bobSessionURL);
  const login = await again.waitForSelector('#emulator-login');
  assert.match(await login.getAttribute('data-msg-code'), /^(invalid_session|expired_session)$/);
  assert.equal((await b.cookies(CPANEL)).find((c) => c.name === 'cpsession'), undefined, 'no session from a used URL');
  await again.close();
  const bobId = (await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.user === 'bob').id;
  const consumed = await tokenLogin(bobId, 'cpanel', 'bob', 'cpaneld');
  assert.notEqual(CPANEL + consumed.url, bobSessionURL, 'each click asks for a fresh session URL');
});

test('an expired session URL lands on cPanel\'s "session expired" page without a session; the next click works', async () => {
  const bobId = (await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.user === 'bob').id;
  await emu.config({ preauthTTL: 0.001 });
  try {
    await b.clearCookies();
    const tab = await b.waitForTab(CPANEL + '/', () => popup.click(`.row[data-id="${bobId}"] button[data-service="cpanel"]`));
    const login = await tab.waitForSelector('#emulator-login');
    assert.equal(await login.getAttribute('data-msg-code'), 'expired_session');
    assert.equal((await b.cookies(CPANEL)).find((c) => c.name === 'cpsession'), undefined);
    await tab.close();
  } finally {
    await emu.config({ preauthTTL: 300 });
  }
  await tokenLogin(bobId, 'cpanel', 'bob', 'cpaneld');
});

test('a refused login explains itself in the popup (suspended account, by token)', async () => {
  const dave = (await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.user === 'dave');
  await popup.fill('#search', 'dave');
  const reqs = await popupFailure(dave.id, 'cpanel', /suspended/);
  assert.equal(reqs.filter((r) => r.url.startsWith('/json-api/create_user_session')).length, 1, 'WHM was asked once');
  await popup.fill('#search', '');
});

test('password + 2FA still logs in when the server\'s clock is 150 s ahead (one retry at the server\'s time)', async () => {
  await emu.clock(150);
  try {
    const since = await emu.lastSeq();
    await passwordLogin('a-erin', 'cpanel', 'erin', null, { skewed: 150 });
    const logins = (await emu.requests(since)).filter((r) => r.method === 'POST' && r.url.startsWith('/login/'));
    assert.equal(logins.length, 2, 'the first code was refused and one retry was made');
    assert.equal(logins[0].status, 401);
    assert.equal(logins[1].status, 200);
  } finally {
    await emu.clock(0);
  }
});

async function popupFailure(rowId, service, pattern) {
  const since = await emu.lastSeq();
  const pages = b.pages().length;
  await popup.click(`.row[data-id="${rowId}"] button[data-service="${service}"]`);
  // Wait for the failure itself: the "Opening …" note before it is shown in the same element.
  await popup.waitForFunction((src) => {
    const m = document.getElementById('message');
    return m && m.classList.contains('error') && new RegExp(src, 'i').test(m.textContent);
  }, pattern.source, { timeout: 15000 }).catch(async (err) => {
    throw new Error(`popup message "${await popup.locator('#message').textContent()}" does not match ${pattern}: ${err.message}`);
  });
  assert.equal(b.pages().length, pages, 'no tab opened');
  return emu.requests(since);
}

test('a wrong stored password is explained in the popup and opens nothing', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  const carol = account('carol');
  doc.servers.find((s) => s.id === 's-pass').accounts.push({
    id: 'a-carol', user: 'carol', domain: carol.domain, owner: carol.owner, suspended: false, password: 'not-carols-password',
    apiToken: '', totp: null, mailboxes: [],
  });
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="a-carol"]');
  const reqs = await popupFailure('a-carol', 'cpanel', /password/);
  assert.equal(reqs.filter((r) => r.url.startsWith('/login/')).length, 1, 'one attempt, no retry with a wrong password');
});

test('a revoked WHM token is explained in the popup and opens nothing', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  const revoked = whmUser('root').tokens.find((t) => t.revoked).token;
  doc.servers.push({
    id: 's-revoked', name: 'Old server', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: revoked, password: '', accessHash: '', totp: null }, accounts: [], accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="s-revoked"]');
  await popupFailure('s-revoked', 'whm', /token/);
});

test('while locked the worker refuses to log in and sends nothing', async () => {
  const since = await emu.lastSeq();
  await b.must({ type: 'lock' });
  try {
    const r = await b.send({ type: 'login', serverId: 's-token', service: 'whm', method: 'token' });
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 'locked');
    assert.equal((await emu.requests(since)).length, 0);
  } finally {
    await popup.waitForSelector('#unlock-password');
    await popup.fill('#unlock-password', MASTER_PASSWORD);
    await popup.click('#unlock-submit');
    await popup.waitForSelector('#search', { timeout: 30000 });
  }
});

test('a server row for root offers no cPanel or Webmail button that cannot work (root has only WHM, §3)', async () => {
  // create_user_session refuses user=root for any service but whostmgrd, and root has no cPanel account to log
  // in to with a password. A button there can only fail.
  const offered = [];
  for (const svc of ['cpanel', 'webmail']) {
    const btn = popup.locator(`.row[data-id="s-token"] button[data-service="${svc}"]`);
    if (await btn.count() > 0 && await btn.isEnabled()) offered.push(svc);
  }
  if (offered.length === 0) return;
  const tab = await b.waitForTab(CPANEL + '/', () => popup.click(`.row[data-id="s-token"] button[data-service="${offered[0]}"]`), 8000)
    .catch(async () => null);
  const msg = await popup.locator('#message').textContent();
  assert.ok(tab, `the popup offers ${offered.join(' and ')} for root on a WHM-token server, and it fails: "${msg}"`);
});

test('after the run: no secret in clear in chrome.storage (local and session)', async () => {
  const { local, session } = await b.storage();
  const all = JSON.stringify({ local, session });
  const found = findSecrets(all, secrets).map((s) => `${s.kind} of ${s.owner}`);
  assert.deepEqual(found, []);
  assert.ok(!all.includes(MASTER_PASSWORD), 'the master password is not stored');
});

test('after the run: no secret in any console message of the pages or the worker', async () => {
  // The scan is only worth something if the worker's console reaches it: probe it first.
  await b.probeWorkerConsole('e2e console probe');
  await popup.waitForTimeout(200);
  assert.ok(b.console.some((m) => m.source === 'worker' && m.text === 'e2e console probe'), 'the worker console is collected');
  const leaks = [];
  for (const m of [...b.console, ...b.pageErrors]) {
    for (const s of findSecrets(m.text, secrets)) leaks.push(`${s.kind} of ${s.owner} in ${m.source || 'page error'} ${m.url}`);
    if (m.text.includes(MASTER_PASSWORD)) leaks.push('master password in ' + m.url);
  }
  assert.deepEqual(leaks, []);
});

test('after the run: no secret in the DOM of any open page', async () => {
  // Reopen the extension pages so that every view is in the scan.
  const pages = [await b.popup()];
  pages.push(await b.openPage('options.html'));
  pages.push(await b.openPage('console.html'));
  const leaks = [];
  for (const d of await b.domTexts()) {
    for (const s of findSecrets(d.text, secrets)) leaks.push(`${s.kind} of ${s.owner} in ${d.url}`);
    if (d.text.includes(MASTER_PASSWORD)) leaks.push('master password in ' + d.url);
  }
  assert.deepEqual(leaks, []);
});

test('after the run: the emulator saw no credential sent to a host or port it does not belong to', async () => {
  const reqs = await emu.requests();
  assert.ok(reqs.length > 10, 'the log holds the run');
  assert.deepEqual(credentialViolations(reqs, secrets), []);
  const plain = reqs.filter((r) => !r.tls && r.listener !== 'control');
  assert.deepEqual(plain.map((r) => `${r.method} ${r.listener} ${r.url}`), [], 'nothing at all went to the plain ports');
  for (const s of secrets.filter((x) => x.kind === '2fa-secret')) {
    assert.equal(reqs.filter((r) => findSecrets(JSON.stringify(r), [s]).length > 0).length, 0, `the 2FA secret of ${s.owner} never left`);
  }
});
