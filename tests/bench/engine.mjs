// The engine under Node: dist/chrome/panelkey.wasm's start-up, run with the wasm_exec.js and bridge.js it ships with,
// and the same totpCodes input as the native Go benchmark (tests/bench/totp_bench_test.go) timed in the engine built
// with the test-only functions (-tags enginetest: totpCodes is not shipped, the pages compute codes in their own Go). Prints one JSON object:
// {start: [ms…], call: [ms…], raw: [ms…], inputFile}. Usage: node tests/bench/engine.mjs [-n 30] [-input file]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { totp } from '../e2e/harness.mjs';
import { base32 } from '../wasm/totp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist/chrome');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

/** The bench's totpCodes input: 1,000 entries, cPanel's defaults, a fixed time (same as the Go side). */
export function totpInput() {
  const entries = [];
  for (let i = 0; i < 1000; i++) {
    entries.push({ id: 'e' + i, secret: base32(Buffer.from('bench-secret-' + String(i).padStart(7, '0'))) });
  }
  return { now: 1700000000000, entries };
}

/** Loads the wasm in this process; resolves to {api, raw, ms} once globalThis.panelkey is installed. */
async function loadEngine(wasmBytes) {
  const t0 = performance.now();
  let raw = null;
  const wrap = globalThis.panelkeyWrap;
  globalThis.panelkeyWrap = (r) => {
    raw = r;
    return wrap(r);
  };
  const ready = new Promise((resolve) => { globalThis.panelkeyReady = resolve; });
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(wasmBytes, go.importObject);
  go.run(instance); // never settles: the Go main blocks forever
  await ready;
  return { api: globalThis.panelkey, raw, ms: performance.now() - t0 };
}

/** Builds the engine with the functions only tests reach (go build -tags enginetest ./wasm); returns its path. */
function testEngine() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-bench-')), 'panelkey-test.wasm');
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-tags', 'enginetest', '-o', out, './wasm'], {
    cwd: ROOT, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}

async function main() {
  const n = Number(arg('-n', 30));
  const inputFile = arg('-input', '');
  // The shipped scripts are plain browser scripts: run them in this global scope as the worker's importScripts does.
  for (const f of ['wasm_exec.js', 'bridge.js']) vm.runInThisContext(fs.readFileSync(path.join(DIST, f), 'utf8'), { filename: f });
  const wasmBytes = fs.readFileSync(path.join(DIST, 'panelkey.wasm'));

  const input = totpInput();
  if (inputFile) fs.writeFileSync(inputFile, JSON.stringify(input));
  const text = JSON.stringify(input);

  // Start-up: compile + instantiate + Go main until panelkeyReady. Only the first is in a fresh isolate; later
  // instances in the same process reuse nothing of the first (a new Go instance each), but V8 may cache code.
  const eng = await loadEngine(wasmBytes);
  const { api, raw } = await loadEngine(fs.readFileSync(testEngine()));
  if (!raw || typeof raw.totpCodes !== 'function') throw new Error('the wasm registered no raw totpCodes');

  // Sanity: the wasm's codes are RFC 6238 codes (independent implementation in the e2e harness).
  const got = api.totpCodes(input).codes;
  for (const i of [0, 499, 999]) {
    const want = totp(input.entries[i].secret, { time: input.now });
    if (got[i].code !== want) throw new Error(`wasm code for entry ${i} is ${got[i].code}, RFC 6238 says ${want}`);
  }

  const time = (fn) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  for (let i = 0; i < 5; i++) { api.totpCodes(input); raw.totpCodes(text); } // warm-up (JIT tiers, Go heap growth)
  const call = [];
  const rawT = [];
  for (let i = 0; i < n; i++) {
    call.push(time(() => api.totpCodes(input)));
    rawT.push(time(() => raw.totpCodes(text)));
  }
  process.stdout.write(JSON.stringify({ start: [eng.ms], call, raw: rawT, wasmBytes: wasmBytes.length }) + '\n');
  process.exit(0); // the Go program never exits on its own
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error('engine bench:', err);
    process.exit(1);
  });
}
