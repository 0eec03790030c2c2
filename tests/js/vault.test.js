'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const vault = require('../../extension/vault.js');
const { FakeArea } = require('./fake-storage.js');

// Low iteration counts keep the suite fast; the first test runs the real default once.
const FAST = { iterations: 1000 };
const DOC = { version: 1, servers: [{ id: 's1', whm: { user: 'root', token: 'TOKEN-SECRET' } }], authenticators: [], history: [] };

async function sealed(password = 'correct horse', doc = DOC, opts = FAST) {
  const key = await vault.create(password, opts);
  return { key, record: await vault.seal(key, doc) };
}

function flipLastChar(b64) {
  const i = b64.replace(/=+$/, '').length - 2; // a character inside the payload, keeps the base64 valid
  const c = b64[i] === 'A' ? 'B' : 'A';
  return b64.slice(0, i) + c + b64.slice(i + 1);
}

async function rejectsWith(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code, code, err.message);
    return true;
  });
}

test('default parameters: 600,000 PBKDF2 iterations, recorded in the record, round trip', async () => {
  assert.equal(vault.defaults.iterations, 600000);
  const key = await vault.create('correct horse');
  const record = await vault.seal(key, DOC);
  assert.equal(record.format, 1);
  assert.deepEqual(Object.keys(record).sort(), ['cipher', 'data', 'format', 'kdf']);
  assert.equal(record.kdf.name, 'PBKDF2');
  assert.equal(record.kdf.hash, 'SHA-256');
  assert.equal(record.kdf.iterations, 600000);
  assert.equal(Buffer.from(record.kdf.salt, 'base64').length, 16);
  assert.equal(record.cipher.name, 'AES-GCM');
  assert.equal(Buffer.from(record.cipher.iv, 'base64').length, 12);
  assert.ok(!JSON.stringify(record).includes('TOKEN-SECRET'));
  const { doc, stale } = await vault.unlock('correct horse', record);
  assert.deepEqual(doc, DOC);
  assert.equal(stale, false);
});

test('the iteration parameter is honoured and recorded', async () => {
  const { record } = await sealed('pw', DOC, { iterations: 1234 });
  assert.equal(record.kdf.iterations, 1234);
  await rejectsWith(vault.create('pw', { iterations: 10 }), 'bad-request');
});

test('open with the key decrypts without the password; the key never contains it', async () => {
  const { key, record } = await sealed('correct horse');
  assert.ok(!JSON.stringify(key).includes('correct horse'));
  assert.equal(Buffer.from(key.raw, 'base64').length, 32);
  assert.deepEqual(await vault.open(key, record), DOC);
  const { key: again } = await vault.unlock('correct horse', record, FAST);
  assert.deepEqual(again, key);
});

test('every seal uses a fresh nonce', async () => {
  const { key } = await sealed();
  const a = await vault.seal(key, DOC);
  const b = await vault.seal(key, DOC);
  assert.notEqual(a.cipher.iv, b.cipher.iv);
  assert.notEqual(a.data, b.data);
  assert.equal(a.kdf.salt, b.kdf.salt);
});

test('wrong password: wrong-password, message without the password, storage untouched', async () => {
  const area = new FakeArea();
  const { record } = await sealed('correct horse');
  await vault.save(area, record);
  const before = area.snapshot();
  const { record: stored } = await vault.load(area);
  await assert.rejects(vault.unlock('battery staple', stored, FAST), (err) => {
    assert.equal(err.code, 'wrong-password');
    assert.ok(!err.message.includes('battery staple'));
    return true;
  });
  assert.deepEqual(area.snapshot(), before);
});

test('damage is vault-corrupt, never a wrong password or an empty vault', async (t) => {
  const { key, record } = await sealed('correct horse');
  const cases = {
    'ciphertext byte': (r) => { r.data = flipLastChar(r.data); },
    'truncated ciphertext': (r) => { r.data = r.data.slice(0, 12); },
    'ciphertext shorter than the tag': (r) => { r.data = 'AAAA'; },
    'nonce': (r) => { r.cipher.iv = flipLastChar(r.cipher.iv); },
    'format': (r) => { r.format = 2; },
    'cipher name': (r) => { r.cipher.name = 'AES-CBC'; },
    'kdf hash': (r) => { r.kdf.hash = 'SHA-1'; },
    'password check': (r) => { r.kdf.check = flipLastChar(r.kdf.check); },
    'data not base64': (r) => { r.data = r.data.slice(0, -4) + '!!!!'; },
    'missing cipher': (r) => { delete r.cipher; },
    'iterations absurd': (r) => { r.kdf.iterations = 1e12; },
  };
  for (const [name, damage] of Object.entries(cases)) {
    await t.test(name, async () => {
      const r = structuredClone(record);
      damage(r);
      await rejectsWith(vault.unlock('correct horse', r, FAST), 'vault-corrupt');
      await rejectsWith(vault.open(key, r), 'vault-corrupt');
    });
    await t.test(name + ', in a record object read before', async () => {
      const r = structuredClone(record);
      assert.deepEqual(await vault.open(key, r), DOC); // its reading is remembered: the change must be seen
      damage(r);
      await rejectsWith(vault.open(key, r), 'vault-corrupt');
    });
  }
  await t.test('not an object', async () => {
    await rejectsWith(vault.unlock('correct horse', '{"format":1', FAST), 'vault-corrupt');
  });
});

