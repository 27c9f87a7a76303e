// The staff studio (`wisp-studio`) in its real window against the demo server: a subscriber is
// refused and nothing is kept for them; the owner changes the primary colour, sees it in the
// preview's portal, publishes it (the subscriber app's branding endpoint then serves the new
// version) and exports a brand kit; a technician may only preview.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { env, launchApp, painted, photograph as photographAt } from '../support/app.mjs';
import { DEMO_PASSWORD, field, keychainEntries, press, waitForText } from '../support/portal.mjs';

/** The studio's own keychain service: its identifier, not the subscriber app's. */
const STUDIO_SERVICE = JSON.parse(readFileSync(path.join(env.repo, 'studio', 'tauri.conf.json'), 'utf8')).identifier;
/** The folder the studio's folder picker answers with (scripts/test.sh sets it). */
const KIT_FOLDER = process.env.WISP_STUDIO_PICK_FOLDER;
const NEW_PRIMARY = '#0e7490';
/** The studio's window as it opens, and at its smallest (studio/tauri.conf.json). */
const STUDIO_SIZES = { desktop: { width: 1280, height: 800 }, smallest: { width: 900, height: 640 } };
const photograph = (browser, screen) => photographAt(browser, screen, STUDIO_SIZES);

let browser;
before(async () => {
  browser = await launchApp();
});
after(async () => {
  await browser?.deleteSession();
});

/** The tenant's branding as the subscriber app asks for it (public). */
async function publishedBranding() {
  const answer = await fetch(`${env.api}/api/tenant/${env.tenant}/branding`);
  assert.equal(answer.status, 200);
  return answer.json();
}

async function signIn(email) {
  await waitForText(browser, 'For provider staff');
  await (await field(browser, 'E-mail address')).setValue(email);
  await (await field(browser, 'Password')).setValue(DEMO_PASSWORD);
  await press(browser, 'Sign in');
}

async function signOut() {
  await press(browser, 'Sign out');
  await waitForText(browser, 'For provider staff');
  assert.deepEqual(keychainEntries(STUDIO_SERVICE), [], 'signing out leaves nothing in the keychain');
}

/** `--brand-primary` of every portal the preview shows. */
const previewPrimaries = () =>
  browser.execute(() =>
    [...document.querySelectorAll('section[aria-label="Preview"] .portal')].map((portal) =>
      getComputedStyle(portal).getPropertyValue('--brand-primary').trim().toLowerCase(),
    ),
  );

/** Wait until every portal in the preview has `colour` as its primary colour. */
async function previewShows(colour) {
  await browser.waitUntil(
    async () => {
      const shown = await previewPrimaries();
      return shown.length > 0 && shown.every((primary) => primary === colour);
    },
    { timeout: 10_000, timeoutMsg: `the preview never showed ${colour}: ${JSON.stringify(await previewPrimaries())}` },
  );
}

const buttonTexts = () => browser.execute(() => [...document.querySelectorAll('button')].map((b) => b.innerText.trim()));

test('a subscriber account is refused and nothing is kept for it', async () => {
  await waitForText(browser, 'Sign in');
  await photograph(browser, 'studio-sign-in');
  await signIn('alex.customer@example.com');
  await waitForText(browser, "isn't on the staff of any provider");
  assert.deepEqual(keychainEntries(STUDIO_SERVICE), [], 'a refused sign-in left an entry in the keychain');
  await photograph(browser, 'studio-sign-in-refused');
});

test('the owner changes the primary colour, sees it in the preview and publishes it', async () => {
  const before = await publishedBranding();
  assert.notEqual(before.branding.colors.primary.toLowerCase(), NEW_PRIMARY);
  await signIn('owner@ridgeline.example');
  await waitForText(browser, `Live: version ${before.version}`);
  assert.equal(keychainEntries(STUDIO_SERVICE).length, 1, 'the session is kept in the keychain');

  const primary = await field(browser, 'Primary colour');
  await primary.setValue(NEW_PRIMARY);
  await browser.keys('Tab');
  await previewShows(NEW_PRIMARY);
  await waitForText(browser, '1 unpublished change');
  await photograph(browser, 'studio-branding-draft');

  await press(browser, 'Publish');
  await waitForText(browser, 'Publish to Ridgeline Wireless?');
  await painted(browser);
  await photograph(browser, 'studio-publish-dialog');
  await press(browser, 'Publish 1 change');
  await waitForText(browser, `Published: version ${before.version + 1} is live for Ridgeline Wireless.`);

  const after = await publishedBranding();
  assert.equal(after.version, before.version + 1);
  assert.equal(after.branding.colors.primary.toLowerCase(), NEW_PRIMARY);
  await photograph(browser, 'studio-branding-published');
  await signOut();
});

test('the owner exports a brand kit of the published branding', { skip: !KIT_FOLDER && 'WISP_STUDIO_PICK_FOLDER is not set' }, async () => {
  await signIn('owner@ridgeline.example');
  await press(browser, 'Export brand kit');
  await waitForText(browser, 'Brand kit written to');
  const kitFile = path.join(KIT_FOLDER, 'brand.json');
  assert.ok(existsSync(kitFile), `no ${kitFile}`);
  const kit = JSON.parse(readFileSync(kitFile, 'utf8'));
  assert.equal(kit.tenantId, env.tenant);
  assert.equal(kit.apiBaseUrl, env.api);
  assert.equal(kit.colors.primary.toLowerCase(), NEW_PRIMARY);
  // The folder had no kit: what only a kit knows is left for the WISP to fill in.
  assert.match(kit.productName, /^EDIT ME/);
  await signOut();
});

test('a technician sees the preview but no way to publish', async () => {
  await signIn('tech@ridgeline.example');
  await waitForText(browser, 'Only an owner or admin can publish branding');
  assert.ok(!(await buttonTexts()).includes('Publish'), 'a technician is offered Publish');
  const primary = await field(browser, 'Primary colour');
  await primary.setValue('#7c2d12');
  await browser.keys('Tab');
  await previewShows('#7c2d12');
  await waitForText(browser, '1 unpublished change');
  assert.ok(!(await buttonTexts()).includes('Publish'), 'a draft does not bring Publish back');
  await photograph(browser, 'studio-preview-only');
  assert.equal((await publishedBranding()).branding.colors.primary.toLowerCase(), NEW_PRIMARY, 'nothing was published');
  await signOut();
});
