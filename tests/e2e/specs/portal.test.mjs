// A subscriber's whole first visit, in the real window against the real server and emulator:
// sign up with the access code their provider gave them, open a ticket with a photo, read the
// staff's reply (never the internal note, and markup in a reply stays text), sign out and in
// again. Each main screen is photographed at desktop and small sizes on the way.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { env, launchApp, photograph } from '../support/app.mjs';
import { field, goTo, keychainEntries, pageText, press, staffApi, waitForText } from '../support/portal.mjs';

// A demo customer with no portal account yet (README: "To try sign-up").
const CUSTOMER_NUMBER = 'RW-1003';
const EMAIL = 'e2e.subscriber@example.com';
const PASSWORD = 'e2e-Password-42';
const TICKET_TITLE = 'E2E: internet drops every evening';
const STAFF_REPLY = 'E2E reply: a technician is on the way';
const INTERNAL_NOTE = 'E2E internal: customer was rude on the phone, gate code 4471';
const HOSTILE = '<img src=x onerror="window.__e2eInjected = true"><script>window.__e2eInjected = true</script>';

// The demo tenant's staff logins (README: demo logins).
const STAFF_DOMAIN = 'ridgeline.example';
const keychainService = env.tauriConfig.identifier;
let browser;
let staff;
let customer;

before(async () => {
  staff = await staffApi(`support@${STAFF_DOMAIN}`);
  const owner = await staffApi(`owner@${STAFF_DOMAIN}`);
  const found = await owner.get(`/api/customers?q=${CUSTOMER_NUMBER}`);
  customer = found.items.find((c) => c.customerNumber === CUSTOMER_NUMBER);
  assert.ok(customer, `the demo data has no ${CUSTOMER_NUMBER}`);
  assert.deepEqual(keychainEntries(keychainService), [], 'the keychain of this run starts empty');
  browser = await launchApp();
});
after(async () => {
  await browser?.deleteSession();
});

test('the sign-in screen is the first screen', async () => {
  await waitForText(browser, 'Sign in');
  await photograph(browser, 'sign-in');
});

test('a subscriber signs up with the access code their provider issued', async () => {
  const owner = await staffApi(`owner@${STAFF_DOMAIN}`);
  const grant = await owner.post(`/api/customers/${customer.id}/portal-access`);
  await (await browser.$('=Create your account')).click();
  await waitForText(browser, "How would you like to confirm it's you?");
  await (await browser.$('label*=Access code')).click();
  await (await field(browser, 'Access code')).setValue(grant.accessCode);
  await photograph(browser, 'sign-up');
  await press(browser, 'Continue');
  await (await field(browser, 'E-mail address')).setValue(EMAIL);
  await (await field(browser, 'Password')).setValue(PASSWORD);
  await (await field(browser, 'Password again')).setValue(PASSWORD);
  await press(browser, 'Create account');
  // The dashboard greets them, with the service of the account they linked.
  await waitForText(browser, 'New ticket');
  assert.equal(keychainEntries(keychainService).length, 1, 'the refresh token is in the keychain');
  await photograph(browser, 'home');
});

test('signing out removes the keychain entry, and signing in again works', async () => {
  await goTo(browser, '/account');
  await press(browser, 'Sign out');
  await waitForText(browser, 'Forgot your password?');
  assert.deepEqual(keychainEntries(keychainService), [], 'sign-out left the refresh token in the keychain');

  await (await field(browser, 'E-mail address')).setValue(EMAIL);
  await (await field(browser, 'Password')).setValue('not-the-password');
  await press(browser, 'Sign in');
  await browser.waitUntil(async () => (await browser.$('[role=alert]')).isDisplayed(), {
    timeout: 15_000,
    timeoutMsg: 'a wrong password showed no error',
  });
  await (await field(browser, 'Password')).setValue(PASSWORD);
  await press(browser, 'Sign in');
  await waitForText(browser, 'New ticket');
  assert.equal(keychainEntries(keychainService).length, 1);
});

test('the subscriber opens a ticket with a photo, and the provider receives both', async () => {
  await goTo(browser, '/tickets/new');
  await (await field(browser, 'Summary')).setValue(TICKET_TITLE);
  await (await field(browser, "What's happening?")).setValue('The connection drops around 7 pm, every day this week.');
  await dropPhoto(browser);
  // The photo shows at once, then the core prepares it (resized, location data removed).
  await browser.waitUntil(async () => (await browser.$('[aria-label="Attached files"] img')).isExisting(), {
    timeout: 10_000,
    timeoutMsg: 'the photo never showed a preview',
  });
  await browser.waitUntil(async () => !(await pageText(browser)).includes('Preparing…'), {
    timeout: 30_000,
    timeoutMsg: 'the photo was never ready to send',
  });
  await photograph(browser, 'new-ticket');
  await press(browser, 'Send ticket');
  await waitForText(browser, TICKET_TITLE, 30_000);

  const tickets = await staff.get(`/api/work-orders?customer=${customer.id}`);
  const ticket = tickets.items.find((t) => t.title === TICKET_TITLE);
  assert.ok(ticket, 'the provider never received the ticket');
  const detail = await staff.get(`/api/work-orders/${ticket.id}`);
  assert.equal(detail.attachments.length, 1, 'the photo did not arrive with the ticket');
  assert.equal(detail.attachments[0].contentType, 'image/jpeg');
});

