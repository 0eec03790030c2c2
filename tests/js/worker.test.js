'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadWorker, clone } = require('./harness.js');

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'vault-v1.json'), 'utf8'));

const PW = 'correct horse battery';

async function fail(h, msg, code) {
  const reply = await h.send(msg);
  assert.equal(reply.ok, false, JSON.stringify(reply));
  assert.equal(reply.error.code, code, reply.error.message);
  assert.equal(typeof reply.error.message, 'string');
  return reply.error;
}

async function ready(opts) {
  const h = await loadWorker(opts);
  await h.ok({ type: 'setup', password: PW });
  return h;
}

function server(extra = {}) {
  return {
    id: 's1', name: 'main', address: 'host.example', baseURL: 'https://host.example:2087',
    whm: { user: 'root', token: 'WHMTOKEN123', password: '', accessHash: '', totp: null },
    accounts: [{
      id: 'a1', user: 'bob', domain: 'bob.example', owner: 'root', suspended: false, password: 'bob-secret-pw',
      apiToken: '', totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
      mailboxes: [{ email: 'info@bob.example', password: 'mail-secret-pw' }],
    }],
    accountsFetchedAt: 0,
    ...extra,
  };
}

function docWith(...servers) {
  return { version: 1, servers, authenticators: [], history: [] };
}

// A document as vault.read gives it back: this version's, with the vault's settings.
function stored(doc, autoLockMinutes = 15) {
  return { ...doc, version: 2, settings: { autoLockMinutes } };
}

function storedText(h) {
  return JSON.stringify(h.local.snapshot()) + JSON.stringify(h.session.snapshot());
}

test('status, setup, lock, unlock; the password is never stored', async () => {
  const h = await loadWorker();
  assert.deepEqual(await h.ok({ type: 'status' }), { ok: true, initialized: false, unlocked: false, autoLockMinutes: 15 });
  await fail(h, { type: 'unlock', password: PW }, 'not-initialized');
  await fail(h, { type: 'setup', password: 'short' }, 'password-too-short');

  await h.ok({ type: 'setup', password: PW });
  assert.deepEqual(await h.ok({ type: 'status' }), { ok: true, initialized: true, unlocked: true, autoLockMinutes: 15 });
  assert.deepEqual(h.alarms.get('autolock'), { delayInMinutes: 15 });
  assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored({ servers: [], authenticators: [], history: [] }));
  const exists = await fail(h, { type: 'setup', password: PW }, 'vault-exists');
  assert.match(exists.message, /erase/);

  assert.equal(h.engines.length, 1);
  await h.ok({ type: 'lock' });
  assert.equal((await h.ok({ type: 'status' })).unlocked, false);
  assert.equal(h.alarms.has('autolock'), false);
  await fail(h, { type: 'vault.read' }, 'locked');
  // The engine that held the vault exited and its memory is zeroes; another one runs.
  assert.equal(h.engines.length, 2, 'a new engine started at Lock');
  assert.equal(h.engines[0].go.exited, true);
  assert.ok(new Uint8Array(h.engines[0].instance.exports.mem.buffer).every((x) => x === 0), 'the old engine\'s memory is zeroed');
  assert.equal(h.engines[1].go.exited, false);

  const before = h.local.snapshot();
  const err = await fail(h, { type: 'unlock', password: 'not the password' }, 'wrong-password');
  assert.ok(!err.message.includes('not the password'));
  assert.deepEqual(h.local.snapshot(), before);

  await h.ok({ type: 'unlock', password: PW });
  assert.equal((await h.ok({ type: 'status' })).unlocked, true);
  assert.ok(!storedText(h).includes(PW));
});

test('vault.write / vault.read round trip; secrets are only stored encrypted', async () => {
  const h = await ready();
  const doc = docWith(server());
  await h.ok({ type: 'vault.write', data: doc });
  assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored(doc));
  assert.deepEqual(JSON.parse((await h.ok({ type: 'vault.read', text: true })).text), stored(doc), 'or as its JSON text');
  for (const secret of ['WHMTOKEN123', 'bob-secret-pw', 'mail-secret-pw', 'JBSWY3DPEHPK3PXP']) {
    assert.ok(!storedText(h).includes(secret), secret);
  }
  await fail(h, { type: 'vault.write', data: [1, 2] }, 'bad-request');
  await fail(h, { type: 'vault.write' }, 'bad-request');
  await h.ok({ type: 'lock' });
  await fail(h, { type: 'vault.write', data: doc }, 'locked');
});

test('clock.learned: the console\'s measured clock offset kept beside the logins\' ones; nonsense refused', async () => {
  // The engine's bound (totp.MaxOffset; the real one is tested in tests/wasm): the worker keeps what it refuses out.
  const clockOffset = ({ offsetSeconds }) => {
    if (Math.abs(offsetSeconds) > 366 * 86400) throw Object.assign(new Error('offsetSeconds: expects at most a year either way'), { code: 'bad-input' });
    return { offsetSeconds };
  };
  const h = await ready({ engine: { clockOffset } });
  await h.local.set({ clockOffsets: { other: -42 } });
  assert.deepEqual(await h.ok({ type: 'clock.learned', serverId: 's1', offsetSeconds: 150.5 }), { ok: true });
  assert.deepEqual(JSON.parse(h.local.snapshot().clockOffsets), { other: -42, s1: 150.5 });
  for (const bad of [Number.NaN, '150', null]) {
    await fail(h, { type: 'clock.learned', serverId: 's1', offsetSeconds: bad }, 'bad-request');
  }
  await fail(h, { type: 'clock.learned', serverId: 's1', offsetSeconds: 400 * 24 * 3600 }, 'bad-input');
  await fail(h, { type: 'clock.learned', offsetSeconds: 1 }, 'bad-request');
  assert.deepEqual(JSON.parse(h.local.snapshot().clockOffsets), { other: -42, s1: 150.5 }, 'unchanged by refused ones');
});

