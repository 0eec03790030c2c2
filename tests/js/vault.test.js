'use strict';

// extension/vault.js, format 2: chunks bound to their vault, id and generation; the header and its copy; commits,
// generation conflicts, tampering, recovery, rollback, setup that never erases, format 1 migration.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const V = require('../../extension/vault.js');
const { FakeArea } = require('./fake-storage.js');

// Low iteration counts keep the suite fast; the first test runs the real default once.
const FAST = { iterations: 1000 };
const PW = 'correct horse battery';
// What the engine would hand over: chunk ids and their texts (vault.js never looks inside).
const CHUNKS = {
  meta: '{"version":2,"servers":[{"id":"s1","whm":{"token":"WHM-SECRET"},"pages":[{"id":"p1"}]}]}',
  auth: '{"authenticators":[{"secret":"TOTP-SECRET"}]}',
  history: '{"history":[]}',
  'page.p1': '{"server":"s1","accounts":[{"password":"PAGE-SECRET"}]}',
};
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'vault-v1.json'), 'utf8'));

async function fresh(opts = FAST, chunks = CHUNKS) {
  const area = new FakeArea();
  const key = await V.create(PW, opts);
  const base = await V.init(area, key, chunks, { first: ['meta', 'auth', 'page.p1'] });
  return { area, key, base };
}

async function rejectsWith(promise, code) {
  let caught;
  await assert.rejects(promise, (err) => {
    caught = err;
    assert.equal(err.code, code, err.message);
    return true;
  });
  return caught;
}

async function readAll(area, key, opened) {
  return V.readChunks(area, key, opened.h, opened.index, Object.keys(opened.index.chunks));
}

// Storage keys with each chunk's commit tag written as T: vault.c.<gen>.T.<id>.
function shapes(keys) {
  return keys.map((k) => k.replace(/^(vault\.c\.\d+\.)[A-Za-z0-9]+\./, '$1T.')).sort();
}

function chunkKeys(area, id) {
  return shapes(Object.keys(area.items).filter((k) => k.startsWith('vault.c.') && k.endsWith('.' + id)));
}

// The storage key of chunk id at generation gen.
function keyOf(area, id, gen) {
  return Object.keys(area.items).find((k) => k.startsWith('vault.c.' + gen + '.') && k.endsWith('.' + id));
}

test('default parameters: PBKDF2-SHA256 600,000; a new vault is a header, its copy and one chunk each', async () => {
  assert.equal(V.defaults.iterations, 600000);
  const area = new FakeArea();
  const key = await V.create(PW);
  await V.init(area, key, CHUNKS);
  assert.deepEqual(shapes(Object.keys(area.items)),
    ['vault.c.1.T.auth', 'vault.c.1.T.history', 'vault.c.1.T.meta', 'vault.c.1.T.page.p1', 'vault.current', 'vault.h.1']);
  const h = area.snapshot()['vault.current'];
  assert.equal(h, area.snapshot()['vault.h.1']);
  const header = JSON.parse(h);
  assert.deepEqual(Object.keys(header).sort(), ['at', 'format', 'gen', 'index', 'kdf', 'vault']);
  assert.equal(header.format, 2);
  assert.equal(header.gen, 1);
  assert.deepEqual({ ...header.kdf, salt: 0, check: 0 }, { name: 'PBKDF2', hash: 'SHA-256', iterations: 600000, salt: 0, check: 0 });
  const all = JSON.stringify(area.items);
  for (const secret of ['WHM-SECRET', 'TOTP-SECRET', 'PAGE-SECRET', PW, 'servers']) assert.ok(!all.includes(secret), secret);
  const opened = await V.unlock(PW, area);
  assert.equal(opened.recovered, null);
  assert.deepEqual(await readAll(area, opened.key, opened), CHUNKS);
});

