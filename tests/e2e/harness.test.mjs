// The harness's own detectors must be able to fail: the independent TOTP against RFC 6238's vectors, and the
// secret and credential scans against records that do leak; and this directory's README lists every test file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { totp, base32Decode, secretsOf, findSecrets, credentialViolations } from './harness.mjs';

test('independent TOTP matches the RFC 6238 test vectors (SHA1, SHA256, SHA512; 8 digits)', () => {
  const b32 = (s) => {
    // RFC 4648 base32 of an ASCII string, to feed the vectors' keys through the same decoder the tests use.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const c of Buffer.from(s)) bits += c.toString(2).padStart(8, '0');
    let out = '';
    for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
    return out;
  };
  const k1 = b32('12345678901234567890');
  const k256 = b32('12345678901234567890123456789012');
  const k512 = b32('1234567890123456789012345678901234567890123456789012345678901234');
  assert.equal(base32Decode(k1).toString(), '12345678901234567890');
  const vectors = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1234567890, '89005924', '91819424', '93441116'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [t, s1, s256, s512] of vectors) {
    assert.equal(totp(k1, { time: t * 1000, digits: 8 }), s1);
    assert.equal(totp(k256, { time: t * 1000, digits: 8, algorithm: 'SHA256' }), s256);
    assert.equal(totp(k512, { time: t * 1000, digits: 8, algorithm: 'SHA512' }), s512);
  }
  assert.equal(totp(k1, { time: 59000 }), '287082', '6 digits are the last six');
});

const fixture = {
  whmUsers: [
    { user: 'root', password: 'root-pass-x', tokens: [{ token: 'ROOTTOKENXYZ' }], totpSecret: 'ROOTTWOFACTORKEY' },
    { user: 'resel', password: 'resel-pass-x', tokens: [] },
  ],
  accounts: [
    { user: 'bob', password: 'bob-pass-x', tokens: [{ token: 'BOBTOKENXYZ' }], mailboxes: [{ email: 'i@bob.example', password: 'mail-pass-x' }] },
    { user: 'resel', password: 'resel-pass-x' },
  ],
};

function rec(listener, { tls = true, service, headers = {}, body = '', url = '/' } = {}) {
  return { seq: 1, method: body ? 'POST' : 'GET', url, listener, port: 1, tls, service: service ?? listener.replace('-tls', ''), headers, body };
}

test('secretsOf: services each credential may reach', () => {
  const s = Object.fromEntries(secretsOf(fixture).map((x) => [x.value, x.services.sort()]));
  assert.deepEqual(s['ROOTTOKENXYZ'], ['whm']);
  assert.deepEqual(s['BOBTOKENXYZ'], ['cpanel']);
  assert.deepEqual(s['root-pass-x'], ['whm']);
  assert.deepEqual(s['resel-pass-x'], ['cpanel', 'webmail', 'whm']);
  assert.deepEqual(s['mail-pass-x'], ['webmail']);
  assert.deepEqual(s['ROOTTWOFACTORKEY'], []);
});

test('findSecrets sees plain, URL-encoded, lower-cased and base64 spellings', () => {
  const secrets = secretsOf(fixture);
  const names = (t) => findSecrets(t, secrets).map((s) => s.value);
  assert.deepEqual(names('nothing here 123456'), []);
  assert.deepEqual(names('x rootTwoFactorKey y'), ['ROOTTWOFACTORKEY']);
  assert.deepEqual(names('pass=mail%2Dpass%2Dx'), ['mail-pass-x']);
  assert.deepEqual(names('a ' + Buffer.from('bob-pass-x').toString('base64')), ['bob-pass-x']);
});

test('credentialViolations flags wrong ports, plain text and Basic auth, and passes the right ones', () => {
  const secrets = secretsOf(fixture);
  const ok = [
    rec('whm-tls', { headers: { Authorization: ['whm root:ROOTTOKENXYZ'] } }),
    rec('cpanel-tls', { body: 'user=bob&pass=bob-pass-x&tfa_token=123456' }),
    rec('webmail-tls', { body: 'user=i%40bob.example&pass=mail-pass-x' }),
    rec('proxy', { service: 'whm', headers: { Authorization: ['whm root:ROOTTOKENXYZ'] } }),
  ];
  assert.deepEqual(credentialViolations(ok, secrets), []);
  const bad = [
    rec('cpanel-tls', { headers: { Authorization: ['whm root:ROOTTOKENXYZ'] } }),
    rec('whm', { tls: false, body: 'user=root&pass=root-pass-x' }),
    rec('whm-tls', { headers: { Authorization: ['Basic ' + Buffer.from('i@bob.example:mail-pass-x').toString('base64')] } }),
    rec('cpanel-tls', { url: '/x?secret=ROOTTWOFACTORKEY' }),
    rec('proxy', { service: '', headers: { Authorization: ['cpanel bob:BOBTOKENXYZ'] } }),
  ];
  assert.equal(credentialViolations(bad, secrets).length, bad.length, credentialViolations(bad, secrets).join('\n'));
});

test('tests/e2e/README.md lists every test file of this directory', () => {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.test.mjs'))) {
    assert.ok(readme.includes('| `' + f + '` |'), `tests/e2e/README.md has no row for ${f}: add one to its table (| \`${f}\` | what it covers |)`);
  }
});
