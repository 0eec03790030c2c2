// The vault in the real browser: first run, unlock, wrong password, lock, auto-lock, and the service worker being
// stopped and started again by Chrome. No server is involved, so this file starts no emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  launchBrowser, popupView, setupThroughPopup, unlockThroughPopup, secretLeaks, MASTER_PASSWORD, closeAll,
  vaultRecords,
} from './harness.mjs';

let b;

before(async () => {
  b = await launchBrowser();
});

after(() => closeAll('vault', b));

test('first run: the popup offers to create a vault, creates it encrypted and opens unlocked', async () => {
  const before = await b.storage();
  assert.equal(before.local['vault.current'], undefined, 'a fresh profile has no vault');

  const popup = await b.popup();
  assert.equal(await popupView(popup), 'setup', 'the first run shows the create-vault form');
  await setupThroughPopup(popup);
  assert.equal(await popupView(popup), 'list', 'after creating the vault the popup shows the (empty) list');

  const { local, session } = await b.storage();
  const header = local['vault.current'];
  assert.equal(header.format, 2, 'vault.current is the newest header (format 2)');
  assert.deepEqual(local['vault.h.' + header.gen], header, 'and its copy under its generation');
  assert.equal(header.kdf.name, 'PBKDF2');
  assert.equal(header.kdf.hash, 'SHA-256');
  assert.ok(header.kdf.iterations >= 100000, `PBKDF2 iterations ${header.kdf.iterations}`);
  const chunks = Object.keys(local).filter((k) => k.startsWith('vault.c.'));
  assert.ok(chunks.length >= 3, 'the vault is stored as chunks: ' + chunks);
  for (const k of chunks) assert.match(local[k], /^[A-Za-z0-9+/]+=*$/, 'a chunk is base64 ciphertext');
  assert.ok(session.key, 'the unlocked key is in storage.session');
  const all = JSON.stringify({ local, session });
  assert.ok(!all.includes(MASTER_PASSWORD), 'the master password is stored nowhere');
  assert.ok(!all.includes('"servers"'), 'the vault document is not stored in clear');

  const st = await b.must({ type: 'status' });
  assert.equal(st.initialized, true);
  assert.equal(st.unlocked, true);
  const read = await b.must({ type: 'vault.read' });
  assert.deepEqual(read.data.servers, []);
  await popup.close();
});

test('the lock button locks: the key leaves storage.session and the popup asks for the password', async () => {
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'list');
  await popup.click('#lock');
  await popup.waitForSelector('#unlock-password', { timeout: 10000 });
  const { session } = await b.storage();
  assert.equal(session.key, undefined, 'no key in storage.session once locked');
  const st = await b.must({ type: 'status' });
  assert.equal(st.unlocked, false);
  const read = await b.send({ type: 'vault.read' });
  assert.equal(read.ok, false);
  assert.equal(read.error.code, 'locked');
  await popup.close();
});

test('a wrong password is refused with a message and leaves the stored vault byte-identical', async () => {
  const before = await b.storage();
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'unlock');
  await popup.fill('#unlock-password', 'not the master password');
  await popup.click('#unlock-submit');
  const err = await popup.waitForSelector('#unlock-error:not([hidden])', { timeout: 30000 });
  assert.match(await err.textContent(), /does not open the vault/i); // the catalog's message for wrong-password
  assert.equal(await popup.locator('#search').count(), 0, 'the list is not shown');
  const after = await b.storage();
  assert.equal(JSON.stringify(vaultRecords(after.local)), JSON.stringify(vaultRecords(before.local)),
    'the vault records are byte-identical');
  assert.equal(after.session.key, undefined, 'still locked');

  // The right password still opens it.
  await unlockThroughPopup(popup);
  assert.ok((await b.storage()).session.key);
  await popup.close();
});

test('auto-lock: unlocking arms an alarm for autoLockMinutes, and when it fires the vault locks and the popup follows', async () => {
  const set = await b.must({ type: 'settings.set', autoLockMinutes: 1 });
  assert.equal(set.autoLockMinutes, 1);
  assert.equal((await b.must({ type: 'status' })).autoLockMinutes, 1);
  const now = Date.now();
  const alarms = await b.alarms();
  const lock = alarms.find((a) => a.name === 'autolock');
  assert.ok(lock, 'an auto-lock alarm is armed while unlocked: ' + JSON.stringify(alarms));
  const delay = lock.scheduledTime - now;
  assert.ok(delay > 0 && delay <= 61000, `the alarm is due within autoLockMinutes (in ${delay} ms)`);

  const popup = await b.popup();
  assert.equal(await popupView(popup), 'list');
  // Waiting a real minute would only test Chrome's clock. Instead the product's own alarm is re-armed with a short
  // delay (unpacked extensions may use delays under Chrome's 30 s minimum), so Chrome fires it and the worker's
  // onAlarm handler does the locking.
  await (await b.helper()).evaluate(() => chrome.alarms.create('autolock', { delayInMinutes: 0.04 }));
  await popup.waitForSelector('#unlock-password', { timeout: 30000 });
  const { session } = await b.storage();
  assert.equal(session.key, undefined, 'the key is gone after the alarm');
  assert.equal((await b.must({ type: 'status' })).unlocked, false);
  assert.equal((await b.alarms()).find((a) => a.name === 'autolock'), undefined, 'no alarm left while locked');
  await unlockThroughPopup(popup);
  await popup.close();
});