test('warm: the engine loaded and its warm-up run, without counting as activity for the auto-lock', async () => {
  let warmUps = 0;
  const h = await ready({ engine: { warmUp: () => { warmUps++; return { token: 'open', password: 'open' }; } } });
  h.alarms.delete('autolock');
  assert.deepEqual(await h.ok({ type: 'warm' }), { ok: true });
  assert.equal(warmUps, 1);
  assert.equal(h.alarms.has('autolock'), false, 'opening the popup is not activity');
});

test('popup.list: the popup\'s first list from the running engine, codes at the learnt clock; never waits for the engine; quiet', async () => {
  const { totp, unbase32 } = await import('../wasm/totp.mjs');
  const h = await ready();
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.local.set({ clockOffsets: { s1: 150 } });
  h.alarms.delete('autolock');
  const catalog = { lang: 'en', text: fs.readFileSync(path.join(__dirname, '..', '..', '_locales', 'en', 'messages.json'), 'utf8'), fallback: '' };
  await fail(h, { type: 'popup.list' }, 'bad-request');
  await fail(h, { type: 'popup.list', lang: 'de', catalog }, 'bad-request');
  assert.deepEqual(await h.ok({ type: 'popup.list', lang: 'en' }), { ok: true, html: '', now: 0, needCatalog: true },
    'the engine holds no catalog yet: the popup is asked for its own');
  const before = Date.now();
  const r = await h.ok({ type: 'popup.list', lang: 'en', catalog });
  assert.ok(r.now >= before && r.now <= Date.now(), 'the time its codes are for');
  const codes = [...r.html.matchAll(/data-entry-id="([^"]+)"[^>]*>(\d{6})</g)].map((m) => m.slice(1));
  assert.deepEqual(codes, [['a1', totp(unbase32('JBSWY3DPEHPK3PXP'), r.now + 150_000).code]], 'bob\'s code, at s1\'s clock');
  assert.match(r.html, /data-id="s1"/);
  assert.doesNotMatch(r.html, /JBSWY3DPEHPK3PXP|bob-secret-pw|WHMTOKEN123/, 'no secret in the list');
  assert.equal(h.alarms.has('autolock'), false, 'opening the popup is not activity');
  assert.equal(storedText(h).includes(codes[0][1]), false, 'nothing of it stored');

  const again = await h.popupAsk({ type: 'popup.list', lang: 'en' }); // as early.js asks: the popup's channel
  assert.equal(again.ok, true);
  assert.equal(h.popupAcks, 1, 'acknowledged before the answer');
  assert.equal(again.html.replace(/\d{6}|"--f:[\d.]+"|>\d+</g, ''), r.html.replace(/\d{6}|"--f:[\d.]+"|>\d+</g, ''),
    'again without the catalog: the same list (the engine kept it)');
  assert.equal((await h.ok({ type: 'popup.list', lang: 'de' })).needCatalog, true, 'another language: asked for');

  // Answered from what the worker holds: no storage read (the popup waits for it), yet every change it stores shows.
  const reads = () => h.local.calls.get + h.session.calls.get;
  let from = reads();
  const held = await h.ok({ type: 'popup.list', lang: 'en' });
  assert.equal(reads(), from, 'the vault and the clock offsets from memory');
  assert.equal(held.html.replace(/\d{6}|"--f:[\d.]+"|>\d+</g, ''), r.html.replace(/\d{6}|"--f:[\d.]+"|>\d+</g, ''));
  await h.ok({ type: 'clock.learned', serverId: 's1', offsetSeconds: -60 });
  await h.ok({ type: 'vault.edit', edit: { op: 'account.update', serverId: 's1', id: 'a1', set: { domain: 'renamed.example' } } });
  from = reads();
  const moved = await h.ok({ type: 'popup.list', lang: 'en' });
  assert.equal(reads(), from, 'still from memory after the commit and the offset stored');
  assert.match(moved.html, /renamed\.example/, 'the edit is in the next list');
  assert.deepEqual([...moved.html.matchAll(/data-entry-id="([^"]+)"[^>]*>(\d{6})</g)].map((m) => m.slice(1)),
    [['a1', totp(unbase32('JBSWY3DPEHPK3PXP'), moved.now - 60_000).code]], 'at the offset learnt since');

  await h.ok({ type: 'lock' });
  await fail(h, { type: 'popup.list', lang: 'en' }, 'locked');

  const starting = await loadWorker({ engine: null }); // an engine that has not started
  assert.deepEqual(await starting.ok({ type: 'popup.list', lang: 'en' }), { ok: true, html: '', now: 0 });
  // The channel takes the popup's first list and nothing else.
  const ignored = await Promise.race([h.popupAsk({ type: 'vault.read' }), new Promise((r) => setTimeout(() => r('no answer'), 50))]);
  assert.equal(ignored, 'no answer');
});

test('auto-lock: the alarm locks, activity re-arms it, settings change its delay, browser start locks', async () => {
  const h = await ready();
  await fail(h, { type: 'settings.set', autoLockMinutes: 0 }, 'bad-request');
  await fail(h, { type: 'settings.set', autoLockMinutes: '5' }, 'bad-request');
  await h.ok({ type: 'settings.set', autoLockMinutes: 5 });
  assert.deepEqual(h.alarms.get('autolock'), { delayInMinutes: 5 });
  assert.equal((await h.ok({ type: 'status' })).autoLockMinutes, 5);

  h.alarms.delete('autolock');
  await h.ok({ type: 'vault.read' });
  assert.deepEqual(h.alarms.get('autolock'), { delayInMinutes: 5 }, 'activity re-arms the timer');

  await h.fire('alarm', { name: 'something-else' });
  assert.equal((await h.ok({ type: 'status' })).unlocked, true);
  await h.fire('alarm', { name: 'autolock' });
  assert.equal((await h.ok({ type: 'status' })).unlocked, false);
  assert.equal(h.session.snapshot().key, undefined);

  await h.ok({ type: 'unlock', password: PW });
  await h.fire('startup');
  assert.equal((await h.ok({ type: 'status' })).unlocked, false);
});

