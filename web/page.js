// Starts panelkey's Go program in a page: names the page for it (globalThis.panelkeyPage, from <html data-page>
// or the file name) and runs the program <html data-wasm> names (default panelkey.wasm, which installs
// globalThis.panelkey; the popup runs the smaller popup.wasm), which renders into <div id="app">.
// Loaded last, after wasm_exec.js, bridge.js, vault.js and shell.js (in dist/, the five are one file, pages.js:
// scripts/build.sh). No inline scripts: the extension's CSP forbids them.
'use strict';

(async () => {
  const file = location.pathname.split('/').pop().replace(/\.html$/, '');
  globalThis.panelkeyPage = document.documentElement.dataset.page || file;
  const wasm = document.documentElement.dataset.wasm || 'panelkey.wasm';
  // The popup shows the vault at once: its storage reads and decryption run while the wasm loads.
  if (globalThis.panelkeyPage === 'popup' && typeof shell.readVaultTextEarly === 'function') shell.readVaultTextEarly();
  const go = new Go();
  try {
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch(wasm), go.importObject);
    } catch (err) {
      // instantiateStreaming needs the application/wasm type, which some static servers (tests) do not send.
      const bytes = await (await fetch(wasm)).arrayBuffer();
      result = await WebAssembly.instantiate(bytes, go.importObject);
    }
    await go.run(result.instance);
    throw new Error('the Go program stopped (see the console)');
  } catch (err) {
    const app = document.getElementById('app');
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = 'panelkey could not start: ' + (err && err.message ? err.message : String(err));
    app.replaceChildren(p);
  }
})();