test('unlock derives the key from the header, reads no chunk, and its key opens the vault again', async () => {
  const { area, key } = await fresh();
  let chunkReads = 0;
  const get = area.get.bind(area);
  area.get = async (keys) => {
    if ([].concat(keys || []).some((k) => k.startsWith('vault.c.'))) chunkReads++;
    return get(keys);
  };
  let listings = 0;
  const getKeys = area.getKeys.bind(area);
  area.getKeys = async () => { listings++; return getKeys(); };
  const opened = await V.unlock(PW, area);
  assert.equal(chunkReads, 0, 'unlock decrypts the index only');
  assert.equal(listings, 0, 'and lists no keys (at 100,000 accounts a listing reads ~24 MB)');
  assert.deepEqual(opened.key, key);
  assert.ok(!JSON.stringify(opened.key).includes(PW));
  assert.deepEqual(opened.index.first, ['meta', 'auth', 'page.p1']);
  const again = await V.current(area, key, new FakeArea('session'));
  assert.equal(again.h.gen, 1);
});

test('a wrong password is wrong-password, its message has no password, storage stays byte-identical', async () => {
  const { area } = await fresh();
  const before = area.snapshot();
  const err = await rejectsWith(V.unlock('battery staple horse', area), 'wrong-password');
  assert.ok(!err.message.includes('battery'));
  assert.deepEqual(area.snapshot(), before);
});

test('commit: only the changed chunks are written; the generation before stays whole one commit longer', async () => {
  const { area, key, base } = await fresh();
  const g2 = await V.commit(area, key, base, { 'page.p1': '{"server":"s1","accounts":[]}' }, []);
  assert.equal(g2.h.gen, 2);
  assert.deepEqual(chunkKeys(area, 'page.p1'), ['vault.c.1.T.page.p1', 'vault.c.2.T.page.p1']);
  assert.deepEqual(chunkKeys(area, 'meta'), ['vault.c.1.T.meta'], 'meta was not rewritten');
  assert.ok(area.items['vault.h.1'], 'the previous header is kept');
  assert.deepEqual(shapes(g2.index.retired), ['vault.c.1.T.page.p1']);

  const g3 = await V.commit(area, key, g2, { auth: '{"authenticators":[]}' }, ['history']);
  assert.equal(g3.h.gen, 3);
  assert.deepEqual(chunkKeys(area, 'page.p1'), ['vault.c.2.T.page.p1'], 'what only generation 1 used is gone');
  assert.equal(area.items['vault.h.1'], undefined);
  assert.ok(area.items['vault.h.2']);
  assert.deepEqual(chunkKeys(area, 'history'), ['vault.c.1.T.history'], 'a removed chunk stays with the previous generation');
  const opened = await V.unlock(PW, area);
  assert.equal(opened.h.gen, 3);
  assert.deepEqual(await readAll(area, key, opened),
    { meta: CHUNKS.meta, 'page.p1': '{"server":"s1","accounts":[]}', auth: '{"authenticators":[]}' });
  await V.commit(area, key, g3, {}, []);
  assert.deepEqual(chunkKeys(area, 'history'), []);
});

test('generation conflict: a commit on an older generation is refused and the newer one stays', async () => {
  const { area, key, base } = await fresh();
  const first = await V.commit(area, key, base, { auth: '{"authenticators":["first"]}' }, []);
  const err = await rejectsWith(V.commit(area, key, base, { auth: '{"authenticators":["second"]}' }, []), 'generation-conflict');
  assert.equal(err.current, 2);
  const opened = await V.unlock(PW, area);
  assert.equal(opened.h.gen, first.h.gen);
  assert.equal((await V.readChunks(area, key, opened.h, opened.index, ['auth'])).auth, '{"authenticators":["first"]}');
});

test('generation conflict: another writer committing between our chunks and our header', async () => {
  const { area, key, base } = await fresh();
  let raced = false;
  area.beforeSet = async (obj) => {
    if (!raced && Object.keys(obj).some((k) => k.startsWith('vault.c.2.'))) {
      raced = true;
      area.beforeSet = null;
      await V.commit(area, key, base, { meta: '{"other":"writer"}' }, []);
    }
  };
  await rejectsWith(V.commit(area, key, base, { auth: '{"authenticators":["mine"]}' }, []), 'generation-conflict');
  const opened = await V.unlock(PW, area);
  const got = await readAll(area, key, opened);
  assert.equal(got.meta, '{"other":"writer"}');
  assert.equal(got.auth, CHUNKS.auth, "the loser's chunk is not part of any generation");
});

