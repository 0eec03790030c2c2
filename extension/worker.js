// panelkey service worker: the only writer of the vault, the only part that talks to servers (through net.js, which
// performs what the engine's network gate decides, with the browser's cookies for hosts the user granted) and the one
// that opens sign-in tabs. Messages: docs/architecture.md.
//
// Chrome stops this worker after ~30 s idle and starts it again for the next event, so nothing may live only in
// memory: the unlocked key is in chrome.storage.session, the auto-lock timer is a chrome.alarms alarm, the vault is
// in chrome.storage.local. Classic worker (not a module) because wasm_exec.js, bridge.js and vault.js are plain
// scripts. bridge.js (web/) must be loaded before the wasm runs.
//
// In Firefox this file runs in an event page (a background page that is unloaded when idle, like this worker) which
// has no importScripts: its manifest lists the same scripts, in this order, before this one (scripts/build.sh makes
// it from this line). Everything else here is the same in both browsers.
'use strict';

// net.js comes first: the engine's wasm is fetched and compiled (off this thread) while the other scripts load.
if (typeof importScripts === 'function') importScripts('net.js');
const engineModule = WebAssembly.compileStreaming(globalThis.panelkeyNet.packaged('panelkey.wasm'));
engineModule.then(() => mark('compiled'), () => {});
if (typeof importScripts === 'function') importScripts('wasm_exec.js', 'bridge.js', 'vault.js', 'messages.js');
mark('scripts');

const V = globalThis.panelkeyVault;
const net = globalThis.panelkeyNet;
const local = chrome.storage.local;
const session = chrome.storage.session;

const AUTOLOCK = 'autolock';
const MIN_PASSWORD = globalThis.panelkeyMessages.policy.minPasswordLength; // Go's policy.MinPasswordLength (messages.js)
const MAX_SIGNIN_STEPS = 12; // a sign-in takes 1–4 requests; more means the engine and the server disagree
const ENGINE_TIMEOUT_MS = 15000;
// storage.sync keeps the newest vault generation seen (rollback detection across restarts); it allows ~2 writes a
// second, so commits write it at most this often (and every lock).
const SYNC_EVERY_MS = 10000;
const sync = chrome.storage.sync;
// chrome.storage.session keys of the browser sessions one-click logins opened: SESSION_PREFIX + serverId + '/' + service.
const SESSION_PREFIX = 'browserSession/';
const SERVICES = ['cpanel', 'whm', 'webmail'];
// The login methods (signin): WHM token, cPanel token (Webmail), access hash, password (+ tfa_token), password then the
// 2FA security-code page.
const METHODS = ['token', 'cpanel-token', 'access-hash', 'password', 'password-security-code'];

// ---- Listeners: registered synchronously at top level, so the event that woke the worker is delivered.

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (msg && msg.type === 'progress') return false; // our own broadcast to the pages
  whileAnswering(dispatch(msg)).then(sendResponse);
  return true; // keeps the channel open for the asynchronous reply
});

// The popup asks for its first list (popup.list) on a BroadcastChannel of the extension's own origin rather than by
// runtime message: it reaches only a running worker (a sleeping one is not woken: the popup's own program paints
// then), and while Chrome is busy opening the popup it answers sooner. Nothing else is accepted there. The question is
// acknowledged at once ({id, ack}): the popup's own program waits for this worker's list only when one answers.
const popupChannel = new BroadcastChannel('panelkey.popup');
popupChannel.onmessage = (e) => {
  const d = e.data;
  if (!isObject(d) || typeof d.id !== 'string' || !isObject(d.msg) || d.msg.type !== 'popup.list') return;
  popupChannel.postMessage({ id: d.id, ack: true });
  dispatch(d.msg).then((reply) => popupChannel.postMessage({ id: d.id, reply }));
};

// Firefox unloads an event page idle for 30 s even while a reply is pending (a server holding a request up to the
// gate's 30 s timeout: the page asking got no answer at all), but counts a call of an extension API as activity
// (both observed in Firefox ESR 153). So while a message is being answered, a cheap call every 5 s keeps this page
// alive. Chrome keeps a worker with a fetch under way alive by itself; the call costs it nothing.
const KEEPALIVE_MS = 5000;
let answering = 0;
let keepAlive = null;

function whileAnswering(reply) {
  if (answering++ === 0) keepAlive = setInterval(() => chrome.runtime.getPlatformInfo().catch(() => {}), KEEPALIVE_MS);
  return reply.finally(() => {
    if (--answering === 0) clearInterval(keepAlive);
  });
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK) serialized(lockNow).catch(logUnexpected);
});

// Keyboard shortcuts (manifest "commands"; the user can change them at chrome://extensions/shortcuts). Opening the
// popup is the browser's own _execute_action. The other two open the popup with what it should do at once: copy the
// code of its first row (a pinned authenticator, else the first code of the list), or scan the QR codes of the tab
// the shortcut was pressed on (the shortcut grants activeTab for it, as a click on the toolbar button does). The
// intent waits in storage.session for the popup, which takes it within POPUP_INTENT_MS.
chrome.commands.onCommand.addListener(popupCommand);

const POPUP_INTENTS = { 'copy-code': 'copy', 'scan-qr': 'scan' };
async function popupCommand(command) {
  const what = POPUP_INTENTS[command];
  if (!what) return;
  await session.set({ popupIntent: { what, at: Date.now() } });
  try {
    await chrome.action.openPopup();
  } catch (err) {
    // No window to open it in (or a browser without openPopup): the next popup opened by hand still finds the intent.
    logUnexpected(err);
  }
}

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

// ---- The engine (Go → wasm). Compiled once per worker life; an instance runs from the worker's start until Lock, which
// ends it and zeroes its memory (restartEngine), then another starts. Handlers that need it await engine().

let engineExited = false;
let engineLoaded = null; // the engine, once it answered
let engineRunning = null; // {go, instance} of the engine started last
let engineReady = startEngine();

