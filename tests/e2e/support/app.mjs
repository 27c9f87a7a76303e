// Launching the built app through tauri-driver, and what every spec needs around it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { remote } from 'webdriverio';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through tests/e2e/run.sh`);
  return value;
}

export const env = {
  app: required('WISP_E2E_APP'),
  api: required('WISP_E2E_API'),
  tenant: required('WISP_E2E_TENANT'),
  driverPort: Number(required('WISP_E2E_DRIVER_PORT')),
  artifacts: required('WISP_E2E_ARTIFACTS'),
  tauriConfig: JSON.parse(readFileSync(required('WISP_E2E_TAURI_CONF'), 'utf8')),
  /** The repository (the base tauri.conf.json sits at its root). */
  repo: path.dirname(required('WISP_E2E_TAURI_CONF')),
};

/** The sizes every screen is photographed at. */
export const SIZES = { desktop: { width: 1280, height: 800 }, small: { width: 360, height: 740 } };

/** Start the app (a fresh process; another build with `application`) and return its WebDriver session. */
export async function launchApp({ args = [], application = env.app } = {}) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: env.driverPort,
    logLevel: 'warn',
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application, args },
    },
  });
  await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === 'complete', {
    timeout: 20_000,
    timeoutMsg: 'the app window never finished loading',
  });
  return browser;
}

/** Wait until the page has painted (two animation frames), so a screenshot shows it. */
export async function painted(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Save a screenshot of the current screen at each size (the app's by default) under
 * artifacts/screenshots. */
export async function photograph(browser, screen, sizes = SIZES) {
  const dir = path.join(env.artifacts, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const [label, size] of Object.entries(sizes)) {
    await browser.setWindowSize(size.width, size.height);
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= size.width, {
      timeout: 5_000,
      timeoutMsg: `the window did not shrink to ${size.width} px`,
    });
    await painted(browser);
    await savePicture(browser, path.join(dir, `${screen}-${label}.png`));
  }
}

/**
 * Save what the window shows as a PNG, taken from the X display: the whole screen (xwd) cut to
 * the window's rectangle (netpbm). WebKitWebDriver's own screenshot never returns while WebKit
 * draws without compositing, which the app does on computers without a GPU, this display's
 * included.
 */
export async function savePicture(browser, file) {
  const { x, y, width, height } = await browser.getWindowRect();
  // The window's drawing reaches X just after the page's frame: give it that moment.
  await browser.pause(150);
  const run = (command, args, input) => execFileSync(command, args, { input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  const screen = run('xwdtopnm', [], run('xwd', ['-root', '-silent']));
  const [screenWidth, screenHeight] = screen.toString('latin1', 0, 40).split(/\s+/).slice(1, 3).map(Number);
  const left = Math.max(0, x);
  const top = Math.max(0, y);
  const cut = run('pamcut', ['-left', left, '-top', top,
    '-width', Math.min(width, screenWidth - left), '-height', Math.min(height, screenHeight - top)].map(String), screen);
  writeFileSync(file, run('pnmtopng', [], cut));
}

/** Titles of the top-level X windows on the test display (the native title bar text). */
export function nativeWindowTitles() {
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' });
  return [...tree.matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gm)].map((match) => match[1]);
}
