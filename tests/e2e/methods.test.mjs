// Every documented login method, one click each, against the emulator (demo data): the worker's login message as
// the popup sends it, the engine's steps through the network gate, and the tab the browser opens on the session:
// WHM API token, cPanel API token (Webmail), access hash (while the server allows it, and refused when not),
// password, password + 2FA code (tfa_token), password then the 2FA security-code page (both steps), and secure
// remote login on a chosen page (goto_uri), with deep links by app key and by page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { REAL_PORTS, closeAll, startWithVault } from './harness.mjs';

let emu;
let b;
let fixture;
let WHM;
let BASE;

function whmUser(name) { return fixture.whmUsers.find((u) => u.user === name); }
function account(name) { return fixture.accounts.find((a) => a.user === name); }
function totpOf(secret) { return { secret, algorithm: 'SHA1', digits: 6, period: 30 }; }

before(async () => {
  ({ emu, fixture, b } = await startWithVault('methods'));
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  BASE = { cpanel: `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`, whm: WHM, webmail: `https://${emu.host}:${REAL_PORTS['webmail-tls']}` };
  const root = whmUser('root');
  const bob = account('bob');
  const erin = account('erin');
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's1', name: 'Emulator', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: root.tokens[0].token, password: root.password, accessHash: root.accessHash, totp: totpOf(root.totpSecret) },
    accounts: [
      { id: 'a-bob', user: 'bob', domain: bob.domain, owner: 'root', suspended: false, password: bob.password, apiToken: bob.tokens[0].token,
        totp: null, mailboxes: [{ email: bob.mailboxes[0].email, password: bob.mailboxes[0].password }] },
      { id: 'a-erin', user: 'erin', domain: erin.domain, owner: 'root', suspended: false, password: erin.password, apiToken: '',
        totp: totpOf(erin.totpSecret), mailboxes: [] },
    ],
    accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await b.grantHost(`https://${emu.host}/*`);
});

after(() => closeAll('methods', b, emu));

// login sends the popup's login message and returns where the tab the worker opened landed: the emulator's page
// (service, user, path) after the browser consumed the session.
async function login(msg) {
  await b.clearCookies();
  let reply;
  const tab = await b.waitForTab(BASE[msg.service] + '/', async () => {
    reply = await b.send({ type: 'login', serverId: 's1', ...msg });
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
  });
  const main = await tab.waitForSelector('main[data-service]', { timeout: 20000 });
  const landed = {
    service: await main.getAttribute('data-service'), user: await main.getAttribute('data-user'), path: await main.getAttribute('data-path'),
  };
  await tab.close();
  return landed;
}

// Where a login without a destination lands: the service's home page, as user.
function home(service, user) {
  return { service, user, path: { cpanel: '/frontend/jupiter/index.html', webmail: '/webmail/jupiter/index.html', whm: '/' }[service] };
}

test('WHM API token: create_user_session, into cPanel', async () => {
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'token' }), home('cpanel', 'bob'));
});

test('cPanel API token: the account\'s own Webmail, and a mailbox\'s, through UAPI Session', async () => {
  const since = await emu.lastSeq();
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'webmail', method: 'cpanel-token' }),
    home('webmail', 'bob'));
  assert.deepEqual(await login({ accountId: 'a-bob', mailbox: account('bob').mailboxes[0].email, service: 'webmail', method: 'cpanel-token' }),
    home('webmail', account('bob').mailboxes[0].email));
  const sent = (await emu.requests(since)).filter((r) => r.url.startsWith('/execute/Session/'));
  assert.deepEqual(sent.map((r) => [r.url.split('?')[0], r.headers.Authorization[0].replace(/:.*/, '')]), [
    ['/execute/Session/create_webmail_session_for_self', 'cpanel bob'],
    ['/execute/Session/create_webmail_session_for_mail_user', 'cpanel bob'],
  ]);
  // cPanel itself: no session from a cPanel token, and nothing is sent.
  const r = await b.send({ type: 'login', serverId: 's1', accountId: 'a-bob', service: 'cpanel', method: 'cpanel-token' });
  assert.equal(r.error.code, 'cpanel-token-no-session');
});

test('access hash: refused while the server does not allow it (cPanel\'s default), then a session once it does', async () => {
  const refused = await b.send({ type: 'login', serverId: 's1', service: 'whm', method: 'access-hash' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'access-hash-rejected');
  assert.match(refused.error.advice, /API token/);
  await emu.config({ allowAccessHash: true });
  try {
    assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'access-hash' }),
      home('cpanel', 'bob'));
    const hashCalls = (await emu.requests()).filter((r) => r.url.startsWith('/json-api/create_user_session') &&
      /^WHM root:[0-9a-f]+$/.test(r.headers.Authorization[0]));
    assert.ok(hashCalls.length >= 1, 'the hash went as WHM root:HASH, its newlines removed');
  } finally {
    await emu.config({ allowAccessHash: false });
  }
});

test('password', async () => {
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'password' }), home('cpanel', 'bob'));
});

test('password + 2FA code sent with the login (tfa_token)', async () => {
  const since = await emu.lastSeq();
  assert.deepEqual(await login({ accountId: 'a-erin', service: 'cpanel', method: 'password' }), home('cpanel', 'erin'));
  const posted = (await emu.requests(since)).find((r) => r.url === '/login/?login_only=1');
  assert.match(posted.body, /tfa_token=\d{6}/);
});

