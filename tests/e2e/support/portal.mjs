// What the portal specs do around the app: act as the tenant's staff through the staff API (with
// an emulator sign-in, as the staff's own tools would), read the keychain, and drive the screens
// the way a subscriber does: by the labels and button texts they read.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { env, savePicture } from './app.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through tests/e2e/run.sh`);
  return value;
}

const emulator = `http://${required('FIREBASE_AUTH_EMULATOR_HOST')}`;
/** Every demo login has this password (server/src/demo). */
export const DEMO_PASSWORD = 'demo-password-1';

/** An ID token for an existing emulator user. */
async function signIn(email, password) {
  const answer = await fetch(`${emulator}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = await answer.json();
  if (!answer.ok) throw new Error(`emulator sign-in of ${email} failed: ${JSON.stringify(body)}`);
  return body.idToken;
}

/** The tenant's staff API, signed in as one of its staff. */
export async function staffApi(email) {
  const token = await signIn(email, DEMO_PASSWORD);
  const call = async (method, path, body) => {
    // A FormData body is multipart: fetch writes its content type with the boundary.
    const json = body !== undefined && !(body instanceof FormData);
    const answer = await fetch(`${env.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-tenant-id': env.tenant,
        ...(json ? { 'content-type': 'application/json' } : {}),
      },
      body: json ? JSON.stringify(body) : body,
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    upload: (path, form) => call('POST', path, form),
  };
}

/** The keychain entries the app keeps under its identifier (one per signed-in account). */
export function keychainEntries(service) {
  // secret-tool exits 1 when nothing matches; its listing goes to stdout and stderr.
  try {
    const out = execFileSync('secret-tool', ['search', '--all', 'service', service], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.split('\n').filter((line) => line.startsWith('['));
  } catch (error) {
    if (error.status === 1) return [];
    throw error;
  }
}

/** The text field whose visible label starts with `label` (the UI labels every field), once the
 * screen shows it. */
export async function field(browser, label, timeout = 20_000) {
  const find = () =>
    browser.execute((wanted) => {
      const match = [...document.querySelectorAll('label[for]')].find((l) => l.textContent.trim().startsWith(wanted));
      return match ? document.getElementById(match.htmlFor) : null;
    }, label);
  await browser.waitUntil(async () => Boolean(await find()), {
    timeout,
    timeoutMsg: `no field labelled "${label}"; the screen shows: ${(await pageText(browser)).slice(0, 600)}`,
  });
  return browser.$(await find());
}

/** Wait for a button with this text, then press it. */
export async function press(browser, text) {
  const button = await browser.$(`button*=${text}`);
  await button.waitForExist({ timeout: 15_000, timeoutMsg: `no "${text}" button to press` });
  // Into the middle of its scrolling area first, as a person would scroll to it: a button at the
  // very edge of the window is not reliably hit by WebKitWebDriver's click.
  await button.scrollIntoView({ block: 'center' });
  await button.waitForClickable({ timeout: 15_000, timeoutMsg: `the "${text}" button cannot be pressed` });
  await button.click();
}

/** Wait until the visible text of the page includes `text`; on failure, keep a screenshot. */
export async function waitForText(browser, text, timeout = 20_000) {
  try {
    await browser.waitUntil(async () => (await pageText(browser)).includes(text), { timeout });
  } catch {
    const shot = path.join(env.artifacts, `never-showed-${text.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.png`);
    await savePicture(browser, shot).catch(() => undefined);
    throw new Error(`the screen never showed "${text}" (see ${shot}); it shows:\n${await pageText(browser)}`);
  }
}

export const pageText = (browser) => browser.execute(() => document.body.innerText);

/** Go to a screen of the portal as its links do (the router reads the URL hash). */
export async function goTo(browser, path) {
  await browser.execute((to) => (window.location.hash = to), path);
}
