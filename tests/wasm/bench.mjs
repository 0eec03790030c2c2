// Timings of the wasm engine under Node, as the service worker and pages call it: the median of N runs each.
// Run: node tests/wasm/bench.mjs [runs]   (PANELKEY_WASM=path picks the wasm; see load.mjs)
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

import { loadEngine } from './load.mjs';

const runs = Number(process.argv[2]) || 51;

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const secret = () => Array.from(randomBytes(16), (b) => B32[b & 31]).join('');

function median(fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const start = performance.now();
const { pk, path } = await loadEngine();
const startup = performance.now() - start;

const entries = Array.from({ length: 1000 }, (_, i) => ({
  id: 'e' + i, secret: secret(), algorithm: ['SHA1', 'SHA256', 'SHA512'][i % 3], digits: 6 + (i % 3), period: 30,
}));
const now = Date.now();
const rows = [
  ['totpCodes, 1,000 entries', median(() => pk.totpCodes({ now, entries }))],
  ['totpCodes, 1 entry', median(() => pk.totpCodes({ now, entries: entries.slice(0, 1) }))],
  ['authHeaders whm-token', median(() => pk.authHeaders({ method: 'whm-token', user: 'root', secret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' }))],
  ['authHeaders basic + X-CPANEL-OTP', median(() => pk.authHeaders({ method: 'basic', user: 'bob', secret: 'correct horse', otp: { secret: entries[0].secret }, now }))],
  ['authHeaders ×1,000 (loop)', median(() => {
    for (let i = 0; i < 1000; i++) pk.authHeaders({ method: 'whm-token', user: 'root', secret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' });
  })],
  ['buildRequest whmapi1 + token', median(() => pk.buildRequest({
    baseURL: 'https://host.example.com:2087', family: 'whmapi1', module: '', function: 'listaccts', args: [['search', 'bob']],
    auth: { method: 'whm-token', user: 'root', secret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' },
  }))],
  ['parseAddress', median(() => pk.parseAddress({ input: 'https://host.example.com:2087' }))],
  ['version (bridge overhead)', median(() => pk.version())],
];

const raw = statSync(path).size;
const gz = gzipSync(readFileSync(path), { level: 9 }).length;
console.log(`panelkey.wasm ${path}: ${raw} bytes raw, ${gz} gzip -9; instantiate + start ${startup.toFixed(0)} ms`);
console.log(`median of ${runs} runs (Node ${process.version}):`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(36)} ${ms < 1 ? (ms * 1000).toFixed(1) + ' µs' : ms.toFixed(2) + ' ms'}`);
