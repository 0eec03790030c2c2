// The API console (console.html) in Chromium against the emulator (demo data, on cPanel's real ports on a loopback
// address of its own): each authentication method with each API family it supports and the server's refusals of
// the others, the browser session a one-click login opened (and one the console opens), Basic + 2FA, preflight's
// wrong-port explanation, curl/fetch output, the history across a lock, the session log inspector, and a hostile
// server answer rendered inert (a second emulator whose fixture carries markup in fields listaccts and
// Tokens::list echo).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, startEmulator, launchBrowser, popupView, setupThroughPopup, secretsOf, findSecrets, totp, MASTER_PASSWORD, REAL_PORTS,
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
  emu = await startEmulator();
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  assert.deepEqual([emu.urls.whm, emu.urls.cpanel], [WHM, CPANEL], 'the emulator is on cPanel\'s ports');
  fixture = await emu.fixture();
  secrets = secretsOf(fixture);
  b = await launchBrowser({ emulator: emu });
  popup = await b.popup();
  assert.equal(await popupView(popup), 'setup');
  await setupThroughPopup(popup);
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push(demoServer());
  await b.must({ type: 'vault.write', data: doc });
  const grant = await b.grantHost(`https://${emu.host}/*`);
  assert.equal(grant.contains, true);
});

after(async () => {
  if (b) {
    await b.saveArtifacts('console');
    await b.close();
  }
  if (emu) await emu.stop();
});

// ---- Driving the console

async function waitForApp(page) {
  await page.waitForFunction(() => {
    const app = document.getElementById('app');
    return app && app.children.length > 0 && !app.querySelector(':scope > .loading');
  }, null, { timeout: 20000 });
}

/**
 * Fills the console's form. f: {server, account, service, family, module, fn, args: [[k, v]…], auth}; absent
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
}

async function firstHistoryId() {
  return con.evaluate(() => document.querySelector('#history .history-entry')?.dataset.id || '');
}

/** Clicks Send and waits for the answer (a new history entry); returns what the page shows of it. */
async function send() {
  const before = await firstHistoryId();
  await con.click('#send');
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
  await con.evaluate(() => { document.getElementById('snippet').textContent = ''; });
  await con.click(button);
  await con.waitForFunction(() => document.getElementById('snippet').textContent !== '');
  await con.waitForFunction(() => /^Copied/.test(document.getElementById('message').textContent));
  const shown = await con.textContent('#snippet');
  assert.equal(await readClipboard(), shown, 'the clipboard holds what the page shows');
  return shown;
}

// The browser's clipboard, read from a page of the emulator's (Chrome grants clipboard-read to web origins only, not
// to the extension's): the cPanel login page, which runs no script of its own.
let clipPage;
async function readClipboard() {
  if (!clipPage || clipPage.isClosed()) {
    await b.context.grantPermissions(['clipboard-read'], { origin: CPANEL });
    clipPage = await b.context.newPage();
    await clipPage.goto(CPANEL + '/');
  }
  await clipPage.bringToFront();
  const text = await clipPage.evaluate(() => navigator.clipboard.readText());
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

  const opened = b.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/console.html') });
  await popup.click('#open-console');
  con = await opened;
  await waitForApp(con);
  await con.waitForSelector('#server option[value="s-demo"]');
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
