// Starts panelkey's Go program in a page: names the page for it (globalThis.panelkeyPage, from <html data-page>
// or the file name) and runs panelkey.wasm, which installs globalThis.panelkey and renders into <div id="app">.
// Loaded last, after wasm_exec.js, bridge.js, vault.js and shell.js. No inline scripts: the extension's CSP forbids them.
'use strict';

(async () => {
  const file = location.pathname.split('/').pop().replace(/\.html$/, '');
  globalThis.panelkeyPage = document.documentElement.dataset.page || file;
  const go = new Go();
  try {
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch('panelkey.wasm'), go.importObject);
    } catch (err) {
      // instantiateStreaming needs the application/wasm type, which some static servers (tests) do not send.
      const bytes = await (await fetch('panelkey.wasm')).arrayBuffer();
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
