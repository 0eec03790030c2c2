// Backups through the real options page: the encrypted export (a download), its import into a fresh browser profile
// through the first-run "restore an export" path (a file chooser), and the otpauth:// import of standalone
// authenticators whose codes the popup then shows. No server is involved, so this file starts no emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  launchBrowser, popupView, popupCode, setupThroughPopup, totp, findSecrets, secretLeaks, MASTER_PASSWORD,
  vaultRecords,
} from './harness.mjs';

let src; // the browser the vault is exported from
let dst; // a fresh profile it is restored into
let tmp;
let exportFile; // path of the downloaded export
let exportedDoc; // the document as the source vault holds it

// A vault document with a credential in every place one can be, and a field panelkey does not know (kept as is).
const SECRETS = {
  whmToken: 'B4CKUPWHMT0KENQ2VX7ZR9L1M3N5P8S0',
  whmPassword: 'whm pass Backup#41',
  whmTotp: 'KRUGS4ZANFZSAYLOEBSXQYLNOBWGKIDT',
  accountPassword: 'acct pass Backup#42',
  accountToken: 'CPT0KENBACKUP9X8W7V6U5T4S3R2Q1P0',
  mailboxPassword: 'mail pass Backup#43',
  authSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
};
const DOC = {
  version: 1,
  servers: [{
    id: 's-backup', name: 'Backup box', address: 'backup.example.com', baseURL: 'https://backup.example.com:2087',
    whm: { user: 'root', token: SECRETS.whmToken, password: SECRETS.whmPassword, accessHash: '',
      totp: { secret: SECRETS.whmTotp, algorithm: 'SHA1', digits: 6, period: 30 } },
    accounts: [{ id: 'a-bob', user: 'bob', domain: 'bob.example', owner: 'root', suspended: false, missing: false,
      password: SECRETS.accountPassword, apiToken: SECRETS.accountToken, totp: null,
      mailboxes: [{ email: 'info@bob.example', password: SECRETS.mailboxPassword }] }],
    accountsFetchedAt: 1700000000000,
    e2eUnknownField: { kept: true },
  }],
  authenticators: [{ id: 't-backup', issuer: 'Backup issuer', account: 'ops@example.com', secret: SECRETS.authSecret,
    algorithm: 'SHA256', digits: 8, period: 60 }],
  history: [],
};
// The document as the vault gives it back: this version's, with its settings; a false `missing` is not written.
const STORED = (() => {
  const d = structuredClone(DOC);
  d.version = 2;
  d.settings = { autoLockMinutes: 15 };
  delete d.servers[0].accounts[0].missing;
  return d;
})();
const secretList = Object.entries(SECRETS).map(([kind, value]) => ({ value, kind, owner: 'the test document' }));

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-e2e-backup-'));
  src = await launchBrowser();
});

