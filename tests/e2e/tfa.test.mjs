// Two-factor set-up for a cPanel account the admin manages, in the built extension against the emulator: which
// accounts have 2FA on (WHM's list), enrolment through UAPI TwoFactorAuth with a code panelkey computes, the secret
// stored with the account, and the next password login sending that account's code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { totp, REAL_PORTS, closeAll, startWithVault } from './harness.mjs';

let emu;
let b;
let fixture;

before(async () => {
  ({ emu, fixture, b } = await startWithVault('tfa'));
  const bob = fixture.accounts.find((a) => a.user === 'bob');
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's1', name: 'Emulator', address: emu.host, baseURL: `https://${emu.host}:${REAL_PORTS['whm-tls']}`,
    whm: { user: 'root', token: fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token, password: '', accessHash: '', totp: null },
    accounts: [{ id: 'a-bob', user: 'bob', domain: bob.domain, owner: 'root', suspended: false, password: bob.password, apiToken: '', totp: null, mailboxes: [] }],
    accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await b.grantHost(`https://${emu.host}/*`);
});

after(() => closeAll('tfa', b, emu));

test('which accounts have 2FA on: WHM\'s list', async () => {
  const { users } = await b.must({ type: 'tfa.status', serverId: 's1' });
  assert.equal(users.bob, false);
  assert.equal(users.alice, true);
  assert.equal(users.erin, true);
});

test('enrolment: generate, a code panelkey computed, the check; the secret stored with the account; the next login sends its code', async () => {
  const since = await emu.lastSeq();
  const r = await b.must({ type: 'tfa.enrol', serverId: 's1', accountId: 'a-bob' });
  assert.ok(r.issuer, 'the issuer cPanel names');
  const calls = (await emu.requests(since)).filter((x) => x.url.startsWith('/json-api/uapi_cpanel'));
  assert.deepEqual(calls.map((x) => new URL('https://h' + x.url).searchParams.get('cpanel.function')),
    ['generate_user_configuration', 'set_user_configuration', 'get_user_configuration']);
  assert.ok(calls.every((x) => !x.url.includes('secret=') && !x.url.includes('tfa_token=')), 'the secret and the code went in the body');

  const bob = (await b.must({ type: 'vault.read' })).data.servers[0].accounts[0];
  assert.match(bob.totp.secret, /^[A-Z2-7]{16}$/);
  assert.equal((await b.must({ type: 'tfa.status', serverId: 's1' })).users.bob, true);

  // cPanel now wants bob's code: the password login sends the stored secret's (an independent TOTP agrees).
  const before = await emu.lastSeq();
  const tab = await b.waitForTab(`https://${emu.host}:${REAL_PORTS['cpanel-tls']}/`, async () => {
    const login = await b.send({ type: 'login', serverId: 's1', accountId: 'a-bob', service: 'cpanel', method: 'password' });
    assert.equal(login.ok, true, JSON.stringify(login.error));
  });
  const home = await tab.waitForSelector('#emulator-home', { timeout: 20000 });
  assert.equal(await home.getAttribute('data-user'), 'bob');
  await tab.close();
  const posted = (await emu.requests(before)).find((x) => x.url === '/login/?login_only=1');
  const sent = new URLSearchParams(posted.body).get('tfa_token');
  const now = Date.now();
  assert.ok([now - 30000, now, now + 30000].some((t) => totp(bob.totp.secret, { time: t }) === sent), 'the code is the stored secret\'s');
});

test('a refused credential or an account the reseller does not own fails with the server\'s reason, and stores nothing', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers[0].whm.token = 'WRONGTOKEN0000000000000000000000';
  doc.servers[0].accounts[0].totp = null;
  await b.must({ type: 'vault.write', data: doc });
  const r = await b.send({ type: 'tfa.enrol', serverId: 's1', accountId: 'a-bob' });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'credentials-refused');
  assert.ok(!r.error.message.includes('WRONGTOKEN'));
  assert.equal((await b.must({ type: 'vault.read' })).data.servers[0].accounts[0].totp, null);
});
