// The network gate (netgate, extension/net.js) against the built extension in Chromium, each defect of issue 11 the
// way an attacker or a broken server would show it, with the emulator's fault modes (tests/emulator/README.md):
//  - credentials over plain HTTP: an account refresh for a server stored as http:// sends nothing (the emulator
//    records every header it gets);
//  - Lock while a login waits for a slow server: no tab opens, no session, clock offset or vault change is stored;
//  - create_user_session answering a login URL on another host (the main IP of §3, a hostile name, user@host, an
//    IPv6 spelling): no tab; the same host spelt with a trailing dot opens, canonically;
//  - a server that never answers: the timeout error, in the console's time and in the default 30 s;
//  - a huge body: read up to 20 MiB, and the console says it was truncated;
//  - a token refused with a plain-text 401: "the API token was refused", not a wrong password;
//  - api.send while locked: refused, nothing sent;
//  - a server that is down and one whose certificate is untrusted: different messages;
//  - the worker has no fetch of its own but net.js's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  startEmulator, secretsOf, credentialViolations, secretLeaks, REAL_PORTS, MASTER_PASSWORD, closeAll, startWithVault,
} from './harness.mjs';

let emu;
let b;
let fixture;
let WHM;
let HOST_ORIGIN;

const GATE_SERVER = 's-gate';

function rootToken(which = 'panelkey') {
  return fixture.whmUsers.find((u) => u.user === 'root').tokens.find((t) => t.name === which).token;
}

function serverRecord(id, baseURL, token = rootToken()) {
  return {
    id, name: id, address: new URL(baseURL).hostname, baseURL,
    whm: { user: 'root', token, password: '', accessHash: '', totp: null },
    accounts: [{ id: 'a-bob', user: 'bob', domain: 'bob.example', owner: 'root', suspended: false, password: '', apiToken: '', totp: null,
      mailboxes: [] }],
    accountsFetchedAt: 0,
  };
}

async function addServers(...servers) {
  const doc = (await b.must({ type: 'vault.read' })).data;
  const ids = new Set(servers.map((s) => s.id));
  doc.servers = [...doc.servers.filter((s) => !ids.has(s.id)), ...servers];
  await b.must({ type: 'vault.write', data: doc });
}

async function unlock() {
  const s = await b.send({ type: 'status' });
  if (!s.unlocked) await b.must({ type: 'unlock', password: MASTER_PASSWORD });
}

// The pages (tabs) other than the extension's own.
function serverTabs() {
  return b.pages().filter((p) => !p.url().startsWith(b.origin) && p.url() !== 'about:blank');
}

async function browserSessions() {
  const { session } = await b.storage();
  return Object.keys(session).filter((k) => k.startsWith('browserSession/'));
}

before(async () => {
  let popup;
  ({ emu, fixture, b, popup } = await startWithVault('gate'));
  await popup.close();
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  HOST_ORIGIN = `https://${emu.host}/*`;
  assert.equal((await b.grantHost(HOST_ORIGIN)).contains, true);
  await addServers(serverRecord(GATE_SERVER, WHM));
});

after(() => closeAll('gate', b, emu));

test('the worker has no fetch but net.js\'s, and still reaches the server through it', async () => {
  assert.deepEqual(await b.inBackground((g) => [typeof g.fetch, typeof g.XMLHttpRequest, typeof g.WebSocket, typeof g.EventSource]),
    ['undefined', 'undefined', 'undefined', 'undefined']);
  const r = await b.must({ type: 'api.send', serverId: GATE_SERVER,
    request: { method: 'GET', url: WHM + '/json-api/version?api.version=1', headers: [{ name: 'Authorization', value: 'whm root:' + rootToken() }] } });
  assert.equal(r.status, 200);
});

test('an account refresh for a server stored as http:// sends no credential over plain text', async () => {
  const plain = `http://${emu.host}:${REAL_PORTS.whm}`;
  // Where the browser would let it (an older manifest asked for http://*/*), the plain-text origin is granted too, so
  // only panelkey's own rule can keep the token off the wire.
  try {
    await b.grantHost(`http://${emu.host}/*`);
  } catch {
    // This build cannot even ask for http:// hosts: nothing to grant.
  }
  await addServers(serverRecord('s-http', plain));
  const seq = (await emu.requests()).reduce((m, r) => Math.max(m, r.seq), 0);
  const r = await b.send({ type: 'accounts.refresh', serverId: 's-http' });
  const sent = (await emu.requests(seq)).filter((x) => !x.tls);
  assert.deepEqual(sent.map((x) => [x.port, x.headers.Authorization || x.headers.authorization || null]), [],
    'no request reached a plain-text port, with or without an Authorization header');
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.error.code, 'plain-text-refused', r.error.message);
  assert.match(r.error.message, /plain-text http:\/\//);
  assert.deepEqual(credentialViolations(await emu.requests(), secretsOf(fixture)), []);
});

