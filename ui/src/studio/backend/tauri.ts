// The studio core through Tauri's IPC: each method is one command of `wisp-studio`
// (`studio/src/commands.rs`, described in `studio/STUDIO.md`), its arguments one camelCase
// object that Tauri maps to the Rust parameters. Rejections are the core's `AppError`s.
import { invoke } from '@tauri-apps/api/core';
import type { StudioBackend } from './backend';

export const tauriStudioBackend: StudioBackend = {
  session: () => invoke('studio_session'),
  signIn: (email, password) => invoke('studio_sign_in', { email, password }),
  signOut: () => invoke('studio_sign_out'),
  getBranding: (tenantId) => invoke('studio_branding', { tenantId }),
  listVersions: (tenantId) => invoke('studio_branding_versions', { tenantId }),
  publish: (tenantId, baseVersion, branding) => invoke('studio_publish', { tenantId, baseVersion, branding }),
  revert: (tenantId, version, baseVersion) => invoke('studio_revert', { tenantId, version, baseVersion }),
  chooseLogo: (tenantId) => invoke('studio_choose_logo', { tenantId }),
  logoData: (url) => invoke('studio_logo_data', { url }),
  sanitizeCss: (css) => invoke('studio_sanitize_css', { css }),
  exportKit: (tenantId, branding) => invoke('studio_export_kit', { tenantId, branding }),
};
