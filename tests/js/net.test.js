// The worker's one way to the network (extension/net.js) and the lock epoch, with the engine's gate as a test double
// (tests/js/harness.js fakeGate; the real gate is Go's netgate). What is checked: nothing in extension/ can reach the
// network but net.js; the worker performs exactly what the gate decided; every request has its timeout and its size
// cap; and a Lock stops every operation under way from opening a tab or writing anything.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadWorker, fakeGate } = require('./harness.js');

const EXT = path.join(__dirname, '..', '..', 'extension');
const PW = 'correct horse battery';

function server(extra = {}) {
  return {
    id: 's1', name: 'main', address: 'host.example', baseURL: 'https://host.example:2087',
    whm: { user: 'root', token: 'WHMTOKEN123', password: '', accessHash: '', totp: null },
    accounts: [{ id: 'a1', user: 'bob', domain: 'bob.example', password: 'bob-secret-pw', apiToken: '', totp: null, mailboxes: [] }],
    accountsFetchedAt: 0,
    ...extra,
  };
}
const docWith = (...servers) => ({ version: 1, servers, authenticators: [], history: [] });

async function ready(opts) {
  const h = await loadWorker(opts);
  await h.ok({ type: 'setup', password: PW });
  await h.ok({ type: 'vault.write', data: docWith(server()) });
  return h;
}

async function fail(h, msg, code) {
  const reply = await h.send(msg);
  assert.equal(reply.ok, false, JSON.stringify(reply));
  assert.equal(reply.error.code, code, reply.error.message);
  return reply.error;
}

// A fetch whose answer waits until release() is called; its request is recorded as it starts.
function held() {
  let release;
  const gate = new Promise((r) => { release = r; });
  const started = [];
  return {
    started,
    release: (res) => release(res),
    fetch: async (url, init) => {
      started.push(url);
      return gate;
    },
  };
}

async function until(cond, what) {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('timed out waiting for ' + what);
}

// A scripted token login: one request, then a tab on the session URL, with the server's clock 95 s ahead.
function tokenLogin() {
  return {
    signinInput: () => ({ service: 'cpanel', method: 'token', baseURL: 'https://host.example:2087', user: 'bob', secret: 'WHMTOKEN123' }),
    clockOffset: ({ offsetSeconds }) => ({ offsetSeconds }),
    signinStart: () => ({ kind: 'fetch', state: 's', request: { method: 'GET', url: 'https://host.example:2087/json-api/create_user_session?api.version=1&user=bob&service=cpaneld',
      headers: [{ name: 'Authorization', value: 'whm root:WHMTOKEN123' }] } }),
    signinNext: () => ({ kind: 'open', url: 'https://host.example:2083/cpsess0123456789/login/?session=x', offsetSeconds: 95 }),
    extractCpsess: () => ({ token: '/cpsess0123456789' }),
  };
}

