'use strict';

// The worker agrees with the message contract (messages/messages.go, generated into extension/messages.js): it
// handles exactly the contract's messages, and no handler reads a parameter the contract does not declare. A
// failure here says what to add where. (The Go pages' side: messages/messages_test.go.)

const test = require('node:test');
const assert = require('node:assert/strict');
const vm = require('node:vm');
const { loadWorker } = require('./harness.js');

const ADD = 'add it to messages/messages.go (parameter type, result type, an Entry in Contract), run go generate ./messages';

function contract(h) {
  return JSON.parse(vm.runInContext('JSON.stringify(globalThis.panelkeyMessages)', h.ctx));
}

test('the worker handles exactly the messages of the contract', async () => {
  const h = await loadWorker();
  const handled = JSON.parse(vm.runInContext('JSON.stringify(Object.keys(handlers))', h.ctx));
  const declared = Object.keys(contract(h).types);
  for (const t of handled) assert.ok(declared.includes(t), `the worker handles '${t}', which the message contract lacks: ${ADD}`);
  for (const t of declared) {
    assert.ok(handled.includes(t), `the contract declares '${t}' but extension/worker.js has no handler for it: add one to handlers`);
  }
});

test('quiet messages (no auto-lock activity) are the contract\'s', async () => {
  const h = await loadWorker();
  const quiet = JSON.parse(vm.runInContext('JSON.stringify([...QUIET])', h.ctx)).sort();
  const types = contract(h).types;
  assert.deepEqual(quiet, Object.keys(types).filter((t) => types[t].quiet).sort());
  assert.deepEqual(quiet, ['lock', 'popup.list', 'refresh.status', 'status', 'warm']);
});

const EXAMPLE = { string: 'x', number: 1, boolean: true, object: {}, array: [], any: null };

function example(p) {
  if (p.example === undefined) return EXAMPLE[p.type];
  return p.type === 'number' ? Number(p.example) : p.example;
}

// A vault the examples find (server s1, account a1, mailbox info@bob.example), so handlers get past their lookups.
const DOC = {
  version: 1, authenticators: [], history: [],
  servers: [{ id: 's1', name: '', address: 'host.example', baseURL: 'https://host.example:2087',
    whm: { user: 'root', token: 'T', password: '', accessHash: '', totp: null }, accountsFetchedAt: 0,
    accounts: [{ id: 'a1', user: 'bob', domain: 'bob.example', password: 'p', apiToken: '', totp: null,
      mailboxes: [{ email: 'info@bob.example', password: 'm' }] }] }],
};

// An engine whose every function fails with a coded error: handlers read their parameters before they call it.
const ENGINE = new Proxy({}, {
  get: (_, name) => (name === 'then' ? undefined : () => { const e = new Error('stub engine'); e.code = 'engine-error'; throw e; }),
});

test('no handler reads a parameter the contract does not declare', async () => {
  const PW = 'correct horse battery';
  const probe = await loadWorker({ engine: null });
  for (const [type, desc] of Object.entries(contract(probe).types)) {
    for (const locked of [true, false]) {
      // Unlocked, the real engine holds the vault; locked, every engine function fails.
      const h = await loadWorker(locked ? { engine: ENGINE, bare: true } : {});
      if (!locked) {
        await h.ok({ type: 'setup', password: PW });
        await h.ok({ type: 'vault.write', data: DOC });
      }
      const declared = new Set(['type', ...desc.params.map((p) => p.name)]);
      const params = { type };
      for (const p of desc.params) params[p.name] = example(p);
      const read = new Set();
      const msg = new Proxy(params, {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key, receiver);
        },
        has(target, key) {
          if (typeof key === 'string') read.add(key);
          return Reflect.has(target, key);
        },
      });
      const [listener] = h.events.message.listeners;
      const reply = await new Promise((resolve) => {
        if (listener(msg, { id: 'panelkey-test' }, resolve) !== true) resolve(undefined);
      });
      assert.ok(reply && typeof reply.ok === 'boolean', `${type}: no reply`);
      if (!reply.ok) assert.notEqual(reply.error.code, 'unknown-message', type);
      await vm.runInContext('chain', h.ctx);
      for (const key of read) {
        if (key === 'then' || key === 'toJSON') continue; // promise and JSON machinery, not parameters
        assert.ok(declared.has(key), `the worker's '${type}' handler reads '${key}', which the contract does not declare: ${ADD}`);
      }
    }
  }
});
