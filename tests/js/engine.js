// The real engine (dist/chrome/panelkey.wasm, or a fresh build: tests/wasm/load.mjs) for the worker's tests: the
// worker hands vault chunks to it and applies edits with it, so its vault calls are tested against the Go that ships.
// Every call of newEngine() is an instance of its own (the engine holds the vault a worker opened); the module is
// compiled once.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
let compiled = null;

async function compile() {
  const { wasmPath } = await import('../wasm/load.mjs');
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  vm.runInThisContext(fs.readFileSync(path.join(goroot, 'lib/wasm/wasm_exec.js'), 'utf8'));
  vm.runInThisContext(fs.readFileSync(path.join(ROOT, 'web/bridge.js'), 'utf8'));
  return WebAssembly.compile(fs.readFileSync(wasmPath()));
}

// → globalThis.panelkey of a new instance.
async function newEngine() {
  compiled ??= compile();
  const mod = await compiled;
  const go = new globalThis.Go();
  const instance = await WebAssembly.instantiate(mod, go.importObject);
  const ready = new Promise((resolve) => { globalThis.panelkeyReady = resolve; });
  go.run(instance);
  await ready;
  return globalThis.panelkey;
}

module.exports = { newEngine };
