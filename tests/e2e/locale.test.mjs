// The pages in a second language (issue 15): Chromium in German (LANGUAGE=de) shows every page — first run, lock, the
// popup's list, options, console — with no key in place of a missing message (⟦…⟧) and no English message of the
// catalog. Then, with a pseudo-translation (the test's copy of the extension has every German message wrapped in ⟪ ⟫),
// every word the popup, the lock screens, the options page and the console show is a wrapped message or the vault's
// own data: no string escapes the catalog. The options page is seen in each of its states: an authenticator's, a
// server's and an account's form, a server's accounts, a server list's preview, a refresh of every server with its
// failures (its reason, "panelkey needs your permission…", is the catalog's message for the failure's code). The
// engine's own failures, provoked against the emulator (a server that is down, an untrusted certificate, a wrong
// master password, a port cPanel does not serve), are wrapped messages too, their hosts and ports data inside them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import crypto from 'node:crypto';
import { launchBrowser, popupView, setupThroughPopup, startEmulator, ROOT, afterReload } from './harness.mjs';

const en = JSON.parse(fs.readFileSync(path.join(ROOT, '_locales/en/messages.json'), 'utf8'));
const de = JSON.parse(fs.readFileSync(path.join(ROOT, '_locales/de/messages.json'), 'utf8'));

// The vault's own words: data a page may show as it is.
const DATA = ['Hauptserver', 'host.example', 'https://host.example:2087', 'root', 'bob', 'bob.example', 'info@bob.example',
  'GitHub', 'me', 'Bank', 'panelkey', 'cPanel', 'WHM', 'Webmail', 'SHA1', 'SHA256', 'SHA512', 'TOTP', 'HOTP', 'API 2',
  'UAPI', 'WHM API 1', 'uapi_cpanel', 'curl', 'fetch', 'PHP', 'Perl', 'Python', 'Go', 'NEW', 'PURGE', 'FAILEDPURGE',
  'GET', 'POST', 'Email', 'list_pops', 'https://',
  // the session log field's example: a line of cPanel's log format, as cPanel writes it
  '[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:… address=…,app=cpaneld,…', 'web1.example.com', 'Web1', 'prod', 'whm-token', 'servers.csv'];

// A server list to preview: one importable row.
const SERVER_LIST = 'host,label,tags,kind,secret\nweb1.example.com,Web1,prod,whm-token,WEB1TOKEN0123456789\n';

const browsers = [];
after(async () => {
  for (const b of browsers) {
    await b.saveArtifacts('locale');
    await b.close();
  }
});

/** Every text a person sees on the page: visible text nodes, and the placeholder, title, aria-label and alt of visible elements. */
function shownTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, template, [hidden]') || !visible(el)) continue;
      if (n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
      if (el.closest('[hidden]') || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    out.push(document.title);
    return out;
  });
}

const VAULT = {
  servers: [{
    id: 's1', name: 'Hauptserver', address: 'host.example', baseURL: 'https://host.example:2087',
    whm: { user: 'root', token: 'WHMTOKEN0123456789', password: '', accessHash: '', totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 } },
    accounts: [{ id: 'a1', user: 'bob', domain: 'bob.example', owner: 'root', suspended: true, password: 'pw', apiToken: '',
      totp: null, mailboxes: [{ email: 'info@bob.example', password: '' }] }],
    accountsFetchedAt: 0,
  }],
  authenticators: [
    { id: 't1', issuer: 'GitHub', account: 'me', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30, pinned: true },
    { id: 't2', issuer: 'Bank', account: '', secret: 'MFRGGZDFMZTWQ2LK', algorithm: 'SHA1', digits: 6, type: 'hotp', counter: 3 },
  ],
};

