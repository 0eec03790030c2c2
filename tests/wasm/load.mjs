// Loads the built panelkey.wasm into this Node process the way the service worker does (wasm_exec.js, then
// web/bridge.js, then the wasm) and resolves to globalThis.panelkey once the Go program calls panelkeyReady.
//
// Which wasm: $PANELKEY_WASM, else a fresh build of the engine with the functions only tests reach
// (GOOS=js GOARCH=wasm go build -tags enginetest ./wasm, into a temporary directory, once per process): the shipped
// panelkey.wasm holds only what the worker calls. pageWasmPath(page) is a page's program: $PANELKEY_<PAGE>_WASM, else
// dist/chrome/<page>.wasm when scripts/build.sh has made it, else a fresh build of ./wasm/<page>.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function wasmPath() {
  if (process.env.PANELKEY_WASM) return process.env.PANELKEY_WASM;
  return (testEngine ??= build('panelkey-test.wasm', ['-tags', 'enginetest'], './wasm'));
}
let testEngine;

export function pageWasmPath(page) {
  const fromEnv = process.env['PANELKEY_' + page.toUpperCase() + '_WASM'];
  if (fromEnv) return fromEnv;
  const inDist = join(root, 'dist/chrome', page + '.wasm');
  return existsSync(inDist) ? inDist : build(page + '.wasm', [], './wasm/' + page);
}

function build(name, flags, pkg) {
  const out = join(mkdtempSync(join(tmpdir(), 'panelkey-wasm-')), name);
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', ...flags, '-o', out, pkg], {
    cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: 'inherit',
  });
  return out;
}

// Classic scripts, as the worker's importScripts runs them.
function runScript(path) {
  vm.runInThisContext(readFileSync(path, 'utf8'), { filename: path });
}

export async function loadEngine(path = wasmPath()) {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  runScript(join(goroot, 'lib/wasm/wasm_exec.js'));
  runScript(join(root, 'web/bridge.js'));
  const ready = new Promise((res) => { globalThis.panelkeyReady = res; });
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(path), go.importObject);
  const exited = go.run(instance).then(() => { throw new Error('the Go program exited'); });
  await Promise.race([ready, exited]);
  return { pk: globalThis.panelkey, go, path };
}
