// Starts a page's own Go program: the one <html data-wasm> names (popup.wasm, options.wasm, console.wasm; default:
// the page's file name), which renders into <div id="app">. globalThis.panelkeyPage names the page (<html
// data-page>, or the file name). Loaded last, after wasm_exec.js, vault.js and shell.js (in dist/, the four are one
// file, pages.js: scripts/build.sh). No inline scripts: the extension's CSP forbids them.
'use strict';

// The message catalog the browser chose for the extension (its UI language, else English: every catalog names itself
// in its "locale" message), fetched while the wasm loads; the Go program reads its strings from it (locale, pagekit).
// The title and the "Loading…" note show before the Go program runs: the shell puts them in that language itself.
globalThis.panelkeyCatalog = (async () => {
  const i18n = globalThis.chrome && chrome.i18n;
  const lang = (i18n && i18n.getMessage('locale')) || 'en';
  if (i18n) {
    document.documentElement.lang = lang.replace('_', '-');
    for (const e of document.querySelectorAll('title[data-i18n], #app [data-i18n]')) e.textContent = i18n.getMessage(e.dataset.i18n) || e.textContent;
  }
  const text = (l) => fetch('_locales/' + l + '/messages.json').then((r) => (r.ok ? r.text() : ''));
  const [own, fallback] = await Promise.all([text(lang), lang === 'en' ? '' : text('en')]);
  return { lang, text: own, fallback };
})();

(async () => {
  const file = location.pathname.split('/').pop().replace(/\.html$/, '');
  globalThis.panelkeyPage = document.documentElement.dataset.page || file;
  const wasm = document.documentElement.dataset.wasm || file + '.wasm';
  // The popup shows the vault at once: its storage reads and decryption run while the wasm loads.
  if (globalThis.panelkeyPage === 'popup' && typeof shell.openVaultEarly === 'function') shell.openVaultEarly();
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
    const why = err && err.message ? err.message : String(err);
    p.textContent = (globalThis.chrome && chrome.i18n && chrome.i18n.getMessage('pageStartFailed', [why])) || 'panelkey could not start: ' + why;
    app.replaceChildren(p);
  }
})();