function startEngine() {
  const ready = new Promise((resolve, reject) => {
    // The Go main calls this once globalThis.panelkey is installed.
    globalThis.panelkeyReady = () => {
      mark('engine');
      engineLoaded = globalThis.panelkey;
      resolve(globalThis.panelkey);
    };
    const go = new Go();
    engineModule.then((module) => WebAssembly.instantiate(module, go.importObject))
      .then((instance) => {
        mark('instantiated');
        const running = { go, instance };
        engineRunning = running;
        // Not awaited: run() settles only when the Go program exits, which it does only when stopped.
        go.run(instance).then(() => {
          if (engineRunning !== running) return; // stopped (restartEngine)
          engineExited = true;
          reject(problem('engine-unavailable', 'The panelkey engine stopped. Reload the extension.'));
        });
      })
      .catch((err) => reject(problem('engine-unavailable', 'The panelkey engine failed to load: ' + err.message)));
  });
  ready.catch(() => {}); // reported by the handlers that need it, not as an unhandled rejection
  return ready;
}

// Lock: the engine's Go program drops what it holds and exits (engineStop), its linear memory (Go's heap: what the
// vault held, freed or not) is zeroed, and a new instance starts. Callers hold the chain. docs/security.md, "Memory
// after Lock".
async function restartEngine() {
  const running = engineRunning;
  const pk = engineLoaded;
  if (!running || !pk) return; // none started yet, or still starting: it has held nothing
  engineRunning = null;
  engineLoaded = null;
  try {
    call(pk, 'engineStop', {});
  } catch (err) {
    logUnexpected(err);
  }
  // Only a program that exited: one still running would read the zeroes.
  if (running.go.exited) new Uint8Array(running.instance.exports.mem.buffer).fill(0);
  else logUnexpected(new Error('the engine did not exit when stopped; its memory is left as it is'));
  engineReady = startEngine();
}

