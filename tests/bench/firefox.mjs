// Firefox rows of the performance suite (docs/benchmarks.md): dist/firefox/ in headless Firefox ESR through the e2e
// harness's Firefox half (tests/e2e/firefox.mjs), beside Chromium's rows (tests/bench/browser.mjs). Prints one JSON
// object with the raw samples (ms); tests/bench/run.mjs summarises them.
//
//   node tests/bench/firefox.mjs [-n 20] [-out file.json]
//
// What is measured, the same way in both browsers so the ratios mean something:
//  - popup open with 50 and 2,000 accounts (vault unlocked), popup.html in a tab: the page's own User Timing marks
//    (pageTiming, browser.mjs), navigation start → "panelkey:codes" (every code in the DOM). Chromium's row beside it
//    is the same mark of its popup.html opens (run.mjs). Firefox's toolbar popup cannot be opened by a test.
//  - one click (bob's cPanel button, WHM token → create_user_session → tab), panelkey's own work: in the event
//    page, the login message → panelkey's chrome.tabs.create call, minus its fetches (the emulator's time). The
//    probe is browser.mjs's workerProbe written against the event page's global (eventPageProbe): the harness runs
//    it from an extension page with that global (b.inBackground), as no test can evaluate in the event page itself.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

process.env.PANELKEY_E2E_BROWSER = 'firefox'; // before the harness is loaded: it picks dist/firefox/
const { startEmulator, launchBrowser, MASTER_PASSWORD, REAL_PORTS } = await import('../e2e/harness.mjs');
const { FIREFOX_BIN } = await import('../e2e/firefox.mjs');
const { pageTiming, BOB_CPANEL } = await import('./browser.mjs');
const { demoDoc } = await import('./vaults.mjs');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const N = Number(arg('-n', 20));
const OUT = arg('-out', '');
const verbose = !!process.env.BENCH_VERBOSE;
const say = (...a) => console.error('[bench firefox]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens popup.html in a tab and returns its timing once its panelkey:codes mark is there. */
async function openPopupOnce(b, timeout) {
  const page = await b.extensionPage('popup.html');
  await page.setViewportSize({ width: 400, height: 600 });
  await page.waitForFunction(() => performance.getEntriesByName('panelkey:codes').length > 0, null, { timeout });
  const t = await page.evaluate(pageTiming);
  await page.close();
  return { ...t, codes: t.pk.codes };
}

async function measurePopup(b, n, label, timeout = 30000) {
  const out = [];
  for (let i = -2; i < n; i++) {
    const m = await openPopupOnce(b, timeout);
    if (i >= 0) out.push(m);
    if (verbose) say(label, i, m.codes.toFixed(1), 'codes', m.shownCodes);
  }
  return out;
}

/**
 * browser.mjs's workerProbe for Firefox's event page, whose global is g: when a login message arrives, when panelkey
 * calls chrome.tabs.create and when the tab is created, on the event page's clock, and the event page's fetches in
 * between (Resource Timing).
 */
function eventPageProbe(g) {
  if (g.__bench) return;
  const B = (g.__bench = { logins: [] });
  const now = () => g.performance.now();
  g.chrome.runtime.onMessage.addListener((m) => {
    if (m && m.type === 'login') {
      g.performance.clearResourceTimings();
      B.logins.push({ start: now() });
    }
    return false;
  });
  const create = g.chrome.tabs.create;
  g.chrome.tabs.create = function (...args) {
    const l = B.logins[B.logins.length - 1];
    if (l && l.createCall === undefined) l.createCall = now();
    return create.apply(this, args);
  };
  g.chrome.tabs.onCreated.addListener(() => {
    const l = B.logins[B.logins.length - 1];
    if (!l || l.tab !== undefined) return;
    l.tab = now();
    l.fetches = g.performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= l.start && e.responseEnd <= l.tab)
      .map((e) => ({ url: e.name, start: e.startTime, duration: e.duration }));
  });
}

/** The one-click rows: the probe in the event page, bob's cPanel button clicked in popup.html, the tab awaited. */
async function measureClick(b, emu, n) {
  const cpanel = `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;
  const popup = await b.extensionPage('popup.html');
  await popup.waitForSelector(BOB_CPANEL, { timeout: 30000 });
  const out = [];
  for (let i = -1; i < n; i++) {
    // Again each time: Firefox unloads an idle event page, and the probe with it.
    await b.inBackground(eventPageProbe);
    const tab = await b.waitForTab(cpanel, () => popup.click(BOB_CPANEL));
    await tab.waitForURL(/\/frontend\/jupiter\/index\.html$/, { timeout: 20000 });
    const w = await b.inBackground((g) => JSON.parse(JSON.stringify(g.__bench.logins[g.__bench.logins.length - 1])));
    await tab.close();
    if (!w || w.tab === undefined) throw new Error('the event page saw no login message or no tab: ' + JSON.stringify(w));
    const fetchMs = w.fetches.reduce((s, f) => s + f.duration, 0);
    const r = {
      beforeCreate: w.createCall - w.start - fetchMs, browserTab: w.tab - w.createCall,
      extension: w.tab - w.start - fetchMs, fetchMs, total: w.tab - w.start, fetches: w.fetches.length,
    };
    if (i >= 0) out.push(r);
    if (verbose) say('click', i, JSON.stringify(r));
  }
  await popup.close();
  return out;
}

async function main() {
  const result = { n: N, firefox: execFileSync(FIREFOX_BIN, ['--version'], { encoding: 'utf8' }).trim() };
  const emu = await startEmulator();
  let b;
  try {
    const fixture = await emu.fixture();
    b = await launchBrowser({ emulator: emu });
    for (const p of b.pages()) if (p.url().endsWith('/options.html')) await p.close(); // the welcome tab
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    const grant = await b.grantHost(`https://${emu.host}/*`);
    if (grant.contains !== true) throw new Error('host grant failed: ' + JSON.stringify(grant));
    await b.must({ type: 'vault.write', data: demoDoc(emu, fixture, 50) });
    say(`popup open, 50 accounts ×${N}`);
    result.popup50 = await measurePopup(b, N, 'popup50');
    const n = Math.max(5, Math.round(N / 2));
    say(`one click → tab ×${n}`);
    result.click = await measureClick(b, emu, n);
    await b.must({ type: 'vault.write', data: demoDoc(emu, fixture, 2000) });
    await sleep(500);
    say(`popup open, 2,000 accounts ×${N}`);
    result.popup2000 = await measurePopup(b, N, 'popup2000');
  } finally {
    if (b) await b.close();
    await emu.stop();
  }
  const text = JSON.stringify(result);
  if (OUT) fs.writeFileSync(OUT, text);
  else process.stdout.write(text + '\n');
}

main().catch((err) => {
  console.error('firefox bench:', err);
  process.exit(1);
});
