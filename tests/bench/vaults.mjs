// The vault documents the bench seeds (tests/bench/browser.mjs) and the native Go benchmarks read
// (tests/bench/popup_bench_test.go, through bench-results/vault-100k.json).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildEmulator, REAL_PORTS } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'bench-results');
const whmURL = (emu) => `https://${emu.host}:${REAL_PORTS['whm-tls']}`;

function totpOf(secret) {
  return { secret, algorithm: 'SHA1', digits: 6, period: 30 };
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function secretFor(i) {
  let s = '';
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < 16; k++) {
    s += B32[x & 31];
    x = Math.floor(x / 7) + k * 977;
  }
  return s;
}

// An id shaped like the worker's crypto.randomUUID(), so document sizes are realistic, but reproducible.
function uuidLike(n) {
  const h = n.toString(16).padStart(12, '0');
  return `0b3e1a52-7c1d-4f0a-9d2e-${h}`;
}

/**
 * The emulator's server (demo data, WHM token) with bob (a real account: the one-click row clicks it) and n-1 more
 * accounts, every account with a 2FA secret so every row shows a code.
 */
export function demoDoc(emu, fixture, n) {
  const root = fixture.whmUsers.find((u) => u.user === 'root');
  const bob = fixture.accounts.find((a) => a.user === 'bob');
  const accounts = [{
    id: 'a-bob', user: 'bob', domain: bob.domain, owner: bob.owner, suspended: false, password: '', apiToken: '',
    totp: totpOf(bob.totpSecret || secretFor(0)), mailboxes: [],
  }];
  for (let i = 1; i < n; i++) {
    const user = 'b' + String(i).padStart(5, '0');
    accounts.push({
      id: uuidLike(i), user, domain: user + '.example', owner: 'root', suspended: false, password: '', apiToken: '',
      totp: totpOf(secretFor(i)), mailboxes: [],
    });
  }
  return {
    version: 1,
    servers: [{
      id: 's1', name: 'Emulator', address: emu.host, baseURL: whmURL(emu),
      whm: { user: 'root', token: root.tokens[0].token, password: '', accessHash: '', totp: null },
      accounts, accountsFetchedAt: Date.now(),
    }],
    authenticators: [], history: [],
  };
}

/** The emulator's generated fixture of n accounts (cached under bench-results/fixtures/). */
export function generated(n, seed) {
  const dir = path.join(RESULTS, 'fixtures');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `generate-${n}-seed-${seed}.json`);
  if (!fs.existsSync(file)) {
    execFileSync(buildEmulator(), ['-generate', String(n), '-seed', String(seed), '-o', file], { stdio: 'inherit' });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * 10 servers of 10,000 accounts each from the emulator's generator, as accounts.refresh stores them (the engine's
 * mergeAccounts: listaccts has no mailboxes or passwords), plus the 2FA secret of the ~10 % that have one.
 */
export function bigDoc(servers = 10, per = 10000) {
  const doc = { version: 1, servers: [], authenticators: [], history: [] };
  let n = 0;
  for (let k = 1; k <= servers; k++) {
    const f = generated(per, k);
    const root = f.whmUsers.find((u) => u.user === 'root');
    doc.servers.push({
      id: 's' + k, name: 'Server ' + k, address: `server${k}.example.net`, baseURL: `https://server${k}.example.net:2087`,
      whm: { user: 'root', token: root.tokens[0].token, password: '', accessHash: '', totp: null },
      accounts: f.accounts.map((a) => ({
        id: uuidLike(++n), user: a.user, domain: a.domain, owner: a.owner, suspended: !!a.suspended, password: '', apiToken: '',
        totp: a.totpSecret ? totpOf(a.totpSecret) : null, mailboxes: [],
      })),
      accountsFetchedAt: Date.now(),
    });
  }
  return doc;
}
