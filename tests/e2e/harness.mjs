// End-to-end harness: the built extension (dist/chrome/) in Debian's Chromium, driven by playwright-core, against
// the cPanel & WHM emulator (tests/cpanel-emulator) with its demo data. With PANELKEY_E2E_BROWSER=firefox the same
// tests drive dist/firefox/ in Firefox ESR instead (tests/e2e/firefox.mjs: puppeteer-core over WebDriver BiDi, behind
// the same Browser methods and the Playwright page calls the tests use).
//
// What it does, and why each choice is honest:
//  - The emulator runs as a child process (its own binary, built once into tests/e2e/.artifacts/) on cPanel's real
//    service ports 2082/2083/2086/2087/2095/2096: panelkey only talks to those ports (endpoint package; signin
//    refuses a session URL on any other port), so free ports would test nothing. To share the machine with other
//    emulators, each one listens on a loopback address of its own (127.x.y.z, the emulator's -listen), picked at
//    random and changed when taken. The proxy and control listeners take free ports.
//  - The browser trusts the emulator's CA through a fresh NSS database under a temporary HOME, exactly as a user
//    who imported the CA would. No --ignore-certificate-errors: the untrusted-certificate path stays testable.
//  - Host permission. Playwright cannot answer Chrome's extension permission prompt (microsoft/playwright#32755,
//    "out of scope"; puppeteer#5054; devtools-protocol#76: the dialog is not in the protocol), and in headless
//    Chromium chrome.permissions.request() never settles while the invisible prompt waits. Putting the host into a
//    test copy of the manifest would skip the product's own request path, and a test-only preference in the product
//    is not acceptable. So allowSite() does what a user can do outside the product: it allows the site in Chrome's
//    own extension management page (chrome://extensions, through that page's chrome.developerPrivate API, the call
//    behind its site-access controls). After that the product's own chrome.permissions.request({origins}), made
//    after a real (CDP-dispatched, trusted) click, settles with `true` without a prompt, and only then does
//    chrome.permissions.contains() say yes: the product's request path still has to run. requestHost() makes that
//    call from a neutral extension page; the sign-in tests click the popup's own "Allow access" button instead.
//    Only https://<emulator address>/* is allowed: plain-text ports stay unreachable for the worker.
//  - The extension is copied from dist/chrome/ into the temporary directory before launch, so another
//    rebuild of dist/ (a second checkout, a parallel run) cannot change the files under a running test. The id is read from the worker's URL.
//  - Every console message of every page and of the service worker is collected (for the secret scan and for
//    debugging); the emulator's request log and session log come from its control endpoint.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The browser these tests drive: 'chromium' (default) or 'firefox' (PANELKEY_E2E_BROWSER). */
export const BROWSER = process.env.PANELKEY_E2E_BROWSER || 'chromium';
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`PANELKEY_E2E_BROWSER=${BROWSER}: chromium or firefox`);
export const FIREFOX = BROWSER === 'firefox';
export const DIST = path.join(ROOT, 'dist', FIREFOX ? 'firefox' : 'chrome');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/.artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';

// cPanel's service ports (§1) by listener name of the emulator.
export const REAL_PORTS = {
  cpanel: 2082, 'cpanel-tls': 2083, whm: 2086, 'whm-tls': 2087, webmail: 2095, 'webmail-tls': 2096,
};

// A master password used by the tests; the secret scan looks for it too.
export const MASTER_PASSWORD = 'e2e master password 7Qk!';

function log(...args) {
  if (process.env.E2E_VERBOSE) console.error('[e2e]', ...args);
}

// ---- Builds

let builtEmulator = null;

