// The engine under Node (built with the test-only functions, -tags enginetest: load.mjs): globalThis.panelkey as the
// service worker sees it, and what the shipped panelkey.wasm holds.
// - totpCodes and totpVerify against an independent RFC 6238 implementation (node:crypto HMAC, dynamic
//   truncation) over random secrets, times, digits (6–8), periods and hashes (SHA1/256/512);
// - one well-formed call of every function;
// - malformed input of every function: a thrown Error with a stable .code, never a dead Go runtime.
// Run: node --test tests/wasm/engine.test.mjs (PANELKEY_WASM=path picks the wasm; see load.mjs).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { loadEngine, root } from './load.mjs';
import { base32, totp, unbase32 } from './totp.mjs';

let pk;
before(async () => {
  ({ pk } = await loadEngine());
});

function randomCase() {
  const algorithm = ['SHA1', 'SHA256', 'SHA512'][randomInt(3)];
  const digits = 6 + randomInt(3);
  const period = [30, 30, 60, 15, 1 + randomInt(300)][randomInt(5)];
  const key = randomBytes(10 + randomInt(55));
  // Up to 2100: a step's first second, its last one, or any.
  const step = randomInt(Math.floor(4_102_444_800 / period));
  const within = [0, period - 1, randomInt(period)][randomInt(3)];
  const ms = (step * period + within) * 1000 + randomInt(1000);
  return { key, secret: base32(key), algorithm, digits, period, ms };
}

describe('totpCodes against an independent TOTP', () => {
  test('RFC 6238 appendix B vectors', () => {
    const seeds = {
      SHA1: Buffer.from('12345678901234567890'),
      SHA256: Buffer.from('12345678901234567890123456789012'),
      SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
    };
    const want = {
      59: ['94287082', '46119246', '90693936'],
      1111111109: ['07081804', '68084774', '25091201'],
      1111111111: ['14050471', '67062674', '99943326'],
      1234567890: ['89005924', '91819424', '93441116'],
      2000000000: ['69279037', '90698825', '38618901'],
      20000000000: ['65353130', '77737706', '47863826'],
    };
    for (const [t, codes] of Object.entries(want)) {
      const entries = ['SHA1', 'SHA256', 'SHA512'].map((algorithm) => ({ id: algorithm, secret: base32(seeds[algorithm]), algorithm, digits: 8 }));
      const out = pk.totpCodes({ now: Number(t) * 1000, entries });
      assert.deepEqual(out.codes.map((c) => c.code), codes, 't=' + t);
    }
  });

  test('2,000 random secrets, times, digits, periods and hashes in one batch', () => {
    const cases = Array.from({ length: 2000 }, randomCase);
    // One batch per time would be the real use; here every entry has its own time, so call per distinct time
    // in groups: the bridge applies one `now` to a batch.
    const byTime = new Map();
    cases.forEach((c, i) => {
      if (!byTime.has(c.ms)) byTime.set(c.ms, []);
      byTime.get(c.ms).push({ c, i });
    });
    let checked = 0;
    for (const [ms, group] of byTime) {
      const entries = group.map(({ c, i }) => ({ id: 'e' + i, secret: c.secret, algorithm: c.algorithm, digits: c.digits, period: c.period }));
      const { codes } = pk.totpCodes({ now: ms, entries });
      assert.equal(codes.length, entries.length);
      group.forEach(({ c, i }, k) => {
        const want = totp(c.key, ms, c);
        const got = codes[k];
        assert.equal(got.id, 'e' + i);
        assert.equal(got.error, undefined, JSON.stringify(got.error));
        assert.equal(got.code, want.code, `secret ${c.secret} ${c.algorithm}/${c.digits}/${c.period} at ${ms}`);
        assert.equal(got.secondsLeft, want.secondsLeft);
        assert.equal(got.period, c.period);
        checked++;
      });
    }
    assert.equal(checked, 2000);
  });

  test('secrets as people paste them (lower case, spaces, dashes, padding) give the same code', () => {
    for (let n = 0; n < 200; n++) {
      const c = randomCase();
      const messy = c.secret.toLowerCase().replace(/(.{4})/g, '$1 ').replace(/ (?=.)/, '-') + '='.repeat(randomInt(3));
      const { codes } = pk.totpCodes({ now: c.ms, entries: [{ id: 'x', secret: messy, algorithm: c.algorithm, digits: c.digits, period: c.period }] });
      assert.equal(codes[0].code, totp(c.key, c.ms, c).code, messy);
    }
  });

  test('defaults are cPanel\'s (SHA1, 6 digits, 30 s) and offsetSeconds shifts the clock', () => {
    const c = randomCase();
    const { codes } = pk.totpCodes({ now: c.ms, entries: [{ id: 'd', secret: c.secret }] });
    assert.deepEqual({ code: codes[0].code, secondsLeft: codes[0].secondsLeft, period: codes[0].period },
      { ...totp(c.key, c.ms), period: 30 });
    const shifted = pk.totpCodes({ now: c.ms, offsetSeconds: 90, entries: [{ id: 'd', secret: c.secret }] });
    assert.equal(shifted.codes[0].code, totp(c.key, c.ms + 90_000).code);
  });

  test('one bad entry fails alone, with a code', () => {
    const good = randomCase();
    const { codes } = pk.totpCodes({
      now: good.ms,
      entries: [
        { id: 'bad-char', secret: 'JBSW1!' },
        { id: 'good', secret: good.secret, algorithm: good.algorithm, digits: good.digits, period: good.period },
        { id: 'bad-digits', secret: good.secret, digits: 9 },
        { id: 'bad-alg', secret: good.secret, algorithm: 'MD5' },
        { id: 'empty', secret: '' },
      ],
    });
    assert.equal(codes[1].code, totp(good.key, good.ms, good).code);
    assert.deepEqual(codes.map((c) => c.error && c.error.code),
      ['secret-invalid-char', undefined, 'digits-out-of-range', 'algorithm-unknown', 'secret-empty']);
    for (const c of codes) if (c.error) assert.ok(c.error.message.length > 0);
  });

  test('totpVerify accepts the current code and one step either side, and nothing further', () => {
    for (let n = 0; n < 100; n++) {
      const c = randomCase();
      const ms = Math.max(c.ms, 3 * c.period * 1000);
      const at = (steps) => totp(c.key, ms + steps * c.period * 1000, c).code;
      const verify = (code) => pk.totpVerify({ secret: c.secret, code, now: ms, algorithm: c.algorithm, digits: c.digits, period: c.period }).valid;
      assert.equal(verify(at(0)), true);
      assert.equal(verify(at(-1)), true);
      assert.equal(verify(at(1)), true);
      // A code two steps away can equal a code inside the window by chance (1 in 10^digits): compare first.
      for (const far of [at(-2), at(2)]) {
        if (![at(-1), at(0), at(1)].includes(far)) assert.equal(verify(far), false);
      }
    }
  });
});

