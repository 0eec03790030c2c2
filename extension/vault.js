// panelkey vault storage: the encrypted chunks, their header, and where they live in chrome.storage.local
// (docs/architecture.md, "Storage"). What the chunks hold is the engine's (Go, package vault); this file encrypts,
// stores, finds and checks them. A plain script on purpose: the service worker loads it with importScripts, the pages
// with <script>, the Node tests with require. It needs only WebCrypto, atob/btoa and TextEncoder.
//
// Layout (format 2):
//   vault.h.<G>          the header of generation G: {format, vault, gen, at, kdf, index: {iv, data}}; index.data is
//                        the encrypted index {vault, gen, chunks: {id: {gen, iv, n}}, first: [ids]}
//   vault.current        a copy of the newest header: either copy alone opens the vault
//   vault.c.<g>.<t>.<id> chunk id as written at generation g by the commit tagged t (random: a commit that loses a
//                        generation conflict never overwrites the winner's chunks): AES-GCM ciphertext, base64; its
//                        nonce and tag are in the index
// The generation before the newest stays whole until the next commit (its header vault.h.<G-1>, and the chunks G
// replaced, listed in G's index as retired), so that it still opens if both copies of G's header are lost.
// Every chunk is bound to its vault, id and generation (additional data) and to its nonce in the authenticated index,
// so a chunk swapped, replayed from an older generation or cut short does not decrypt. A commit writes the new chunks,
// then the header and its copy, then removes what the new index no longer lists: cut short anywhere, the old or the
// new generation opens whole. Format 1 (vault.current = n, vault.<n> = one record) is read for migration.
'use strict';