test('a worker restarted from storage is still unlocked (nothing lives only in memory)', async () => {
  const h = await ready();
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const again = await loadWorker({ local: h.local, session: h.session });
  assert.equal((await again.ok({ type: 'vault.read' })).data.servers[0].id, 's1');
});

test('first install opens the options page; updates, and an install over a kept vault, do not', async () => {
  const h = await loadWorker();
  await h.fire('installed', { reason: 'update' });
  assert.equal(h.optionsOpened, 0);
  await h.fire('installed', { reason: 'install' });
  assert.equal(h.optionsOpened, 1);

  // Chrome reports "install" at every launch for an extension given by --load-extension; the profile kept the vault.
  const kept = await ready();
  await kept.fire('installed', { reason: 'install' });
  assert.equal(kept.optionsOpened, 0);
});

test('changePassword: wrong old password changes nothing; success re-encrypts everything', async () => {
  const h = await ready();
  const doc = docWith(server());
  await h.ok({ type: 'vault.write', data: doc });
  const before = h.local.snapshot();
  await fail(h, { type: 'changePassword', old: 'nope nope nope', new: 'another password' }, 'wrong-password');
  await fail(h, { type: 'changePassword', old: PW, new: 'short' }, 'password-too-short');
  assert.deepEqual(h.local.snapshot(), before);

  await h.ok({ type: 'changePassword', old: PW, new: 'another password' });
  assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored(doc), 'the session key follows the new vault');
  const header = JSON.parse(h.local.snapshot()['vault.current']);
  assert.notEqual(header.kdf.salt, JSON.parse(before['vault.current']).kdf.salt, 'a new salt, a new key');
  await h.ok({ type: 'lock' });
  await fail(h, { type: 'unlock', password: PW }, 'wrong-password');
  await h.ok({ type: 'unlock', password: 'another password' });
  assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored(doc));
});

test('a stale session key (worker died mid password change) locks instead of writing under the old key', async () => {
  const h = await ready();
  const oldKey = h.session.snapshot().key;
  await h.ok({ type: 'changePassword', old: PW, new: 'another password' });
  await h.session.set({ key: JSON.parse(oldKey) });
  await fail(h, { type: 'vault.write', data: docWith() }, 'locked');
  assert.equal((await h.ok({ type: 'status' })).unlocked, false);
});

test('unlocking a record with fewer iterations than today re-seals it at current parameters', async () => {
  const h = await ready({ iterations: 1000 });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.ok({ type: 'lock' });
  h.ctx.panelkeyVault.defaults.iterations = 2000;
  await h.ok({ type: 'unlock', password: PW });
  assert.equal(JSON.parse(h.local.snapshot()['vault.current']).kdf.iterations, 2000);
  assert.equal((await h.ok({ type: 'vault.read' })).data.servers[0].id, 's1');
  await h.ok({ type: 'lock' });
  await h.ok({ type: 'unlock', password: PW });
});

test('export and import', async (t) => {
  const h = await ready();
  const doc = docWith(server());
  await h.ok({ type: 'vault.write', data: doc });
  const { file } = await h.ok({ type: 'export' });
  assert.ok(!file.includes('WHMTOKEN123'));
  assert.equal(JSON.parse(file).format, 2);

  await t.test('into a fresh install: the file password becomes the vault password', async () => {
    const fresh = await loadWorker();
    await fail(fresh, { type: 'import', file, password: 'wrong password' }, 'import-wrong-password');
    assert.deepEqual(fresh.local.snapshot(), {});
    await fail(fresh, { type: 'import', file: '{"format":1', password: PW }, 'import-invalid');
    await fail(fresh, { type: 'import', file: '{"hello":1}', password: PW }, 'import-invalid');
    await fresh.ok({ type: 'import', file, password: PW });
    assert.deepEqual((await fresh.ok({ type: 'vault.read' })).data, stored(doc));
    await fresh.ok({ type: 'lock' });
    await fresh.ok({ type: 'unlock', password: PW });
  });

  await t.test('into an existing vault: replaces the document, keeps the current password', async () => {
    const other = await ready();
    await other.ok({ type: 'changePassword', old: PW, new: 'other vault password' });
    await other.ok({ type: 'lock' });
    await fail(other, { type: 'import', file, password: PW }, 'locked');
    await other.ok({ type: 'unlock', password: 'other vault password' });
    await other.ok({ type: 'import', file, password: PW });
    assert.deepEqual((await other.ok({ type: 'vault.read' })).data, stored(doc));
    await other.ok({ type: 'lock' });
    await other.ok({ type: 'unlock', password: 'other vault password' });
  });

  await t.test('a format 1 export (the previous version\'s) imports', async () => {
    const fresh = await loadWorker();
    await fresh.ok({ type: 'import', file: FIXTURE.exportFile, password: FIXTURE.password });
    assert.deepEqual((await fresh.ok({ type: 'vault.read' })).data, stored(FIXTURE.expected), 'its settings were outside the file');
  });

  await t.test('export needs an unlocked vault', async () => {
    await h.ok({ type: 'lock' });
    await fail(h, { type: 'export' }, 'locked');
  });
});

