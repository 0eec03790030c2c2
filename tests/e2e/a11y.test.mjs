// Accessibility (issue 15): axe-core (npm, run in the page through CDP, which the extension's CSP does not block)
// reports no violation on any page — first run (setup), lock, the popup's list, options, console — in the light and
// the dark theme (prefers-color-scheme); and the popup's list is a list users of assistive technology can use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, popupView, setupThroughPopup, MASTER_PASSWORD, closeAll, afterReload } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let b;

before(async () => {
  b = await launchBrowser();
});

after(() => closeAll('a11y', b));

/** axe's violations on the page as it is now, in one theme: [{id, impact, help, nodes: [target…]}]. */
async function violations(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found;
}

async function checkBothThemes(page, name) {
  for (const scheme of ['light', 'dark']) {
    const v = await violations(page, scheme);
    assert.deepEqual(v, [], `${name} (${scheme}): ${JSON.stringify(v, null, 1)}`);
  }
}

test('first run (setup) and lock: no violation in either theme', async () => {
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'setup');
  await checkBothThemes(popup, 'setup');
  await setupThroughPopup(popup);
  await afterReload(popup, () => b.must({ type: 'lock' })); // Lock reloads the popup into the lock view
  assert.equal(await popupView(popup), 'unlock');
  await checkBothThemes(popup, 'lock');
  await popup.fill('#unlock-password', MASTER_PASSWORD);
  await popup.click('#unlock-submit');
  await popup.waitForSelector('#search');
  await popup.close();
});

test('the popup\'s list, options and console: no violation in either theme', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's1', name: 'Main', address: 'host.example', baseURL: 'https://host.example:2087',
    whm: { user: 'root', token: 'WHMTOKEN0123456789', password: '', accessHash: '', totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 } },
    accounts: [{ id: 'a1', user: 'bob', domain: 'bob.example', owner: 'root', suspended: false, password: 'pw', apiToken: '',
      totp: null, mailboxes: [{ email: 'info@bob.example', password: '' }] }],
    accountsFetchedAt: 0,
  });
  doc.authenticators.push({ id: 't1', issuer: 'GitHub', account: 'me', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30 });
  await b.must({ type: 'vault.write', data: doc });
  const popup = await b.popup();
  await popup.waitForSelector('.row[data-id="t1"] .code');
  await checkBothThemes(popup, 'popup');

  // A list of rows (each a list item holding its buttons), not options; the search is labelled and says which row
  // the arrow keys highlight; focus shows; nothing moves when the system asks for reduced motion.
  const shape = await popup.evaluate(() => ({
    list: document.getElementById('list').tagName,
    rows: [...document.querySelectorAll('#list > .row')].every((r) => r.tagName === 'LI' && !r.hasAttribute('role')),
    options: document.querySelectorAll('[role="option"], [role="listbox"]').length,
    label: document.getElementById('search').getAttribute('aria-label'),
  }));
  assert.deepEqual(shape, { list: 'UL', rows: true, options: 0, label: 'Search' });
  await popup.focus('#search');
  await popup.keyboard.press('ArrowDown');
  assert.match(await popup.textContent('#row-status'), /, 2 of \d+$/);
  await popup.keyboard.press('Tab');
  const outline = await popup.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused control shows its focus');
  await popup.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await popup.evaluate(() => getComputedStyle(document.getElementById('list')).scrollBehavior), 'auto');
  await popup.emulateMedia({ reducedMotion: 'no-preference' });
  assert.equal(await popup.evaluate(() => getComputedStyle(document.getElementById('list')).scrollBehavior), 'smooth');
  for (const name of ['options', 'console']) {
    const page = await b.openPage(name + '.html', { width: 1100, height: 800 });
    await page.waitForSelector('#lock');
    await checkBothThemes(page, name);
    await page.close();
  }
});
