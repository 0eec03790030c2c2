// Bulk import of servers into the built extension: a CSV or JSON file previewed row by row (bad host, port of
// another service, credential missing…) with nothing stored and no secret in the preview; then, confirmed, every
// importable row added in one edit (1,000 servers, one commit); a binary file refused whole; the list exported
// without secrets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, closeAll, createVault } from './harness.mjs';

let b;
const TOKEN = 'ROOTTOKENDEMO7X4Q9ZK2M8P3R6T1W5Y';
const PASS = 'Import-Pass$1';
const TOTP = 'JBSWY3DPEHPK3PXP';

before(async () => {
  b = await launchBrowser();
  await createVault(b);
});

after(() => closeAll('import', b));

const servers = async () => (await b.must({ type: 'vault.read' })).data.servers;

const CSV = '\ufeffhost,label,tags,user,kind,secret,totp\n' +
  `web1.example.com,"Web 1, Frankfurt","prod, eu",,whm-token,${TOKEN},${TOTP}\n` +
  `web2.example.com:2083,Shared,,bob,cpanel-password,${PASS},\n` +
  `not a host!,x,,,whm-token,${TOKEN},\n` +
  `web3.example.com:2083,y,,,whm-token,${TOKEN},\n` +
  'web4.example.com,z,,,,,\n' +
  `web1.example.com,again,,,whm-token,${TOKEN},\n`;

test('preview: each row with its problems, nothing stored, no secret in the answer', async () => {
  const before = await servers();
  const r = await b.must({ type: 'servers.importPreview', file: CSV });
  assert.equal(r.format, 'csv');
  assert.deepEqual(r.columns, ['host', 'label', 'tags', 'user', 'kind', 'secret', 'totp']);
  assert.deepEqual(r.rows.map((x) => [x.line, x.errors.map((e) => e.code)]), [
    [2, []], [3, []], [4, ['host-invalid']], [5, ['port-wrong-service']], [6, ['credential-missing']], [7, ['duplicate']],
  ]);
  assert.equal(r.importable, 2);
  assert.deepEqual(r.rows[0], { line: 2, address: 'web1.example.com', host: 'web1.example.com', label: 'Web 1, Frankfurt',
    tags: ['prod', 'eu'], user: 'root', kind: 'whm-token', hasTOTP: true, ok: true, errors: [], warnings: [] });
  const text = JSON.stringify(r);
  for (const secret of [TOKEN, PASS, TOTP]) assert.ok(!text.includes(secret), 'the preview holds no secret');
  assert.deepEqual(await servers(), before, 'a preview stores nothing');
});

test('refused whole: a binary file, UTF-16, a file without a host column', async () => {
  const bin = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
  // The page sends the file as file.text() reads it: a UTF-16 file's byte order mark comes as two U+FFFD.
  const utf16 = '\ufffd\ufffd' + [...'host,kind\n'].join('\u0000');
  for (const [file, code] of [[bin, 'import-not-text'], [utf16, 'import-utf16'], ['label,kind\nx,y\n', 'import-no-host-column']]) {
    const r = await b.send({ type: 'servers.importPreview', file });
    assert.equal(r.ok, false, file);
    assert.equal(r.error.code, code, file);
    const c = await b.send({ type: 'servers.import', file });
    assert.equal(c.ok, false);
  }
  assert.equal((await servers()).length, 0, 'nothing imported');
});

test('confirmed: the importable rows in one edit, credentials and tags stored', async () => {
  const r = await b.must({ type: 'servers.import', file: CSV });
  assert.equal(r.count, 2);
  assert.equal(r.ids.length, 2);
  const s = await servers();
  assert.equal(s.length, 2);
  const web1 = s.find((x) => x.address === 'web1.example.com');
  assert.equal(web1.name, 'Web 1, Frankfurt');
  assert.deepEqual(web1.tags, ['prod', 'eu']);
  assert.equal(web1.baseURL, 'https://web1.example.com:2087');
  assert.equal(web1.whm.token, TOKEN);
  assert.equal(web1.whm.totp.secret, TOTP);
  const shared = s.find((x) => x.address === 'web2.example.com:2083');
  assert.equal(shared.accounts[0].user, 'bob');
  assert.equal(shared.accounts[0].password, PASS);

  // The same file again: the servers already there are named in the preview.
  const again = await b.must({ type: 'servers.importPreview', file: CSV });
  assert.deepEqual(again.rows[0].warnings.map((w) => w.code), ['exists']);
});

test('1,000 servers from JSON: one edit, one new generation of the vault', async () => {
  const list = [];
  for (let i = 1; i <= 1000; i++) list.push({ host: `bulk${String(i).padStart(4, '0')}.example.com`, tags: ['bulk'], kind: 'whm-token', secret: TOKEN });
  const file = JSON.stringify({ servers: list });
  const preview = await b.must({ type: 'servers.importPreview', file });
  assert.equal(preview.importable, 1000);
  const { local } = await b.storage();
  const gen = local['vault.current'].gen;
  const r = await b.must({ type: 'servers.import', file });
  assert.equal(r.count, 1000);
  const after = (await b.storage()).local['vault.current'].gen;
  assert.equal(after, gen + 1, 'one commit');
  assert.equal((await servers()).length, 1002);
});

test('export: the server list without any secret, which imports again once its secrets are filled in', async () => {
  const { file } = await b.must({ type: 'servers.export' });
  assert.match(file, /^host,label,tags,user,kind,secret,totp\n/);
  assert.match(file, /web1\.example\.com,"Web 1, Frankfurt",prod eu,root,whm-token,,\n/);
  for (const secret of [TOKEN, PASS, TOTP]) assert.ok(!file.includes(secret), 'no secret exported');
  const json = (await b.must({ type: 'servers.export', format: 'json' })).file;
  assert.equal(JSON.parse(json).servers.length, 1002);
  const back = await b.must({ type: 'servers.importPreview', file });
  assert.ok(back.rows.every((r) => r.errors.some((e) => e.code === 'credential-missing') || r.errors.some((e) => e.code === 'duplicate')));
});