test('commit: progress per chunk encrypted, then store; one that is not made current leaves none of its chunks', async () => {
  const { area, key, base } = await fresh();
  const seen = [];
  const written = { auth: '{"authenticators":["a"]}', history: '{"history":["h"]}', 'page.p1': '{"accounts":[]}' };
  const next = await V.commit(area, key, base, written, [], { onProgress: (...a) => seen.push(a) });
  assert.deepEqual(seen, [['encrypt', 1, 3], ['encrypt', 2, 3], ['encrypt', 3, 3], ['store']]);

  // Another writer commits between our chunks and our header: what we stored goes again.
  const before = Object.keys(area.items).sort();
  area.beforeSet = async () => {
    area.beforeSet = null;
    await V.commit(area, key, next, { meta: '{"other":"writer"}' }, []);
  };
  await rejectsWith(V.commit(area, key, next, { auth: '{"authenticators":["mine"]}' }, []), 'generation-conflict');
  assert.deepEqual(Object.keys(area.items).filter((k) => k.startsWith('vault.c.3.')).length, 1, 'the winner\'s chunk only');
  assert.notDeepEqual(Object.keys(area.items).sort(), before);
  // The chunks' write fails: nothing of the commit stays. The header's write fails: it may have been stored, so its
  // chunks stay (sweep takes them if not), and the vault opens as one of the two generations.
  const now = Object.keys(area.items).sort();
  const cur = await V.unlock(PW, area);
  area.failOn = { op: 'set', call: area.calls.set + 1 };
  await assert.rejects(V.commit(area, key, cur, { history: '{"history":["x"]}' }, []), /interrupted/);
  assert.deepEqual(Object.keys(area.items).sort(), now, 'storage as before the failed commit');
  area.failOn = { op: 'set', call: area.calls.set + 2 };
  await assert.rejects(V.commit(area, key, cur, { history: '{"history":["y"]}' }, []), /interrupted/);
  assert.equal((await V.unlock(PW, area)).h.gen, 3);
});

test('chunks swapped, replayed from an older generation, or cut short do not open', async (t) => {
  const { area, key, base } = await fresh();
  const oldAuth = area.items[keyOf(area, 'auth', 1)];
  const g2 = await V.commit(area, key, base, { auth: '{"authenticators":["newer"]}' }, []);
  const meta = keyOf(area, 'meta', 1);
  const auth = keyOf(area, 'auth', 2);
  const cases = {
    'swapped with another chunk of the same vault': (a) => { a.items[meta] = a.items[keyOf(a, 'history', 1)]; },
    'swapped, lengths made equal': (a) => {
      const n = g2.index.chunks.meta.n;
      const bytes = Buffer.from(JSON.parse(a.items[keyOf(a, 'page.p1', 1)]), 'base64');
      a.items[meta] = JSON.stringify(Buffer.concat([bytes, Buffer.alloc(n)]).subarray(0, n).toString('base64'));
    },
    'replayed from generation 1': (a) => { a.items[auth] = oldAuth; },
    'cut short': (a) => { a.items[auth] = JSON.stringify(JSON.parse(a.items[auth]).slice(0, 40)); },
    'a byte changed': (a) => {
      const b = Buffer.from(JSON.parse(a.items[auth]), 'base64');
      b[5] ^= 1;
      a.items[auth] = JSON.stringify(b.toString('base64'));
    },
    'deleted': (a) => { delete a.items[auth]; },
    'from another vault': async (a) => {
      const other = await fresh();
      a.items[auth] = other.area.items[keyOf(other.area, 'auth', 1)];
    },
  };
  for (const [name, damage] of Object.entries(cases)) {
    await t.test(name, async () => {
      const copy = new FakeArea();
      copy.items = area.snapshot();
      await damage(copy);
      await rejectsWith(V.readChunks(copy, key, g2.h, g2.index, ['meta', 'auth', 'history', 'page.p1']), 'vault-corrupt');
    });
  }
});

