// panelkey service worker: the only writer of the vault, the only part that talks to servers (its fetch carries the
// browser's cookies for hosts the user granted) and the one that opens sign-in tabs. Messages: docs/architecture.md.
//
// Chrome stops this worker after ~30 s idle and starts it again for the next event, so nothing may live only in
// memory: the unlocked key is in chrome.storage.session, the auto-lock timer is a chrome.alarms alarm, the vault is
// in chrome.storage.local. Classic worker (not a module) because wasm_exec.js, bridge.js and vault.js are plain
// scripts. bridge.js (web/, the wasm colleague's) must be loaded before the wasm runs.
//
// In Firefox this file runs in an event page (a background page that is unloaded when idle, like this worker) which
// has no importScripts: its manifest lists the same scripts, in this order, before this one (scripts/build.sh makes
// it from this line). Everything else here is the same in both browsers.
'use strict';

if (typeof importScripts === 'function') importScripts('wasm_exec.js', 'bridge.js', 'vault.js', 'messages.js');

const V = globalThis.panelkeyVault;
const local = chrome.storage.local;
const session = chrome.storage.session;

const AUTOLOCK = 'autolock';
const MIN_PASSWORD = 10; // the same floor as the UI's ui.MinPasswordLength
const MAX_SIGNIN_STEPS = 12; // a sign-in takes 1–4 requests; more means the engine and the server disagree
const ENGINE_TIMEOUT_MS = 15000;
const EMPTY_DOC = () => ({ version: 1, servers: [], authenticators: [], history: [] });
// chrome.storage.session keys of the browser sessions one-click logins opened: SESSION_PREFIX + serverId + '/' + service.
const SESSION_PREFIX = 'browserSession/';
const SERVICES = ['cpanel', 'whm', 'webmail'];

// ---- Listeners: registered synchronously at top level, so the event that woke the worker is delivered.

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (msg && msg.type === 'progress') return false; // our own broadcast to the pages
  dispatch(msg).then(sendResponse);
  return true; // keeps the channel open for the asynchronous reply
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK) serialized(lockNow).catch(logUnexpected);
});

// The browser clears storage.session on restart; clearing it again costs nothing and covers a session restore.
chrome.runtime.onStartup.addListener(() => {
  serialized(lockNow).catch(logUnexpected);
});

// The options page welcomes a new user. Chrome also reports "install" when a profile keeps its storage (an unpacked
// extension given by --load-extension is installed again at every launch): a vault already there means no welcome.
chrome.runtime.onInstalled.addListener((details) => {
  if (details.reason !== 'install') return;
  serialized(async () => {
    if (!(await V.status(local, session)).initialized) await chrome.runtime.openOptionsPage();
  }).catch(logUnexpected);
});

// ---- The engine (Go → wasm). Started once per worker life; handlers that need it await engine().

let engineExited = false;
const engineReady = new Promise((resolve, reject) => {
  // The Go main calls this once globalThis.panelkey is installed.
  globalThis.panelkeyReady = () => resolve(globalThis.panelkey);
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch('panelkey.wasm'), go.importObject)
    .then(({ instance }) => {
      // Not awaited: run() settles only when the Go program exits, which it must never do.
      go.run(instance).then(() => {
        engineExited = true;
        reject(problem('engine-unavailable', 'The panelkey engine stopped. Reload the extension.'));
      });
    })
    .catch((err) => reject(problem('engine-unavailable', 'The panelkey engine failed to load: ' + err.message)));
});
engineReady.catch(() => {}); // reported by the handlers that need it, not as an unhandled rejection

// Engine functions are synchronous and throw Errors with a .code (web/bridge.js). A missing one means this shell
// and the wasm were built from different versions.
function call(pk, name, input) {
  if (!pk || typeof pk[name] !== 'function') throw problem('engine-unavailable', 'This panelkey engine has no ' + name + '.');
  return pk[name](input);
}

function engine() {
  if (engineExited) return Promise.reject(problem('engine-unavailable', 'The panelkey engine stopped. Reload the extension.'));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(problem('engine-unavailable', 'The panelkey engine did not start.')), ENGINE_TIMEOUT_MS);
  });
  return Promise.race([engineReady, timeout]).finally(() => clearTimeout(timer));
}