(() => {
  const FORMAT = 2;
  const defaults = { iterations: 600000 };
  const MIN_ITERATIONS = 1000;
  // A tampered iteration count must not hang unlock for hours.
  const MAX_ITERATIONS = 10000000;

  const POINTER = 'vault.current';
  const HEADER = 'vault.h.';
  const CHUNK = 'vault.c.';
  const V1_RECORD = /^vault\.(\d+)$/;
  const HEADER_KEY = /^vault\.h\.(\d+)$/;
  const CHUNK_KEY = /^vault\.c\.\d+\.[A-Za-z0-9]+\..+$/;
  const DAMAGED = 'vault.damaged'; // format 1 records an import set aside: never removed here
  // Where the newest generation this browser saw is kept, per vault id: outside storage.local, so that an old copy of
  // storage.local written back (a rollback) is noticed (see seen, remember).
  const SEEN = 'vault.seen';

  const subtle = globalThis.crypto.subtle;
  const utf8 = new TextEncoder();

  class VaultError extends Error {
    constructor(code, message, extra) {
      super(message);
      this.name = 'VaultError';
      this.code = code;
      Object.assign(this, extra);
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
    // Chrome 140+ encodes natively: 18 MB in ~9 ms instead of ~107.
    if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
    let s = '';
    // Chunked: String.fromCharCode(...big) overflows the stack for a few hundred KiB.
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  // Sextet of each base64 character code, -1 for anything else.
  const B64 = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

  // Returns null for anything that is not canonical base64 (^[A-Za-z0-9+/]*={0,2}$, length a multiple of 4), so
  // callers can name the damaged field. One pass that checks and decodes (a regular expression plus atob took ~4× as
  // long on a large record).
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

  const utf8Strict = new TextDecoder('utf-8', { fatal: true });

  function text(plain, what) {
    try {
      return utf8Strict.decode(plain);
    } catch {
      throw corrupt(what);
    }
  }

  function parse(s, what) {
    try {
      return JSON.parse(s);
    } catch {
      throw corrupt(what);
    }
  }

  // ---- Keys

  function checkKdf(kdf) {
    if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw corrupt('key derivation header');
    if (!Number.isInteger(kdf.iterations) || kdf.iterations < MIN_ITERATIONS || kdf.iterations > MAX_ITERATIONS) {
      throw corrupt('iteration count');
    }
    bytesField(kdf.salt, 16, 'salt');
    bytesField(kdf.check, 16, 'password check');
  }

  // PBKDF2 → 256-bit master secret → HKDF: the AES key, and a check value stored in the header. The check lets unlock
  // say "wrong password" (check differs) instead of "damaged" (check matches but nothing decrypts) without costing an
  // attacker less than a decryption attempt would.
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

  // A key is {raw, kdf}: the AES key (base64) and the KDF parameters it was derived with (salt, iterations, check).
  // This object is what lives in chrome.storage.session; the password is never kept.
  async function create(password, opts = {}) {
    const iterations = opts.iterations ?? defaults.iterations;
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new VaultError('bad-request', 'Unsupported iteration count.');
    }
    const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toB64(random(16)) };
    const { raw, check } = await derive(password, kdf);
    return { raw: toB64(raw), kdf: { ...kdf, check } };
  }

  // The imported AES key of a key object, made once per key object: pages and the worker decrypt many chunks with it.
  const cryptoKeys = new WeakMap();
  function aesKey(key) {
    let k = cryptoKeys.get(key);
    if (!k) {
      const raw = fromB64(key && key.raw);
      if (raw === null || raw.length !== 32 || !isObject(key.kdf)) throw new VaultError('bad-request', 'Not a vault key.');
      k = subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
      cryptoKeys.set(key, k);
    }
    return k;
  }

  function sameKdf(a, b) {
    return isObject(a) && isObject(b) && a.salt === b.salt && a.iterations === b.iterations && a.check === b.check;
  }

  // ---- Headers and the index

  function indexAAD(h) {
    return utf8.encode(JSON.stringify(['panelkey vault index', FORMAT, h.vault, h.gen, h.at,
      h.kdf.name, h.kdf.hash, h.kdf.iterations, h.kdf.salt, h.kdf.check]));
  }

  function chunkAAD(vault, id, gen) {
    return utf8.encode(JSON.stringify(['panelkey vault chunk', vault, id, gen]));
  }

  // Checks a header's shape (not its authenticity: that needs the key). Returns it, or throws vault-corrupt.
  function checkHeader(h) {
    if (!isObject(h) || h.format !== FORMAT) throw corrupt('header');
    if (typeof h.vault !== 'string' || fromB64(h.vault) === null) throw corrupt('vault id');
    if (!Number.isSafeInteger(h.gen) || h.gen < 1 || !Number.isSafeInteger(h.at)) throw corrupt('generation');
    checkKdf(h.kdf);
    if (!isObject(h.index)) throw corrupt('index');
    bytesField(h.index.iv, 12, 'index nonce');
    bytesField(h.index.data, -16, 'index');
    return h;
  }

  // The header's index, or null when it does not authenticate under key (wrong key, or damage).
  async function openIndex(key, h) {
    let plain;
    try {
      plain = await subtle.decrypt({ name: 'AES-GCM', iv: fromB64(h.index.iv), additionalData: indexAAD(h) },
        await aesKey(key), fromB64(h.index.data));
    } catch {
      return null;
    }
    const index = parse(text(plain, 'index'), 'index');
    if (!isObject(index) || index.vault !== h.vault || index.gen !== h.gen || !isObject(index.chunks)) throw corrupt('index');
    if (!Array.isArray(index.retired) || !index.retired.every((k) => typeof k === 'string' && CHUNK_KEY.test(k))) index.retired = [];
    for (const [id, c] of Object.entries(index.chunks)) {
      if (!isObject(c) || !Number.isSafeInteger(c.gen) || c.gen < 1 || c.gen > h.gen || !Number.isSafeInteger(c.n) ||
          fromB64(c.iv) === null || typeof c.t !== 'string' || !/^[A-Za-z0-9]+$/.test(c.t)) throw corrupt('index');
    }
    if (!Array.isArray(index.first)) index.first = [];
    return index;
  }

  async function sealIndex(key, h, index) {
    const iv = random(12);
    const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: indexAAD(h) }, await aesKey(key),
      utf8.encode(JSON.stringify(index)));
    return { ...h, index: { iv: toB64(iv), data: toB64(new Uint8Array(data)) } };
  }

  // The storage key of chunk id as the index lists it (c: {gen, t, iv, n}).
  function chunkKey(id, c) {
    return CHUNK + c.gen + '.' + c.t + '.' + id;
  }

  // Every key of the area (Chrome 130+: getKeys; elsewhere the values come along).
  async function keysOf(area) {
    if (typeof area.getKeys === 'function') return area.getKeys();
    return Object.keys(await area.get(null));
  }

  // What storage holds, without reading the chunks: {headers: [newest first], v1: {gen, record} | null, any}. headers
  // are the well-formed format 2 headers (vault.current's copy and every vault.h.<G>), each {h, from: [keys holding
  // it]}; a damaged one
  // is left out (its newer sibling or an older one opens instead). any: some vault data is there at all.
  async function survey(area) {
    const { [POINTER]: pointer } = await area.get(POINTER);
    const keys = await keysOf(area);
    const headerKeys = keys.filter((k) => HEADER_KEY.test(k));
    const stored = headerKeys.length > 0 ? await area.get(headerKeys) : {};
    const headers = [];
    const add = (h, from) => {
      try {
        checkHeader(h);
      } catch {
        return;
      }
      const same = headers.find((x) => x.h.gen === h.gen && JSON.stringify(x.h) === JSON.stringify(h));
      if (same) same.from.push(from);
      else headers.push({ h, from: [from] });
    };
    if (isObject(pointer)) add(pointer, POINTER);
    for (const k of headerKeys) add(stored[k], k);
    headers.sort((a, b) => b.h.gen - a.h.gen);
    let v1 = null;
    if (Number.isSafeInteger(pointer) && pointer > 0 && keys.includes('vault.' + pointer)) {
      v1 = { gen: pointer, key: 'vault.' + pointer };
    } else if (headers.length === 0) {
      // No pointer: the newest format 1 record there is.
      const gens = keys.map((k) => V1_RECORD.exec(k)).filter(Boolean).map((m) => Number(m[1])).sort((a, b) => b - a);
      if (gens.length > 0) v1 = { gen: gens[0], key: 'vault.' + gens[0] };
    }
    return { headers, v1, keys, any: keys.some(isErasable) };
  }

  // Is every chunk the index lists present, with the length it recorded? (A cut-short write leaves none missing: the
  // header is written after its chunks. This is damage or deletion.)
  async function complete(area, index, keys) {
    const have = new Set(keys);
    return Object.entries(index.chunks).every(([id, c]) => have.has(chunkKey(id, c)));
  }

  // The vault as the newest header that authenticates under key and whose chunks are all there: {h, index, from,
  // recovered}. recovered says what was missing or damaged, when it is not vault.current's own generation opening
  // ("pointer": vault.current was missing or damaged; "header": the newest generation's was).
  async function openNewest(area, key, s) {
    for (const { h, from } of s.headers) {
      if (!sameKdf(key.kdf, h.kdf)) continue;
      const index = await openIndex(key, h);
      if (index && await complete(area, index, s.keys)) {
        const newest = s.headers[0].h.gen === h.gen;
        const copies = s.headers.filter((x) => x.h.gen === h.gen).flatMap((x) => x.from);
        let recovered = null;
        if (!newest) recovered = 'older';
        else if (!copies.includes(POINTER)) recovered = 'pointer';
        else if (copies.length < 2) recovered = 'header';
        return { h, index, from, recovered };
      }
    }
    return null;
  }

  // ---- Unlock

  // → {key, h, index, recovered} for a format 2 vault, or {key, v1: {gen, text}} for a format 1 one to migrate. Wrong
  // password and damage are told apart by kdf.check. Storage is never written here.
  //
  // The usual case reads three keys: vault.current, its copy under its generation, and the next generation's (none);
  // the password's key opens the index, and that is all (no chunk is read: a damaged one is reported when it is).
  // Anything else (a copy missing or different, a newer header) goes the long way: every header there is (survey).
  async function unlock(password, area) {
    const derived = new Map(); // salt/iterations → {raw, check}: derived once whichever way goes
    const deriveOnce = async (kdf) => {
      const id = kdf.salt + '/' + kdf.iterations;
      if (!derived.has(id)) derived.set(id, await derive(password, kdf));
      return derived.get(id);
    };
    const { [POINTER]: pointer } = await area.get(POINTER);
    let h = null;
    try {
      h = isObject(pointer) ? checkHeader(pointer) : null;
    } catch {
      h = null;
    }
    if (h) {
      const copies = await area.get([HEADER + h.gen, HEADER + (h.gen + 1)]);
      if (copies[HEADER + (h.gen + 1)] === undefined && JSON.stringify(copies[HEADER + h.gen]) === JSON.stringify(pointer)) {
        const { raw, check } = await deriveOnce(h.kdf);
        const key = { raw: toB64(raw), kdf: h.kdf };
        const index = check === h.kdf.check ? await openIndex(key, h) : null;
        if (index) return { key, h, index, from: POINTER, recovered: null };
      }
    }
    const s = await survey(area);
    if (s.headers.length === 0) {
      if (s.v1) return unlockV1(password, area, s.v1);
      if (s.any) throw corrupt('no header left');
      throw new VaultError('not-initialized', 'No vault yet. Choose a password first.');
    }
    // Each KDF parameter set the headers use, newest first: after a password change an older header may have another.
    let checked = false;
    for (const { h: header } of s.headers) {
      const { raw, check } = await deriveOnce(header.kdf);
      if (check !== header.kdf.check) continue;
      checked = true;
      const opened = await openNewest(area, { raw: toB64(raw), kdf: header.kdf }, s);
      if (opened) return { key: { raw: toB64(raw), kdf: opened.h.kdf }, ...opened };
    }
    if (!checked) throw wrongPassword();
    throw corrupt('no generation authenticates');
  }

  // ---- Chunks

  // Decrypts the chunks ids of the vault whose header and index are h and index: {id: text}. A chunk the index does
  // not list is missing from the answer; one that is listed but absent or does not authenticate throws vault-corrupt.
  // onProgress('decrypt', done, total), if given, after each chunk.
  async function readChunks(area, key, h, index, ids, onProgress) {
    const wanted = ids.filter((id) => Object.hasOwn(index.chunks, id));
    const names = wanted.map((id) => chunkKey(id, index.chunks[id]));
    const stored = names.length > 0 ? await area.get(names) : {};
    const k = await aesKey(key);
    const out = {};
    let done = 0;
    await Promise.all(wanted.map(async (id, i) => {
      const c = index.chunks[id];
      const data = fromB64(stored[names[i]]);
      if (data === null || data.length !== c.n) throw corrupt('chunk ' + id + (data === null ? ' missing' : ' cut short'));
      let plain;
      try {
        plain = await subtle.decrypt({ name: 'AES-GCM', iv: fromB64(c.iv), additionalData: chunkAAD(h.vault, id, c.gen) }, k, data);
      } catch {
        throw corrupt('chunk ' + id + ' does not authenticate');
      }
      out[id] = text(plain, 'chunk ' + id);
      if (onProgress) onProgress('decrypt', ++done, wanted.length);
    }));
    return out;
  }

  async function sealChunk(k, vault, id, gen, plainText) {
    const iv = random(12);
    const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: chunkAAD(vault, id, gen) }, k,
      utf8.encode(plainText)));
    return { iv: toB64(iv), data: toB64(data), n: data.length };
  }

  // ---- Commit

  // Stores a new generation: the chunks written ({id: text}) are encrypted and stored first, then the header (and its
  // copy, vault.current). base is {h, index}, the generation the changes were made on: when storage has moved on since,
  // nothing of the new generation is made current and this throws generation-conflict (the caller applies its edits
  // again to the newer vault). The previous generation stays whole one commit longer (its header, and the chunks this
  // commit replaced or removed, listed as the new index's `retired`): with both copies of the newest header gone, it
  // still opens. What the generation before it left is removed. first: the chunks a page paints first (the engine's
  // choice), kept in the index. opts.onProgress(stage, done?, total?), if given: 'encrypt' after each chunk, then
  // 'store'. Everything is encrypted before anything is stored; a commit that fails after storing some of its chunks
  // removes them again (they are under keys no header lists). → {h, index}.
  async function commit(area, key, base, written, removed, opts = {}) {
    const gen = base.h.gen + 1;
    const vault = base.h.vault;
    const k = await aesKey(key);
    const onProgress = opts.onProgress || (() => {});
    await checkGeneration(area, base);
    const t = toB64(random(6)).replace(/[+/]/g, 'x');
    const chunks = { ...base.index.chunks };
    const items = {};
    const ids = Object.keys(written);
    let done = 0;
    await Promise.all(ids.map(async (id) => {
      if (id === '') throw new VaultError('bad-request', 'Not a chunk id.');
      const c = await sealChunk(k, vault, id, gen, written[id]);
      chunks[id] = { gen, t, iv: c.iv, n: c.n };
      items[chunkKey(id, chunks[id])] = c.data;
      onProgress('encrypt', ++done, ids.length);
    }));
    for (const id of removed) delete chunks[id];
    onProgress('store');
    let h;
    let index;
    try {
      if (ids.length > 0) await area.set(items);
      // Again right before the new generation becomes current: nothing may have committed while the chunks were stored.
      await checkGeneration(area, base);
      const retired = [];
      for (const [id, c] of Object.entries(base.index.chunks)) {
        if (!chunks[id] || chunks[id] !== c) retired.push(chunkKey(id, c));
      }
      index = { vault, gen, chunks, first: opts.first || base.index.first || [], retired };
      h = await sealIndex(key, { format: FORMAT, vault, gen, at: Date.now(), kdf: key.kdf }, index);
      await area.set({ [HEADER + gen]: h, [POINTER]: h });
    } catch (err) {
      // Not made current (or not known to be): what this commit stored goes, best effort (sweep takes what is left).
      // Unless the header may have been stored: then the new generation may be the current one.
      if (!h) await area.remove(Object.keys(items)).catch(() => {});
      throw err;
    }

    // What only the generation before base used. A failure here leaves garbage, never a broken vault: sweep takes it.
    const stale = [HEADER + (base.h.gen - 1), ...(base.index.retired || [])];
    try {
      await area.remove(stale);
    } catch {
      // left for sweep
    }
    return { h, index };
  }

  // The generation check: the vault in storage must still be the generation base (what the changes were made on).
  async function checkGeneration(area, base) {
    const now = await currentGen(area);
    if (now !== base.h.gen) {
      throw new VaultError('generation-conflict', 'The vault changed while this change was being saved.', { current: now });
    }
  }

  // The generation storage holds now: vault.current's, else the newest header key's; 0 for none.
  async function currentGen(area) {
    const { [POINTER]: pointer } = await area.get(POINTER);
    if (isObject(pointer) && Number.isSafeInteger(pointer.gen)) return pointer.gen;
    const gens = (await keysOf(area)).map((k) => HEADER_KEY.exec(k)).filter(Boolean).map((m) => Number(m[1]));
    return gens.length > 0 ? Math.max(...gens) : 0;
  }

  // A new vault (setup, an import into an empty profile, a migration): every chunk at generation 1 under a new vault
  // id. Refuses when any vault data is stored: setup never erases (see erase). → {h, index}.
  async function init(area, key, chunks, opts = {}) {
    const s = await survey(area);
    if (s.any && !opts.replacing) throw existsError(s);
    const vault = toB64(random(12));
    // The generation check of commit: 0 for a profile without format 2 headers; over damaged ones (replacing), theirs.
    const base = { h: { vault, gen: opts.replacing ? await currentGen(area) : 0 }, index: { chunks: {}, first: [] } };
    return commit(area, key, base, chunks, [], opts);
  }

  // Throws vault-exists, naming what is there, when storage holds any vault data.
  async function assertEmpty(area) {
    const s = await survey(area);
    if (s.any) throw existsError(s);
  }

  function existsError(s) {
    const newest = s.headers[0] && s.headers[0].h;
    const what = newest
      ? 'a vault last changed ' + new Date(newest.at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC (generation ' + newest.gen + ')'
      : s.v1 ? 'a vault of an earlier panelkey version' : 'damaged vault data';
    return new VaultError('vault-exists',
      'This browser still holds ' + what + '. Unlock it, or import an export; to start over, erase it first (everything in it is lost).',
      { found: newest ? { gen: newest.gen, at: newest.at } : {} });
  }

  // Removes every vault key storage holds except what the generation {h, index} and the one before it use (see commit)
  // and the set-aside format 1 records (vault.damaged): older and newer generations' headers and chunks, format 1
  // records (after a migration). previous: false removes the generation before too (after a password change). Call it
  // only once that generation opened and is the newest there is (unlock does). → how many keys went.
  async function sweep(area, h, index, opts = {}) {
    const keep = new Set([POINTER, DAMAGED, HEADER + h.gen]);
    if (opts.previous !== false) [HEADER + (h.gen - 1), ...(index.retired || [])].forEach((k) => keep.add(k));
    for (const [id, c] of Object.entries(index.chunks)) keep.add(chunkKey(id, c));
    const stale = (await keysOf(area)).filter((k) => k.startsWith('vault.') && !keep.has(k));
    if (stale.length > 0) await area.remove(stale);
    return stale.length;
  }

  // Rewrites vault.current and vault.h.<G> from a header that opened (after recovery). Writes only headers.
  async function repair(area, h) {
    await area.set({ [HEADER + h.gen]: h, [POINTER]: h });
  }

  // Every key erase removes: all vault data, whatever its state.
  function isErasable(key) {
    return key.startsWith('vault.') && key !== SEEN;
  }

  // What erase would remove, as stored, and the survey of storage it was read with: {s, stored: {key: value}}.
  async function erasableData(area) {
    const s = await survey(area);
    const keys = s.keys.filter(isErasable);
    return { s, stored: keys.length > 0 ? await area.get(keys) : {} };
  }

  // Everything vault-related goes: the only way past a forgotten password. The caller has the user's confirmation.
  async function erase(area) {
    const keys = (await keysOf(area)).filter(isErasable);
    if (keys.length > 0) await area.remove(keys);
    return keys.length;
  }

  // What storage holds, named without the password: what erase would lose. kind: 'none', 'vault' (gen and at: the
  // newest readable header's), 'earlier' (a format 1 record: gen is its number) or 'damaged' (vault keys, no header
  // that reads); parts and bytes: every key erase removes, and their stored JSON's length. → {kind, gen, at, parts,
  // bytes}: a reset must name the same gen and parts, so that an erase confirmed on what the page showed never takes
  // a vault that changed since.
  async function describe(area) {
    const { s, stored } = await erasableData(area);
    const keys = Object.keys(stored);
    const bytes = keys.reduce((n, k) => n + k.length + JSON.stringify(stored[k]).length, 0);
    const newest = s.headers[0] && s.headers[0].h;
    if (newest) return { kind: 'vault', gen: newest.gen, at: newest.at, parts: keys.length, bytes };
    if (s.v1) return { kind: 'earlier', gen: s.v1.gen, at: 0, parts: keys.length, bytes };
    return { kind: keys.length > 0 ? 'damaged' : 'none', gen: 0, at: 0, parts: keys.length, bytes };
  }

  // Every key erase removes, as a file, still encrypted: kept before an erase, for the day the password comes back.
  // Whatever import can open leads: a format 2 vault's export (the newest readable header, every stored chunk of any
  // generation: openFile reads the ones its index lists), or a format 1 vault's record; every other key follows in
  // keys, as stored. Damaged data without either is {panelkey: 'vault data', keys}: no import opens it, nothing is lost.
  async function backupFile(area) {
    const { s, stored } = await erasableData(area);
    const except = (taken) => Object.fromEntries(Object.entries(stored).filter(([k]) => !taken(k)));
    const newest = s.headers[0] && s.headers[0].h;
    let file = { panelkey: 'vault data', keys: stored };
    if (newest) {
      const isChunk = (k) => CHUNK_KEY.test(k);
      const chunks = Object.fromEntries(Object.entries(stored).filter(([k]) => isChunk(k)));
      file = { panelkey: 'vault export', format: FORMAT, header: newest, chunks, keys: except(isChunk) };
    } else if (s.v1) {
      file = { ...stored[s.v1.key], keys: except((k) => k === s.v1.key) };
    }
    return JSON.stringify(file, null, 1);
  }

  // ---- Rollback

  // The newest generation of vault id this browser saw: the larger of storage.session's (this browser session) and
  // storage.sync's (kept across restarts, and not part of storage.local).
  async function seen(sessionArea, syncArea, vault) {
    const [{ [SEEN]: s }, synced] = await Promise.all([
      sessionArea.get(SEEN),
      syncArea ? syncArea.get(SEEN + '.' + vault).catch(() => ({})) : {},
    ]);
    const a = isObject(s) && Number.isSafeInteger(s[vault]) ? s[vault] : 0;
    const b = Number.isSafeInteger(synced[SEEN + '.' + vault]) ? synced[SEEN + '.' + vault] : 0;
    return Math.max(a, b);
  }

  // Notes generation gen of vault as seen: in storage.session always; in storage.sync when sync is given (the caller
  // limits those writes: sync allows ~2 a second). A mark only grows, unless exact (the user chose to open an older
  // vault: from then on that one is the newest seen).
  async function remember(sessionArea, syncArea, vault, gen, { exact = false } = {}) {
    const { [SEEN]: s } = await sessionArea.get(SEEN);
    const all = isObject(s) ? s : {};
    if (exact || (all[vault] || 0) < gen) await sessionArea.set({ [SEEN]: { ...all, [vault]: gen } });
    if (syncArea) {
      try {
        const name = SEEN + '.' + vault;
        const { [name]: old } = await syncArea.get(name);
        if (exact || !(Number.isSafeInteger(old) && old >= gen)) await syncArea.set({ [name]: gen });
      } catch {
        // sync may be unavailable or over quota: storage.session still has it for this browser session
      }
    }
  }

  function rollbackError(h, last) {
    return new VaultError('vault-rollback',
      'The stored vault is older (generation ' + h.gen + ') than the one this browser last saw (generation ' + last +
      '): it may have been replaced with an old copy. Nothing was changed.', { gen: h.gen, seen: last, params: [String(h.gen)] });
  }

  // ---- Format 1 (migration, and export files made by earlier versions)

  function aadV1(r) {
    return utf8.encode(JSON.stringify([r.format, r.kdf.name, r.kdf.hash, r.kdf.iterations, r.kdf.salt, r.cipher.name]));
  }

  function readV1(record) {
    if (!isObject(record) || record.format !== 1) throw corrupt('record');
    checkKdf(record.kdf);
    if (!isObject(record.cipher) || record.cipher.name !== 'AES-GCM') throw corrupt('cipher header');
    return { iv: bytesField(record.cipher.iv, 12, 'nonce'), data: bytesField(record.data, -16, 'data'), aad: aadV1(record) };
  }

  // → {key, v1: {gen, text}}: the format 1 document's text, and the key (its parameters are kept for format 2).
  async function unlockV1(password, area, found) {
    const { [found.key]: record } = await area.get(found.key);
    const opened = await openV1(password, record);
    return { key: opened.key, v1: { gen: found.gen, text: opened.text } };
  }

  async function openV1(password, record) {
    const r = readV1(record);
    const { raw, check } = await derive(password, record.kdf);
    let plain = null;
    try {
      plain = await subtle.decrypt({ name: 'AES-GCM', iv: r.iv, additionalData: r.aad },
        await subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']), r.data);
    } catch {
      // told apart below
    }
    const checkOK = check === record.kdf.check;
    if (!checkOK && plain === null) throw wrongPassword();
    if (plain === null) throw corrupt('authentication failed');
    if (!checkOK) throw corrupt('password check');
    return { key: { raw: toB64(raw), kdf: record.kdf }, text: text(plain, 'contents') };
  }

  // ---- Export files

  // The vault as one file: its header and every chunk, as stored (still encrypted). Opens with the password it was
  // made under (openFile).
  async function exportFile(area, h, index) {
    const names = Object.entries(index.chunks).map(([id, c]) => chunkKey(id, c));
    const chunks = names.length > 0 ? await area.get(names) : {};
    return JSON.stringify({ panelkey: 'vault export', format: FORMAT, header: h, chunks }, null, 1);
  }

  // Opens an export file (format 2, or format 1's record) with its password. → {chunks: {id: text}} or {document}.
  // opts.onProgress('decrypt', done, total): after each chunk decrypted.
  async function openFile(fileText, password, opts = {}) {
    const f = parse(fileText, 'file');
    if (isObject(f) && f.format === 1) return { document: (await openV1(password, f)).text };
    if (!isObject(f) || f.panelkey !== 'vault export' || f.format !== FORMAT || !isObject(f.chunks)) throw corrupt('file');
    const h = checkHeader(f.header);
    const { raw, check } = await derive(password, h.kdf);
    const key = { raw: toB64(raw), kdf: h.kdf };
    const index = await openIndex(key, h);
    if (check !== h.kdf.check && index === null) throw wrongPassword();
    if (index === null || check !== h.kdf.check) throw corrupt('file header');
    const area = { get: async (names) => Object.fromEntries(names.filter((n) => Object.hasOwn(f.chunks, n)).map((n) => [n, f.chunks[n]])) };
    return { chunks: await readChunks(area, key, h, index, Object.keys(index.chunks), opts.onProgress) };
  }

  // ---- The current vault, for readers holding the session key (pages, the worker)

  // Reads the current header, checks it against key and the rollback mark, and opens its index. → {h, index} or throws
  // (key-mismatch when the key is not this vault's any more: a password change or an import since).
  async function current(area, key, sessionArea) {
    const s = await survey(area);
    if (s.headers.length === 0) {
      if (s.any) throw corrupt('no header left');
      throw new VaultError('not-initialized', 'No vault yet. Choose a password first.');
    }
    if (!sameKdf(key.kdf, s.headers[0].h.kdf)) {
      throw new VaultError('key-mismatch', 'The vault changed since it was unlocked. Unlock it again.');
    }
    const opened = await openNewest(area, key, s);
    if (!opened) throw corrupt('no generation authenticates');
    if (sessionArea) {
      const last = await seen(sessionArea, null, opened.h.vault);
      if (opened.h.gen < last) throw rollbackError(opened.h, last);
    }
    return opened;
  }

  // The fast path of current for a page: vault.current alone (one small read), falling back to current's survey when
  // it is missing or does not open.
  async function currentFast(area, key, sessionArea) {
    const [{ [POINTER]: h }, { [SEEN]: s }] = await Promise.all([area.get(POINTER), sessionArea.get(SEEN)]);
    try {
      checkHeader(h);
    } catch {
      return current(area, key, sessionArea);
    }
    if (!sameKdf(key.kdf, h.kdf)) throw new VaultError('key-mismatch', 'The vault changed since it was unlocked. Unlock it again.');
    const index = await openIndex(key, h);
    if (!index) return current(area, key, sessionArea);
    const last = isObject(s) && Number.isSafeInteger(s[h.vault]) ? s[h.vault] : 0;
    if (h.gen < last) throw rollbackError(h, last);
    return { h, index, from: POINTER, recovered: null };
  }

  // Settings are mirrored beside the vault in chrome.storage.local (not secret): the worker reads the auto-lock delay
  // there at every message; the vault's own copy (meta chunk) is the one kept.
  const DEFAULT_AUTOLOCK_MINUTES = 15;

  function validMinutes(m) {
    return Number.isInteger(m) && m >= 1 && m <= 1440;
  }

  async function loadSettings(area) {
    const { settings } = await area.get('settings');
    const m = isObject(settings) ? settings.autoLockMinutes : undefined;
    return { autoLockMinutes: validMinutes(m) ? m : DEFAULT_AUTOLOCK_MINUTES };
  }

  // What the worker's `status` message and shell.status() both answer, read straight from storage. initialized: any
  // vault data is stored (even one that needs recovering): the pages then offer unlock, never setup.
  async function status(localArea, sessionArea) {
    const [{ [POINTER]: pointer }, { key }, settings] =
      await Promise.all([localArea.get(POINTER), sessionArea.get('key'), loadSettings(localArea)]);
    const initialized = pointer !== undefined || (await survey(localArea)).any;
    return { initialized, unlocked: isObject(key), autoLockMinutes: settings.autoLockMinutes };
  }

  const api = {
    FORMAT, defaults, VaultError, POINTER, create, unlock, survey, current, currentFast, readChunks, commit, init, assertEmpty, sweep,
    repair, erase, describe, backupFile, seen, remember, rollbackError, openFile, exportFile, validMinutes, loadSettings, status, keysOf,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else globalThis.panelkeyVault = api;
})();
