// The popup's first list from the running worker (popup.list on the panelkey.popup channel, which web/early.js asks):
// the worker answers it from what it holds in memory, with no storage read. This file proves that memory follows every
// change stored through the worker's write chain and is gone after Lock. No server is involved: no emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, popupView, programReady, unlockThroughPopup, totp, MASTER_PASSWORD } from './harness.mjs';

let b;

before(async () => {
  b = await launchBrowser();
  await b.must({ type: 'setup', password: MASTER_PASSWORD });
});

after(async () => {
  if (b) {
    await b.saveArtifacts('popup');
    await b.close();
  }
});

const FIRST = { issuer: 'First', account: 'one@example.com', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 };
const ADDED = { issuer: 'Added', account: 'two@example.com', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30 };

async function addAuthenticator(a) {
  const r = await b.must({ type: 'vault.edit', edit: { op: 'authenticators.add', authenticators: [a] } });
  return r.ids[0];
}

/**
 * Asks the worker for the popup's list as early.js does (from an extension page, on the same channel, with the page's
 * English catalog) → {ok, error?, acked, now, codes: {entryId: code}} from the HTML it answered with.
 */
async function askWorker() {
  const h = await b.helper();
  return h.evaluate(async () => {
    const text = await (await fetch('_locales/en/messages.json')).text();
    const channel = new BroadcastChannel('panelkey.popup');
    const id = 'test-' + Math.random().toString(36).slice(2);
    let acked = false;
    try {
      const reply = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the worker did not answer popup.list')), 20000);
        channel.onmessage = (e) => {
          if (!e.data || e.data.id !== id) return;
          if (e.data.ack === true) acked = true;
          else {
            clearTimeout(timer);
            resolve(e.data.reply);
          }
        };
        channel.postMessage({ id, msg: { type: 'popup.list', lang: 'en', catalog: { lang: 'en', text, fallback: '' } } });
      });
      const list = document.createElement('ul');
      list.innerHTML = reply.ok ? reply.html : '';
      const codes = Object.fromEntries([...list.querySelectorAll('.code[data-entry-id]')].map((c) => [c.dataset.entryId, c.textContent.trim()]));
      return { ok: reply.ok, error: reply.error, acked, now: reply.now, codes };
    } finally {
      channel.close();
    }
  });
}

/** The RFC 6238 code of a at the worker's answer's time (its now), computed here. */
function codeAt(a, now) {
  return totp(a.secret, { time: now, period: a.period, digits: a.digits });
}

test('the worker\'s list follows an edit: an authenticator added shows in the next answer and the next popup, its code RFC 6238\'s', async () => {
  const first = await addAuthenticator(FIRST);
  let r = await askWorker();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.acked, true, 'the worker acknowledged the question before answering');
  assert.deepEqual(Object.keys(r.codes), [first]);
  assert.equal(r.codes[first], codeAt(FIRST, r.now));

  // The same change the options page sends: the worker's next answer has it, with no other message in between.
  const added = await addAuthenticator(ADDED);
  r = await askWorker();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(Object.keys(r.codes).sort(), [first, added].sort(), 'the added authenticator is in the worker\'s answer');
  assert.equal(r.codes[added], codeAt(ADDED, r.now));
  assert.equal(r.codes[first], codeAt(FIRST, r.now));

  // Deleted: gone from the next answer.
  await b.must({ type: 'vault.edit', edit: { op: 'authenticator.delete', id: first } });
  r = await askWorker();
  assert.deepEqual(Object.keys(r.codes), [added], 'the deleted authenticator is gone from the worker\'s answer');

  // And the popup a user opens shows it, whichever list painted first.
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'list');
  await programReady(popup);
  const shown = await popup.locator(`.code[data-entry-id="${added}"]`).textContent();
  const at = Date.now();
  assert.ok([at, at - 1000].some((t) => codeAt(ADDED, t) === shown.trim()), `the popup shows ${shown}`);
  assert.equal(await popup.locator(`.code[data-entry-id="${first}"]`).count(), 0);
  await popup.close();
});

test('after Lock the worker answers locked, not from memory; after unlock it answers with the vault again', async () => {
  assert.equal((await askWorker()).ok, true, 'unlocked: the worker answers with the list');
  await b.must({ type: 'lock' }); // what the popup's Lock button sends
  const r = await askWorker();
  assert.equal(r.ok, false, 'locked: no list from the worker');
  assert.equal(r.error.code, 'locked');
  assert.deepEqual(r.codes, {});

  const popup = await b.popup();
  assert.equal(await popupView(popup), 'unlock');
  await unlockThroughPopup(popup);
  const again = await askWorker();
  assert.equal(again.ok, true, JSON.stringify(again.error));
  assert.equal(Object.keys(again.codes).length, 1, 'the vault\'s one authenticator, after unlock');
  await popup.close();
});
