// A stand-in for extension/shell.js with the same API (docs/architecture.md, "Pages") over an in-memory vault, so
// the Go pages can be tested in a plain browser tab: no extension, worker or emulator. pages.test.mjs serves it as
// shell.js, and serves the starting state as seed.json. Everything the page asks for is recorded in globalThis.fake.
'use strict';

(() => {
  const fake = globalThis.fake = {
    initialized: true, unlocked: false, password: 'correct horse battery', autoLockMinutes: 15, doc: null,
    // Set by a test: the next login fails with this {code, message, advice?, openURL?, origin?}.
    loginError: null,
    sent: [], copied: [], opened: [], hosts: [], downloads: [], changeListeners: [], progressListeners: [],
    statusDelays: [], statusWaiting: 0,
    // What the worker's vault.describe answers: the stored vault, named without the password.
    described: { kind: 'vault', gen: 41, at: Date.UTC(2026, 11, 5, 6, 14), parts: 9, bytes: 2345678 },
  };
  const clone = (v) => JSON.parse(JSON.stringify(v));
  const changed = () => setTimeout(() => fake.changeListeners.forEach((cb) => cb()), 0);
  const refuse = (error) => { throw error; };

  async function send(msg) {
    fake.sent.push(clone(msg));
    switch (msg.type) {
      case 'setup':
        Object.assign(fake, { initialized: true, unlocked: true, password: msg.password });
        fake.doc = fake.doc || { version: 1, servers: [], authenticators: [], history: [] };
        changed();
        return { ok: true };
      case 'unlock':
        if (msg.password !== fake.password) refuse({ code: 'wrong-password', message: 'Wrong password.' });
        fake.unlocked = true;
        changed();
        return { ok: true };
      case 'lock':
        fake.unlocked = false;
        changed();
        return { ok: true };
      case 'warm':
        return { ok: true };
      case 'refresh.status': // no refresh of every server under way
        return { ok: true, progress: null };
      case 'login': {
        const err = fake.loginError;
        fake.loginError = null;
        if (err) refuse(err);
        return { ok: true, tabId: 7 };
      }
      case 'accounts.refresh':
        fake.progressListeners.forEach((cb) => cb({ type: 'progress', op: 'accounts.refresh', serverId: msg.serverId, stage: 'request' }));
        return { ok: true, count: 0 };
      case 'settings.set':
        fake.autoLockMinutes = msg.autoLockMinutes;
        changed();
        return { ok: true, autoLockMinutes: msg.autoLockMinutes };
      case 'changePassword':
        if (msg.old !== fake.password) refuse({ code: 'wrong-password', message: 'Wrong password.' });
        fake.password = msg.new;
        return { ok: true };
      case 'export':
        return { ok: true, file: '{"format":1}' };
      case 'import':
        if (msg.password !== 'export password') refuse({ code: 'import-wrong-password', message: 'That password does not open this file.' });
        // The worker's progress broadcasts, fake.importStepMs apart: fake.importProgress = [{stage, done?, total?}, …].
        for (const p of fake.importProgress || []) {
          fake.progressListeners.forEach((cb) => cb({ type: 'progress', op: 'import', ...p }));
          await new Promise((resolve) => setTimeout(resolve, fake.importStepMs || 0));
        }
        // As the worker does it: the vault stored (a change, still locked), then the key (a second change), then the reply.
        Object.assign(fake, { initialized: true, password: msg.password });
        fake.doc = fake.doc || { version: 1, servers: [], authenticators: [], history: [] };
        changed();
        await new Promise((resolve) => setTimeout(resolve, 20));
        fake.unlocked = true;
        changed();
        return { ok: true };
      case 'vault.describe':
        return { ok: true, ...fake.described };
      case 'vault.backup':
        return { ok: true, file: '{"panelkey":"vault export"}' };
      case 'reset':
        if (msg.confirm !== 'erase') refuse({ code: 'bad-request', message: 'Reset needs confirm: "erase".' });
        if (msg.gen !== fake.described.gen || msg.parts !== fake.described.parts) {
          refuse({ code: 'vault-changed', message: 'The vault changed since it was described; nothing was erased.' });
        }
        Object.assign(fake, { initialized: false, unlocked: false, doc: null });
        changed();
        return { ok: true };
    }
    return refuse({ code: 'unknown-message', message: 'Unknown request.' });
  }

  // The document as format 2's chunks, as the worker stores them (one page of accounts a server: any size loads).
  function chunksOf(doc) {
    const { servers = [], authenticators = [], history = [], ...rest } = doc;
    const chunks = {};
    const meta = servers.map((s, i) => {
      const { accounts = [], ...server } = s;
      const id = 'p' + i;
      const rows = accounts.reduce((n, a) => n + 1 + ((a && a.mailboxes) || []).length, 0);
      server.pages = accounts.length ? [{ id, accounts: accounts.length, rows }] : [];
      if (accounts.length) chunks['page.' + id] = JSON.stringify({ server: s.id, accounts });
      return server;
    });
    chunks.meta = JSON.stringify({ ...rest, servers: meta });
    chunks.auth = JSON.stringify({ authenticators });
    chunks.history = JSON.stringify({ history });
    return chunks;
  }

  function pick(chunks, ids) {
    return Object.fromEntries(ids.filter((id) => id in chunks).map((id) => [id, chunks[id]]));
  }

  // The engine (panelkey.wasm, with bridge.js), loaded the first time an edit comes: the fake applies edits as the
  // worker does, with the engine's vault functions.
  let engine = null;
  function theEngine() {
    engine = engine || (async () => {
      await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = 'bridge.js';
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
      const ready = new Promise((resolve) => { globalThis.panelkeyReady = resolve; });
      const go = new Go();
      const { instance } = await WebAssembly.instantiate(await (await fetch('panelkey.wasm')).arrayBuffer(), go.importObject);
      go.run(instance);
      await ready;
      return globalThis.panelkey;
    })();
    return engine;
  }

  async function edit(text) {
    const e = JSON.parse(text);
    fake.sent.push({ type: 'vault.edit', edit: clone(e) });
    const pk = await theEngine();
    pk.vaultFromDocument({}, { document: JSON.stringify(fake.doc) });
    const [r] = pk.vaultEdit({ edits: [e] }).results;
    if (!r.ok) refuse(r.error);
    fake.doc = JSON.parse(pk.vaultDocument({}).texts.document);
    changed();
    return { ok: true, id: r.id, ids: r.ids, count: r.count, gen: 1 };
  }

  const ready = fetch('seed.json').then((r) => r.json()).then((seed) => Object.assign(fake, seed));
  const after = (f) => async (...args) => { await ready; return f(...args); };

  globalThis.shell = {
    send: after(send),
    openVault: after(async (ids) => {
      if (!fake.unlocked) return null;
      const chunks = chunksOf(fake.doc);
      return { gen: 1, all: Object.keys(chunks), chunks: ids ? pick(chunks, ['meta', ...ids]) : chunks };
    }),
    readChunks: after(async (gen, ids) => pick(chunksOf(fake.doc), ids)),
    edit: after(async (text) => edit(text)),
    // The state as read now, answered after the next of fake.statusDelays (ms; a test sets them): a slow read.
    status: after(async () => {
      const st = { initialized: fake.initialized, unlocked: fake.unlocked, autoLockMinutes: fake.autoLockMinutes };
      const ms = fake.statusDelays.shift() || 0;
      fake.statusWaiting++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      fake.statusWaiting--;
      return st;
    }),
    clockOffsets: after(async () => clone(fake.clockOffsets || {})),
    takeIntent: async () => '',
    copy: async (text) => { fake.copied.push(text); },
    requestHost: async (origin) => {
      // Recorded with whether the page called it during the user's gesture, as Chrome requires.
      fake.hosts.push({ origin, gesture: navigator.userActivation.isActive });
      return fake.hostAnswer ?? true; // false: the user refused the browser's prompt
    },
    browser: () => fake.browser || 'chromium',
    openPage: async (name) => { fake.opened.push(name); },
    onChange: (cb) => { fake.changeListeners.push(cb); },
    onProgress: (cb) => { fake.progressListeners.push(cb); },
    download: async (name, text) => { fake.downloads.push({ name, text }); },
    pickFile: async () => ({ name: 'backup.json', text: '{"format":1}' }),
  };
})();
