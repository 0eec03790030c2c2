// The vault's storage (format 2) in the real browser: a format 1 vault migrating; a lost header copy recovered and
// never erased by setup; an old copy of storage written back reported; 50 edits at once from the options page, the
// console and the worker all kept; the worker stopped and the browser killed at random points of 100 commits, the
// vault opening every time as the state before or after the commit under way; and after Lock, no secret and not the
// master password in the heap of any open page, nor a secret in the worker's engine memory or its JavaScript heap.
// No server is involved, so this file starts no emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  launchBrowser, crashBrowser, popupView, unlockThroughPopup, ROOT, FIREFOX, closeAll, vaultRecords,
} from './harness.mjs';

const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/vault-v1.json'), 'utf8'));

let b;

before(async () => {
  b = await launchBrowser();
});

after(() => closeAll('vaultstore', b));

async function setLocal(items, { clear = false } = {}) {
  const h = await b.helper();
  await h.evaluate(async ([it, cl]) => {
    if (cl) await chrome.storage.local.clear();
    await chrome.storage.local.set(it);
  }, [items, clear]);
}

async function removeLocal(keys) {
  const h = await b.helper();
  await h.evaluate((k) => chrome.storage.local.remove(k), keys);
}

test('a format 1 vault (made by the previous build) migrates at unlock; a wrong password first leaves it byte-identical', async () => {
  await setLocal(FIXTURE.local, { clear: true });
  const before = JSON.stringify((await b.storage()).local);
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'unlock', 'a vault is there: unlock, never setup');
  await popup.fill('#unlock-password', 'not the master password');
  await popup.click('#unlock-submit');
  await popup.waitForSelector('#unlock-error:not([hidden])', { timeout: 30000 });
  assert.equal(JSON.stringify((await b.storage()).local), before, 'byte-identical after a wrong password');

  await unlockThroughPopup(popup, FIXTURE.password);
  const { local } = await b.storage();
  assert.equal(local['vault.current'].format, 2);
  assert.equal(local['vault.2'], undefined, 'the format 1 record is gone once format 2 is stored');
  assert.ok(Object.keys(local).some((k) => k.startsWith('vault.c.')));
  const read = (await b.must({ type: 'vault.read' })).data;
  assert.deepEqual(read, { ...FIXTURE.expected, version: 2, settings: { autoLockMinutes: 7 } },
    'every record, with the members that version did not know, and its auto-lock setting taken into the vault');
  await popup.close();
});

test('vault.current or the newest header deleted: the vault opens and is repaired; setup never erases it', async () => {
  await b.must({ type: 'vault.edit', edit: { op: 'settings.set', autoLockMinutes: 8 } });
  const doc = (await b.must({ type: 'vault.read' })).data;
  await b.must({ type: 'lock' });
  const gen = (await b.storage()).local['vault.current'].gen;

  for (const [missing, recovered] of [[['vault.current'], 'pointer'], [['vault.h.' + gen], 'header']]) {
    await removeLocal(missing);
    const before = JSON.stringify(vaultRecords((await b.storage()).local));
    assert.equal((await b.must({ type: 'status' })).initialized, true, 'still a vault, not a first run');
    const setup = await b.send({ type: 'setup', password: 'a new password for nothing' });
    assert.equal(setup.error?.code, 'vault-exists');
    assert.match(setup.error.message, /generation \d+/);
    assert.equal(JSON.stringify(vaultRecords((await b.storage()).local)), before, 'setup changed nothing');
    const popup = await b.popup();
    assert.equal(await popupView(popup), 'unlock');
    await popup.close();

    const opened = await b.must({ type: 'unlock', password: FIXTURE.password });
    assert.equal(opened.recovered, recovered);
    assert.deepEqual((await b.must({ type: 'vault.read' })).data, doc, 'nothing lost');
    const { local } = await b.storage();
    assert.deepEqual(local['vault.current'], local['vault.h.' + gen], 'both copies written back');
    await b.must({ type: 'lock' });
  }
  await b.must({ type: 'unlock', password: FIXTURE.password });
});

