// Where the time goes: a Chrome trace (CDP Tracing) of one popup open or one one-click login, with a summary of
// the busiest work on the threads involved. Used for docs/benchmarks.md; not part of scripts/bench.sh's table.
//
//   node tests/bench/trace.mjs popup [accounts=50]   → bench-results/trace-popup.json
//   node tests/bench/trace.mjs click                 → bench-results/trace-click.json
//   node tests/bench/trace.mjs click-asleep          → the same with the worker stopped before the popup opens
//   node tests/bench/trace.mjs wake [engine.wasm]    → the bench's cold wake: the worker stopped, then a message that needs
//                                                      the engine (login for a server that does not exist); with a wasm
//                                                      file, that one in panelkey.wasm's place
//   node tests/bench/trace.mjs wake-floor            → the same wake with the bench's floor engine (tests/bench/floorengine)
//                                                      in panelkey.wasm's place, sent warm (it has no function)
//
// The .json files open in chrome://tracing or https://ui.perfetto.dev.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, launchBrowser, MASTER_PASSWORD, REAL_PORTS } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'bench-results');
const what = process.argv[2] || 'popup';
const accounts = Number(process.argv[3] || 50);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile',
  'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink', 'loading', 'navigation', 'toplevel', 'ServiceWorker',
  'extensions', 'netlog', 'disabled-by-default-netlog',
].join(',');

function doc(emu, fixture, n) {
  const root = fixture.whmUsers.find((u) => u.user === 'root');
  const acc = [];
  for (let i = 0; i < n; i++) {
    const user = i === 0 ? 'bob' : 'b' + String(i).padStart(5, '0');
    acc.push({ id: i === 0 ? 'a-bob' : 'a' + i, user, domain: user + '.example', owner: 'root', suspended: false, password: '',
      apiToken: '', totp: { secret: 'JBSWY3DPEHPK3PXP' + 'ABCDEFGHIJKLMNOP'.slice(0, i % 16), algorithm: 'SHA1', digits: 6, period: 30 }, mailboxes: [] });
  }
  return { version: 1, authenticators: [], history: [], servers: [{
    id: 's1', name: 'Emulator', address: emu.host, baseURL: `https://${emu.host}:${REAL_PORTS['whm-tls']}`,
    whm: { user: 'root', token: root.tokens[0].token, password: '', accessHash: '', totp: null }, accounts: acc, accountsFetchedAt: 1 }] };
}

// A Go wasm program built as scripts/build.sh builds the shipped ones (-s -w), or with its function names (-w: the
// same code, plus the name section) for lazyCompiles; into a temporary directory.
function buildWasm(pkg, named) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-trace-')), 'engine.wasm');
  execFileSync('go', ['build', '-trimpath', named ? '-ldflags=-w' : '-ldflags=-s -w', '-o', out, pkg], {
    cwd: ROOT, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}

// Each defined function's name and body size, from a wasm file's name and code sections ({} for a file without
// names). The indices count the imported functions first, as V8's trace events do.
function wasmFunctions(file) {
  const buf = fs.readFileSync(file);
  let p = 8;
  const u32 = () => {
    let r = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[p++];
      r += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return r;
    }
  };
  const skipLimits = () => (buf[p++] & 1 ? (u32(), u32()) : u32());
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (p < buf.length) {
    const id = buf[p++];
    const end = u32() + p;
    if (id === 2) { // imports: only functions count in the function index space
      for (let n = u32(); n > 0; n--) {
        p = u32() + p;
        p = u32() + p;
        const kind = buf[p++];
        if (kind === 0) (u32(), imported++);
        else if (kind === 1) (p++, skipLimits());
        else if (kind === 2) skipLimits();
        else p += 2;
      }
    } else if (id === 10) {
      for (let n = u32(); n > 0; n--) {
        const size = u32();
        sizes.push(size);
        p += size;
      }
    } else if (id === 0) {
      const len = u32();
      if (buf.toString('utf8', p, p + len) === 'name') {
        p += len;
        while (p < end) {
          const sub = buf[p++];
          const subEnd = u32() + p;
          if (sub === 1) {
            for (let n = u32(); n > 0; n--) {
              const index = u32();
              const l = u32();
              names.set(index, buf.toString('utf8', p, p + l));
              p += l;
            }
          }
          p = subEnd;
        }
      }
    }
    p = end;
  }
  return { imported, sizes, names };
}