test('a damaged vault is reported, never reset; an import restores it and keeps the damaged copy', async () => {
  const h = await ready();
  const { file } = await h.ok({ type: 'export' });
  await h.ok({ type: 'lock' });
  const header = JSON.parse(h.local.snapshot()['vault.current']);
  header.index.data = header.index.data.slice(0, 20); // shorter than an AES-GCM tag
  await h.local.set({ 'vault.current': header, ['vault.h.' + header.gen]: header });

  await fail(h, { type: 'unlock', password: PW }, 'vault-corrupt');
  await fail(h, { type: 'setup', password: PW }, 'vault-exists');
  assert.equal((await h.ok({ type: 'status' })).initialized, true);

  await h.ok({ type: 'import', file, password: PW });
  assert.ok(h.local.snapshot()['vault.damaged']);
  assert.equal((await h.ok({ type: 'vault.read' })).ok, true);
});

test('reset erases only the vault it was shown: vault.describe names it, a vault changed since is kept', async () => {
  const h = await ready();
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.ok({ type: 'lock' });
  const shown = await h.ok({ type: 'vault.describe' });
  assert.equal(shown.kind, 'vault');
  assert.equal(shown.parts, Object.keys(h.local.snapshot()).filter((k) => k.startsWith('vault.')).length);
  assert.ok(shown.gen >= 2 && shown.at > 0 && shown.bytes > 1000, JSON.stringify(shown));
  const { gen, parts } = shown;

  await fail(h, { type: 'reset' }, 'bad-request');
  await fail(h, { type: 'reset', confirm: 'erase' }, 'bad-request');
  await fail(h, { type: 'reset', confirm: 'yes', gen, parts }, 'bad-request');
  // Another page changes the vault after this one described it: the erase confirmed on the old description fails.
  await h.ok({ type: 'unlock', password: PW });
  await h.ok({ type: 'vault.write', data: docWith(server({ name: 'renamed' })) });
  await h.ok({ type: 'lock' });
  const before = h.local.snapshot();
  await fail(h, { type: 'reset', confirm: 'erase', gen, parts }, 'vault-changed');
  assert.deepEqual(h.local.snapshot(), before, 'nothing erased');

  const now = await h.ok({ type: 'vault.describe' });
  assert.ok(now.gen > gen);
  await h.ok({ type: 'reset', confirm: 'erase', gen: now.gen, parts: now.parts });
  assert.deepEqual(await h.ok({ type: 'status' }), { ok: true, initialized: false, unlocked: false, autoLockMinutes: 15 });
  assert.deepEqual(Object.keys(h.local.snapshot()).filter((k) => k.startsWith('vault.')), []);
  assert.deepEqual(await h.ok({ type: 'vault.describe' }), { ok: true, kind: 'none', gen: 0, at: 0, parts: 0, bytes: 0 });
});

test('vault.backup keeps what an erase loses, still encrypted: it imports again with the old password', async (t) => {
  await t.test('format 2', async () => {
    const h = await ready();
    const doc = docWith(server());
    await h.ok({ type: 'vault.write', data: doc });
    await h.ok({ type: 'lock' });
    const { file } = await h.ok({ type: 'vault.backup' });
    assert.ok(!file.includes('WHMTOKEN123') && !file.includes('JBSWY3DPEHPK3PXP'), 'no secret in clear');
    const { gen, parts } = await h.ok({ type: 'vault.describe' });
    await h.ok({ type: 'reset', confirm: 'erase', gen, parts });
    await fail(h, { type: 'import', file, password: 'not the password' }, 'import-wrong-password');
    await h.ok({ type: 'import', file, password: PW });
    assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored(doc));
  });
  await t.test('format 1 (an earlier version\'s vault, not yet migrated)', async () => {
    const h = await loadWorker();
    await h.local.set(FIXTURE.local);
    const shown = await h.ok({ type: 'vault.describe' });
    assert.equal(shown.kind, 'earlier');
    const { file } = await h.ok({ type: 'vault.backup' });
    await h.ok({ type: 'reset', confirm: 'erase', gen: shown.gen, parts: shown.parts });
    await h.ok({ type: 'import', file, password: FIXTURE.password });
    // The auto-lock delay is not vault data: kept beside it through the erase (settings), and taken by the import.
    assert.deepEqual((await h.ok({ type: 'vault.read' })).data, stored(FIXTURE.expected, FIXTURE.local.settings.autoLockMinutes));
  });
  await t.test('damaged data: every key kept as stored', async () => {
    const h = await loadWorker();
    await h.local.set({ 'vault.h.7': { not: 'a header' }, 'vault.c.7.m.meta': 'abc' });
    const shown = await h.ok({ type: 'vault.describe' });
    assert.deepEqual([shown.kind, shown.parts], ['damaged', 2]);
    const kept = JSON.parse((await h.ok({ type: 'vault.backup' })).file);
    assert.equal(kept.panelkey, 'vault data');
    assert.deepEqual(Object.keys(kept.keys).sort(), ['vault.c.7.m.meta', 'vault.h.7']);
  });
});

test('bad input never kills the worker', async () => {
  const h = await ready();
  for (const msg of [null, undefined, 'status', 42, [], {}, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' }]) {
    const reply = await h.send(msg);
    assert.equal(reply.ok, false, JSON.stringify(msg));
    assert.equal(reply.error.code, 'unknown-message');
  }
  await fail(h, { type: 'unlock' }, 'bad-request');
  await fail(h, { type: 'unlock', password: 123 }, 'bad-request');
  await fail(h, { type: 'login' }, 'bad-request');
  await fail(h, { type: 'login', serverId: 's1', service: 'ftp', method: 'token' }, 'bad-request');
  await fail(h, { type: 'accounts.refresh' }, 'bad-request');
  await fail(h, { type: 'api.send' }, 'bad-request');
  await fail(h, { type: 'api.send', request: { url: 'https://host.example:2087/' } }, 'bad-request');
  await fail(h, { type: 'api.send', serverId: 's1', request: 'https://host.example:2087/' }, 'bad-request');
  await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2087/' }, timeoutSeconds: 'soon' }, 'bad-request');
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'javascript:alert(1)' } }, 'scheme-refused');
  await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'https://root:pw@host.example/' } }, 'url-userinfo');
  await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'https://host.example/', headers: [{ name: 'bad name', value: 'x' }] } },
    'header-refused');
  assert.equal(h.fetches.length, 0, 'none of them left');
  await fail(h, { type: 'import', file: 7, password: PW }, 'bad-request');
  await fail(h, { type: 'changePassword', old: PW }, 'password-too-short');
  assert.equal((await h.ok({ type: 'status' })).unlocked, true);
});

