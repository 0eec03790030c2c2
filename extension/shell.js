// globalThis.shell: the only way the Go UI in popup.html, options.html and console.html reaches the browser
// (docs/architecture.md, "Pages"). Loaded after vault.js and before page.js. Promises reject with plain
// {code, message} objects, the same shape as the worker's errors.
'use strict';

(() => {
  const V = globalThis.panelkeyVault;
  const local = chrome.storage.local;
  const session = chrome.storage.session;

  function plain(err, fallbackCode) {
    if (err && typeof err.code === 'string' && typeof err.message === 'string') return { code: err.code, message: err.message };
    return { code: fallbackCode, message: (err && err.message) || String(err) };
  }

  async function send(msg) {
    let reply;
    try {
      reply = await chrome.runtime.sendMessage(msg);
    } catch (err) {
      throw plain(err, 'worker-unavailable');
    }
    if (reply && reply.ok === true) return reply;
    if (reply && reply.error && typeof reply.error.code === 'string') throw reply.error;
    throw { code: 'worker-unavailable', message: 'The panelkey background worker did not answer.' };
  }

  // The vault, the settings or the lock state changed (storage.onChanged's changes and area).
  function relevant(changes, area) {
    const keys = Object.keys(changes);
    return (area === 'local' && keys.some((k) => k === 'vault.current' || k === 'settings')) ||
      (area === 'session' && keys.includes('key'));
  }

  // Relevant changes seen by this page so far: an early read is used only if none came in since it started.
  let changeCount = 0;
  watch(relevant, () => { changeCount++; });

  // Lock clears memory: when the key leaves storage.session (the lock button, the idle alarm, a browser start), this
  // page starts again from nothing, into the lock view: its decrypted vault, anything typed, the master password
  // and the engine instance that held them go with the old document.
  watch((changes, area) => area === 'session' && changes.key && changes.key.oldValue !== undefined &&
    changes.key.newValue === undefined, () => location.reload());

  // The vault this page opened last: its key, header and index. Later reads of its other chunks use them, so a page
  // reads one generation whole even while the worker commits the next (which keeps this one's chunks a commit longer).
  let opened = null;

  // Opens the current generation with the key the worker left in storage.session, in the page (no worker wake), and
  // decrypts the chunks ids (default: the ones the index lists for a first paint, vault.FirstChunks). → {gen, all:
  // [every chunk id], chunks: {id: text}}, or null when locked.
  async function openWith(ids) {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const { key } = await session.get('key');
        if (!key) return null;
        let cur;
        try {
          cur = await V.currentFast(local, key, session);
        } catch (err) {
          if (err.code === 'not-initialized') return null;
          if (err.code !== 'key-mismatch') throw err;
          // A password change stores the new generation a moment before the new key; look again.
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        opened = { key, h: cur.h, index: cur.index };
        const want = new Set(['meta', ...(ids || cur.index.first)]);
        const chunks = await V.readChunks(local, key, cur.h, cur.index, [...want]);
        return { gen: cur.h.gen, all: Object.keys(cur.index.chunks), chunks };
      }
      return null;
    } catch (err) {
      throw plain(err, 'internal');
    }
  }

  let early = null;

  // Starts the first openVault() now (page.js calls it for the popup before fetching the wasm), so the storage reads
  // and the decryption overlap the wasm's fetch and compile instead of following them.
  function openVaultEarly() {
    early = { at: changeCount, read: openWith() };
    early.read.catch(() => {}); // handled by whoever takes it
  }

  // openWith(ids); the first call without ids takes the early read when nothing changed since it started.
  function openVault(ids) {
    const e = early;
    early = null;
    if (!ids && e && e.at === changeCount) return e.read;
    return openWith(ids);
  }

  // More chunks of the generation openVault opened: {id: text}. When that generation is gone (two commits since) it
  // throws vault-changed: the page opens the vault again (its onChange refresh does).
  async function readChunks(gen, ids) {
    const o = opened;
    const changed = { code: 'vault-changed', message: 'The vault changed; reading it again.' };
    if (!o || o.h.gen !== gen) throw changed;
    try {
      return await V.readChunks(local, o.key, o.h, o.index, ids);
    } catch (err) {
      const { [V.POINTER]: now } = await local.get(V.POINTER);
      if (err.code === 'vault-corrupt' && now && now.gen !== gen) throw changed;
      throw plain(err, 'internal');
    }
  }

  // Sends one edit (its JSON text, vault.EncodeEdit) to the worker's write chain → {id?, ids?, count?, gen}.
  function edit(text) {
    let e;
    try {
      e = JSON.parse(text);
    } catch {
      return Promise.reject({ code: 'bad-request', message: 'Not an edit.' });
    }
    return send({ type: 'vault.edit', edit: e });
  }

  function status() {
    return V.status(local, session).catch((err) => { throw plain(err, 'internal'); });
  }

  // The server clock offsets the worker learnt at logins ({serverId: seconds}; not secret), for the 2FA codes a page
  // computes; {} when there are none.
  async function clockOffsets() {
    try {
      const { clockOffsets: offsets } = await local.get('clockOffsets');
      return typeof offsets === 'object' && offsets !== null && !Array.isArray(offsets) ? offsets : {};
    } catch (err) {
      throw plain(err, 'internal');
    }
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(String(text));
    } catch (err) {
      throw plain(err, 'copy-failed');
    }
  }

  // Must be called while handling a click: both browsers show the permission prompt only for a user gesture (Firefox
  // refuses the call outside one). True only when the permission is in place afterwards, not on the request's word.
  async function requestHost(origin) {
    try {
      const granted = await chrome.permissions.request({ origins: [origin] });
      return granted === true && await chrome.permissions.contains({ origins: [origin] });
    } catch (err) {
      throw plain(err, 'permission-failed');
    }
  }

  async function openPage(name) {
    if (name === 'options') return chrome.runtime.openOptionsPage(); // focuses an open options tab
    if (name !== 'console') throw { code: 'bad-request', message: 'Unknown page.' };
    await chrome.tabs.create({ url: chrome.runtime.getURL('console.html') });
  }

  // Calls cb() for each storage change pred(changes, area) accepts, in any page or the worker. Returns a remover.
  function watch(pred, cb) {
    const listener = (changes, area) => {
      if (pred(changes, area)) cb();
    };
    chrome.storage.onChanged.addListener(listener);
    return () => chrome.storage.onChanged.removeListener(listener);
  }

  // cb() when the vault, the settings or the lock state change.
  const onChange = (cb) => watch(relevant, cb);

  // cb() when the worker remembers or forgets a browser session (a login tab opened anywhere, a lock): the console
  // must not keep using an older /cpsessN. The worker keeps them in storage.session under 'browserSession/' keys.
  const onSessionsChange = (cb) => watch((changes, area) =>
    area === 'session' && Object.keys(changes).some((k) => k.startsWith('browserSession/')), cb);

  // cb(msg) for the worker's {type:'progress', ...} broadcasts. Returns a remover. The listener never answers, so it
  // cannot steal the reply to a message meant for the worker.
  function onProgress(cb) {
    const listener = (msg) => {
      if (msg && msg.type === 'progress') cb(msg);
    };
    chrome.runtime.onMessage.addListener(listener);
    return () => chrome.runtime.onMessage.removeListener(listener);
  }

  async function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    // The download has started from the blob by the time the next task runs.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // Promise of {name, text}, or null when the user cancels. Use it from the options page: Chrome closes the popup
  // when a file chooser opens.
  function pickFile() {
    return new Promise((resolve, reject) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.json,application/json';
      input.addEventListener('cancel', () => resolve(null));
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        if (!file) return resolve(null);
        file.text().then((text) => resolve({ name: file.name, text }), (err) => reject(plain(err, 'read-failed')));
      });
      input.click();
    });
  }

  // ---- QR codes: the decoder runs in a worker of its own (qrworker.js → qr.wasm), started at the first scan, so a
  // page that never scans never loads it.
  let qrWorker = null;
  let qrNext = 0;
  const qrWaiting = new Map();

  function qr() {
    if (!qrWorker) {
      qrWorker = new Worker('qrworker.js');
      qrWorker.onmessage = (e) => {
        const done = qrWaiting.get(e.data.id);
        qrWaiting.delete(e.data.id);
        if (done) done(e.data);
      };
      qrWorker.onerror = (e) => {
        for (const done of qrWaiting.values()) done({ error: { code: 'qr-unavailable', message: 'The QR decoder did not start: ' + (e.message || 'error') } });
        qrWaiting.clear();
      };
    }
    return qrWorker;
  }

  // The texts of the QR codes in a picture: a Blob (an image file, a pasted image) or an image URL (a data: URL of
  // a tab's capture). → {texts}; rejects with {code, message} (qr-none, qr-unreadable, image-unreadable, …).
  // With existing (the vault's authenticators, [{id, issuer, account, secret, type}]), the picture is read as an
  // import, in this page's language: → {html, keys} (the preview and each item's authenticator; wasm/qrdecoder).
  async function scanImage(source, existing) {
    let bitmap;
    try {
      if (typeof source === 'string') {
        // A data: URL (a tab's capture), decoded by an image element: pages make no request (net.js is the one fetch).
        const img = new Image();
        img.src = source;
        await img.decode();
        source = img;
      }
      bitmap = await createImageBitmap(source);
    } catch (err) {
      throw { code: 'image-unreadable', message: 'The picture cannot be read (' + ((err && err.message) || err) + ').' };
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    bitmap.close();
    const id = ++qrNext;
    const message = { id, rgba: data, width, height };
    if (existing) Object.assign(message, { preview: true, existing, catalog: await globalThis.panelkeyCatalog });
    const answer = await new Promise((resolve) => {
      qrWaiting.set(id, resolve);
      qr().postMessage(message, [data.buffer]);
    });
    if (answer.error) throw answer.error;
    return existing ? { html: answer.html, keys: answer.keys } : { texts: answer.texts };
  }

  // The visible part of the active tab as a PNG data: URL (the popup, after the user opened it on that tab: activeTab).
  async function captureTab() {
    try {
      return await chrome.tabs.captureVisibleTab(null, { format: 'png' });
    } catch (err) {
      throw plain(err, 'capture-failed');
    }
  }

  // What a keyboard shortcut asked the popup to do as it opens ('copy', 'scan'; the worker's popupCommand), taken once:
  // '' when none was asked in the last few seconds.
  async function takeIntent() {
    const { popupIntent } = await session.get('popupIntent');
    if (!popupIntent) return '';
    await session.remove('popupIntent');
    return Date.now() - popupIntent.at < 10000 ? String(popupIntent.what) : '';
  }

  // The browser seam (docs/architecture.md): both browsers offer chrome.* with promises, so the one thing the pages
  // ask is which browser they run in, for their words about it: 'firefox' or 'chromium' (Chrome, Edge…), by the
  // scheme of the extension's own pages.
  const browserName = chrome.runtime.getURL('').startsWith('moz-extension:') ? 'firefox' : 'chromium';
  const browser = () => browserName;

  globalThis.shell = { send, openVault, openVaultEarly, readChunks, edit, status, clockOffsets, copy, requestHost, openPage, onChange, onSessionsChange, onProgress, download, pickFile, scanImage, captureTab, takeIntent, browser };
})();