// ---- Every function once, well formed.

describe('every function', () => {
  test('version', () => {
    assert.match(pk.version().version, /^\d+\.\d+\.\d+/);
  });

  test('clockOffset: a year either way is the most the engine computes codes at', () => {
    assert.deepEqual(pk.clockOffset({ offsetSeconds: -150 }), { offsetSeconds: -150 });
    assert.deepEqual(pk.clockOffset({ offsetSeconds: 366 * 86400 }), { offsetSeconds: 366 * 86400 });
  });

  test('normalizeSecret', () => {
    assert.deepEqual(pk.normalizeSecret({ secret: 'jbsw y3dp-ehpk 3pxp==' }), { secret: 'JBSWY3DPEHPK3PXP' });
  });

  test('parseOtpauth and buildOtpauth round-trip', () => {
    const key = pk.parseOtpauth({ uri: 'otpauth://totp/host.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=host.example.com' });
    assert.deepEqual(key, { issuer: 'host.example.com', account: 'bob', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 });
    const { uri } = pk.buildOtpauth(key);
    assert.equal(uri, 'otpauth://totp/host.example.com:bob?secret=JBSWY3DPEHPK3PXP&issuer=host.example.com');
    const general = pk.buildOtpauth({ issuer: 'X', account: 'a b', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256', digits: 8, period: 60 });
    assert.deepEqual(pk.parseOtpauth(general), { issuer: 'X', account: 'a b', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256', digits: 8, period: 60 });
  });

  test('authHeaders, each method, and the OTP header for Basic', () => {
    assert.deepEqual(pk.authHeaders({ method: 'whm-token', user: 'root', secret: 'ABC123' }),
      { headers: [{ name: 'Authorization', value: 'whm root:ABC123' }], deprecated: false });
    assert.deepEqual(pk.authHeaders({ method: 'cpanel-token', user: 'bob', secret: 'XYZ9' }).headers,
      [{ name: 'Authorization', value: 'cpanel bob:XYZ9' }]);
    const hash = pk.authHeaders({ method: 'access-hash', user: 'root', secret: 'ab12\r\ncd34\n' });
    assert.deepEqual(hash, { headers: [{ name: 'Authorization', value: 'WHM root:ab12cd34' }], deprecated: true });
    const key = randomBytes(10);
    const now = 1_700_000_000_000;
    const basic = pk.authHeaders({ method: 'basic', user: 'bob', secret: 'pa:ss wörd', otp: { secret: base32(key) }, now });
    assert.deepEqual(basic.headers, [
      { name: 'Authorization', value: 'Basic ' + Buffer.from('bob:pa:ss wörd').toString('base64') },
      { name: 'X-CPANEL-OTP', value: totp(key, now).code },
    ]);
  });

  test('parseAddress, serviceAddresses, hostPermission', () => {
    assert.deepEqual(pk.parseAddress({ input: ' HTTPS://Host.Example.com.:2087/whm ' }), {
      scheme: 'https', host: 'host.example.com', port: 2087, service: 'whm', viaSubdomain: false,
      baseURL: 'https://host.example.com:2087', secure: true,
    });
    assert.equal(pk.parseAddress({ input: 'host.example.com', service: 'webmail' }).baseURL, 'https://host.example.com:2096');
    const all = pk.serviceAddresses({ input: 'cpanel.example.com' });
    assert.deepEqual(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.baseURL])), {
      cpanel: 'https://cpanel.example.com', whm: 'https://whm.example.com', webmail: 'https://webmail.example.com',
    });
    assert.deepEqual(pk.hostPermission({ input: '[2001:db8::1]:2083' }), { origin: 'https://[2001:db8::1]/*' });
  });

  test('buildRequest with auth, parseResponse, extractCpsess', () => {
    const req = pk.buildRequest({
      baseURL: 'https://host.example.com:2087', family: 'whmapi1', module: '', function: 'listaccts',
      args: [['search', 'bob'], ['searchtype', 'user'], ['limit', 5]], auth: { method: 'whm-token', user: 'root', secret: 'TOKEN1' },
    });
    assert.equal(req.method, 'GET');
    assert.equal(req.url, 'https://host.example.com:2087/json-api/listaccts?api.version=1&search=bob&searchtype=user&limit=5');
    assert.deepEqual(req.headers, [{ name: 'Authorization', value: 'whm root:TOKEN1' }]);
    const uapi = pk.buildRequest({ baseURL: 'https://h.example:2083', family: 'uapi', module: 'Email', function: 'list_pops', args: [], cpsess: '/cpsess0123456789' });
    assert.equal(uapi.url, 'https://h.example:2083/cpsess0123456789/execute/Email/list_pops');

    const ok = pk.parseResponse({ family: 'whmapi1', status: 200, body: '{"metadata":{"command":"listaccts","reason":"OK","result":1,"version":1},"data":{"acct":[{"user":"bob"}]}}' });
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.data, { acct: [{ user: 'bob' }] });
    assert.equal(ok.reason, 'OK');
    assert.equal(ok.error, undefined);
    const denied = pk.parseResponse({ family: 'whmapi1', status: 403, body: '{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}' });
    assert.equal(denied.ok, false);
    assert.equal(denied.error.code, 'access-denied');
    const html = pk.parseResponse({ family: 'uapi', status: 200, body: '<html>login</html>' });
    assert.equal(html.ok, false);
    assert.equal(typeof html.error.code, 'string');

    assert.deepEqual(pk.extractCpsess({ url: 'https://h:2083/cpsess0123456789/frontend/jupiter/index.html' }), { token: '/cpsess0123456789' });
  });

  test('signinStart gives a step the worker can follow', () => {
    const step = pk.signinStart({ service: 'cpanel', method: 'token', baseURL: 'https://host.example.com:2087', user: 'bob', secret: 'TOKEN1', whmUser: 'root', now: Date.now() });
    assert.equal(step.kind, 'fetch');
    assert.match(step.request.url, /^https:\/\/host\.example\.com:2087\/json-api\/create_user_session\?/);
    assert.equal(typeof step.state, 'string');
    const next = pk.signinNext({ state: step.state, response: { status: 500, headers: {}, body: 'oops' }, now: Date.now() });
    assert.equal(next.kind, 'fail');
    assert.equal(typeof next.code, 'string');
  });

  test('the worker\'s vault: new, edits (loading what they need), the credential choices by id, the document; chunks from a document', () => {
    const made = pk.vaultNew({ autoLockMinutes: 20 });
    assert.deepEqual(Object.keys(made.texts).sort(), ['auth', 'history', 'meta'], 'the chunks, as texts beside the JSON');
    assert.deepEqual(made.first, ['meta', 'auth']);
    const added = pk.vaultEdit({ edits: [
      { op: 'server.add', server: { name: 'Main', address: 'host.example.com', baseURL: 'https://host.example.com:2087',
        whm: { user: 'root', token: 'TOKEN1' } } },
      { op: 'server.update', id: 'nope', set: { name: 'x' } },
      { op: 'made-up' },
    ] });
    assert.equal(added.results[0].ok, true);
    assert.deepEqual(added.results[1].error.code, 'not-found');
    assert.deepEqual(added.results[2].error.code, 'bad-edit');
    assert.deepEqual(Object.keys(added.texts), ['meta'], 'the chunks written, as texts');
    assert.equal(added.autoLockMinutes, 20);
    const serverId = added.results[0].id;
    const acct = pk.vaultEdit({ edits: [{ op: 'account.add', serverId, account: { user: 'bob', password: 'bob-pw' } }] });
    const page = Object.keys(acct.texts).find((id) => id.startsWith('page.'));
    assert.ok(page, 'a page of accounts');
    const accountId = acct.results[0].id;
    assert.deepEqual(pk.vaultServer({ serverId, accountId }),
      { server: { baseURL: 'https://host.example.com:2087', address: 'host.example.com' }, account: { user: 'bob' } },
      'the server\'s address and the account\'s user: nothing secret');
    assert.deepEqual(pk.vaultServer({ serverId }), { server: { baseURL: 'https://host.example.com:2087', address: 'host.example.com' } });
    throwsCode(() => pk.vaultServer({ serverId: 'gone' }), 'not-found');
    throwsCode(() => pk.vaultServer({ serverId, accountId, mailbox: 'nobody@example.com' }), 'not-found');
    const doc = JSON.parse(pk.vaultDocument({}).texts.document);
    assert.equal(doc.servers[0].accounts[0].user, 'bob');

    // Opened again from its meta chunk only: what an edit reads is asked for, then it applies.
    pk.vaultLoad({ reset: true }, { meta: acct.texts.meta ?? added.texts.meta });
    const meta = pk.vaultEdit({ edits: [] });
    assert.deepEqual(meta.results, []);
    const ask = pk.vaultEdit({ edits: [{ op: 'account.update', serverId, id: acct.results[0].id, set: { domain: 'bob.example' } }] });
    assert.deepEqual(ask, { need: [page] });
    pk.vaultLoad({}, { [page]: acct.texts[page] });
    const renamed = pk.vaultEdit({ edits: [{ op: 'account.update', serverId, id: acct.results[0].id, set: { domain: 'bob.example' } }] });
    assert.deepEqual(Object.keys(renamed.texts), [page], 'one page rewritten');
    assert.deepEqual(pk.vaultDocument({}), { need: ['auth', 'history'] });
    pk.vaultClose({});
    assert.throws(() => pk.vaultEdit({ edits: [] }), { code: 'vault-partial' });

    const fromDoc = pk.vaultFromDocument({ autoLockMinutes: 9 }, { document: JSON.stringify(doc) });
    assert.ok(fromDoc.texts.meta.includes('"autoLockMinutes":20'), 'the document\'s own setting is kept');
    const held = pk.vaultDocument({}).texts.document;

    // An import: read in full and staged, the held vault untouched until a vaultEdit with replace.
    const other = JSON.parse(held);
    other.servers[0].name = 'Imported';
    other.settings = { autoLockMinutes: 45 };
    const otherChunks = pk.vaultFromDocument({}, { document: JSON.stringify(other) }).texts;
    pk.vaultLoad({ reset: true }, fromDoc.texts);
    assert.deepEqual(pk.vaultStage({}, otherChunks), { servers: 1, accounts: 1, authenticators: 0 });
    assert.equal(pk.vaultDocument({}).texts.document, held, 'staging changes nothing held');
    const replaced = pk.vaultEdit({ edits: [{ op: 'settings.set', autoLockMinutes: 30 }], replace: true });
    assert.deepEqual(replaced.results, [{ ok: true }]);
    assert.deepEqual(Object.keys(replaced.texts).sort(), Object.keys(otherChunks).sort(), 'every chunk written again');
    const now = JSON.parse(pk.vaultDocument({}).texts.document);
    assert.equal(now.servers[0].name, 'Imported');
    assert.deepEqual(now.settings, { autoLockMinutes: 30 }, 'this browser\'s settings, then the edits after the import');
    pk.vaultUnstage({});
    throwsCode(() => pk.vaultEdit({ edits: [], replace: true }), 'bad-edit');
    assert.deepEqual(pk.vaultStage({ document: true }, { document: JSON.stringify(other) }).servers, 1, 'or a document');
    const fresh = pk.vaultFromStaged({ autoLockMinutes: 9 });
    assert.deepEqual(Object.keys(fresh.texts).map((id) => id.replace(/^page\..*/, 'page')).sort(), ['auth', 'history', 'meta', 'page']);
    assert.equal(JSON.parse(pk.vaultDocument({}).texts.document).settings.autoLockMinutes, 45, 'the import\'s own setting');
    throwsCode(() => pk.vaultFromStaged({}), 'bad-edit');
    pk.vaultStage({}, otherChunks);
    pk.vaultClose({ keepStaged: true });
    pk.vaultLoad({ reset: true }, fromDoc.texts);
    assert.deepEqual(pk.vaultEdit({ edits: [], replace: true }).results, [], 'a commit applied again finds the import');
    pk.vaultClose({});
    pk.vaultLoad({ reset: true }, fromDoc.texts);
    throwsCode(() => pk.vaultEdit({ edits: [], replace: true }), 'bad-edit');
    pk.vaultFromDocument({}, { document: JSON.stringify(doc) });

    const listing = JSON.stringify({ metadata: { command: 'listaccts', result: 1, reason: 'OK', version: 1 },
      data: { acct: [{ user: 'bob', suspended: 1, domain: 'bob.example', ip: '203.0.113.9' }] } });
    assert.deepEqual(pk.listedAccounts({ status: 200, body: listing, redirected: false, origin: 'https://h.example:2087' }),
      { listed: [{ user: 'bob', domain: 'bob.example', owner: '', suspended: true }] });

    // The warm-up's made-up logins must go through (one that fails early compiles little).
    assert.deepEqual(pk.warmUp({}), { token: 'open', password: 'open' });

    // The credential choices (vaultops) take the server, account and mailbox from the vault the engine holds, by id.
    const totp = { secret: 'JBSWY3DPEHPK3PXP', digits: 6 };
    const creds = pk.vaultEdit({ edits: [
      { op: 'server.add', server: { address: 'host.example.com', baseURL: 'https://host.example.com:2087',
        whm: { user: 'root', token: 'TOKEN1', password: 'pw' } } },
      { op: 'server.add', server: { address: 'host.example.com', baseURL: 'https://host.example.com:2087',
        whm: { user: 'root', token: '', password: 'pw', totp } } },
      { op: 'server.add', server: { address: 'host.example.com', baseURL: 'https://host.example.com:2087', whm: { user: 'res', accessHash: 'ab12cd' } } },
      { op: 'server.add', server: { address: 'host.example.com', baseURL: 'https://host.example.com:2087', whm: { user: 'root' } } },
    ] });
    const [tokenServer, basicServer, hashServer, bareServer] = creds.results.map((r) => r.id);
    assert.deepEqual(pk.apiAuth({ serverId: tokenServer }), { method: 'whm-token', user: 'root', secret: 'TOKEN1' });
    const basic = pk.apiAuth({ serverId: basicServer });
    assert.deepEqual(basic, { method: 'basic', user: 'root', secret: 'pw', otp: totp });
    assert.deepEqual(pk.apiAuth({ serverId: hashServer }), { method: 'access-hash', user: 'res', secret: 'ab12cd' }, 'no otp');
    throwsCode(() => pk.apiAuth({ serverId: bareServer }), 'credentials-missing');
    throwsCode(() => pk.apiAuth({ serverId: 'gone' }), 'not-found');
    assert.equal(pk.buildRequest({ baseURL: 'https://h.example:2087', family: 'whmapi1', module: '', function: 'listaccts', args: [], auth: basic })
      .headers.length, 2, 'its answer is buildRequest\'s auth: Basic and X-CPANEL-OTP');

    const bob = pk.vaultEdit({ edits: [{ op: 'account.add', serverId: tokenServer, account: { user: 'bob', password: 'bob-pw', totp,
      mailboxes: [{ email: 'info@bob.example', password: 'mail-pw' }] } }] }).results[0].id;
    const token = pk.signinInput({ serverId: tokenServer, accountId: bob, service: 'cpanel', method: 'token', app: 'FileManager_Home' });
    assert.deepEqual(token, { service: 'cpanel', method: 'token', baseURL: 'https://host.example.com:2087', user: 'bob', secret: 'TOKEN1',
      whmUser: 'root', app: 'FileManager_Home' });
    assert.equal(pk.signinStart({ ...token, now: Date.now() }).kind, 'fetch', 'its answer is signinStart\'s input');
    const password = pk.signinInput({ serverId: tokenServer, accountId: bob, service: 'webmail', method: 'password' });
    assert.deepEqual(password, { service: 'webmail', method: 'password', baseURL: 'https://host.example.com:2096', user: 'bob',
      secret: 'bob-pw', totp }, 'what signinStart reads; no whmUser or app when there is none');
    assert.equal(pk.signinStart({ ...password, now: Date.now() }).kind, 'fetch');
    assert.deepEqual(pk.signinInput({ serverId: tokenServer, accountId: bob, mailbox: 'info@bob.example', service: 'webmail', method: 'password' }),
      { service: 'webmail', method: 'password', baseURL: 'https://host.example.com:2096', user: 'info@bob.example', secret: 'mail-pw' },
      'a mailbox: its own password, never the account\'s 2FA');
    throwsCode(() => pk.signinInput({ serverId: tokenServer, accountId: bob, mailbox: 'sales@bob.example', service: 'webmail', method: 'password' }),
      'not-found');

    // An account on a page not loaded: asked for, as an edit's chunks are.
    const opened = pk.vaultFromDocument({}, { document: pk.vaultDocument({}).texts.document });
    const bobPage = Object.keys(opened.texts).find((id) => id.startsWith('page.') && opened.texts[id].includes(tokenServer));
    pk.vaultLoad({ reset: true }, { meta: opened.texts.meta });
    const need = pk.signinInput({ serverId: tokenServer, accountId: bob, page: bobPage, service: 'cpanel', method: 'token' });
    assert.deepEqual(need, { need: [bobPage] });
    assert.deepEqual(pk.vaultServer({ serverId: tokenServer, accountId: bob, page: bobPage }), need);
    pk.vaultLoad({}, { [bobPage]: opened.texts[bobPage] });
    assert.equal(pk.signinInput({ serverId: tokenServer, accountId: bob, page: bobPage, service: 'cpanel', method: 'token' }).user, 'bob');
    throwsCode(() => pk.signinInput({ serverId: tokenServer, service: 'ftp', method: 'token' }), 'service-unknown');
    throwsCode(() => pk.signinInput({ serverId: tokenServer, service: 'cpanel', method: 'magic' }), 'method-unknown');
    throwsCode(() => pk.signinInput({ serverId: bareServer, service: 'whm', method: 'token' }), 'credentials-missing');
    // A document written by hand: a server without an address, a 2FA value that is no secret.
    pk.vaultFromDocument({}, { document: JSON.stringify({ version: 2, servers: [{ id: 'x', whm: { user: 'root', password: 'pw', totp: 'S' },
      accounts: [{ id: 'b', user: 'bob', password: 'pw' }] }, { id: 'y', whm: { accessHash: 'H' } }] }) });
    throwsCode(() => pk.signinInput({ serverId: 'x', accountId: 'b', service: 'cpanel', method: 'password' }), 'address-empty');
    throwsCode(() => pk.apiAuth({ serverId: 'x' }), 'totp-unreadable');
    assert.deepEqual(pk.apiAuth({ serverId: 'y' }), { method: 'access-hash', secret: 'H' }, 'no user, no otp');
    pk.vaultClose({});
    throwsCode(() => pk.apiAuth({ serverId: tokenServer }), 'vault-partial');
    throwsCode(() => pk.signinInput({ serverId: tokenServer, service: 'whm', method: 'token' }), 'vault-partial');
  });

  test('popupList: the popup\'s first rows and their codes (an independent TOTP), at each server\'s clock, their chunks asked for first', () => {
    const accounts = 600; // more than two pages of accounts: the first list needs only the first
    const secrets = new Map();
    const doc = { version: 1, authenticators: [], history: [], servers: [['s1', 150], ['s2', 0]].map(([id]) => ({
      id, name: 'Server ' + id, address: id + '.example', baseURL: `https://${id}.example:2087`, whm: { user: 'root', token: 'T' },
      accounts: Array.from({ length: id === 's1' ? accounts : 2 }, (_, i) => {
        const secret = base32(randomBytes(10));
        secrets.set(`${id}-a${i}`, secret);
        return { id: `${id}-a${i}`, user: 'u' + i, domain: `u${i}.example`, totp: { secret, algorithm: 'SHA1', digits: 6, period: 30 } };
      }),
    })) };
    const made = pk.vaultFromDocument({}, { document: JSON.stringify(doc) });
    pk.vaultLoad({ reset: true }, { meta: made.texts.meta });
    const now = Date.now();
    const clocks = { s1: 150 };
    const de = readFileSync(join(root, '_locales/de/messages.json'), 'utf8');
    const en = readFileSync(join(root, '_locales/en/messages.json'), 'utf8');
    const ask = pk.popupList({ now, clocks, catalog: { lang: 'de', text: de, fallback: en } });
    assert.ok(Array.isArray(ask.need), JSON.stringify(ask));
    assert.deepEqual(ask.need, made.first.filter((id) => id !== 'meta'), 'the chunks of the first rows: the index\'s first');
    assert.ok(Object.keys(made.texts).length > made.first.length + 2, 'pages beyond the first ones stay unread');
    pk.vaultLoad({}, Object.fromEntries(ask.need.map((id) => [id, made.texts[id]])));
    const { html } = pk.popupList({ now, clocks });
    const shown = [...html.matchAll(/data-entry-id="([^"]+)"[^>]*>(\d{6})</g)];
    assert.equal(shown.length, 99, 'a list of 100 rows: the server and 99 of its accounts');
    for (const [, id, code] of shown) {
      assert.equal(code, totp(unbase32(secrets.get(id)), now + 150_000).code, id + ' at s1\'s clock (+150 s)');
    }
    assert.match(html, /\+2 min 30 s/, 'the codes say they are at the server\'s clock');
    const more = accounts + 2 + 2 - 99 - 1;
    assert.ok(html.includes(`${more} weitere – tippen`), 'the rows not listed are counted, in the catalog\'s words');
    pk.popupList({ now, clocks, catalog: { lang: 'en', text: en, fallback: '' } });
    assert.ok(pk.popupList({ now, clocks }).html.includes(`${more} more — type`), 'the catalog given last is kept');

    const empty = pk.vaultNew({});
    pk.vaultLoad({ reset: true }, { meta: empty.texts.meta });
    assert.deepEqual(pk.popupList({ now, clocks: {} }), { need: ['auth'] });
    pk.vaultLoad({}, { auth: empty.texts.auth });
    assert.deepEqual(pk.popupList({ now, clocks: {} }), { html: '' }, 'an empty vault: the popup says so itself');
  });

  test('gateRequest, gateOpen, gateFailure: the gate, and the browser\'s own URL parser agrees with what it allows', () => {
    const server = { baseURL: 'https://server.example.com:2087', address: 'server.example.com' };
    const token = [{ name: 'authorization', value: 'whm root:TOKEN' }];
    const d = pk.gateRequest({ server, request: { method: 'get', url: 'HTTPS://Server.Example.COM.:2087/json-api/version?api.version=1', headers: token } });
    assert.deepEqual(d, { method: 'GET', url: 'https://server.example.com:2087/json-api/version?api.version=1',
      headers: [{ name: 'Authorization', value: 'whm root:TOKEN' }], body: '', contentType: '', credentials: 'include', redirect: 'manual',
      timeoutMs: 30000, maxBytes: 20 << 20, permission: 'https://server.example.com/*', origin: 'https://server.example.com:2087',
      service: 'whm', carries: ['whm-token', 'cookies'] });
    assert.equal(pk.gateRequest({ server, request: { url: 'https://server.example.com:2083/', headers: [] }, timeoutSeconds: 2.5 }).timeoutMs, 2500);
    throwsCode(() => pk.gateRequest({ server, request: { url: 'http://server.example.com:2086/json-api/listaccts', headers: token } }), 'plain-text-refused');
    throwsCode(() => pk.gateRequest({ server, request: { url: 'https://server.example.com:2087/' }, timeoutSeconds: 3600 }), 'timeout-invalid');
    assert.deepEqual(pk.gateOpen({ server, service: 'cpanel', url: 'https://server.example.com:2083/cpsess0123456789/login/?session=x' }),
      { url: 'https://server.example.com:2083/cpsess0123456789/login/?session=x', origin: 'https://server.example.com:2083', service: 'cpanel' });
    throwsCode(() => pk.gateOpen({ server, url: 'javascript:alert(1)' }), 'scheme-refused');
    throwsCode(() => pk.gateOpen({ server, service: 'cpanel', url: 'https://evil.example:2083/' }), 'other-host');
    assert.equal(pk.gateFailure({ origin: 'https://server.example.com:2087', error: 'net::ERR_CERT_AUTHORITY_INVALID' }).code, 'tls-untrusted');
    assert.equal(pk.gateFailure({ origin: 'https://server.example.com:2087', error: 'net::ERR_CONNECTION_REFUSED' }).code, 'unreachable');
    assert.deepEqual(pk.gateFailure({ origin: 'https://server.example.com:2087', error: 'aborted', timeoutSeconds: 30 }).message,
      'The server did not answer in 30 seconds at https://server.example.com:2087.');

    // Node's URL is the WHATWG parser browsers use: for every address an attacker might try, whatever the gate allows
    // the browser reads as https on the server's own host, and whatever the browser would read as another host the
    // gate refuses.
    const own = new Set(['server.example.com']);
    const tricks = ['https://server.example.com:2087/', 'HTTPS://SERVER.example.com.:2087/x', 'https://server.example.com:02087/',
      'https://server.example.com:2087@evil.example:2087/', 'https://evil.example@server.example.com:2087/',
      'https://evil.example\\@server.example.com:2087/', 'https://evil.example\\server.example.com:2087/',
      'https://server.example.com.evil.example:2087/', 'https://server%2Eexample.com:2087/', 'https://ſerver.example.com:2087/',
      'https://server\u3002example.com:2087/', 'https://ｓｅｒｖｅｒ.example.com:2087/', 'https://server.example.com\t:2087/',
      ' https://server.example.com:2087/', 'https://server.example.com:2087\n@evil.example/', '//server.example.com:2087/',
      'https:server.example.com:2087/', 'https:/server.example.com:2087/', 'https:\\\\server.example.com:2087/',
      'https://[::ffff:server]:2087/', 'https://server.example.com:2087#@evil.example/', 'https://server.example.com:2087?@evil.example/',
      'javascript://server.example.com:2087/%0aalert(1)', 'https://0x7f000001:2087/', 'https://server.example.com:2087/..//evil.example/'];
    let allowed = 0;
    for (const url of tricks) {
      let decided;
      try {
        decided = pk.gateRequest({ server, request: { url, headers: token } });
      } catch (err) {
        assert.equal(typeof err.code, 'string', url);
        continue;
      }
      allowed++;
      const asBrowser = new URL(decided.url);
      assert.equal(asBrowser.protocol, 'https:', url);
      assert.ok(own.has(asBrowser.hostname), `${url} → ${decided.url}: the browser reads host ${asBrowser.hostname}`);
      assert.equal(asBrowser.username + asBrowser.password, '', url);
      assert.equal(asBrowser.hostname, new URL(url).hostname.replace(/\.$/, ''), `${url}: the host asked for is the host decided`);
    }
    assert.ok(allowed >= 3, 'the plain spellings of the server are allowed');
  });

  test('checkRequest', () => {
    const wrongPort = pk.checkRequest({ baseURL: 'https://h.example:2083', family: 'whmapi1', auth: 'whm-token' });
    assert.ok(wrongPort.problems.some((p) => p.severity === 'error' && p.code === 'whm-api-on-cpanel-port'), JSON.stringify(wrongPort));
    assert.deepEqual(pk.checkRequest({ baseURL: 'https://h.example:2087', family: 'whmapi1', auth: 'whm-token' }), { problems: [] });
    const unknown = pk.checkRequest({ baseURL: 'https://h.example:2087', family: 'soap', auth: 'whm-token' });
    assert.ok(unknown.problems.some((p) => p.code === 'family-unknown'));
  });

  test('parseSessionLog', () => {
    const text = '[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session ' +
      'address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=1\n' +
      '[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsucess\n' +
      'not a log line\n';
    const { entries, errors } = pk.parseSessionLog({ text });
    assert.equal(entries.length, 2);
    assert.deepEqual([entries[0].event, entries[0].user, entries[0].fields.creator, entries[0].time],
      ['NEW', 'bob', 'root', Date.parse('2024-06-10T11:13:20Z')]);
    assert.equal(entries[1].reason, 'loginsucess');
    assert.match(entries[1].reasonText, /single sign-on URL works once/);
    assert.deepEqual(errors.map((e) => [e.line, e.code]), [[3, 'log-format']]);
  });
});