// ---- Message dispatch. Every handler is wrapped: bad input gives {ok:false}, never a dead worker. One handler per
// message of the contract (messages/messages.go → messages.js; tests/js/messages.test.js checks both ways).

const handlers = {
  status,
  // The popup sends it once it has painted: the engine loads, and compiles the login's code (warmUp), while the user
  // reads, not after their click.
  warm: () => engine().then((pk) => {
    call(pk, 'warmUp', {});
    return {};
  }),
  setup: (m) => serialized(() => setup(m)),
  unlock: (m) => serialized(() => unlock(m)),
  lock: () => serialized(lockNow).then(() => ({})),
  changePassword: (m) => serialized(() => changePassword(m)),
  'vault.read': async () => ({ data: await readDoc() }),
  'vault.write': (m) => serialized(() => writeDoc(field(m, 'data', isObject))).then(() => ({})),
  login,
  'accounts.refresh': refreshAccounts,
  'settings.set': setSettings,
  export: exportVault,
  import: (m) => serialized(() => importVault(m)),
  reset: (m) => serialized(() => reset(m)),
  'api.send': apiSend,
  'clock.learned': learnClock,
  browserSessions,
};
// Messages that do not count as user activity for the auto-lock timer: the contract's (messages.js, from Go).
const QUIET = new Set(Object.keys(globalThis.panelkeyMessages.types).filter((t) => globalThis.panelkeyMessages.types[t].quiet));

async function dispatch(msg) {
  try {
    if (!isObject(msg) || typeof msg.type !== 'string' || !Object.hasOwn(handlers, msg.type)) {
      throw problem('unknown-message', 'Unknown request.');
    }
    // Re-arming the idle timer runs beside the handler, not before it: a click's login need not wait for it.
    const [, result] = await Promise.all([QUIET.has(msg.type) ? null : touch(), handlers[msg.type](msg)]);
    return { ok: true, ...result };
  } catch (err) {
    return { ok: false, error: publicError(err) };
  }
}

function problem(code, message, extra) {
  const err = new Error(message);
  err.code = code;
  return Object.assign(err, extra);
}

// Errors with a string code (ours, the vault's, the engine's) are written for users and carry no secret. Anything
// else is a bug: its message could quote input (JSON.parse does), so only its name leaves the worker.
function publicError(err) {
  if (err && typeof err.code === 'string' && typeof err.message === 'string') {
    const out = { code: err.code, message: err.message };
    for (const k of ['advice', 'openURL', 'origin', 'offsetSeconds']) if (err[k] !== undefined) out[k] = err[k];
    return out;
  }
  logUnexpected(err);
  return { code: 'internal', message: 'Something went wrong inside panelkey (' + ((err && err.name) || 'error') + ').' };
}

function logUnexpected(err) {
  // The first stack line is the message; the rest says where, which is what a bug report needs.
  const where = String((err && err.stack) || '').split('\n').slice(1).join('\n');
  console.error('panelkey worker: unexpected', (err && err.name) || typeof err, where);
}

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v) {
  return typeof v === 'string' && v !== '';
}

function field(msg, name, valid) {
  if (!valid(msg[name])) throw problem('bad-request', 'Missing or invalid “' + name + '”.');
  return msg[name];
}

// Vault writes (and everything that reads, changes and stores the vault) run one after another. The chain lives in
// memory only, which is enough: a worker that dies mid-write leaves a readable generation behind (vault.js).
let chain = Promise.resolve();
function serialized(fn) {
  const run = chain.then(fn, fn);
  chain = run.catch(() => {});
  return run;
}

// ---- Lock state

async function currentKey() {
  const { key } = await session.get('key');
  return isObject(key) ? key : null;
}

async function requireKey() {
  const key = await currentKey();
  if (!key) throw problem('locked', 'panelkey is locked. Unlock it first.');
  return key;
}

async function setKey(key) {
  await session.set({ key, unlockedAt: Date.now() });
  await chrome.alarms.create(AUTOLOCK, { delayInMinutes: (await V.loadSettings(local)).autoLockMinutes });
}