test('Lock while a login waits for a slow server: the request is aborted, no tab opens, nothing is stored', { timeout: 60000 }, async () => {
  await emu.config({ delay: 4 });
  const before = serverTabs().length;
  const offsets = (await b.storage()).local.clockOffsets;
  const login = b.send({ type: 'login', serverId: GATE_SERVER, accountId: 'a-bob', service: 'cpanel', method: 'token' });
  await new Promise((r) => setTimeout(r, 1000));
  await b.must({ type: 'lock' });
  const reply = await login;
  await new Promise((r) => setTimeout(r, 4500)); // past the server's answer
  await emu.config({ delay: 0 });
  assert.equal(reply.ok, false, JSON.stringify(reply));
  assert.equal(reply.error.code, 'locked');
  assert.equal(serverTabs().length, before, 'no tab opened');
  assert.deepEqual(await browserSessions(), [], 'no browser session remembered');
  assert.deepEqual((await b.storage()).local.clockOffsets, offsets, 'no clock offset stored');
  await unlock();
});

test('a create_user_session URL on another host opens no tab, and the error names both hosts', async () => {
  await unlock();
  const foreign = [
    'evil.panelkey.test', // a hostile server's
    '127.0.0.1', // the server's main IP (§3) when it is stored by another address
    `${emu.host}.evil.panelkey.test`, `${emu.host}@evil.panelkey.test`, `[::ffff:${emu.host}]`,
  ];
  try {
    for (const host of foreign) {
      await emu.config({ sessionURLHost: host });
      const before = serverTabs().length;
      const r = await b.send({ type: 'login', serverId: GATE_SERVER, accountId: 'a-bob', service: 'cpanel', method: 'token' });
      assert.equal(r.ok, false, host + ': ' + JSON.stringify(r));
      assert.equal(serverTabs().length, before, host + ': no tab');
      if (!host.includes('@')) {
        assert.ok(r.error.message.includes(emu.host), host + ': names the server: ' + r.error.message);
        assert.ok(r.error.message.includes(host.replace(/^\[::ffff:.*\]$/, '::ffff:')), host + ': names the other host: ' + r.error.message);
      }
      assert.deepEqual(await browserSessions(), [], host + ': no session remembered');
    }
    // The server's own host spelt with a trailing dot is the same host: the tab opens, on the canonical address.
    await emu.config({ sessionURLHost: emu.host + '.' });
    const tab = await b.waitForTab(`https://${emu.host}:${REAL_PORTS['cpanel-tls']}/`,
      () => b.must({ type: 'login', serverId: GATE_SERVER, accountId: 'a-bob', service: 'cpanel', method: 'token' }));
    await tab.waitForSelector('#emulator-home[data-service="cpanel"]');
    await tab.close();
  } finally {
    await emu.config({ sessionURLHost: '' });
  }
});

async function consolePage() {
  const con = await b.openPage('console.html', { width: 1100, height: 900 });
  await con.waitForSelector(`#server option[value="${GATE_SERVER}"]`, { state: 'attached' });
  await con.selectOption('#server', GATE_SERVER);
  await con.selectOption('#account', '');
  await con.selectOption('#family', 'whmapi1');
  await con.fill('#function', 'version');
  await con.selectOption('#auth', 'whm-token');
  return con;
}

test('a server that never answers: the default 30 s of an account refresh, then the console\'s own timeout', { timeout: 90000 }, async () => {
  await unlock();
  await emu.config({ hang: true });
  try {
    const t0 = Date.now();
    const r = await b.send({ type: 'accounts.refresh', serverId: GATE_SERVER });
    const waited = Date.now() - t0;
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 'timeout', r.error.message);
    assert.match(r.error.message, /did not answer in 30 seconds/);
    assert.ok(waited >= 29500 && waited < 40000, 'the default 30 s, in ' + waited + ' ms');

    const con = await consolePage();
    await con.fill('#timeout', '3');
    const started = Date.now();
    await con.click('#send');
    await con.waitForFunction(() => /did not answer/.test(document.getElementById('message').textContent), null, { timeout: 15000 });
    const took = Date.now() - started;
    assert.match(await con.textContent('#message'), new RegExp(`The server did not answer in 3 seconds at ${WHM.replace(/\./g, '\\.')}`));
    assert.ok(took >= 2900 && took < 8000, 'the console\'s 3 s, in ' + took + ' ms');
    await con.close();
  } finally {
    await emu.config({ hang: false });
  }
});

