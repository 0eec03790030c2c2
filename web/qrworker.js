// The QR decoder's dedicated worker: a page that scans a picture starts it (new Worker('qrworker.js')) and posts
// {id, rgba, width, height} (a canvas's ImageData: RGBA bytes), answered {id, texts}; or, with preview: true, also
// existing and catalog, answered {id, html, keys} (wasm/qrdecoder's preview); or {id, error: {code, message}}. It runs qr.wasm (wasm/qrdecoder: the decoder alone, ~2 MB), which no page's own program contains, so
// pages that never scan never load it, and a scan never blocks the page's thread.
'use strict';

importScripts('wasm_exec.js');

const ready = new Promise((resolve, reject) => {
  self.panelkeyQRReady = resolve;
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch('qr.wasm'), go.importObject)
    .then(({ instance }) => { go.run(instance); })
    .catch(reject);
});

self.onmessage = async (e) => {
  const { id, rgba, width, height } = e.data || {};
  try {
    await ready;
    const answer = e.data.preview ? self.panelkeyQR.preview(e.data) : self.panelkeyQR.scan(rgba, width, height);
    self.postMessage({ id, ...answer });
  } catch (err) {
    self.postMessage({ id, error: { code: 'qr-unavailable', message: 'The QR decoder did not start: ' + (err && err.message ? err.message : String(err)) } });
  }
};