async function lockNow() {
  // The remembered browser sessions go too: a locked panelkey holds nothing that reaches a server.
  const remembered = Object.keys(await session.get(null)).filter((k) => k.startsWith(SESSION_PREFIX));
  await session.remove(['key', 'unlockedAt', ...remembered]);
  await chrome.alarms.clear(AUTOLOCK);
}

// Activity restarts the idle timer; while locked there is nothing to time.
async function touch() {
  if (await currentKey()) await chrome.alarms.create(AUTOLOCK, { delayInMinutes: (await V.loadSettings(local)).autoLockMinutes });
}

// ---- Vault access

async function loadRecord() {
  const cur = await V.load(local);
  if (!cur) throw problem('not-initialized', 'No vault yet. Choose a password first.');
  return cur.record;
}

async function readDoc() {
  const key = await requireKey();
  const record = await loadRecord();
  try {
    return await V.open(key, record);
  } catch (err) {
    // The session key belongs to an older record (the worker died between storing a re-keyed record and the key).
    if (err.code === 'key-mismatch') {
      await lockNow();
      throw problem('locked', 'panelkey is locked. Unlock it again.');
    }
    throw err;
  }
}

// Callers hold the chain. Opening the current record first makes sure the session key still matches it, so a stale
// key can never write a record under a password the user already changed.
async function writeDoc(doc) {
  await readDoc();
  await store(await V.seal(await requireKey(), doc));
}

async function store(record) {
  try {
    await V.save(local, record);
  } catch (err) {
    if (typeof err.code === 'string') throw err;
    throw problem('storage-failed', 'Saving the vault failed (' + err.message + '). The previous version is kept.');
  }
}

function checkNewPassword(pw) {
  if (typeof pw !== 'string' || [...pw].length < MIN_PASSWORD) {
    throw problem('password-too-short', 'Choose a password of at least ' + MIN_PASSWORD + ' characters.');
  }
}

// ---- Handlers

function status() {
  return V.status(local, session);
}

async function setup(msg) {
  checkNewPassword(msg.password);
  // A damaged vault makes load throw vault-corrupt: setup never silently replaces one.
  if (await V.load(local)) throw problem('already-initialized', 'A vault already exists. Unlock it instead.');
  const key = await V.create(msg.password);
  await store(await V.seal(key, EMPTY_DOC()));
  await setKey(key);
  return {};
}

async function unlock(msg) {
  field(msg, 'password', isText);
  const record = await loadRecord();
  let { key, doc, stale } = await V.unlock(msg.password, record);
  if (stale) {
    // Migration: an older format or fewer iterations than today's default is re-sealed at current parameters.
    key = await V.create(msg.password);
    await store(await V.seal(key, doc));
  }
  await setKey(key);
  return {};
}

async function changePassword(msg) {
  field(msg, 'old', isText);
  checkNewPassword(msg.new);
  // The whole document is re-encrypted into one new generation; the pointer flip makes it all-or-nothing.
  const out = await V.rekey(msg.old, msg.new, await loadRecord());
  await store(out.record);
  await setKey(out.key);
  return {};
}

async function setSettings(msg) {
  const autoLockMinutes = field(msg, 'autoLockMinutes', V.validMinutes);
  const { settings: old } = await local.get('settings');
  await local.set({ settings: { ...(isObject(old) ? old : {}), autoLockMinutes } });
  await touch();
  return { autoLockMinutes };
}

async function exportVault() {
  await readDoc(); // only an unlocked, intact vault is exported
  return { file: JSON.stringify(await loadRecord(), null, 2) };
}