test('an older copy of storage written back is reported at unlock, and opens only when the user says so', async () => {
  const old = vaultRecords((await b.storage()).local);
  await b.must({ type: 'vault.edit', edit: { op: 'settings.set', autoLockMinutes: 9 } });
  await b.must({ type: 'lock' });
  const newer = vaultRecords((await b.storage()).local);
  await removeLocal(Object.keys(newer));
  await setLocal(old);
  const refused = await b.send({ type: 'unlock', password: FIXTURE.password });
  assert.equal(refused.error?.code, 'vault-rollback');
  assert.match(refused.error.message, /older/);
  assert.equal((await b.must({ type: 'status' })).unlocked, false);
  assert.equal(JSON.stringify(vaultRecords((await b.storage()).local)), JSON.stringify(old), 'nothing written');

  // The popup says so, and opens the older vault only on the user's word.
  const popup = await b.popup();
  await popup.fill('#unlock-password', FIXTURE.password);
  await popup.click('#unlock-submit');
  await popup.waitForSelector('#unlock-older', { timeout: 30000 });
  assert.match(await popup.locator('#unlock-error').textContent(), /older \(generation \d+\) than the one this browser last saw/);
  await popup.click('#unlock-older');
  await popup.waitForSelector('#search', { timeout: 30000 });
  await popup.close();
  assert.equal((await b.must({ type: 'vault.read' })).data.settings.autoLockMinutes, 8, 'the older vault, as chosen');
  await b.must({ type: 'lock' });
  await b.must({ type: 'unlock', password: FIXTURE.password });
});

const ACCOUNTS = Array.from({ length: 20 }, (_, i) => ({
  id: 'a' + i, user: 'user' + i, domain: 'd' + i + '.example', owner: 'root', suspended: false, password: 'pw' + i,
  apiToken: '', totp: null, mailboxes: [],
}));

function seedDoc(secrets = {}) {
  return {
    version: 2,
    servers: [{ id: 's1', name: 'Store', address: 'store.example', baseURL: 'https://store.example:2087',
      whm: { user: 'root', token: secrets.token || 'STOREWHMTOKEN0123', password: '', accessHash: '', totp: null },
      accounts: ACCOUNTS, accountsFetchedAt: 0 }],
    authenticators: [], history: [],
  };
}

function historyEntry(id) {
  return { id, at: Date.now(), form: { serverId: 's1', family: 'uapi', module: 'Email', function: 'list_pops', auth: 'session' },
    status: 200, ms: 1, outcome: 'ok' };
}

test('50 edits at once from the options page, the console and the worker: every one is kept', async () => {
  await b.must({ type: 'vault.write', data: seedDoc() });
  const options = await b.options();
  const consolePage = await b.openPage('console.html');
  const fromOptions = options.evaluate((n) => Promise.all(Array.from({ length: n }, (_, i) => shell.edit(JSON.stringify(
    { op: 'account.update', serverId: 's1', id: 'a' + i, set: { domain: 'edited' + i + '.example' } })))), 20);
  const fromConsole = consolePage.evaluate((entries) => Promise.all(entries.map((entry) => shell.edit(JSON.stringify(
    { op: 'history.append', entry })))), Array.from({ length: 15 }, (_, i) => historyEntry('hc' + i)));
  const fromWorker = b.inBackground((g, entries) => Promise.all(entries.map((entry) => g.edit({ op: 'history.append', entry }))),
    Array.from({ length: 15 }, (_, i) => historyEntry('hw' + i)));
  const results = (await Promise.all([fromOptions, fromConsole, fromWorker])).flat();
  assert.equal(results.length, 50);
  const gens = new Set(results.map((r) => r.gen));
  assert.ok(gens.size < 50, `edits waiting together share a commit (${gens.size} commits for 50 edits)`);

  const doc = (await b.must({ type: 'vault.read' })).data;
  assert.deepEqual(doc.servers[0].accounts.map((a) => a.domain), ACCOUNTS.map((_, i) => 'edited' + i + '.example'));
  assert.deepEqual(doc.servers[0].accounts.map((a) => a.password), ACCOUNTS.map((a) => a.password), 'the rest of each account kept');
  const ids = new Set(doc.history.map((h) => h.id));
  for (let i = 0; i < 15; i++) assert.ok(ids.has('hc' + i) && ids.has('hw' + i), 'history entry ' + i);
  await options.close();
  await consolePage.close();
});

// Commit i sets the account's domain to ci.example and, every other one, a mailbox: the page of accounts and the
// meta chunk (the page's row count) change together, so a half-stored commit would show.
function commitEdit(i) {
  return { op: 'account.update', serverId: 's1', id: 'a0',
    set: { domain: 'c' + i + '.example', mailboxes: i % 2 ? [] : [{ email: 'm' + i + '@c.example', password: 'mp' + i }] } };
}

function stateOf(doc) {
  const a = doc.servers[0].accounts[0];
  const m = /^c(\d+)\.example$/.exec(a.domain);
  const i = m ? Number(m[1]) : 0;
  const mailboxes = i % 2 || i === 0 ? [] : [{ email: 'm' + i + '@c.example', password: 'mp' + i }];
  assert.deepEqual(a.mailboxes, mailboxes, `commit ${i} is whole: its mailboxes with its domain`);
  return i;
}

