// Makes docs/popup-locked.png and docs/popup-unlocked.png, and their dark-theme twins docs/popup-locked-dark.png and
// docs/popup-unlocked-dark.png (prefers-color-scheme: dark), and docs/options-authenticators.png and its -dark twin:
// the popup (as Chrome sizes it, 360 px wide) against the emulator's demo server, locked and unlocked with live 2FA
// codes (a pinned authenticator first, a counter-based one), and the options page's authenticators.
//
//   node tests/e2e/screenshots.mjs        (needs dist/chrome/: scripts/build.sh)
//
// The server is added under its host name server.panelkey.test (mapped to the emulator's loopback address in this browser), its accounts
// come from WHM through panelkey's own refresh, and two accounts get their 2FA secret so codes show.
import path from 'node:path';
import assert from 'node:assert/strict';
import {
  ROOT, startEmulator, launchBrowser, popupView, setupThroughPopup, unlockThroughPopup,
} from './harness.mjs';

const HOST = 'server.panelkey.test';
const out = (name) => path.join(ROOT, 'docs', name);

async function shoot(page, file) {
  // The popup's own box: Chrome sizes the real popup to its content (body is 360 px wide).
  const box = await page.evaluate(() => {
    const r = document.body.getBoundingClientRect();
    return { width: Math.ceil(r.width), height: Math.ceil(Math.max(r.height, document.body.scrollHeight)) };
  });
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: box.width, height: box.height } });
  console.log('wrote', path.relative(ROOT, file), `${box.width}×${box.height}`);
}

const emu = await startEmulator();
const b = await launchBrowser({ emulator: emu, args: [`--host-resolver-rules=MAP ${HOST} ${emu.host}, MAP *.${HOST} ${emu.host}`] });
try {
  const fixture = await emu.fixture();
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'setup');
  await setupThroughPopup(popup);
  const g = await b.grantHost(`https://${HOST}/*`);
  assert.equal(g.contains, true, 'host access');

  const root = fixture.whmUsers.find((u) => u.user === 'root');
  let doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 'demo', name: HOST, address: HOST, baseURL: `https://${HOST}:2087`,
    whm: { user: 'root', token: root.tokens[0].token, password: '', accessHash: '', totp: { secret: root.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 } },
    accounts: [], accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await b.must({ type: 'accounts.refresh', serverId: 'demo' });
  doc = (await b.must({ type: 'vault.read' })).data;
  for (const a of doc.servers[0].accounts) {
    const f = fixture.accounts.find((x) => x.user === a.user);
    if (f.totpSecret) a.totp = { secret: f.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 };
    if (a.user === 'bob') a.mailboxes = f.mailboxes.map((m) => ({ email: m.email, password: '' }));
  }
  doc.authenticators.push(
    { id: 'gh', issuer: 'GitHub', account: 'ops@example.com', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, pinned: true },
    { id: 'bank', issuer: 'Bank', account: 'ops', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, type: 'hotp', counter: 3 },
  );
  await b.must({ type: 'vault.write', data: doc });

  // A fresh popup, sized as Chrome would show it.
  await popup.close();
  const p = await b.openPage('popup.html', { width: 360, height: 600 });
  await p.waitForSelector('.row .code[data-entry-id]');
  await p.waitForTimeout(1200); // one tick of the countdown rings
  for (const [scheme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await p.emulateMedia({ colorScheme: scheme });
    await shoot(p, out(`popup-unlocked${suffix}.png`));
  }
  const opt = await b.openPage('options.html', { width: 900, height: 700 });
  await opt.waitForSelector('#auth-list');
  for (const [scheme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await opt.emulateMedia({ colorScheme: scheme });
    const section = await opt.$('#authenticators');
    await section.screenshot({ path: out(`options-authenticators${suffix}.png`) });
    console.log('wrote', `docs/options-authenticators${suffix}.png`);
  }
  await opt.close();

  await p.click('#lock');
  await p.waitForSelector('#unlock-password');
  for (const [scheme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await p.emulateMedia({ colorScheme: scheme });
    await shoot(p, out(`popup-locked${suffix}.png`));
  }
  // Leave it unlockable: the screenshots must not depend on a state the script cannot undo.
  await unlockThroughPopup(p);
} finally {
  await b.close();
  await emu.stop();
}
