// The bench's floor (docs/benchmarks.md, tests/bench/browser.mjs): the fastest page that shows the popup's codes. Plain
// JS, no engine, no vault: the same accounts' secrets stored unencrypted in chrome.storage.local ('bench.floor', the
// bench writes it), codes by WebCrypto HMAC-SHA1 (RFC 6238), one innerHTML, then the mark the bench waits for.
// Test-only: the bench copies it into its copy of the extension; it is never in dist/.
'use strict';

(async () => {
  performance.mark('floor:run'); // its script loaded and running
  const { 'bench.floor': floor } = await chrome.storage.local.get('bench.floor');
  const shown = floor.entries.slice(0, floor.limit); // as many as the popup's list shows
  const now = Date.now();
  const codes = await Promise.all(shown.map(async (e) => {
    const key = await crypto.subtle.importKey('raw', base32(e.secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
    const msg = new ArrayBuffer(8);
    new DataView(msg).setBigUint64(0, BigInt(Math.floor(now / 1000 / e.period)));
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, msg));
    const off = mac[mac.length - 1] & 15;
    const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
    return String(bin % 10 ** e.digits).padStart(e.digits, '0');
  }));
  let html = '';
  shown.forEach((e, i) => {
    html += `<div class="row"><span class="title">${esc(e.label)}</span> <button class="code" data-entry-id="${esc(e.id)}">${codes[i]}</button></div>`;
  });
  document.getElementById('list').innerHTML = html;
  performance.mark('floor:codes');

  function base32(s) {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const out = new Uint8Array(Math.floor((s.length * 5) / 8));
    let bits = 0;
    let value = 0;
    let n = 0;
    for (const ch of s) {
      value = (value << 5) | A.indexOf(ch);
      bits += 5;
      if (bits >= 8) {
        out[n++] = (value >>> (bits - 8)) & 255;
        bits -= 8;
      }
    }
    return out;
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  }
})();