async function importVault(msg) {
  const file = field(msg, 'file', isText);
  const password = field(msg, 'password', isText);
  let record;
  try {
    record = JSON.parse(file);
  } catch {
    throw problem('import-invalid', 'This file is not a panelkey export.');
  }
  let opened;
  try {
    opened = await V.unlock(password, record);
  } catch (err) {
    if (err.code === 'wrong-password') throw problem('wrong-password', 'That password does not open this file.');
    if (err.code === 'vault-corrupt') throw problem('import-invalid', 'This file is not a panelkey export, or it is damaged.');
    throw err;
  }

  let existing = null;
  let damaged = false;
  try {
    existing = await V.load(local);
  } catch (err) {
    if (err.code !== 'vault-corrupt') throw err;
    damaged = true;
  }
  if (existing) {
    // Into an existing vault: it must be unlocked, and stays under its own password.
    await writeDoc(opened.doc);
    return {};
  }
  // No usable vault (first run, or a damaged one being restored): the file's password becomes the vault's.
  if (damaged) {
    // Keep the damaged generations aside rather than deleting data we could not read.
    const all = await local.get(null);
    const kept = Object.fromEntries(Object.entries(all).filter(([k]) => /^vault\.(\d+|current)$/.test(k)));
    await local.set({ 'vault.damaged': kept });
  }
  const key = await V.create(password);
  await store(await V.seal(key, opened.doc));
  await setKey(key);
  return {};
}

// Forgotten password or a damaged vault without an export: the only way forward is to start again, on request.
async function reset(msg) {
  if (msg.confirm !== 'erase') throw problem('bad-request', 'Reset needs confirm: "erase".');
  const all = await local.get(null);
  await local.remove(Object.keys(all).filter((k) => k.startsWith('vault.')));
  await lockNow();
  return {};
}

// ---- Network

function httpURL(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw problem('bad-request', 'Not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw problem('bad-request', 'Only http and https URLs are allowed.');
  // fetch refuses them anyway, and they would put a password into tab URLs and history.
  if (url.username || url.password) throw problem('bad-request', 'URLs with a user name or password are not allowed.');
  return url;
}

// The worker may only reach hosts the user granted (optional_host_permissions, requested per server by a page).
// Without the grant fetch fails with an opaque TypeError, so ask first and tell the page which origin to request.
async function requireHost(url) {
  const origin = url.protocol + '//' + url.hostname + '/*';
  if (!(await chrome.permissions.contains({ origins: [origin] }))) {
    throw problem('host-permission', 'panelkey needs your permission to connect to ' + url.hostname + '.', { origin });
  }
}

// redirect: sign-in requests carry credentials and must reach only the address the engine chose, so they are never
// followed ("manual"); other requests follow unless the request says otherwise.
function prepare(request, redirect) {
  if (!isObject(request)) throw problem('bad-request', 'Missing request.');
  const url = httpURL(request.url);
  const method = (isText(request.method) ? request.method : 'GET').toUpperCase();
  const headers = new Headers();
  try {
    for (const h of Array.isArray(request.headers) ? request.headers : []) headers.append(h.name, h.value);
    if (isText(request.contentType)) headers.set('Content-Type', request.contentType);
  } catch {
    throw problem('bad-request', 'Invalid request header.');
  }
  const init = {
    method,
    headers,
    credentials: 'include',
    redirect: ['manual', 'error', 'follow'].includes(request.redirect) ? request.redirect : redirect,
    cache: 'no-store',
  };
  if (typeof request.body === 'string' && request.body !== '' && method !== 'GET' && method !== 'HEAD') init.body = request.body;
  return { url, init };
}

// fetch rejects (TypeError) on DNS, refused connections and untrusted certificates alike; callers decide what to do.
async function perform({ url, init }) {
  await requireHost(url);
  const started = performance.now();
  const res = await fetch(url.href, init);
  const body = await res.text();
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers), // names are lower-case; Set-Cookie is never visible
    body,
    url: res.url,
    // With redirect "manual" a redirect arrives as type "opaqueredirect": status 0, no headers, no Location.
    type: res.type,
    redirected: res.redirected || res.type === 'opaqueredirect',
    ms: Math.round(performance.now() - started),
  };
}

// Same code and shape as the engine's sign-in failure for this case, so the pages offer the same "open it" action.
function unreachable(url) {
  return problem('unreachable-or-untrusted', 'The server could not be reached at ' + url.origin + ', or its certificate is not trusted.',
    { advice: 'Open ' + url.origin + ' in a tab: if the browser warns about the certificate, check and accept it, then try again.',
      openURL: url.origin });
}

