// Browser rows of the performance suite (docs/benchmarks.md): the built extension (dist/chrome/) in headless
// Chromium through the e2e harness (tests/e2e/harness.mjs), one browser at a time. Prints one JSON object with the
// raw samples (ms) of every measurement; tests/bench/run.mjs summarises them.
//
//   node tests/bench/browser.mjs [-n 20] [-only popup,unlock,click,wake,search,import,fleet] [-out file.json]
//
// Two sources of time, both in the page's own clock (ms since its navigation start):
//  - the pages' own User Timing marks (performance.mark, wasm/pagekit/page.go): "panelkey:start" (the Go program runs),
//    "panelkey:vault" (vault read and decoded), "panelkey:codes" (the popup's list with its codes in the DOM), each
//    the first time it happens in a page load; and the navigation timing entry. The real toolbar popup is measured
//    with these alone (nothing can be injected into it before its scripts run).
//  - for pages opened as tabs, an init script (installed before any page script runs) that watches the DOM with a
//    MutationObserver and records performance.now() when a condition first holds, and wraps
//    chrome.runtime.sendMessage and the shell's status and vault reads to time them.
// Nothing here assumes the pages' wasm file name or how many scripts they load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { demoDoc, bigDoc } from './vaults.mjs';
import {
  startEmulator, buildEmulator, firstLine, Browser, extensionCopy, trustCA, totp, programReady, CHROMIUM, MASTER_PASSWORD, REAL_PORTS,
} from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'bench-results');
const FLOOR_DIR = path.join(ROOT, 'tests/bench/floor');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const N = Number(arg('-n', 20));
const ONLY = new Set(arg('-only', 'popup,unlock,click,wake,search,import,fleet').split(','));
const OUT = arg('-out', '');
const verbose = !!process.env.BENCH_VERBOSE;
const say = (...a) => console.error('[bench]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The emulator's addresses (harness: cPanel's real ports on a loopback address of its own).
const whmURL = (emu) => `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
const cpanelURL = (emu) => `https://${emu.host}:${REAL_PORTS['cpanel-tls']}`;

// ---- What the pages record (runs in every page of the context before its own scripts)

function pageProbe() {
  const B = (window.__bench = { marks: {}, msgs: [], shell: [], listRenders: 0, keys: [], key: null });
  const now = () => performance.now();
  const mark = (name) => {
    if (B.marks[name] === undefined) B.marks[name] = now();
  };
  B.reset = () => {
    B.marks = {};
    B.msgs = [];
    B.shell = [];
    B.listRenders = 0;
  };
  try {
    const rt = chrome.runtime;
    const send = rt.sendMessage.bind(rt);
    rt.sendMessage = function (msg, ...rest) {
      const start = now();
      const p = send(msg, ...rest);
      const done = () => B.msgs.push({ type: msg && msg.type, start, end: now() });
      if (p && typeof p.then === 'function') p.then(done, done);
      return p;
    };
  } catch (e) {
    B.probeError = String(e);
  }
  // shell.js sets globalThis.shell once; wrap its calls on the way in.
  let shellValue;
  Object.defineProperty(globalThis, 'shell', {
    configurable: true,
    get: () => shellValue,
    set(v) {
      for (const name of ['status', 'openVault', 'openVaultEarly', 'readChunks']) {
        const fn = v[name];
        if (typeof fn !== 'function') continue;
        v[name] = function (...args) {
          const start = now();
          const p = fn.apply(this, args);
          if (p && typeof p.then === 'function') p.then(() => B.shell.push({ name, start, end: now() }), () => {});
          else B.shell.push({ name, start, end: start }); // openVaultEarly only starts a read
          return p;
        };
      }
      shellValue = v;
    },
  });
  let list = null;
  const listObserver = new MutationObserver(() => {
    B.listRenders++;
    if (B.key !== null) {
      const key = B.key;
      B.key = null;
      const dom = now() - key;
      // Style and layout of the new rows, forced here, is the rest of the work before the next paint.
      void list.offsetHeight;
      const layout = now() - key;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => B.keys.push({ dom, layout, frame: now() - key, rows: list.querySelectorAll('.row').length });
        ch.port2.postMessage(0);
      });
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.target && e.target.id === 'search') B.key = e.timeStamp;
  }, true);
  const check = () => {
    const app = document.getElementById('app');
    if (app && !app.querySelector(':scope > .loading') && app.children.length > 0) mark('firstRender');
    if (document.getElementById('unlock-password')) mark('unlockForm');
    const l = document.getElementById('list');
    if (l && l !== list) {
      list = l;
      listObserver.observe(l, { childList: true });
    }
    if (l && l.querySelector('.row')) {
      mark('list');
      const codes = l.querySelectorAll('.code[data-entry-id]');
      if (codes.length > 0 && [...codes].every((c) => c.textContent.trim() !== '')) {
        if (B.marks.codes === undefined) {
          mark('codes');
          B.codeCount = codes.length;
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => mark('codesFrame');
            ch.port2.postMessage(0);
          });
        }
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

// ---- Browser helpers

const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

/**
 * The harness's launchBrowser, on a copy of the extension with the floor page added (tests/bench/floor/: test-only,
 * never in dist/). The copy is of dist/chrome/, or of BENCH_DIST=dir to measure another build (a variant of a
 * product change); the 100,000-account row patches the copy's manifest (only when the shipped one cannot hold that
 * vault, see docs/benchmarks.md); engine: a wasm file put in panelkey.wasm's place (the wake's floor).
 */
async function launch({ emulator, patchManifest, engine } = {}) {
  const source = process.env.BENCH_DIST;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-bench-browser-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  if (emulator) trustCA(home, emulator.info.caFile);
  let extDir;
  if (source) {
    extDir = path.join(dir, 'extension');
    fs.cpSync(source, extDir, { recursive: true });
  } else {
    extDir = extensionCopy(dir);
  }
  for (const f of fs.readdirSync(FLOOR_DIR)) fs.copyFileSync(path.join(FLOOR_DIR, f), path.join(extDir, f));
  if (engine) fs.copyFileSync(engine, path.join(extDir, 'panelkey.wasm')); // the wake's floor (floorEngine)
  if (patchManifest) {
    const mf = path.join(extDir, 'manifest.json');
    fs.writeFileSync(mf, JSON.stringify(patchManifest(JSON.parse(fs.readFileSync(mf, 'utf8'))), null, 2));
  }
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true,
    args: [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, ...LAUNCH_ARGS],
    env: { ...process.env, HOME: home }, viewport: { width: 1100, height: 800 },
  });
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20000 });
  const b = new Browser(context, new URL(worker.url()).host, dir, extDir);
  for (const w of context.serviceWorkers()) b.hookWorker(w);
  context.on('serviceworker', (w) => b.hookWorker(w));
  for (const p of context.pages()) b.hookPage(p);
  context.on('page', (p) => b.hookPage(p));
  return b;
}

/** The options page the worker opens on install would steal the first navigation: wait for it, then close it. */
async function settle(b) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const opt = b.context.pages().find((p) => p.url().endsWith('/options.html'));
    if (opt) {
      await opt.close();
      return;
    }
    await sleep(100);
  }
}