/** Opens every page in each of its states and returns what each shows, by name. */
async function everyPage(b) {
  const shown = {};
  const popup = await b.popup();
  assert.equal(await popupView(popup), 'setup');
  shown.setup = await shownTexts(popup);
  await setupThroughPopup(popup);
  const doc = (await b.must({ type: 'vault.read' })).data;
  doc.servers.push(...VAULT.servers);
  doc.authenticators.push(...VAULT.authenticators);
  await b.must({ type: 'vault.write', data: doc });
  await popup.waitForSelector('.row[data-id="t2"]');
  shown.popup = await shownTexts(popup);
  for (const name of ['options', 'console']) {
    const page = await b.openPage(name + '.html', { width: 1100, height: 900 });
    await page.waitForSelector('#lock');
    if (name === 'options') {
      await page.waitForSelector('#auth-list');
      await page.click('#auth-list [data-action="auth-edit"][data-id="t1"]');
      // The server's accounts (WHM's 2FA marks need a WHM: ui's TestOptionsWordsComeFromTheCatalog renders them).
      await page.click('[data-action="toggle-accounts"][data-server="s1"]');
      await page.waitForSelector('[data-action="edit-account"][data-account="a1"]');
      shown.options = await shownTexts(page);
      // An account's form, then the server's (its address read by the engine), then a new server's.
      await page.click('[data-action="edit-account"][data-account="a1"]');
      await page.waitForSelector('#account-form #mailbox-email-0');
      shown['options: account form'] = await shownTexts(page);
      await page.click('[data-action="edit-server"][data-server="s1"]');
      await page.waitForFunction(() => document.getElementById('server-address-preview')?.textContent);
      shown['options: server form'] = await shownTexts(page);
      await page.click('[data-action="cancel-edit"]');
      await page.click('#add-server');
      await page.waitForSelector('#server-form');
      shown['options: new server'] = await shownTexts(page);
      await page.click('[data-action="cancel-edit"]');
      // A server list's preview.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panelkey-locale-')), 'servers.csv');
      fs.writeFileSync(file, SERVER_LIST);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#servers-import-pick')]);
      await chooser.setFiles(file);
      await page.waitForSelector('#import-preview');
      shown['options: server list preview'] = await shownTexts(page);
      await page.click('#drop-import');
      // A refresh of every server: host.example fails at once (no host access), with its reason and a Retry.
      await page.click('#refresh-all');
      await page.waitForSelector('#refresh-failures [data-action="refresh-retry"]');
      shown['options: refresh'] = await shownTexts(page);
    } else {
      shown[name] = await shownTexts(page);
    }
    await page.close();
  }
  await lockAndWait(b, popup);
  shown.lock = await shownTexts(popup);
  await popup.close();
  return shown;
}

/** Locks, and waits for the popup's reload into the lock view. */
async function lockAndWait(b, popup) {
  // Lock reloads every open page into the lock view (shell.js): read the new document, not the old one's last view.
  await afterReload(popup, () => b.must({ type: 'lock' }));
  assert.equal(await popupView(popup), 'unlock');
}