// The console's requests all carry credentials (an Authorization header, or the session cookie with its /cpsessN
// token), so a redirect is never followed, whatever the request asks: it comes back as type "opaqueredirect".
async function apiSend(msg) {
  const prepared = prepare(msg.request, 'manual');
  prepared.init.redirect = 'manual';
  try {
    const { status: s, headers, body, ms, url, type, redirected } = await perform(prepared);
    return { status: s, headers, body, ms, url, type, redirected };
  } catch (err) {
    if (err instanceof TypeError) throw unreachable(prepared.url);
    throw err;
  }
}

// A server's clock offset the console read from a refused 2FA code's Date header (apiconsole.Drift): kept like the
// ones logins learn, so the next login and the next console page compute codes at the server's time. Not secret.
// The engine bounds it (clockOffset): the worker stores none a later login would refuse.
async function learnClock(msg) {
  const serverId = field(msg, 'serverId', isText);
  const { offsetSeconds } = call(await engine(), 'clockOffset', { offsetSeconds: field(msg, 'offsetSeconds', Number.isFinite) });
  await storeClockOffset(serverId, offsetSeconds);
  return {};
}

// A server's stored clock offset as the engine takes it; 0 when there is none or it is one the engine refuses
// (storage edited by hand): a login is never stuck on a bad stored value.
function storedOffset(pk, seconds) {
  if (!Number.isFinite(seconds)) return 0;
  try {
    return call(pk, 'clockOffset', { offsetSeconds: seconds }).offsetSeconds;
  } catch (err) {
    if (err.code === 'bad-input') return 0;
    throw err;
  }
}

// The server clock offsets (storage.local clockOffsets, {serverId: seconds}) as stored, {} when none.
async function clockOffsets() {
  const { clockOffsets: stored } = await local.get('clockOffsets');
  return isObject(stored) ? stored : {};
}

// Stores one server's offset beside the others, read again right before: a login and the console may each learn one.
async function storeClockOffset(serverId, seconds) {
  await local.set({ clockOffsets: { ...(await clockOffsets()), [serverId]: seconds } });
}

function byId(list, id, what) {
  const found = Array.isArray(list) ? list.find((x) => isObject(x) && x.id === id) : undefined;
  if (!found) throw problem('not-found', 'That ' + what + ' is no longer in the vault.');
  return found;
}

// The engine's sign-in step machine (signin package): it says which request to make, the worker makes it with the
// browser's cookies and hands back the answer, until the engine says "open this URL in a tab" (the browser itself
// must consume the one-time session URL, §9) or "fail" with advice.
async function login(msg) {
  const serverId = field(msg, 'serverId', isText);
  const service = field(msg, 'service', (v) => ['cpanel', 'whm', 'webmail'].includes(v));
  const method = field(msg, 'method', (v) => v === 'token' || v === 'password');
  const pk = await engine();
  const doc = await readDoc();
  const server = byId(doc.servers, serverId, 'server');
  const account = msg.accountId == null ? null : byId(server.accounts, msg.accountId, 'account');
  let mailbox = null;
  if (msg.mailbox != null) {
    mailbox = ((account && account.mailboxes) || []).find((m) => isObject(m) && m.email === msg.mailbox);
    if (!mailbox) throw problem('not-found', 'That mailbox is no longer in the vault.');
  }
  // The engine chooses the credential and the address (token: WHM's create_user_session, §3; password: /login on
  // the service's own port with the holder's 2FA, §4, §8) and says which user the tab opens as.
  const input = call(pk, 'signinInput', { server, account, mailbox, service, method, app: msg.app });
  const offset = storedOffset(pk, (await clockOffsets())[serverId]);
  let step = call(pk, 'signinStart', { ...input, offsetSeconds: offset, now: Date.now() });

  for (let n = 0; n < MAX_SIGNIN_STEPS; n++) {
    if (!isObject(step)) throw problem('engine-error', 'The engine returned no sign-in step.');
    if (step.kind !== 'fetch' && Number.isFinite(step.offsetSeconds) && step.offsetSeconds !== offset) {
      // The server's clock differs from ours (learnt from its Date header): 2FA codes for the next login use it.
      await storeClockOffset(serverId, step.offsetSeconds);
    }
    if (step.kind === 'open') {
      const url = httpURL(step.url);
      const tab = await chrome.tabs.create({ url: url.href });
      await rememberSession(pk, serverId, service, url, input.user);
      return { tabId: tab.id };
    }
    if (step.kind === 'fail') {
      throw problem(isText(step.code) ? step.code : 'signin-failed', isText(step.message) ? step.message : 'Sign-in failed.',
        { advice: step.advice, openURL: step.openURL, offsetSeconds: step.offsetSeconds });
    }
    if (step.kind !== 'fetch') throw problem('engine-error', 'The engine returned an unknown sign-in step.');
    const prepared = prepare(step.request, 'manual');
    let response;
    try {
      response = await perform(prepared);
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      // The engine knows the context (port, service, certificate on a bare IP) and turns this into advice.
      response = { networkError: err.message, url: prepared.url.href };
    }
    step = call(pk, 'signinNext', { state: step.state, response, now: Date.now() });
  }
  throw problem('signin-loop', 'Sign-in did not finish after ' + MAX_SIGNIN_STEPS + ' requests.');
}