// How long a thread was busy in the trace: the sum of its outermost complete events, wall time and thread (CPU) time.
function threadBusy(events, threadName) {
  const ids = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === threadName).map((e) => `${e.pid}:${e.tid}`));
  const own = events.filter((e) => e.ph === 'X' && ids.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let wall = 0;
  let cpu = 0;
  let end = -Infinity;
  for (const e of own) {
    if (e.ts < end) continue; // nested in the one counted
    wall += e.dur / 1000;
    cpu += (e.tdur || 0) / 1000;
    end = e.ts + e.dur;
  }
  return { wall, cpu };
}

// The wasm functions V8 compiled on their first call (lazy compilation) on the worker's thread during the trace:
// how many, their bodies' bytes and the time, and by Go package when named (a build with names of the same code:
// every body size must match the traced file's, or the names are of another program and are left out).
function lazyCompiles(events, traced, named) {
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && e.args);
  const fns = wasmFunctions(traced);
  const names = named ? wasmFunctions(named) : null;
  const same = names && names.sizes.length === fns.sizes.length && names.sizes.every((s, i) => s === fns.sizes[i]);
  const by = new Map();
  let bytes = 0;
  let ms = 0;
  for (const e of lazy) {
    const size = fns.sizes[e.args.func_index - fns.imported] || 0;
    bytes += size;
    ms += e.dur / 1000;
    // Go's name section spells a package path with _ for / (encoding_json.Marshal, github.com_panelkey_panelkey_vault.Open):
    // the package is up to the first dot, after a leading domain's.
    const name = same ? names.names.get(e.args.func_index) || '?' : '?';
    const pkg = /^(?:[\w-]+\.[a-z]+_)?[^.]*/.exec(name)[0];
    const cur = by.get(pkg) || { pkg, count: 0, bytes: 0, ms: 0 };
    cur.count++;
    cur.bytes += size;
    cur.ms += e.dur / 1000;
    by.set(pkg, cur);
  }
  return { count: lazy.length, bytes, ms, byPackage: same ? [...by.values()].sort((a, b) => b.bytes - a.bytes) : null };
}