test('an edited salt or iteration count fails authentication (indistinguishable from a wrong password)', async () => {
  const { record } = await sealed('correct horse');
  const salted = structuredClone(record);
  salted.kdf.salt = flipLastChar(salted.kdf.salt);
  await rejectsWith(vault.unlock('correct horse', salted, FAST), 'wrong-password');
  const counted = structuredClone(record);
  counted.kdf.iterations += 1;
  await rejectsWith(vault.unlock('correct horse', counted, FAST), 'wrong-password');
});

test('a key from another vault (or before a password change) is key-mismatch', async () => {
  const { record } = await sealed('correct horse');
  const other = await vault.create('correct horse', FAST);
  await rejectsWith(vault.open(other, record), 'key-mismatch');
});

test('storage: nothing stored is null; a generation write flips the pointer and removes the old one', async () => {
  const area = new FakeArea();
  assert.equal(await vault.load(area), null);
  const { key, record } = await sealed();
  assert.equal(await vault.save(area, record), 1);
  const next = await vault.seal(key, { ...DOC, history: [1] });
  assert.equal(await vault.save(area, next), 2);
  assert.deepEqual(Object.keys(area.items).sort(), ['vault.2', 'vault.current']);
  const { gen, record: got } = await vault.load(area);
  assert.equal(gen, 2);
  assert.deepEqual((await vault.open(key, got)).history, [1]);
});

test('storage: a write cut short before the pointer flip leaves the previous vault readable', async () => {
  const area = new FakeArea();
  const { key, record } = await sealed();
  await vault.save(area, record);
  const newer = await vault.seal(key, { ...DOC, history: ['newer'] });

  area.failOn = { op: 'set', call: area.calls.set + 2 }; // the record lands, the pointer flip does not
  await assert.rejects(vault.save(area, newer));
  assert.ok(area.items['vault.2'], 'the new generation was written');
  const { gen, record: got } = await vault.load(area);
  assert.equal(gen, 1);
  assert.deepEqual(await vault.open(key, got), DOC);

  // The next complete write replaces the orphan and cleans up.
  area.failOn = null;
  assert.equal(await vault.save(area, newer), 2);
  assert.deepEqual(Object.keys(area.items).sort(), ['vault.2', 'vault.current']);
});

test('storage: a write cut short after the flip leaves the new vault readable', async () => {
  const area = new FakeArea();
  const { key, record } = await sealed();
  await vault.save(area, record);
  area.failOn = { op: 'remove', call: area.calls.remove + 1 };
  await assert.rejects(vault.save(area, await vault.seal(key, { ...DOC, history: ['newer'] })));
  const { gen, record: got } = await vault.load(area);
  assert.equal(gen, 2);
  assert.deepEqual((await vault.open(key, got)).history, ['newer']);
});

test('storage: a missing, mangled or truncated current record is vault-corrupt, not a fresh start', async (t) => {
  const { record } = await sealed();
  const cases = {
    'record removed': (a) => { delete a.items['vault.1']; },
    'pointer garbage': (a) => { a.items['vault.current'] = JSON.stringify('one'); },
    'pointer zero': (a) => { a.items['vault.current'] = '0'; },
    'record truncated': (a) => { a.items['vault.1'] = JSON.stringify({ format: 1, kdf: record.kdf }); },
    'record replaced by a string': (a) => { a.items['vault.1'] = JSON.stringify('{"format":1,"kdf":'); },
  };
  for (const [name, damage] of Object.entries(cases)) {
    await t.test(name, async () => {
      const area = new FakeArea();
      await vault.save(area, record);
      damage(area);
      const before = area.snapshot();
      await rejectsWith(vault.load(area), 'vault-corrupt');
      assert.deepEqual(area.snapshot(), before);
    });
  }
  await t.test('save refuses to store a malformed record', async () => {
    await rejectsWith(vault.save(new FakeArea(), { format: 1 }), 'vault-corrupt');
  });
});

test('rekey: all or nothing', async () => {
  const { record } = await sealed('old password');
  await rejectsWith(vault.rekey('not it', 'new password', record, FAST), 'wrong-password');

  const out = await vault.rekey('old password', 'new password', record, FAST);
  assert.notEqual(out.record.kdf.salt, record.kdf.salt);
  assert.deepEqual(out.doc, DOC);
  assert.deepEqual(await vault.open(out.key, out.record), DOC);
  assert.deepEqual((await vault.unlock('new password', out.record, FAST)).doc, DOC);
  await rejectsWith(vault.unlock('old password', out.record, FAST), 'wrong-password');
  // The input record is not modified: until the caller stores the new one, the old password still works.
  assert.deepEqual((await vault.unlock('old password', record, FAST)).doc, DOC);
});

test('migration hook: a record below the current iteration count is reported stale', async () => {
  const { record } = await sealed('pw', DOC, { iterations: 1000 });
  assert.equal((await vault.unlock('pw', record, { iterations: 1000 })).stale, false);
  assert.equal((await vault.unlock('pw', record, { iterations: 2000 })).stale, true);
  const { record: stronger } = await sealed('pw', DOC, { iterations: 3000 });
  assert.equal((await vault.unlock('pw', stronger, { iterations: 2000 })).stale, false);
});

test('passwords are compared after Unicode normalisation', async () => {
  const { record } = await sealed('caf\u00e9');
  assert.deepEqual((await vault.unlock('cafe\u0301', record, FAST)).doc, DOC);
});
