'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const vault = require('../../extension/vault.js');
const { FakeArea } = require('./fake-storage.js');
const { clone } = require('./harness.js');

const EXT = path.join(__dirname, '..', '..', 'extension');

function event() {
  const listeners = [];
  return { listeners, addListener: (f) => listeners.push(f), removeListener: (f) => listeners.splice(listeners.indexOf(f), 1) };
}

// shell.js in a page-like VM context: vault.js loaded first, as the pages do.
function loadShell({ reply } = {}) {
  const local = new FakeArea('local');
  const session = new FakeArea('session');
  const onChanged = event();
  const onMessage = event();
  for (const area of [local, session]) area.listeners = onChanged.listeners;
  const s = { local, session, onChanged, onMessage, sent: [], tabs: [], optionsOpened: 0 };
  const chrome = {
    runtime: {
      onMessage,
      async sendMessage(msg) { s.sent.push(clone(msg)); return reply ? reply(msg) : undefined; },
      async openOptionsPage() { s.optionsOpened++; },
      getURL: (p) => 'chrome-extension://test/' + p,
    },
    storage: { local, session, onChanged },
    tabs: { async create({ url }) { s.tabs.push(url); return { id: 1 }; } },
  };
  const ctx = vm.createContext({ chrome, crypto, TextEncoder, TextDecoder, atob, btoa, setTimeout, console, location: { reload() {} } });
  for (const f of ['vault.js', 'shell.js']) vm.runInContext(fs.readFileSync(path.join(EXT, f), 'utf8'), ctx, { filename: f });
  s.shell = ctx.shell;
  s.ctx = ctx;
  return s;
}

async function rejectsWith(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code, code);
    assert.equal(typeof err.message, 'string');
    return true;
  });
}

const DOC = { version: 2, servers: [], authenticators: [{ id: 't1', secret: 'JBSWY3DPEHPK3PXP' }], history: [] };
const CHUNKS = { meta: '{"version":2,"servers":[]}', auth: '{"authenticators":[]}', history: '{"history":[]}' };

async function stored(s, password = 'correct horse battery') {
  const key = await vault.create(password, { iterations: 1000 });
  await vault.init(s.local, key, CHUNKS, { first: ['meta', 'auth'] });
  return key;
}

test('send: the reply on ok, the worker error as a rejection, worker-unavailable when nothing answers', async () => {
  const s = loadShell({
    reply: (msg) => (msg.type === 'status' ? { ok: true, unlocked: false }
      : msg.type === 'unlock' ? { ok: false, error: { code: 'wrong-password', message: 'Wrong password.' } }
        : undefined),
  });
  assert.deepEqual(clone(await s.shell.send({ type: 'status' })), { ok: true, unlocked: false });
  await rejectsWith(s.shell.send({ type: 'unlock', password: 'x' }), 'wrong-password');
  await rejectsWith(s.shell.send({ type: 'lock' }), 'worker-unavailable');
  const broken = loadShell({ reply: () => { throw new Error('Could not establish connection.'); } });
  await rejectsWith(broken.shell.send({ type: 'status' }), 'worker-unavailable');
});

test('status and openVault come from storage without messaging the worker', async () => {
  const s = loadShell();
  assert.deepEqual(clone(await s.shell.status()), { initialized: false, unlocked: false, autoLockMinutes: 15 });
  assert.equal(await s.shell.openVault(), null);

  const key = await stored(s);
  await s.local.set({ settings: { autoLockMinutes: 30 } });
  assert.deepEqual(clone(await s.shell.status()), { initialized: true, unlocked: false, autoLockMinutes: 30 });
  assert.equal(await s.shell.openVault(), null, 'locked');

  await s.session.set({ key });
  assert.equal((await s.shell.status()).unlocked, true);
  const first = clone(await s.shell.openVault());
  assert.equal(first.gen, 1);
  assert.deepEqual(first.all.sort(), ['auth', 'history', 'meta']);
  assert.deepEqual(first.chunks, { meta: CHUNKS.meta, auth: CHUNKS.auth }, 'the index\'s first chunks');
  assert.deepEqual(clone(await s.shell.readChunks(1, ['history'])), { history: CHUNKS.history });
  assert.deepEqual(clone(await s.shell.openVault(['history'])).chunks, { meta: CHUNKS.meta, history: CHUNKS.history });
  assert.deepEqual(s.sent, []);

  // Without a header copy the vault is still there: never a first run, and it opens.
  delete s.local.items['vault.current'];
  assert.equal((await s.shell.status()).initialized, true);
  assert.equal(clone(await s.shell.openVault()).gen, 1);
});

test('clockOffsets: the worker\'s stored offsets as they are, {} when none or not an object, without the worker', async () => {
  const s = loadShell();
  assert.deepEqual(clone(await s.shell.clockOffsets()), {});
  await s.local.set({ clockOffsets: { 's-demo': 150, s2: -42.5 } });
  assert.deepEqual(clone(await s.shell.clockOffsets()), { 's-demo': 150, s2: -42.5 });
  for (const junk of [null, 7, 'x', [150]]) {
    await s.local.set({ clockOffsets: junk });
    assert.deepEqual(clone(await s.shell.clockOffsets()), {}, JSON.stringify(junk));
  }
  assert.deepEqual(s.sent, []);
  s.local.get = async () => { throw new Error('storage gone'); };
  await rejectsWith(s.shell.clockOffsets(), 'internal');
});