/** Builds the emulator binary once per process (go's build cache makes later builds a link step). */
export function buildEmulator() {
  if (builtEmulator) return builtEmulator;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const out = path.join(ARTIFACTS, 'cpanel-emulator');
  execFileSync('go', ['build', '-o', out, './tests/cpanel-emulator'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  builtEmulator = out;
  return out;
}

// Files a usable build has (scripts/build.sh checks the same list).
const BUILT = ['manifest.json', 'worker.js', 'vault.js', 'net.js', 'bridge.js', 'messages.js', 'wasm_exec.js', 'panelkey.wasm',
  'popup.wasm', 'options.wasm', 'console.wasm',
  'popup.html', 'options.html', 'console.html', 'pages.js', 'early.js'];

function complete(dir) {
  return BUILT.every((f) => {
    try {
      return fs.statSync(path.join(dir, f)).size > 0;
    } catch {
      return false;
    }
  });
}

/**
 * Makes sure dist/chrome/ (dist/firefox/) exists (scripts/build.sh when it does not, or always with
 * PANELKEY_E2E_BUILD=1) and returns a private copy of it for one browser. A build running at the same moment
 * (scripts/build.sh empties dist/ first) is waited for: the copy is retried until it is complete and the source did
 * not change while it was copied.
 */
export function extensionCopy(dir) {
  if (process.env.PANELKEY_E2E_BUILD === '1' || !fs.existsSync(path.join(DIST, 'manifest.json'))) {
    execFileSync('bash', ['scripts/build.sh'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const dest = path.join(dir, 'extension');
  const stamp = () => BUILT.map((f) => {
    try {
      const st = fs.statSync(path.join(DIST, f));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  }).join(',');
  for (let i = 0; i < 120; i++) {
    const before = stamp();
    if (complete(DIST)) {
      fs.rmSync(dest, { recursive: true, force: true });
      try {
        fs.cpSync(DIST, dest, { recursive: true });
      } catch {
        // dist/chrome/ changed under the copy; try again.
      }
      if (complete(dest) && stamp() === before) return dest;
    }
    execFileSync('sleep', ['0.5']);
  }
  throw new Error(`${DIST} stayed incomplete for a minute: run scripts/build.sh`);
}

// ---- The emulator

export class Emulator {
  constructor(proc, info, stderr) {
    this.proc = proc;
    this.info = info;
    this.stderr = stderr;
    this.control = info.control;
    this.urls = info.urls;
  }

  async get(p) {
    const res = await fetch(this.control + p);
    if (!res.ok) throw new Error(`emulator control GET ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async post(p, body) {
    const res = await fetch(this.control + p, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
    });
    if (!res.ok) throw new Error(`emulator control POST ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** The request log: every request with headers, cookies and body (records with seq > since). */
  requests(since = 0) { return this.get('/requests?since=' + since); }
  /** The last request's seq (0 before any): requests(await lastSeq()) later lists what came after now. */
  async lastSeq() { return (await this.requests()).at(-1)?.seq ?? 0; }
  /** The SSO session log entries (NEW/PURGE). */
  sessionLog() { return this.get('/sessionlog'); }
  sessions() { return this.get('/sessions'); }
  fixture() { return this.get('/fixture'); }
  reset() { return this.post('/reset'); }
  clock(offsetSeconds) { return this.post('/clock', { offsetSeconds }); }
  config(settings) { return this.post('/config', settings); }

  async stop() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      this.proc.kill('SIGKILL');
      await exited;
    }
  }
}

function randomLoopback() {
  const r = (n) => crypto.randomInt(n);
  return `127.${100 + r(100)}.${r(256)}.${1 + r(254)}`;
}

/** The first line a started process writes to stdout (the emulator's JSON with its addresses); null if it exits first. */
export function firstLine(proc) {
  return new Promise((resolve) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        proc.stdout.off('data', onData);
        resolve(out.slice(0, nl));
      }
    };
    proc.stdout.on('data', onData);
    proc.once('exit', () => resolve(null));
  });
}

/**
 * A virtual X display (Xvfb, no TCP listener) for a headed browser, and real key presses and mouse clicks on it
 * (xdotool): what a test of the browser's keyboard shortcuts needs, since CDP's and BiDi's key events go to the page,
 * never through the browser's own shortcut handling, and what a click needs to meet the browser's own press handling.
 * Set process.env.DISPLAY to name before launching the browser. → {name, pressKeys(keys, title), moveMouse(left,
 * top), click(left, top, holdMs), stop()}.
 */
export async function virtualDisplay() {
  const proc = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const n = await firstLine(proc);
  if (n === null) throw new Error('Xvfb did not start (scripts/install-deps.sh installs it)');
  const name = ':' + n.trim();
  const x = (...args) => execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: name }, encoding: 'utf8' }).trim();
  return {
    name,
    // Focuses the window whose title matches title (a regular expression, xdotool's), then presses keys (xdotool's
    // names, e.g. 'alt+shift+k') as a keyboard would.
    pressKeys(keys, title) {
      let windows = [];
      try {
        windows = x('search', '--onlyvisible', '--name', title).split('\n');
      } catch {
        throw new Error(`no window titled /${title}/ on ${name}`);
      }
      x('windowfocus', '--sync', windows.at(-1));
      x('key', '--clearmodifiers', keys);
    },
    // Moves the mouse pointer to (left, top) on the screen.
    moveMouse(left, top) { x('mousemove', '--sync', String(Math.round(left)), String(Math.round(top))); },
    // Presses the left mouse button at (left, top) on the screen and releases it holdMs later, as a hand does (a
    // press and release sent together would hide what the page does between them).
    async click(left, top, holdMs = 150) {
      this.moveMouse(left, top);
      x('mousedown', '1');
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      x('mouseup', '1');
    },
    stop: () => proc.kill(),
  };
}