test('extension/ has one call of fetch (net.js), one tabs.create (net.js), and the worker keeps no global fetch', async () => {
  const calls = {};
  for (const f of fs.readdirSync(EXT).filter((n) => n.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(EXT, f), 'utf8');
    for (const [name, re] of [['fetch(', /fetch\(/g], ['tabs.create(', /tabs\.create\(/g], ['XMLHttpRequest', /XMLHttpRequest\b(?!['"])/g]]) {
      for (const _ of text.matchAll(re)) (calls[name] ||= []).push(f);
    }
  }
  assert.deepEqual(calls['fetch('], ['net.js'], 'the one fetch( of the extension');
  assert.deepEqual(calls['tabs.create('].filter((f) => f !== 'shell.js'), ['net.js'], 'the one place a server\'s tab opens');
  // The pages' shell opens only the extension's own pages.
  const shell = fs.readFileSync(path.join(EXT, 'shell.js'), 'utf8');
  for (const m of shell.matchAll(/tabs\.create\(([^)]*\)?)/g)) assert.match(m[1], /^\{ url: chrome\.runtime\.getURL\(/, m[0]);
  assert.equal(calls.XMLHttpRequest, undefined);

  const h = await loadWorker();
  for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource']) {
    assert.equal(typeof h.ctx[name], 'undefined', name + ' is gone from the worker\'s global scope');
  }
  assert.throws(() => h.ctx.panelkeyNet.packaged('../../other.wasm'), /Not a packaged file/);
  assert.throws(() => h.ctx.panelkeyNet.packaged('https://evil.example/x.wasm'), /Not a packaged file/);
  assert.throws(() => h.ctx.panelkeyNet.packaged('worker.js'), /Not a packaged file/);
  assert.equal(Object.isFrozen(h.ctx.panelkeyNet), true);
});

test('the worker performs exactly what the gate decided: its URL, method, headers, body; cookies; no redirect', async () => {
  const asked = [];
  const engine = {
    // A gate that rewrites what it allows, as the real one writes the canonical URL and header names.
    gateRequest(input) {
      asked.push(input);
      return { ...fakeGate({}).gateRequest(input), url: 'https://host.example:2087/decided?x=1', method: 'POST', body: 'a=1',
        contentType: 'application/x-www-form-urlencoded', headers: [{ name: 'Authorization', value: 'whm root:DECIDED' }] };
    },
  };
  const h = await ready({ engine, fetch: async () => new Response('{}') });
  await h.ok({ type: 'api.send', serverId: 's1', timeoutSeconds: 90,
    request: { method: 'GET', url: 'https://HOST.example:2087/asked', headers: [{ name: 'authorization', value: 'whm root:ASKED' }] } });
  assert.deepEqual(JSON.parse(JSON.stringify(asked)), [{ server: { baseURL: 'https://host.example:2087', address: 'host.example' }, timeoutSeconds: 90,
    request: { method: 'GET', url: 'https://HOST.example:2087/asked', headers: [{ name: 'authorization', value: 'whm root:ASKED' }] } }],
  'the gate is asked with the server\'s stored address only');
  const [f] = h.fetches;
  assert.equal(f.url, 'https://host.example:2087/decided?x=1');
  assert.equal(f.init.method, 'POST');
  assert.equal(f.init.body, 'a=1');
  assert.deepEqual([...f.init.headers], [['authorization', 'whm root:DECIDED'], ['content-type', 'application/x-www-form-urlencoded']]);
  assert.equal(f.init.credentials, 'include');
  assert.equal(f.init.redirect, 'manual');
  assert.equal(f.init.cache, 'no-store');
  assert.equal(f.init.referrerPolicy, 'no-referrer');
  assert.ok(f.init.signal, 'every request can be aborted');
});

test('a refused decision sends nothing, and comes before the host permission', async () => {
  const h = await ready({ granted: [] });
  for (const [url, code] of [['http://host.example:2086/json-api/listaccts', 'plain-text-refused'], ['https://evil.example:2087/', 'other-host'],
    ['https://host.example:2087@evil.example/', 'url-userinfo'], ['data:text/html,x', 'scheme-refused']]) {
    await fail(h, { type: 'api.send', serverId: 's1', request: { url, headers: [{ name: 'Authorization', value: 'whm root:WHMTOKEN123' }] } }, code);
  }
  assert.equal(h.fetches.length, 0);
});

test('a server that never answers: the timeout error, in the time the decision gives', async () => {
  const h = await ready({ fetch: () => new Promise(() => {}) });
  const started = Date.now();
  const err = await fail(h, { type: 'api.send', serverId: 's1', timeoutSeconds: 0.2, request: { url: 'https://host.example:2087/' } }, 'timeout');
  const took = Date.now() - started;
  assert.equal(err.message, 'The server did not answer in 0.2 seconds at https://host.example:2087.');
  assert.ok(took >= 150 && took < 2000, 'took ' + took + ' ms');
});

test('a server that stops in the middle of its body: the same timeout', async () => {
  const endless = () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"data":')); } }));
  const h = await ready({ fetch: async () => endless() });
  await fail(h, { type: 'api.send', serverId: 's1', timeoutSeconds: 0.2, request: { url: 'https://host.example:2087/' } }, 'timeout');
});

test('a body over the cap is read up to it, as a stream, and reported truncated', async () => {
  let pulled = 0;
  const huge = () => new Response(new ReadableStream({
    pull(c) {
      pulled += 64 << 10;
      c.enqueue(new Uint8Array(64 << 10).fill(0x61));
      if (pulled > (64 << 20)) c.close();
    },
  }));
  const h = await ready({ fetch: async () => huge(), maxBytes: 1 << 20 });
  const reply = await h.ok({ type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2087/' } });
  assert.equal(reply.truncated, true);
  assert.equal(reply.maxBytes, 1 << 20);
  assert.equal(reply.body.length, 1 << 20);
  assert.ok(pulled < 4 << 20, 'the stream was not read to its end (' + pulled + ' bytes pulled)');
});

test('the browser\'s own words tell an untrusted certificate from a server that is down', async () => {
  const cases = [['net::ERR_CERT_AUTHORITY_INVALID', 'tls-untrusted'], ['net::ERR_CONNECTION_REFUSED', 'unreachable'], [null, 'unreachable-or-untrusted']];
  for (const [text, code] of cases) {
    let h;
    h = await ready({ fetch: async (url) => {
      if (text) for (const l of h.events.webRequestError.listeners) l({ url, tabId: -1, error: text });
      throw new TypeError('Failed to fetch');
    } });
    await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2087/' } }, code);
  }
});

test('Lock during a login: the request is aborted, no tab opens, no session or clock offset is stored', async () => {
  const wait = held();
  const h = await ready({ engine: tokenLogin(), fetch: wait.fetch });
  const login = h.send({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'token' });
  await until(() => wait.started.length === 1, 'the login request');
  await h.ok({ type: 'lock' });
  wait.release(new Response('{}'));
  const reply = await login;
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'locked');
  assert.deepEqual(h.tabs, []);
  assert.ok(!Object.keys(h.session.snapshot()).some((k) => k.startsWith('browserSession/')), 'no session remembered');
  assert.equal(h.local.snapshot().clockOffsets, undefined, 'no clock offset stored');

  // Unlocked again, the same login goes through (and stores what it learnt).
  const ok = await loadWorker({ local: h.local, session: h.session, engine: tokenLogin(), fetch: async () => new Response('{}') });
  await ok.ok({ type: 'unlock', password: PW });
  await ok.ok({ type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'token' });
  assert.deepEqual(ok.tabs, ['https://host.example:2083/cpsess0123456789/login/?session=x']);
  assert.equal(JSON.parse(ok.local.snapshot().clockOffsets).s1, 95);
});

test('Lock between a login\'s answer and its tab: no tab (the epoch is checked before it opens)', async () => {
  let h;
  const engine = { ...tokenLogin(), signinNext: () => {
    h.ctx.panelkeyNet.lock(); // the Lock message's first, synchronous effect, at the worst moment
    return { kind: 'open', url: 'https://host.example:2083/cpsess0123456789/login/?session=x' };
  } };
  h = await ready({ engine, fetch: async () => new Response('{}') });
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'token' }, 'locked');
  assert.deepEqual(h.tabs, []);
});

test('a tab opens only where the gate allows: a session URL on another host opens nothing', async () => {
  const engine = { ...tokenLogin(), signinNext: () => ({ kind: 'open', url: 'https://evil.example:2083/cpsess0123456789/login/?session=x' }) };
  const h = await ready({ engine, fetch: async () => new Response('{}') });
  await fail(h, { type: 'login', serverId: 's1', accountId: 'a1', service: 'cpanel', method: 'token' }, 'other-host');
  assert.deepEqual(h.tabs, []);
  assert.ok(!Object.keys(h.session.snapshot()).some((k) => k.startsWith('browserSession/')));
});

test('Lock during an account refresh: nothing is written to the vault', async () => {
  const wait = held();
  const engine = {
    apiAuth: () => ({ method: 'whm-token', user: 'root', secret: 'WHMTOKEN123' }),
    buildRequest: (i) => ({ method: 'GET', url: i.baseURL + '/json-api/listaccts?api.version=1', headers: [{ name: 'Authorization', value: 'whm root:WHMTOKEN123' }] }),
    listedAccounts: () => ({ listed: [{ user: 'new' }] }),
  };
  const h = await ready({ engine, fetch: wait.fetch });
  const before = JSON.stringify(h.local.snapshot());
  const refresh = h.send({ type: 'accounts.refresh', serverId: 's1' });
  await until(() => wait.started.length === 1, 'the listaccts request');
  await h.ok({ type: 'lock' });
  wait.release(new Response('{}'));
  assert.equal((await refresh).error.code, 'locked');
  assert.equal(JSON.stringify(h.local.snapshot()), before, 'the vault is as it was');
});

test('api.send and clock.learned need an unlocked vault', async () => {
  const h = await ready({ engine: { clockOffset: ({ offsetSeconds }) => ({ offsetSeconds }) }, fetch: async () => new Response('{}') });
  await h.ok({ type: 'lock' });
  await fail(h, { type: 'api.send', serverId: 's1', request: { url: 'https://host.example:2087/' } }, 'locked');
  await fail(h, { type: 'clock.learned', serverId: 's1', offsetSeconds: 30 }, 'locked');
  assert.equal(h.fetches.length, 0);
  assert.equal(h.local.snapshot().clockOffsets, undefined);
});

test('the lock epoch is kept in storage.session: a worker woken again goes on from it', async () => {
  const h = await ready();
  await h.ok({ type: 'lock' });
  const after = JSON.parse(h.session.snapshot().lockEpoch);
  assert.ok(after >= 1);
  const woken = await loadWorker({ local: h.local, session: h.session });
  await woken.ok({ type: 'unlock', password: PW });
  await woken.ok({ type: 'lock' });
  assert.ok(JSON.parse(woken.session.snapshot().lockEpoch) > after, 'the count goes on, never back');
});