async function newPopup(b, { width = 400, height = 600 } = {}) {
  const p = await b.context.newPage();
  await p.setViewportSize({ width, height });
  await p.addInitScript(pageProbe);
  return p;
}

/**
 * What the page's own clock says (runs in the page; the toolbar popup gets it as source text): the pages' User
 * Timing marks (panelkey:start, :vault, :codes; the floor's floor:codes), as pk.{start, vault, codes} in ms since
 * navigation start, the navigation timing entry, the wasm's resource entry (any *.wasm: the popup and the other
 * pages need not load the same file; Chromium 156 reports no Resource Timing for chrome-extension:// loads, so it is
 * usually absent), and the codes in the list ([entry id, code], read now: readAt, epoch ms) for the RFC 6238 check.
 */
export function pageTiming() {
  const nav = performance.getEntriesByType('navigation')[0];
  const wasm = performance.getEntriesByType('resource').find((e) => /\.wasm$/.test(new URL(e.name).pathname));
  const pk = {};
  for (const m of performance.getEntriesByType('mark')) {
    const name = m.name.replace(/^(panelkey|floor):/, '');
    if (name !== m.name && pk[name] === undefined) pk[name] = m.startTime;
  }
  const codes = [...document.querySelectorAll('#list .code[data-entry-id]')];
  return {
    pk, timeOrigin: performance.timeOrigin,
    responseEnd: nav ? nav.responseEnd : undefined,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : undefined,
    wasmFile: wasm ? new URL(wasm.name).pathname.split('/').pop() : undefined,
    wasmFetched: wasm ? wasm.responseEnd : undefined,
    shownCodes: codes.length, emptyCodes: codes.filter((c) => c.textContent.trim() === '').length,
    shown: codes.map((c) => [c.dataset.entryId, c.textContent.trim()]), readAt: performance.timeOrigin + performance.now(),
  };
}

async function marks(page) {
  const t = await page.evaluate(pageTiming);
  const m = await page.evaluate(() => {
    const B = window.__bench;
    const first = (name) => B.shell.find((x) => x.name === name);
    return {
      ...B.marks, codeCount: B.codeCount, listRenders: B.listRenders, msgs: B.msgs, shell: B.shell,
      // From the shell wrappers: when the popup's vault read started (page.js's early read, else Go's call) and when
      // its first chunks reached Go (its openVault answered).
      vaultStart: (first('openVaultEarly') || first('openVault') || {}).start,
      vaultRead: (first('openVault') || {}).end,
    };
  });
  return { ...t, ...m };
}

/** Opens file (popup.html, the vault unlocked; floor.html) in a tab and returns its marks once every code is in the DOM and a frame passed. */
async function openPopupOnce(b, timeout, file = 'popup.html') {
  const page = await newPopup(b);
  await page.goto(b.url(file));
  await page.waitForFunction(() => window.__bench && window.__bench.marks.codesFrame !== undefined, null, { timeout });
  const m = await marks(page);
  await page.close();
  return m;
}

async function measurePopup(b, n, label, timeout = 30000, warmup = 2) {
  const out = [];
  for (let i = -warmup; i < n; i++) {
    const m = await openPopupOnce(b, timeout);
    if (i >= 0) out.push(m);
    if (verbose) say(label, i, m.codes && m.codes.toFixed(1), 'codes', m.codeCount);
  }
  return out;
}

/**
 * The real toolbar popup, as a user opens it: chrome.action.openPopup() from the worker. Chrome shows it as a CDP
 * target (type page, url …/popup.html) that Playwright does not list among the context's pages, so it is driven
 * with the non-flattened Target API from a CDP session of an ordinary page (the harness's helper page):
 * Target.attachToTarget({flatten: false}), then Runtime.evaluate through Target.sendMessageToTarget and
 * Target.receivedMessageFromTarget. Nothing is injected before its scripts run: it reports its own marks.
 */
class ToolbarPopup {
  constructor(b) {
    this.b = b;
    this.cdp = null;
    this.lastId = 0;
    this.pending = new Map();
  }

