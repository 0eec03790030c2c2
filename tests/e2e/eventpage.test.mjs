// The background's lifetime: a browser unloads panelkey's background when it has been idle (Chromium's service
// worker, Firefox's event page: 30 s), and a request a slow server holds must not be cut off by that. Firefox counts
// neither the pending reply nor the fetch under way as activity (observed), so the worker keeps itself alive while it
// answers (extension/worker.js, whileAnswering). Here Firefox's idle limit is lowered to 8 s (the preference
// extensions.background.idle.timeout) and the emulator holds the request for 15 s. Chromium keeps a worker with a
// fetch under way alive by itself and its limit cannot be changed, so this file runs in Firefox only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, launchBrowser, MASTER_PASSWORD, REAL_PORTS, FIREFOX, closeAll } from './harness.mjs';

const skip = !FIREFOX && 'Chromium\'s idle limit cannot be lowered by a test, and a fetch under way keeps its worker alive';
const IDLE_MS = 8000;
let emu;
let b;

before(async () => {
  if (skip) return;
  emu = await startEmulator();
  b = await launchBrowser({ emulator: emu, prefs: { 'extensions.background.idle.timeout': IDLE_MS } });
});

after(() => closeAll('eventpage', b, emu));

test('a reply slower than the browser\'s idle limit still arrives, and the background unloads once it is idle', { skip, timeout: 90000 }, async () => {
  const WHM = `https://${emu.host}:${REAL_PORTS['whm-tls']}`;
  const root = (await emu.fixture()).whmUsers.find((u) => u.user === 'root');
  await b.must({ type: 'setup', password: MASTER_PASSWORD });
  assert.equal((await b.grantHost(`https://${emu.host}/*`)).contains, true);
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push({ id: 's-slow', name: 'slow', address: emu.host, baseURL: WHM,
    whm: { user: 'root', token: root.tokens[0].token, password: '', accessHash: '', totp: null }, accounts: [], accountsFetchedAt: 0 });
  await b.must({ type: 'vault.write', data: doc });

  await emu.config({ hang: true });
  try {
    const t0 = Date.now();
    const r = await b.send({ type: 'api.send', serverId: 's-slow', timeoutSeconds: 15,
      request: { method: 'GET', url: WHM + '/json-api/version?api.version=1', headers: [{ name: 'Authorization', value: 'whm root:' + root.tokens[0].token }] } });
    const waited = Date.now() - t0;
    assert.ok(r, `an answer came (after ${waited} ms), not a reply lost with an unloaded background`);
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 'timeout', r.error.message);
    assert.ok(waited >= 14500, `the request's own 15 s, not the idle limit: ${waited} ms`);
  } finally {
    await emu.config({ hang: false });
  }
  // Nothing under way: the browser may unload it again, and the next message wakes it with the vault still unlocked.
  const deadline = Date.now() + 3 * IDLE_MS + 5000;
  while ((await b.workerStatus()) !== 'stopped') {
    assert.ok(Date.now() < deadline, 'the background was never unloaded once idle');
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal((await b.must({ type: 'status' })).unlocked, true);
});