test("the staff's reply appears, the internal note never does, and markup stays text", async () => {
  const tickets = await staff.get(`/api/work-orders?customer=${customer.id}`);
  const ticket = tickets.items.find((t) => t.title === TICKET_TITLE);
  await staff.post(`/api/work-orders/${ticket.id}/comments`, { body: INTERNAL_NOTE, visibility: 'internal' });
  await staff.post(`/api/work-orders/${ticket.id}/comments`, { body: `${STAFF_REPLY} ${HOSTILE}`, visibility: 'public' });

  // The watcher picks the reply up by itself (the e2e server asks for a short poll interval).
  await waitForText(browser, STAFF_REPLY, 60_000);
  const shown = await pageText(browser);
  assert.ok(shown.includes('<img src=x'), 'the markup in the reply is not shown as text');
  const html = await browser.execute(() => document.documentElement.outerHTML);
  assert.ok(!html.includes('E2E internal'), 'the internal note reached the window');
  assert.ok(!shown.includes('gate code'), 'the internal note reached the window');
  assert.equal(await browser.execute(() => window.__e2eInjected ?? false), false, 'markup in a reply ran');
  assert.equal(
    await browser.execute(() => document.querySelectorAll('[aria-label="Conversation"] img[src="x"], [aria-label="Conversation"] script').length),
    0,
    'markup in a reply became elements',
  );
  await photograph(browser, 'ticket-detail');
});

test('the photo shows in the thread and saves to Downloads exactly as the provider has it', async () => {
  const tickets = await staff.get(`/api/work-orders?customer=${customer.id}`);
  const ticket = await staff.get(`/api/work-orders/${tickets.items.find((t) => t.title === TICKET_TITLE).id}`);
  const [file] = ticket.attachments;
  const thumbnail = await browser.$(`img[alt="Photo ${file.fileName}"]`);
  await thumbnail.waitForExist({ timeout: 30_000, timeoutMsg: 'the photo never showed in the thread' });
  assert.ok(await browser.execute((img) => img.complete && img.naturalWidth > 0, thumbnail), 'the photo did not load');

  const downloads = path.join(process.env.HOME, 'Downloads');
  await (await browser.$(`button[aria-label="Save ${file.fileName} to Downloads"]`)).click();
  await waitForText(browser, `Saved to your Downloads folder as “${file.fileName}”.`);
  const saved = readFileSync(path.join(downloads, file.fileName));
  assert.equal(createHash('sha256').update(saved).digest('hex'), file.sha256, 'the saved file is not the one the provider has');

  await (await browser.$(`button[aria-label="View photo ${file.fileName}"]`)).click();
  await browser.waitUntil(async () => browser.execute(() => document.querySelector('dialog[open]') !== null), {
    timeout: 5_000,
    timeoutMsg: 'the photo viewer did not open',
  });
  await photograph(browser, 'photo-viewer');
  await browser.keys('Escape');
});

test('the other main screens open and are photographed', async () => {
  for (const [path, expected, name] of [
    ['/tickets', TICKET_TITLE, 'tickets'],
    ['/service', 'Installation history', 'service'],
    ['/support', 'Contact us', 'support'],
    ['/account', 'Sign out', 'account'],
  ]) {
    await goTo(browser, path);
    await waitForText(browser, expected);
    await photograph(browser, name);
  }
});

test('the subscriber marks the ticket fixed, and it reads as resolved', async () => {
  const tickets = await staff.get(`/api/work-orders?customer=${customer.id}`);
  const ticket = tickets.items.find((t) => t.title === TICKET_TITLE);
  await goTo(browser, `/tickets/${ticket.id}`);
  await press(browser, 'This is fixed');
  await (await field(browser, 'Anything to add?')).setValue('Working since the technician visit.');
  await press(browser, 'Mark as fixed');
  await waitForText(browser, 'Thanks for letting us know');
  await waitForText(browser, 'You can reopen it until');
  const after = await staff.get(`/api/work-orders/${ticket.id}`);
  assert.equal(after.status, 'resolved');
  await photograph(browser, 'ticket-resolved');
});

/** Drop a 12-megapixel-class camera photo (made in the page) on the attachment zone. */
async function dropPhoto(browser) {
  await browser.executeAsync((done) => {
    const canvas = document.createElement('canvas');
    canvas.width = 3200;
    canvas.height = 2400;
    const paint = canvas.getContext('2d');
    const sky = paint.createLinearGradient(0, 0, 0, canvas.height);
    sky.addColorStop(0, '#4a90d9');
    sky.addColorStop(1, '#d9e8f5');
    paint.fillStyle = sky;
    paint.fillRect(0, 0, canvas.width, canvas.height);
    paint.fillStyle = '#555';
    paint.fillRect(1500, 600, 200, 1800); // a mast with a dish
    paint.beginPath();
    paint.arc(1600, 600, 220, 0, Math.PI * 2);
    paint.fill();
    canvas.toBlob(
      (blob) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([blob], 'dish on the roof.jpg', { type: 'image/jpeg' }));
        const zone = document.querySelector('.zone');
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        done();
      },
      'image/jpeg',
      0.9,
    );
  });
}