  async session() {
    if (this.cdp) return this.cdp;
    this.cdp = await this.b.context.newCDPSession(await this.b.helper());
    this.cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      const done = this.pending.get(m.id);
      if (done) {
        this.pending.delete(m.id);
        done(m);
      }
    });
    return this.cdp;
  }

  async popupTargets(file = 'popup.html') {
    const { targetInfos } = await this.cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'page' && t.url.startsWith(this.b.url(file)));
  }

  /** Runtime.evaluate (awaiting a promise, returning by value) in the attached popup. */
  async evaluate(sessionId, expression, timeout) {
    const id = ++this.lastId;
    const answer = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the popup did not answer in ${timeout} ms`));
      }, timeout);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    const params = { expression, returnByValue: true, awaitPromise: true };
    await this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params }) });
    const m = await answer;
    if (m.error) throw new Error('Runtime.evaluate in the popup: ' + m.error.message);
    const ex = m.result.exceptionDetails;
    if (ex) throw new Error('in the popup: ' + ((ex.exception && ex.exception.description) || ex.text));
    return m.result.result.value;
  }

  /**
   * Opens the popup (the action's popup set to file: popup.html, or the floor page), waits for its codes mark
   * (panelkey:codes, floor:codes), reads its timing, closes it and waits until it is gone.
   */
  async once(timeout, file = 'popup.html') {
    await this.session();
    const before = new Set((await this.popupTargets(file)).map((t) => t.targetId));
    const sw = await this.b.worker();
    const mark = file === 'popup.html' ? 'panelkey:codes' : file.replace(/\.html$/, '') + ':codes';
    const opened = await sw.evaluate(async ([ms, popup]) => {
      if (!chrome.action || typeof chrome.action.openPopup !== 'function') return { error: 'chrome.action.openPopup is not available in this Chromium' };
      await chrome.action.setPopup({ popup });
      const call = performance.timeOrigin + performance.now();
      try {
        await Promise.race([chrome.action.openPopup(), new Promise((_, no) => setTimeout(() => no(new Error(`no answer in ${ms} ms`)), ms))]);
      } catch (e) {
        return { error: 'chrome.action.openPopup() failed: ' + ((e && e.message) || e) };
      }
      return { call, resolved: performance.timeOrigin + performance.now() };
    }, [timeout, file]);
    if (opened.error) throw new Error(opened.error);
    let target;
    const deadline = Date.now() + timeout;
    while (!(target = (await this.popupTargets(file)).find((t) => !before.has(t.targetId)))) {
      if (Date.now() > deadline) throw new Error('chrome.action.openPopup() resolved, but no popup target appeared');
      await sleep(10);
    }
    try {
      const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      // A PerformanceObserver (buffered: a mark made before the attach counts) wakes the page only for the mark.
      const t = await this.evaluate(sessionId, `new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ${mark} mark after ${timeout} ms; the popup shows: '
          + document.body.innerText.replace(/\\s+/g, ' ').slice(0, 160))), ${timeout});
        new PerformanceObserver((list, obs) => {
          if (!list.getEntriesByName('${mark}').length) return;
          obs.disconnect();
          clearTimeout(timer);
          resolve((${pageTiming})());
        }).observe({ type: 'mark', buffered: true });
      })`, timeout + 5000);
      // Chrome's part before the page exists: the worker's openPopup() call → the popup's navigation start.
      return { ...t, codes: t.pk.codes, openToNavigation: t.timeOrigin - opened.call, openResolved: opened.resolved - opened.call };
    } finally {
      await this.close(target.targetId, file);
    }
  }

  async close(targetId, file) {
    await this.cdp.send('Target.closeTarget', { targetId }).catch(() => {});
    const deadline = Date.now() + 10000;
    while ((await this.popupTargets(file)).some((t) => t.targetId === targetId)) {
      if (Date.now() > deadline) throw new Error('the toolbar popup did not close');
      await sleep(10);
    }
  }

  async dispose() {
    if (this.cdp) await this.cdp.detach().catch(() => {});
    this.cdp = null;
  }
}

// The popup's list shows at most this many rows (maxListed, wasm/popup), one of them the server's: the floor shows as many
// codes as the popup does.
const LISTED = 100;

/**
 * The floor page's data (tests/bench/floor/floor.js): doc's accounts' 2FA secrets, unencrypted, in the list's order,
 * as many shown as the popup's list shows codes. Written into chrome.storage.local beside the vault.
 */
function floorData(doc) {
  const entries = [];
  for (const s of doc.servers) {
    for (const a of s.accounts) {
      if (a.totp) entries.push({ id: a.id, label: `${a.user} · ${a.domain}`, secret: a.totp.secret, digits: a.totp.digits, period: a.totp.period });
    }
  }
  return { entries, limit: LISTED - doc.servers.length };
}

/**
 * Checks the codes a page showed (pageTiming's shown, [entry id, code]) against the harness's independent RFC 6238
 * (Node's crypto), at any 30 s step from 2 s before the codes mark (the page computed them a moment before it) to
 * when they were read (a tick may have moved them on since). → the number checked; throws on a wrong or missing one.
 */
function checkCodes(m, secrets, label) {
  const painted = m.timeOrigin + m.pk.codes;
  if (!m.shown || m.shown.length === 0) throw new Error(`${label}: no codes shown`);
  for (const [id, code] of m.shown) {
    const e = secrets.get(id);
    if (!e) throw new Error(`${label}: a code for an entry the vault does not have (${id})`);
    const want = new Set();
    for (let t = painted - 2000; t < m.readAt + 30000; t += 30000) want.add(totp(e.secret, { time: Math.min(t, m.readAt), period: e.period, digits: e.digits }));
    if (!want.has(code)) throw new Error(`${label}: entry ${id} shows ${JSON.stringify(code)}, RFC 6238 gives ${[...want].join(' or ')}`);
  }
  return m.shown.length;
}

/**
 * The floor page and panelkey's popup with the same accounts (doc: the vault holds it, encrypted; the floor its
 * secrets, unencrypted), each as the toolbar popup and in a tab: n rounds after 2 warm-up rounds, the four opens of a
 * round one after the other (the order reversed every other round), so every kind sees the same machine state.
 * Every open's codes are checked (checkCodes). When the toolbar popup cannot be opened, the error is kept (the table
 * says so) and the tab rows go on.
 */
async function measureFloorAndPopup(b, doc, n, label) {
  const h = await b.helper();
  await h.evaluate((d) => chrome.storage.local.set({ 'bench.floor': d }), floorData(doc));
  const secrets = new Map(floorData(doc).entries.map((e) => [e.id, e]));
  const toolbar = new ToolbarPopup(b);
  const out = { popup: { tab: [], toolbar: [] }, floor: { tab: [], toolbar: [] }, toolbarError: undefined, checked: 0 };
  const kinds = [['floor', 'tab'], ['popup', 'tab'], ['floor', 'toolbar'], ['popup', 'toolbar']];
  for (let i = -2; i < n; i++) {
    const times = {};
    for (const [page, where] of i % 2 ? [...kinds].reverse() : kinds) {
      if (where === 'toolbar' && out.toolbarError) continue;
      const file = page + '.html';
      let m;
      try {
        m = where === 'tab' ? await openPopupOnce(b, 30000, file) : await toolbar.once(15000, file);
      } catch (err) {
        if (where === 'tab') throw err;
        out.toolbarError = String((err && err.message) || err).split('\n')[0];
        say('toolbar popup: not measured:', out.toolbarError);
        continue;
      }
      out.checked += checkCodes(m, secrets, `${label}, ${page} (${where})`);
      if (i >= 0) out[page][where].push(m);
      times[`${page} ${where}`] = num1(m.codes);
    }
    if (verbose) say(label, i, JSON.stringify(times));
  }
  await toolbar.dispose();
  await h.evaluate(() => chrome.storage.local.remove('bench.floor'));
  return out;
}

/**
 * The popup as users often open it: the worker asleep (Chrome stops it after ~30 s idle), so no running engine can
 * answer the first list and the popup's own program paints (page.js does not wake the worker for it). In a tab (the
 * toolbar popup is opened from the worker, which wakes it): each round the floor, then the worker stopped and the
 * popup opened; both codes checked.
 */
async function measureAsleep(b, doc, n) {
  const h = await b.helper();
  await h.evaluate((d) => chrome.storage.local.set({ 'bench.floor': d }), floorData(doc));
  const secrets = new Map(floorData(doc).entries.map((e) => [e.id, e]));
  const out = { popup: [], floor: [], fromWorker: [] };
  for (let i = -1; i < n; i++) {
    const f = await openPopupOnce(b, 30000, 'floor.html');
    checkCodes(f, secrets, 'floor (tab)');
    await stopWorker(b);
    const p = await openPopupOnce(b, 30000, 'popup.html');
    checkCodes(p, secrets, 'popup, worker asleep (tab)');
    if (i < 0) continue;
    out.floor.push(f);
    out.popup.push(p);
    // Whether a worker's engine painted the list (its codes mark before the program's start mark): it must not here.
    out.fromWorker.push(p.pk.start === undefined || p.pk.codes < p.pk.start);
  }
  await h.evaluate(() => chrome.storage.local.remove('bench.floor'));
  return out;
}

const num1 = (x) => (typeof x === 'number' ? x.toFixed(1) : String(x));

async function measureUnlock(b, n) {
  const page = await newPopup(b);
  await page.goto(b.url('popup.html'));
  await page.waitForSelector('#search', { timeout: 30000 });
  const out = [];
  for (let i = -1; i < n; i++) {
    await b.must({ type: 'lock' });
    await page.waitForSelector('#unlock-password', { timeout: 10000 });
    await page.fill('#unlock-password', MASTER_PASSWORD);
    // Let the lock's storage change settle so the only work left is the unlock's.
    await sleep(150);
    const t0 = await page.evaluate(() => {
      window.__bench.reset();
      const t = performance.now();
      document.getElementById('unlock-submit').click();
      return t;
    });
    await page.waitForFunction(() => window.__bench.marks.codesFrame !== undefined, null, { timeout: 30000 });
    await sleep(200); // a second render (storage.onChanged) would land here; count it
    const m = await marks(page);
    const rel = (x) => (x === undefined ? undefined : x - t0);
    const unlockMsg = m.msgs.find((x) => x.type === 'unlock');
    const reads = m.shell.filter((x) => x.name === 'openVault' && x.start >= t0);
    const r = {
      codes: rel(m.codes), codesFrame: rel(m.codesFrame), listRenders: m.listRenders,
      unlockMessage: unlockMsg ? unlockMsg.end - unlockMsg.start : undefined,
      readVault: reads.length ? reads[0].end - reads[0].start : undefined, readVaultCalls: reads.length,
    };
    if (i >= 0) out.push(r);
    if (verbose) say('unlock', i, JSON.stringify(r));
  }
  await page.close();
  return out;
}

// Installed in the worker (again after every restart): when a login message arrives and when a tab is created.
function workerProbe() {
  if (globalThis.__bench) return;
  const B = (globalThis.__bench = { logins: [] });
  chrome.runtime.onMessage.addListener((m) => {
    if (m && m.type === 'login') {
      performance.clearResourceTimings();
      B.logins.push({ start: performance.now(), startEpoch: performance.timeOrigin + performance.now() });
    }
    return false;
  });
  // When the worker asks Chrome for the tab: what comes after is Chrome's own tab creation.
  const create = (B.create = chrome.tabs.create);
  chrome.tabs.create = function (...args) {
    const l = B.logins[B.logins.length - 1];
    if (l && l.createCall === undefined) l.createCall = performance.now();
    return create.apply(this, args);
  };
  chrome.tabs.onCreated.addListener(() => {
    const l = B.logins[B.logins.length - 1];
    if (!l || l.tab !== undefined) return;
    l.tab = performance.now();
    l.tabEpoch = performance.timeOrigin + l.tab;
    l.fetches = performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= l.start && e.responseEnd <= l.tab)
      .map((e) => ({ url: e.name, start: e.startTime, duration: e.duration }));
  });
}

/**
 * Chrome alone, from the worker (runs there): chrome.tabs.create({url: 'about:blank'}) → tabs.onCreated and → the
 * create promise resolved, in ms. The tab is left for the caller to close. The reference for the login tab's
 * "Chrome's tab creation" row: what creating any tab costs in this browser, whoever asks.
 */
async function chromeTabAlone() {
  const create = (globalThis.__bench && globalThis.__bench.create) || chrome.tabs.create;
  let created;
  const onCreated = () => {
    if (created === undefined) created = performance.now();
  };
  chrome.tabs.onCreated.addListener(onCreated);
  try {
    const t0 = performance.now();
    const tab = await create.call(chrome.tabs, { url: 'about:blank' });
    const resolved = performance.now();
    for (let i = 0; created === undefined && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
    return { tabId: tab.id, created: created - t0, resolved: resolved - t0 };
  } finally {
    chrome.tabs.onCreated.removeListener(onCreated);
  }
}

/** chromeTabAlone in the worker, then its tab closed (and gone from Playwright's pages before the next click). */
async function measureChromeTab(b, sw) {
  const blank = b.context.waitForEvent('page', { timeout: 10000 }).catch(() => null);
  const ref = await sw.evaluate(chromeTabAlone);
  const page = await blank;
  if (page) await page.close();
  else await sw.evaluate((id) => chrome.tabs.remove(id), ref.tabId);
  return { created: ref.created, resolved: ref.resolved };
}

// bob's cPanel button (WHM API token → create_user_session) in the popup: the one-click rows click it.
export const BOB_CPANEL = '.row[data-id="a-bob"] button[data-service="cpanel"][data-method="token"]';

/** Opens popup.html until bob's cPanel button shows; the page notes each click's time (epoch ms) in __bench.click. */
async function popupForClicks(b) {
  const popup = await newPopup(b);
  await popup.goto(b.url('popup.html'));
  await popup.waitForSelector(BOB_CPANEL, { timeout: 30000 });
  await programReady(popup);
  await popup.evaluate(() => {
    document.addEventListener('click', (e) => { window.__bench.click = performance.timeOrigin + e.timeStamp; }, true);
  });
  return popup;
}

async function measureClick(b, emu, n) {
  const popup = await popupForClicks(b);
  const sel = BOB_CPANEL;
  const out = [];
  for (let i = -1; i < n; i++) {
    const sw = await b.worker();
    await sw.evaluate(workerProbe);
    const before = await emu.requests(0);
    const seq = before.length ? before[before.length - 1].seq : 0;
    const tab = await b.waitForTab(cpanelURL(emu), () => popup.click(sel));
    await tab.waitForURL(/\/frontend\/jupiter\/index\.html$/, { timeout: 20000 });
    await tab.waitForLoadState('load');
    const w = await sw.evaluate(() => globalThis.__bench.logins[globalThis.__bench.logins.length - 1]);
    const clickEpoch = await popup.evaluate(() => window.__bench.click);
    // The popup's side: the click → its login message handed to chrome.runtime.sendMessage.
    const sent = await popup.evaluate(() => {
      const m = window.__bench.msgs.filter((x) => x.type === 'login').pop();
      return m ? performance.timeOrigin + m.start : undefined;
    });
    const reqs = await emu.requests(seq);
    await tab.close();
    if (!w || w.tab === undefined) throw new Error('the worker saw no login message or no tab: ' + JSON.stringify(w));
    const total = w.tab - w.start;
    const fetchMs = w.fetches.reduce((s, f) => s + f.duration, 0);
    const dest = (r) => ((r.headers || {})['Sec-Fetch-Dest'] || [])[0] || '?';
    const r = {
      extension: total - fetchMs, total, fetchMs, workerFetches: w.fetches.length,
      // panelkey's own work (message → its chrome.tabs.create call, minus fetches) and Chrome's (call → onCreated).
      beforeCreate: w.createCall - w.start - fetchMs, chromeTab: w.tab - w.createCall,
      emulatorRequests: reqs.length,
      // The worker's fetch has Sec-Fetch-Dest: empty; the tab's navigations say document (its favicon: image).
      byWorker: reqs.filter((x) => dest(x) === 'empty').length,
      byTab: reqs.filter((x) => dest(x) === 'document').length,
      requests: reqs.map((x) => `${x.method} ${x.url.split('?')[0]} → ${x.status} (${dest(x)})`),
      clickToTab: w.tabEpoch - clickEpoch,
      clickToSend: sent === undefined ? undefined : sent - clickEpoch,
      // Measured right after, in the same worker: the same call by itself, for a blank tab.
      chromeAlone: await measureChromeTab(b, sw),
    };
    if (i >= 0) out.push(r);
    if (verbose) say('click', i, JSON.stringify(r));
  }
  await popup.close();
  return out;
}

/**
 * One click as users mostly make it: the worker asleep (stopped first, as after ~30 s idle), the popup opened, the
 * cPanel button clicked a second later. Timed on the emulator's side, whose request log shares this machine's clock:
 * from the click's timestamp to panelkey's create_user_session reaching it, and to the tab's first request.
 */
async function measureSleepyClick(b, emu, n) {
  const sel = BOB_CPANEL;
  const out = [];
  for (let i = -1; i < n; i++) {
    await stopWorker(b);
    const popup = await popupForClicks(b);
    await sleep(1000); // the user reads the popup
    const awake = await b.workerStatus(); // "running" when the popup's warm message woke it
    const before = await emu.requests(0);
    const seq = before.length ? before[before.length - 1].seq : 0;
    const tab = await b.waitForTab(cpanelURL(emu), () => popup.click(sel));
    await tab.waitForURL(/\/frontend\/jupiter\/index\.html$/, { timeout: 20000 });
    const clickEpoch = await popup.evaluate(() => window.__bench.click);
    const reqs = await emu.requests(seq);
    await tab.close();
    await popup.close();
    const api = reqs.find((x) => x.url.startsWith('/json-api/create_user_session'));
    const doc = reqs.find((x) => ((x.headers || {})['Sec-Fetch-Dest'] || [])[0] === 'document');
    if (!api || !doc) throw new Error('no create_user_session or no tab request: ' + JSON.stringify(reqs.map((x) => x.url)));
    const r = { toAPI: Date.parse(api.time) - clickEpoch, toTab: Date.parse(doc.time) - clickEpoch, awake };
    if (i >= 0) out.push(r);
    if (verbose) say('sleepy click', i, JSON.stringify(r));
  }
  return out;
}

/**
 * Runs use(call) attached to the extension's running service worker over CDP, call(method, params) → its result;
 * null when no worker runs.
 */
async function inWorker(b, use) {
  const cdp = await b.context.newCDPSession(await b.helper());
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(b.origin));
    if (!sw) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
    let id = 0;
    const call = (method, params = {}) => new Promise((resolve) => {
      const mine = ++id;
      const on = (e) => {
        if (e.sessionId !== sessionId) return;
        const m = JSON.parse(e.message);
        if (m.id === mine) {
          cdp.off('Target.receivedMessageFromTarget', on);
          resolve(m.result);
        }
      };
      cdp.on('Target.receivedMessageFromTarget', on);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method, params }) });
    });
    try {
      return await use(call);
    } finally {
      await cdp.send('Target.detachFromTarget', { sessionId });
    }
  } finally {
    await cdp.detach();
  }
}

/** b.stopWorker (harness), after making sure Chrome has reported the worker running since the last stop. */
async function stopWorker(b) {
  const deadline = Date.now() + 10000;
  while ((await b.workerStatus()) !== 'running') {
    if (Date.now() > deadline) throw new Error('the service worker is not running: ' + (await b.workerStatus()));
    await sleep(10);
  }
  await b.stopWorker();
}

/**
 * The worker stopped (CDP ServiceWorker.stopAllWorkers), then one message from an extension page. For the message
 * that needs the engine, where its time went: the worker's own marks (extension/worker.js mark(): scripts imported,
 * wasm compiled, instantiated, engine ready; beside it the vault's index and meta chunk read; then both in the engine),
 * on the same clock as the page's send
 * (performance.timeOrigin + a time).
 */
async function measureWake(b, n, floor) {
  const timeMsg = (page, msg) => page.evaluate(async (m) => {
    const sent = performance.timeOrigin + performance.now();
    const r = await chrome.runtime.sendMessage(m);
    const got = performance.timeOrigin + performance.now();
    return { ms: got - sent, sent, got, ok: r && r.ok, code: r && r.error && r.error.code };
  }, msg);
  const h = await b.helper();
  const probe = { type: 'login', serverId: 'no-such-server', service: 'cpanel', method: 'token' };
  const out = { status: [], warmStatus: [], engineAnswer: [], engineSteps: [], floor: [], floorSteps: [] };
  for (let i = -1; i < n; i++) {
    // Warm reference: the same message to a running worker.
    await timeMsg(h, { type: 'status' });
    const warm = await timeMsg(h, { type: 'status' });
    await stopWorker(b);
    const cold = await timeMsg(h, { type: 'status' });
    await stopWorker(b);
    const coldEngine = await timeMsg(h, probe);
    if (coldEngine.code !== 'not-found') throw new Error('engine probe answered ' + JSON.stringify(coldEngine));
    const steps = await wakeSteps(b, coldEngine);
    // The floor in the same round: the smallest Go engine has no function at all, so any message that needs the
    // engine (warm) is answered as soon as it is ready.
    let coldFloor;
    if (floor) {
      await stopWorker(floor);
      coldFloor = await timeMsg(await floor.helper(), { type: 'warm' });
      if (coldFloor.code !== 'engine-unavailable') throw new Error('floor engine answered ' + JSON.stringify(coldFloor));
      coldFloor.steps = await wakeSteps(floor, coldFloor);
    }
    if (i >= 0) {
      out.status.push(cold.ms);
      out.warmStatus.push(warm.ms);
      out.engineAnswer.push(coldEngine.ms);
      out.engineSteps.push(steps);
      if (coldFloor) {
        out.floor.push(coldFloor.ms);
        out.floorSteps.push(coldFloor.steps);
      }
    }
    if (verbose) say('wake', i, cold.ms.toFixed(1), warm.ms.toFixed(1), coldEngine.ms.toFixed(1), JSON.stringify(steps), coldFloor && coldFloor.ms.toFixed(1));
  }
  return out;
}

/** The wake's floor engine (tests/bench/floorengine), built into dir: the smallest Go program a worker can load. */
function floorEngine(dir) {
  const out = path.join(dir, 'floorengine.wasm');
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './tests/bench/floorengine'], {
    cwd: ROOT, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}

/**
 * The steps of one cold wake, in ms from the message sent: each the time of the worker's mark (null when the worker
 * or the mark is missing: a build without it).
 */
async function wakeSteps(b, msg) {
  const steps = { started: null, scripts: null, compiled: null, instantiated: null, engine: null, 'vault.index': null, 'vault.meta': null,
    'vault.open': null };
  const read = 'JSON.stringify({ origin: performance.timeOrigin, marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]) })';
  const got = await inWorker(b, (call) => call('Runtime.evaluate', { expression: read, returnByValue: true }));
  if (!got || !got.result || typeof got.result.value !== 'string') return steps;
  const marks = JSON.parse(got.result.value);
  steps.started = marks.origin - msg.sent;
  for (const [name, t] of marks.marks) {
    if (name.startsWith('panelkey:')) steps[name.slice('panelkey:'.length)] = marks.origin + t - msg.sent;
  }
  steps.answered = msg.ms;
  return steps;
}

async function measureSearch(b, keystrokes) {
  const page = await newPopup(b);
  await page.goto(b.url('popup.html'));
  await page.waitForSelector('#search', { timeout: 120000 });
  await page.waitForFunction(() => window.__bench.marks.list !== undefined, null, { timeout: 120000 });
  await programReady(page, 120000);
  await page.focus('#search');
  // Queries a user would type: a user name prefix, a domain, a reseller; each typed and then erased.
  const queries = ['u0123', 'res01', 'u09'];
  const seq = [];
  for (const q of queries) {
    for (const ch of q) seq.push(ch);
    for (let i = 0; i < q.length; i++) seq.push('Backspace');
  }
  // One warm-up word (JIT, first innerHTML of a new list).
  for (const k of ['x', 'Backspace']) {
    const before = await page.evaluate(() => window.__bench.keys.length);
    await page.keyboard.press(k);
    await page.waitForFunction((n) => window.__bench.keys.length > n, before, { timeout: 30000 });
  }
  await page.evaluate(() => { window.__bench.keys = []; });
  for (const k of seq.slice(0, keystrokes)) {
    const before = await page.evaluate(() => window.__bench.keys.length);
    await page.keyboard.press(k);
    await page.waitForFunction((n) => window.__bench.keys.length > n, before, { timeout: 30000 });
  }
  const keys = await page.evaluate(() => window.__bench.keys);
  await page.close();
  return keys;
}

// ---- Sessions

async function sessionDemo(result) {
  say('browser session 1: emulator (demo data), 10, 50 and 2,000 accounts');
  const emu = await startEmulator();
  let b;
  try {
    const fixture = await emu.fixture();
    b = await launch({ emulator: emu });
    await settle(b);
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    const grant = await b.grantHost(`https://${emu.host}/*`);
    if (grant.contains !== true) throw new Error('host grant failed: ' + JSON.stringify(grant));
    // The floor and the popup at 10 and 50 accounts; unlock and the clicks use the 50-account vault; 2,000 below.
    result.pages = {};
    const pages = async (accounts) => {
      const doc = demoDoc(emu, fixture, accounts);
      await b.must({ type: 'vault.write', data: doc });
      if (!ONLY.has('popup')) return;
      say(`floor and popup, ${accounts} accounts ×${N}: toolbar popup and tab each, one after the other`);
      result.pages[accounts] = await measureFloorAndPopup(b, doc, N, `${accounts} accounts`);
    };
    if (ONLY.has('popup')) await pages(10);
    await pages(50);
    if (ONLY.has('popup')) {
      say(`floor, and popup with the worker asleep, 50 accounts ×${N} (tabs)`);
      result.asleep50 = await measureAsleep(b, demoDoc(emu, fixture, 50), N);
    }
    if (ONLY.has('unlock')) {
      const n = Math.max(5, Math.round(N * 0.75));
      say(`unlock ×${n}`);
      result.unlock = await measureUnlock(b, n);
      result.kdf = (await b.storage()).local['vault.current'].kdf.iterations; // the newest header's copy (vault.js)
    }
    if (ONLY.has('click')) {
      // The worker asleep first: once Playwright has evaluated in the worker (measureClick's probe), it keeps it
      // awake.
      const n = Math.max(5, Math.round(N / 2));
      say(`one click, worker asleep ×${n}`);
      result.sleepyClick = await measureSleepyClick(b, emu, n);
      say(`one click → tab ×${N}`);
      result.click = await measureClick(b, emu, N);
    }
    if (ONLY.has('popup')) await pages(2000);
    if (ONLY.has('wake')) {
      say(`service worker cold wake ×${N}, beside a copy whose panelkey.wasm is the smallest Go engine`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-bench-floorengine-'));
      const engine = floorEngine(dir);
      const floor = await launch({ engine });
      try {
        await settle(floor);
        result.wake = await measureWake(b, N, floor);
        result.wake.floorBytes = fs.statSync(engine).size;
      } finally {
        await floor.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (b) {
      if (verbose) await b.saveArtifacts('bench-demo');
      await b.close();
    }
    await emu.stop();
  }
}

/**
 * vault.write of doc, timed inside an extension page (sendMessage → answer). The document is handed to the page
 * first: Playwright's own transfer of 18 MB into the page takes seconds and is not panelkey's.
 */
async function timedWrite(b, doc) {
  const h = await b.helper();
  await h.evaluate((d) => { window.__benchDoc = d; }, doc);
  return h.evaluate(async () => {
    const t = performance.now();
    const r = await chrome.runtime.sendMessage({ type: 'vault.write', data: window.__benchDoc });
    delete window.__benchDoc;
    return { ms: performance.now() - t, ok: r && r.ok, error: r && r.error };
  });
}

// A browser that can hold 100,000 accounts: chrome.storage.local holds 10 MB without unlimitedStorage. When the shipped
// manifest lacks it, the shipped build's answer to vault.write of doc is recorded once (result.bigShippedWrite), then
// the permission is added to a copy of the manifest.
async function launchBig(result, doc) {
  const shipped = JSON.parse(fs.readFileSync(path.join(process.env.BENCH_DIST || path.join(ROOT, 'dist/chrome'), 'manifest.json'), 'utf8'));
  const unlimited = (shipped.permissions || []).includes('unlimitedStorage');
  result.bigPatchedManifest = !unlimited;
  if (unlimited) return launch({});
  if (!result.bigShippedWrite) {
    const b = await launch({});
    try {
      await settle(b);
      await b.must({ type: 'setup', password: MASTER_PASSWORD });
      const r = await timedWrite(b, doc);
      result.bigShippedWrite = { ms: Math.round(r.ms), ok: r.ok, error: r.error };
      say('shipped build, vault.write of 100,000 accounts:', JSON.stringify(result.bigShippedWrite));
    } finally {
      await b.close();
    }
  }
  return launch({ patchManifest: (m) => ({ ...m, permissions: [...(m.permissions || []), 'unlimitedStorage'] }) });
}

async function sessionBig(result) {
  say('browser session 2: 100,000 accounts (10 servers × 10,000 from the emulator\'s generator)');
  const doc = bigDoc();
  result.bigDocBytes = Buffer.byteLength(JSON.stringify(doc));
  let b;
  try {
    b = await launchBig(result, doc);
    await settle(b);
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    // Twice: into an empty vault, then over the 100,000-account one (what an accounts.refresh pays).
    result.write100k = [];
    for (let i = 0; i < 2; i++) {
      const w = await timedWrite(b, doc);
      if (!w.ok) throw new Error('vault.write of 100,000 accounts failed: ' + JSON.stringify(w.error));
      result.write100k.push(w.ms);
    }
    say(`vault.write of 100,000 accounts: ${result.write100k.map(Math.round).join(' ms, ')} ms`);
    say('popup open, 100,000 accounts ×3');
    result.popup100k = await measurePopup(b, 3, 'popup100k', 120000, 1);
    say('heap after opening 100,000 accounts');
    result.heap100k = await measureHeap(b);
    say('search keystrokes over 100,000 accounts ×30');
    result.search = await measureSearch(b, 30);
    const n = Math.max(5, Math.round(N / 2));
    say(`one edit → durable, 100,000 accounts stored ×${n} each`);
    result.edit100k = await measureEdits(b, n);
    say(`unlock, 100,000 accounts stored ×${n}`);
    result.unlock100k = await measureUnlockMessage(b, n);
  } finally {
    if (b) await b.close();
  }
}

/**
 * The options page's import of an export file (the message it sends), timed inside an extension page (sendMessage →
 * answer), with the worker's progress broadcasts it heard ({at, stage, done, total}; at: ms since the send).
 */
async function timedImport(b, file) {
  const h = await b.helper();
  await h.evaluate((f) => { window.__benchFile = f; }, file);
  return h.evaluate(async (password) => {
    const progress = [];
    const t = performance.now();
    const listener = (m) => {
      if (m && m.type === 'progress' && m.op === 'import') progress.push({ at: performance.now() - t, stage: m.stage, done: m.done, total: m.total });
    };
    chrome.runtime.onMessage.addListener(listener);
    const r = await chrome.runtime.sendMessage({ type: 'import', file: window.__benchFile, password });
    const ms = performance.now() - t;
    chrome.runtime.onMessage.removeListener(listener);
    delete window.__benchFile;
    return { ms, ok: r && r.ok, error: r && r.error, progress };
  }, MASTER_PASSWORD);
}

// Import of 100,000 accounts: the export of a 100,000-account vault imported into that unlocked vault (its contents
// replaced) and into a fresh profile (the lock screen's "restore an export"), and vault.write of the document (the same
// replacement, from a document), one after the other in each round.
async function sessionImport(result) {
  const rounds = Math.max(3, Math.round(N / 5));
  say(`browser session: import of 100,000 accounts ×${rounds} (export file into the unlocked vault, into a fresh profile; vault.write)`);
  const doc = bigDoc();
  result.bigDocBytes = Buffer.byteLength(JSON.stringify(doc));
  const out = { unlocked: [], fresh: [], write: [] };
  result.import100k = out;
  let b;
  let file;
  try {
    b = await launchBig(result, doc);
    await settle(b);
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    const seeded = await timedWrite(b, doc);
    if (!seeded.ok) throw new Error('vault.write of 100,000 accounts failed: ' + JSON.stringify(seeded.error));
    file = (await b.must({ type: 'export' })).file;
    out.fileBytes = file.length;
    for (let i = 0; i < rounds; i++) {
      const r = await timedImport(b, file);
      if (!r.ok) throw new Error('import of 100,000 accounts failed: ' + JSON.stringify(r.error));
      out.unlocked.push(r);
      const w = await timedWrite(b, doc);
      if (!w.ok) throw new Error('vault.write of 100,000 accounts failed: ' + JSON.stringify(w.error));
      out.write.push(w.ms);
      say(`round ${i + 1}: import ${Math.round(r.ms)} ms (${r.progress.length} progress messages), vault.write ${Math.round(w.ms)} ms`);
    }
  } finally {
    if (b) await b.close();
  }
  for (let i = 0; i < rounds; i++) {
    const f = await launchBig(result, doc);
    try {
      await settle(f);
      const r = await timedImport(f, file);
      if (!r.ok) throw new Error('import of 100,000 accounts into a fresh profile failed: ' + JSON.stringify(r.error));
      out.fresh.push(r);
      say(`round ${i + 1}: import into a fresh profile ${Math.round(r.ms)} ms`);
    } finally {
      await f.close();
    }
  }
}

// One edit from an extension page to its answer, which the worker sends once the commit is stored (sendMessage →
// answer): adding a history entry, and renaming one account (its domain) with the page of accounts it is on, as the
// options page sends it. The first of each after the worker was stopped (it opens the vault again: the engine's
// load, the index, the meta chunk, that page), then warm ones.
async function measureEdits(b, n) {
  const h = await b.helper();
  // The page hint of the first server's first account, from the meta chunk a page reads (shell.js's openVault).
  const page = await b.openPage('popup.html');
  const hint = await page.evaluate(async () => {
    const v = await shell.openVault(['meta']);
    const meta = JSON.parse(v.chunks.meta);
    return { serverId: meta.servers[0].id, page: meta.servers[0].pages[0].id };
  });
  await page.close();
  const doc = bigDoc();
  const accountId = doc.servers.find((x) => x.id === hint.serverId).accounts[0].id;
  const edits = {
    history: (i) => ({ op: 'history.append', entry: { at: Date.now(), status: 200, ms: 1, outcome: 'ok',
      form: { serverId: hint.serverId, family: 'uapi', module: 'Email', function: 'list_pops', auth: 'session' }, id: 'bench' + i } }),
    rename: (i) => ({ op: 'account.update', serverId: hint.serverId, id: accountId, page: hint.page, set: { domain: 'renamed' + i + '.example' } }),
  };
  const out = {};
  for (const [kind, make] of Object.entries(edits)) {
    out[kind] = { cold: [], warm: [] };
    for (let i = 0; i < n; i++) {
      await b.stopWorker();
      out[kind].cold.push(await timedEdit(h, make('c' + i)));
      for (let j = 0; j < 2; j++) out[kind].warm.push(await timedEdit(h, make('w' + i + j)));
    }
  }
  return out;
}

async function timedEdit(h, edit) {
  return (await timedMessage(h, { type: 'vault.edit', edit })).ms;
}

// The unlock message's round trip from a page (the KDF and opening the index; no chunk is decrypted), the vault
// holding 100,000 accounts.
async function measureUnlockMessage(b, n) {
  const h = await b.helper();
  const out = [];
  for (let i = -1; i < n; i++) {
    await b.must({ type: 'lock' });
    await sleep(150);
    const { ms } = await timedMessage(h, { type: 'unlock', password: MASTER_PASSWORD });
    if (i >= 0) out.push(ms);
  }
  return out;
}

// The JS heap (CDP Runtime.getHeapUsage: used, after a collection) of the popup once it has loaded every chunk of the
// 100,000-account vault and built its rows and index, and of the worker once it has opened the vault and applied
// an edit (the engine then holds the meta chunk and the history). Not counted: the wasm programs' linear memories
// (Go's heaps), which V8 keeps outside its heap.
async function measureHeap(b) {
  const page = await b.openPage('popup.html');
  await page.waitForFunction(() => document.querySelectorAll('#list .row').length > 0, null, { timeout: 120000 });
  await page.fill('#search', 'u0123'); // the search waits for every chunk and the index
  await sleep(3000);
  const usage = async (session) => {
    await session.send('HeapProfiler.collectGarbage').catch(() => {});
    return session.send('Runtime.getHeapUsage');
  };
  const ps = await b.context.newCDPSession(page);
  const pageHeap = await usage(ps);
  await ps.detach();
  await page.close();
  await b.must({ type: 'vault.edit', edit: { op: 'history.clear' } });
  const worker = await inWorker(b, async (call) => {
    await call('HeapProfiler.collectGarbage');
    return call('Runtime.getHeapUsage');
  });
  return { page: { used: pageHeap.usedSize, total: pageHeap.totalSize }, worker: worker && { used: worker.usedSize, total: worker.totalSize } };
}

// ---- Fleet: refresh all and bulk import (issue 16)

const FLEET_SERVERS = 100;
const FLEET_ACCOUNTS = 1000;
const IMPORT_SERVERS = 1000;

/**
 * The emulator's fleet (tests/cpanel-emulator -fleet): servers servers × accounts accounts, each server on a
 * loopback address of its own (127.X.Y.1, .2, …) with cPanel's real ports. Resolves {proc, caFile, servers:
 * [{whm, rootToken, accounts}], stop()} once every server listens.
 */
async function startFleet(servers, accounts) {
  const bin = buildEmulator();
  for (let attempt = 0; ; attempt++) {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-bench-fleet-'));
    const first = `127.${100 + crypto.randomInt(100)}.${crypto.randomInt(256)}.1`;
    const proc = spawn(bin, ['-fleet', String(servers), '-accounts', String(accounts), '-listen', first, '-state-dir', stateDir],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const line = await firstLine(proc);
    const stop = async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      fs.rmSync(stateDir, { recursive: true, force: true });
    };
    if (line) return { proc, stop, ...JSON.parse(line) };
    await stop();
    if (/address already in use/.test(stderr) && attempt < 10) continue;
    throw new Error('the fleet did not start: ' + stderr.trim());
  }
}

/** A process's proportional set size in bytes (/proc/PID/smaps_rollup; shared pages split between their users). */
function pss(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // gone
  }
}

