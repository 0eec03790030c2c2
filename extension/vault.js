// panelkey vault: the encrypted record and where it lives in chrome.storage.local (docs/architecture.md, "Storage").
// A plain script on purpose: the service worker loads it with importScripts, the pages with <script>, the Node tests
// with require. It only needs WebCrypto (globalThis.crypto.subtle), atob/btoa and TextEncoder.
'use strict';

(() => {
  // Bump FORMAT when the record layout changes and add a reader for the new format below; unlock() reports records
  // of an older format, or with fewer PBKDF2 iterations than the current default, as stale so the caller re-seals them.
  const FORMAT = 1;
  const defaults = { iterations: 600000 };
  const MIN_ITERATIONS = 1000;
  // A tampered iteration count must not hang unlock for hours.
  const MAX_ITERATIONS = 10000000;

  const subtle = globalThis.crypto.subtle;
  const utf8 = new TextEncoder();

  class VaultError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'VaultError';
      this.code = code;
    }
  }

  function corrupt(what) {
    return new VaultError('vault-corrupt',
      'The saved vault is damaged (' + what + ') and cannot be opened. Nothing was changed; import an export to recover.');
  }

  function wrongPassword() {
    return new VaultError('wrong-password', 'Wrong password.');
  }

  function toB64(bytes) {
    // Chrome 140+ encodes natively: 18 MB (a 100,000-account vault) in ~9 ms instead of ~107.
    if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
    let s = '';
    // Chunked: String.fromCharCode(...big) overflows the stack for vaults of a few hundred KiB.
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  // Sextet of each base64 character code, -1 for anything else.
  const B64 = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

  // Returns null for anything that is not canonical base64 (^[A-Za-z0-9+/]*={0,2}$, length a multiple of 4), so
  // callers can name the damaged field. One pass that checks and decodes: the record's data is most of a vault
  // (24 MB for 100,000 accounts), where a regular expression plus atob took ~4× as long (docs/benchmarks.md).
  function fromB64(s) {
    if (typeof s !== 'string' || s.length % 4 !== 0) return null;
    let pad = 0;
    while (pad < 2 && s.length > pad && s.charCodeAt(s.length - 1 - pad) === 61) pad++; // '='
    const n = s.length - pad;
    const out = new Uint8Array((s.length / 4) * 3 - pad);
    let o = 0;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? B64[c] : -1;
      if (v < 0) return null;
      acc = (acc << 6) | v;
      if ((i & 3) === 3) {
        out[o++] = acc >>> 16;
        out[o++] = (acc >>> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
      }
    }
    // The last group: 2 or 3 characters before the padding give 1 or 2 bytes (their spare bits are ignored, as atob does).
    if (pad === 2) {
      if (n % 4 !== 2) return null;
      out[o++] = (acc >>> 4) & 0xff;
    } else if (pad === 1) {
      if (n % 4 !== 3) return null;
      out[o++] = (acc >>> 10) & 0xff;
      out[o++] = (acc >>> 2) & 0xff;
    }
    return out;
  }

  function random(n) {
    return globalThis.crypto.getRandomValues(new Uint8Array(n));
  }

  function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  }

  function bytesField(v, len, name) {
    const b = fromB64(v);
    if (b === null || (len > 0 && b.length !== len) || (len < 0 && b.length < -len)) throw corrupt(name);
    return b;
  }

  // Readers by format. Each validates the record's shape and returns what decryption needs.
  const readers = {
    1(record) {
      const { kdf, cipher } = record;
      if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw corrupt('key derivation header');
      if (!Number.isInteger(kdf.iterations) || kdf.iterations < MIN_ITERATIONS || kdf.iterations > MAX_ITERATIONS) {
        throw corrupt('iteration count');
      }
      bytesField(kdf.salt, 16, 'salt');
      bytesField(kdf.check, 16, 'password check');
      if (!isObject(cipher) || cipher.name !== 'AES-GCM') throw corrupt('cipher header');
      return {
        iv: bytesField(cipher.iv, 12, 'nonce'),
        data: bytesField(record.data, -16, 'data'), // at least the GCM tag
        aad: aad(record),
      };
    },
  };

  // What reader found in each record object read so far: load() reads a record and open() reads it again, and
  // decoding its data is most of the work (~50 ms at 100,000 accounts). An object changed since is read afresh.
  const readCache = new WeakMap();

  function reader(record) {
    if (!isObject(record)) throw corrupt('not a record');
    const header = JSON.stringify([record.format, record.kdf, record.cipher]);
    const known = readCache.get(record);
    if (known && known.data === record.data && known.header === header) return known.r;
    const read = Object.hasOwn(readers, record.format) ? readers[record.format] : null;
    if (!read) throw corrupt('unknown format ' + JSON.stringify(record.format));
    const r = read(record);
    readCache.set(record, { data: record.data, header, r });
    return r;
  }

  // The header is authenticated as GCM additional data, so a record whose format or KDF parameters were edited does
  // not decrypt. kdf.check is left out: it is compared on its own (see unlock) to tell a wrong password from damage.
  function aad(h) {
    return utf8.encode(JSON.stringify([h.format, h.kdf.name, h.kdf.hash, h.kdf.iterations, h.kdf.salt, h.cipher.name]));
  }

  // PBKDF2 → 256-bit master secret → HKDF: the AES key, and a check value stored in the header. The check lets unlock
  // say "wrong password" (check differs) instead of "damaged" (check matches but the data does not decrypt) without
  // costing an attacker less than a decryption attempt would.
  async function derive(password, kdf) {
    if (typeof password !== 'string' || password === '') throw new VaultError('bad-request', 'A password is required.');
    const pw = await subtle.importKey('raw', utf8.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
    const master = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromB64(kdf.salt), iterations: kdf.iterations }, pw, 256);
    const hk = await subtle.importKey('raw', master, 'HKDF', false, ['deriveBits']);
    const bits = async (info, n) => new Uint8Array(await subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(info) }, hk, n));
    return { raw: await bits('panelkey vault key', 256), check: toB64(await bits('panelkey vault check', 128)) };
  }

  function aesKey(raw, usage) {
    return subtle.importKey('raw', raw, 'AES-GCM', false, [usage]);
  }

  // Returns the document's JSON text, or null when authentication fails. r is reader(record): callers have already
  // read the record, and reading it again would decode its data once more.
  async function decryptText(raw, r) {
    let plain;
    try {
      plain = await subtle.decrypt({ name: 'AES-GCM', iv: r.iv, additionalData: r.aad }, await aesKey(raw, 'decrypt'), r.data);
    } catch {
      return null;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      throw corrupt('contents');
    }
  }

  function parseDoc(text) {
    try {
      return JSON.parse(text);
    } catch {
      throw corrupt('contents');
    }
  }

  // Returns the document, or null when authentication fails.
  async function decrypt(raw, r) {
    const text = await decryptText(raw, r);
    return text === null ? null : parseDoc(text);
  }

  // A key is {raw, kdf}: the AES key (base64) and the KDF header it was derived with, which every sealed record
  // repeats. This object is what lives in chrome.storage.session; the password is never kept.
  async function create(password, opts = {}) {
    const iterations = opts.iterations ?? defaults.iterations;
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new VaultError('bad-request', 'Unsupported iteration count.');
    }
    const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toB64(random(16)) };
    const { raw, check } = await derive(password, kdf);
    return { raw: toB64(raw), kdf: { ...kdf, check } };
  }

  async function seal(key, doc) {
    const raw = fromB64(key && key.raw);
    if (raw === null || raw.length !== 32 || !isObject(key.kdf)) throw new VaultError('bad-request', 'Not a vault key.');
    const header = { format: FORMAT, kdf: { ...key.kdf }, cipher: { name: 'AES-GCM', iv: toB64(random(12)) } };
    const data = await subtle.encrypt(
      { name: 'AES-GCM', iv: fromB64(header.cipher.iv), additionalData: aad(header) },
      await aesKey(raw, 'encrypt'), utf8.encode(JSON.stringify(doc)));
    return { ...header, data: toB64(new Uint8Array(data)) };
  }

  function sameKdf(a, b) {
    return isObject(a) && isObject(b) && a.salt === b.salt && a.iterations === b.iterations;
  }

  async function open(key, record) {
    return parseDoc(await openText(key, record));
  }

  // open, but the document's JSON text (not parsed): for a reader that decodes it itself (the popup's Go).
  async function openText(key, record) {
    const r = reader(record);
    if (!key || !sameKdf(key.kdf, record.kdf)) {
      // Happens when the password was changed (or a file imported) after this key was handed out.
      throw new VaultError('key-mismatch', 'The vault changed since it was unlocked. Unlock it again.');
    }
    if (key.kdf.check !== record.kdf.check) throw corrupt('password check');
    const text = await decryptText(fromB64(key.raw), r);
    if (text === null) throw corrupt('authentication failed');
    return text;
  }

  // → {key, doc, stale}. Wrong password and damage are told apart by kdf.check; the record is never modified here.
  async function unlock(password, record, opts = {}) {
    const r = reader(record);
    const { raw, check } = await derive(password, record.kdf);
    const doc = await decrypt(raw, r);
    const checkOK = check === record.kdf.check;
    // A changed salt or iteration count also lands here: without the password it cannot be told from a typo.
    if (!checkOK && doc === null) throw wrongPassword();
    if (doc === null) throw corrupt('authentication failed');
    if (!checkOK) throw corrupt('password check');
    const stale = record.format !== FORMAT || record.kdf.iterations < (opts.iterations ?? defaults.iterations);
    return { key: { raw: toB64(raw), kdf: record.kdf }, doc, stale };
  }

  // Everything or nothing: the new record is complete before the caller stores it in one generation write.
  async function rekey(oldPassword, newPassword, record, opts = {}) {
    const { doc } = await unlock(oldPassword, record, opts);
    const key = await create(newPassword, opts);
    return { key, doc, record: await seal(key, doc) };
  }

  // Storage layout: `vault.current` holds the generation number n, `vault.<n>` the record. A write stores generation
  // n+1, then flips the pointer, then removes the others; a write cut short anywhere leaves a readable vault.
  const POINTER = 'vault.current';
  const GENERATION = /^vault\.\d+$/;

  // → {gen, record}, or null when no vault was ever set up. area is chrome.storage.local (or a fake with get/set/remove).
  async function load(area) {
    // One get(null): a snapshot, so a concurrent flip cannot pair the old pointer with an already removed record.
    const all = await area.get(null);
    if (!Object.hasOwn(all, POINTER)) return null;
    const gen = all[POINTER];
    if (!Number.isSafeInteger(gen) || gen < 1) throw corrupt('generation pointer');
    const record = all['vault.' + gen];
    if (record === undefined) throw corrupt('record missing');
    reader(record);
    return { gen, record };
  }

  async function save(area, record) {
    reader(record);
    // Only the pointer and the key names are needed, not the stored record (24 MB for 100,000 accounts).
    const { [POINTER]: cur } = await area.get(POINTER);
    const keys = typeof area.getKeys === 'function' ? await area.getKeys() : Object.keys(await area.get(null));
    const gen = (Number.isSafeInteger(cur) && cur > 0 ? cur : 0) + 1;
    await area.set({ ['vault.' + gen]: record });
    await area.set({ [POINTER]: gen });
    const old = keys.filter((k) => GENERATION.test(k) && k !== 'vault.' + gen);
    if (old.length > 0) await area.remove(old);
    return gen;
  }

  // Settings are not secret and live beside the vault in chrome.storage.local.
  const DEFAULT_AUTOLOCK_MINUTES = 15;

  function validMinutes(m) {
    return Number.isInteger(m) && m >= 1 && m <= 1440;
  }

  async function loadSettings(area) {
    const { settings } = await area.get('settings');
    const m = isObject(settings) ? settings.autoLockMinutes : undefined;
    return { autoLockMinutes: validMinutes(m) ? m : DEFAULT_AUTOLOCK_MINUTES };
  }

  // What the worker's `status` message and shell.status() both answer, read straight from storage.
  async function status(localArea, sessionArea) {
    const [{ [POINTER]: gen }, { key }, settings] =
      await Promise.all([localArea.get(POINTER), sessionArea.get('key'), loadSettings(localArea)]);
    return { initialized: gen !== undefined, unlocked: isObject(key), autoLockMinutes: settings.autoLockMinutes };
  }

  const api = {
    FORMAT, defaults, VaultError, create, seal, open, openText, unlock, rekey, load, save, validMinutes, loadSettings, status,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else globalThis.panelkeyVault = api;
})();