test('messages from other extensions are ignored', async () => {
  const h = await ready();
  assert.equal(await h.send({ type: 'vault.read' }, { id: 'someone-else' }), undefined);
});

test('an unexpected engine error becomes "internal" without its message', async () => {
  const h = await ready({
    engine: { ...signinEngine([]), signinStart() { throw new TypeError('boom WHMTOKEN123'); } },
  });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(h, { type: 'login', serverId: 's1', service: 'cpanel', method: 'token', accountId: 'a1' }, 'internal');
  assert.ok(!err.message.includes('WHMTOKEN123'));
  assert.equal(h.logged.length, 1, 'the bug is logged for the developer');
  assert.ok(!JSON.stringify(h.logged).includes('WHMTOKEN123'), 'without the message');
});

test('an engine that never starts gives engine-unavailable; status and lock still answer', async () => {
  const h = await loadWorker({ engine: null });
  h.ctx.setTimeout = (fn) => setTimeout(fn, 0); // skip the 15 s wait
  await fail(h, { type: 'setup', password: PW }, 'engine-unavailable');
  assert.deepEqual(h.local.snapshot(), {}, 'nothing stored');
  assert.equal((await h.ok({ type: 'status' })).initialized, false);
  await h.ok({ type: 'lock' });
});

test('an engine without a function the worker needs says so', async () => {
  const { signinInput } = signinEngine([]);
  const h = await ready({ engine: { signinInput, signinStart: undefined } });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(h, { type: 'login', serverId: 's1', service: 'whm', method: 'token' }, 'engine-unavailable');
  assert.match(err.message, /signinStart/);
});

// A scripted sign-in: the engine chooses a fixed credential (or what opts.input answers), asks for one POST, then
// says "open".
function signinEngine(log, { next, input: choose } = {}) {
  return {
    signinInput(input) {
      log.push(['signinInput', clone(input)]);
      if (choose) return choose(input);
      return { service: input.service, method: input.method, baseURL: 'https://host.example:2083', user: 'bob',
        secret: 'chosen-secret', totp: { secret: 'JBSWY3DPEHPK3PXP' }, ...(input.app ? { app: input.app } : {}) };
    },
    clockOffset({ offsetSeconds }) { // the engine's bound (totp.MaxOffset), tested in tests/wasm
      if (Math.abs(offsetSeconds) > 366 * 86400) throw Object.assign(new Error('offsetSeconds: expects at most a year either way'), { code: 'bad-input' });
      return { offsetSeconds };
    },
    signinStart(input) {
      log.push(['signinStart', clone(input)]);
      return {
        kind: 'fetch', state: { step: 1, opaque: ['kept'] },
        request: { method: 'POST', url: input.baseURL + '/login/?login_only=1', headers: [{ name: 'X-CPANEL-OTP', value: '123456' }],
          body: 'user=bob', contentType: 'application/x-www-form-urlencoded' },
      };
    },
    signinNext(input) {
      log.push(['signinNext', clone(input)]);
      return next ? next(input) : { kind: 'open', url: 'https://host.example:2083/cpsess0000000001/login/?session=x',
        offsetSeconds: 0 };
    },
  };
}

test('login: the step machine runs fetch steps with the browser cookies and opens the final URL', async () => {
  const log = [];
  const h = await ready({
    engine: signinEngine(log),
    fetch: async () => new Response('{"status":1}', { status: 200, headers: { Date: 'Tue, 25 Nov 2025 11:00:00 GMT' } }),
  });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const reply = await h.ok({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password', app: 'FileManager_Home' });
  assert.equal(reply.tabId, 101);
  assert.deepEqual(h.tabs, ['https://host.example:2083/cpsess0000000001/login/?session=x']);
  assert.equal(h.local.snapshot().clockOffsets, undefined, 'a zero offset is not worth storing');

  // The engine chooses the credential from the vault it holds (vaultops tests; tests/wasm): the worker names what to
  // log into by id, and passes the engine's choice on to signinStart with the time.
  const chosen = log.find(([n]) => n === 'signinInput')[1];
  assert.deepEqual(chosen, { serverId: 's1', accountId: 'a1', page: '', mailbox: '', service: 'cpanel', method: 'password',
    app: 'FileManager_Home' });
  const { now, offsetSeconds, ...start } = log.find(([n]) => n === 'signinStart')[1];
  assert.deepEqual(start, { service: 'cpanel', method: 'password', baseURL: 'https://host.example:2083', user: 'bob',
    secret: 'chosen-secret', totp: { secret: 'JBSWY3DPEHPK3PXP' }, app: 'FileManager_Home' });
  assert.equal(typeof now, 'number');
  assert.equal(offsetSeconds, 0, 'no clock offset learnt for this server');

  const [fetched] = h.fetches;
  assert.equal(fetched.url, 'https://host.example:2083/login/?login_only=1');
  assert.equal(fetched.init.method, 'POST');
  assert.equal(fetched.init.credentials, 'include');
  assert.equal(fetched.init.redirect, 'manual', 'credentials never follow a redirect');
  assert.equal(fetched.init.body, 'user=bob');
  assert.equal(fetched.init.headers.get('content-type'), 'application/x-www-form-urlencoded');
  assert.equal(fetched.init.headers.get('x-cpanel-otp'), '123456');

  const next = log.find(([n]) => n === 'signinNext')[1];
  assert.deepEqual(next.state, { step: 1, opaque: ['kept'] });
  assert.equal(next.response.status, 200);
  assert.equal(next.response.body, '{"status":1}');
  assert.equal(next.response.headers.date, 'Tue, 25 Nov 2025 11:00:00 GMT');
});

test('login as a mailbox or as the WHM user: named by id to the engine; missing ones are not found', async () => {
  const log = [];
  const h = await ready({ engine: signinEngine(log), fetch: async () => new Response('{}') });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.ok({ type: 'login', serverId: 's1', accountId: 'a1', mailbox: 'info@bob.example', service: 'webmail', method: 'token' });
  await h.ok({ type: 'login', serverId: 's1', service: 'whm', method: 'token' });
  const chosen = log.filter(([n]) => n === 'signinInput').map(([, input]) => input);
  assert.deepEqual(chosen, [
    { serverId: 's1', accountId: 'a1', page: '', mailbox: 'info@bob.example', service: 'webmail', method: 'token' },
    { serverId: 's1', accountId: '', page: '', mailbox: '', service: 'whm', method: 'token' },
  ]);
  assert.ok(!JSON.stringify(log).includes('mail-secret-pw'), 'no stored secret crosses to the engine: it holds them');
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', mailbox: 'nobody@bob.example', service: 'webmail',
    method: 'password' }, 'not-found');
  await fail(h, { type: 'login', serverId: 'nope', service: 'whm', method: 'token' }, 'not-found');
  await fail(h, { type: 'login', serverId: 's1', accountId: 'gone', service: 'cpanel', method: 'token' }, 'not-found');
  await fail(h, { type: 'login', serverId: 's1', mailbox: 'info@bob.example', service: 'webmail', method: 'token' }, 'not-found');
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', mailbox: 5, service: 'webmail', method: 'token' }, 'bad-request');
});

