// panelkey's performance suite (docs/benchmarks.md; scripts/bench.sh runs this). Runs, one after the other:
//   1. native Go benchmarks (tests/bench/totp_bench_test.go, go test -bench -count),
//   2. the engine under Node (tests/bench/engine.mjs: dist/chrome/panelkey.wasm, same input),
//   3. the browser rows (tests/bench/browser.mjs: the built extension in headless Chromium, the emulator), and the
//      same popup opens and one click in headless Firefox ESR (tests/bench/firefox.mjs: dist/firefox/),
//   4. the size of every shipped wasm (dist/chrome/*.wasm), raw and gzip -9, and where it goes (tests/bench/wasmsize),
// then prints ONE table and writes every sample and summary to bench-results/latest.json.
//
//   node tests/bench/run.mjs [-n 20] [--quick] [--only go,engine,browser,firefox,size] [--browser popup,unlock,click,wake,search,import,fleet]
//                            [--compare old.json] [--out file.json]
//   node tests/bench/run.mjs --compare old.json --with new.json   (only compare two result files)
//
// Times are never asserted: a missed budget is reported in the table ("MISS") and the exit status stays 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, num } from './stats.mjs';
import { bigDoc } from './vaults.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'bench-results');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};

const QUICK = flag('--quick');
const N = Number(opt('-n', QUICK ? 5 : 20));
const ONLY = new Set(opt('--only', 'go,engine,browser,firefox,size').split(','));
const COMPARE = opt('--compare', '');
const WITH = opt('--with', '');
const OUT = opt('--out', path.join(RESULTS, 'latest.json'));

const say = (...a) => console.error('[bench]', ...a);

// ---- Rows: {id, what, unit, samples | value, budget?: {max, unit}, note?}

function row(id, what, unit, samples, extra = {}) {
  return { id, what, unit, ...summarize(samples), samples, ...extra };
}

function verdict(r) {
  if (!r.budget) return '';
  const v = r.budget.on === 'value' ? r.value : r.median;
  if (typeof v !== 'number' || !Number.isFinite(v)) return '?';
  return v <= r.budget.max ? 'ok' : 'MISS';
}

// ---- 1. Go benchmarks

function goBench(inputFile, vaultFile) {
  const count = QUICK ? 3 : 10;
  const env = { ...process.env, PANELKEY_BENCH_TOTP: inputFile, PANELKEY_BENCH_VAULT: vaultFile };
  const run = (args) => execFileSync('go', ['test', '-run', '^$', ...args, './tests/bench/'], { cwd: ROOT, encoding: 'utf8', env });
  say(`go test -bench (native Go, -count ${count})`);
  let out = run(['-bench', 'TOTP', '-benchtime', '200ms', '-count', String(count)]);
  // The 100,000-account popup work takes ~0.1–1 s an operation: a few runs of a few operations.
  if (vaultFile) out += run(['-bench', 'Popup100k', '-benchtime', '3x', '-count', String(QUICK ? 2 : 5)]);
  fs.writeFileSync(path.join(RESULTS, 'go-bench.txt'), out);
  const by = {};
  for (const line of out.split('\n')) {
    const m = /^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/.exec(line);
    if (m) (by[m[1]] ??= []).push(Number(m[2]) / 1e6);
  }
  return by;
}

// ---- 2. The engine under Node

function engineBench(inputFile) {
  say('engine under Node (dist/chrome/panelkey.wasm)');
  const out = execFileSync(process.execPath, [path.join(ROOT, 'tests/bench/engine.mjs'), '-n', String(QUICK ? 10 : 30), '-input', inputFile], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop());
}

// ---- 3. Browser

