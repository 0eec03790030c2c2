// Loads extension/worker.js into a fresh VM context with an in-memory chrome.* and a scripted engine, so the worker's
// message handlers can be tested in Node. The engine here is a test double driven by each test; the real one is the
// Go wasm in wasm/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { FakeArea } = require('./fake-storage.js');
const { newEngine } = require('./engine.js');

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

// The engine's network gate as the worker sees it: https on the server's own host, a decision that echoes the request
// with the gate's limits, and the words for a request without an answer. The real gate is Go's netgate, tested natively
// (netgate) and in the built wasm (tests/wasm); these tests check that the worker asks it and performs what it decides.
function fakeGate(opts) {
  const refuse = (code, message) => Object.assign(new Error(message), { code });
  const hostOf = (server) => {
    const raw = (server && (server.baseURL || server.address)) || '';
    try {
      return new URL(raw.includes('://') ? raw : 'https://' + raw).hostname;
    } catch {
      return '';
    }
  };
  const place = (server, raw) => {
    let u;
    try {
      u = new URL(raw);
    } catch {
      throw refuse('url-invalid', 'The address is not an absolute URL.');
    }
    if (u.protocol === 'http:') throw refuse('plain-text-refused', 'panelkey sends nothing over plain-text ' + u.origin + '.');
    if (u.protocol !== 'https:') throw refuse('scheme-refused', 'panelkey opens and sends only https:// addresses.');
    if (u.username || u.password) throw refuse('url-userinfo', 'The address carries a user name or password.');
    if (u.hostname !== hostOf(server)) throw refuse('other-host', 'The address is on ' + u.hostname + ', not on the server\'s own host.');
    return u;
  };
  return {
    gateRequest({ server, request, timeoutSeconds }) {
      const u = place(server, request.url);
      for (const h of request.headers || []) {
        if (!/^(authorization|x-cpanel-otp)$/i.test(h.name)) throw refuse('header-refused', 'panelkey sends no such header.');
      }
      return {
        method: (request.method || 'GET').toUpperCase(), url: u.href, headers: (request.headers || []).map(({ name, value }) => ({ name, value })),
        body: request.body || '', contentType: request.contentType || '', credentials: 'include', redirect: 'manual',
        timeoutMs: (timeoutSeconds || 30) * 1000, maxBytes: opts.maxBytes || 20 << 20, permission: 'https://' + u.hostname + '/*',
        origin: u.origin, service: 'whm', carries: [],
      };
    },
    gateOpen({ server, url }) {
      const u = place(server, url);
      return { url: u.href, origin: u.origin, service: 'cpanel' };
    },
    gateFailure({ origin, error, timeoutSeconds }) {
      if (timeoutSeconds) return { code: 'timeout', message: 'The server did not answer in ' + timeoutSeconds + ' seconds at ' + origin + '.', advice: '' };
      if (/CERT/.test(error)) return { code: 'tls-untrusted', message: 'This browser does not trust the certificate of ' + origin + '.', advice: 'Trust it.', openURL: origin };
      if (/REFUSED/.test(error)) return { code: 'unreachable', message: 'The server did not answer at ' + origin + '.', advice: 'Check it.' };
      return { code: 'unreachable-or-untrusted', message: 'The server could not be reached at ' + origin + ', or its certificate is not trusted.',
        advice: 'Open ' + origin + ' in a tab.', openURL: origin };
    },
  };
}

