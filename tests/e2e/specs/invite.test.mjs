// An invite link opened while the app runs: the second launch hands the link to the running
// window (single instance) and exits; the window receives the code as an `invite` event.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { env, launchApp } from '../support/app.mjs';

const scheme = env.tauriConfig.plugins['deep-link'].desktop.schemes[0];
let browser;

before(async () => {
  browser = await launchApp();
  // Record `invite` events in the page, through the same IPC the UI's listen() uses.
  await browser.executeAsync((done) => {
    window.__e2eInvites = [];
    const ipc = window.__TAURI_INTERNALS__;
    ipc
      .invoke('plugin:event|listen', {
        event: 'invite',
        target: { kind: 'Any' },
        handler: ipc.transformCallback((event) => window.__e2eInvites.push(event.payload)),
      })
      .then(() => done());
  });
});
after(async () => {
  await browser?.deleteSession();
});

/** Launch the app a second time with one argument, as the desktop does for a link. */
function openLink(link) {
  const second = spawnSync(env.app, [link], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(second.status, 0, `the second launch did not hand over and exit: ${second.stderr}`);
}

const invites = () => browser.execute(() => window.__e2eInvites);

test('a second launch with an invite link hands the code to the running window', async () => {
  openLink(`${scheme}://invite?code=E2E-INVITE-42`);
  await browser.waitUntil(async () => (await invites()).length > 0, {
    timeout: 10_000,
    timeoutMsg: 'the running window never received the invite',
  });
  assert.deepEqual(await invites(), [{ code: 'E2E-INVITE-42' }]);
});

test('a link that is not a well-formed invite is not passed on', async () => {
  const before = (await invites()).length;
  openLink(`${scheme}://invite?code=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E`);
  openLink(`${scheme}://tickets?code=ABC`);
  // A valid link afterwards proves the two above were handled (links are handled in order).
  openLink(`${scheme}://invite?code=AFTER-1`);
  await browser.waitUntil(async () => (await invites()).length > before, { timeout: 10_000 });
  assert.deepEqual((await invites()).slice(before), [{ code: 'AFTER-1' }]);
});