after(async () => {
  for (const [b, name] of [[src, 'backup-source'], [dst, 'backup-restore']]) {
    if (!b) continue;
    await b.saveArtifacts(name);
    await b.close();
  }
  if (tmp && !process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});

// The first-run form's "Or restore an export": the file chosen through the page's file chooser.
async function chooseVaultFile(opt, file) {
  await opt.waitForSelector('#setup-password');
  const [chooser] = await Promise.all([opt.waitForEvent('filechooser', { timeout: 10000 }), opt.click('#import-pick')]);
  await chooser.setFiles(file);
  await opt.waitForSelector('#import-form:not([hidden])', { timeout: 10000 });
}

test('export: the options page downloads the encrypted record, with no secret of the document in clear', async () => {
  const popup = await src.popup();
  assert.equal(await popupView(popup), 'setup');
  await setupThroughPopup(popup);
  await popup.close();
  await src.must({ type: 'vault.write', data: DOC });
  exportedDoc = (await src.must({ type: 'vault.read' })).data;
  assert.deepEqual(exportedDoc, STORED, 'the worker stored the document as written');

  const opt = await src.options();
  await opt.waitForSelector('#export');
  const [download] = await Promise.all([opt.waitForEvent('download', { timeout: 30000 }), opt.click('#export')]);
  assert.equal(download.suggestedFilename(), 'panelkey-vault.json');
  exportFile = path.join(tmp, 'panelkey-vault.json');
  await download.saveAs(exportFile);
  await opt.waitForFunction(() => /exported/i.test(document.getElementById('message')?.textContent || ''), null, { timeout: 10000 });
  await opt.close();

  const text = fs.readFileSync(exportFile, 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.format, 2);
  assert.equal(file.header.kdf.name, 'PBKDF2');
  assert.equal(file.header.kdf.hash, 'SHA-256');
  assert.ok(file.header.kdf.iterations >= 100000, `PBKDF2 iterations ${file.header.kdf.iterations}`);
  assert.match(file.header.kdf.salt, /^[A-Za-z0-9+/]+=*$/, 'the salt is base64');
  const { local } = await src.storage();
  assert.deepEqual(file.header, local['vault.current'], 'the export is the stored header…');
  assert.ok(Object.keys(file.chunks).length >= 4);
  for (const [k, v] of Object.entries(file.chunks)) {
    assert.match(v, /^[A-Za-z0-9+/]+=*$/, 'chunks are base64 ciphertext');
    assert.equal(v, local[k], '…and chunks, as stored (encrypted)');
  }
  assert.deepEqual(findSecrets(text, [...secretList, { value: MASTER_PASSWORD, kind: 'master password', owner: 'the user' }])
    .map((s) => s.kind), [], 'no secret of the document, nor the master password, is in the file');
  for (const clear of ['"servers"', 'backup.example.com', 'Backup issuer', 'e2eUnknownField']) {
    assert.ok(!text.includes(clear), `the file does not show ${clear} in clear`);
  }
});

test('import into a fresh profile: a wrong password is refused and changes nothing, the right one restores the document', async () => {
  assert.ok(exportFile, 'the export test ran');
  dst = await launchBrowser();
  const empty = await dst.storage();
  assert.deepEqual(vaultRecords(empty.local), {}, 'a fresh profile has no vault');

  const opt = await dst.options();
  await chooseVaultFile(opt, exportFile);
  assert.match(await opt.locator('#import-file-name').textContent(), /panelkey-vault\.json/);

  await opt.fill('#import-password', 'not the master password');
  await opt.click('#import-submit');
  await opt.waitForFunction(() => /password does not open/i.test(document.getElementById('import-file-name')?.textContent || ''),
    null, { timeout: 30000 });
  const afterWrong = await dst.storage();
  assert.deepEqual(vaultRecords(afterWrong.local), {}, 'no vault was created by the wrong password');
  assert.equal(afterWrong.session.key, undefined, 'no key');
  const st = await dst.must({ type: 'status' });
  assert.equal(st.initialized, false);
  assert.equal(st.unlocked, false);
  assert.equal(await opt.locator('#setup-password').count(), 1, 'the first-run form is still there');

  // The file stays chosen: only the password is typed again. The worker's progress shows under the form, stage by
  // stage (the words are the catalog's: importProgress*).
  await opt.evaluate(() => {
    window.__progress = [];
    const line = document.getElementById('import-progress');
    new MutationObserver(() => {
      if (!line.hidden && window.__progress.at(-1) !== line.textContent) window.__progress.push(line.textContent);
    }).observe(line, { childList: true, characterData: true, subtree: true, attributes: true });
  });
  await opt.fill('#import-password', MASTER_PASSWORD);
  await opt.click('#import-submit');
  await opt.waitForSelector('#export', { timeout: 30000 }); // the unlocked options page
  const progress = await opt.evaluate(() => window.__progress);
  const stages = progress.map((t) => t.replace(/: \d+ of (\d+) parts/, ': N of $1 parts'))
    .filter((t, i, all) => i === 0 || t !== all[i - 1]);
  const parts = Object.keys(JSON.parse(fs.readFileSync(exportFile, 'utf8')).chunks).length;
  assert.deepEqual(stages.filter((t) => !/^(Decrypting the file|Encrypting the vault)…$/.test(t)), [
    `Decrypting the file: N of ${parts} parts…`, 'Reading what the file holds…', `Encrypting the vault: N of ${parts} parts…`,
    'Saving the vault…'], 'each stage shown, in order, with the file\'s parts counted: ' + JSON.stringify(progress));
  await opt.waitForFunction(() => /imported/i.test(document.getElementById('message')?.textContent || ''), null, { timeout: 10000 });
  assert.deepEqual((await dst.must({ type: 'vault.read' })).data, exportedDoc, 'the restored document equals the exported one');

  // The file's password became this vault's, under a key of its own (a new salt).
  const { local } = await dst.storage();
  const file = JSON.parse(fs.readFileSync(exportFile, 'utf8'));
  assert.notEqual(local['vault.current'].kdf.salt, file.header.kdf.salt);
  await dst.must({ type: 'lock' });
  const wrong = await dst.send({ type: 'unlock', password: 'not the master password' });
  assert.equal(wrong.error?.code, 'wrong-password');
  await dst.must({ type: 'unlock', password: MASTER_PASSWORD });
  assert.deepEqual((await dst.must({ type: 'vault.read' })).data, exportedDoc);
  await opt.close();
});

// cPanel's form (SHA1/6/30 implied), a malformed line (no secret), and the general form with non-default parameters.
const CPANEL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SHA256_SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const OTPAUTH_LINES = [
  `otpauth://totp/host.example.com:alice?secret=${CPANEL_SECRET}&issuer=host.example.com`,
  'otpauth://totp/Broken:bob@example.com?issuer=Broken',
  `otpauth://totp/Acme%20Ops:carol@example.com?secret=${SHA256_SECRET}&issuer=Acme%20Ops&algorithm=SHA256&digits=8&period=60`,
];

test('otpauth import: a preview of two links and the malformed line named by number; both imported, and the popup shows both codes', async () => {
  assert.ok(dst, 'the import test ran');
  const before = (await dst.must({ type: 'vault.read' })).data.authenticators;
  const opt = await dst.options();
  await opt.waitForSelector('#otpauth-import');
  await opt.fill('#otpauth-import', OTPAUTH_LINES.join('\n'));
  await opt.click('#otpauth-import-submit');
  // A preview first: the two keys, ticked, and the malformed line named with what is wrong.
  await opt.waitForSelector('#auth-import-preview .import-item');
  assert.equal(await opt.locator('#auth-import-preview .import-item input:checked').count(), 2);
  const problems = await opt.locator('#auth-import-preview .import-problems li').allTextContents();
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0], /^Line 2: .*secret/i, 'the problem names line 2 and what is wrong');
  await opt.click('#auth-import-confirm');
  const res = await opt.waitForSelector('#otpauth-import-result:not([hidden])', { timeout: 30000 });
  assert.equal(await res.textContent(), 'Authenticators added: 2.');
  assert.equal(await opt.locator('#otpauth-import').inputValue(), OTPAUTH_LINES.join('\n'),
    'the text stays for correcting the bad line');

  const after = (await dst.must({ type: 'vault.read' })).data.authenticators;
  assert.deepEqual(after.slice(0, before.length), before, 'the restored authenticators are kept');
  const added = after.slice(before.length);
  assert.equal(added.length, 2);
  const cp = added.find((a) => a.secret === CPANEL_SECRET);
  const sh = added.find((a) => a.secret === SHA256_SECRET);
  assert.ok(cp && sh, 'both secrets stored: ' + JSON.stringify(added.map((a) => a.issuer)));
  assert.equal(cp.issuer, 'host.example.com');
  assert.equal(cp.account, 'alice');
  assert.ok([undefined, '', 'SHA1'].includes(cp.algorithm) && [undefined, 0, 6].includes(cp.digits) &&
    [undefined, 0, 30].includes(cp.period), 'cPanel\'s defaults: ' + JSON.stringify(cp));
  assert.equal(sh.issuer, 'Acme Ops');
  assert.equal(sh.account, 'carol@example.com');
  assert.equal(sh.algorithm, 'SHA256');
  assert.equal(sh.digits, 8);
  assert.equal(sh.period, 60);
  assert.notEqual(cp.id, sh.id);
  await opt.close();

  const popup = await dst.popup();
  assert.equal(await popupView(popup), 'list');
  await popup.waitForSelector(`.code[data-entry-id="${sh.id}"]`);
  // The popup refreshes its codes on second boundaries; allow one tick after a step change.
  await popup.waitForTimeout(1100);
  const a = await popupCode(popup, cp.id, 30);
  assert.equal(a.code, totp(CPANEL_SECRET, { time: a.at }));
  const s = await popupCode(popup, sh.id, 60);
  assert.equal(s.code, totp(SHA256_SECRET, { time: s.at, algorithm: 'SHA256', digits: 8, period: 60 }));
  const r = await popupCode(popup, 't-backup', 60);
  assert.equal(r.code, totp(SECRETS.authSecret, { time: r.at, algorithm: 'SHA256', digits: 8, period: 60 }),
    'the restored authenticator gives codes too');
  await popup.close();
});