/**
 * Starts the emulator with the demo data on cPanel's real service ports, on a loopback address of its own (proxy and
 * control on free ports). options.untrusted serves a certificate from a CA that is never written out;
 * options.listen picks the address; options.args adds flags. options.fixture (a file) replaces the demo data;
 * options.stateDir shares another emulator's state directory, and so its CA, which a browser already trusts.
 */
export async function startEmulator(options = {}) {
  const bin = buildEmulator();
  const stateDir = options.stateDir || fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-e2e-emu-'));
  const data = options.fixture ? ['-fixture', options.fixture] : ['-demo'];
  for (let attempt = 0; ; attempt++) {
    const listen = options.listen || randomLoopback();
    const args = [...data, '-json', '-listen', listen, '-ports', 'proxy=0,control=0', '-state-dir', stateDir];
    if (options.untrusted) args.push('-untrusted');
    args.push(...(options.args || []));
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const line = await firstLine(proc);
    if (line) {
      const emu = new Emulator(proc, JSON.parse(line), () => stderr);
      emu.stateDir = stateDir;
      emu.host = listen;
      log('emulator', emu.urls);
      return emu;
    }
    await new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve)));
    if (/address already in use/.test(stderr) && !options.listen && attempt < 20) continue;
    throw new Error('the emulator did not start: ' + stderr.trim());
  }
}

// ---- TOTP, computed independently of panelkey's engine (RFC 4648 base32, RFC 6238)

