// The JavaScript half of panelkey's wasm bridge.
//
// A Go function called from JavaScript cannot throw: wasm_exec.js has no path for an exception from Go to the
// caller. So the Go program registers raw functions that take the input as JSON text and return JSON text,
// {"ok":true,"value":…} or {"ok":false,"code":…,"message":…,"params"?:[…]}, and calls globalThis.panelkeyWrap(raw) to get
// the object it installs as globalThis.panelkey: its functions take and return plain objects and throw an Error
// with .code on failure. JSON text also makes a call cost one crossing instead of one per field.
//
// Load this plain script before the engine (panelkey.wasm) runs: importScripts('bridge.js')
// in the service worker, require/import in Node.
'use strict';

(() => {
  function failure(code, message, params) {
    const e = new Error(message);
    e.code = code;
    if (Array.isArray(params)) e.params = params; // the message's variable parts, for the pages' catalog
    return e;
  }

  // texts (bulk functions: the vault's chunk texts and documents) cross as strings beside the JSON input, never
  // inside it; texts given back come as the value's .texts.
  function wrap(name, raw) {
    return function (input, texts) {
      let text;
      try {
        text = input === undefined ? '{}' : JSON.stringify(input);
      } catch (e) {
        throw failure('bad-input', name + ': the input is not JSON data (' + e.message + ')');
      }
      const out = raw(text === undefined ? 'null' : text, texts);
      const r = JSON.parse(typeof out === 'string' ? out : out.json);
      if (!r.ok) throw failure(r.code, r.message, r.params);
      if (typeof out !== 'string') r.value.texts = out.texts;
      return r.value;
    };
  }

  globalThis.panelkeyWrap = function (raw) {
    const api = {};
    for (const name of Object.keys(raw)) api[name] = wrap(name, raw[name]);
    return Object.freeze(api);
  };
})();