test('password, then the 2FA security-code page: the form login, then tfatoken to the session, then the tab', async () => {
  const since = await emu.lastSeq();
  assert.deepEqual(await login({ accountId: 'a-erin', service: 'cpanel', method: 'password-security-code' }),
    home('cpanel', 'erin'));
  const sent = (await emu.requests(since)).filter((r) => r.method === 'POST');
  assert.equal(sent.length, 2, sent.map((r) => r.url).join(', '));
  assert.equal(sent[0].url, '/login/', 'step 1: the login form\'s own post, no login_only');
  assert.equal(sent[0].status, 302);
  assert.doesNotMatch(sent[0].body, /tfa_token/, 'no code with the password');
  assert.match(sent[1].url, /^\/cpsess\d{10}\/$/, 'step 2: the security code, to the session the redirect named');
  assert.match(sent[1].body, /^tfatoken=\d{6}$/);
  assert.equal(sent[1].status, 302);
  assert.doesNotMatch(sent[1].body, new RegExp(account('erin').password), 'the password is sent once');
  // And for WHM, as root.
  assert.deepEqual(await login({ service: 'whm', method: 'password-security-code' }), home('whm', 'root'));
});

test('secure remote login: a password login landing on the chosen page (goto_uri), and deep links by app key', async () => {
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'password', dest: 'ssl-tls' }),
    { service: 'cpanel', user: 'bob', path: '/frontend/jupiter/ssl/index.html' });
  assert.deepEqual(await login({ accountId: 'a-erin', service: 'cpanel', method: 'password-security-code', dest: 'backup' }),
    { service: 'cpanel', user: 'erin', path: '/frontend/jupiter/backup/index.html' });
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'token', dest: 'file-manager' }),
    { service: 'cpanel', user: 'bob', path: '/frontend/jupiter/filemanager/index.html' });
  assert.deepEqual(await login({ accountId: 'a-bob', service: 'cpanel', method: 'token', dest: 'app:Cron_Home' }),
    { service: 'cpanel', user: 'bob', path: '/frontend/jupiter/cron/index.html' });
  const whm = await login({ service: 'whm', method: 'token', dest: 'whm-list-accounts' });
  assert.equal(whm.service, 'whm');
  assert.notEqual(whm.path, '/', 'the app key was honoured');
  const wrong = await b.send({ type: 'login', serverId: 's1', accountId: 'a-bob', service: 'cpanel', method: 'token', dest: 'whm-terminal' });
  assert.equal(wrong.error.code, 'destination-invalid');
});

test('the popup: a row\'s menu by keyboard (deep links, every method, the access hash\'s note), a favourite, tag: search', async () => {
  await b.must({ type: 'vault.edit', edit: { op: 'server.update', id: 's1', set: { tags: ['prod', 'eu'] } } });
  const popup = await b.popup();
  await popup.waitForSelector('.row[data-id="a-bob"]');
  await popup.fill('#search', 'tag:prod');
  await popup.waitForFunction(() => document.querySelectorAll('#list .row').length === 4);
  assert.deepEqual(await popup.$$eval('#list .row', (rs) => rs.map((r) => r.dataset.id)),
    ['s1', 'a-bob', 'a-bob/' + account('bob').mailboxes[0].email, 'a-erin'], 'the tagged server and its rows');
  await popup.fill('#search', 'tag:pro');
  await popup.waitForSelector('#list .empty');
  await popup.fill('#search', 'bob');

  // The keyboard: Tab reaches the row's menu, Enter opens it, its buttons are the next Tab stops.
  const summary = '.row[data-id="a-bob"] details.row-menu > summary';
  await popup.focus(summary);
  await popup.keyboard.press('Enter');
  await popup.waitForSelector('.row[data-id="a-bob"] details.row-menu[open] button.menu-login');
  const labels = await popup.$$eval('.row[data-id="a-bob"] .menu button.menu-login', (bs) => bs.map((x) => x.textContent));
  for (const l of ['File Manager', 'Email Accounts', 'phpMyAdmin', 'Backup', 'SSL/TLS', 'WHM: List Accounts', 'WHM: Terminal', 'Webmail',
    'WHM API token', 'cPanel API token', 'Access hash (WHM root:hash)', 'Password']) assert.ok(labels.includes(l), l);
  assert.match(await popup.textContent('.row[data-id="a-bob"] .menu .note'), /Deprecated by cPanel.*switch to an API token/);
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.textContent), 'cPanel home');
  await popup.keyboard.press('Tab'); // its star
  await popup.keyboard.press('Tab');
  assert.equal(await popup.evaluate(() => document.activeElement.textContent), 'File Manager');
  await b.clearCookies();
  const fm = await b.waitForTab(BASE.cpanel + '/', () => popup.keyboard.press('Enter'));
  const page = await fm.waitForSelector('main[data-service]', { timeout: 20000 });
  const cus = (await emu.requests()).filter((r) => r.url.startsWith('/json-api/create_user_session')).at(-1);
  assert.equal(await page.getAttribute('data-path'), '/frontend/jupiter/filemanager/index.html', cus.url);
  await fm.close();

  // A favourite: the star in the menu (still open), then one click on the row.
  if (!(await popup.$eval('.row[data-id="a-bob"] details.row-menu', (d) => d.open))) await popup.click(summary);
  await popup.click('.row[data-id="a-bob"] .menu button[data-fav="backup"]');
  await popup.waitForSelector('.row[data-id="a-bob"] button.fav');
  assert.equal(await popup.textContent('.row[data-id="a-bob"] button.fav'), '★ Backup');
  assert.equal((await b.must({ type: 'vault.read' })).data.servers[0].accounts.find((a) => a.id === 'a-bob').favourite, 'backup');
  await b.clearCookies();
  const backup = await b.waitForTab(BASE.cpanel + '/', () => popup.click('.row[data-id="a-bob"] button.fav'));
  const bp = await backup.waitForSelector('main[data-service]', { timeout: 20000 });
  assert.equal(await bp.getAttribute('data-path'), '/frontend/jupiter/backup/index.html');
  await backup.close();
  await popup.close();
});