test('login: a TLS or network failure is handed to the engine as {networkError}', async () => {
  const log = [];
  const h = await ready({
    engine: signinEngine(log, { next: () => ({ kind: 'fail', code: 'tls-untrusted', message: 'Certificate not trusted.',
      advice: 'Open https://host.example:2083 once and accept it.', openURL: 'https://host.example:2083/' }) }),
    fetch: async () => { throw new TypeError('Failed to fetch'); },
  });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' },
    'tls-untrusted');
  assert.equal(err.advice, 'Open https://host.example:2083 once and accept it.');
  assert.equal(err.openURL, 'https://host.example:2083/');
  const next = log.find(([n]) => n === 'signinNext')[1];
  assert.equal(next.response.networkError, 'Failed to fetch');
  assert.equal(h.tabs.length, 0);
});

test('login: a redirect is reported to the engine, not followed', async () => {
  const log = [];
  const opaque = { status: 0, type: 'opaqueredirect', redirected: false, url: '', headers: new Headers(), text: async () => '' };
  const h = await ready({ engine: signinEngine(log), fetch: async () => opaque });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.ok({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' });
  const next = log.find(([n]) => n === 'signinNext')[1];
  assert.equal(next.response.type, 'opaqueredirect');
  assert.equal(next.response.redirected, true);
  assert.equal(next.response.status, 0);
});

test('login: a server clock offset learnt by the engine is used for the next login of that server', async () => {
  const log = [];
  const h = await ready({
    engine: signinEngine(log, { next: () => ({ kind: 'fail', code: 'tfa-rejected', message: 'The server rejected the 2FA code.',
      offsetSeconds: 95 }) }),
    fetch: async () => new Response('{}', { status: 401 }),
  });
  await h.ok({ type: 'vault.write', data: docWith(server(), server({ id: 's2' })) });
  const err = await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' },
    'tfa-rejected');
  assert.equal(err.offsetSeconds, 95);
  const starts = () => log.filter(([n]) => n === 'signinStart').map(([, input]) => input);
  assert.equal(starts()[0].offsetSeconds, 0);
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' }, 'tfa-rejected');
  assert.equal(starts()[1].offsetSeconds, 95);
  await fail(h, { type: 'login', serverId: 's2', accountId: 'a1', service: 'cpanel', method: 'password' }, 'tfa-rejected');
  assert.equal(starts()[2].offsetSeconds, 0, 'offsets are per server');
});

test('login: a stored clock offset the engine refuses (storage edited by hand) is not used, and the login goes on', async () => {
  const log = [];
  const h = await ready({ engine: signinEngine(log), fetch: async () => new Response('{"status":1}', { status: 200 }) });
  await h.ok({ type: 'vault.write', data: docWith(server(), server({ id: 's2' }), server({ id: 's3' })) });
  await h.local.set({ clockOffsets: { s1: 400 * 86400, s2: 'soon', s3: -30 } });
  for (const id of ['s1', 's2', 's3']) await h.ok({ type: 'login', serverId: id, accountId: 'a1', service: 'cpanel', method: 'password' });
  assert.deepEqual(log.filter(([n]) => n === 'signinStart').map(([, input]) => input.offsetSeconds), [0, 0, -30]);
});

test('login: missing host permission names the origin to request; missing credentials are explained', async () => {
  const log = [];
  const h = await ready({ engine: signinEngine(log), granted: [] });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' },
    'host-permission');
  assert.equal(err.origin, 'https://host.example/*');
  assert.equal(h.fetches.length, 0);

  const tried = [];
  const missing = await ready({
    engine: signinEngine(tried, { input: () => {
      throw Object.assign(new Error('No WHM API token is saved for this server.'), { code: 'credentials-missing' });
    } }),
  });
  await missing.ok({ type: 'vault.write', data: docWith(server()) });
  const why = await fail(missing, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'token' },
    'credentials-missing');
  assert.equal(why.message, 'No WHM API token is saved for this server.');
  assert.deepEqual(tried.map(([n]) => n), ['signinInput'], 'no sign-in starts');
  assert.equal(missing.tabs.length + missing.fetches.length, 0);
});

