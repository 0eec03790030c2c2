// Refresh all: every server's accounts through WHM, a few at a time, run by the worker (the engine's refresh
// package keeps the schedule) against several emulators: progress (n of m, the servers under way) broadcast as it
// goes, a failure per server with its reason (a refused token, a server that is down) that never holds up the
// others, a retry, a cancel that stores nothing that answers after it, and a run that goes on when the page that
// started it closes and when the browser stops the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, launchBrowser, REAL_PORTS, createVault, closeAll } from './harness.mjs';

let emus;
let b;
let fixture;
let DOWN; // an address where nothing listens

const whm = (host) => `https://${host}:${REAL_PORTS['whm-tls']}`;

before(async () => {
  const a = await startEmulator();
  emus = { a, b: await startEmulator({ stateDir: a.stateDir }), c: await startEmulator({ stateDir: a.stateDir }) };
  DOWN = `127.${100 + crypto.randomInt(100)}.${crypto.randomInt(256)}.${1 + crypto.randomInt(254)}`;
  fixture = await a.fixture();
  b = await launchBrowser({ emulator: a });
  await createVault(b);
  const token = fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token;
  const server = (id, name, host, t) => ({ id, name, address: host, baseURL: whm(host),
    whm: { user: 'root', token: t, password: '', accessHash: '', totp: null }, accounts: [], accountsFetchedAt: 0 });
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push(server('sA', 'alpha', emus.a.host, token), server('sB', 'bravo', emus.b.host, token),
    server('sC', 'charlie', emus.c.host, 'WRONGTOKEN0000000000000000000000'), server('sD', 'delta', DOWN, token));
  await b.must({ type: 'vault.write', data: doc });
  for (const host of [emus.a.host, emus.b.host, emus.c.host, DOWN]) {
    await b.grantHost(`https://${host}/*`);
  }
});

after(() => closeAll('refresh', b, ...Object.values(emus || {})));

// A page that records the worker's refresh broadcasts, as the popup and options pages listen to them.
async function listen() {
  const p = await b.extensionPage('manifest.json');
  await p.evaluate(() => {
    window.seen = [];
    chrome.runtime.onMessage.addListener((m) => {
      if (m && m.type === 'progress' && m.op === 'refresh.all') window.seen.push(m.progress);
    });
  });
  return p;
}

async function until(check, what, timeout = 30000) {
  for (const end = Date.now() + timeout; Date.now() < end; await sleep(100)) {
    const p = (await b.must({ type: 'refresh.status' })).progress;
    if (p && check(p)) return p;
  }
  throw new Error('refresh: ' + what + ' did not happen');
}

const fetchedAt = async (id) => (await b.must({ type: 'vault.read' })).data.servers.find((s) => s.id === id).accountsFetchedAt;

test('refresh all: two at a time, progress with the server under way, each failure with its reason; the page that started it may close', async () => {
  const watcher = await listen();
  await emus.b.config({ delay: 2 });
  // The starting page closes at once, as a popup does: the worker owns the run.
  const starter = await b.extensionPage('manifest.json');
  const started = await starter.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh.start', limit: 2 }));
  await starter.close();
  assert.equal(started.ok, true, JSON.stringify(started));
  assert.equal(started.progress.total, 4);
  assert.ok(started.progress.running <= 2);

  const p = await until((x) => x.over, 'the run\'s end');
  await emus.b.config({ delay: 0 });
  assert.deepEqual([p.total, p.finished, p.done, p.failed], [4, 4, 2, 2]);
  assert.equal(p.accounts, 2 * fixture.accounts.length);
  const reasons = Object.fromEntries(p.failures.map((f) => [f.name, f.code]));
  assert.deepEqual(reasons, { charlie: 'token-invalid', delta: 'unreachable' });
  for (const f of p.failures) assert.ok(f.message && !f.message.includes('WRONGTOKEN'), f.message);

  const seen = await watcher.evaluate(() => window.seen);
  await watcher.close();
  assert.ok(seen.length >= 4, 'a broadcast at each step');
  assert.ok(seen.every((x) => x.running <= 2), 'never more than two at once');
  assert.ok(seen.some((x) => x.current.some((e) => e.name === 'bravo') && x.finished >= 1),
    'progress named the slow server while others had finished');
  assert.ok((await fetchedAt('sA')) > 0 && (await fetchedAt('sB')) > 0);
  assert.equal(await fetchedAt('sC'), 0);
});

test('retry: the failed servers again; with its token fixed the one refused comes in', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.find((s) => s.id === 'sC').whm.token = fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token;
  await b.must({ type: 'vault.write', data: doc });
  const r = await b.must({ type: 'refresh.retry', serverIds: ['sC'] });
  assert.ok(r.progress.running + r.progress.queued >= 1);
  const p = await until((x) => x.over, 'the retry\'s end');
  assert.deepEqual([p.done, p.failed], [3, 1]);
  assert.equal(p.failures[0].name, 'delta');
  assert.ok((await fetchedAt('sC')) > 0);
});

test('cancel: nothing queued starts, and an answer that comes after is not stored', async () => {
  const before = await fetchedAt('sB');
  await emus.b.config({ hang: true });
  await b.must({ type: 'refresh.start', serverIds: ['sB', 'sC'], limit: 1 }); // bravo first (vault order), charlie queued
  await until((x) => x.current.some((e) => e.name === 'bravo'), 'bravo under way');
  const cancelled = (await b.must({ type: 'refresh.cancel' })).progress;
  assert.equal(cancelled.over, true);
  assert.equal(cancelled.cancelled, 2, 'the one under way and the one queued');
  await emus.b.config({ hang: false }); // the held request is answered now
  await sleep(1500);
  assert.equal(await fetchedAt('sB'), before, 'bravo\'s late answer was dropped');
  const p = (await b.must({ type: 'refresh.status' })).progress;
  assert.equal(p.cancelled, 2);
});

test('the browser stops the worker mid-run: the woken worker goes on with the run', async () => {
  await emus.b.config({ delay: 3 });
  await b.must({ type: 'refresh.start', serverIds: ['sB'] });
  await until((x) => x.running === 1, 'bravo under way');
  await b.stopWorker();
  const p = await until((x) => x.over, 'the resumed run\'s end', 40000);
  await emus.b.config({ delay: 0 });
  assert.deepEqual([p.done, p.failed], [1, 0], JSON.stringify(p.failures));
});