async function trace(cdp, fn) {
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await fn();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

// Sums complete events by name per thread (self time is not computed: nested events are listed too).
function summary(events, from, to) {
  const threads = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const by = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.ts < from || e.ts > to) continue;
    const t = threads.get(`${e.pid}:${e.tid}`) || `${e.pid}:${e.tid}`;
    let name = e.name;
    const d = e.args && e.args.data;
    if (d && d.url && /EvaluateScript|v8.compile|ScriptCompile/.test(name)) name += ' ' + d.url.split('/').pop();
    if (d && d.functionName) name += ' ' + d.functionName;
    const k = `${t} | ${name}`;
    const cur = by.get(k) || { thread: t, name, ms: 0, count: 0 };
    cur.ms += e.dur / 1000;
    cur.count++;
    by.set(k, cur);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

async function main() {
  fs.mkdirSync(RESULTS, { recursive: true });
  const emu = await startEmulator();
  const floor = what === 'wake-floor';
  const engine = floor ? buildWasm('./tests/bench/floorengine') : what === 'wake' && process.argv[3] ? path.resolve(process.argv[3]) : null;
  const b = await launchBrowser({ emulator: emu, extension: engine ? (ext) => fs.copyFileSync(engine, path.join(ext, 'panelkey.wasm')) : undefined });
  try {
    await sleep(1000);
    for (const p of b.context.pages()) if (p.url().endsWith('options.html')) await p.close();
    if (!floor) {
      await b.must({ type: 'setup', password: MASTER_PASSWORD });
      await b.grantHost(`https://${emu.host}/*`);
      await b.must({ type: 'vault.write', data: doc(emu, await emu.fixture(), accounts) });
    }
    const h = await b.helper();
    const cdp = await b.context.newCDPSession(h);
    let events;
    let from = 0;
    let to = Infinity;
    if (what === 'popup') {
      // Two warm-up opens, as the bench does.
      for (let i = 0; i < 2; i++) {
        const p = await b.popup();
        await p.close();
      }
      const page = await b.context.newPage();
      await page.setViewportSize({ width: 400, height: 600 });
      events = await trace(cdp, async () => {
        await page.goto(b.url('popup.html'));
        await page.waitForSelector('#list .code[data-entry-id]', { timeout: 30000 });
        await sleep(100);
      });
    } else if (what === 'wake' || floor) {
      // The bench's wake row (browser.mjs measureWake): answered not-found once the engine holds the vault's meta
      // chunk; the floor has no function and answers warm with engine-unavailable as soon as it is ready.
      const probe = floor ? { type: 'warm' } : { type: 'login', serverId: 'no-such-server', service: 'cpanel', method: 'token' };
      const want = floor ? 'engine-unavailable' : 'not-found';
      const wake = async () => {
        while ((await b.workerStatus()) !== 'running') await sleep(20);
        await b.stopWorker();
        const r = await h.evaluate((m) => chrome.runtime.sendMessage(m), probe);
        if (!r || !r.error || r.error.code !== want) throw new Error('the probe answered ' + JSON.stringify(r));
      };
      for (let i = 0; i < 2; i++) await wake();
      while ((await b.workerStatus()) !== 'running') await sleep(20);
      events = await trace(cdp, wake);
    } else if (what === 'click-asleep') {
      // The worker stopped, the popup opened (its warm message wakes the worker), the click a second later.
      const sel = '.row[data-id="a-bob"] button[data-service="cpanel"][data-method="token"]';
      while ((await b.workerStatus()) !== 'running') await sleep(20);
      await b.stopWorker();
      const popup = await b.popup();
      await popup.waitForSelector(sel);
      await sleep(1000);
      events = await trace(cdp, async () => {
        const t = await b.waitForTab(`https://${emu.host}`, () => popup.click(sel));
        await t.waitForLoadState('load');
        await t.close();
      });
    } else {
      const popup = await b.popup();
      const sel = '.row[data-id="a-bob"] button[data-service="cpanel"][data-method="token"]';
      await popup.waitForSelector(sel);
      for (let i = 0; i < 2; i++) {
        const t = await b.waitForTab(`https://${emu.host}`, () => popup.click(sel));
        await t.close();
      }
      events = await trace(cdp, async () => {
        const t = await b.waitForTab(`https://${emu.host}`, () => popup.click(sel));
        await t.waitForLoadState('load');
        await t.close();
      });
    }
    const file = path.join(RESULTS, `trace-${what}.json`);
    fs.writeFileSync(file, JSON.stringify({ traceEvents: events }));
    const nav = events.filter((e) => e.name === 'navigationStart' || e.name === 'NavigationBodyLoader::StartLoadingBody');
    if (nav.length) from = Math.min(...nav.map((e) => e.ts));
    const rows = summary(events, what === 'popup' ? from : 0, to);
    console.log(`trace written to ${path.relative(process.cwd(), file)} (${events.length} events)`);
    console.log('busiest events (inclusive ms, nested events counted again):');
    for (const r of rows.slice(0, 45)) console.log(`  ${r.ms.toFixed(1).padStart(8)} ms ×${String(r.count).padEnd(4)} ${r.thread} | ${r.name}`);
    if (what === 'wake' || floor) {
      // What the wake ran for the first time: V8 compiles each wasm function on its first call, on the worker's thread.
      // The names come from the same program built with them (the shipped engine, or the floor; not a file given).
      const traced = engine || path.join(ROOT, 'dist/chrome/panelkey.wasm');
      const named = floor ? buildWasm('./tests/bench/floorengine', true) : engine ? null : buildWasm('./wasm', true);
      const lazy = lazyCompiles(events, traced, named);
      const busy = threadBusy(events, 'ServiceWorker thread');
      console.log(`the worker's thread: busy ${busy.wall.toFixed(1)} ms, ${busy.cpu.toFixed(1)} ms of it on the CPU (thread time: less`
        + ' sensitive to other jobs on the machine than the wall time)');
      console.log(`wasm functions compiled on their first call: ${lazy.count}, ${(lazy.bytes / 1024).toFixed(0)} kB of code, ${lazy.ms.toFixed(1)} ms`);
      if (!lazy.byPackage) console.log('  (no names: not a build of this tree)');
      for (const p of (lazy.byPackage || []).slice(0, 20)) {
        console.log(`  ${String(p.count).padStart(5)} ${(p.bytes / 1024).toFixed(1).padStart(7)} kB ${p.ms.toFixed(1).padStart(6)} ms  ${p.pkg}`);
      }
    }
  } finally {
    await b.close();
    await emu.stop();
  }
}

main().catch((err) => {
  console.error('trace:', err);
  process.exit(1);
});
