// Where the time goes: a Chrome trace (CDP Tracing) of one popup open or one one-click login, with a summary of
// the busiest work on the threads involved. Used for docs/benchmarks.md; not part of scripts/bench.sh's table.
//
//   node tests/bench/trace.mjs popup [accounts=50]   → bench-results/trace-popup.json
//   node tests/bench/trace.mjs click                 → bench-results/trace-click.json
//   node tests/bench/trace.mjs click-asleep          → the same with the worker stopped before the popup opens
//
// The .json files open in chrome://tracing or https://ui.perfetto.dev.
import fs from 'node:fs';
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
  const b = await launchBrowser({ emulator: emu });
  try {
    await sleep(1000);
    for (const p of b.context.pages()) if (p.url().endsWith('options.html')) await p.close();
    await b.must({ type: 'setup', password: MASTER_PASSWORD });
    await b.grantHost(`https://${emu.host}/*`);
    await b.must({ type: 'vault.write', data: doc(emu, await emu.fixture(), accounts) });
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
  } finally {
    await b.close();
    await emu.stop();
  }
}

main().catch((err) => {
  console.error('trace:', err);
  process.exit(1);
});