test('an index edited, cut or taken from another generation does not authenticate', async () => {
  const { area, key, base } = await fresh();
  const g2 = await V.commit(area, key, base, { auth: '{}' }, []);
  for (const damage of [
    (h) => { h.gen = 5; },
    (h) => { h.at += 1; },
    (h) => { h.index.data = g2.h.index.data.slice(0, 40); },
    (h) => { h.index = base.h.index; },
    (h) => { h.vault = base.h.vault.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')); },
  ]) {
    const h = structuredClone(g2.h);
    damage(h);
    const copy = new FakeArea();
    copy.items = area.snapshot();
    copy.items['vault.current'] = JSON.stringify(h);
    copy.items['vault.h.2'] = JSON.stringify(h);
    const opened = await V.unlock(PW, copy);
    assert.equal(opened.h.gen, 1, 'the previous generation opens instead');
    assert.equal(opened.recovered, 'older');
  }
});

// A header whose encrypted index no longer authenticates (its last base64 characters changed).
function damageIndex(area, name) {
  const h = JSON.parse(area.items[name]);
  h.index.data = h.index.data.slice(0, -4) + (h.index.data.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  area.items[name] = JSON.stringify(h);
}

test('recovery: without vault.current, without the newest header, or without both, or with them damaged, the vault opens; nothing is written', async (t) => {
  const { area, key, base } = await fresh();
  const g2 = await V.commit(area, key, base, { auth: '{"authenticators":["g2"]}' }, []);
  const cases = [
    ['vault.current deleted', ['vault.current'], 2, 'pointer'],
    ['vault.current garbage', [], 2, 'pointer', (a) => { a.items['vault.current'] = '"garbage"'; }],
    ['the newest header deleted', ['vault.h.2'], 2, 'header'],
    ['both copies deleted: the generation before', ['vault.current', 'vault.h.2'], 1, 'pointer'],
  ];
  for (const [name, remove, gen, recovered, damage] of cases) {
    await t.test(name, async () => {
      const copy = new FakeArea();
      copy.items = area.snapshot();
      for (const k of remove) delete copy.items[k];
      if (damage) damage(copy);
      const before = copy.snapshot();
      assert.equal((await V.status(copy, new FakeArea('session'))).initialized, true, 'still a vault: never first run');
      await rejectsWith(V.init(copy, key, CHUNKS), 'vault-exists');
      const opened = await V.unlock(PW, copy);
      assert.equal(opened.h.gen, gen);
      assert.equal(opened.recovered, recovered);
      const got = await readAll(copy, key, opened);
      assert.equal(got.auth, gen === 2 ? '{"authenticators":["g2"]}' : CHUNKS.auth);
      assert.deepEqual(copy.snapshot(), before, 'unlock writes nothing');
      // The caller repairs the header copies; then everything is as after a normal commit.
      await V.repair(copy, opened.h);
      const again = await V.unlock(PW, copy);
      assert.equal(again.recovered, null);
      assert.equal(again.h.gen, gen);
    });
  }
  // A newest header that does not authenticate is not dropped: the generation before opens (reported as older) while
  // it stays for the user to see, until a commit's clean-up.
  for (const [name, damaged] of [['the newest header damaged, vault.current deleted', ['vault.h.2']],
    ['both copies of the newest header damaged', ['vault.h.2', 'vault.current']]]) {
    await t.test(name + ': the generation before opens', async () => {
      const copy = new FakeArea();
      copy.items = area.snapshot();
      if (damaged.length === 1) delete copy.items['vault.current'];
      for (const k of damaged) damageIndex(copy, k);
      const before = copy.snapshot();
      await rejectsWith(V.init(copy, key, CHUNKS), 'vault-exists');
      const opened = await V.unlock(PW, copy);
      assert.equal(opened.h.gen, 1);
      assert.equal(opened.recovered, 'older');
      assert.equal((await readAll(copy, key, opened)).auth, CHUNKS.auth);
      assert.deepEqual(copy.snapshot(), before, 'unlock writes nothing');
    });
  }
  await t.test('no header left at all: damaged, not a first run; setup refuses', async () => {
    const copy = new FakeArea();
    copy.items = area.snapshot();
    for (const k of ['vault.current', 'vault.h.1', 'vault.h.2']) delete copy.items[k];
    await rejectsWith(V.unlock(PW, copy), 'vault-corrupt');
    const err = await rejectsWith(V.init(copy, key, CHUNKS), 'vault-exists');
    assert.match(err.message, /erase/);
    assert.equal((await V.status(copy, new FakeArea('session'))).initialized, true);
  });
  void g2;
});

test('setup never erases: init refuses any vault data, naming it; erase removes it all', async () => {
  const { area, key } = await fresh();
  const err = await rejectsWith(V.init(area, key, CHUNKS), 'vault-exists');
  assert.match(err.message, /generation 1/);
  assert.equal(err.found.gen, 1);
  const v1 = new FakeArea();
  v1.items = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(FIXTURE.local).map(([k, v]) => [k, JSON.stringify(v)]))));
  await rejectsWith(V.init(v1, key, CHUNKS), 'vault-exists');
  assert.equal(await V.erase(area), 6);
  assert.deepEqual(Object.keys(area.items), []);
  assert.equal((await V.status(area, new FakeArea('session'))).initialized, false);
  await V.init(area, key, CHUNKS);
});

