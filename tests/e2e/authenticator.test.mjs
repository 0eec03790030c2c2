// The popup as an authenticator (issue 15) against the emulator (demo data): codes of a server whose clock is off,
// computed at that server's learnt clock and marked; the popup's keyboard; QR codes scanned from a tab (the real
// toolbar popup, opened on the emulator's 2FA setup page), an image file and a pasted image with three codes, a Google
// Authenticator export, all through their previews; HOTP codes; editing, reordering, pinning and deleting with undo,
// kept across Lock and unlock; the keyboard shortcuts' registration (their presses: shortcuts.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  openTfaSetupPage, popupView, popupCode, unlockThroughPopup, totp, base32Decode, REAL_PORTS, ROOT, FIREFOX, closeAll,
  startWithVault,
} from './harness.mjs';

let emu;
let b;
let fixture;
let popup;
let WHM;
let CPANEL;

const SKEW = 150; // seconds the emulator's clock runs ahead: five 30-second steps, past cPanel's ±1 step window

function account(name) { return fixture.accounts.find((a) => a.user === name); }
function totpOf(secret) { return { secret, algorithm: 'SHA1', digits: 6, period: 30 }; }

before(async () => {
  // Extensions.triggerAction (the toolbar button's click, which grants activeTab) needs this flag.
  ({ emu, fixture, b, popup } = await startWithVault('authenticator', { browser: { args: ['--enable-unsafe-extension-debugging'] } }));
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  const erin = account('erin');
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's-skewed', name: 'Emulator', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: '', password: '', accessHash: '', totp: null },
    accounts: [{
      id: 'a-erin', user: 'erin', domain: erin.domain, owner: 'root', suspended: false, password: erin.password, apiToken: '',
      totp: totpOf(erin.totpSecret), mailboxes: [],
    }],
    accountsFetchedAt: 0,
  });
  doc.authenticators.push(
    { id: 't-one', issuer: 'One', account: 'one@example.com', secret: 'KVKFKRCPNZQUYMLX', algorithm: 'SHA1', digits: 6, period: 30 },
    { id: 't-two', issuer: 'Two', account: 'two@example.com', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30 },
  );
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="a-erin"]');
  await b.grantHost(`https://${emu.host}/*`);
});

after(async () => {
  await emu?.clock(0).catch(() => {});
  await closeAll('authenticator', b, emu);
});

/** The browser's clipboard (in Chromium read through the emulator's cPanel login page: harness.mjs). */
function readClipboard() {
  return b.readClipboard(CPANEL + '/');
}

