// A studio backend that keeps everything in memory, for `npm run dev:studio` and the tests. One
// staff account (owner at one provider, technician at another) with a short branding history.
// The real core is `wisp-studio`: in particular the CSS sanitiser is Rust (crate `brand-css`),
// and this sample's `sanitizeCss` checks nothing: it says so by removing nothing.
import { SAMPLE_BRANDING } from '$lib/backend/sample/data';
import type { AppError } from '$lib/generated/app/AppError';
import type { Branding } from '$lib/generated/api/Branding';
import type { BrandingVersion } from '$lib/generated/api/BrandingVersion';
import type { PublishedBranding } from '$lib/generated/api/PublishedBranding';
import type { StaffMe } from '$lib/generated/api/StaffMe';
import { canPublish } from '../roles';
import type { StudioBackend } from './backend';

export const SAMPLE_STAFF_EMAIL = 'jordan@ridgeline.example';
export const SAMPLE_STAFF_PASSWORD = 'demo-password-1';

/** How every call to the server answers: normally, never (skeletons), failing, or offline. */
export type SampleStudioState = 'normal' | 'loading' | 'error' | 'offline';

const SAMPLE_STUDIO_STATES: readonly SampleStudioState[] = ['normal', 'loading', 'error', 'offline'];

export function parseSampleStudioState(value: string | null): SampleStudioState {
  return SAMPLE_STUDIO_STATES.find((s) => s === value) ?? 'normal';
}

export type SampleStudioOptions = {
  signedIn?: boolean;
  state?: SampleStudioState;
  /** Delay of every answer, so loading states can be seen; 0 in tests. */
  latencyMs?: number;
  now?: Date;
};

export type SampleStudioBackend = StudioBackend & {
  /** Someone else publishes (to try what a conflict looks like). */
  publishAsSomeoneElse(tenantId: string, branding: Branding): PublishedBranding;
};

const ME: StaffMe = {
  uid: 'uid_sample_jordan',
  email: SAMPLE_STAFF_EMAIL,
  memberships: [
    { tenantId: 'ridgeline', tenantName: 'Ridgeline Wireless', staffId: 'st_jordan', role: 'owner' },
    { tenantId: 'prairie', tenantName: 'Prairie Sky Net', staffId: 'st_jordan_prairie', role: 'technician' },
  ],
};

