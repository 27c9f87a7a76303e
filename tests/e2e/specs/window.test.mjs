// The window opens as the tenant's app: its name in the title bar, its colours on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { env, launchApp, nativeWindowTitles, photograph } from '../support/app.mjs';

let browser;
let published;
before(async () => {
  // What the tenant published, asked of the server directly (not of the app).
  const answer = await fetch(`${env.api}/api/tenant/${env.tenant}/branding`);
  assert.equal(answer.status, 200);
  published = (await answer.json()).branding;
  browser = await launchApp();
});
after(async () => {
  await browser?.deleteSession();
});

test("the title bar names the tenant's company", async () => {
  const company = published.company.displayName;
  assert.ok(company, 'the demo tenant has a display name');
  await browser.waitUntil(async () => (await browser.getTitle()).endsWith(` · ${company}`), {
    timeout: 15_000,
    timeoutMsg: `the page title never named ${company}`,
  });
  const title = await browser.getTitle();
  await browser.waitUntil(async () => nativeWindowTitles().includes(title), {
    timeout: 5_000,
    timeoutMsg: `no window titled "${title}"; windows: ${JSON.stringify(nativeWindowTitles())}`,
  });
});

test("the tenant's colours are applied", async () => {
  const primary = () =>
    browser.execute(() => {
      const portal = document.querySelector('.portal');
      return portal ? getComputedStyle(portal).getPropertyValue('--brand-primary').trim() : null;
    });
  await browser.waitUntil(async () => Boolean(await primary()), {
    timeout: 15_000,
    timeoutMsg: 'the portal never set --brand-primary',
  });
  assert.equal((await primary()).toLowerCase(), published.colors.primary.toLowerCase());
});

test('the first screen is photographed at desktop and small sizes', async () => {
  await photograph(browser, 'first-screen');
});