/** Logs in to cPanel as erin with that 2FA code (what the server's 2FA says of it): the HTTP status. */
async function cpanelLogin(code) {
  const helper = await b.helper();
  return helper.evaluate(async ({ url, body }) => {
    const r = await fetch(url, { method: 'POST', body, credentials: 'omit', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return r.status;
  }, { url: CPANEL + '/login/?login_only=1', body: new URLSearchParams({ user: 'erin', pass: account('erin').password, tfa_token: code }).toString() });
}

test('a server whose clock is 150 s ahead: once a login learnt it, the popup\'s code is the server\'s, marked, and accepted', async () => {
  await emu.clock(SKEW);
  // A one-click login learns the offset (a refused code's Date header; one retry at the server's time) and keeps it.
  const tab = await b.waitForTab(CPANEL + '/', () => popup.click('.row[data-id="a-erin"] button[data-service="cpanel"]'));
  await tab.waitForSelector('#emulator-home[data-service="cpanel"]', { timeout: 20000 });
  await tab.close();
  const { clockOffsets } = (await b.storage()).local;
  assert.ok(Math.abs(clockOffsets['s-skewed'] - SKEW) <= 2, `the worker kept the server's offset: ${JSON.stringify(clockOffsets)}`);

  const p = await b.popup();
  await p.waitForSelector('.row[data-id="a-erin"] .clock');
  assert.match(await p.locator('.row[data-id="a-erin"] .clock').textContent(), /^\+2 min (2[89]|3[0-2]) s$/);
  assert.equal(await p.locator('.row[data-id="t-one"] .clock').count(), 0, 'a standalone authenticator belongs to no server');

  const secret = account('erin').totpSecret;
  const { code, at } = await popupCode(p, 'a-erin', 30);
  assert.equal(code, totp(secret, { time: at + clockOffsets['s-skewed'] * 1000 }), 'the code at the server\'s clock (an independent RFC 6238)');
  const local = totp(secret, { time: Date.now() });
  assert.notEqual(code, local);
  assert.equal(await cpanelLogin(local), 401, 'the code at this computer\'s clock is refused');
  assert.equal(await cpanelLogin(code), 200, 'the popup\'s code is accepted');

  // The countdown follows the server's clock too: its seconds left are the server's.
  const left = Number(await p.locator('.row[data-id="a-erin"] .ring .left').textContent());
  const serverSecond = Math.floor((Date.now() + clockOffsets['s-skewed'] * 1000) / 1000) % 30;
  assert.ok(Math.abs(left - (30 - serverSecond)) <= 1 || Math.abs(left - (30 - serverSecond)) >= 29, `seconds left ${left} at server second ${serverSecond}`);
  await p.close();
  await emu.clock(0);
});

test('the popup\'s keyboard: type to search, arrows move, Ctrl+C copies the highlighted code, Escape clears, Enter logs in', async () => {
  const p = await b.popup();
  await p.waitForSelector('.row[data-id="t-two"]');
  await p.keyboard.type('example.com');
  await p.waitForFunction(() => document.querySelectorAll('#list .row').length === 2);
  assert.equal(await p.locator('.row.selected').getAttribute('data-id'), 't-one', 'the first match is highlighted');
  await p.keyboard.press('ArrowDown');
  assert.equal(await p.locator('.row.selected').getAttribute('data-id'), 't-two');

  const { code } = await popupCode(p, 't-two', 30);
  await p.keyboard.press('Control+C');
  await p.waitForFunction(() => /copied/i.test(document.getElementById('message').textContent));
  const copied = await readClipboard();
  await p.bringToFront();
  assert.ok([code, totp('GEZDGNBVGY3TQOJQ', { time: Date.now() })].includes(copied), `copied ${copied}, the highlighted row's code`);

  await p.keyboard.press('Escape');
  assert.equal(await p.inputValue('#search'), '', 'Escape clears the search');
  await p.waitForSelector('.row[data-id="a-erin"]');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'search');

  // Enter opens the highlighted row's one-click login: erin's cPanel, by password + 2FA.
  await p.keyboard.type('erin');
  await p.waitForFunction(() => document.querySelectorAll('#list .row').length === 1);
  const tab = await b.waitForTab(CPANEL + '/', () => p.keyboard.press('Enter'));
  await tab.waitForSelector('#emulator-home[data-service="cpanel"]', { timeout: 20000 });
  assert.equal(await tab.getAttribute('#emulator-home', 'data-user'), 'erin');
  await tab.close();
  await p.close();
});

test('the manifest\'s shortcuts are the browser\'s: each command registered with its key (the popup, the pinned code, the QR scan)', async () => {
  const helper = await b.helper();
  const commands = await helper.evaluate(async () => (await chrome.commands.getAll()).map((c) => [c.name, c.shortcut]));
  assert.deepEqual(Object.fromEntries(commands), { _execute_action: 'Alt+Shift+K', 'copy-code': 'Alt+Shift+O', 'scan-qr': 'Alt+Shift+Q' });
});

// ---- QR codes, exports, HOTP

/** An independent RFC 4226 HOTP (node:crypto). */
function hotp(secret, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

async function authenticators() {
  return (await b.must({ type: 'vault.read' })).data.authenticators;
}

/** The options page, its import area ready. */
async function optionsPage() {
  const opt = await b.openPage('options.html', { width: 1100, height: 900 });
  await opt.waitForSelector('#otpauth-import');
  return opt;
}

/** Waits for an import preview and returns its items' [name, status, ticked]. */
async function previewItems(page, root = '#auth-import-preview') {
  await page.waitForSelector(`${root} .import-item`);
  return page.$$eval(`${root} .import-item`, (items) => items.map((li) => [li.querySelector('.name').textContent,
    li.dataset.status, li.querySelector('input').checked]));
}

// The real toolbar popup and the activeTab grant its click gives: Chromium's CDP Extensions.triggerAction. WebDriver
// BiDi cannot click Firefox's toolbar button or reach the popup's panel, so these two run in Chromium only.
const TOOLBAR = { skip: FIREFOX && 'the toolbar popup is opened through CDP (Extensions.triggerAction); BiDi cannot click Firefox\'s toolbar button' };

test('a QR code on the emulator\'s 2FA setup page, scanned from the tab in the toolbar popup, imports a key whose codes are RFC 6238\'s; cPanel accepts one', TOOLBAR, async () => {
  const tab = await openTfaSetupPage(b, CPANEL, 'bob', account('bob').password);
  const secret = await tab.getAttribute('#emulator-tfa-setup', 'data-secret');
  assert.match(secret, /^[A-Z2-7]{16}$/);

  const popup = await b.toolbarPopup(tab);
  try {
    await popup.evaluate(() => new Promise((resolve) => {
      const go = () => (document.getElementById('scan') ? resolve() : setTimeout(go, 50));
      go();
    }));
    const preview = await popup.evaluate(async () => {
      document.getElementById('scan').click();
      for (let i = 0; i < 400 && document.getElementById('scan-panel').hidden; i++) await new Promise((r) => setTimeout(r, 50));
      return [...document.querySelectorAll('#scan-preview .import-item')].map((li) => [li.querySelector('.name').textContent, li.dataset.status, li.querySelector('input').checked]);
    });
    assert.equal(preview.length, 1, JSON.stringify(preview));
    assert.match(preview[0][0], / · bob$/, 'the key of the server (its hostname, the issuer) for bob');
    assert.deepEqual(preview[0].slice(1), ['new', true]);
    const done = await popup.evaluate(async () => {
      document.getElementById('scan-import').click();
      for (let i = 0; i < 200 && !/added/.test(document.getElementById('message').textContent); i++) await new Promise((r) => setTimeout(r, 50));
      return document.getElementById('message').textContent;
    });
    assert.equal(done, 'Authenticators added: 1.');
  } finally {
    await popup.close();
  }
  const added = (await authenticators()).find((a) => a.secret === secret);
  assert.ok(added, 'the scanned key is in the vault');
  assert.equal(added.account, 'bob');

  const p = await b.popup();
  await p.waitForSelector(`.row[data-id="${added.id}"] .code`);
  const { code, at } = await popupCode(p, added.id, 30);
  assert.equal(code, totp(secret, { time: at }), 'the imported key\'s code is RFC 6238\'s');
  await p.close();
  // The server agrees: the code turns 2FA on with the scanned key.
  await tab.fill('#tfa_token', totp(secret));
  await tab.click('#tfa-configure-submit');
  await tab.waitForSelector('#emulator-tfa-configured');
  await tab.close();
});

const THREE = [
  ['Fixture · one', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 6],
  ['Fixture · two', 'JBSWY3DPEHPK3PXP', 6],
  ['Fixture · three', 'MFRGGZDFMZTWQ2LK', 8],
];

test('an image file with three QR codes imports three; the same picture pasted again finds them already there', async () => {
  const opt = await optionsPage();
  await opt.setInputFiles('#auth-import-image', path.join(ROOT, 'qrscan/testdata/three-codes.png'));
  assert.deepEqual(await previewItems(opt), THREE.map(([name]) => [name, 'new', true]));
  const before = (await authenticators()).length;
  await opt.click('#auth-import-confirm');
  await opt.waitForFunction(() => /added: 3/.test(document.getElementById('otpauth-import-result').textContent));
  const all = await authenticators();
  assert.equal(all.length, before + 3);
  for (const [, secret, digits] of THREE) {
    const a = all.find((x) => x.secret === secret);
    assert.ok(a && a.issuer === 'Fixture' && a.digits === digits, JSON.stringify(a));
  }

  // A pasted image (Ctrl+V anywhere on the page): the same three, now marked as already in the vault, unticked.
  // Chromium only: Firefox gives a script's paste event an empty copy of its clipboardData, and headless Firefox's
  // clipboard holds no image for a real Ctrl+V (both observed in ESR 153).
  if (!FIREFOX) {
    const png = fs.readFileSync(path.join(ROOT, 'qrscan/testdata/three-codes.png')).toString('base64');
    await opt.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, png);
    assert.deepEqual(await previewItems(opt), THREE.map(([name]) => [name, 'duplicate', false]));
    await opt.click('#auth-import-cancel');
  }
  await opt.close();
  // The three share secrets with the export below (RFC 6238's seed, the classic JBSWY3DP…): they go again.
  for (const a of await authenticators()) {
    if (a.issuer === 'Fixture') await b.must({ type: 'vault.edit', edit: { op: 'authenticator.delete', id: a.id } });
  }
});

test('a Google Authenticator export made with known secrets (pasted text, then a picture of its two QR codes) imports exactly; its HOTP key shows RFC 4226\'s codes, each once', async () => {
  const lines = fs.readFileSync(path.join(ROOT, 'otpmigration/testdata/export.txt'), 'utf8').trim().split('\n');
  const keys = fs.readFileSync(path.join(ROOT, 'otpmigration/testdata/export-keys.txt'), 'utf8').trim().split('\n').map((u) => new URL(u));
  const opt = await optionsPage();
  // The second QR code alone first: its export is read in part, and the preview says which QR code is missing.
  await opt.fill('#otpauth-import', lines[1]);
  await opt.click('#otpauth-import-submit');
  await opt.waitForSelector('#auth-import-preview .import-missing');
  assert.match(await opt.textContent('#auth-import-preview .import-missing'), /scan QR code 1 too/);
  // Then both QR codes, as a picture of the phone's two transfer screens: the whole export.
  await opt.setInputFiles('#auth-import-image', path.join(ROOT, 'qrscan/testdata/export-two-codes.png'));
  await opt.waitForSelector('#auth-import-preview .import-missing', { state: 'detached' }); // the picture's preview replaced the text's
  const items = await previewItems(opt);
  assert.equal(items.length, 5);
  assert.ok(items.every(([, status, ticked]) => status === 'new' && ticked), JSON.stringify(items));
  assert.equal(await opt.locator('#auth-import-preview .import-missing').count(), 0);
  await opt.click('#auth-import-confirm');
  await opt.waitForFunction(() => /added: 5/.test(document.getElementById('otpauth-import-result').textContent));
  await opt.close();

  const all = await authenticators();
  for (const k of keys) {
    const secret = k.searchParams.get('secret');
    const a = all.find((x) => x.secret === secret && x.account === decodeURIComponent(k.pathname.split(':').pop()));
    assert.ok(a, 'imported: ' + k);
    assert.equal(a.issuer, k.searchParams.get('issuer'));
    assert.equal(a.algorithm || 'SHA1', k.searchParams.get('algorithm') || 'SHA1');
    assert.equal(a.digits || 6, Number(k.searchParams.get('digits') || 6));
    if (k.host === 'hotp') {
      assert.equal(a.type, 'hotp');
      assert.equal(a.counter, Number(k.searchParams.get('counter')));
    } else {
      assert.equal(a.period || 30, Number(k.searchParams.get('period') || 30));
    }
  }

  // The popup: time-based codes are RFC 6238's; the counter-based one shows a code only when asked, RFC 4226's at its
  // counter (5), then the next, and the vault's counter moves past each code shown.
  const p = await b.popup();
  const sha256 = all.find((a) => a.algorithm === 'SHA256');
  await p.fill('#search', 'alice@acme');
  const c = await popupCode(p, sha256.id, 30);
  assert.equal(c.code, totp(sha256.secret, { time: c.at, algorithm: 'SHA256', digits: 8 }));
  const carol = all.find((a) => a.type === 'hotp');
  await p.fill('#search', 'carol');
  await p.waitForSelector(`.row[data-id="${carol.id}"] .hotp-next`);
  assert.equal(await p.locator(`.code[data-entry-id="${carol.id}"]`).count(), 0, 'no code before it is asked for');
  await p.click(`.row[data-id="${carol.id}"] .hotp-next`);
  await p.waitForSelector(`.code[data-entry-id="${carol.id}"]`);
  assert.equal(await p.textContent(`.code[data-entry-id="${carol.id}"]`), hotp(carol.secret, 5));
  await p.waitForFunction(async (id) => (await chrome.runtime.sendMessage({ type: 'vault.read' })).data.authenticators.find((a) => a.id === id).counter === 6, carol.id);
  await p.click(`.row[data-id="${carol.id}"] .hotp-next`);
  await p.waitForFunction(([id, want]) => document.querySelector(`.code[data-entry-id="${id}"]`).textContent === want, [carol.id, hotp(carol.secret, 6)]);
  await p.close();
});

// ---- Editing

test('edit (names, secret, parameters after a warning), reorder (buttons, Alt+arrow, drag), pin, delete with undo: all kept across Lock and unlock', async () => {
  const opt = await optionsPage();
  const order = () => opt.$$eval('#auth-list .auth-item', (items) => items.map((li) => li.dataset.id));
  const ids = await order();
  assert.ok(ids.indexOf('t-one') >= 0 && ids.indexOf('t-two') === ids.indexOf('t-one') + 1, JSON.stringify(ids));

  // Edit t-one: names and a new secret save at once; changed parameters need a second save, after the warning.
  await opt.click('#auth-list [data-action="auth-edit"][data-id="t-one"]');
  await opt.fill('#auth-issuer', 'One Renamed');
  await opt.fill('#auth-secret', 'KRSXG5CTMVRXEZLU');
  await opt.selectOption('#auth-digits', '8');
  await opt.click('#auth-save');
  assert.match(await opt.textContent('#auth-error'), /parameters differ/);
  assert.equal((await authenticators()).find((a) => a.id === 't-one').issuer, 'One', 'nothing saved yet');
  await opt.click('#auth-save');
  await opt.waitForSelector('#auth-form', { state: 'detached' });
  await opt.waitForFunction(() => /Renamed/.test(document.querySelector('#auth-list [data-id="t-one"] .name').textContent));

  // Reorder: ↑ puts t-two before t-one; Alt+↓ on t-two's row puts it back after t-one; drag t-one past t-two.
  await opt.click('#auth-list [data-action="auth-up"][data-id="t-two"]');
  await opt.waitForFunction(() => document.querySelector('#auth-list .auth-item[data-id="t-two"] + .auth-item[data-id="t-one"]'));
  await opt.focus('#auth-list [data-action="auth-edit"][data-id="t-two"]');
  await opt.keyboard.press('Alt+ArrowDown');
  await opt.waitForFunction(() => document.querySelector('#auth-list .auth-item[data-id="t-one"] + .auth-item[data-id="t-two"]'));
  await opt.dragAndDrop('#auth-list .auth-item[data-id="t-one"]', '#auth-list .auth-item[data-id="t-two"]');
  await opt.waitForFunction(() => document.querySelector('#auth-list .auth-item[data-id="t-two"] + .auth-item[data-id="t-one"]'));

  // Pin t-one; delete t-two and undo; delete the first Fixture key for good.
  await opt.click('#auth-list [data-action="auth-pin"][data-id="t-one"]');
  await opt.waitForSelector('#auth-list .auth-item[data-id="t-one"][data-pinned="true"]');
  await opt.click('#auth-list [data-action="auth-delete"][data-id="t-two"]');
  await opt.waitForSelector('#undo-delete');
  assert.equal((await authenticators()).some((a) => a.id === 't-two'), false, 'deleted at once');
  await opt.click('#undo-delete');
  await opt.waitForSelector('#auth-list .auth-item[data-id="t-two"] + .auth-item[data-id="t-one"]');
  const gone = (await authenticators()).find((a) => a.issuer === 'ACME Co');
  await opt.click(`#auth-list [data-action="auth-delete"][data-id="${gone.id}"]`);
  await opt.waitForSelector('#undo-delete');
  const expected = await authenticators();
  await opt.close();

  // Lock and unlock: the same authenticators, in the same order, with the same fields.
  await b.must({ type: 'lock' });
  const p = await b.popup();
  assert.equal(await popupView(p), 'unlock');
  await unlockThroughPopup(p);
  const after = await authenticators();
  assert.deepEqual(after, expected);
  const one = after.find((a) => a.id === 't-one');
  assert.deepEqual([one.issuer, one.secret, one.digits, one.pinned], ['One Renamed', 'KRSXG5CTMVRXEZLU', 8, true]);
  assert.ok(!after.some((a) => a.id === gone.id));
  assert.ok(after.findIndex((a) => a.id === 't-two') < after.findIndex((a) => a.id === 't-one'));
  // The popup lists the pinned one first, with its new parameters.
  await p.waitForSelector('#list .row');
  assert.equal(await p.getAttribute('#list .row:first-child', 'data-id'), 't-one');
  const { code, at } = await popupCode(p, 't-one', 30);
  assert.equal(code, totp('KRSXG5CTMVRXEZLU', { time: at, digits: 8 }));
  await p.close();
});