/** A logo mark drawn as SVG: what `logoData` answers for the sample's logo URLs. */
function logoSvg(fill: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">` +
    `<rect width="40" height="40" rx="9" fill="${fill}"/>` +
    `<path d="M7 29 L16 14 L22 23 L27 17 L34 29 Z" fill="#fff"/>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

const LOGO_URL = (tenantId: string, n: number) => `https://api.sample.example/tenant/${tenantId}/branding/logo/${n}.png`;

function appError(code: AppError['code'], message: string): AppError {
  return { code, message, fields: [] };
}

export function createSampleStudioBackend(options: SampleStudioOptions = {}): SampleStudioBackend {
  const state = options.state ?? 'normal';
  const latency = options.latencyMs ?? 300;
  const now = options.now ?? new Date();
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  let signedIn = options.signedIn ?? false;
  const logos = new Map<string, string>([
    [LOGO_URL('ridgeline', 1), logoSvg('#0b6e4f')],
    [LOGO_URL('ridgeline', 2), logoSvg('#1d4ed8')],
  ]);
  let uploads = 2;

  const ridgelineFirst: Branding = {
    ...SAMPLE_BRANDING,
    colors: { ...SAMPLE_BRANDING.colors, primary: '#1d4ed8', accent: '#0f766e' },
    logo: { ...SAMPLE_BRANDING.logo, url: LOGO_URL('ridgeline', 2) },
    portal: { ...SAMPLE_BRANDING.portal, welcomeMessage: 'Welcome to Ridgeline Wireless support.', footerText: '' },
  };
  const ridgelineLive: Branding = {
    ...SAMPLE_BRANDING,
    logo: { ...SAMPLE_BRANDING.logo, url: LOGO_URL('ridgeline', 1) },
  };
  const prairie: Branding = {
    logo: { url: null, altText: 'Prairie Sky Net', favicon: null },
    colors: { primary: '#7c3aed', secondary: '#334155', accent: '#b45309', background: '#fffdf8', text: '#1c1917' },
    company: {
      name: 'Prairie Sky Net',
      displayName: 'Prairie Sky',
      supportEmail: 'support@prairie.example',
      supportPhone: '+1 555 010 0200',
      supportHours: 'Every day 7:00–21:00',
      website: 'https://prairie.example',
    },
    portal: { welcomeMessage: 'Internet under big skies.', footerText: 'Prairie Sky Net', customCss: '', customDomain: null },
  };
  const history = new Map<string, BrandingVersion[]>([
    [
      'ridgeline',
      [
        { version: 3, branding: ridgelineLive, publishedBy: 'st_jordan', publishedAt: ago(2) },
        {
          version: 2,
          branding: { ...ridgelineFirst, portal: { ...ridgelineFirst.portal, footerText: 'Ridgeline Wireless' } },
          publishedBy: 'st_casey',
          publishedAt: ago(21),
        },
        { version: 1, branding: ridgelineFirst, publishedBy: null, publishedAt: ago(90) },
      ],
    ],
    ['prairie', [{ version: 1, branding: prairie, publishedBy: null, publishedAt: ago(30) }]],
  ]);

  const answer = <T>(value: () => T, { network = true } = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      if (network && state === 'loading') return; // Stays pending: the screens show their skeletons.
      setTimeout(() => {
        try {
          if (network && state === 'offline') {
            throw appError('offline', "We couldn't reach the server. Check this computer's connection and try again.");
          }
          if (network && state === 'error') {
            throw appError('server_unavailable', 'The server is not answering right now. Please try again in a few minutes.');
          }
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }, latency);
    });

  const versionsOf = (tenantId: string): BrandingVersion[] => {
    if (!signedIn) throw appError('signed_out', 'Please sign in again.');
    const found = history.get(tenantId);
    if (!found || !ME.memberships.some((m) => m.tenantId === tenantId)) {
      throw appError('forbidden', 'You are not on the staff of this provider.');
    }
    return found;
  };
  const live = (tenantId: string): PublishedBranding => {
    const latest = versionsOf(tenantId)[0]!;
    return { tenantId, version: latest.version, branding: structuredClone(latest.branding) };
  };
  const mayPublish = (tenantId: string) => {
    const membership = ME.memberships.find((m) => m.tenantId === tenantId);
    if (!membership || !canPublish(membership.role)) {
      throw appError('forbidden', 'Only an owner or admin of this provider can change its branding.');
    }
  };
  const store = (tenantId: string, baseVersion: number, branding: Branding, by: string | null): PublishedBranding => {
    const versions = versionsOf(tenantId);
    if (versions[0]!.version !== baseVersion) {
      throw appError('conflict', 'Someone published branding after you started editing. Reload, compare, and publish again.');
    }
    versions.unshift({ version: baseVersion + 1, branding: structuredClone(branding), publishedBy: by, publishedAt: new Date().toISOString() });
    return live(tenantId);
  };
  const staffId = (tenantId: string) => ME.memberships.find((m) => m.tenantId === tenantId)!.staffId;

  return {
    session: () => answer(() => (signedIn ? structuredClone(ME) : null), { network: false }),
    signIn: (email, password) =>
      answer(() => {
        if (password !== SAMPLE_STAFF_PASSWORD) {
          throw appError('invalid_credentials', 'That e-mail address and password do not match. Please try again.');
        }
        if (email.trim().toLowerCase() !== SAMPLE_STAFF_EMAIL) {
          throw appError(
            'forbidden',
            "This account is not on the staff of any provider. Ask your provider's owner to add you, then sign in again.",
          );
        }
        signedIn = true;
        return structuredClone(ME);
      }),
    signOut: () =>
      answer(
        () => {
          signedIn = false;
        },
        { network: false },
      ),
    getBranding: (tenantId) => answer(() => live(tenantId)),
    listVersions: (tenantId) => answer(() => structuredClone(versionsOf(tenantId))),
    publish: (tenantId, baseVersion, branding) =>
      answer(() => {
        mayPublish(tenantId);
        return store(tenantId, baseVersion, branding, staffId(tenantId));
      }),
    revert: (tenantId, version, baseVersion) =>
      answer(() => {
        mayPublish(tenantId);
        const old = versionsOf(tenantId).find((v) => v.version === version);
        if (!old) throw appError('not_found', 'That branding version does not exist.');
        return store(tenantId, baseVersion, old.branding, staffId(tenantId));
      }),
    chooseLogo: (tenantId) =>
      answer(() => {
        mayPublish(tenantId);
        // No file picker in a browser: every "upload" is the next sample logo.
        uploads++;
        const url = LOGO_URL(tenantId, uploads);
        logos.set(url, logoSvg(uploads % 2 ? '#b45309' : '#7c3aed'));
        return { url, width: 40, height: 40, bytes: 1480 };
      }),
    logoData: (url) =>
      answer(() => {
        const data = logos.get(url);
        if (!data) throw appError('not_found', 'That logo could not be found.');
        return data;
      }),
    sanitizeCss: (css) => answer(() => ({ css, removed: [] }), { network: false }),
    exportKit: (tenantId) => answer(() => `~/Brand kits/${tenantId}`, { network: false }),

    publishAsSomeoneElse: (tenantId, branding) => store(tenantId, versionsOf(tenantId)[0]!.version, branding, 'st_casey'),
  };
}
