// panelkey's one way to the network, in the service worker (Firefox: the event page), and the lock's hold on what is
// under way. Loaded by worker.js before its own code.
//
// Every request a server sees, every tab a login opens and every session origin the worker stores is decided by the
// engine's gate (Go, netgate: gateRequest, gateOpen) and performed here exactly as decided: that URL, method, headers
// and body; the browser's cookies for the host; redirect "manual"; aborted after the decision's timeout; at most
// maxBytes of the answer read, as a stream. This file holds the extension's only call of the browser's fetch, then
// removes fetch (and the other ways to open a connection) from the worker's global scope: no other script here can
// reach a server. packaged() reads the extension's own files, and nothing else.
//
// The lock epoch. An operation that uses a secret runs in run(): it takes the epoch current when it starts, and every
// request, tab and write it makes checks that the epoch is still current (live, check). lock() moves to the next
// epoch at once and aborts every request under way, so whatever finishes after a Lock opens no tab and writes
// nothing. The epoch is kept in storage.session, so a worker woken again carries on counting from it.
'use strict';

(() => {
  const fetch = globalThis.fetch.bind(globalThis); // this scope's own: the global one goes below
  // Wherever the platform put them (the global object or its prototypes), they go: a script that wants the network
  // must come here.
  for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource']) {
    for (let o = globalThis; o; o = Object.getPrototypeOf(o)) {
      if (Object.prototype.hasOwnProperty.call(o, name)) delete o[name];
    }
  }

  const EPOCH_KEY = 'lockEpoch';
  // How long to wait for the browser's own words on a failed request (webRequest.onErrorOccurred) after fetch gave
  // only "Failed to fetch": they usually arrive within a few milliseconds.
  const ERROR_WAIT_MS = 300;

  // The one call of the browser's fetch.
  function transmit(url, init) {
    return fetch(url, init);
  }

  function problem(code, message, extra) {
    return Object.assign(new Error(message), { code }, extra);
  }

  const lockedError = () => problem('locked', 'panelkey was locked while this was under way: nothing was opened or saved.');

  // ---- The lock epoch

  let epoch = null;
  const epochRead = chrome.storage.session.get(EPOCH_KEY).then(
    (stored) => { if (epoch === null) epoch = Number.isSafeInteger(stored[EPOCH_KEY]) ? stored[EPOCH_KEY] : 0; },
    () => { if (epoch === null) epoch = 0; });
  const underWay = new Set(); // the AbortControllers of the operations running

  // Runs fn(ticket) as one operation under the current epoch. The ticket's signal aborts at Lock.
  async function run(fn) {
    await epochRead;
    const ticket = { epoch, controller: new AbortController() };
    underWay.add(ticket.controller);
    try {
      return await fn(ticket);
    } finally {
      underWay.delete(ticket.controller);
    }
  }

  // Whether the ticket's epoch is still the current one: nothing locked since the operation began.
  function live(ticket) {
    return ticket.epoch === epoch && !ticket.controller.signal.aborted;
  }

  function check(ticket) {
    if (!live(ticket)) throw lockedError();
  }

  // A new epoch and every request under way aborted, at once (synchronously, once the epoch was read at start);
  // then the epoch is kept for a worker woken later.
  function lock() {
    const next = () => {
      epoch += 1;
      for (const c of underWay) c.abort();
      underWay.clear();
      return chrome.storage.session.set({ [EPOCH_KEY]: epoch });
    };
    return epoch === null ? epochRead.then(next) : next();
  }

  // ---- What the browser says about a request that failed

  const failures = new Map(); // url → {error, at}, from webRequest
  let listening = false;

  // Listens for the browser's errors on this worker's requests, from the first request on. Not at the top level: a
  // webRequest listener added while the worker script loads gets none of the worker's own requests' errors in
  // Chromium 156 (observed), one added once it runs gets them all; and only an answer under way needs the words.
  function listenForErrors() {
    if (listening || !chrome.webRequest || !chrome.webRequest.onErrorOccurred) return;
    listening = true;
    chrome.webRequest.onErrorOccurred.addListener((d) => {
      if (d.tabId !== -1) return; // a tab's page, not this worker
      failures.set(d.url, { error: String(d.error || ''), at: Date.now() });
      if (failures.size > 100) failures.delete(failures.keys().next().value);
    }, { urls: ['<all_urls>'] }); // events come only for the hosts panelkey was granted
  }

  // The Location of a redirect this worker's fetch met: with redirect "manual" fetch shows it as an opaque redirect
  // (status 0, no headers), but a login form's redirect names the new session's security token, which the
  // security-code sign-in needs (signin, §5 way B). webRequest sees the worker's own requests; the redirect is still
  // never followed.
  const locations = new Map(); // url → {location, at}
  function onHeaders(d) {
    if (d.tabId !== -1 || d.statusCode < 300 || d.statusCode > 399) return;
    const h = (d.responseHeaders || []).find((x) => x.name.toLowerCase() === 'location');
    if (!h || typeof h.value !== 'string') return;
    locations.set(d.url, { location: h.value, at: Date.now() });
    if (locations.size > 100) locations.delete(locations.keys().next().value);
  }
  let headersListening = false;
  // Added from the first request on, as listenForErrors, and again when the user grants a host (the popup's "Allow
  // access"): a listener added before the grant gets that host's headers from no request (Chromium 156, observed).
  function listenHeaders() {
    if (!chrome.webRequest || !chrome.webRequest.onHeadersReceived) return;
    headersListening = true;
    chrome.webRequest.onHeadersReceived.removeListener(onHeaders);
    chrome.webRequest.onHeadersReceived.addListener(onHeaders, { urls: ['https://*/*'] }, headerSpec());
  }
  if (chrome.permissions && chrome.permissions.onAdded) {
    chrome.permissions.onAdded.addListener(() => { if (headersListening) listenHeaders(); });
  }

  // Chromium hands an extension's own requests' response headers to webRequest only with "extraHeaders" (the
  // network service keeps them otherwise); Firefox has no such option and refuses an unknown one.
  function headerSpec() {
    const o = chrome.webRequest.OnHeadersReceivedOptions;
    return o && o.EXTRA_HEADERS ? ['responseHeaders', o.EXTRA_HEADERS] : ['responseHeaders'];
  }

  async function redirectLocation(url, since) {
    for (const until = Date.now() + ERROR_WAIT_MS; ; await new Promise((r) => setTimeout(r, 20))) {
      const l = locations.get(url);
      if (l && l.at >= since) return l.location;
      if (Date.now() >= until) return undefined;
    }
  }

  async function browserError(url, since, fallback) {
    for (const until = Date.now() + ERROR_WAIT_MS; ; await new Promise((r) => setTimeout(r, 20))) {
      const f = failures.get(url);
      if (f && f.at >= since) return f.error;
      if (Date.now() >= until) return fallback;
    }
  }

  // ---- Requests

  // The host permission the decision needs (optional_host_permissions, granted per server by a page). Without it
  // fetch fails with an opaque error, so the page is told which origin to request instead.
  async function requireHost(d) {
    if (!(await chrome.permissions.contains({ origins: [d.permission] }))) {
      const host = new URL(d.url).hostname;
      throw problem('host-permission', 'panelkey needs your permission to connect to ' + host + '.', { origin: d.permission, params: [host] });
    }
  }

  // The answer's body as text, read as a stream and no further than max bytes; signal stops the reading too.
  async function readCapped(res, max, signal) {
    if (!res.body) return { body: typeof res.text === 'function' ? await res.text() : '', truncated: false };
    const reader = res.body.getReader();
    const stopped = new Promise((_, reject) => {
      const stop = () => {
        reader.cancel().catch(() => {});
        reject(new DOMException('The read was aborted.', 'AbortError'));
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    stopped.catch(() => {}); // read below, when it happens during a read
    const chunks = [];
    let size = 0;
    let truncated = false;
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stopped]);
      if (done) break;
      if (size + value.byteLength > max) {
        chunks.push(value.subarray(0, max - size));
        size = max;
        truncated = true;
        reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return { body: new TextDecoder().decode(all), truncated };
  }

  function engineCall(pk, name, input) {
    if (!pk || typeof pk[name] !== 'function') throw problem('engine-unavailable', 'This panelkey engine has no ' + name + '.');
    return pk[name](input);
  }

  // The failure the gate words for a request that got no answer: timedOut, or the browser's error text. A network
  // failure also carries networkError, the browser's text, for a sign-in step.
  function failure(pk, d, text, timedOut) {
    const f = engineCall(pk, 'gateFailure', { origin: d.origin, error: text, timeoutSeconds: timedOut ? d.timeoutMs / 1000 : 0 });
    return problem(f.code, f.message, { advice: f.advice, openURL: f.openURL, params: f.params, networkError: timedOut ? undefined : text });
  }

  // Sends input ({server, request, timeoutSeconds?}) for the ticket's operation, as the engine's gate decides, and
  // returns the answer: {status, headers, body, truncated, maxBytes, ms, url, origin, type, redirected}. A redirect
  // comes back unfollowed (type "opaqueredirect", status 0).
  async function send(pk, ticket, input) {
    check(ticket);
    const d = engineCall(pk, 'gateRequest', input);
    await requireHost(d);
    check(ticket);
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), d.timeoutMs);
    const headers = new Headers(d.headers.map((h) => [h.name, h.value]));
    const init = {
      method: d.method, headers, credentials: d.credentials, redirect: d.redirect, cache: 'no-store', referrerPolicy: 'no-referrer',
      signal: AbortSignal.any([ticket.controller.signal, timer.signal]),
    };
    if (d.body !== '') {
      init.body = d.body;
      headers.set('Content-Type', d.contentType);
    }
    listenForErrors();
    if (!headersListening) listenHeaders();
    const started = Date.now();
    const clock = performance.now();
    let res;
    let read;
    try {
      res = await transmit(d.url, init);
      read = await readCapped(res, d.maxBytes, init.signal);
    } catch (err) {
      if (!live(ticket)) throw lockedError();
      if (timer.signal.aborted) throw failure(pk, d, '', true);
      if (err instanceof TypeError) throw failure(pk, d, await browserError(d.url, started, err.message), false);
      throw err;
    } finally {
      clearTimeout(timeout);
    }
    check(ticket);
    const answerHeaders = Object.fromEntries(res.headers); // names lower-case; Set-Cookie is never visible
    if (res.type === 'opaqueredirect') {
      const location = await redirectLocation(d.url, started);
      if (location !== undefined) answerHeaders.location = location;
    }
    return {
      status: res.status,
      headers: answerHeaders,
      body: read.body,
      truncated: read.truncated,
      maxBytes: d.maxBytes,
      ms: Math.round(performance.now() - clock),
      url: d.url,
      origin: d.origin,
      type: res.type,
      redirected: res.redirected || res.type === 'opaqueredirect',
    };
  }

  // ---- Tabs

  // Opens a tab for the ticket's operation where the engine's gate allows ({server, service, url}), and returns
  // {tabId, url, origin}: origin is where the session the tab opens lives, the only one the worker may remember.
  async function openTab(pk, ticket, input) {
    const n = engineCall(pk, 'gateOpen', input);
    check(ticket);
    const tab = await chrome.tabs.create({ url: n.url });
    return { tabId: tab.id, url: n.url, origin: n.origin };
  }

  // ---- The extension's own files

  // A file of the extension's package (the engine's wasm), by its plain name: nothing outside the package.
  function packaged(name) {
    if (!/^[a-z][a-z0-9_-]*\.wasm$/.test(name)) throw problem('bad-request', 'Not a packaged file: ' + name);
    const root = chrome.runtime.getURL('');
    const url = chrome.runtime.getURL(name);
    if (!url.startsWith(root) || url.slice(root.length) !== name) throw problem('bad-request', 'Not a packaged file: ' + name);
    return transmit(url, { credentials: 'omit', cache: 'no-cache' });
  }

  globalThis.panelkeyNet = Object.freeze({ run, live, check, lock, send, openTab, packaged });
})();
