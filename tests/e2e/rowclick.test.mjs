// A real mouse click on a row's button that is half hidden at the bottom of the popup's list: a headed browser on a
// virtual X display (Xvfb), the pointer moved and pressed by xdotool at the button's place on the screen, held as a hand
// holds it, so the browser's own press handling runs (focus, and whatever scrolling it brings). The popup page in a tab
// (the login tab opens; the code is copied), then the real toolbar popup, opened by its shortcut (Alt+Shift+K) and read
// among the extension's views as shortcuts.test.mjs does (the login tab opens).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { virtualDisplay, popupView, totp, REAL_PORTS, closeAll, startWithVault } from './harness.mjs';

let display;
let emu;
let b;
let fixture;
let popup;
let CPANEL;

const AUTHENTICATORS = Array.from({ length: 12 }, (_, i) => ({
  id: `t-${i}`, issuer: `Issuer ${String(i).padStart(2, '0')}`, account: `user${i}@example.com`, secret: 'KRSXG5CTMVRXEZLU',
  algorithm: 'SHA1', digits: 6, period: 30,
}));

before(async () => {
  display = await virtualDisplay();
  process.env.DISPLAY = display.name;
  ({ emu, fixture, b, popup } = await startWithVault('rowclick', { browser: { headless: false } }));
  const WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  CPANEL = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  const erin = fixture.accounts.find((a) => a.user === 'erin');
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.authenticators.push(...AUTHENTICATORS);
  doc.servers.push({
    id: 's-emu', name: 'Emulator', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: '', password: '', accessHash: '', totp: null },
    // Rows enough before erin's that it starts below the list's bottom edge.
    accounts: [...Array.from({ length: 8 }, (_, i) => ({
      id: `a-filler${i}`, user: `filler${i}`, domain: `filler${i}.example.com`, owner: 'root', suspended: false, password: '',
      apiToken: '', totp: null, mailboxes: [],
    })), {
      id: 'a-erin', user: 'erin', domain: erin.domain, owner: 'root', suspended: false, password: erin.password, apiToken: '',
      totp: { secret: erin.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 }, mailboxes: [],
    }],
    accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await b.grantHost(`https://${emu.host}/*`);
  await popup.waitForSelector('.row[data-id="a-erin"]');
  assert.equal(await popupView(popup), 'list');
});

after(async () => {
  await closeAll('rowclick', b, emu);
  if (display) display.stop();
});

/**
 * In the page (or, with toolbar, in the toolbar popup, from an extension page): scrolls the popup's list at once, as a
 * wheel would leave it, so that the element sel finds is cut in half by the list's bottom edge, and returns where its
 * shown part is and roughly where the page is on the screen. Its next mousemove is kept in window.__e2eMove.
 */
async function cutAtBottom({ sel, toolbar }) {
  let win = toolbar ? null : window;
  for (let i = 0; i < 400 && !win?.document.querySelector('#list .row'); i++) {
    if (toolbar) [win] = chrome.extension.getViews({ type: 'popup' });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const list = win.document.getElementById('list');
  const el = win.document.querySelector(sel);
  const frame = () => new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));
  // Rows laid out as they come into view (content-visibility) change the list's height: again until it holds.
  for (let i = 0, still = 0; i < 30 && still < 3; i++) {
    const r = el.getBoundingClientRect();
    const off = r.top + r.height / 2 - list.getBoundingClientRect().bottom;
    if (Math.abs(off) < 1) {
      still++;
    } else {
      list.scrollTo({ top: list.scrollTop + off, behavior: 'instant' });
      still = 0;
    }
    await frame();
  }
  const box = el.getBoundingClientRect();
  win.__e2eMove = null;
  win.addEventListener('mousemove', (e) => { win.__e2eMove = { dx: e.screenX - e.clientX, dy: e.screenY - e.clientY }; });
  // Firefox tells where the page is; Chromium's window has its bars on top.
  const page = typeof win.mozInnerScreenX === 'number' ? { x: win.mozInnerScreenX, y: win.mozInnerScreenY }
    : { x: win.screenX + (win.outerWidth - win.innerWidth) / 2, y: win.screenY + win.outerHeight - win.innerHeight };
  return { top: box.top, bottom: box.bottom, left: box.left, right: box.right, listBottom: list.getBoundingClientRect().bottom, page };
}

/** The pointer's last move seen by the page (or the toolbar popup): the page's offset on the screen. */
async function seenMove({ toolbar }) {
  const [win] = toolbar ? chrome.extension.getViews({ type: 'popup' }) : [window];
  for (let i = 0; i < 100 && !win.__e2eMove; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return win.__e2eMove;
}

/**
 * Cuts the element selector finds in half at the bottom of the list (cutAtBottom, in page) and returns the centre of
 * its shown part on the screen, the page's place read exactly from a real pointer move.
 */
async function halfHidden(page, selector, toolbar = false) {
  const g = await page.evaluate(cutAtBottom, { sel: selector, toolbar });
  assert.ok(g.top < g.listBottom && g.bottom > g.listBottom, `${selector} is cut by the list's bottom edge: ${JSON.stringify(g)}`);
  display.moveMouse(g.page.x + 20, g.page.y + 20);
  const move = await page.evaluate(seenMove, { toolbar });
  assert.ok(move, 'the page saw the pointer move');
  return { x: move.dx + (g.left + g.right) / 2, y: move.dy + (g.top + g.listBottom) / 2 };
}

test('a real click on the login button of a row half hidden at the bottom of the list opens the login tab', async () => {
  await popup.bringToFront();
  const at = await halfHidden(popup, '.row[data-id="a-erin"] button[data-service="cpanel"]');
  const tab = await b.waitForTab(CPANEL + '/', () => display.click(at.x, at.y));
  await tab.waitForSelector('#emulator-home[data-service="cpanel"]', { timeout: 20000 });
  await tab.close();
});

test('a real click on the code of a row half hidden at the bottom of the list copies it', async () => {
  const target = AUTHENTICATORS[5];
  await popup.bringToFront();
  const at = await halfHidden(popup, `.code[data-entry-id="${target.id}"]`);
  await popup.evaluate(() => { document.getElementById('message').textContent = ''; });
  await display.click(at.x, at.y);
  await popup.waitForFunction(() => /copied/i.test(document.getElementById('message').textContent), undefined, { timeout: 5000 });
  const copied = await b.readClipboard(CPANEL + '/');
  assert.ok([Date.now(), Date.now() - 30000].some((t) => copied === totp(target.secret, { time: t, digits: 6 })), `copied ${copied}`);
});

test('the toolbar popup (opened by Alt+Shift+K): a real click on a half hidden login button opens the login tab', async () => {
  await popup.close();
  display.pressKeys('alt+shift+k', '.');
  const at = await halfHidden(await b.helper(), '.row[data-id="a-erin"] button[data-service="cpanel"]', true);
  const tab = await b.waitForTab(CPANEL + '/', () => display.click(at.x, at.y));
  await tab.waitForSelector('#emulator-home[data-service="cpanel"]', { timeout: 20000 });
  await tab.close();
});