test('login: an engine that keeps asking for requests is stopped', async () => {
  const log = [];
  const h = await ready({
    engine: signinEngine(log, { next: ({ state }) => ({ kind: 'fetch', state,
      request: { method: 'GET', url: 'https://host.example:2083/again' } }) }),
    fetch: async () => new Response('again'),
  });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' }, 'signin-loop');
  assert.equal(h.fetches.length, 12);
});

test('accounts.refresh: the engine\'s WHM credential; the merge is an edit applied to the vault as it is then', async () => {
  const log = [];
  const auth = { method: 'whm-token', user: 'root', secret: 'WHMTOKEN123' };
  const engine = {
    apiAuth(input) {
      log.push(['apiAuth', clone(input)]);
      return auth;
    },
    buildRequest(input) {
      log.push(['buildRequest', clone(input)]);
      return { method: 'GET', url: input.baseURL + '/json-api/listaccts?api.version=1',
        headers: [{ name: 'Authorization', value: 'whm ' + input.auth.user + ':' + input.auth.secret }], body: '', contentType: '' };
    },
    listedAccounts(input) {
      log.push(['listedAccounts', clone({ ...input, body: undefined })]);
      return { listed: JSON.parse(input.body).data.acct.map((r) => ({ ...r, suspended: r.suspended === 1 })) };
    },
  };
  const listing = { metadata: { result: 1 }, data: { acct: [
    { user: 'bob', domain: 'bob.example', owner: 'res1', suspended: 1 },
    { user: 'carol', domain: 'carol.example', owner: 'root', suspended: 0 },
  ] } };
  const edited = server({ name: 'renamed while the request was out' });
  edited.accounts[0].password = 'changed while the request was out';
  let h;
  h = await ready({ engine, fetch: async () => {
    await h.ok({ type: 'vault.write', data: docWith(edited) });
    return new Response(JSON.stringify(listing));
  } });
  await h.ok({ type: 'vault.write', data: docWith(server()) });

  assert.deepEqual(await h.ok({ type: 'accounts.refresh', serverId: 's1' }), { ok: true, count: 2 });
  assert.deepEqual(log.map(([n]) => n), ['apiAuth', 'buildRequest', 'listedAccounts']);
  assert.deepEqual(log[2][1], { status: 200, redirected: false, truncated: false, origin: 'https://host.example:2087', auth: 'whm-token' });
  assert.deepEqual(log[0][1], { serverId: 's1' }, 'the engine takes the server\'s WHM credential from the vault it holds');
  assert.deepEqual(log[1][1].auth, auth);
  assert.equal(log[1][1].function, 'listaccts');
  assert.equal(log[1][1].family, 'whmapi1');
  assert.equal(log[1][1].baseURL, 'https://host.example:2087');
  assert.equal(typeof log[1][1].now, 'number');
  assert.equal(h.fetches[0].init.headers.get('authorization'), 'whm root:WHMTOKEN123');

  const [after] = (await h.ok({ type: 'vault.read' })).data.servers;
  assert.ok(after.accountsFetchedAt > 0);
  assert.equal(after.name, 'renamed while the request was out', 'the edit made meanwhile is kept');
  const [bob, carol] = after.accounts;
  assert.deepEqual(bob, { ...edited.accounts[0], owner: 'res1', suspended: true }, 'saved credentials kept, server facts from WHM');
  assert.equal(carol.user, 'carol');
  assert.equal(carol.password, '');
  assert.match(carol.id, /^a[A-Z2-7]{16}$/);
  assert.equal(after.accounts.length, 2);
  assert.deepEqual(h.broadcasts.map((m) => [m.stage, m.total, m.count]),
    [['request', undefined, undefined], ['merge', 2, undefined], ['done', undefined, 2]]);
  assert.ok(h.broadcasts.every((m) => m.type === 'progress' && m.serverId === 's1'));
});

test('accounts.refresh reports missing credentials, WHM refusals and unreachable servers', async () => {
  const engine = {
    apiAuth: () => ({ method: 'whm-token', user: 'root', secret: 'WHMTOKEN123' }),
    buildRequest: (i) => ({ method: 'GET', url: i.baseURL + '/json-api/listaccts?api.version=1', headers: [] }),
    listedAccounts: () => {
      throw Object.assign(new Error('The WHM API token was refused.'), { code: 'token-invalid' });
    },
  };
  const h = await ready({ engine, fetch: async () => new Response('{}', { status: 401 }) });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await fail(h, { type: 'accounts.refresh', serverId: 's1' }, 'token-invalid');
  const down = await ready({ engine });
  await down.ok({ type: 'vault.write', data: docWith(server()) });
  await fail(down, { type: 'accounts.refresh', serverId: 's1' }, 'unreachable-or-untrusted');
  const none = await ready({ engine: { ...engine, apiAuth: () => {
    throw Object.assign(new Error('No WHM API token is saved for this server.'), { code: 'credentials-missing' });
  } } });
  await none.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(none, { type: 'accounts.refresh', serverId: 's1' }, 'credentials-missing');
  assert.equal(err.message, 'No WHM API token is saved for this server.');
  assert.equal(none.fetches.length, 0);
});

test('accounts.refresh never follows a redirect with the WHM credential, and tells the engine it met one', async () => {
  const engine = {
    apiAuth: () => ({ method: 'whm-token', user: 'root', secret: 'T' }),
    buildRequest: (i) => ({ method: 'GET', url: i.baseURL + '/json-api/listaccts?api.version=1',
      headers: [{ name: 'Authorization', value: 'whm root:T' }] }),
    listedAccounts: ({ redirected, origin }) => {
      assert.equal(redirected, true, 'the worker reports the redirect fetch met');
      throw Object.assign(new Error('WHM at ' + origin + ' answered with a redirect'), { code: 'redirected' });
    },
  };
  const opaque = { status: 0, type: 'opaqueredirect', redirected: false, url: '', headers: new Headers(), text: async () => '' };
  const h = await ready({ engine, fetch: async () => opaque });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await fail(h, { type: 'accounts.refresh', serverId: 's1' }, 'redirected');
  assert.equal(h.fetches[0].init.redirect, 'manual');
});