test('openVaultEarly: the first openVault takes the early read, unless the vault or lock state changed since', async () => {
  const s = loadShell();
  const key = await stored(s);
  await s.session.set({ key });
  let keyReads = 0;
  const get = s.session.get.bind(s.session);
  s.session.get = (k) => { if (k === 'key') keyReads++; return get(k); };

  s.shell.openVaultEarly();
  await s.local.set({ clockOffsets: { s1: 5 } }); // not the vault, the settings or the lock state
  assert.equal(clone(await s.shell.openVault()).chunks.meta, CHUNKS.meta);
  assert.equal(keyReads, 1, 'one read: the early one');
  await s.shell.openVault();
  assert.equal(keyReads, 2, 'later calls read afresh');

  s.shell.openVaultEarly();
  await s.session.remove('key'); // locked after the early read started
  assert.equal(await s.shell.openVault(), null, 'the early read is dropped');
});

test('openVault waits out a password change (new vault before new key); damage is reported; a gone generation is vault-changed', async () => {
  const s = loadShell();
  const oldKey = await stored(s);
  const cur = await vault.unlock('correct horse battery', s.local);
  const newKey = await vault.create('another password', { iterations: 1000 });
  const texts = await vault.readChunks(s.local, oldKey, cur.h, cur.index, Object.keys(cur.index.chunks));
  const g2 = await vault.commit(s.local, newKey, cur, texts, []);
  await s.session.set({ key: oldKey });
  setTimeout(() => s.session.set({ key: newKey }), 10);
  assert.equal(clone(await s.shell.openVault()).gen, 2);

  // Two commits later the generation the page opened is gone.
  const g3 = await vault.commit(s.local, newKey, g2, { auth: '{"authenticators":[]}' }, []);
  await vault.commit(s.local, newKey, g3, { auth: '{"authenticators":[1]}' }, []);
  await rejectsWith(s.shell.readChunks(2, ['auth']), 'vault-changed');
  await rejectsWith(s.shell.readChunks(7, ['history']), 'vault-changed');

  const h = JSON.parse(s.local.items['vault.current']);
  const k = Object.keys(s.local.items).find((x) => x.startsWith('vault.c.' + h.gen + '.') && x.endsWith('.auth'));
  s.local.items[k] = JSON.stringify('AAAA' + JSON.parse(s.local.items[k]).slice(4));
  await rejectsWith(s.shell.openVault(), 'vault-corrupt');
});

test('edit sends one edit to the worker', async () => {
  const s = loadShell({ reply: (msg) => ({ ok: true, id: 'new-id', gen: 2, echo: msg.edit.op }) });
  assert.deepEqual(clone(await s.shell.edit('{"op":"server.delete","id":"s1"}')), { ok: true, id: 'new-id', gen: 2, echo: 'server.delete' });
  assert.deepEqual(s.sent, [{ type: 'vault.edit', edit: { op: 'server.delete', id: 's1' } }]);
  await rejectsWith(s.shell.edit('not json'), 'bad-request');
});

test('lock clears memory: when the key leaves storage.session the page reloads, and only then', async () => {
  const s = loadShell();
  let reloads = 0;
  s.ctx.location.reload = () => { reloads++; };
  await s.session.set({ key: { raw: 'x' } });
  await s.session.set({ key: { raw: 'y' } }); // a new key (password change): not a lock
  await s.local.set({ 'vault.current': {} });
  assert.equal(reloads, 0);
  await s.session.remove('key');
  assert.equal(reloads, 1);
  await s.session.remove('key'); // nothing left to remove: no change
  assert.equal(reloads, 1);
});

test('onChange fires for the vault, the settings and the lock state only; the remover works', async () => {
  const s = loadShell();
  let calls = 0;
  const remove = s.shell.onChange(() => calls++);
  await s.local.set({ clockOffsets: { s1: 3 } });
  assert.equal(calls, 0);
  await stored(s); // chunks, then the header and vault.current
  assert.equal(calls, 1);
  await s.local.set({ settings: { autoLockMinutes: 5 } });
  await s.session.set({ key: {} });
  await s.session.remove(['key']);
  assert.equal(calls, 4);
  remove();
  await s.session.set({ key: {} });
  assert.equal(calls, 4);
});

test('onSessionsChange fires when the worker remembers or forgets a browser session, for nothing else', async () => {
  const s = loadShell();
  let calls = 0;
  const remove = s.shell.onSessionsChange(() => { calls++; });
  await s.session.set({ 'browserSession/s1/cpanel': { cpsess: '/cpsess1' } });
  assert.equal(calls, 1);
  await s.session.set({ key: { raw: 'x' } });
  await s.local.set({ 'browserSession/s1/cpanel': 'not the session area' });
  assert.equal(calls, 1, 'the key, and storage.local, are not sessions');
  await s.session.remove('browserSession/s1/cpanel');
  assert.equal(calls, 2);
  remove();
  await s.session.set({ 'browserSession/s1/whm': { cpsess: '/cpsess2' } });
  assert.equal(calls, 2, 'removed');
});

test('onProgress passes progress broadcasts and never answers a message meant for the worker', async () => {
  const s = loadShell();
  const seen = [];
  const remove = s.shell.onProgress((m) => seen.push(m.stage));
  const [listener] = s.onMessage.listeners;
  let answered = false;
  assert.equal(listener({ type: 'vault.read' }, {}, () => { answered = true; }), undefined);
  listener({ type: 'progress', stage: 'merge' }, {}, () => {});
  assert.deepEqual(seen, ['merge']);
  assert.equal(answered, false);
  remove();
  assert.equal(s.onMessage.listeners.length, 0);
});

test('openPage: options through the runtime (focuses an open one), console in a tab, nothing else', async () => {
  const s = loadShell();
  await s.shell.openPage('options');
  await s.shell.openPage('console');
  assert.equal(s.optionsOpened, 1);
  assert.deepEqual(s.tabs, ['chrome-extension://test/console.html']);
  await rejectsWith(s.shell.openPage('https://evil.example/'), 'bad-request');
});
