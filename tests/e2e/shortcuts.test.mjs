// The keyboard shortcuts (issue 15), pressed for real: a headed browser on a virtual X display (Xvfb), keys sent by
// xdotool as a keyboard sends them, so the browser's own shortcut handling runs (CDP's and BiDi's key events go to the
// page and never reach it). The popup a shortcut opens is read where both browsers list it, among the extension's
// views (chrome.extension.getViews), from an extension page: neither browser's driver lists it as a page.
// Alt+Shift+K opens the popup; Alt+Shift+O opens it and copies the pinned code; Alt+Shift+Q opens it scanning the
// tab it was pressed on, which the shortcut itself grants (activeTab: no toolbar click first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { virtualDisplay, openTfaSetupPage, totp, REAL_PORTS, closeAll, startWithVault } from './harness.mjs';

let display;
let emu;
let b;
let CPANEL;

const PINNED = { id: 't-pinned', issuer: 'Pinned', account: 'ops@example.com', secret: 'KRSXG5CTMVRXEZLU', algorithm: 'SHA1',
  digits: 8, period: 30, pinned: true };
const OTHER = { id: 't-other', issuer: 'Other', account: 'dev@example.com', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1',
  digits: 6, period: 30 };

before(async () => {
  display = await virtualDisplay();
  process.env.DISPLAY = display.name;
  let popup;
  ({ emu, b, popup } = await startWithVault('shortcuts', { browser: { headless: false } }));
  await popup.close();
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.authenticators.push(OTHER, PINNED);
  await b.must({ type: 'vault.write', data: doc });
  await b.grantHost(`https://${emu.host}/*`);
});

after(async () => {
  await closeAll('shortcuts', b, emu);
  if (display) display.stop();
});

/**
 * Waits for the popup a shortcut opened to hold what ready(document) finds (a truthy value), and returns it. ready
 * runs in an extension page, on the popup's document: its source only, as the drivers send it.
 */
async function inPopup(ready) {
  const helper = await b.helper();
  const found = await helper.evaluate(async (src) => {
    const check = new Function('document', 'return (' + src + ')(document)');
    for (let i = 0; i < 600; i++) {
      const [view] = chrome.extension.getViews({ type: 'popup' });
      const out = view && view.document.readyState !== 'loading' ? check(view.document) : null;
      if (out) return out;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }, ready.toString());
  assert.ok(found, 'the popup did not show what ' + ready.toString() + ' looks for');
  return found;
}

async function closePopup() {
  const helper = await b.helper();
  await helper.evaluate(async () => {
    chrome.extension.getViews({ type: 'popup' }).forEach((v) => v.close());
    while (chrome.extension.getViews({ type: 'popup' }).length > 0) await new Promise((r) => setTimeout(r, 50));
  });
}

/** A code of secret at the time of its read, or the step before (the read may straddle a step boundary). */
function isCodeOf(code, a) {
  return [Date.now(), Date.now() - a.period * 1000].some((t) => code === totp(a.secret, { time: t, digits: a.digits }));
}

test('Alt+Shift+K opens the toolbar popup, with every code', async () => {
  display.pressKeys('alt+shift+k', '.');
  const codes = await inPopup((d) => {
    const read = (id) => d.querySelector(`.code[data-entry-id="${id}"]`)?.textContent.trim();
    return read('t-pinned') && read('t-other') ? { pinned: read('t-pinned'), other: read('t-other') } : null;
  });
  assert.ok(isCodeOf(codes.pinned, PINNED), JSON.stringify(codes));
  assert.ok(isCodeOf(codes.other, OTHER), JSON.stringify(codes));
  await closePopup();
});

test('Alt+Shift+O opens the popup and copies the pinned code', async () => {
  display.pressKeys('alt+shift+o', '.');
  const shown = await inPopup((d) => /copied/i.test(d.getElementById('message')?.textContent || '') &&
    [d.getElementById('message').textContent, d.querySelector('#list .row').dataset.id]);
  assert.deepEqual(shown, ['Code copied.', 't-pinned']);
  await closePopup();
  const copied = await b.readClipboard(CPANEL + '/');
  assert.ok(isCodeOf(copied, PINNED), `copied ${copied}`);
});

test('Alt+Shift+Q on a page showing a QR code: the shortcut alone grants the tab, the popup scans it and imports the key', async () => {
  const tab = await openTfaSetupPage(b, CPANEL, 'carol', (await emu.fixture()).accounts.find((a) => a.user === 'carol').password);
  const secret = await tab.getAttribute('#emulator-tfa-setup', 'data-secret');
  await tab.bringToFront();
  display.pressKeys('alt+shift+q', 'Two-Factor Authentication');
  const preview = await inPopup((d) => d.getElementById('scan-panel')?.hidden === false &&
    d.querySelector('#scan-preview .import-item') &&
    [...d.querySelectorAll('#scan-preview .import-item')].map((li) => [li.querySelector('.name').textContent, li.dataset.status]));
  assert.equal(preview.length, 1, JSON.stringify(preview));
  assert.match(preview[0][0], / · carol$/);
  assert.equal(preview[0][1], 'new');
  await inPopup((d) => {
    if (!d.getElementById('scan-import').dataset.pressed) {
      d.getElementById('scan-import').dataset.pressed = '1';
      d.getElementById('scan-import').click();
    }
    return /added/.test(d.getElementById('message').textContent);
  });
  await closePopup();
  const added = (await b.must({ type: 'vault.read' })).data.authenticators.find((a) => a.secret === secret);
  assert.ok(added, 'the scanned key is stored');
  await tab.close();
});
