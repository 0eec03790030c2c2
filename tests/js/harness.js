// Loads extension/worker.js into a fresh VM context with an in-memory chrome.* and a scripted engine, so the worker's
// message handlers can be tested in Node. The engine here is a test double driven by each test; the real one is the
// Go wasm in wasm/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { FakeArea } = require('./fake-storage.js');

const EXT = path.join(__dirname, '..', '..', 'extension');
const WEB = path.join(__dirname, '..', '..', 'web'); // bridge.js lives there

function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

function event() {
  const listeners = [];
  return {
    listeners,
    addListener: (f) => listeners.push(f),
    removeListener: (f) => listeners.splice(listeners.indexOf(f), 1),
  };
}

// opts.engine: object installed as globalThis.panelkey; opts.fetch(url, init) → Response; opts.granted: origins.
function loadWorker(opts = {}) {
  const local = opts.local || new FakeArea('local');
  const session = opts.session || new FakeArea('session');
  const onChanged = event();
  for (const area of [local, session]) area.listeners = onChanged.listeners;
  const granted = new Set(opts.granted || ['https://host.example/*']);
  const h = {
    local, session, granted,
    alarms: new Map(),
    tabs: [],
    broadcasts: [],
    optionsOpened: 0,
    fetches: [],
    logged: [],
    events: { message: event(), alarm: event(), startup: event(), installed: event() },
  };
  const chrome = {
    runtime: {
      id: 'panelkey-test',
      onMessage: h.events.message,
      onStartup: h.events.startup,
      onInstalled: h.events.installed,
      async sendMessage(msg) {
        h.broadcasts.push(msg);
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      async openOptionsPage() { h.optionsOpened++; },
    },
    storage: { local, session, onChanged },
    alarms: {
      onAlarm: h.events.alarm,
      async create(name, info) { h.alarms.set(name, clone(info)); },
      async clear(name) { return h.alarms.delete(name); },
    },
    tabs: {
      async create({ url }) { h.tabs.push(url); return { id: 100 + h.tabs.length }; },
    },
    permissions: {
      async contains({ origins }) { return origins.every((o) => granted.has(o)); },
    },
  };

  const sandbox = {
    chrome, crypto,
    console: { log: (...a) => h.logged.push(a), warn: (...a) => h.logged.push(a), error: (...a) => h.logged.push(a) }, TextEncoder, TextDecoder, atob, btoa, URL, Headers, Response, Blob,
    setTimeout, clearTimeout, performance,
    WebAssembly: { instantiateStreaming: async () => ({ instance: {} }) },
    async fetch(url, init) {
      if (url === 'panelkey.wasm') return {};
      h.fetches.push({ url, init });
      // A real fetch rejects with the worker realm's TypeError; the worker tells network failures apart by it.
      const ContextTypeError = vm.runInContext('TypeError', ctx);
      if (!opts.fetch) throw new ContextTypeError('Failed to fetch');
      try {
        return await opts.fetch(url, init);
      } catch (err) {
        throw err instanceof TypeError ? new ContextTypeError(err.message) : err;
      }
    },
  };
  const ctx = vm.createContext(sandbox);
  class FakeGo {
    constructor() { this.importObject = {}; }
    run() {
      if (opts.engine !== null) {
        ctx.panelkey = opts.engine || {};
        ctx.panelkeyReady();
      }
      return new Promise(() => {}); // a Go program that never exits
    }
  }
  sandbox.importScripts = (...files) => {
    for (const f of files) {
      if (f === 'wasm_exec.js') ctx.Go = FakeGo;
      else {
        const file = [path.join(EXT, f), path.join(WEB, f)].find((p) => fs.existsSync(p));
        vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: f });
      }
    }
    // Only the parameter changes; the default stays 600,000 in the shipped file (vault.test.js checks it).
    if (ctx.panelkeyVault) ctx.panelkeyVault.defaults.iterations = opts.iterations || 1000;
  };
  vm.runInContext(fs.readFileSync(path.join(EXT, 'worker.js'), 'utf8'), ctx, { filename: 'worker.js' });

  h.ctx = ctx;
  // Like Chrome, messages cross as JSON both ways (which also gives the test objects of its own realm).
  h.send = (msg, sender = { id: chrome.runtime.id }) => new Promise((resolve) => {
    const [listener] = h.events.message.listeners;
    if (listener(clone(msg), sender, (reply) => resolve(clone(reply))) !== true) resolve(undefined);
  });
  // Sends and asserts success; returns the reply.
  h.ok = async (msg) => {
    const reply = await h.send(msg);
    if (!reply || reply.ok !== true) throw new Error(msg.type + ' failed: ' + JSON.stringify(reply));
    return reply;
  };
  h.fire = async (name, ...args) => {
    for (const l of h.events[name].listeners) l(...args);
    await vm.runInContext('chain', ctx); // the worker's write chain: whatever the event queued has finished
  };
  return h;
}

module.exports = { loadWorker, clone };