test('api.send performs the request for the form\'s server and returns status, headers, body and time', async () => {
  const h = await ready({
    fetch: async () => new Response('{"data":1}', { status: 403, headers: { 'Content-Type': 'application/json' } }),
  });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const reply = await h.ok({ type: 'api.send', serverId: 's1', request: { method: 'GET', url: 'https://host.example:2087/json-api/version',
    headers: [{ name: 'Authorization', value: 'whm root:T' }] } });
  assert.equal(reply.status, 403);
  assert.equal(reply.body, '{"data":1}');
  assert.equal(reply.truncated, false);
  assert.equal(reply.headers['content-type'], 'application/json');
  assert.equal(typeof reply.ms, 'number');
  assert.equal(h.fetches[0].init.body, undefined);
  assert.equal(h.fetches[0].init.redirect, 'manual', 'a request with credentials never follows a redirect');
  assert.equal(h.fetches[0].init.credentials, 'include');

  const down = await ready();
  await down.ok({ type: 'vault.write', data: docWith(server()) });
  const err = await fail(down, { type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2087/' } }, 'unreachable-or-untrusted');
  assert.match(err.message, /host\.example:2087/);
  assert.equal(err.openURL, 'https://host.example:2087');
  await fail(down, { type: 'api.send', serverId: 's1', request: { url: 'https://other.example/' } }, 'other-host');
  await fail(down, { type: 'api.send', serverId: 'gone', request: { url: 'https://host.example:2087/' } }, 'not-found');
});

test('api.send: a redirect comes back unfollowed, even when the request asks to follow', async () => {
  const opaque = { status: 0, type: 'opaqueredirect', redirected: false, url: '', headers: new Headers(), text: async () => '' };
  const h = await ready({ fetch: async () => opaque });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  const reply = await h.ok({ type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2083/execute/Email/list_pops',
    redirect: 'follow', headers: [{ name: 'Authorization', value: 'cpanel bob:T' }] } });
  assert.equal(h.fetches[0].init.redirect, 'manual');
  assert.equal(reply.type, 'opaqueredirect');
  assert.equal(reply.redirected, true);
  assert.equal(reply.status, 0);
});

test('a login tab\'s session is remembered per server and service in storage.session, until the lock', async () => {
  const log = [];
  const engine = {
    ...signinEngine(log),
    extractCpsess: ({ url }) => {
      const m = /\/cpsess\d{10}/.exec(url);
      if (!m) throw Object.assign(new Error('No security token.'), { code: 'cpsess-missing' });
      return { token: m[0] };
    },
  };
  const h = await ready({ engine, fetch: async () => new Response('{"status":1}') });
  await h.ok({ type: 'vault.write', data: docWith(server(), server({ id: 's2' })) });
  assert.deepEqual((await h.ok({ type: 'browserSessions', serverId: 's1' })).sessions, {});

  await h.ok({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' });
  const { sessions } = await h.ok({ type: 'browserSessions', serverId: 's1' });
  assert.deepEqual(Object.keys(sessions), ['cpanel']);
  assert.equal(sessions.cpanel.baseURL, 'https://host.example:2083');
  assert.equal(sessions.cpanel.cpsess, '/cpsess0000000001');
  assert.equal(sessions.cpanel.user, 'bob');
  assert.equal(typeof sessions.cpanel.at, 'number');
  assert.deepEqual((await h.ok({ type: 'browserSessions', serverId: 's2' })).sessions, {}, 'per server');
  assert.ok(!JSON.stringify(h.local.snapshot()).includes('cpsess0000000001'), 'never in storage.local');

  await h.ok({ type: 'lock' });
  assert.ok(!JSON.stringify(h.session.snapshot()).includes('cpsess'), 'the lock forgets it');
  await fail(h, { type: 'browserSessions', serverId: 's1' }, 'locked');
  await fail(h, { type: 'browserSessions' }, 'bad-request');
});

test('a login URL without a security token opens the tab and remembers nothing', async () => {
  const log = [];
  const engine = {
    ...signinEngine(log, { next: () => ({ kind: 'open', url: 'https://host.example:2083/login/?session=x' }) }),
    extractCpsess: () => { throw Object.assign(new Error('No security token.'), { code: 'cpsess-missing' }); },
  };
  const h = await ready({ engine, fetch: async () => new Response('{"status":1}') });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  await h.ok({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'password' });
  assert.equal(h.tabs.length, 1);
  assert.deepEqual((await h.ok({ type: 'browserSessions', serverId: 's1' })).sessions, {});
  assert.equal(h.logged.length, 0);
});

test('keyboard shortcuts: copy-code and scan-qr open the popup with what it should do; anything else is ignored', async () => {
  const h = await loadWorker();
  for (const [command, what] of [['copy-code', 'copy'], ['scan-qr', 'scan']]) {
    const before = Date.now();
    for (const listener of h.events.command.listeners) await listener(command, { id: 7 });
    const { popupIntent } = await h.session.get('popupIntent');
    assert.equal(popupIntent.what, what);
    assert.ok(popupIntent.at >= before && popupIntent.at <= Date.now());
  }
  assert.equal(h.popupsOpened, 2);
  await h.session.remove('popupIntent');
  for (const listener of h.events.command.listeners) await listener('format-disk', { id: 7 });
  assert.equal(h.popupsOpened, 2);
  assert.deepEqual(await h.session.get('popupIntent'), {});
});
