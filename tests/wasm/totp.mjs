// An independent TOTP for checking the engine (RFC 4226 §5.3 dynamic truncation, RFC 6238 §4), on node:crypto.
import { createHmac } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32 (RFC 4648, no padding) of bytes. */
export function base32(bytes) {
  let bits = 0, value = 0, out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** The key bytes of an unpadded upper-case base32 secret. */
export function unbase32(s) {
  let bits = 0, value = 0;
  const out = [];
  for (const c of s) {
    value = (value << 5) | B32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function hotp(key, counter, digits, hash) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(hash, key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

const HASH = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** The code for key (bytes) at ms, and the seconds it stays current. */
export function totp(key, ms, { algorithm = 'SHA1', digits = 6, period = 30 } = {}) {
  const t = Math.floor(ms / 1000);
  return { code: hotp(key, Math.floor(t / period), digits, HASH[algorithm]), secondsLeft: period - (t % period) };
}
