// Two WISPs' own apps, built from their brand kits (scripts/brand.sh), each driven through its
// real window: its name in the title bar, its colours on the first screen, its logo, and its own
// tenant only: the other WISP's subscriber cannot sign in to it, its own subscriber can.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { env, launchApp, nativeWindowTitles, photograph } from '../support/app.mjs';
import { brandsDir, pointAtThisRun } from '../support/brands.mjs';
import { DEMO_PASSWORD, field, keychainEntries, press, waitForText } from '../support/portal.mjs';


// Each demo brand, with one of its own subscribers and one of the other WISP's (README: demo logins).
const BRANDS = [
  { slug: 'ridgeline', own: 'alex.customer@example.com', other: 'sam.customer@example.net' },
  { slug: 'prairie-sky', own: 'sam.customer@example.net', other: 'alex.customer@example.com' },
];

let browser;
after(async () => {
  await browser?.deleteSession();
});

for (const brand of BRANDS) {
  test(`${brand.slug}'s own app: its name, its colours, and only its own subscribers`, async () => {
    const built = JSON.parse(readFileSync(path.join(brandsDir, brand.slug, 'build.json'), 'utf8'));
    const kit = JSON.parse(readFileSync(path.join(env.repo, 'brands', brand.slug, 'brand.json'), 'utf8'));
    pointAtThisRun(built);
    await browser?.deleteSession();
    browser = await launchApp({ application: path.join(brandsDir, brand.slug, 'app') });

    // Its company in the page title, and the native title bar showing it.
    const company = kit.company.displayName;
    await browser.waitUntil(async () => (await browser.getTitle()).endsWith(` · ${company}`), {
      timeout: 15_000,
      timeoutMsg: `the title never named ${company}`,
    });
    const title = await browser.getTitle();
    await browser.waitUntil(async () => nativeWindowTitles().includes(title), {
      timeout: 5_000,
      timeoutMsg: `no window titled "${title}"; windows: ${JSON.stringify(nativeWindowTitles())}`,
    });
    // Its primary colour on the first screen.
    const primary = await browser.execute(() =>
      getComputedStyle(document.querySelector('.portal')).getPropertyValue('--brand-primary').trim().toLowerCase(),
    );
    assert.equal(primary, kit.colors.primary.toLowerCase());
    await waitForText(browser, 'Sign in');
    await photograph(browser, `brand-${brand.slug}-sign-in`);

    // The other WISP's subscriber is refused, and nothing is kept for them.
    await (await field(browser, 'E-mail address')).setValue(brand.other);
    await (await field(browser, 'Password')).setValue(DEMO_PASSWORD);
    await press(browser, 'Sign in');
    await waitForText(browser, `has no ${company} account yet`);
    assert.deepEqual(keychainEntries(built.identifier), [], "another WISP's subscriber left a sign-in behind");

    // Its own subscriber signs in.
    await (await field(browser, 'E-mail address')).setValue(brand.own);
    await press(browser, 'Sign in');
    await waitForText(browser, 'New ticket');
    assert.equal(keychainEntries(built.identifier).length, 1);
    await photograph(browser, `brand-${brand.slug}-home`);
  });
}