export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error('not base32: ' + ch);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secret, { time = Date.now(), period = 30, digits = 6, algorithm = 'SHA1' } = {}) {
  const counter = Math.floor(time / 1000 / period);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac(algorithm.toLowerCase().replace('-', ''), base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

// ---- The browser with panelkey loaded

const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

export class Browser {
  constructor(context, id, dir, extDir) {
    this.context = context;
    this.id = id;
    this.dir = dir;
    this.extDir = extDir;
    this.origin = `chrome-extension://${id}`;
    /** Every console message: {source: 'page'|'worker', url, type, text}. */
    this.console = [];
    this.pageErrors = [];
    this._helper = null;
    this._cdp = null;
    this._workerStatus = 'unknown';
  }

  hookPage(page) {
    page.on('console', (m) => this.console.push({ source: 'page', url: page.url(), type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => this.pageErrors.push({ url: page.url(), text: String(e && e.stack || e) }));
  }

  hookWorker(w) {
    w.on('console', (m) => this.console.push({ source: 'worker', url: w.url(), type: m.type(), text: m.text() }));
  }

  url(p) { return `${this.origin}/${p}`; }

  // What a test does with the browser beyond the extension's pages, in words both browsers implement
  // (firefox.mjs overrides these).

  /** Every open tab. */
  pages() { return this.context.pages(); }
  /** A new blank tab. */
  newPage() { return this.context.newPage(); }
  /** A new tab on the extension's page p (a path), loaded. */
  async extensionPage(p) {
    const page = await this.context.newPage();
    await page.goto(this.url(p));
    return page;
  }
  /** The cookies the browser would send to url. */
  cookies(url) { return this.context.cookies(url); }
  clearCookies() { return this.context.clearCookies(); }
  /** The next tab to open for which predicate(page) holds. */
  waitForPage(predicate = () => true, timeout = 30000) { return this.context.waitForEvent('page', { predicate, timeout }); }
  /**
   * The clipboard's text. Chrome grants clipboard-read to web origins only, not to the extension's: it is read from
   * a tab on webURL (a page of the emulator's), left open for the next read.
   */
  async readClipboard(webURL) {
    if (!this._clipPage || this._clipPage.isClosed()) {
      await this.context.grantPermissions(['clipboard-read'], { origin: new URL(webURL).origin });
      this._clipPage = await this.newPage();
      await this._clipPage.goto(webURL);
    }
    await this._clipPage.bringToFront();
    return this._clipPage.evaluate(() => navigator.clipboard.readText());
  }

  /**
   * fn(g, arg) with g the background's global object: the worker's own here, the event page's window (reached from an
   * extension page) in Firefox. fn is sent as source: it may use only g, arg and the language.
   */
  async inBackground(fn, arg) {
    const w = await this.worker();
    return w.evaluate(`(${fn})(globalThis, ${JSON.stringify(arg)})`);
  }

  /** Writes text to the background's console (to check that it is collected). */
  async probeWorkerConsole(text) {
    const w = await this.worker();
    await w.evaluate((t) => console.log(t), text);
  }

  /** A neutral extension page (the manifest as a document): chrome.* APIs, no panelkey UI. */
  async helper() {
    if (this._helper && !this._helper.isClosed()) return this._helper;
    this._helper = await this.extensionPage('manifest.json');
    return this._helper;
  }

  /**
   * The real toolbar popup. With tab (a Playwright page), it is opened on that tab as a click on the toolbar button
   * opens it, which grants the extension activeTab for it: CDP Extensions.triggerAction (the browser must run with
   * --enable-unsafe-extension-debugging). Without, it waits for a popup something else opens (open(): e.g. the
   * worker's chrome.action.openPopup for a keyboard shortcut). Playwright lists no page for it: it is driven through
   * the browser's CDP session (Target.attachToTarget, not flattened). → {evaluate(fn, arg), close()}; evaluate runs
   * fn's source in the popup and awaits it.
   */
  async toolbarPopup(tab, open) {
    const cdp = await this.context.browser().newBrowserCDPSession();
    const popups = async () => (await cdp.send('Target.getTargets')).targetInfos
      .filter((t) => t.type === 'page' && t.url === this.url('popup.html'));
    const before = new Set((await popups()).map((t) => t.targetId));
    if (tab) {
      await tab.bringToFront();
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const target = targetInfos.find((t) => t.url === tab.url());
      if (!target) throw new Error('no tab target for ' + tab.url());
      await cdp.send('Extensions.triggerAction', { id: this.id, targetId: target.targetId });
    } else {
      await open();
    }
    let popup;
    for (const deadline = Date.now() + 15000; !(popup = (await popups()).find((t) => !before.has(t.targetId)));) {
      if (Date.now() > deadline) throw new Error('no toolbar popup opened');
      await sleep(50);
    }
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false });
    let last = 0;
    const waiting = new Map();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      const done = waiting.get(m.id);
      if (done) {
        waiting.delete(m.id);
        done(m);
      }
    });
    const evaluate = async (fn, arg) => {
      const id = ++last;
      const answer = new Promise((resolve) => waiting.set(id, resolve));
      const expression = `(${fn})(${JSON.stringify(arg ?? null)})`;
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } }) });
      const m = await answer;
      if (m.error) throw new Error('in the toolbar popup: ' + m.error.message);
      const ex = m.result.exceptionDetails;
      if (ex) throw new Error('in the toolbar popup: ' + ((ex.exception && ex.exception.description) || ex.text));
      return m.result.result.value;
    };
    const close = async () => {
      await cdp.send('Target.closeTarget', { targetId: popup.targetId }).catch(() => {});
      await cdp.detach().catch(() => {});
    };
    // As programReady: until the popup's program takes input (a list painted from the worker's engine comes first).
    await evaluate(() => new Promise((resolve) => {
      new PerformanceObserver((list, obs) => {
        if (!list.getEntriesByName('panelkey:ready').length) return;
        obs.disconnect();
        resolve();
      }).observe({ type: 'mark', buffered: true });
    }));
    return { evaluate, close };
  }

  /** chrome.runtime.sendMessage from an extension page, as the popup and options do. */
  async send(msg) {
    const h = await this.helper();
    return h.evaluate((m) => chrome.runtime.sendMessage(m), msg);
  }

  /** Like send, but throws when the worker answers {ok:false}. */
  async must(msg) {
    const r = await this.send(msg);
    if (!r || r.ok !== true) throw new Error(`worker refused ${msg.type}: ${JSON.stringify(r)}`);
    return r;
  }

  /** {local, session}: everything in chrome.storage, read from an extension page. */
  async storage() {
    const h = await this.helper();
    return h.evaluate(async () => ({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null) }));
  }

  async alarms() {
    const h = await this.helper();
    return h.evaluate(() => chrome.alarms.getAll());
  }

  /** Opens an extension page (popup.html, options.html, console.html) in a tab and waits for the Go UI to render. */
  async openPage(name, { width = 400, height = 600 } = {}) {
    const p = await this.extensionPage(name);
    await p.setViewportSize({ width, height });
    // The page ships "Loading…" in #app; the Go UI replaces it once the wasm runs.
    await p.waitForFunction(() => {
      const app = document.getElementById('app');
      return app && app.children.length > 0 && !app.querySelector(':scope > .loading');
    }, null, { timeout: 20000 });
    await programReady(p);
    return p;
  }

  popup() { return this.openPage('popup.html'); }

  /**
   * Waits (up to 10 s) for the options tab the worker opens on install. Chrome's openOptionsPage may take over a
   * blank tab, so a test page opened before it appears could be navigated away mid-load.
   */
  async firstRunTab() {
    // Polled: a new tab reports about:blank when its page event fires, before it navigates.
    const deadline = Date.now() + 10000;
    while (!this.context.pages().some((p) => p.url().startsWith(this.url('options.html'))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  options() { return this.openPage('options.html', { width: 1100, height: 900 }); }

  /** The running service worker (Playwright's Worker), waiting for one when none is known yet. */
  async worker() {
    const w = this.context.serviceWorkers().find((x) => x.url().startsWith(this.origin));
    if (w) return w;
    return this.context.waitForEvent('serviceworker', { predicate: (x) => x.url().startsWith(this.origin), timeout: 15000 });
  }

  async cdp() {
    if (this._cdp) return this._cdp;
    const h = await this.helper();
    const s = await this.context.newCDPSession(h);
    s.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) {
        if (!v.scriptURL.startsWith(this.origin)) continue;
        this._workerStatus = v.runningStatus;
        if (v.runningStatus === 'stopped') this._workerStopped = true;
      }
    });
    await s.send('ServiceWorker.enable');
    this._cdp = s;
    return s;
  }

  /** The worker's running status as Chrome reports it: running, stopping, stopped, starting. */
  async workerStatus() {
    await this.cdp();
    return this._workerStatus;
  }

  /**
   * Stops the service worker as Chrome does after 30 s idle (CDP ServiceWorker.stopAllWorkers) and waits until
   * Chrome reports it stopped. Everything the worker held in memory is gone afterwards. A stop Chrome reported counts
   * even when the worker started again before the next look (a page's message woke it), and the stop is asked again
   * every 3 s while Chrome has not reported it (a stop asked in the middle of an event was once not carried out).
   */
  async stopWorker() {
    const s = await this.cdp();
    this._workerStopped = this._workerStatus === 'stopped'; // already stopped: Chrome reports nothing new
    const deadline = Date.now() + 15000;
    for (let asked = 0; !this._workerStopped; await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the service worker did not stop (status ' + this._workerStatus + ')');
      if (Date.now() - asked >= 3000) {
        asked = Date.now();
        await s.send('ServiceWorker.stopAllWorkers');
      }
    }
  }

  /**
   * The user allows panelkey on origin ("https://host/*") in Chrome's extension management page (see the header).
   * Grants nothing by itself until the product requests the origin.
   */
  async allowSite(origin) {
    const ext = await this.context.newPage();
    try {
      await ext.goto(`chrome://extensions/?id=${this.id}`);
      await ext.evaluate(([id, o]) => chrome.developerPrivate.addHostPermission(id, o), [this.id, origin]);
    } finally {
      await ext.close();
    }
  }

  /**
   * chrome.permissions.request({origins:[origin]}) from an extension page after a real click, as the product's
   * shell.requestHost does. Returns what it resolved to and what chrome.permissions.contains says afterwards.
   */
  async requestHost(origin) {
    const p = await this.extensionPage('manifest.json');
    try {
      await p.evaluate((o) => {
        const b = document.createElement('button');
        b.id = 'e2e-grant';
        b.textContent = 'grant';
        b.addEventListener('click', () => {
          window.__grant = chrome.permissions.request({ origins: [o] });
        });
        document.body.append(b);
      }, origin);
      await p.click('#e2e-grant');
      const granted = await Promise.race([p.evaluate(() => window.__grant), sleep(10000).then(() => 'no answer (prompt?)')]);
      const contains = await p.evaluate((o) => chrome.permissions.contains({ origins: [o] }), origin);
      return { granted, contains };
    } finally {
      await p.close();
    }
  }

  /** allowSite then requestHost. */
  async grantHost(origin) {
    await this.allowSite(origin);
    return this.requestHost(origin);
  }

  /** Waits for a tab (not an extension page) to open and reach a URL starting with prefix. */
  async waitForTab(prefix, action, timeout = 20000) {
    const before = new Set(this.context.pages());
    const opened = this.context.waitForEvent('page', { predicate: (p) => !before.has(p), timeout });
    await action();
    const page = await opened;
    await page.waitForURL((u) => u.href.startsWith(prefix), { timeout });
    return page;
  }

  /** Text of every page's DOM (HTML plus the values of form fields), for the secret scan. */
  async domTexts() {
    const out = [];
    for (const p of this.pages()) {
      if (p.isClosed()) continue;
      try {
        const t = await p.evaluate(() => {
          const fields = [...document.querySelectorAll('input, textarea, select')]
            .map((e) => `${e.tagName.toLowerCase()}#${e.id}[type=${e.type}]=${e.value}`);
          return document.documentElement.outerHTML + '\n' + fields.join('\n');
        });
        out.push({ url: p.url(), text: t });
      } catch (err) {
        out.push({ url: p.url(), text: '', error: String(err.message || err) });
      }
    }
    return out;
  }

  /** Saves a screenshot of every page and the console log under tests/e2e/.artifacts/<name>[-firefox]/ for debugging. */
  async saveArtifacts(name) {
    const dir = path.join(ARTIFACTS, FIREFOX ? name + '-firefox' : name);
    fs.mkdirSync(dir, { recursive: true });
    let i = 0;
    for (const p of this.pages()) {
      if (p.isClosed()) continue;
      await p.screenshot({ path: path.join(dir, `page-${i++}.png`) }).catch(() => {});
    }
    fs.writeFileSync(path.join(dir, 'console.json'), JSON.stringify({ console: this.console, pageErrors: this.pageErrors }, null, 1));
  }

  async close() {
    await this.context.close().catch(() => {});
    if (!process.env.E2E_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The vault's records among chrome.storage.local's items (keys vault.*), as an object. */
export function vaultRecords(local) {
  return Object.fromEntries(Object.entries(local).filter(([k]) => k.startsWith('vault.')));
}

/** Creates an NSS database under home that trusts the CA at caFile for TLS servers. */
export function trustCA(home, caFile) {
  const db = path.join(home, '.pki/nssdb');
  fs.mkdirSync(db, { recursive: true });
  if (!fs.existsSync(path.join(db, 'cert9.db'))) execFileSync('certutil', ['-d', 'sql:' + db, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', 'sql:' + db, '-A', '-t', 'C,,', '-n', 'panelkey-emulator', '-i', caFile]);
}

/**
 * Launches Chromium (Firefox with PANELKEY_E2E_BROWSER=firefox) with a private copy of the built extension.
 * options.emulator: trust its CA (the default when given; options.trust=false does not). options.headless (default
 * true unless E2E_HEADED=1). options.args: more Chromium switches.
 */
export async function launchBrowser(options = {}) {
  if (FIREFOX) return (await import('./firefox.mjs')).launchFirefox(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-e2e-browser-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  if (options.emulator && options.trust !== false) trustCA(home, options.emulator.info.caFile);
  const ext = extensionCopy(dir);
  // options.extension(dir) adjusts the test's copy of the built extension (e.g. a pseudo-translation, locale.test.mjs).
  if (options.extension) options.extension(ext);
  const b = await openProfile(dir, ext, options);
  await b.firstRunTab();
  return b;
}

/**
 * The start most test files make: an emulator (startEmulator(options.emulator)), its fixture, a browser that trusts
 * it (launchBrowser with options.browser too) and the vault created through the popup (createVault). Returns {emu,
 * fixture, b, popup}; when a step fails, what started is closed as closeAll(name) does, and the error thrown.
 */
export async function startWithVault(name, options = {}) {
  const emu = await startEmulator(options.emulator);
  let b;
  try {
    const fixture = await emu.fixture();
    b = await launchBrowser({ emulator: emu, ...options.browser });
    return { emu, fixture, b, popup: await createVault(b) };
  } catch (err) {
    await closeAll(name, b, emu);
    throw err;
  }
}

/**
 * A test file's after(): saves each browser's artifacts under name (tests/e2e/.artifacts/) and closes it, and stops
 * each emulator, in the order given. Any may be undefined: before() failed part way.
 */
export async function closeAll(name, ...things) {
  for (const t of things) {
    if (t instanceof Browser) {
      await t.saveArtifacts(name);
      await t.close();
    } else if (t) {
      await t.stop();
    }
  }
}

/**
 * Quits the browser and starts it again on the same profile and extension copy, as a user restarting the browser:
 * chrome.storage.local survives, chrome.storage.session does not. Returns the new Browser; b is closed.
 */
export async function restartBrowser(b, options = {}) {
  if (FIREFOX) return (await import('./firefox.mjs')).restartFirefox(b, options);
  await b.context.close();
  return openProfile(b.dir, b.extDir, options);
}

/**
 * Kills the browser with SIGKILL (no shutdown: what a crash or a killed process leaves on disk), by the process id
 * of its main process (the one started on this profile), then starts it again on the same profile. Returns the new
 * Browser; b is gone.
 */
export async function crashBrowser(b, options = {}) {
  if (FIREFOX) return (await import('./firefox.mjs')).crashFirefox(b, options);
  const profile = path.join(b.dir, 'profile');
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const main = ps.split('\n').map((l) => l.trim())
    .filter((l) => l.includes('--user-data-dir=' + profile) && !l.includes(' --type='))
    .map((l) => Number(l.split(/\s+/)[0]));
  if (main.length === 0) throw new Error('no browser process runs on ' + profile);
  for (const pid of main) process.kill(pid, 'SIGKILL');
  await b.context.close().catch(() => {});
  return openProfile(b.dir, b.extDir, options);
}

async function openProfile(dir, extDir, options) {
  const home = path.join(dir, 'home');
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: options.headless ?? process.env.E2E_HEADED !== '1',
    args: [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, ...LAUNCH_ARGS, ...(options.args || [])],
    env: { ...process.env, HOME: home, ...(options.env || {}) },
    viewport: { width: 1100, height: 800 },
  });
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20000 });
  const id = new URL(worker.url()).host;
  const b = new Browser(context, id, dir, extDir);
  for (const w of context.serviceWorkers()) b.hookWorker(w);
  context.on('serviceworker', (w) => b.hookWorker(w));
  for (const p of context.pages()) b.hookPage(p);
  context.on('page', (p) => b.hookPage(p));
  return b;
}

/**
 * Signs in to the emulator's cPanel (cpanelURL) as user in a new tab of b and opens its two-factor setup page, which
 * shows a new key as a QR code each visit (its secret in #emulator-tfa-setup's data-secret). → the tab.
 */
export async function openTfaSetupPage(b, cpanelURL, user, password) {
  const tab = await b.context.newPage();
  await tab.goto(cpanelURL + '/');
  await tab.fill('#user', user);
  await tab.fill('#pass', password);
  await Promise.all([tab.waitForURL(/\/cpsess\d+\//), tab.click('#login_submit')]);
  const cpsess = new URL(tab.url()).pathname.match(/^\/cpsess\d+/)[0];
  await tab.goto(cpanelURL + cpsess + '/frontend/jupiter/security/tfa/index.html');
  return tab;
}

// ---- Popup helpers

/** A code shown in the popup and the time around its read ({code, at}); read again when a step boundary fell in between. */
export async function popupCode(popup, entryId, period) {
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    const code = (await popup.locator(`.code[data-entry-id="${entryId}"]`).textContent()).trim();
    const t1 = Date.now();
    if (Math.floor(t0 / 1000 / period) === Math.floor(t1 / 1000 / period)) return { code, at: t0 };
  }
  throw new Error('could not read a code within one step');
}

/**
 * Waits until the popup's program takes input (its panelkey:ready mark): the list page.js may paint first from the
 * worker's engine shows before the program runs, and a click on it then does nothing. Other pages: at once.
 */
export async function programReady(page, timeout = 20000) {
  await page.waitForFunction(() => document.documentElement.dataset.page !== 'popup' ||
    performance.getEntriesByName('panelkey:ready').length > 0, null, { timeout });
}

/**
 * Runs action, which reloads page (Lock reloads every open extension page into the lock view: shell.js), and returns
 * its result once page holds the new document, loaded: a mark set in the old one is gone and the new one's readyState
 * is complete (Firefox runs a script in the new window before its document has an element). A read after it sees the
 * reloaded page, never the old one's last view (Firefox shows that, then the reload's first frames with no text yet);
 * and neither an element found in the old document (Firefox refuses it as a cross-origin object) nor a wait begun in
 * it (puppeteer's does not follow Firefox's reload) can be used in the new one.
 */
export async function afterReload(page, action, timeout = 20000) {
  await page.evaluate(() => { window.e2eBeforeReload = true; });
  const result = await action();
  const deadline = Date.now() + timeout;
  const reloaded = () => !window.e2eBeforeReload && document.readyState === 'complete';
  while (!(await page.evaluate(reloaded).catch(() => false))) { // false too while the document is replaced
    if (Date.now() > deadline) throw new Error(`the page was not reloaded within ${timeout} ms`);
    await sleep(100);
  }
  return result;
}

/**
 * Waits until the popup shows one of its views and returns which: 'setup', 'unlock' or 'list'. The view and the
 * program's readiness are read together in the page, as one check, polled. After something that reloads the popup
 * (Lock), call it through afterReload, which waits for the new document.
 */
export async function popupView(page, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const view = await page.evaluate(() => {
      const e = document.querySelector('#setup-password, #unlock-password, #search');
      const ready = document.documentElement.dataset.page !== 'popup' || performance.getEntriesByName('panelkey:ready').length > 0;
      if (!e || !ready || e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') return null;
      return { 'setup-password': 'setup', 'unlock-password': 'unlock', search: 'list' }[e.id];
    });
    if (view) return view;
    if (Date.now() > deadline) throw new Error(`the popup showed none of its views within ${timeout} ms`);
    await sleep(100);
  }
}

/**
 * Opens the popup of b, a new profile, which must show the first-run form, and creates the vault through it. Returns
 * the popup, on the empty list.
 */
export async function createVault(b, password = MASTER_PASSWORD) {
  const popup = await b.popup();
  const view = await popupView(popup);
  if (view !== 'setup') throw new Error(`a new profile's popup shows ${view}, not the first-run form`);
  await setupThroughPopup(popup, password);
  return popup;
}

/** Creates the vault through the popup's first-run form. */
export async function setupThroughPopup(page, password = MASTER_PASSWORD) {
  await page.fill('#setup-password', password);
  await page.fill('#setup-confirm', password);
  await page.click('#setup-submit');
  await page.waitForSelector('#search', { timeout: 30000 });
}

export async function unlockThroughPopup(page, password = MASTER_PASSWORD) {
  await page.fill('#unlock-password', password);
  await page.click('#unlock-submit');
  await page.waitForSelector('#search', { timeout: 30000 });
}

// ---- Secrets

/** The credentials of a fixture, each with the services (TLS ports) it may be sent to. */
export function secretsOf(fixture) {
  const out = [];
  const add = (value, kind, owner, services) => { if (value) out.push({ value, kind, owner, services }); };
  const accounts = new Map(fixture.accounts.map((a) => [a.user, a]));
  for (const u of fixture.whmUsers) {
    // A reseller also has a cPanel account with the same password: it may log in there too.
    const services = accounts.has(u.user) ? ['whm', 'cpanel', 'webmail'] : ['whm'];
    add(u.password, 'password', u.user, services);
    for (const t of u.tokens || []) add(t.token, 'whm-token', u.user, ['whm']);
    add(u.totpSecret, '2fa-secret', u.user, []);
    if (u.accessHash) add(u.accessHash.replace(/\s+/g, ''), 'access-hash', u.user, ['whm']);
  }
  for (const a of fixture.accounts) {
    add(a.password, 'password', a.user, ['cpanel', 'webmail']);
    for (const t of a.tokens || []) add(t.token, 'cpanel-token', a.user, ['cpanel']);
    add(a.totpSecret, '2fa-secret', a.user, []);
    for (const m of a.mailboxes || []) add(m.password, 'password', m.email, ['webmail']);
  }
  // Merge duplicates (resel's WHM and cPanel password): the union of where it may go.
  const byValue = new Map();
  for (const s of out) {
    const prev = byValue.get(s.value);
    if (prev) prev.services = [...new Set([...prev.services, ...s.services])];
    else byValue.set(s.value, { ...s });
  }
  return [...byValue.values()];
}

/** The secrets (values) found in text, in any of the spellings a leak would take. */
export function findSecrets(text, secrets) {
  if (!text) return [];
  const hay = [text, safeDecode(text)].join('\n');
  const lower = hay.toLowerCase();
  return secrets.filter((s) => hay.includes(s.value) || lower.includes(s.value.toLowerCase()) ||
    hay.includes(encodeURIComponent(s.value)) || hay.includes(Buffer.from(s.value).toString('base64')));
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Where secrets (and the master password) appear in clear: chrome.storage (local and session), every console
 * message of the pages and the worker, page errors and, with dom, every open page's DOM and form values.
 * Returns a list of findings (empty when clean). Probes first that the worker's console is collected at all.
 */
export async function secretLeaks(b, secrets, { dom = true } = {}) {
  const all = [...secrets, { value: MASTER_PASSWORD, kind: 'master password', owner: 'the user' }];
  const leaks = [];
  const { local, session } = await b.storage();
  for (const s of findSecrets(JSON.stringify({ local, session }), all)) leaks.push(`${s.kind} of ${s.owner} in chrome.storage`);
  await b.probeWorkerConsole('e2e console probe');
  await sleep(200);
  if (!b.console.some((m) => m.source === 'worker' && m.text === 'e2e console probe')) leaks.push('the worker console is not collected');
  for (const m of [...b.console, ...b.pageErrors]) {
    for (const s of findSecrets(m.text, all)) leaks.push(`${s.kind} of ${s.owner} in the console of ${m.source || 'a page (error)'} ${m.url}`);
  }
  if (dom) {
    for (const d of await b.domTexts()) {
      for (const s of findSecrets(d.text, all)) leaks.push(`${s.kind} of ${s.owner} in the DOM of ${d.url}`);
    }
  }
  return leaks;
}

/** Everything a request record carries that could hold a credential, Basic auth decoded. */
export function requestText(r) {
  const parts = [r.method + ' ' + r.url, r.body || ''];
  for (const [k, vs] of Object.entries(r.headers || {})) {
    for (const v of vs) {
      parts.push(`${k}: ${v}`);
      const m = /^basic\s+(\S+)/i.exec(v);
      if (m) parts.push(Buffer.from(m[1], 'base64').toString('utf8'));
    }
  }
  return parts.join('\n');
}

/**
 * Requests that carried a credential somewhere it does not belong: not TLS, or a service the credential is not
 * for (WHM tokens only to WHM, passwords only to the TLS port of their service), or any 2FA secret at all.
 */
export function credentialViolations(records, secrets) {
  const bad = [];
  for (const r of records) {
    const found = findSecrets(requestText(r), secrets);
    for (const s of found) {
      const ok = r.tls && s.services.includes(r.service);
      if (!ok) {
        bad.push(`${s.kind} of ${s.owner} sent to ${r.listener} (port ${r.port}, ${r.tls ? 'TLS' : 'plain'}, service ` +
          `${r.service || '-'}) in ${r.method} ${r.url.split('?')[0]}`);
      }
    }
  }
  return bad;
}