test('the worker stopped and the browser killed at random points of 100 commits: the vault opens as the state before or after', async () => {
  const TOTAL = 100;
  let done = 0; // the commit the vault holds
  let round = 0;
  while (done < TOTAL) {
    round++;
    const crash = round % 2 === 0;
    // A few commits, each acknowledged; then one more, interrupted a random few milliseconds into it.
    const target = Math.min(TOTAL - 1, done + 1 + Math.floor(Math.random() * 10));
    for (let i = done + 1; i <= target; i++) await b.must({ type: 'vault.edit', edit: commitEdit(i) });
    b.send({ type: 'vault.edit', edit: commitEdit(target + 1) }).catch(() => {});
    await sleep(Math.floor(Math.random() * 40));
    if (crash) {
      b = await crashBrowser(b);
      await b.must({ type: 'unlock', password: FIXTURE.password });
    } else {
      await b.stopWorker();
    }
    const state = stateOf((await b.must({ type: 'vault.read' })).data);
    assert.ok(state === target || state === target + 1,
      `round ${round} (${crash ? 'browser killed' : 'worker stopped'}): the vault holds commit ${state}, the one before ${target}`);
    done = state;
    if (done === TOTAL - 1) {
      await b.must({ type: 'vault.edit', edit: commitEdit(TOTAL) });
      done = TOTAL;
    }
  }
  assert.ok(round >= 6, `${round} interruptions`);
  // What interrupted commits left behind goes at the next unlock.
  await b.must({ type: 'lock' });
  await b.must({ type: 'unlock', password: FIXTURE.password });
  let stale;
  for (let i = 0; i < 50; i++) { // the sweep runs in the write chain right after the unlock's answer
    const { local } = await b.storage();
    const h = local['vault.current'];
    stale = Object.keys(local).filter((k) => /^vault\.h\.\d+$/.test(k) && k !== 'vault.h.' + h.gen && k !== 'vault.h.' + (h.gen - 1));
    if (stale.length === 0) break;
    await sleep(100);
  }
  assert.deepEqual(stale, [], 'no stale generations');
});

// Heap snapshot of a page's renderer (CDP HeapProfiler): every string it holds, as one text.
async function heapText(page) {
  const s = await page.context().newCDPSession(page);
  const parts = [];
  s.on('HeapProfiler.addHeapSnapshotChunk', (e) => parts.push(e.chunk));
  await s.send('HeapProfiler.enable');
  await s.send('HeapProfiler.collectGarbage');
  await s.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await s.detach();
  return parts.join('');
}

test('after Lock, no page holds a secret of the vault or the master password in its heap', {
  skip: FIREFOX && 'a page\'s heap snapshot is Chromium\'s (CDP HeapProfiler); WebDriver BiDi has none',
}, async () => {
  const SECRETS = { token: 'HEAPWHMTOKEN7Q4Z9X2W1V0U' };
  const doc = seedDoc(SECRETS);
  doc.servers[0].accounts = [{ ...ACCOUNTS[0], password: 'heap account pass 5Rq!', totp: { secret: 'KRUGS4ZANFZSAYLOEBSXQYLNOBWGKIDT' },
    mailboxes: [{ email: 'info@d0.example', password: 'heap mailbox pass 8Tz?' }] }];
  doc.authenticators = [{ id: 't-heap', issuer: 'Heap', account: 'me', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }];
  await b.must({ type: 'vault.write', data: doc });
  const secrets = [SECRETS.token, 'heap account pass 5Rq!', 'KRUGS4ZANFZSAYLOEBSXQYLNOBWGKIDT', 'heap mailbox pass 8Tz?',
    'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', FIXTURE.password];
  await b.must({ type: 'lock' });
  // The test's own page (messages it sent and received) holds the secrets: it goes before the pages are looked at.
  await (await b.helper()).close();

  const popup = await b.popup();
  await unlockThroughPopup(popup, FIXTURE.password); // the master password typed into a page
  const options = await b.options();
  await options.waitForSelector('.card.server');
  const consolePage = await b.openPage('console.html');
  await consolePage.waitForSelector('#server');
  const pages = [popup, options, consolePage];
  assert.ok((await heapText(popup)).includes('HEAPWHMTOKEN7Q4Z9X2W1V0U'), 'the probe finds a secret while unlocked');

  await popup.click('#lock');
  for (const p of pages) await p.waitForSelector('#unlock-password', { timeout: 20000 });
  for (const p of pages) {
    const heap = await heapText(p);
    for (const s of secrets) assert.ok(!heap.includes(s), `${p.url()}: ${s === FIXTURE.password ? 'the master password' : 'a secret'} in the heap after Lock`);
  }
  for (const p of pages) await p.close();
});