function browserBench() {
  const file = path.join(RESULTS, 'browser.json');
  fs.rmSync(file, { force: true });
  const args = [path.join(ROOT, 'tests/bench/browser.mjs'), '-n', String(N), '-out', file];
  if (opt('--browser', '')) args.push('-only', opt('--browser', ''));
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('browser bench failed (exit ' + r.status + ')');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * The Firefox rows (tests/bench/firefox.mjs). Never throws: a Firefox that is missing or fails gives {error}, and
 * its rows say "not measured" while the rest of the table stands.
 */
function firefoxBench() {
  const file = path.join(RESULTS, 'firefox.json');
  fs.rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tests/bench/firefox.mjs'), '-n', String(N), '-out', file], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !fs.existsSync(file)) return { error: `tests/bench/firefox.mjs failed (exit ${r.status})` };
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// ---- 4. Size

const DIST = path.join(ROOT, 'dist/chrome');

/** The wasm binaries the build ships (dist/chrome/*.wasm), panelkey.wasm first. */
function shippedWasm() {
  const names = fs.existsSync(DIST) ? fs.readdirSync(DIST).filter((f) => f.endsWith('.wasm')) : [];
  return names.sort((a, b) => (a === 'panelkey.wasm' ? -1 : b === 'panelkey.wasm' ? 1 : a.localeCompare(b)));
}

/**
 * What loads a shipped wasm. panelkey.wasm is the worker's engine; each page runs its own program (web/X.html says
 * data-wasm="X.wasm"). Any other file: the dist/ files that name it.
 */
function loadedBy(name, all) {
  if (name === 'panelkey.wasm') return all.includes('options.wasm') ? 'the worker' : 'worker, options, console';
  if (name === 'popup.wasm') return 'the popup';
  if (name === 'options.wasm' || name === 'console.wasm') return 'the ' + name.replace('.wasm', '') + ' page';
  const users = fs.readdirSync(DIST).filter((f) => /\.(js|html)$/.test(f) && fs.readFileSync(path.join(DIST, f), 'utf8').includes(name));
  return users.length ? users.join(', ') : 'loaded by nothing in dist/?';
}

// The package scripts/build.sh builds each shipped wasm from (its names section aside).
const WASM_BUILDS = { 'panelkey.wasm': './wasm', 'popup.wasm': './wasm/popup', 'options.wasm': './wasm/options', 'console.wasm': './wasm/console',
  'qr.wasm': './wasm/qrdecoder' };

/**
 * Where a shipped wasm's bytes go: the same build with its name section kept (scripts/build.sh strips it with
 * -s -w; -s changes nothing else), attributed by tests/bench/wasmsize. Checked against the shipped file: the code
 * and data sections must be the same size, or the attribution is of another program (dist/ built from other sources,
 * for example) and is not reported. Never throws: returns {error} instead.
 */
function attribution(name) {
  const pkg = WASM_BUILDS[name];
  if (!pkg) return { error: 'no build recipe known for ' + name + ' (tests/bench/run.mjs WASM_BUILDS)' };
  const named = path.join(os.tmpdir(), `panelkey-bench-named-${process.pid}-${name}`);
  const sections = (rep) => Object.fromEntries(rep.sections.map((x) => [x.name, x.bytes]));
  try {
    const build = spawnSync('go', ['build', '-trimpath', '-ldflags=-w', '-o', named, pkg], {
      cwd: ROOT, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, encoding: 'utf8',
    });
    if (build.status !== 0) {
      const why = (build.stderr || '').trim().split('\n').filter((l) => !l.startsWith('#')).slice(0, 2).join(' ');
      return { error: `go build ${pkg} failed: ${why || 'exit ' + build.status}` };
    }
    const wasmsize = (file, top) => JSON.parse(execFileSync('go', ['run', './tests/bench/wasmsize', '-json', '-top', String(top), file], { cwd: ROOT, encoding: 'utf8' }));
    const rep = wasmsize(named, 30);
    const got = sections(rep);
    const want = sections(wasmsize(path.join(DIST, name), 1));
    if (got.code !== want.code || got.data !== want.data) {
      return { error: `the named build (code ${got.code}, data ${got.data} bytes) differs from the shipped file (code ${want.code}, data ${want.data}): dist/ built from other sources` };
    }
    return rep;
  } catch (err) {
    return { error: String(err.message || err).split('\n')[0] };
  } finally {
    fs.rmSync(named, { force: true });
  }
}

function sizeReport() {
  const all = shippedWasm();
  const files = all.map((name) => {
    const bytes = fs.readFileSync(path.join(DIST, name));
    say(`size of ${name}, and where it goes (go build with names, wasmsize)`);
    const breakdown = attribution(name);
    if (breakdown.error) say(`${name}: no attribution:`, breakdown.error);
    return { name, loadedBy: loadedBy(name, all), raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length, breakdown };
  });
  return { files };
}

/** The size report's files; a result file from before popup.wasm held panelkey.wasm's alone, at the top level. */
function sizeFiles(size) {
  if (!size) return [];
  if (size.files) return size.files;
  return [{ name: 'panelkey.wasm', loadedBy: '', raw: size.raw, gzip: size.gzip, breakdown: size.breakdown || { error: 'none' } }];
}

// ---- The table

function rowsOf(res) {
  const rows = [];
  const b = res.browser || {};
  const pick = (list, f) => (list || []).map(f);
  // Phases of a popup open from its own clock: navigation timing, then the pages' User Timing marks (wasm/pagekit/page.go).
  const phases = (id, list) => {
    const ph = (f) => pick(list, f);
    rows.push(row(`${id}.nav`, '  of which: navigation start → HTML received', 'ms', ph((m) => m.responseEnd)));
    rows.push(row(`${id}.scripts`, '  HTML received → DOMContentLoaded (scripts)', 'ms', ph((m) => m.domContentLoaded - m.responseEnd)));
    rows.push(row(`${id}.wasm`, '  DOMContentLoaded → panelkey:start (wasm fetch, compile, Go start)', 'ms', ph((m) => m.pk.start - m.domContentLoaded)));
    rows.push(row(`${id}.read`, '  panelkey:start → panelkey:vault (rest of the early vault read, decode)', 'ms', ph((m) => m.pk.vault - m.pk.start)));
    rows.push(row(`${id}.list`, '  panelkey:vault → panelkey:codes (rows, codes, HTML)', 'ms', ph((m) => m.pk.codes - m.pk.vault)));
  };
  // The same for opens painted from the running worker's list (early.js asks, page.js paints its answer: marks
  // panelkey:asked, panelkey:answer), before the page's own program ran.
  const earlyPhases = (id, list, of) => {
    const ph = (f) => pick(list, f);
    rows.push(row(`${id}.early.nav`, `  of which, painted from the worker's list (${list.length} of ${of}): navigation start → HTML received`, 'ms', ph((m) => m.responseEnd)));
    rows.push(row(`${id}.early.ask`, '  HTML received → panelkey:asked (early.js loaded, the question sent)', 'ms', ph((m) => m.pk.asked - m.responseEnd)));
    rows.push(row(`${id}.early.answer`, '  panelkey:asked → panelkey:answer (the worker\'s engine and the round trip; page.js run)', 'ms', ph((m) => m.pk.answer - m.pk.asked)));
    rows.push(row(`${id}.early.paint`, '  panelkey:answer → panelkey:codes (the view and the list put in the DOM)', 'ms', ph((m) => m.pk.codes - m.pk.answer)));
  };
  const marked = (list) => (list || []).filter((m) => m.pk && m.pk.codes !== undefined);
  const fromWorker = (m) => m.pk.answer !== undefined && m.pk.asked !== undefined && m.pk.answer <= m.pk.codes
    && (m.pk.start === undefined || m.pk.codes < m.pk.start);
  // The floor page and the popup, same accounts, same run (tests/bench/browser.mjs measureFloorAndPopup): each as the
  // toolbar popup (ms from navigation start to the page's own codes mark) and in a tab (to the last code in the DOM,
  // seen by the probe); the gap is popup − floor of the same round, its median budgeted (issue 17).
  for (const [accounts, pg] of Object.entries(b.pages || {})) {
    const big = Number(accounts) > 100;
    const gapBudget = { max: big ? 25 : 15 };
    const count = (list) => (list[0] ? `${list[0].shownCodes} codes shown` : '');
    const gaps = (where) => pg.popup[where].map((m, i) => (pg.floor[where][i] ? m.codes - pg.floor[where][i].codes : NaN));
    const n = Number(accounts).toLocaleString('en');
    const id = (page, where) => `${page}.${accounts}${where === 'toolbar' ? '.toolbar' : ''}`;
    for (const where of ['toolbar', 'tab']) {
      const label = where === 'toolbar' ? 'toolbar popup' : 'in a tab';
      if (where === 'toolbar' && pg.toolbarError) {
        rows.push(row(id('popup', where), `popup open → every code in the DOM, ${n} accounts (toolbar popup)`, 'ms', [],
          { note: `toolbar popup not measured: ${pg.toolbarError}` }));
        continue;
      }
      const floor = pg.floor[where];
      const popup = pg.popup[where];
      rows.push(row(id('floor', where), `floor page → every code in the DOM, ${n} accounts (${label})`, 'ms', floor.map((m) => m.codes),
        { note: `${count(floor)}; plain JS, WebCrypto, the secrets unencrypted in storage.local, one innerHTML` }));
      if (accounts === '50') {
        rows.push(row(id('floor', where) + '.nav', '  of which: navigation start → HTML received', 'ms', floor.map((m) => m.responseEnd)));
        rows.push(row(id('floor', where) + '.codes', '  HTML received → floor:codes (its script, storage read, HMAC, innerHTML)', 'ms', floor.map((m) => m.pk.codes - m.responseEnd)));
        if (floor.some((m) => m.pk.run !== undefined)) {
          rows.push(row(id('floor', where) + '.script', '    HTML received → floor:run (its script loaded)', 'ms', floor.map((m) => m.pk.run - m.responseEnd)));
          rows.push(row(id('floor', where) + '.work', '    floor:run → floor:codes (storage read, HMAC, innerHTML)', 'ms', floor.map((m) => m.pk.codes - m.pk.run)));
        }
      }
      const budget = accounts === '50' && where === 'toolbar' ? { budget: { max: 60 } } : {};
      rows.push(row(id('popup', where), `popup open → every code in the DOM, ${n} accounts (${label})`, 'ms', popup.map((m) => m.codes),
        { ...budget, note: `${count(popup)}${popup[0] && popup[0].wasmFile ? ', ' + popup[0].wasmFile : ''}` }));
      if (accounts === '50') {
        const early = marked(popup).filter(fromWorker);
        const own = marked(popup).filter((m) => !fromWorker(m) && m.pk.start !== undefined && m.pk.vault !== undefined);
        if (early.length) earlyPhases(id('popup', where), early, popup.length);
        if (own.length) {
          rows.push(row(id('popup', where) + '.own', `  painted by the page's own program: ${own.length} of ${popup.length}`, 'ms', own.map((m) => m.codes)));
          phases(id('popup', where), own);
        }
      }
      rows.push(row(id('popup', where) + '.gap', `  popup − floor, ${n} accounts (${label}), same round`, 'ms', gaps(where), { budget: gapBudget }));
      if (where === 'toolbar' && accounts === '50') {
        rows.push(row(id('popup', where) + '.open', '  not in the rows: openPopup() call → the popup\'s navigation start (Chrome)', 'ms', popup.map((m) => m.openToNavigation)));
      }
    }
    const checked = pg.checked;
    if (checked) rows[rows.length - 1].note = `every open's codes checked against RFC 6238 (Node crypto): ${checked} codes, all right`;
  }
  if (b.asleep50) {
    const a = b.asleep50;
    rows.push(row('floor.50.asleep', 'floor page → every code in the DOM, 50 accounts (in a tab), beside:', 'ms', a.floor.map((m) => m.codes)));
    rows.push(row('popup.50.asleep', 'popup open → every code in the DOM, 50 accounts (in a tab), worker asleep', 'ms', a.popup.map((m) => m.codes), {
      note: `the worker stopped before each open: the popup's own program paints${a.fromWorker.some(Boolean) ? ` (yet ${a.fromWorker.filter(Boolean).length} painted from a worker)` : ''}`,
    }));
    rows.push(row('popup.50.asleep.gap', '  popup − floor, same round', 'ms', a.popup.map((m, i) => m.codes - a.floor[i].codes)));
  }
  if (b.popup100k) {
    rows.push(row('popup.100k', 'popup open → every code in the DOM, 100,000 accounts (in a tab)', 'ms', pick(b.popup100k, (m) => m.codes)));
    // Which program painted decides the breakdown: the running worker's list (the page's own program starts after it,
    // so its marks come later than the codes) or the page's own program (its vault read, decode, list).
    const big = marked(b.popup100k);
    const early = big.filter(fromWorker);
    const own = big.filter((m) => !fromWorker(m) && m.pk.vault !== undefined);
    if (early.length) earlyPhases('popup.100k', early, b.popup100k.length);
    const ownRows = big.length ? own : b.popup100k; // a build without the marks: its own program painted
    if (ownRows.length) {
      const of = big.length ? `painted by the page's own program (${own.length} of ${b.popup100k.length}): ` : '';
      rows.push(row('popup.100k.vault', `  of which, ${of}the vault's first chunks read (storage, decrypt; starts with the page)`, 'ms', pick(ownRows, (m) => m.vaultRead - m.vaultStart)));
    }
    if (own.length) {
      rows.push(row('popup.100k.decode', '  chunks in Go → panelkey:vault (Go in wasm: decode)', 'ms', pick(own, (m) => m.pk.vault - m.vaultRead)));
      rows.push(row('popup.100k.list', '  panelkey:vault → panelkey:codes (Go in wasm: the first rows and the list; the rest after they are painted)', 'ms', pick(own, (m) => m.pk.codes - m.pk.vault)));
    } else if (!big.length) {
      rows.push(row('popup.100k.go', '  vault read → codes in the DOM (Go in wasm: decode, rows, index, list)', 'ms', pick(b.popup100k, (m) => m.codes - m.vaultRead)));
    }
  }
  if (b.unlock) {
    rows.push(row('unlock', `unlock (PBKDF2 ${b.kdf || '?'}) → unlocked list in the DOM, 50 accounts`, 'ms', pick(b.unlock, (u) => u.codes),
      { budget: { max: 200 } }));
    rows.push(row('unlock.worker', '  of which: the worker\'s unlock message (KDF)', 'ms', pick(b.unlock, (u) => u.unlockMessage)));
  }
  if (b.click) {
    // The issue's row ("extension side, excluding the emulator's time") is panelkey's own work up to its
    // chrome.tabs.create call; Chrome's tab creation after that call is the browser's, shown beside Chrome alone.
    rows.push(row('click.panelkey', 'one click → login tab created, extension side: panelkey\'s work', 'ms', pick(b.click, (c) => c.beforeCreate), {
      budget: { max: 15 },
      note: 'worker: login message → panelkey\'s chrome.tabs.create call, minus its fetches (emulator time); Chrome\'s tab creation: next row, Chrome alone: below',
    }));
    rows.push(row('click.chrome', '  + Chrome creating the tab (the tabs.create call → tabs.onCreated)', 'ms', pick(b.click, (c) => c.chromeTab)));
    rows.push(row('click.extension', '  = message → tabs.onCreated, minus fetches (panelkey + Chrome)', 'ms', pick(b.click, (c) => c.extension)));
    rows.push(row('click.fetch', '  the worker\'s fetches (emulator time, excluded)', 'ms', pick(b.click, (c) => c.fetchMs)));
    rows.push(row('click.total', '  message → tab created, with the emulator', 'ms', pick(b.click, (c) => c.total)));
    rows.push(row('click.e2e', '  popup click → tab created', 'ms', pick(b.click, (c) => c.clickToTab)));
    rows.push(row('click.popup', '    of which: popup click → its login message sent', 'ms', pick(b.click, (c) => c.clickToSend)));
    const alone = b.click.filter((c) => c.chromeAlone);
    if (alone.length) {
      rows.push(row('click.chrome.alone', 'reference, Chrome alone: tabs.create(about:blank) → tabs.onCreated', 'ms',
        pick(alone, (c) => c.chromeAlone.created), { note: 'no panelkey code: the worker creates a blank tab after each click; the browser\'s floor for any tab' }));
      rows.push(row('click.chrome.alone.resolved', '  tabs.create(about:blank) → its promise resolved', 'ms', pick(alone, (c) => c.chromeAlone.resolved)));
    }
    if (b.sleepyClick) {
      rows.push(row('click.asleep', 'one click, worker asleep (popup opened, clicked 1 s later) → the tab\'s request at cPanel', 'ms',
        pick(b.sleepyClick, (c) => c.toTab), { note: 'the worker stopped before each popup open; times from the emulator\'s request log (same clock)' }));
      rows.push(row('click.asleep.api', '  click → panelkey\'s create_user_session at cPanel', 'ms', pick(b.sleepyClick, (c) => c.toAPI)));
    }
    const c0 = b.click[0] || {};
    // panelkey makes the worker's fetches and the tab's first navigation; the tab's later documents are cPanel's own
    // redirect from the session URL to its home page, which Chrome follows.
    rows.push(row('click.roundtrips', 'HTTP round trips for SSO panelkey makes (worker fetches + tab open)', 'requests',
      pick(b.click, (c) => c.byWorker + Math.min(c.byTab, 1)), { budget: { max: 2 } }));
    rows.push(row('click.requests', '  all requests until cPanel\'s home page is loaded', 'requests', pick(b.click, (c) => c.byWorker + c.byTab)));
    rows[rows.length - 1].note = (c0.requests || []).filter((x) => !/\(image\)/.test(x)).join('; ');
  }
  // Firefox ESR (tests/bench/firefox.mjs), measured as the Chromium rows above: popup.html in a tab to its own
  // panelkey:codes mark; bob's cPanel button, the event page's login message → panelkey's tabs.create call.
  const ff = res.firefox;
  if (ff) {
    const none = ff.error ? { note: 'not measured: ' + ff.error } : {};
    const codes = (list) => (list && list[0] ? { note: `${list[0].shownCodes} codes shown` } : none);
    rows.push(row('firefox.popup.50', 'Firefox ESR: popup open → every code in the DOM, 50 accounts (in a tab)', 'ms', pick(ff.popup50, (m) => m.codes), codes(ff.popup50)));
    rows.push(row('firefox.popup.2000', 'Firefox ESR: popup open → every code in the DOM, 2,000 accounts (in a tab)', 'ms', pick(ff.popup2000, (m) => m.codes), codes(ff.popup2000)));
    rows.push(row('firefox.click.panelkey', 'Firefox ESR: one click → login tab created, extension side: panelkey\'s work', 'ms', pick(ff.click, (c) => c.beforeCreate), {
      note: 'event page: login message → panelkey\'s chrome.tabs.create call, minus its fetches (emulator time)', ...none,
    }));
    rows.push(row('firefox.click.tab', '  + Firefox creating the tab (the tabs.create call → tabs.onCreated)', 'ms', pick(ff.click, (c) => c.browserTab)));
    rows.push(row('firefox.click.fetch', '  the event page\'s fetches (emulator time, excluded)', 'ms', pick(ff.click, (c) => c.fetchMs)));
    rows.push(row('firefox.click.total', '  message → tab created, with the emulator', 'ms', pick(ff.click, (c) => c.total)));
  }
  if (b.search) {
    rows.push(row('search.100k', 'search keystroke over 100,000 accounts → list updated + layout', 'ms', pick(b.search, (k) => k.layout),
      { budget: { max: 16 }, note: b.bigPatchedManifest ? 'unlimitedStorage added to a copy of the manifest (see docs)' : '' }));
    rows.push(row('search.100k.dom', '  key → new rows in the DOM', 'ms', pick(b.search, (k) => k.dom)));
    rows.push(row('search.100k.frame', '  key → next animation frame (vsync-bound)', 'ms', pick(b.search, (k) => k.frame)));
  }
  if (b.edit100k) {
    for (const [kind, what] of [['history', 'add one history entry'], ['rename', 'rename one account (its page named)']]) {
      const e = b.edit100k[kind];
      rows.push(row(`edit.100k.${kind}`, `one edit → durable, 100,000 accounts stored: ${what}`, 'ms', e.warm, { budget: { max: 100 },
        note: 'vault.edit from a page → its answer, sent once the commit is stored; the worker holding the vault' }));
      rows.push(row(`edit.100k.${kind}.cold`, '  the first after the worker was stopped (engine, index, meta, the chunk)', 'ms', e.cold));
    }
  }
  if (b.unlock100k) {
    rows.push(row('unlock.100k', 'unlock with 100,000 accounts stored (message round trip)', 'ms', b.unlock100k, { budget: { max: 130 },
      note: `PBKDF2 ${b.kdf || ''} iterations, the index opened; no chunk decrypted` }));
  }
  if (b.heap100k) {
    const mb = (x) => (x === undefined ? [] : [x / 1e6]);
    rows.push(row('heap.100k.page', 'JS heap of the popup with 100,000 accounts loaded (rows, search index)', 'MB', mb(b.heap100k.page.used),
      { note: 'CDP Runtime.getHeapUsage after a collection; the wasm memory is outside it' }));
    if (b.heap100k.worker) rows.push(row('heap.100k.worker', 'JS heap of the worker after an edit with 100,000 accounts stored', 'MB', mb(b.heap100k.worker.used)));
  }
  if (b.write100k) rows.push(row('write.100k', 'import of 100,000 accounts (vault.write: one vault.replace edit; into empty, then over itself)', 'ms', b.write100k,
    { note: `${(b.bigDocBytes / 1e6).toFixed(1)} MB JSON` + (b.bigShippedWrite ? `; shipped manifest: ${b.bigShippedWrite.ok ? 'ok' : b.bigShippedWrite.error.code} after ${b.bigShippedWrite.ms} ms` : '') }));
  if (b.import100k) {
    const im = b.import100k;
    const note = `an export of ${(im.fileBytes / 1e6).toFixed(1)} MB (the vault's header and chunks, encrypted); the import message from an extension page → its answer`;
    rows.push(row('import.100k', 'import of 100,000 accounts: an export into the unlocked vault (its contents replaced)', 'ms', im.unlocked.map((r) => r.ms), { note }));
    rows.push(row('import.100k.fresh', '  the same export into a fresh profile (its password becomes the vault\'s)', 'ms', im.fresh.map((r) => r.ms)));
    // Where the time goes, from the progress the worker broadcast (none from a build without it): each stage until the next.
    const stages = ['decrypt', 'read', 'encrypt', 'store'];
    for (const stage of stages) {
      const spans = im.unlocked.map((r) => {
        const first = r.progress.find((p) => p.stage === stage);
        if (!first) return undefined;
        const next = r.progress.find((p) => stages.indexOf(p.stage) > stages.indexOf(stage));
        return (next ? next.at : r.ms) - first.at;
      }).filter((x) => x !== undefined);
      if (spans.length) rows.push(row(`import.100k.${stage}`, `  stage ${stage} (from its first progress message to the next stage's)`, 'ms', spans));
    }
    const messages = im.unlocked.map((r) => r.progress.length);
    if (messages.some((n) => n > 0)) rows.push(row('import.100k.progress', '  progress messages a page heard during one import', 'count', messages));
    rows.push(row('import.100k.write', '  vault.write of the document (the same replacement, from a document)', 'ms', im.write,
      { note: `${(b.bigDocBytes / 1e6).toFixed(1)} MB JSON` }));
  }
  if (b.wake) {
    rows.push(row('wake.status', 'worker cold wake → first answer (status)', 'ms', b.wake.status, { budget: { max: 80 } }));
    rows.push(row('wake.engine', 'worker cold wake → first answer needing the engine', 'ms', b.wake.engineAnswer));
    rows.push(row('wake.warm', '  same message, worker running', 'ms', b.wake.warmStatus));
    // Where the engine wake's time goes (the worker's marks, extension/worker.js): the engine's steps one after the
    // other; beside them the vault's index and meta chunk; then both meet (vaultLoad) and the answer goes back.
    const all = b.wake.engineSteps || [];
    const span = (what, id, from, to) => {
      const spans = all.map((s) => {
        const a = from(s);
        return a == null || s[to] == null ? undefined : s[to] - a;
      }).filter((x) => x !== undefined);
      if (spans.length) rows.push(row(`wake.engine.${id}`, `    ${what}`, 'ms', spans));
    };
    const at = (k) => (s) => (k ? s[k] : 0);
    if (all.some((s) => s.engine != null)) {
      span('message sent → the worker\'s script starts', 'started', at(null), 'started');
      span('its start → its scripts imported (net.js, then the rest)', 'scripts', at('started'), 'scripts');
      span('its start → panelkey.wasm fetched and compiled (from net.js on)', 'compiled', at('started'), 'compiled');
      span('both → instantiated', 'instantiated', (s) => (s.compiled == null || s.scripts == null ? null : Math.max(s.compiled, s.scripts)), 'instantiated');
      span('Go runtime start, package inits, the API installed: engine ready', 'engine', at('instantiated'), 'engine');
      span('beside it: message sent → the vault\'s index read and decrypted', 'vault.index', at(null), 'vault.index');
      span('beside it: its meta chunk read and decrypted', 'vault.meta', at('vault.index'), 'vault.meta');
      span('both ready → the meta chunk loaded into the engine', 'vault.open',
        (s) => (s.engine == null || s['vault.meta'] == null ? null : Math.max(s.engine, s['vault.meta'])), 'vault.open');
      span('the engine\'s answer back at the page', 'answered', at('vault.open'), 'answered');
      span('(message sent → engine ready: compare the floor\'s)', 'ready', at(null), 'engine');
    }
    const floor = b.wake.floor || [];
    if (floor.length) {
      const mb = ((b.wake.floorBytes || 0) / 1e6).toFixed(2);
      rows.push(row('wake.floor', `floor: the same wake, the smallest Go engine (${mb} MB) → answer`, 'ms', floor,
        { note: 'tests/bench/floorengine (Go runtime, syscall/js, an empty API) in panelkey.wasm\'s place in a copy; the same rounds' }));
      const fspan = (what, id, to) => {
        const spans = b.wake.floorSteps.map((s) => s[to]).filter((x) => x != null);
        if (spans.length) rows.push(row(`wake.floor.${id}`, `    ${what}`, 'ms', spans));
      };
      fspan('message sent → its wasm fetched and compiled', 'compiled', 'compiled');
      fspan('message sent → its Go program ready', 'ready', 'engine');
    }
  }
  if (b.importServers) {
    const im = b.importServers;
    rows.push(row('import.1000', 'import 1,000 servers (servers.import: parse, one servers.add edit, stored)', 'ms', im.import,
      { note: `a ${(im.bytes / 1e3).toFixed(0)} kB CSV (host, label, tags, WHM token), into an empty vault each time; timed in an extension page` }));
    rows.push(row('import.1000.preview', '  its preview before (servers.importPreview: every row checked, nothing stored)', 'ms', im.preview));
  }
  if (b.refreshAll) {
    const r = b.refreshAll;
    rows.push(row('refresh.100x1000', 'refresh all, 100 servers × 1,000 accounts: refresh.start → the run over (wall time)', 'ms', [r.wall],
      { note: `the emulator's fleet on loopback, 6 servers at a time (refresh.DefaultLimit); ${r.accounts.toLocaleString('en')} accounts stored; progress polled every 250 ms` }));
    rows.push({ id: 'refresh.100x1000.peak', what: '  browser memory, peak during the run (PSS of every Chromium process)', unit: 'MB', value: r.peak / 1e6, n: r.samples,
      note: `${(r.before / 1e6).toFixed(0)} MB just before it; sampled every 200 ms from /proc/PID/smaps_rollup; the emulator: ${(r.emulator / 1e6).toFixed(0)} MB` });
  }
  const g = res.go || {};
  const e = res.engine || {};
  if (g['TOTPCodes1000/engine']) rows.push(row('totp.native', 'TOTP 1,000 codes, native Go (totp.Codes)', 'ms', g['TOTPCodes1000/engine']));
  if (g['TOTPCodes1000/engine+json']) rows.push(row('totp.native.json', 'TOTP 1,000 codes, native Go + JSON in/out', 'ms', g['TOTPCodes1000/engine+json']));
  if (g['Popup100k/first_paint:decode+first_rows']) {
    rows.push(row('popup.100k.native.first', 'popup model, 100,000 accounts, native Go: first paint (meta, authenticators, first page; 100 rows)', 'ms', g['Popup100k/first_paint:decode+first_rows']));
    rows.push(row('popup.100k.native.rest', '  after paint: decode the other pages', 'ms', g['Popup100k/after_paint:decode_the_rest']));
    rows.push(row('popup.100k.native.rows', '  after paint: ui.Rows + RowsIndex', 'ms', g['Popup100k/after_paint:rows+index']));
    rows.push(row('search.100k.native', 'search keystroke, 100,000 accounts, native Go: search + codes + HTML', 'ms', g['Popup100k/keystroke:search+codes+html']));
  }
  if (e.call) rows.push(row('totp.wasm', 'TOTP 1,000 codes, wasm in Node (panelkey.totpCodes)', 'ms', e.call));
  if (e.raw) rows.push(row('totp.wasm.raw', 'TOTP 1,000 codes, wasm in Node (raw JSON text call)', 'ms', e.raw));
  if (e.start) rows.push(row('engine.start', 'engine start in Node (compile + instantiate + Go main)', 'ms', e.start));
  for (const f of sizeFiles(res.size)) {
    // panelkey.wasm keeps the ids it had when it was the only wasm (--compare with older files).
    const id = f.name === 'panelkey.wasm' ? 'size' : 'size.' + f.name.replace(/\.wasm$/, '');
    const who = f.loadedBy ? ` — ${f.loadedBy}` : '';
    rows.push({ id: id + '.raw', what: `shipped ${f.name}${who}, raw`, unit: 'MB', value: f.raw / 1e6, n: 1, budget: { max: 3.5, on: 'value' } });
    rows.push({ id: id + '.gzip', what: `shipped ${f.name}${who}, gzip -9`, unit: 'MB', value: f.gzip / 1e6, n: 1, budget: { max: 1.0, on: 'value' } });
  }
  return rows;
}

/** Ratios between two things measured in the same run. */
function ratiosOf(rows) {
  const by = Object.fromEntries(rows.map((r) => [r.id, r]));
  const out = [];
  const ratio = (id, what, a, b) => {
    if (by[a] && by[b] && by[b].median > 0) out.push({ id, what, value: by[a].median / by[b].median });
  };
  ratio('totp.wasm/native', 'TOTP 1,000: wasm call ÷ native totp.Codes', 'totp.wasm', 'totp.native');
  ratio('totp.wasm.raw/native.json', 'TOTP 1,000: wasm raw ÷ native with the same JSON work', 'totp.wasm.raw', 'totp.native.json');
  for (const n of ['10', '50', '2000']) {
    for (const [where, suffix] of [['toolbar popup', '.toolbar'], ['in a tab', '']]) {
      ratio(`popup.${n}${suffix}/floor`, `popup ÷ floor, ${Number(n).toLocaleString('en')} accounts (${where})`, `popup.${n}${suffix}`, `floor.${n}${suffix}`);
    }
  }
  ratio('popup.50.asleep/floor', 'popup ÷ floor, 50 accounts (in a tab), worker asleep', 'popup.50.asleep', 'floor.50.asleep');
  ratio('popup.50.tab/toolbar', 'popup open, 50 accounts: in a tab ÷ toolbar popup', 'popup.50', 'popup.50.toolbar');
  ratio('popup.2000/50', 'popup open in a tab: 2,000 ÷ 50 accounts', 'popup.2000', 'popup.50');
  ratio('firefox/chromium.popup.50', 'popup open, 50 accounts (in a tab): Firefox ESR ÷ Chromium', 'firefox.popup.50', 'popup.50');
  ratio('firefox/chromium.popup.2000', 'popup open, 2,000 accounts (in a tab): Firefox ESR ÷ Chromium', 'firefox.popup.2000', 'popup.2000');
  ratio('firefox/chromium.click', 'one click, panelkey\'s work: Firefox ESR ÷ Chromium', 'firefox.click.panelkey', 'click.panelkey');
  ratio('click.chrome/alone', 'tab creation: the login tab ÷ Chrome alone (about:blank)', 'click.chrome', 'click.chrome.alone');
  ratio('search.100k.dom/native', 'search keystroke, 100,000: key → DOM in Chromium ÷ native Go work', 'search.100k.dom', 'search.100k.native');
  ratio('wake.cold/warm', 'status message: cold worker ÷ running worker', 'wake.status', 'wake.warm');
  ratio('wake.engine/floor', 'cold wake, message needing the engine: panelkey\'s engine ÷ the smallest Go engine', 'wake.engine', 'wake.floor');
  return out;
}

function pad(s, n, right = false) {
  s = String(s);
  if (s.length >= n) return s;
  return right ? s.padStart(n) : s.padEnd(n);
}

function printTable(res) {
  const rows = res.rows;
  const lines = [];
  lines.push(`panelkey bench ${res.when} · ${res.commit} · ${res.machine} · ${res.chromium || ''}${res.firefoxVersion ? ' · ' + res.firefoxVersion : ''} · Node ${process.versions.node} · ${res.go}`);
  lines.push('');
  const head = [pad('what', 74), pad('median', 9, true), pad('spread p25–p75 (min–max)', 30, true), pad('n', 4, true), '  ' + pad('budget', 12), 'verdict'];
  lines.push(head.join(' '));
  lines.push('-'.repeat(144));
  for (const r of rows) {
    const unit = r.unit === 'ms' ? ' ms' : r.unit === 'MB' ? ' MB' : '';
    let med;
    let spread = '';
    if (r.value !== undefined) {
      med = r.unit === 'MB' ? r.value.toFixed(2) + unit : num(r.value) + unit;
    } else if (!r.n) {
      med = '–';
      spread = 'not measured';
    } else {
      const f = (r.samples || []).every(Number.isInteger) ? (x) => String(Math.round(x * 10) / 10) : num;
      med = f(r.median) + unit;
      spread = `${f(r.p25)}–${f(r.p75)} (${f(r.min)}–${f(r.max)})`;
    }
    const budget = r.budget ? `≤ ${r.budget.max}${unit}` : '';
    lines.push([pad(r.what, 74), pad(med, 9, true), pad(spread, 30, true), pad(r.n ?? '', 4, true), '  ' + pad(budget, 12), verdict(r)].join(' '));
    if (r.note) lines.push(pad('', 4) + '· ' + r.note);
  }
  if (res.ratios.length) {
    lines.push('');
    lines.push('ratios (same run, medians)');
    for (const q of res.ratios) lines.push('  ' + pad(q.what, 72) + ' ' + pad(q.value.toFixed(2) + '×', 8, true));
  }
  const sized = sizeFiles(res.size);
  if (sized.length) lines.push('');
  for (const f of sized) {
    const br = f.breakdown;
    if (!br || br.error) {
      lines.push(`${f.name}: no attribution by package (${br ? br.error : 'none'})`);
      continue;
    }
    const top = br.packages.slice(0, 8).map((p) => `${p.name} ${(p.bytes / 1e3).toFixed(0)}k`).join(', ');
    const sec = Object.fromEntries(br.sections.map((x) => [x.name, x.bytes]));
    lines.push(`${f.name}: code ${(sec.code / 1e6).toFixed(2)} MB, data ${(sec.data / 1e6).toFixed(2)} MB; biggest packages (code): ${top}`);
  }
  console.log(lines.join('\n'));
}

function printCompare(oldRes, newRes) {
  const old = Object.fromEntries(oldRes.rows.map((r) => [r.id, r]));
  console.log('');
  console.log(`compare: ${oldRes.when} (${oldRes.commit}) → ${newRes.when} (${newRes.commit}); new ÷ old of the medians`);
  for (const r of newRes.rows) {
    const o = old[r.id];
    if (!o) continue;
    const a = o.value ?? o.median;
    const b = r.value ?? r.median;
    if (!(a > 0) || !Number.isFinite(b)) continue;
    const q = b / a;
    const mark = q > 1.1 ? 'slower/bigger' : q < 0.9 ? 'faster/smaller' : '';
    const f = Number.isInteger(a) && Number.isInteger(b) ? String : num;
    console.log('  ' + pad(r.what.trim(), 74) + ' ' + pad(f(a), 9, true) + ' → ' + pad(f(b), 9, true) + ' ' + pad(q.toFixed(2) + '×', 8, true) + '  ' + mark);
  }
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return head + (dirty ? '+dirty' : '');
  } catch {
    return 'unknown';
  }
}

async function main() {
  if (COMPARE && WITH) {
    const a = JSON.parse(fs.readFileSync(COMPARE, 'utf8'));
    const b = JSON.parse(fs.readFileSync(WITH, 'utf8'));
    printTable(b);
    printCompare(a, b);
    return;
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  if (!fs.existsSync(path.join(DIST, 'manifest.json')) || !shippedWasm().length) throw new Error('dist/chrome/ is not built: run scripts/build.sh (scripts/bench.sh does)');
  const started = Date.now();
  const res = {
    when: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), commit: gitCommit(),
    machine: `${os.cpus().length}× ${(os.cpus()[0] || {}).model || '?'}`.replace(/\s+/g, ' '),
    go: execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim(), node: process.version,
  };
  const inputFile = path.join(RESULTS, 'totp-1000.json');
  // The engine script writes the input the Go benchmark then reads, so both sides time the same entries.
  if (ONLY.has('engine')) res.engine = engineBench(inputFile);
  if (ONLY.has('go')) {
    // The same 100,000-account document the browser rows seed.
    const vaultFile = path.join(RESULTS, 'vault-100k.json');
    fs.writeFileSync(vaultFile, JSON.stringify(bigDoc()));
    res.go_bench = goBench(fs.existsSync(inputFile) ? inputFile : '', vaultFile);
  }
  if (ONLY.has('browser')) {
    res.browser = browserBench();
    res.chromium = res.browser.chromium;
  }
  if (ONLY.has('firefox')) {
    res.firefox = firefoxBench();
    res.firefoxVersion = res.firefox.firefox;
  }
  if (ONLY.has('size')) res.size = sizeReport();
  const rows = rowsOf({ go: res.go_bench, engine: res.engine, browser: res.browser, firefox: res.firefox, size: res.size });
  res.rows = rows;
  res.ratios = ratiosOf(rows);
  res.seconds = Math.round((Date.now() - started) / 1000);
  fs.writeFileSync(OUT, JSON.stringify(res, null, 1));
  printTable(res);
  console.log(`\n${rows.length} rows in ${res.seconds} s; every sample in ${path.relative(process.cwd(), OUT) || OUT}`);
  if (COMPARE) printCompare(JSON.parse(fs.readFileSync(COMPARE, 'utf8')), res);
}

main().catch((err) => {
  console.error('bench:', err.message || err);
  process.exit(1);
});