test('activity re-arms the auto-lock alarm', async () => {
  const first = (await b.alarms()).find((a) => a.name === 'autolock');
  assert.ok(first);
  await sleep(1100);
  await b.must({ type: 'vault.read' });
  const second = (await b.alarms()).find((a) => a.name === 'autolock');
  assert.ok(second.scheduledTime > first.scheduledTime, 'a message moved the alarm later');
});

test('the worker stopped by Chrome and woken again keeps the unlocked state and serves the vault', async () => {
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.authenticators.push({ id: 't-worker', issuer: 'Worker test', account: 'w@example', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 });
  await b.must({ type: 'vault.write', data: doc });

  await b.stopWorker();
  assert.equal(await b.workerStatus(), 'stopped');
  // The popup reads the vault without waking the worker (storage.session key).
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'list', 'still unlocked after the worker stopped');
  await popup.waitForSelector('.row[data-id="t-worker"]');
  // A message wakes it; it answers from storage, not from memory it lost.
  const st = await b.must({ type: 'status' });
  assert.equal(st.unlocked, true);
  const read = await b.must({ type: 'vault.read' });
  assert.ok(read.data.authenticators.some((a) => a.id === 't-worker'));
  assert.notEqual(await b.workerStatus(), 'stopped');
  await popup.close();
});

test('the worker stopped and woken again keeps the vault locked when it was locked', async () => {
  await b.must({ type: 'lock' });
  await b.stopWorker();
  const st = await b.must({ type: 'status' });
  assert.equal(st.unlocked, false, 'still locked after a restart');
  const read = await b.send({ type: 'vault.read' });
  assert.equal(read.ok, false);
  assert.equal(read.error.code, 'locked');
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'unlock');
  // And the password still works against the stored record after the restart.
  await b.stopWorker();
  await unlockThroughPopup(popup);
  assert.equal((await b.must({ type: 'status' })).unlocked, true);
  await popup.close();
});

const NEW_PASSWORD = 'a different master password 9#';

test('changing the master password in the options re-encrypts the same vault: the old password stops working', async () => {
  const before = (await b.must({ type: 'vault.read' })).data;
  const oldRecord = (await b.storage()).local;
  const opt = await b.options();
  await opt.waitForSelector('#password-form');
  // A wrong current password is refused and changes nothing.
  await opt.fill('#password-old', 'not the master password');
  await opt.fill('#password-new', NEW_PASSWORD);
  await opt.fill('#password-confirm', NEW_PASSWORD);
  await opt.click('#password-submit');
  const err = await opt.waitForSelector('#password-error:not([hidden])', { timeout: 30000 });
  assert.match(await err.textContent(), /password/i);
  assert.equal(JSON.stringify(vaultRecords((await b.storage()).local)), JSON.stringify(vaultRecords(oldRecord)));

  await opt.fill('#password-old', MASTER_PASSWORD);
  await opt.fill('#password-new', NEW_PASSWORD);
  await opt.fill('#password-confirm', NEW_PASSWORD);
  await opt.click('#password-submit');
  await opt.waitForFunction(() => /changed/i.test(document.getElementById('message')?.textContent || ''), null, { timeout: 30000 });
  const { local } = await b.storage();
  assert.notEqual(local['vault.current'].kdf.salt, oldRecord['vault.current'].kdf.salt, 'a new salt, a new key');
  assert.deepEqual((await b.must({ type: 'vault.read' })).data, before, 'the same document');
  await opt.close();

  await b.must({ type: 'lock' });
  const wrong = await b.send({ type: 'unlock', password: MASTER_PASSWORD });
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error.code, 'wrong-password');
  await b.must({ type: 'unlock', password: NEW_PASSWORD });
  assert.deepEqual((await b.must({ type: 'vault.read' })).data, before);
});

test('the alarm survives a worker restart: a stopped worker is woken by the auto-lock alarm and locks', async () => {
  await (await b.helper()).evaluate(() => chrome.alarms.create('autolock', { delayInMinutes: 0.05 }));
  await b.stopWorker();
  const deadline = Date.now() + 30000;
  let st;
  do {
    await sleep(500);
    st = (await b.storage()).session;
  } while (st.key !== undefined && Date.now() < deadline);
  assert.equal(st.key, undefined, 'the alarm woke the worker and it locked the vault');
});

test('after the run: neither master password is in storage, any console or any page', async () => {
  const popup = await b.popup();
  const leaks = await secretLeaks(b, [{ value: NEW_PASSWORD, kind: 'new master password', owner: 'the user' }]);
  assert.deepEqual(leaks, []);
  await popup.close();
});