// Engine functions are synchronous and throw Errors with a .code (web/bridge.js). A missing one means this shell
// and the wasm were built from different versions. texts: the vault's chunk texts or documents ({name: text}), which
// cross beside the JSON input (bridge.js); a function that gives texts back has them in its answer's .texts.
function call(pk, name, input, texts) {
  if (!pk || typeof pk[name] !== 'function') throw problem('engine-unavailable', 'This panelkey engine has no ' + name + '.');
  return pk[name](input, texts);
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
  // The popup's first list from this worker's engine, which the popup paints while its own program starts (page.js asks
  // on popupChannel, which only a running worker hears). Never waits for the engine to load: html is '' then, and the
  // popup's program paints.
  'popup.list': (m) => {
    const lang = field(m, 'lang', isText);
    const catalog = m.catalog === undefined ? null : field(m, 'catalog', isCatalog);
    return engineLoaded ? serialized(() => popupList(lang, catalog)) : Promise.resolve({ html: '', now: 0 });
  },
  setup: (m) => serialized(() => setup(m)),
  unlock: (m) => serialized(() => unlock(m)),
  // The epoch moves at once, before the chain: what is under way is aborted, and opens or stores nothing.
  lock: () => net.lock().then(() => serialized(lockNow)).then(() => ({})),
  changePassword: (m) => serialized(() => changePassword(m)),
  'vault.read': readDocument,
  'vault.edit': (m) => edit(field(m, 'edit', isObject)),
  // The whole document replaced (tests and scripts that seed a vault), as an import into the unlocked vault is.
  'vault.write': writeDocument,
  login,
  'accounts.refresh': refreshAccounts,
  'settings.set': setSettings,
  export: exportVault,
  import: (m) => serialized(() => importVault(m)),
  'vault.describe': () => serialized(() => V.describe(local)),
  'vault.backup': () => serialized(async () => ({ file: await V.backupFile(local) })),
  reset: (m) => serialized(() => reset(m)),
  'api.send': apiSend,
  'clock.learned': learnClock,
  browserSessions,
  'refresh.start': refreshStart,
  'refresh.cancel': () => refreshTurn('cancel'),
  'refresh.retry': (m) => refreshTurn('retry', { ids: Array.isArray(m.serverIds) ? m.serverIds.filter(isText) : [] }),
  'refresh.status': () => refreshTurn('progress'),
  'servers.importPreview': importPreview,
  'servers.import': importServers,
  'servers.export': exportServers,
  'tfa.enrol': tfaEnrol,
  'tfa.status': tfaStatus,
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

// Where a wake's time goes (the bench's wake row reads these): the last of each name, in this worker's time.
function mark(name) {
  performance.clearMarks('panelkey:' + name);
  performance.mark('panelkey:' + name);
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
    for (const k of ['advice', 'openURL', 'origin', 'offsetSeconds', 'params']) if (err[k] !== undefined) out[k] = err[k];
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

// Everything that reads, changes or stores the vault runs one after another: the write chain. It lives in memory only,
// which is enough: a worker that dies mid-commit leaves the previous generation whole (vault.js).
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

// Lock: the epoch moves on (net.js: what is under way is aborted and stores nothing), the key leaves storage.session
// (every open page reloads into the lock view: shell.js), the engine drops the vault it held, and the generation seen
// goes to storage.sync.
async function lockNow() {
  await net.lock(); // the alarm, a browser start and a reset lock through here too
  const st = held;
  await dropVault();
  popupClocks = null;
  await restartEngine();
  // The remembered browser sessions go too: a locked panelkey holds nothing that reaches a server.
  const remembered = Object.keys(await session.get(null)).filter((k) => k.startsWith(SESSION_PREFIX));
  await session.remove(['key', 'unlockedAt', ...remembered]);
  await chrome.alarms.clear(AUTOLOCK);
  if (st) await V.remember(session, sync, st.h.vault, st.h.gen);
}

// Activity restarts the idle timer; while locked there is nothing to time.
async function touch() {
  if (await currentKey()) await chrome.alarms.create(AUTOLOCK, { delayInMinutes: (await V.loadSettings(local)).autoLockMinutes });
}

// ---- The vault the engine holds (docs/architecture.md, "The write chain")

// The generation the engine holds, in part (its meta chunk, and whatever calls needed): {key, h, index}; null when it
// holds none. Only the write chain touches it.
let held = null;
let syncedAt = 0;

// The engine drops the vault it holds, and the import it read unless keepStaged.
async function dropVault({ keepStaged = false } = {}) {
  held = null;
  if (engineLoaded) {
    try {
      call(engineLoaded, 'vaultClose', { keepStaged });
    } catch (err) {
      logUnexpected(err);
    }
  }
}

// The vault as storage holds it now, open in the engine. A generation stored since (another writer; a worker woken
// again) is opened afresh. Callers hold the chain.
async function openVault() {
  const [key, { [V.POINTER]: pointer }] = await Promise.all([requireKey(), local.get(V.POINTER)]);
  if (held && held.key.raw === key.raw && isObject(pointer) && pointer.gen === held.h.gen && pointer.vault === held.h.vault) {
    return { pk: await engine(), st: held };
  }
  await dropVault();
  // Storage and WebCrypto read the index and the meta chunk while the engine loads (after a wake: its compile and
  // start), not after it.
  const loading = engine();
  loading.catch(() => {}); // awaited below, unless the vault fails first
  let opened;
  try {
    opened = await V.current(local, key, session);
  } catch (err) {
    // The session key belongs to an older vault (the worker died between storing a re-keyed vault and the key).
    if (err.code === 'key-mismatch') {
      await lockNow();
      throw problem('locked', 'panelkey is locked. Unlock it again.');
    }
    throw err;
  }
  mark('vault.index');
  const meta = await V.readChunks(local, key, opened.h, opened.index, ['meta']);
  mark('vault.meta');
  const pk = await loading;
  call(pk, 'vaultLoad', { reset: true }, meta);
  held = { key, h: opened.h, index: opened.index };
  mark('vault.open');
  return { pk, st: held };
}

// Runs the engine's vault function name, first loading the chunks it asks for ({need}); opened: openVault's answer
// when the caller has it already. Callers hold the chain.
async function onVault(name, input, opened) {
  const { pk, st } = opened || (await openVault());
  for (let round = 0; round < 4; round++) {
    const out = call(pk, name, input);
    if (!isObject(out) || !Array.isArray(out.need)) return out;
    call(pk, 'vaultLoad', {}, await V.readChunks(local, st.key, st.h, st.index, out.need));
  }
  throw problem('internal', 'The engine kept asking for parts of the vault.');
}

// The popup's list as it opens, rendered by the engine from the vault it holds (ui.FirstList: the first rows, their
// chunks loaded as needed) with the codes at now, each server's at its learnt clock, in the words of the popup's
// catalog: the engine keeps the last one it was given; for another language the popup is asked for it (needCatalog).
// Answered from memory when it can (no storage read: the popup waits for it): the vault the engine holds, which only
// this chain changes (every commit moves held on, Lock drops it), and the clock offsets last read or stored here
// (popupClocks; Lock forgets them). Otherwise storage is read as openVault does for every other message. Callers hold
// the chain.
let engineCatalog = null; // the language of the catalog the engine holds
let popupClocks = null; // {serverId: seconds} as storage holds them, once read or stored by this worker
async function popupList(lang, catalog) {
  if (!catalog && engineCatalog !== lang) return { html: '', now: 0, needCatalog: true };
  if (catalog && catalog.lang !== lang) throw problem('bad-request', 'The catalog is not in the language asked for.');
  const [clocks, opened] = await Promise.all([
    popupClocks || clockOffsets().then((c) => (popupClocks = c)),
    held && engineLoaded ? { pk: engineLoaded, st: held } : openVault(),
  ]);
  const input = { now: Date.now(), clocks };
  if (catalog) input.catalog = catalog;
  const { html } = await onVault('popupList', input, opened);
  engineCatalog = lang;
  return { html, now: input.now };
}

// A page's message catalog (messages.PageCatalog: page.js's panelkeyCatalog).
function isCatalog(c) {
  return isObject(c) && ['lang', 'text', 'fallback'].every((k) => typeof c[k] === 'string');
}

// Edits from every page and the worker itself wait in one queue; the chain applies all that waited to the latest
// vault at once and stores them in one commit (50 edits at the same moment make a few commits, not 50).
let queue = [];

// Applies one edit ({op, …}: vault.DecodeEdit) → its result {id?, ids?, count?, gen}, once stored. An edit made of
// what an operation under the lock epoch learnt (net.run's ticket: a refresh's account list) is stored only while
// that epoch is current: after a Lock it is dropped, and answers locked.
function edit(e, ticket) {
  return new Promise((resolve, reject) => {
    queue.push({ edit: e, ticket, resolve, reject });
    if (queue.length === 1) serialized(flushEdits).catch(logUnexpected);
  });
}

async function flushEdits() {
  let batch = queue;
  queue = [];
  for (;;) {
    const dead = batch.filter((b) => b.ticket && !net.live(b.ticket));
    for (const b of dead) b.reject(problem('locked', 'panelkey was locked while this was under way: nothing was saved.'));
    batch = batch.filter((b) => !dead.includes(b));
    if (batch.length === 0) return;
    let out;
    try {
      out = await commitEdits(batch.map((b) => b.edit), batch.map((b) => b.ticket).filter(Boolean));
    } catch (err) {
      if (err.code === 'epoch-moved') continue; // a Lock came in before the commit: the others are applied again
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => {
      const r = out.results[i];
      if (r && r.ok) b.resolve({ id: r.id, ids: r.ids, count: r.count, gen: held ? held.h.gen : undefined });
      else b.reject(problem(r ? r.error.code : 'internal', r ? r.error.message : 'No result for this change.', { field: r && r.error.field }));
    });
    return;
  }
}

// Applies edits to the vault as storage holds it and commits what they changed. The commit's generation check refuses
// a vault stored meanwhile by someone else: the edits are then applied again to that one. tickets: the lock epochs
// some edits belong to, checked right before the commit. opts.replace: the engine's staged import takes the vault's
// place first (an import); opts.onProgress(stage, done, total): the commit's progress (vault.js). Callers hold the
// chain.
async function commitEdits(edits, tickets = [], opts = {}) {
  for (let attempt = 1; ; attempt++) {
    const out = await onVault('vaultEdit', { edits, replace: opts.replace === true });
    const written = out.texts;
    if (Object.keys(written).length === 0 && out.removed.length === 0) return out;
    const st = held;
    if (!tickets.every((t) => net.live(t))) {
      await dropVault(); // it holds edits that will not be stored
      throw problem('epoch-moved', 'panelkey was locked while this was under way.');
    }
    try {
      const next = await V.commit(local, st.key, st, written, out.removed, { first: out.first, onProgress: opts.onProgress });
      held = { key: st.key, h: next.h, index: next.index };
    } catch (err) {
      await dropVault({ keepStaged: true }); // it holds edits storage does not; an import is applied again
      if (err.code === 'generation-conflict' && attempt < 3) continue;
      throw storageProblem(err);
    }
    await afterCommit(held.h, out.autoLockMinutes);
    return out;
  }
}

function storageProblem(err) {
  if (typeof err.code === 'string') return err;
  return problem('storage-failed', 'Saving the vault failed (' + err.message + '). The previous version is kept.');
}

// After a new generation: it is the newest this browser saw (rollback detection), and the settings' copy beside the
// vault follows the vault's.
async function afterCommit(h, autoLockMinutes) {
  const now = Date.now();
  await V.remember(session, now - syncedAt > SYNC_EVERY_MS ? sync : null, h.vault, h.gen);
  if (now - syncedAt > SYNC_EVERY_MS) syncedAt = now;
  if (V.validMinutes(autoLockMinutes)) await mirrorSettings(autoLockMinutes);
}

async function mirrorSettings(autoLockMinutes) {
  const { settings: old } = await local.get('settings');
  if (isObject(old) && old.autoLockMinutes === autoLockMinutes) return;
  await local.set({ settings: { ...(isObject(old) ? old : {}), autoLockMinutes } });
  await touch();
}

function checkNewPassword(pw) {
  if (typeof pw !== 'string' || [...pw].length < MIN_PASSWORD) {
    throw problem('password-too-short', 'Choose a password of at least ' + MIN_PASSWORD + ' characters.');
  }
}

// Opens and starts using a vault just stored under key (setup, migration, import, password change).
async function adopt(key, next, engineHolds) {
  held = engineHolds ? { key, h: next.h, index: next.index } : null;
  if (!engineHolds) await dropVault();
  await setKey(key);
  await V.remember(session, sync, next.h.vault, next.h.gen);
}

// ---- Handlers

function status() {
  return V.status(local, session);
}

// A new vault. Never over an existing one, not even a damaged one (vault-exists names it): the user erases it first.
async function setup(msg) {
  checkNewPassword(msg.password);
  await V.assertEmpty(local);
  const pk = await engine();
  const key = await V.create(msg.password);
  const out = call(pk, 'vaultNew', { autoLockMinutes: (await V.loadSettings(local)).autoLockMinutes });
  await adopt(key, await V.init(local, key, out.texts, { first: out.first }), true);
  return {};
}

// Derives the key and opens the newest generation's index: no chunk is decrypted. A vault older than the last one this
// browser saw, or one recovered from the generation before the newest, is reported unless acceptOlder says the user
// chose to open it. A missing or damaged copy of the header is rewritten; stale generations are removed.
async function unlock(msg) {
  field(msg, 'password', isText);
  await dropVault();
  const opened = await V.unlock(msg.password, local);
  if (opened.v1) return migrate(msg.password, opened);
  const { key, h } = opened;
  if (msg.acceptOlder !== true) {
    const last = await V.seen(session, sync, h.vault);
    if (h.gen < last) throw V.rollbackError(h, last);
    if (opened.recovered === 'older') {
      throw problem('vault-rollback', 'The newest saved version of the vault is damaged or missing; the one before it ' +
        '(generation ' + h.gen + ') opens. Nothing was changed.', { gen: h.gen, params: [String(h.gen)] });
    }
  }
  if (msg.acceptOlder === true) await V.remember(session, sync, h.vault, h.gen, { exact: true });
  if (opened.recovered) await V.repair(local, h);
  if (key.kdf.iterations < V.defaults.iterations) {
    // Fewer iterations than today's default: everything is encrypted again under a key of today's parameters.
    await rekey(opened, await V.create(msg.password));
  } else {
    await adopt(key, opened, false);
  }
  // After the answer, in the chain: the settings' copy, and what interrupted commits and older generations left.
  serialized(settingsFromVault).catch(logUnexpected);
  if (opened.recovered !== 'older') serialized(sweepStale).catch(logUnexpected);
  return { recovered: opened.recovered || undefined, gen: h.gen };
}

// Removes what the current generation (read again now, in the chain: commits may have come since the unlock) and the
// one before it do not use. Not after a recovery from an older generation: what failed may still hold what the user
// wants back.
async function sweepStale() {
  const key = await currentKey();
  if (!key) return;
  const cur = await V.current(local, key, session);
  if (!cur.recovered) await V.sweep(local, cur.h, cur.index);
}

// The auto-lock setting's copy beside the vault, from the vault (after an unlock: the vault may come from elsewhere).
async function settingsFromVault() {
  if (!(await currentKey())) return;
  const out = await onVault('vaultEdit', { edits: [] });
  await mirrorSettings(out.autoLockMinutes);
}

// Format 1 (one record) becomes format 2 (chunks) under the same key: the engine checks the chunks read back as the
// document; the old records go once the new generation is stored.
async function migrate(password, opened) {
  const pk = await engine();
  const key = opened.key.kdf.iterations < V.defaults.iterations ? await V.create(password) : opened.key;
  const out = call(pk, 'vaultFromDocument', { autoLockMinutes: (await V.loadSettings(local)).autoLockMinutes },
    { document: opened.v1.text });
  const next = await V.init(local, key, out.texts, { first: out.first, replacing: true });
  await V.sweep(local, next.h, next.index);
  await adopt(key, next, true);
  return { migrated: true, gen: next.h.gen };
}

// Every chunk decrypted and stored again under key, as one new generation. The generation before, under the old key,
// goes at once (not one commit later, as after an edit): the old password must open nothing any more.
async function rekey(opened, key) {
  const texts = await V.readChunks(local, opened.key, opened.h, opened.index, Object.keys(opened.index.chunks));
  await dropVault();
  const next = await V.commit(local, key, opened, texts, [], { first: opened.index.first });
  await V.sweep(local, next.h, { ...next.index, retired: [] }, { previous: false });
  await adopt(key, next, false);
}

async function changePassword(msg) {
  field(msg, 'old', isText);
  checkNewPassword(msg.new);
  let opened = await V.unlock(msg.old, local);
  if (opened.v1) {
    await migrate(msg.old, opened);
    opened = await V.unlock(msg.old, local);
  }
  await rekey(opened, await V.create(msg.new));
  return {};
}

async function setSettings(msg) {
  const autoLockMinutes = field(msg, 'autoLockMinutes', V.validMinutes);
  await edit({ op: 'settings.set', autoLockMinutes });
  return { autoLockMinutes };
}

// The whole document: {data}, or {text} (its JSON text) when msg.text.
function readDocument(msg) {
  return serialized(async () => {
    const { document: text } = (await onVault('vaultDocument', {})).texts;
    return msg.text === true ? { text } : { data: JSON.parse(text) };
  });
}

// The whole document replaced: staged in the engine from its text (not inside an edit's JSON), then a vault.replace in
// the write chain, as an import.
function writeDocument(msg) {
  const text = JSON.stringify(field(msg, 'data', isObject));
  return serialized(async () => {
    const { pk } = await openVault();
    try {
      call(pk, 'vaultStage', { document: true }, { document: text });
      await commitEdits([], [], { replace: true });
    } finally {
      call(pk, 'vaultUnstage', {});
    }
    return {};
  });
}

// The vault as a file: its header and chunks as stored, still encrypted.
function exportVault() {
  return serialized(async () => {
    const { st } = await openVault();
    return { file: await V.exportFile(local, st.h, st.index) };
  });
}

// An export (a file and its password) imported: into the unlocked vault, in place of its servers, accounts,
// authenticators and history (a vault.replace, applied in the write chain), or into a profile without a vault that
// opens, whose vault it becomes under the file's password. Nothing is stored until the whole file is decrypted, read
// and encrypted again; a failure anywhere leaves the vault as it was. The chunk texts cross to the engine once, as
// texts (never inside JSON), and the engine holds the import (vaultStage) until it is stored. Progress is broadcast
// ({type:'progress', op:'import', stage, done?, total?}: decrypt, read, encrypt, store).
async function importVault(msg) {
  const file = field(msg, 'file', isText);
  const password = field(msg, 'password', isText);
  const report = progressReporter('import');
  const onProgress = (stage, done, total) => report(stage, { done, total });
  report('decrypt');
  let opened;
  try {
    opened = await V.openFile(file, password, { onProgress });
  } catch (err) {
    if (err.code === 'wrong-password') throw problem('import-wrong-password', 'That password does not open this file.');
    if (err.code === 'vault-corrupt') throw problem('import-invalid', 'This file is not a panelkey export, or it is damaged.');
    throw err;
  }
  const pk = await engine();
  report('read');
  try {
    try {
      call(pk, 'vaultStage', { document: !opened.chunks }, opened.chunks || { document: opened.document });
    } catch (err) {
      if (err.code === 'vault-corrupt') throw problem('import-invalid', 'This file is not a panelkey export, or it is damaged.');
      throw err;
    }
    opened = null; // the engine holds the import now
    const s = await V.survey(local);
    if (s.headers.length > 0 || s.v1) {
      // Into an existing vault: it must be unlocked, and stays under its own password.
      await requireKey();
      await commitEdits([], [], { replace: true, onProgress });
      return {};
    }
    // No vault that opens (first run, or only damaged pieces): the file's password becomes the vault's. Damaged
    // pieces are kept aside rather than deleted (they may hold what no export has), once the import is stored.
    const damaged = s.any
      ? Object.fromEntries(Object.entries(await local.get(null)).filter(([k]) => k.startsWith('vault.') && k !== 'vault.damaged'))
      : null;
    const key = await V.create(password);
    const out = call(pk, 'vaultFromStaged', { autoLockMinutes: (await V.loadSettings(local)).autoLockMinutes });
    const next = await V.init(local, key, out.texts, { first: out.first, replacing: s.any, onProgress });
    if (damaged) {
      await local.set({ 'vault.damaged': damaged });
      await V.sweep(local, next.h, next.index);
    }
    await adopt(key, next, true);
    return {};
  } finally {
    call(pk, 'vaultUnstage', {});
  }
}

// Forgotten password or a damaged vault without an export: the only way forward is to start again, on request. The
// request names what the user was shown (vault.describe's gen and parts): a vault that changed since is kept.
async function reset(msg) {
  if (msg.confirm !== 'erase') throw problem('bad-request', 'Reset needs confirm: "erase".');
  const gen = field(msg, 'gen', Number.isSafeInteger);
  const parts = field(msg, 'parts', Number.isSafeInteger);
  const now = await V.describe(local);
  if (now.gen !== gen || now.parts !== parts) {
    throw problem('vault-changed', 'The vault changed since it was described; nothing was erased. Look again before erasing.');
  }
  await lockNow();
  await V.erase(local);
  return {};
}

// ---- Network (extension/net.js performs what the engine's gate decides)

// The server a request, a tab or a session belongs to, as the gate reads it: {server: {baseURL, address}} (only its
// stored address), and with an account id {account: {user}} (the engine's vaultServer; nothing secret). ref: {serverId,
// accountId?, page?, mailbox?}; any of them no longer in the vault is not-found. Callers hold the chain.
function serverOf(ref) {
  return onVault('vaultServer', ref);
}

// The credential of a WHM API call on the server: the engine chooses it from the vault it holds (vaultops.WHMAuth).
// Callers hold the chain.
function whmAuth(serverId) {
  return onVault('apiAuth', { serverId });
}

// The console's request, for the server the form names: the gate lets it reach that server's host only, over https,
// with the timeout the console asks for. It carries credentials (an Authorization header, or the session cookie with
// its /cpsessN token), so it needs an unlocked vault, and a redirect comes back unfollowed (type "opaqueredirect").
function apiSend(msg) {
  const serverId = field(msg, 'serverId', isText);
  const request = field(msg, 'request', isObject);
  const timeoutSeconds = msg.timeoutSeconds == null ? undefined : field(msg, 'timeoutSeconds', Number.isFinite);
  return net.run(async (t) => {
    const pk = await engine();
    const { server } = await serialized(() => serverOf({ serverId }));
    const res = await net.send(pk, t, { server, request, timeoutSeconds });
    const { status: s, headers, body, ms, url, type, redirected, truncated, maxBytes } = res;
    return { status: s, headers, body, ms, url, type, redirected, truncated, maxBytes };
  });
}

// A server's clock offset the console read from a refused 2FA code's Date header (apiconsole.Drift): kept like the
// ones logins learn, so the next login and the next console page compute codes at the server's time. Not secret.
// The engine bounds it (clockOffset): the worker stores none a later login would refuse.
async function learnClock(msg) {
  const serverId = field(msg, 'serverId', isText);
  const { offsetSeconds } = call(await engine(), 'clockOffset', { offsetSeconds: field(msg, 'offsetSeconds', Number.isFinite) });
  // In the chain, where Lock runs too: a locked panelkey stores nothing learnt from a request.
  await serialized(async () => {
    await requireKey();
    await storeClockOffset(serverId, offsetSeconds);
  });
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
  const clocks = { ...(await clockOffsets()), [serverId]: seconds };
  await local.set({ clockOffsets: clocks });
  popupClocks = clocks;
}

// One request of an engine's step machine (sign-in, 2FA set-up), sent as the gate decides: the server's answer, or
// when none came, {networkError} (the browser's words): the engine knows the context (port, service, certificate on a
// bare IP) and words the advice.
async function stepResponse(pk, t, server, request) {
  try {
    return await net.send(pk, t, { server, request });
  } catch (err) {
    if (typeof err.networkError !== 'string') throw err;
    return { networkError: err.networkError || 'Failed to fetch' };
  }
}

// A server's clock offset a step learnt (from its Date header) when it differs from the one used: stored for the 2FA
// codes of the next login, unless the operation's epoch ended (Lock).
async function keepOffset(t, serverId, used, learnt) {
  if (!Number.isFinite(learnt) || learnt === used) return;
  await serialized(async () => {
    net.check(t);
    await storeClockOffset(serverId, learnt);
  });
}

// The engine's sign-in step machine (signin package): it says which request to make, the worker makes it with the
// browser's cookies (net.send: the gate's decision) and hands back the answer, until the engine says "open this URL
// in a tab" (the browser itself must consume the one-time session URL, §9) or "fail" with advice. The whole login is
// one operation under the lock epoch: a Lock while it runs aborts its request, and it opens no tab and stores no
// session or clock offset afterwards.
function login(msg) {
  const serverId = field(msg, 'serverId', isText);
  const service = field(msg, 'service', (v) => ['cpanel', 'whm', 'webmail'].includes(v));
  const method = field(msg, 'method', (v) => METHODS.includes(v));
  const ref = { serverId, accountId: isText(msg.accountId) ? msg.accountId : '', page: isText(msg.page) ? msg.page : '',
    mailbox: msg.mailbox == null ? '' : field(msg, 'mailbox', isText) };
  return net.run(async (t) => {
    // The engine takes the server, account and mailbox from the vault it holds, by id, and chooses the credential and
    // the address (token, access hash: WHM's create_user_session, §3; cPanel token: a Webmail session through UAPI;
    // password: /login on the service's own port with the holder's 2FA, §4, §5, §8), the page a deep link (dest)
    // lands on, and says which user the tab opens as.
    const { server, input } = await serialized(async () => ({
      server: (await serverOf(ref)).server,
      input: await onVault('signinInput', { ...ref, service, method, app: msg.app, dest: msg.dest }),
    }));
    const pk = await engine(); // loaded: the vault opened in it
    const offset = storedOffset(pk, (await clockOffsets())[serverId]);
    let step = call(pk, 'signinStart', { ...input, offsetSeconds: offset, now: Date.now() });

    for (let n = 0; n < MAX_SIGNIN_STEPS; n++) {
      if (!isObject(step)) throw problem('engine-error', 'The engine returned no sign-in step.');
      if (step.kind !== 'fetch') await keepOffset(t, serverId, offset, step.offsetSeconds);
      if (step.kind === 'open') {
        const tab = await net.openTab(pk, t, { server, service, url: step.url });
        await rememberSession(pk, t, serverId, service, tab, input.user);
        return { tabId: tab.tabId };
      }
      if (step.kind === 'fail') {
        throw problem(isText(step.code) ? step.code : 'signin-failed', isText(step.message) ? step.message : 'Sign-in failed.',
          { advice: step.advice, openURL: step.openURL, offsetSeconds: step.offsetSeconds, params: step.params });
      }
      if (step.kind !== 'fetch') throw problem('engine-error', 'The engine returned an unknown sign-in step.');
      step = call(pk, 'signinNext', { state: step.state, response: await stepResponse(pk, t, server, step.request), now: Date.now() });
    }
    throw problem('signin-loop', 'Sign-in did not finish after ' + MAX_SIGNIN_STEPS + ' requests.', { params: [String(MAX_SIGNIN_STEPS)] });
  });
}

// The session a login tab opens (its cookie is the browser's; the /cpsessN token is in the URL) is remembered for the
// API console, in chrome.storage.session only, one per server and service, as the browser keeps one cookie per
// service and host: at the origin the gate allowed the tab (tab.origin), and only while the login's epoch is current.
// A URL without a token (servers with security tokens off) leaves nothing to remember.
async function rememberSession(pk, t, serverId, service, tab, user) {
  let token;
  try {
    token = call(pk, 'extractCpsess', { url: tab.url }).token;
  } catch (err) {
    if (typeof err.code !== 'string') logUnexpected(err);
    return;
  }
  await serialized(async () => {
    net.check(t);
    await session.set({ [SESSION_PREFIX + serverId + '/' + service]: { baseURL: tab.origin, cpsess: token, user, at: Date.now() } });
  });
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

// A long operation's progress for the pages: report(stage, {done?, total?}) broadcasts {type:'progress', op, stage,
// …}, a new stage at once, counts at most every PROGRESS_EVERY_MS and their last.
const PROGRESS_EVERY_MS = 100;
function progressReporter(op) {
  let last = { stage: '', at: 0 };
  return (stage, extra = {}) => {
    const now = Date.now();
    const final = extra.total !== undefined && extra.done === extra.total;
    if (stage === last.stage && !final && now - last.at < PROGRESS_EVERY_MS) return;
    last = { stage, at: now };
    chrome.runtime.sendMessage({ type: 'progress', op, stage, ...extra }).catch(() => {});
  };
}

// One operation under the lock epoch, like a login: a Lock while WHM answers aborts it, and it writes nothing after.
function refreshAccounts(msg) {
  const serverId = field(msg, 'serverId', isText);
  return net.run(async (t) => {
    const pk = await engine();
    const count = await fetchAccounts(pk, t, serverId, (stage, extra) => progress(serverId, stage, extra));
    return { count };
  });
}

// Lists a server's accounts through WHM (listaccts asking only for the fields a merge keeps: refreshCall) and merges
// them into the vault; returns how many WHM listed. report(stage, extra) hears how it goes.
async function fetchAccounts(pk, t, serverId, report = () => {}, mayStore = () => true) {
  const { server, auth } = await serialized(async () => ({
    server: (await serverOf({ serverId })).server, auth: await whmAuth(serverId),
  }));
  const listaccts = call(pk, 'refreshCall', {});
  const request = call(pk, 'buildRequest', {
    baseURL: server.baseURL, family: 'whmapi1', module: '', function: listaccts.function, args: listaccts.args, auth, now: Date.now(),
  });
  report('request');
  // The request carries the WHM credential: the gate lets it go only over https to the server's own WHM, and a
  // redirect is reported, never followed with it.
  const res = await net.send(pk, t, { server, request });
  // The engine refuses a redirect, a failed call (read by the credential sent) or an answer without the list.
  const { listed } = call(pk, 'listedAccounts', { status: res.status, body: res.body, redirected: res.redirected,
    truncated: res.truncated, origin: res.origin, auth: auth.method });
  report('merge', { total: listed.length });
  if (!mayStore()) throw problem('cancelled', 'The refresh was cancelled: this server\'s list was not stored.');

  // An edit, applied in the write chain to the vault as it is then (the user may have edited it while the request
  // was out), and stored only if no Lock came in. The engine merges (vault.MergeAccounts): server facts from WHM,
  // saved credentials kept by user name, gone accounts with credentials kept as missing.
  const { count } = await edit({ op: 'accounts.merge', serverId, at: Date.now(), listed }, t);
  report('done', { count });
  return count;
}

// ---- Refresh all (the engine's refresh package keeps the schedule: what to start, what an outcome means, the
// progress; this worker sends each server's call). The run lives in storage.session, so a page that closes changes
// nothing and a worker woken again goes on with it (resumeRefresh); a Lock cancels it.

const REFRESH_KEY = 'refreshAll';
let refreshChain = Promise.resolve(); // the run's turns, one after another
let refreshTicket = null; // the lock epoch the running run's requests belong to
let refreshGen = 0; // moves at every new run and cancel: an answer under way from before stores nothing

function refreshSerialized(fn) {
  const run = refreshChain.then(fn, fn);
  refreshChain = run.catch(() => {});
  return run;
}

function broadcastRefresh(p) {
  chrome.runtime.sendMessage({ type: 'progress', op: 'refresh.all', progress: p }).catch(() => {});
}

// One turn of the run: the engine applies action to the stored run and says which servers to start now.
function refreshTurn(action, extra = {}) {
  return refreshSerialized(async () => {
    const pk = await engine();
    const { [REFRESH_KEY]: stored } = await session.get(REFRESH_KEY);
    if (!isText(stored)) {
      if (action === 'progress') return { progress: null };
      throw problem('not-found', 'No refresh is under way.');
    }
    // Cancelling needs no key (a Lock cancels); whatever sends requests or stores does.
    if (action !== 'progress' && action !== 'cancel') await requireKey();
    if (action === 'cancel') refreshGen += 1;
    const out = call(pk, 'refreshTurn', { run: JSON.parse(stored), action, now: Date.now(), ...extra });
    await session.set({ [REFRESH_KEY]: JSON.stringify(out.run) });
    broadcastRefresh(out.progress);
    for (const e of out.started || []) launchRefresh(pk, e);
    return { progress: out.progress };
  });
}

async function refreshStart(msg) {
  const ids = Array.isArray(msg.serverIds) ? msg.serverIds.filter(isText) : [];
  const limit = msg.limit == null ? 0 : field(msg, 'limit', Number.isSafeInteger);
  const current = await refreshTurn('progress');
  if (current.progress && !current.progress.over) return current; // a run under way goes on
  const pk = await engine();
  const { targets } = await serialized(() => onVault('refreshTargets', { ids }));
  await refreshSerialized(async () => {
    refreshGen += 1;
    const out = call(pk, 'refreshNew', { targets, limit, now: Date.now() });
    await session.set({ [REFRESH_KEY]: JSON.stringify(out.run) });
  });
  return refreshTurn('start');
}

// Sends one server's call under the run's lock epoch and reports its outcome as a turn. A Lock aborts the requests
// under way; the run is then cancelled, as nothing may be stored for it any more.
function launchRefresh(pk, entry) {
  (async () => {
    if (!refreshTicket || !net.live(refreshTicket)) refreshTicket = await new Promise((resolve) => {
      net.run((t) => {
        resolve(t);
        return new Promise((done) => t.controller.signal.addEventListener('abort', done, { once: true }));
      });
    });
    const t = refreshTicket;
    const gen = refreshGen;
    let count = 0;
    let error = null;
    try {
      count = await fetchAccounts(pk, t, entry.id, undefined, () => gen === refreshGen);
    } catch (err) {
      error = publicError(err);
    }
    if (!net.live(t)) {
      await refreshTurn('cancel');
      return;
    }
    await refreshTurn('finish', { id: entry.id, count, error: error ? { code: error.code, message: error.message, params: error.params } : undefined });
  })().catch(logUnexpected);
}

// A worker that starts again (the browser stopped the idle one) finds the run it had stored: it goes on, unless
// panelkey was locked meanwhile.
async function resumeRefresh() {
  const { [REFRESH_KEY]: stored } = await session.get(REFRESH_KEY);
  if (!isText(stored) || JSON.parse(stored).ended) return; // none, or over: nothing to do, no engine to load
  await refreshTurn(await currentKey() ? 'resume' : 'cancel');
}
resumeRefresh().catch(logUnexpected);

// ---- Bulk import and export of servers (serverlist): the page reads the file and sends its text; the engine reads
// it into a preview without secrets, and, once the user confirms, into the one edit that adds every importable row.

async function importPreview(msg) {
  const file = field(msg, 'file', (v) => typeof v === 'string');
  return serialized(async () => {
    await openVault(); // to mark the servers already there
    return call(await engine(), 'importPreview', { text: file });
  });
}

async function importServers(msg) {
  const file = field(msg, 'file', (v) => typeof v === 'string');
  const lines = msg.lines == null ? [] : field(msg, 'lines', (v) => Array.isArray(v) && v.every(Number.isSafeInteger));
  await requireKey();
  const { edit: e, count } = call(await engine(), 'importEdit', { text: file, lines });
  const r = await edit(e);
  return { ids: r.ids, count };
}

function exportServers(msg) {
  const format = msg.format == null ? 'csv' : field(msg, 'format', (v) => v === 'csv' || v === 'json');
  return serialized(async () => {
    await openVault();
    return call(await engine(), 'exportServers', { format });
  });
}

// ---- Two-factor set-up for a managed account (tfaenroll): the engine's steps, each sent with the server's WHM
// credential through the gate; the secret it ends with is stored with the account, under the same lock epoch.

const MAX_TFA_STEPS = 6;

function tfaEnrol(msg) {
  const serverId = field(msg, 'serverId', isText);
  const accountId = field(msg, 'accountId', isText);
  const page = isText(msg.page) ? msg.page : '';
  return net.run(async (t) => {
    const pk = await engine();
    const { server, account, auth } = await serialized(async () => ({ ...(await serverOf({ serverId, accountId, page })),
      auth: await whmAuth(serverId) }));
    const offset = storedOffset(pk, (await clockOffsets())[serverId]);
    let step = call(pk, 'tfaStart', { baseURL: server.baseURL, user: account.user, auth, offsetSeconds: offset, now: Date.now() });
    for (let n = 0; n < MAX_TFA_STEPS; n++) {
      if (step.kind === 'fail') {
        throw problem(isText(step.code) ? step.code : 'engine-error', step.message || '2FA set-up failed.', { advice: step.advice, params: step.params });
      }
      if (step.kind === 'done') {
        await keepOffset(t, serverId, offset, step.offsetSeconds);
        await edit({ op: 'account.update', serverId, id: accountId, page, set: { totp: { secret: step.secret } } }, t);
        return { issuer: step.issuer || '' };
      }
      if (step.kind !== 'fetch') throw problem('engine-error', 'The engine returned an unknown 2FA step.');
      step = call(pk, 'tfaNext', { state: step.state, response: await stepResponse(pk, t, server, step.request), now: Date.now() });
    }
    throw problem('engine-error', '2FA set-up did not finish after ' + MAX_TFA_STEPS + ' requests.');
  });
}

function tfaStatus(msg) {
  const serverId = field(msg, 'serverId', isText);
  return net.run(async (t) => {
    const pk = await engine();
    const { server, auth } = await serialized(async () => ({
      server: (await serverOf({ serverId })).server, auth: await whmAuth(serverId),
    }));
    const { function: fn } = call(pk, 'tfaListCall', {});
    const request = call(pk, 'buildRequest', { baseURL: server.baseURL, family: 'whmapi1', module: '', function: fn, args: [], auth, now: Date.now() });
    const res = await net.send(pk, t, { server, request });
    if (res.redirected) throw problem('redirected', 'WHM answered with a redirect; panelkey does not follow it with the server\'s credentials.');
    return call(pk, 'tfaList', { status: res.status, body: res.body });
  });
}