test('rollback: an older copy of storage written back is reported against the generation this browser saw', async () => {
  const { area, key, base } = await fresh();
  const session = new FakeArea('session');
  const sync = new FakeArea('sync');
  const g2 = await V.commit(area, key, base, { auth: '{"authenticators":["g2"]}' }, []);
  const old = area.snapshot();
  const g3 = await V.commit(area, key, g2, { auth: '{"authenticators":["g3"]}' }, []);
  await V.remember(session, sync, g3.h.vault, g3.h.gen);
  assert.equal(await V.seen(session, sync, g3.h.vault), 3);

  area.items = old; // storage.local as it was at generation 2, every key of it
  const opened = await V.unlock(PW, area);
  assert.equal(opened.h.gen, 2, 'it authenticates: only the mark outside storage.local tells');
  const err = await rejectsWith(V.current(area, key, session), 'vault-rollback');
  assert.match(err.message, /generation 2.*generation 3/);
  await rejectsWith(V.currentFast(area, key, session), 'vault-rollback');
  // After a browser restart storage.session is empty; storage.sync still has the mark.
  assert.equal(await V.seen(new FakeArea('session'), sync, g3.h.vault), 3);
  // Another vault's mark does not count.
  assert.equal(await V.seen(session, sync, 'another'), 0);
});

test('sweep removes stale generations, failed commits and migrated format 1 records; keeps the current and previous', async () => {
  const { area, key, base } = await fresh();
  const g2 = await V.commit(area, key, base, { auth: '{}' }, []);
  // Leftovers: a commit cut short (chunks of generation 3 without a header), an old header, a format 1 record.
  area.items['vault.c.3.Tag0.auth'] = '"AAAA"';
  area.items['vault.h.0'] = '{}';
  area.items['vault.7'] = '{"format":1}';
  area.items['vault.damaged'] = '{}';
  const opened = await V.unlock(PW, area);
  assert.equal(await V.sweep(area, opened.h, opened.index), 3);
  assert.deepEqual(shapes(Object.keys(area.items)), ['vault.c.1.T.auth', 'vault.c.1.T.history', 'vault.c.1.T.meta',
    'vault.c.1.T.page.p1', 'vault.c.2.T.auth', 'vault.current', 'vault.damaged', 'vault.h.1', 'vault.h.2']);
  void g2;
});