test('a forgotten password: erase names the vault it loses, refuses a stale confirmation, and the copy saved first restores it', async () => {
  assert.ok(exportedDoc, 'the export test ran');
  await src.must({ type: 'lock' });
  const { local } = await src.storage();
  const stored = Object.keys(vaultRecords(local)).filter((k) => k !== 'vault.seen');
  const gen = local['vault.current'].gen;

  const opt = await src.options();
  await opt.waitForSelector('#unlock-password');
  await opt.click('#reset');
  await opt.waitForFunction(() => /Erase it/.test(document.getElementById('reset').textContent), null, { timeout: 10000 });
  const when = new Date(local['vault.current'].at).toISOString().slice(0, 16).replace('T', ' ');
  assert.match(await opt.locator('#reset-what').textContent(),
    new RegExp(`^Erasing loses the vault last changed ${when} UTC \\(generation ${gen}; ${stored.length} stored parts, \\d+ kB\\)`));
  assert.deepEqual(vaultRecords((await src.storage()).local), vaultRecords(local), 'the first press erases nothing');

  const [download] = await Promise.all([opt.waitForEvent('download', { timeout: 30000 }), opt.click('#reset-save')]);
  assert.equal(download.suggestedFilename(), 'panelkey-vault-copy.json');
  const copyFile = path.join(tmp, 'panelkey-vault-copy.json');
  await download.saveAs(copyFile);
  const copy = fs.readFileSync(copyFile, 'utf8');
  assert.deepEqual(findSecrets(copy, [...secretList, { value: MASTER_PASSWORD, kind: 'master password', owner: 'the user' }])
    .map((x) => x.kind), [], 'the copy is still encrypted');
  assert.deepEqual(Object.keys({ ...JSON.parse(copy).chunks, ...JSON.parse(copy).keys }).sort(), stored.sort(),
    'every stored part is in the copy');

  // A reset naming another generation (a page that described an older vault) erases nothing.
  const stale = await src.send({ type: 'reset', confirm: 'erase', gen: gen - 1, parts: stored.length });
  assert.equal(stale.error?.code, 'vault-changed');
  assert.deepEqual(vaultRecords((await src.storage()).local), vaultRecords(local), 'nothing erased');

  await opt.click('#reset');
  await chooseVaultFile(opt, copyFile);
  assert.deepEqual(vaultRecords((await src.storage()).local), {}, 'erased');
  await opt.fill('#import-password', MASTER_PASSWORD);
  await opt.click('#import-submit');
  await opt.waitForSelector('#export', { timeout: 30000 });
  assert.deepEqual((await src.must({ type: 'vault.read' })).data, exportedDoc, 'the copy restored the erased vault');
  await opt.close();
});

test('after the run: no secret of the document or the master password in storage, consoles or pages', async () => {
  for (const b of [src, dst]) {
    if (!b) continue;
    const leaks = await secretLeaks(b, secretList, { dom: false });
    assert.deepEqual(leaks, []);
  }
});