// A heap snapshot of the service worker (CDP HeapProfiler through the browser's session: Playwright opens none for a
// worker): every string its JavaScript holds, as one text.
async function workerHeapText() {
  const cdp = await b.context.browser().newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(b.origin));
    assert.ok(target, 'the service worker runs');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const parts = [];
    const waiting = new Map();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      if (m.method === 'HeapProfiler.addHeapSnapshotChunk') parts.push(m.params.chunk);
      else if (waiting.has(m.id)) waiting.get(m.id)(m);
    });
    let id = 0;
    const send = async (method) => {
      const answer = new Promise((resolve) => waiting.set(++id, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
      const m = await answer;
      if (m.error) throw new Error(method + ': ' + m.error.message);
    };
    await send('HeapProfiler.enable');
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.takeHeapSnapshot');
    return parts.join('');
  } finally {
    await cdp.detach().catch(() => {});
  }
}

const WORKER_SECRETS = ['WORKERHEAPTOKEN5K8J3H2G', 'worker account pass 3Wd#', 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK'];

// Runs fn(g, arg) with g the background's global scope (the service worker; Firefox's event page) and gives its value:
// the harness's inBackground where it has one, else the worker's own evaluation of the source text.
async function inWorker(fn, arg) {
  if (typeof b.inBackground === 'function') return b.inBackground(fn, arg ?? null);
  return (await b.worker()).evaluate(`(${fn})(globalThis, ${JSON.stringify(arg ?? null)})`);
}

test('after Lock, the worker\'s engine memory (Go\'s heap, freed parts too) holds no secret: the engine stopped and zeroed', async () => {
  const [token, password, totp] = WORKER_SECRETS;
  const doc = seedDoc({ token });
  doc.servers[0].accounts = [{ ...ACCOUNTS[0], password }];
  doc.authenticators = [{ id: 't-w', issuer: 'Worker', account: 'me', secret: totp }];
  // Every engine instance the worker starts from now on, kept by the test to look into its memory later.
  await inWorker((g) => {
    g.testEngines = [];
    const instantiate = g.WebAssembly.instantiate;
    g.testInstantiate = instantiate;
    g.WebAssembly.instantiate = async (...args) => {
      const instance = await instantiate.apply(g.WebAssembly, args);
      g.testEngines.push(instance);
      return instance;
    };
  });
  const found = () => inWorker((g, ss) => g.testEngines.map((instance) => {
    const text = new TextDecoder('latin1').decode(new Uint8Array(instance.exports.mem.buffer));
    return ss.filter((s) => text.includes(s));
  }), WORKER_SECRETS);

  try {
    await b.must({ type: 'unlock', password: FIXTURE.password });
    await b.must({ type: 'lock' }); // the engine that ran since the worker started stops; the next one is the test's
    await b.must({ type: 'unlock', password: FIXTURE.password });
    await b.must({ type: 'vault.write', data: doc });
    assert.equal((await b.must({ type: 'vault.read' })).data.servers[0].whm.token, token);
    await b.must({ type: 'vault.edit', edit: { op: 'account.update', serverId: 's1', id: 'a0', set: { domain: 'renamed.example' } } });
    assert.deepEqual(await found(), [WORKER_SECRETS], 'the probe finds the secrets in the engine\'s memory while unlocked');

    await b.must({ type: 'lock' });
    assert.deepEqual(await found(), [[], []], 'no secret in the stopped engine\'s memory, nor in the new one\'s');
    assert.equal(await inWorker((g) => new Uint8Array(g.testEngines[0].exports.mem.buffer).some((x) => x !== 0)), false,
      'the stopped engine\'s memory is zeroes');
  } finally {
    await inWorker((g) => {
      g.WebAssembly.instantiate = g.testInstantiate;
      delete g.testInstantiate;
      delete g.testEngines;
    });
  }
});

test('after Lock, the worker\'s JavaScript heap holds no secret', {
  skip: process.env.PANELKEY_E2E_BROWSER === 'firefox' && 'a heap snapshot is Chromium\'s (CDP HeapProfiler)',
}, async () => {
  // The test's own page sent and received the secrets: it goes before the worker's heap is looked at.
  await (await b.helper()).close();
  // The probe finds a string the worker holds (made there, so it is not the test's source text).
  await inWorker((g) => { g.testProbe = ['WORKERHEAPPROBE', 'Q7'].join('-'); });
  const heap = await workerHeapText();
  assert.ok(heap.includes('WORKERHEAPPROBE-Q7'), 'the probe finds a string the worker holds');
  await inWorker((g) => { delete g.testProbe; });
  for (const s of WORKER_SECRETS) assert.ok(!heap.includes(s), `the worker's JavaScript heap holds ${s} after Lock`);
});
