// The studio UI's whole view of the studio core: one method per Tauri command of `wisp-studio`
// (command names in brackets), arguments passed as one camelCase object. Rejections are
// `AppError`s (read them with `toProblem` from lib/errors.ts).
import type { Branding } from '$lib/generated/api/Branding';
import type { BrandingVersion } from '$lib/generated/api/BrandingVersion';
import type { PublishedBranding } from '$lib/generated/api/PublishedBranding';
import type { SanitizedCss } from '$lib/generated/api/SanitizedCss';
import type { StaffMe } from '$lib/generated/api/StaffMe';
import type { UploadedLogo } from '$lib/generated/api/UploadedLogo';

export interface StudioBackend {
  /** The staff member restored from the keychain, or null when signed out. [studio_session] */
  session(): Promise<StaffMe | null>;
  /** Firebase sign-in, then GET /api/staff/me; refused (code `forbidden`) when the account is
   *  not staff of any tenant, and then nothing is kept. [studio_sign_in {email, password}] */
  signIn(email: string, password: string): Promise<StaffMe>;
  /** Deletes the keychain entry. [studio_sign_out] */
  signOut(): Promise<void>;
  /** GET /api/tenant/{tenantId}/branding [studio_branding {tenantId}] */
  getBranding(tenantId: string): Promise<PublishedBranding>;
  /** GET /api/tenant/{tenantId}/branding/versions, newest first. [studio_branding_versions {tenantId}] */
  listVersions(tenantId: string): Promise<BrandingVersion[]>;
  /** PUT /api/tenant/{tenantId}/branding {baseVersion, branding}; code `conflict` when someone
   *  published after baseVersion. [studio_publish {tenantId, baseVersion, branding}] */
  publish(tenantId: string, baseVersion: number, branding: Branding): Promise<PublishedBranding>;
  /** POST /api/tenant/{tenantId}/branding/revert {version, baseVersion}. [studio_revert {tenantId, version, baseVersion}] */
  revert(tenantId: string, version: number, baseVersion: number): Promise<PublishedBranding>;
  /** Opens a native file picker (PNG, JPEG, WebP) and uploads the file to
   *  POST /api/tenant/{tenantId}/branding/logo; null when the picker was cancelled.
   *  [studio_choose_logo {tenantId}] */
  chooseLogo(tenantId: string): Promise<UploadedLogo | null>;
  /** The logo at `url` as a `data:` URL, for the preview (the studio loads no remote content).
   *  [studio_logo_data {url}] */
  logoData(url: string): Promise<string>;
  /** The same sanitiser the server applies on publish (crate `brand-css`). [studio_sanitize_css {css}] */
  sanitizeCss(css: string): Promise<SanitizedCss>;
  /** Opens a native folder picker and writes a brand kit (brand.json + logo) for a branded build
   *  there; returns the folder written, or null when cancelled. [studio_export_kit {tenantId, branding}] */
  exportKit(tenantId: string, branding: Branding): Promise<string | null>;
}
