// The branded builds of this run (scripts/brand.sh, in WISP_E2E_BRANDS_DIR) and how a spec
// starts one against this run's server and emulator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from './app.mjs';

export const brandsDir = process.env.WISP_E2E_BRANDS_DIR;
if (!brandsDir) throw new Error('WISP_E2E_BRANDS_DIR is not set: scripts/test.sh sets it after building the brands');
const emulator = `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`;

/** A scratch folder of this spec run, removed when it ends (an unpacked app is hundreds of MB). */
export function scratchDir(label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `wisp-${label}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A build's folder (`ridgeline`, or `ridgeline@0.2.0` for a release build) and its build.json. */
export function builtBrand(name) {
  const dir = path.join(brandsDir, name);
  return { dir, ...JSON.parse(readFileSync(path.join(dir, 'build.json'), 'utf8')) };
}

/** The settings the branded app reads besides its built-in ones: this run's server and emulator.
 * Its tenant and identifier stay the brand's (the app refuses a file that changes them). */
export function pointAtThisRun(built) {
  const settings = JSON.parse(readFileSync(built.appSettings, 'utf8'));
  settings.apiBaseUrl = env.api;
  settings.firebase = {
    ...settings.firebase,
    projectId: process.env.FIREBASE_PROJECT_ID,
    identityToolkitUrl: `${emulator}/identitytoolkit.googleapis.com`,
    secureTokenUrl: `${emulator}/securetoken.googleapis.com`,
  };
  writeFileSync(process.env.WISP_APP_CONFIG, JSON.stringify(settings));
}

/** The app as its .deb installs it (the binary knows it came from a .deb); returns its path. */
export function unpackDeb(built) {
  const dir = scratchDir(built.packageName);
  execFileSync('dpkg-deb', ['-x', path.join(built.dir, 'package.deb'), dir]);
  return path.join(dir, 'usr', 'bin', built.packageName);
}