test('in German: no page shows a missing message or an English one', async () => {
  const b = await launchBrowser({ env: { LANGUAGE: 'de' }, args: ['--lang=de'] });
  browsers.push(b);
  const shown = await everyPage(b);
  // English messages that German translates differently, of two words or more (one word may be a name both use, like
  // the "password" argument).
  const english = Object.entries(en).filter(([k, m]) => de[k] && de[k].message !== m.message && !m.message.includes('$') && m.message.trim().includes(' '))
    .map(([, m]) => m.message);
  const wrong = [];
  for (const [page, texts] of Object.entries(shown)) {
    assert.ok(texts.length > 3, page + ' shows something');
    for (const t of texts) {
      if (t.includes('⟦')) wrong.push(`${page} shows a key without its message: ${t}`);
      for (const e of english) {
        const at = t.indexOf(e);
        // A whole message or whole words of one, not the start of a German word ("Algorithm" in "Algorithmus").
        if (at >= 0 && !/\p{L}/u.test(t[at + e.length] || '') && !/\p{L}/u.test(t[at - 1] || '')) wrong.push(`${page} shows English "${e}" in "${t}"`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('with a pseudo-translation, every word each page shows comes from the catalog or the vault', async () => {
  const b = await launchBrowser(pseudoGerman());
  browsers.push(b);
  assert.deepEqual(escapedWords(await everyPage(b), DATA), [], 'texts not from the catalog');
});

/** launchBrowser's options for German with a pseudo-translation: the test's copy of the extension has every German
 * message wrapped in ⟪ ⟫, its placeholders left as they are. */
function pseudoGerman(options = {}) {
  return {
    ...options,
    env: { LANGUAGE: 'de' }, args: ['--lang=de'],
    extension(dir) {
      const file = path.join(dir, '_locales/de/messages.json');
      const cat = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const [k, m] of Object.entries(cat)) if (k !== 'locale') m.message = '⟪' + m.message + '⟫';
      fs.writeFileSync(file, JSON.stringify(cat));
    },
  };
}

/** The texts of shown (by page) with a word outside every ⟪message⟫ that is none of data. */
function escapedWords(shown, data) {
  data = [...data].sort((x, y) => y.length - x.length);
  const escaped = [];
  for (const [page, texts] of Object.entries(shown)) {
    for (const t of texts) {
      let rest = t.replace(/⟪[^⟫]*⟫/g, ' ');
      for (const d of data) rest = rest.split(d).join(' ');
      // What is left may be numbers (codes, counts, seconds), signs and punctuation, never words.
      if (/\p{L}{2,}/u.test(rest)) escaped.push(`${page}: "${t}"`);
    }
  }
  return escaped;
}

// The engine's own failures, provoked against the emulator, are the catalog's words too, their hosts and ports
// parameters of the message: a server that is down, one whose certificate the browser does not trust (the
// emulator's -untrusted certificate), a wrong master password, and an address on a port cPanel does not serve.
test('with a pseudo-translation, the engine\'s failures (server down, untrusted certificate, wrong password, refused port) are worded by the catalog', async () => {
  const emu = await startEmulator({ untrusted: true });
  const down = `127.${100 + crypto.randomInt(100)}.${crypto.randomInt(256)}.${1 + crypto.randomInt(254)}`; // nothing listens
  try {
    const b = await launchBrowser(pseudoGerman({ emulator: emu }));
    browsers.push(b);
    const popup = await b.popup();
    await setupThroughPopup(popup);
    for (const host of [emu.host, down]) await b.grantHost(`https://${host}/*`);
    const fixture = await emu.fixture();
    const token = fixture.whmUsers.find((u) => u.user === 'root').tokens[0].token;
    const server = (id, name, host) => ({ id, name, address: host, baseURL: `https://${host}:2087`,
      whm: { user: 'root', token, password: '', accessHash: '', totp: null }, accounts: [], accountsFetchedAt: 0 });
    const doc = (await b.must({ type: 'vault.read' })).data;
    doc.servers.push(server('s-untrusted', 'Untrusted', emu.host), server('s-down', 'Down', down));
    await b.must({ type: 'vault.write', data: doc });
    const shown = {};
    const codes = {};
    for (const [id, code] of [['s-down', 'unreachable'], ['s-untrusted', 'tls-untrusted']]) {
      await popup.waitForSelector(`.row[data-id="${id}"]`);
      await popup.evaluate(() => { document.getElementById('message').hidden = true; });
      await popup.click(`.row[data-id="${id}"] button[data-service="whm"]`);
      await popup.waitForSelector('#message.error:not([hidden])', { timeout: 30000 });
      shown[`popup: ${code}`] = await shownTexts(popup);
      codes[code] = (await b.send({ type: 'login', serverId: id, service: 'whm', method: 'token' })).error?.code;
    }
    assert.deepEqual(codes, { unreachable: 'unreachable', 'tls-untrusted': 'tls-untrusted' }, 'the failures are the ones meant');
    // A port cPanel does not serve, typed in the options page: the engine's refusal, in the form and its preview.
    const opt = await b.openPage('options.html', { width: 1100, height: 900 });
    await opt.waitForSelector('#add-server');
    await opt.click('#add-server');
    await opt.fill('#server-address', `${emu.host}:8080`);
    await opt.fill('#server-whm-user', 'root');
    await opt.click('#server-save');
    await opt.waitForSelector('#server-error:not([hidden])');
    assert.match(await opt.textContent('#server-error'), /8080/, 'the message names the port');
    shown['options: address-unknown-port'] = await shownTexts(opt);
    await opt.close();
    // A wrong master password.
    await lockAndWait(b, popup);
    await popup.fill('#unlock-password', 'not the master password');
    await popup.click('#unlock-submit');
    await popup.waitForFunction(() => document.getElementById('unlock-error')?.textContent);
    shown['lock: wrong-password'] = await shownTexts(popup);
    const hosts = [emu.host, down].flatMap((h) => [`https://${h}:2087`, `${h}:8080`, h]);
    assert.deepEqual(escapedWords(shown, [...DATA, ...hosts, 'Untrusted', 'Down']), [], 'failures not worded by the catalog');
    for (const [page, texts] of Object.entries(shown)) {
      assert.ok(texts.some((t) => t.includes('⟪')), `${page} shows a message`);
    }
  } finally {
    await emu.stop();
  }
});