// opts.engine: functions installed as globalThis.panelkey over fakeGate's and a real engine of the worker's own (the
// vault's calls are the shipped Go's); with opts.bare, over fakeGate's alone; null: no engine ever starts.
// opts.fetch(url, init) → Response; opts.granted: origins; opts.maxBytes: the fake gate's cap. Resolves once the worker
// script ran.
async function loadWorker(opts = {}) {
  const local = opts.local || new FakeArea('local');
  const session = opts.session || new FakeArea('session');
  const sync = opts.sync || new FakeArea('sync');
  const onChanged = event();
  for (const area of [local, session, sync]) area.listeners = onChanged.listeners;
  const engine = opts.engine === null ? null
    : { ...(opts.bare ? {} : await newEngine()), ...fakeGate(opts), ...(opts.engine || {}) };
  const granted = new Set(opts.granted || ['https://host.example/*']);
  const h = {
    local, session, sync, granted,
    alarms: new Map(),
    tabs: [],
    broadcasts: [],
    optionsOpened: 0,
    popupsOpened: 0,
    fetches: [],
    logged: [],
    engines: [], // {go, instance} of each engine started
    events: { message: event(), alarm: event(), startup: event(), installed: event(), webRequestError: event(), command: event() },
  };
  const chrome = {
    runtime: {
      id: 'panelkey-test',
      onMessage: h.events.message,
      onStartup: h.events.startup,
      onInstalled: h.events.installed,
      getURL: (p) => 'chrome-extension://panelkey-test/' + p,
      async sendMessage(msg) {
        h.broadcasts.push(msg);
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      async openOptionsPage() { h.optionsOpened++; },
      async getPlatformInfo() { return { os: 'linux', arch: 'x86-64' }; },
    },
    storage: { local, session, sync, onChanged },
    alarms: {
      onAlarm: h.events.alarm,
      async create(name, info) { h.alarms.set(name, clone(info)); },
      async clear(name) { return h.alarms.delete(name); },
    },
    webRequest: { onErrorOccurred: h.events.webRequestError },
    commands: { onCommand: h.events.command },
    action: { async openPopup() { h.popupsOpened++; } },
    tabs: {
      async create({ url }) { h.tabs.push(url); return { id: 100 + h.tabs.length }; },
    },
    permissions: {
      async contains({ origins }) { return origins.every((o) => granted.has(o)); },
    },
  };

  // BroadcastChannel, as the worker uses it (the popup's channel, popup.list): in memory, one per loaded worker.
  // h.popupAsk(msg) posts as a popup would and resolves to the worker's reply; h.popupAcks counts the
  // acknowledgements it got first ({id, ack: true}).
  const channels = [];
  h.popupAcks = 0;
  class FakeBroadcastChannel {
    constructor(name) {
      this.name = name;
      this.onmessage = null;
      channels.push(this);
    }
    postMessage(data) {
      for (const c of channels) {
        if (c !== this && c.name === this.name && c.onmessage) setTimeout(() => c.onmessage({ data: clone(data) }), 0);
      }
    }
    close() { channels.splice(channels.indexOf(this), 1); }
  }
  h.popupAsk = (msg) => new Promise((resolve) => {
    const page = new FakeBroadcastChannel('panelkey.popup');
    const id = String(Math.random());
    page.onmessage = (e) => {
      if (e.data.id !== id) return;
      if (e.data.ack === true) {
        h.popupAcks++;
        return;
      }
      page.close();
      resolve(e.data.reply);
    };
    page.postMessage({ id, msg });
  });

  const sandbox = {
    chrome, crypto, BroadcastChannel: FakeBroadcastChannel,
    console: { log: (...a) => h.logged.push(a), warn: (...a) => h.logged.push(a), error: (...a) => h.logged.push(a) }, TextEncoder, TextDecoder, atob, btoa, URL, Headers, Response, Blob,
    setTimeout, clearTimeout, performance, AbortController, AbortSignal, DOMException,
    // Each instance's "memory" starts non-zero, so a test sees the worker zero it when the engine stops (h.engines).
    WebAssembly: {
      compileStreaming: async () => ({}),
      instantiate: async () => ({ exports: { mem: { buffer: new Uint8Array(64).fill(7).buffer } } }),
    },
    // The worker's keep-alive while it answers: a test left waiting must not keep Node running.
    setInterval: (f, ms) => setInterval(f, ms).unref(), clearInterval,
    async fetch(url, init) {
      if (url === 'chrome-extension://panelkey-test/panelkey.wasm') return {};
      h.fetches.push({ url, init });
      // A real fetch rejects with the worker realm's TypeError; the worker tells network failures apart by it. An
      // aborted one rejects when its signal aborts, whatever the server does.
      const ContextTypeError = vm.runInContext('TypeError', ctx);
      if (!opts.fetch) throw new ContextTypeError('Failed to fetch');
      const signal = init && init.signal;
      const aborted = new Promise((_, reject) => {
        if (!signal) return;
        const stop = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop);
      });
      try {
        return await Promise.race([opts.fetch(url, init), aborted]);
      } catch (err) {
        throw err instanceof TypeError ? new ContextTypeError(err.message) : err;
      }
    },
  };
  const ctx = vm.createContext(sandbox);
  // A Go program that exits only when stopped (engineStop: the real engine, shared by every instance, stays).
  class FakeGo {
    constructor() {
      this.importObject = {};
      this.exited = false;
    }
    run(instance) {
      const go = this;
      h.engines.push({ go, instance });
      if (engine !== null) {
        ctx.panelkey = {
          ...engine,
          engineStop() {
            go.exited = true;
            return {};
          },
        };
        ctx.panelkeyReady();
      }
      return new Promise(() => {});
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

module.exports = { loadWorker, clone, fakeGate };
