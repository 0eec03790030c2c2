// The QR decoder's program (qr.wasm, wasm/qrdecoder) under Node, as web/qrworker.js runs it: the fixture picture
// with three codes reads as their three otpauth URIs, in reading order; a picture without a code, a damaged call and
// a picture too large fail with a code and a message, and the program lives on.
// Run: node --test tests/wasm/qrdecoder.test.mjs ($PANELKEY_QR_WASM picks the wasm; else dist/chrome/qr.wasm, else a
// fresh build).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { before, test } from 'node:test';

import { root } from './load.mjs';
import { readPNG } from './png.mjs';

function qrWasm() {
  if (process.env.PANELKEY_QR_WASM) return process.env.PANELKEY_QR_WASM;
  const inDist = join(root, 'dist/chrome/qr.wasm');
  if (existsSync(inDist)) return inDist;
  const out = join(mkdtempSync(join(tmpdir(), 'panelkey-qr-')), 'qr.wasm');
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './wasm/qrdecoder'], {
    cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: 'inherit',
  });
  return out;
}

let qr;
before(async () => {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const execJS = join(goroot, 'lib/wasm/wasm_exec.js');
  vm.runInThisContext(readFileSync(execJS, 'utf8'), { filename: execJS });
  const ready = new Promise((resolve) => { globalThis.panelkeyQRReady = resolve; });
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(qrWasm()), go.importObject);
  go.run(instance);
  await ready;
  qr = globalThis.panelkeyQR;
});

test('three codes in one picture: all three, top to bottom then left to right', () => {
  const { width, height, rgba } = readPNG(readFileSync(join(root, 'qrscan/testdata/three-codes.png')));
  const out = qr.scan(rgba, width, height);
  assert.deepEqual(out, { texts: [
    'otpauth://totp/Fixture:one?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Fixture',
    'otpauth://totp/Fixture:two?secret=JBSWY3DPEHPK3PXP&issuer=Fixture',
    'otpauth://totp/Fixture:three?secret=MFRGGZDFMZTWQ2LK&issuer=Fixture&digits=8',
  ] });
});

test('no code, bad calls and a picture too large: a code and a message each; the program lives on', () => {
  const blank = new Uint8ClampedArray(200 * 100 * 4).fill(255);
  const cases = [
    [[blank, 200, 100], 'qr-none'],
    [[blank, 200, 99], 'qr-image-invalid'],
    [['pixels', 200, 100], 'qr-image-invalid'],
    [[blank, '200', 100], 'qr-image-invalid'],
    [[blank], 'qr-image-invalid'],
    [[new Uint8Array(4), 1 << 20, 1 << 20], 'qr-image-too-large'],
  ];
  for (const [args, code] of cases) {
    const out = qr.scan(...args);
    assert.equal(out.error?.code, code, JSON.stringify(out));
    assert.ok(out.error.message.length > 10);
  }
  const { width, height, rgba } = readPNG(readFileSync(join(root, 'qrscan/testdata/three-codes.png')));
  assert.equal(qr.scan(rgba, width, height).texts.length, 3);
});