test('format 1 (the committed fixture made by the previous build): unlock gives its document to migrate', async () => {
  const area = new FakeArea();
  for (const [k, v] of Object.entries(FIXTURE.local)) area.items[k] = JSON.stringify(v);
  const before = area.snapshot();
  await rejectsWith(V.unlock('not the password', area), 'wrong-password');
  assert.deepEqual(area.snapshot(), before, 'a wrong password leaves it byte-identical');
  const opened = await V.unlock(FIXTURE.password, area);
  assert.equal(opened.v1.gen, FIXTURE.local['vault.current']);
  assert.deepEqual(JSON.parse(opened.v1.text), FIXTURE.expected);
  assert.deepEqual(area.snapshot(), before);
  // Migration stores format 2 beside it (replacing: the records go once format 2 opened), then sweeps.
  const base = await V.init(area, opened.key, CHUNKS, { replacing: true });
  const v2 = await V.unlock(FIXTURE.password, area);
  assert.equal(v2.h.gen, base.h.gen);
  assert.equal(v2.v1, undefined);
  await V.sweep(area, v2.h, v2.index);
  assert.equal(area.items['vault.2'], undefined);
  assert.ok(area.items.settings, 'not vault data: left alone');
});

test('export files: format 2 opens with its password only; format 1 exports still open', async () => {
  const { area, key, base } = await fresh();
  const file = await V.exportFile(area, base.h, base.index);
  assert.ok(!file.includes('PAGE-SECRET'));
  assert.deepEqual((await V.openFile(file, PW)).chunks, CHUNKS);
  await rejectsWith(V.openFile(file, 'wrong password here'), 'wrong-password');
  const broken = JSON.parse(file);
  const names = Object.keys(broken.chunks);
  broken.chunks[names.find((k) => k.endsWith('.auth'))] = broken.chunks[names.find((k) => k.endsWith('.meta'))];
  await rejectsWith(V.openFile(JSON.stringify(broken), PW), 'vault-corrupt');
  await rejectsWith(V.openFile('{"format":3}', PW), 'vault-corrupt');
  await rejectsWith(V.openFile('not json', PW), 'vault-corrupt');
  assert.deepEqual(JSON.parse((await V.openFile(FIXTURE.exportFile, FIXTURE.password)).document), FIXTURE.expected);
  void key;
});

test('an area without getKeys (older browsers) works the same', async () => {
  const { area, key, base } = await fresh();
  area.getKeys = undefined;
  const g2 = await V.commit(area, key, base, { auth: '{}' }, []);
  delete area.items['vault.current'];
  const opened = await V.unlock(PW, area);
  assert.equal(opened.h.gen, g2.h.gen);
  assert.equal(await V.sweep(area, opened.h, opened.index), 0);
});

test('a key from before a password change, or of another vault, is key-mismatch', async () => {
  const { area } = await fresh();
  const other = await V.create(PW, FAST);
  await rejectsWith(V.current(area, other, new FakeArea('session')), 'key-mismatch');
  await rejectsWith(V.currentFast(area, other, new FakeArea('session')), 'key-mismatch');
});

test('passwords are compared after Unicode normalisation', async () => {
  const area = new FakeArea();
  await V.init(area, await V.create('caf\u00e9 au lait!', FAST), CHUNKS);
  assert.equal((await V.unlock('cafe\u0301 au lait!', area)).h.gen, 1);
});

test('rollback: a mark set exactly (the user opened an older vault) replaces a higher one', async () => {
  const session = new FakeArea('session');
  const sync = new FakeArea('sync');
  await V.remember(session, sync, 'v', 5);
  await V.remember(session, sync, 'v', 3);
  assert.equal(await V.seen(session, sync, 'v'), 5, 'marks only grow');
  await V.remember(session, sync, 'v', 3, { exact: true });
  assert.equal(await V.seen(session, sync, 'v'), 3);
});
