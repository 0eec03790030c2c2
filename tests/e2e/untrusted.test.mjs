// A server whose certificate this browser does not trust (the emulator's -untrusted option: a CA that is never
// written out, so trusting ca.pem does not help). The worker's fetch fails without an HTTP answer; the popup must
// say why in words a user can act on and offer to open the server so the user can inspect the certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { secretsOf, secretLeaks, credentialViolations, REAL_PORTS, closeAll, startWithVault } from './harness.mjs';

let emu;
let b;
let popup;
let WHM; // the emulator's own loopback address, cPanel's WHM port

before(async () => {
  let fixture;
  // The browser trusts ca.pem, which did not sign the served certificate.
  ({ emu, fixture, b, popup } = await startWithVault('untrusted', { emulator: { untrusted: true } }));
  assert.equal(emu.info.untrustedCert, true);
  WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  const g = await b.grantHost(`https://${emu.host}/*`);
  assert.equal(g.contains, true);
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({
    id: 's-untrusted', name: 'Untrusted', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token, password: '', accessHash: '', totp: null },
    accounts: [], accountsFetchedAt: 0,
  });
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="s-untrusted"]');
});

after(() => closeAll('untrusted', b, emu));

test('the browser itself refuses the certificate (the setup is what it claims)', async () => {
  const p = await b.newPage();
  const err = await p.goto(WHM + '/').then(() => null, (e) => e.message);
  assert.match(err || '', /ERR_CERT|SEC_ERROR_UNKNOWN_ISSUER/, 'navigating to the server fails on the certificate');
  await p.close();
});

test('one click on an untrusted server: the popup explains the certificate problem and opens no tab', async () => {
  const pagesBefore = b.pages().length;
  await popup.click('.row[data-id="s-untrusted"] button[data-service="whm"]');
  const msg = await popup.waitForSelector('#message.error:not([hidden])', { timeout: 20000 });
  await popup.waitForFunction(() => /certificate/i.test(document.getElementById('message').textContent), null, { timeout: 20000 });
  const text = await msg.textContent();
  assert.match(text, /certificate/i);
  assert.ok(text.includes(`${emu.host}:2087`), 'it names the server');
  assert.equal(b.pages().length, pagesBefore, 'no tab was opened');
  const reqs = await emu.requests();
  assert.equal(reqs.filter((r) => r.url.startsWith('/json-api/')).length, 0, 'no API request got through the TLS handshake');
});

test('the popup offers to open the server in a tab so the certificate can be inspected', async () => {
  // Exactly the failure's own link to the server (not any button in the message, e.g. a host-permission one).
  const offer = popup.locator('#message a[data-open-url]');
  assert.equal(await offer.count(), 1,
    `the popup shows no link to open ${WHM} (message: "${await popup.locator('#message').textContent()}")`);
  const href = await offer.getAttribute('href');
  assert.ok(href === WHM || href.startsWith(WHM + '/'), `the link opens the server itself, ${WHM}: ${href}`);
  assert.equal(await offer.getAttribute('data-open-url'), href);
  assert.equal(await offer.getAttribute('target'), '_blank');
  assert.match(await offer.getAttribute('rel'), /\bnoopener\b/);
  assert.match(await offer.textContent(), new RegExp('Open ' + href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ' in a tab'));
  const opened = b.waitForPage(undefined, 10000);
  await offer.first().click();
  const page = await opened;
  await page.waitForURL((u) => u.href.startsWith(WHM), { timeout: 10000 }).catch(() => {});
  assert.ok(page.url().startsWith(WHM) || page.url().startsWith('chrome-error://'), 'the tab goes to the server: ' + page.url());
  await page.close();
});

test('no credential went anywhere over the untrusted connection', async () => {
  const secrets = secretsOf(await emu.fixture());
  assert.deepEqual(credentialViolations(await emu.requests(), secrets), []);
  assert.deepEqual(await secretLeaks(b, secrets), [], 'and nothing leaked into storage, consoles or pages');
});