// The session a login tab opens (its cookie is the browser's; the /cpsessN token is in the URL) is remembered for the
// API console, in chrome.storage.session only, one per server and service, as the browser keeps one cookie per
// service and host. A URL without a token (servers with security tokens off) leaves nothing to remember.
async function rememberSession(pk, serverId, service, url, user) {
  let token;
  try {
    token = call(pk, 'extractCpsess', { url: url.href }).token;
  } catch (err) {
    if (typeof err.code !== 'string') logUnexpected(err);
    return;
  }
  await session.set({ [SESSION_PREFIX + serverId + '/' + service]: { baseURL: url.origin, cpsess: token, user, at: Date.now() } });
}

// The remembered browser sessions of one server, by service.
async function browserSessions(msg) {
  const serverId = field(msg, 'serverId', isText);
  await requireKey();
  const keys = SERVICES.map((s) => SESSION_PREFIX + serverId + '/' + s);
  const stored = await session.get(keys);
  const sessions = {};
  SERVICES.forEach((s, i) => {
    if (isObject(stored[keys[i]])) sessions[s] = stored[keys[i]];
  });
  return { sessions };
}

function progress(serverId, stage, extra) {
  // Rejects when no page is open to listen; that is fine.
  chrome.runtime.sendMessage({ type: 'progress', op: 'accounts.refresh', serverId, stage, ...extra }).catch(() => {});
}

async function refreshAccounts(msg) {
  const serverId = field(msg, 'serverId', isText);
  const pk = await engine();
  const server = byId((await readDoc()).servers, serverId, 'server');
  const request = call(pk, 'buildRequest', {
    baseURL: server.baseURL, family: 'whmapi1', module: '', function: 'listaccts', args: [],
    auth: call(pk, 'apiAuth', { whm: server.whm }), now: Date.now(),
  });
  progress(serverId, 'request');
  // The request carries the WHM credential: a redirect is reported, never followed with it.
  const prepared = prepare(request, 'manual');
  let res;
  try {
    res = await perform(prepared);
  } catch (err) {
    if (err instanceof TypeError) throw unreachable(prepared.url);
    throw err;
  }
  // The engine refuses a redirect, a failed call or an answer without the list.
  const { listed } = call(pk, 'listedAccounts',
    { status: res.status, body: res.body, redirected: res.redirected, origin: prepared.url.origin });
  progress(serverId, 'merge', { total: listed.length });

  // Re-read inside the chain: the user may have edited the vault while the request was out. The engine merges:
  // server facts from WHM, saved credentials kept by user name, gone accounts with credentials kept as missing.
  const count = await serialized(async () => {
    const doc = await readDoc();
    const s = byId(doc.servers, serverId, 'server');
    const merged = call(pk, 'mergeAccounts', { existing: s.accounts, listed });
    s.accounts = merged.accounts;
    s.accountsFetchedAt = Date.now();
    await writeDoc(doc);
    return merged.count;
  });
  progress(serverId, 'done', { count });
  return { count };
}
