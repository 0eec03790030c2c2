// An in-memory chrome.storage area (get/getKeys/set/remove with the promise API). Values are copied in and out as
// JSON, like Chrome does, so a test cannot mutate what is "stored" by accident. failOn lets a test cut a write short;
// beforeSet(obj) runs before each set (a test can write in between, as another writer would).
'use strict';

class FakeArea {
  constructor(name = 'local') {
    this.name = name;
    this.items = {};
    this.failOn = null; // e.g. {op: 'set', call: 2}: the 2nd set from now throws
    this.calls = { set: 0, remove: 0, get: 0 };
    this.listeners = [];
  }

  maybeFail(op) {
    this.calls[op]++;
    if (this.failOn && this.failOn.op === op && this.failOn.call === this.calls[op]) {
      throw new Error('fake storage: ' + op + ' interrupted');
    }
  }

  async get(keys) {
    this.calls.get++;
    const pick = keys === null || keys === undefined ? Object.keys(this.items)
      : typeof keys === 'string' ? [keys]
        : Array.isArray(keys) ? keys : Object.keys(keys);
    const out = {};
    for (const k of pick) {
      if (Object.hasOwn(this.items, k)) out[k] = JSON.parse(this.items[k]);
      else if (keys && typeof keys === 'object' && !Array.isArray(keys)) out[k] = keys[k];
    }
    return out;
  }

  async getKeys() {
    return Object.keys(this.items);
  }

  async set(obj) {
    if (this.beforeSet) await this.beforeSet(obj);
    this.maybeFail('set');
    const changes = {};
    for (const [k, v] of Object.entries(obj)) {
      changes[k] = { newValue: JSON.parse(JSON.stringify(v)) };
      this.items[k] = JSON.stringify(v);
    }
    this.emit(changes);
  }

  async remove(keys) {
    this.maybeFail('remove');
    const changes = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (Object.hasOwn(this.items, k)) changes[k] = { oldValue: JSON.parse(this.items[k]) };
      delete this.items[k];
    }
    this.emit(changes);
  }

  async clear() {
    await this.remove(Object.keys(this.items));
  }

  emit(changes) {
    if (Object.keys(changes).length === 0) return;
    for (const l of this.listeners) l(changes, this.name);
  }

  snapshot() {
    return JSON.parse(JSON.stringify(this.items));
  }
}

module.exports = { FakeArea };
