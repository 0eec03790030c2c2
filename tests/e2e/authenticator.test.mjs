// The popup as an authenticator (issue 15) against the emulator (demo data): codes of a server whose clock is off,
// computed at that server's learnt clock and marked; the popup's keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, launchBrowser, popupView, popupCode, setupThroughPopup, totp, REAL_PORTS } from './harness.mjs';

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
  emu = await startEmulator();
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  fixture = await emu.fixture();
  b = await launchBrowser({ emulator: emu });
  popup = await b.popup();
  assert.equal(await popupView(popup), 'setup');
  await setupThroughPopup(popup);
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
    { id: 't-one', issuer: 'One', account: 'one@example.com', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
    { id: 't-two', issuer: 'Two', account: 'two@example.com', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30 },
  );
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="a-erin"]');
  await b.grantHost(`https://${emu.host}/*`);
});

after(async () => {
  if (b) {
    await b.saveArtifacts('authenticator');
    await b.close();
  }
  if (emu) {
    await emu.clock(0).catch(() => {});
    await emu.stop();
  }
});

/** The browser's clipboard, read from the emulator's cPanel login page (Chrome grants clipboard-read to web origins only). */
async function readClipboard() {
  await b.context.grantPermissions(['clipboard-read'], { origin: CPANEL });
  const page = await b.context.newPage();
  try {
    await page.goto(CPANEL + '/');
    return await page.evaluate(() => navigator.clipboard.readText());
  } finally {
    await page.close();
  }
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

test('the popup\'s keyboard: type to search, arrows move, Ctrl+C copies the highlighted code, Escape clears', async () => {
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
  await p.close();
});