/** The browser's processes: its main process (started on profile) and every descendant (zygotes, renderers, GPU, utility). */
function browserPids(profile) {
  const procs = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      procs.push({ pid: Number(d), ppid, cmd: fs.readFileSync(`/proc/${d}/cmdline`, 'utf8') });
    } catch {
      // gone
    }
  }
  const mine = new Set(procs.filter((p) => p.cmd.includes('--user-data-dir=' + profile) && !p.cmd.includes('--type=')).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return [...mine];
}

/** Samples the browser's memory (the sum of its processes' PSS) every 200 ms until stopped: {peak, samples}. */
function memorySampler(profile) {
  let peak = 0;
  let samples = 0;
  let pids = browserPids(profile);
  let ticks = 0;
  const take = () => {
    if (++ticks % 10 === 0) pids = browserPids(profile); // renderers come and go
    const total = pids.reduce((sum, pid) => sum + pss(pid), 0);
    peak = Math.max(peak, total);
    samples++;
  };
  take();
  const timer = setInterval(take, 200);
  return { stop: () => { clearInterval(timer); take(); return { peak, samples }; }, now: () => pids.reduce((sum, pid) => sum + pss(pid), 0) };
}

/** A server list of n rows (CSV, as users export one): host, label, tags, kind, secret — each a WHM token. */
function importCSV(n) {
  const rows = ['host,label,tags,kind,secret'];
  for (let i = 0; i < n; i++) {
    rows.push(`web${i}.bench.example,Web ${i},"${i % 2 ? 'prod' : 'staging'}, eu",whm-token,BENCHTOKEN${String(i).padStart(22, '0')}`);
  }
  return rows.join('\n') + '\n';
}

