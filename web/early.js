// The popup's first question to a running worker (docs/architecture.md, popup.list), asked as soon as Chrome has read
// popup.html's <head>: the first script there, so it leaves before the page's stylesheet and program (pages.js) have
// loaded, and the worker's answer travels while they do. page.js paints the answer (paintEarlyList). It is asked on a
// BroadcastChannel of the extension's own origin (no web page or other extension can join it), which reaches only a
// running worker: one asleep is not woken for it (waking it costs more than the page's own program takes), and the
// program paints then. A running worker acknowledges the question at once (acked): page.js then lets its answer go
// first.
'use strict';

(() => {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel('panelkey.popup');
  const pending = new Map(); // id → resolve
  channel.onmessage = (e) => {
    const done = e.data && pending.get(e.data.id);
    if (!done) return; // another popup's answer
    if (e.data.ack === true) {
      if (!early.acked) performance.mark('panelkey:acked');
      early.acked = true;
      return;
    }
    pending.delete(e.data.id);
    done(e.data.reply);
  };
  const ask = (msg) => new Promise((resolve) => {
    const id = Math.random().toString(36).slice(2);
    pending.set(id, resolve);
    channel.postMessage({ id, msg });
  });
  const lang = (globalThis.chrome && chrome.i18n && chrome.i18n.getMessage('locale')) || 'en';
  // painted and closed: pagekit.TakeEarlyList's (the program takes the painted list over, or stops a late one).
  const early = {
    painted: null, closed: false, acked: false, lang, ask,
    reply: ask({ type: 'popup.list', lang }),
    close: () => channel.close(),
  };
  globalThis.panelkeyEarlyList = early;
  performance.mark('panelkey:asked'); // the bench's breakdown (docs/benchmarks.md)
})();
