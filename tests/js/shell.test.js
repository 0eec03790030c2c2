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
  await vault.init(s.local, key, CHUNKS);
  return key;
}

// A worker that answers vault.read with DOC (or what read says).
function worker(read = () => ({ ok: true, data: DOC, text: JSON.stringify(DOC) })) {
  return (msg) => (msg.type === 'vault.read' ? read(msg) : undefined);
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

test('status comes from storage; readVault asks the worker only while unlocked', async () => {
  const s = loadShell({ reply: worker() });
  assert.deepEqual(clone(await s.shell.status()), { initialized: false, unlocked: false, autoLockMinutes: 15 });
  assert.equal(await s.shell.readVault(), null);
  assert.equal(await s.shell.readVaultText(), null);

  const key = await stored(s);
  await s.local.set({ settings: { autoLockMinutes: 30 } });
  assert.deepEqual(clone(await s.shell.status()), { initialized: true, unlocked: false, autoLockMinutes: 30 });
  assert.equal(await s.shell.readVault(), null, 'locked');
  assert.equal(await s.shell.readVaultText(), null, 'locked');
  assert.deepEqual(s.sent, [], 'no message while locked');

  await s.session.set({ key });
  assert.equal((await s.shell.status()).unlocked, true);
  assert.deepEqual(clone(await s.shell.readVault()), DOC);
  assert.deepEqual(JSON.parse(await s.shell.readVaultText()), DOC);
  assert.deepEqual(s.sent, [{ type: 'vault.read', text: false }, { type: 'vault.read', text: true }]);

  // Without a header copy the vault is still there: never a first run.
  delete s.local.items['vault.current'];
  assert.equal((await s.shell.status()).initialized, true);
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

test('readVaultTextEarly: the first readVaultText takes the early read, unless the vault or lock state changed since', async () => {
  const s = loadShell({ reply: worker() });
  const key = await stored(s);
  await s.session.set({ key });

  s.shell.readVaultTextEarly();
  await s.local.set({ clockOffsets: { s1: 5 } }); // not the vault, the settings or the lock state
  assert.deepEqual(JSON.parse(await s.shell.readVaultText()), DOC);
  assert.equal(s.sent.length, 1, 'one read: the early one');
  assert.deepEqual(JSON.parse(await s.shell.readVaultText()), DOC);
  assert.equal(s.sent.length, 2, 'later calls read afresh');

  s.shell.readVaultTextEarly();
  await s.session.remove('key'); // locked after the early read started
  assert.equal(await s.shell.readVaultText(), null, 'the early text is dropped');
});

test('readVault: a worker that finds the vault locked reads as locked; damage is reported', async () => {
  let answer = { ok: false, error: { code: 'locked', message: 'panelkey is locked.' } };
  const s = loadShell({ reply: worker(() => answer) });
  await s.session.set({ key: await stored(s) });
  assert.equal(await s.shell.readVault(), null);
  answer = { ok: false, error: { code: 'vault-corrupt', message: 'The saved vault is damaged.' } };
  await rejectsWith(s.shell.readVault(), 'vault-corrupt');
  await rejectsWith(s.shell.readVaultText(), 'vault-corrupt');
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
