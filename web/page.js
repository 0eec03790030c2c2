// Starts a page's own Go program: the one <html data-wasm> names (popup.wasm, options.wasm, console.wasm; default:
// the page's file name), which renders into <div id="app">. globalThis.panelkeyPage names the page (<html
// data-page>, or the file name). Loaded last, after wasm_exec.js, vault.js and shell.js (in dist/, the four are one
// file, pages.js: scripts/build.sh). No inline scripts: the extension's CSP forbids them.
'use strict';

(() => {
  // The message catalog the browser chose for the extension (its UI language, else English: every catalog names itself
  // in its "locale" message), fetched while the wasm loads; the Go program reads its strings from it (locale, pagekit).
  // The title and the "Loading…" note show before the Go program runs: the shell puts them in that language itself.
  globalThis.panelkeyCatalog = (async () => {
    const i18n = globalThis.chrome && chrome.i18n;
    const lang = (i18n && i18n.getMessage('locale')) || 'en';
    if (i18n) {
      document.documentElement.lang = lang.replace('_', '-');
      localize(document.head);
      localize(document.getElementById('app'));
    }
    const text = (l) => fetch('_locales/' + l + '/messages.json').then((r) => (r.ok ? r.text() : ''));
    const [own, fallback] = await Promise.all([text(lang), lang === 'en' ? '' : text('en')]);
    return { lang, text: own, fallback };
  })();

  // The text of every element under root with data-i18n="key", and the attribute named by data-i18n-placeholder, -title,
  // -aria-label or -alt, in the browser's language (chrome.i18n: the catalog page.js fetches for the program), as the
  // program's pagekit does to the templates it copies.
  function localize(root) {
    const i18n = globalThis.chrome && chrome.i18n;
    if (!i18n || !root) return;
    const attrs = { i18nPlaceholder: 'placeholder', i18nTitle: 'title', i18nAriaLabel: 'aria-label', i18nAlt: 'alt' };
    for (const e of root.querySelectorAll('[data-i18n],[data-i18n-placeholder],[data-i18n-title],[data-i18n-aria-label],[data-i18n-alt]')) {
      if (e.dataset.i18n) e.textContent = i18n.getMessage(e.dataset.i18n) || e.textContent;
      for (const [key, attr] of Object.entries(attrs)) {
        if (e.dataset[key]) e.setAttribute(attr, i18n.getMessage(e.dataset[key]) || e.getAttribute(attr) || '');
      }
    }
  }

  // The popup's list from the worker's engine (message popup.list), painted while this page's own program loads: when
  // the worker is running, its engine has answered early.js's question by the time this runs, long before the program
  // has started. The program takes the painted view over (pagekit.TakeEarlyList) and keeps it when its own list is
  // the same; once it has shown anything itself (closed), a late answer is dropped. Nothing decrypted is stored.
  async function paintEarlyList() {
    const early = globalThis.panelkeyEarlyList;
    try {
      let r = await early.reply;
      // The engine keeps the catalog it was given: the worker asks for the page's only when it holds none in its language.
      if (r && r.ok === true && r.needCatalog && !early.closed) {
        r = await early.ask({ type: 'popup.list', lang: early.lang, catalog: await globalThis.panelkeyCatalog });
      }
      const template = document.getElementById('popup-view');
      if (early.closed || !r || r.ok !== true || typeof r.html !== 'string' || r.html === '' || !template) return;
      performance.mark('panelkey:answer'); // the worker's list in hand (the bench's breakdown)
      const view = template.content.cloneNode(true);
      localize(view);
      document.getElementById('app').replaceChildren(view);
      document.getElementById('list').innerHTML = r.html;
      early.painted = { html: r.html, now: r.now };
      performance.mark('panelkey:codes');
      // Focused at the next frame, whose layout it then shares: focus() now would lay the page out before the codes
      // are in (the bench measured ~1–3 ms). Unless something else has the focus by then.
      requestAnimationFrame(() => {
        if (document.activeElement === document.body) document.getElementById('search')?.focus();
      });
    } catch {
      // The program paints.
    } finally {
      early.close();
    }
  }

  // A running worker acknowledges early.js's question at once (early.acked), and its list follows within a few ms: when
  // it has by the time this runs, the page's own vault read and program wait for the list (up to PAINT_WAIT_MS), since
  // they would share the page's one thread and the machine's cores with it: the answer waited behind the page's storage
  // reads and the wasm's compile, 14–27 ms at 100,000 accounts. Otherwise (a worker asleep does not hear the question)
  // they start at once, in this task: a wait here would put them after the page's first frame.
  const PAINT_WAIT_MS = 150;
  (async () => {
    const file = location.pathname.split('/').pop().replace(/\.html$/, '');
    globalThis.panelkeyPage = document.documentElement.dataset.page || file;
    const wasm = document.documentElement.dataset.wasm || file + '.wasm';
    if (globalThis.panelkeyPage === 'popup') {
      const early = globalThis.panelkeyEarlyList;
      if (early) {
        const painting = paintEarlyList();
        if (early.acked) await Promise.race([painting, new Promise((resolve) => setTimeout(resolve, PAINT_WAIT_MS))]);
      }
      // The popup shows the vault at once: its storage reads and decryption run while the wasm loads.
      if (typeof shell.openVaultEarly === 'function') shell.openVaultEarly();
    }
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
})();