// ---- Malformed input: a thrown Error with a stable code, and the runtime lives on.

function throwsCode(fn, code) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, 'an Error');
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.length > 0);
    return true;
  });
}

describe('malformed input', () => {
  const notObjects = [null, 5, 'text', true, [], [{}], () => 1];

  test('every function refuses what is not one object', () => {
    for (const name of Object.keys(pk)) {
      if (name === 'version') continue; // takes no input
      for (const bad of notObjects) throwsCode(() => pk[name](bad), 'bad-input');
    }
  });

  test('what JSON cannot carry is bad input', () => {
    const cyclic = {};
    cyclic.self = cyclic;
    throwsCode(() => pk.totpCodes(cyclic), 'bad-input');
    throwsCode(() => pk.totpCodes({ now: 10n, entries: [] }), 'bad-input');
  });

  const cases = {
    totpCodes: [
      [{ now: 0, entries: 'x' }, 'bad-input'],
      [{ now: 0, entries: [{ id: 'a', secret: 'JBSWY3DPEHPK3PXP', digits: '6' }] }, 'bad-input'],
      [{ now: 0, entries: [{ id: 'a', secret: 'JBSWY3DPEHPK3PXP', digits: 6.5 }] }, 'bad-input'],
      [{ now: 'soon', entries: [] }, 'bad-input'],
      [{ now: 1e300, entries: [] }, 'bad-input'],
      [{ now: 0, offsetSeconds: 1e12, entries: [] }, 'bad-input'],
    ],
    totpVerify: [
      [{ secret: 'JBSWY3DPEHPK3PXP', code: 123456, now: 0 }, 'bad-input'],
      [{ secret: 'JBSWY3DPEHPK3PXP', code: '12a456', now: 0 }, 'code-malformed'],
      [{ secret: 'JBSW1', code: '123456', now: 0 }, 'secret-invalid-char'],
      [{ secret: 'JBSWY3DPEHPK3PXP', code: '123456', now: -5000 }, 'time-before-epoch'],
    ],
    normalizeSecret: [
      [{ secret: '' }, 'secret-empty'],
      [{ secret: 'AB1C' }, 'secret-invalid-char'],
      [{ secret: 42 }, 'bad-input'],
    ],
    parseOtpauth: [
      [{ uri: 'https://example.com' }, 'uri-not-otpauth'],
      [{ uri: 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP' }, 'uri-hotp-unsupported'],
      [{ uri: 'otpauth://totp/x' }, 'uri-secret-missing'],
      [{}, 'uri-not-otpauth'],
    ],
    buildOtpauth: [
      [{ issuer: 'x', account: 'y', secret: '!!' }, 'secret-invalid-char'],
      [{ issuer: 'x', account: 'y', secret: 'JBSWY3DPEHPK3PXP', digits: 12 }, 'digits-out-of-range'],
    ],
    authHeaders: [
      [{ method: 'magic', user: 'root', secret: 'x' }, 'bad-input'],
      [{ method: 'whm-token', user: 'root', secret: 'not a token!' }, 'header-token-invalid-char'],
      [{ method: 'basic', user: 'bob', secret: 'pw', otp: { secret: '1' } }, 'secret-invalid-char'],
      [{ method: 'basic', user: 'bob', secret: 'p\nw' }, 'header-control-char'],
    ],
    parseAddress: [
      [{ input: '' }, 'address-empty'],
      [{ input: 'ftp://host' }, 'address-unknown-scheme'],
      [{ input: 'user:pw@host' }, 'address-credentials'],
      [{ input: 'host:8080' }, 'address-unknown-port'],
      [{ input: 'host', service: 'ftp' }, 'service-unknown'],
    ],
    serviceAddresses: [[{ input: '' }, 'address-empty']],
    hostPermission: [[{ input: 'a@b' }, 'address-credentials']],
    buildRequest: [
      [{ baseURL: 'https://h:2087', family: 'soap', module: '', function: 'x' }, 'family-unknown'],
      [{ baseURL: 'https://h:2083', family: 'uapi', module: 'a b', function: 'x' }, 'name-invalid'],
      [{ baseURL: 'https://h:2083', family: 'uapi', module: 'Email', function: 'x', args: [['a']] }, 'bad-input'],
      [{ baseURL: 'https://h:2083', family: 'uapi', module: 'Email', function: 'x', args: [[1, 'a']] }, 'bad-input'],
      [{ baseURL: 'nope', family: 'uapi', module: 'Email', function: 'x' }, 'base-invalid'],
      [{ baseURL: 'https://h:2083', family: 'uapi', module: 'Email', function: 'x', cpsess: '/cpsess1' }, 'cpsess-invalid'],
    ],
    parseResponse: [
      [{ family: 'x', status: 200, body: '{}' }, 'family-unknown'],
      [{ family: 'uapi', status: '200', body: '{}' }, 'bad-input'],
    ],
    extractCpsess: [[{ url: 'https://h:2083/frontend/' }, 'cpsess-missing']],
    checkRequest: [[{ baseURL: '', family: 'uapi', auth: 'basic' }, 'address-empty']],
    parseSessionLog: [[{ text: 5 }, 'bad-input']],
    clockOffset: [[{ offsetSeconds: 366 * 86400 + 1 }, 'bad-input'], [{ offsetSeconds: -1e12 }, 'bad-input'], [{ offsetSeconds: 'x' }, 'bad-input']],
    signinStart: [[{ service: 'ftp', method: 'token' }, 'service-unknown']],
    gateRequest: [
      [{ server: { baseURL: 'https://h.example:2087' }, request: { url: 'https://h.example:2087/', headers: 'x' } }, 'bad-input'],
      [{ server: { baseURL: 'https://h.example:2087' }, request: { url: 'https://h.example:2087/' }, timeoutSeconds: 'soon' }, 'bad-input'],
      [{ server: {}, request: { url: 'https://h.example:2087/' } }, 'server-address-invalid'],
      [{ server: { baseURL: 'https://h.example:2087' }, request: { url: 'data:,x' } }, 'scheme-refused'],
    ],
    gateOpen: [[{ server: { baseURL: 'https://h.example:2087' }, service: 'ftp', url: 'https://h.example:2083/' }, 'service-unknown']],
    signinNext: [[{ state: 's', response: { status: 'x' } }, 'bad-input']],
    vaultLoad: [[{ reset: true }, { meta: '{' }, 'vault-corrupt'], [{}, 'x', 'bad-input'], [{}, { meta: 5 }, 'bad-input']],
    vaultEdit: [[{ edits: 'x' }, 'bad-input']],
    popupList: [[{ now: 'soon', clocks: {} }, 'bad-input'], [{ now: 0, clocks: { s1: 'x' } }, 'bad-input'],
      [{ now: 0, clocks: {}, catalog: { lang: 'en', text: '{', fallback: '' } }, 'locale-bad-json']],
    vaultFromDocument: [[{}, { document: '[' }, 'vault-corrupt']],
    vaultStage: [[{}, { meta: '{"servers":[{"id":"s","pages":[{"id":"p"}]}]}' }, 'vault-corrupt'], [{ document: true }, { document: '{' }, 'vault-corrupt'],
      [{}, { meta: '{}', auth: [] }, 'bad-input']],
    listedAccounts: [
      [{ status: 0, body: '', redirected: true, origin: 'https://h:2087' }, 'redirected'],
      [{ status: 200, body: '{"metadata":{"result":1,"reason":"OK"},"data":{}}' }, 'bad-response'],
      [{ status: 200, body: '<html></html>' }, 'not-json'],
      [{ status: '200', body: '' }, 'bad-input'],
    ],
    apiAuth: [[{ serverId: 5 }, 'bad-input']],
    signinInput: [[{ serverId: 's', service: 'cpanel', method: 'token', app: 5 }, 'bad-input']],
    vaultServer: [[{ serverId: [] }, 'bad-input']],
  };

  for (const [name, list] of Object.entries(cases)) {
    test(name, () => {
      for (const c of list) throwsCode(() => pk[name](...c.slice(0, -1)), c.at(-1));
    });
  }

  test('every function survives random junk, and the runtime lives on', () => {
    const scalars = [null, 0, -1, 1.5, 1e308, '', 'x', '\u0000', '💥'.repeat(100), true, false, [], {}];
    const junk = (depth) => {
      if (depth > 2 || randomInt(3) === 0) return scalars[randomInt(scalars.length)];
      if (randomInt(2) === 0) return Array.from({ length: randomInt(4) }, () => junk(depth + 1));
      const keys = ['now', 'entries', 'secret', 'code', 'uri', 'method', 'user', 'otp', 'input', 'service', 'baseURL',
        'family', 'module', 'function', 'args', 'auth', 'status', 'body', 'url', 'text', 'state', 'response', 'digits', 'period',
        'existing', 'listed', 'whm', 'server', 'account', 'mailbox', 'token', 'password'];
      return Object.fromEntries(Array.from({ length: randomInt(6) }, () => [keys[randomInt(keys.length)], junk(depth + 1)]));
    };
    const codes = new Set();
    const names = Object.keys(pk).filter((n) => n !== 'engineStop'); // it ends the program, whatever its input (tested below)
    for (let n = 0; n < 3000; n++) {
      const name = names[randomInt(names.length)];
      const input = junk(0);
      try {
        const out = pk[name](input, randomInt(3) === 0 ? junk(1) : undefined); // texts, for the bulk functions
        assert.equal(typeof out, 'object', name);
      } catch (err) {
        assert.ok(err instanceof Error, name + ' threw a non-Error');
        assert.equal(typeof err.code, 'string', name + ': ' + err.message);
        assert.notEqual(err.code, 'internal', name + ' ' + JSON.stringify(input) + ': ' + err.message);
        codes.add(err.code);
      }
    }
    assert.ok(codes.has('bad-input'));
    assert.match(pk.version().version, /^\d/);
  });
});

// Ship only what runs: the engine functions built into the shipped panelkey.wasm (wasm/*.go without the enginetest
// tag) are exactly those extension/*.js calls (through call, engineCall or onVault: a new wrapper goes in the pattern below). A test-only one belongs in wasm/testapi_*.go (//go:build … && enginetest).
test('the shipped engine holds exactly the functions the worker calls', () => {
  const wasmDir = join(root, 'wasm');
  const shipped = new Set();
  for (const f of readdirSync(wasmDir).filter((n) => n.endsWith('.go'))) {
    const src = readFileSync(join(wasmDir, f), 'utf8');
    if (/^\/\/go:build .*enginetest/m.test(src)) continue;
    for (const m of src.matchAll(/\bregister(?:Bulk|Field|Next)?\("([A-Za-z]+)"/g)) shipped.add(m[1]);
  }
  const called = new Set();
  const extDir = join(root, 'extension');
  for (const f of readdirSync(extDir).filter((n) => n.endsWith('.js'))) {
    for (const m of readFileSync(join(extDir, f), 'utf8').matchAll(/\b(?:(?:call|engineCall)\([^,]+, |onVault\()'([A-Za-z]+)'/g)) called.add(m[1]);
  }
  for (const name of shipped) {
    assert.ok(called.has(name), `panelkey.wasm ships ${name}, which the worker never calls: move its register() to a wasm/testapi_*.go file (build tag enginetest)`);
  }
  for (const name of called) assert.ok(shipped.has(name), `the worker calls ${name}, which the shipped panelkey.wasm lacks`);
});

// Lock: engineStop drops what the engine holds and its Go program exits within the call (the worker then zeroes the
// instance's memory, which must not run again). A second engine of its own: the suite's stays.
test('engineStop: the program exits within the call; before it, the vault it held is still bytes in its memory', async () => {
  const { pk: own, go } = await loadEngine();
  const secret = 'ENGINESTOPTOKEN4R7T9Y';
  own.vaultFromDocument({}, { document: JSON.stringify({ version: 2, servers: [{ id: 's', whm: { user: 'root', token: secret } }] }) });
  const mem = () => Buffer.from(go.mem.buffer);
  own.vaultClose({});
  assert.ok(mem().includes(secret), 'dropped and collected, the token is still in the memory: why Lock stops the engine');
  const memory = go.mem.buffer;
  assert.deepEqual(own.engineStop({}), {});
  assert.equal(go.exited, true, 'exited before engineStop returned');
  new Uint8Array(memory).fill(0);
  assert.throws(() => own.vaultEdit({ edits: [] }), /already exited/, 'a stopped engine refuses every call');
});