/** One message from an extension page, timed there (sendMessage → answer). */
async function timedMessage(h, msg) {
  const r = await h.evaluate(async (m) => {
    const t = performance.now();
    const reply = await chrome.runtime.sendMessage(m);
    return { ms: performance.now() - t, reply };
  }, msg);
  if (!r.reply || !r.reply.ok) throw new Error(`${msg.type} failed: ${JSON.stringify(r.reply && r.reply.error)}`);
  return r;
}

async function sessionFleet(result) {
  say(`browser session 3: import ${IMPORT_SERVERS.toLocaleString('en')} servers; refresh all of ${FLEET_SERVERS} servers × ${FLEET_ACCOUNTS.toLocaleString('en')} accounts (the emulator's fleet)`);
  const started = Date.now();
  const fleet = await startFleet(FLEET_SERVERS, FLEET_ACCOUNTS);
  say(`fleet of ${fleet.servers.length} servers up in ${((Date.now() - started) / 1000).toFixed(1)} s; emulator ${(pss(fleet.proc.pid) / 1e6).toFixed(0)} MB`);
  let b;
  try {
    b = await launch({ emulator: { info: { caFile: fleet.caFile } } });
    await settle(b);
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    const h = await b.helper();

    // Import: the preview of the file, then its one edit, into an empty vault each time.
    const csv = importCSV(IMPORT_SERVERS);
    result.importServers = { preview: [], import: [], bytes: Buffer.byteLength(csv) };
    const empty = (await b.must({ type: 'vault.read' })).data;
    for (let i = 0; i < 3; i++) {
      await b.must({ type: 'vault.write', data: empty });
      const p = await timedMessage(h, { type: 'servers.importPreview', file: csv });
      if (p.reply.importable !== IMPORT_SERVERS) throw new Error(`preview: ${p.reply.importable} importable`);
      const c = await timedMessage(h, { type: 'servers.import', file: csv });
      if (c.reply.count !== IMPORT_SERVERS) throw new Error(`import: ${c.reply.count} imported`);
      result.importServers.preview.push(p.ms);
      result.importServers.import.push(c.ms);
    }
    say(`import of ${IMPORT_SERVERS} servers: preview ${result.importServers.preview.map(Math.round).join(', ')} ms; import ${result.importServers.import.map(Math.round).join(', ')} ms`);

    // Refresh all: the fleet's servers in the vault, each host granted, then one run, polled until it is over.
    const doc = { ...empty, servers: fleet.servers.map((m, i) => ({
      id: `fleet-${i}`, name: `fleet ${i}`, address: new URL(m.whm).hostname, baseURL: m.whm,
      whm: { user: 'root', token: m.rootToken, password: '', accessHash: '', totp: null }, accounts: [], accountsFetchedAt: 0,
    })) };
    await b.must({ type: 'vault.write', data: doc });
    // One grant of the manifest's optional host permission (https://*/*) covers every server: granting 100 hosts one
    // by one takes minutes of page opens and measures nothing of panelkey's.
    const grant = await b.grantHost('https://*/*');
    if (grant.contains !== true) throw new Error('host grant failed: ' + JSON.stringify(grant));
    await sleep(2000);
    const profile = path.join(b.dir, 'profile');
    const mem = memorySampler(profile);
    const before = mem.now();
    const t0 = performance.now();
    await b.must({ type: 'refresh.start' });
    let p;
    let polls = 0;
    for (;;) {
      await sleep(250);
      p = (await b.must({ type: 'refresh.status' })).progress;
      polls++;
      if (p.over) break;
      if (performance.now() - t0 > 30 * 60 * 1000) throw new Error('refresh all: not over after 30 minutes: ' + JSON.stringify(p));
    }
    const wall = performance.now() - t0;
    const peak = mem.stop();
    if (p.failed || p.done !== FLEET_SERVERS || p.accounts !== FLEET_SERVERS * FLEET_ACCOUNTS) {
      throw new Error('refresh all did not bring every account: ' + JSON.stringify({ ...p, current: undefined, failures: p.failures.slice(0, 3) }));
    }
    const stored = (await b.must({ type: 'vault.read' })).data.servers.reduce((n, x) => n + x.accounts.length, 0);
    if (stored !== FLEET_SERVERS * FLEET_ACCOUNTS) throw new Error(`refresh all: ${stored} accounts stored`);
    result.refreshAll = { wall, peak: peak.peak, before, samples: peak.samples, polls, accounts: stored,
      emulator: pss(fleet.proc.pid) };
    say(`refresh all: ${(wall / 1000).toFixed(1)} s, browser peak ${(peak.peak / 1e6).toFixed(0)} MB (before ${(before / 1e6).toFixed(0)} MB)`);
  } finally {
    if (b) {
      if (verbose) await b.saveArtifacts('bench-fleet');
      await b.close();
    }
    await fleet.stop();
  }
}

async function main() {
  const result = { n: N, chromium: execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim() };
  if (['popup', 'unlock', 'click', 'wake'].some((k) => ONLY.has(k))) await sessionDemo(result);
  if (ONLY.has('search')) await sessionBig(result);
  if (ONLY.has('import')) await sessionImport(result);
  if (ONLY.has('fleet')) await sessionFleet(result);
  const text = JSON.stringify(result);
  if (OUT) fs.writeFileSync(OUT, text);
  else process.stdout.write(text + '\n');
}

// Run as a script; imported (tests/bench/firefox.mjs takes pageTiming and BOB_CPANEL), it measures nothing.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error('browser bench:', err);
    process.exit(1);
  });
}