test('a huge body is read up to 20 MiB, and the console says the answer was truncated', { timeout: 90000 }, async () => {
  await unlock();
  await emu.config({ padBody: 64 << 20 });
  try {
    const r = await b.must({ type: 'api.send', serverId: GATE_SERVER,
      request: { method: 'GET', url: WHM + '/json-api/version?api.version=1', headers: [{ name: 'Authorization', value: 'whm root:' + rootToken() }] } });
    assert.equal(r.truncated, true);
    assert.equal(r.maxBytes, 20 << 20);
    assert.equal(r.body.length, 20 << 20);
    assert.match(r.body, /^\{"/, 'the head of the answer is kept');

    const con = await consolePage();
    await con.click('#send');
    await con.waitForSelector('#response-status .truncated', { timeout: 30000 });
    assert.match(await con.textContent('#response-status'), /response truncated at 20 MiB/);
    await con.close();
  } finally {
    await emu.config({ padBody: 0 });
  }
});

test('a token refused with a plain-text 401 is reported as a refused token, not a wrong password', async () => {
  await unlock();
  await addServers(serverRecord('s-revoked', WHM, rootToken('old-revoked')));
  await emu.config({ accessDeniedText: true });
  try {
    const refresh = await b.send({ type: 'accounts.refresh', serverId: 's-revoked' });
    assert.equal(refresh.ok, false);
    assert.equal(refresh.error.code, 'token-invalid');
    assert.match(refresh.error.message, /WHM API token was refused/);
    assert.doesNotMatch(refresh.error.message, /password/);
    const login = await b.send({ type: 'login', serverId: 's-revoked', accountId: 'a-bob', service: 'cpanel', method: 'token' });
    assert.equal(login.ok, false);
    assert.equal(login.error.code, 'token-rejected');
    assert.match(login.error.message, /refused the WHM API token/);
    const served = (await emu.requests()).filter((x) => x.status === 401 && /create_user_session|listaccts/.test(x.url));
    assert.ok(served.length >= 2, 'the emulator answered both with its plain-text 401');
  } finally {
    await emu.config({ accessDeniedText: false });
  }
});

test('api.send while locked is refused and sends nothing', async () => {
  await unlock();
  await b.must({ type: 'lock' });
  const seq = (await emu.requests()).reduce((m, r) => Math.max(m, r.seq), 0);
  const r = await b.send({ type: 'api.send', serverId: GATE_SERVER,
    request: { method: 'GET', url: WHM + '/json-api/version?api.version=1', headers: [{ name: 'Authorization', value: 'whm root:' + rootToken() }] } });
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.error.code, 'locked');
  assert.deepEqual(await emu.requests(seq), [], 'nothing reached the server');
  await unlock();
});

test('a server that is down and one whose certificate is untrusted get different messages', { timeout: 60000 }, async () => {
  await unlock();
  // Down: a loopback address where nothing listens, on WHM's port.
  const r = () => 1 + crypto.randomInt(250);
  const downHost = `127.${r()}.${r()}.${r()}`;
  const untrusted = await startEmulator({ untrusted: true });
  try {
    const downWHM = `https://${downHost}:${REAL_PORTS['whm-tls']}`;
    const badWHM = `https://${untrusted.host}:${REAL_PORTS['whm-tls']}`;
    for (const h of [downHost, untrusted.host]) assert.equal((await b.grantHost(`https://${h}/*`)).contains, true);
    await addServers(serverRecord('s-down', downWHM), serverRecord('s-untrusted', badWHM));
    const call = (serverId, url) => b.send({ type: 'api.send', serverId, request: { method: 'GET', url: url + '/json-api/version?api.version=1' } });

    const down = await call('s-down', downWHM);
    assert.equal(down.ok, false);
    assert.equal(down.error.code, 'unreachable', down.error.message);
    assert.match(down.error.message, /did not answer/);
    assert.doesNotMatch(down.error.message + down.error.advice, /certificate/i);

    const bad = await call('s-untrusted', badWHM);
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, 'tls-untrusted', bad.error.message);
    assert.match(bad.error.message, /does not trust the certificate/);
    assert.match(bad.error.advice, /trust it/);
    assert.equal(bad.error.openURL, badWHM, 'the server, to open in a tab and inspect its certificate');

    // The console shows the same, with the "open it" link only after the gate allowed it for the form's server.
    const con = await consolePage();
    await con.selectOption('#server', 's-untrusted');
    await con.selectOption('#account', '');
    await con.click('#send');
    await con.waitForSelector('#message a[data-open-url]', { timeout: 15000 });
    assert.match(await con.textContent('#message'), /does not trust the certificate/);
    assert.equal(await con.getAttribute('#message a[data-open-url]', 'href'), badWHM + '/');
    await con.close();
  } finally {
    await untrusted.stop();
  }
});

test('after all of it: no credential went over plain text or to a service it is not for, and nothing leaked', async () => {
  const secrets = secretsOf(fixture);
  assert.deepEqual(credentialViolations(await emu.requests(), secrets), []);
  assert.deepEqual(await secretLeaks(b, secrets), []);
});
