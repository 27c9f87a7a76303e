// Signed updates, as a subscriber of a branded app meets them. Ridgeline's staff publish releases
// through the real server; the installed 0.1.0 app (the binary its .deb installs, so it knows it
// came from a .deb) finds them, shows the notes, and downloads, verifies and installs only when
// the subscriber says so. A release signed with another WISP's key is refused and nothing is
// installed (the server cannot tell: only the app holds the key it trusts); the real 0.2.0, signed
// with Ridgeline's key at build time, installs (into this run's own dpkg root: see
// support/privileges/pkexec).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { env, launchApp, photograph } from '../support/app.mjs';
import { builtBrand, pointAtThisRun, scratchDir, unpackDeb } from '../support/brands.mjs';
import { DEMO_PASSWORD, field, goTo, pageText, press, staffApi, waitForText } from '../support/portal.mjs';

const installed = builtBrand('ridgeline');
const release = builtBrand('ridgeline@0.2.0');
const NOTES = 'Faster ticket list, and photos in the thread open full size.';

let browser;
after(async () => {
  await browser?.deleteSession();
});

/** Registers a release the way scripts/release.sh does: bundle, its signature, what it is. */
async function publish(staff, { version, bundle, signature, notes }) {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    appVersion: version,
    channel: 'stable',
    target: 'linux',
    arch: 'x86_64',
    bundleType: 'deb',
    rolloutPercent: '100',
    notes,
    signature: readFileSync(signature, 'utf8'),
  })) {
    form.append(name, value);
  }
  form.append('file', new Blob([readFileSync(bundle)]), path.basename(bundle));
  return staff.upload(`/api/tenant/${env.tenant}/app/releases`, form);
}

/** A copy of `bundle` signed for `version` with another tenant's updater key (this run's keys:
 * scripts/test.sh makes them in WISP_KEYS_DIR), as `scripts/release.sh publish` signs. */
function signedWithKeyOf(tenant, bundle, version) {
  const copy = path.join(scratchDir('foreign'), path.basename(bundle));
  copyFileSync(bundle, copy);
  execFileSync(path.join(env.repo, 'tools/tauri-cli/node_modules/.bin/tauri'), ['signer', 'sign', '--app-version', version, copy], {
    env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY_PATH: path.join(process.env.WISP_KEYS_DIR, tenant, 'updater.key') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { bundle: copy, signature: `${copy}.sig` };
}

/** The version of the app's package installed in this run's dpkg root, or null. */
function installedVersion() {
  const root = process.env.WISP_E2E_DPKG_ROOT;
  try {
    return execFileSync(
      'dpkg-query',
      [`--admindir=${root}/var/lib/dpkg`, '-W', '-f=${Status} ${Version}', installed.packageName],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return null;
  }
}

test("a release signed with another WISP's key is refused, and nothing is installed", async () => {
  const staff = await staffApi('owner@ridgeline.example');
  const foreign = await publish(staff, {
    version: '0.1.1',
    ...signedWithKeyOf('prairie-sky', path.join(release.dir, 'package.deb'), '0.1.1'),
    notes: 'Signed with the wrong key.',
  });
  pointAtThisRun(installed);
  browser = await launchApp({ application: unpackDeb(installed) });
  // Still signed in when the brand test before signed its subscriber in (same keychain).
  await browser.waitUntil(async () => /New ticket|Forgot your password\?/.test(await pageText(browser)), {
    timeout: 20_000,
    timeoutMsg: 'neither the sign-in screen nor the home screen showed',
  });
  if (!(await pageText(browser)).includes('New ticket')) {
    await (await field(browser, 'E-mail address')).setValue('alex.customer@example.com');
    await (await field(browser, 'Password')).setValue(DEMO_PASSWORD);
    await press(browser, 'Sign in');
  }
  // The check runs a few seconds after start.
  await waitForText(browser, 'Version 0.1.1 of the app is available', 30_000);
  await press(browser, 'Install update');
  await waitForText(browser, 'could not be verified as coming from Ridgeline Wireless', 30_000);
  assert.equal(installedVersion(), null, 'nothing was installed');
  await photograph(browser, 'update-refused');
  await staff.patch(`/api/tenant/${env.tenant}/app/releases/${foreign.id}`, { version: foreign.version, withdrawn: true });
});

test('a signed release is offered with its notes and installs only when the subscriber says so', async () => {
  const staff = await staffApi('owner@ridgeline.example');
  await publish(staff, {
    version: '0.2.0',
    bundle: path.join(release.dir, 'package.deb'),
    signature: path.join(release.dir, 'package.deb.sig'),
    notes: NOTES,
  });
  await goTo(browser, '/account');
  await press(browser, 'Check for updates');
  await waitForText(browser, 'Version 0.2.0 of the app is available');
  assert.equal(installedVersion(), null, 'nothing is downloaded or installed before the subscriber chooses');
  await press(browser, 'What’s new');
  await waitForText(browser, NOTES);
  await photograph(browser, 'update-available');
  await press(browser, 'Install update');
  await waitForText(browser, 'Version 0.2.0 is installed', 60_000);
  assert.equal(installedVersion(), 'install ok installed 0.2.0');
  await photograph(browser, 'update-installed');
});
