// Every field of a tenant's branding, once: its path (as the server names it in field errors),
// its words and how to show it. The diff, the stored-draft check and the editor's errors read
// this list, so a field added to `Branding` is added here (a test holds the two together).
import type { Branding } from '$lib/generated/api/Branding';

export type FieldKind = 'image' | 'color' | 'text' | 'long' | 'code';

export type BrandingField = {
  group: keyof Branding;
  key: string;
  /** `group.key`, as the server names the field in its errors. */
  path: string;
  label: string;
  kind: FieldKind;
  /** The value may be null (no logo, no custom domain). */
  nullable: boolean;
};

function field<G extends keyof Branding>(
  group: G,
  key: keyof Branding[G] & string,
  label: string,
  kind: FieldKind,
  nullable = false,
): BrandingField {
  return { group, key, path: `${group}.${key}`, label, kind, nullable };
}

export const BRANDING_FIELDS: readonly BrandingField[] = [
  field('logo', 'url', 'Logo', 'image', true),
  field('logo', 'altText', 'Logo alt text', 'text'),
  field('logo', 'favicon', 'Favicon', 'image', true),
  field('colors', 'primary', 'Primary colour', 'color'),
  field('colors', 'secondary', 'Secondary colour', 'color'),
  field('colors', 'accent', 'Accent colour', 'color'),
  field('colors', 'background', 'Background colour', 'color'),
  field('colors', 'text', 'Text colour', 'color'),
  field('company', 'name', 'Company name', 'text'),
  field('company', 'displayName', 'Display name', 'text'),
  field('company', 'supportEmail', 'Support e-mail', 'text'),
  field('company', 'supportPhone', 'Support phone', 'text'),
  field('company', 'supportHours', 'Support hours', 'text'),
  field('company', 'website', 'Website', 'text'),
  field('portal', 'welcomeMessage', 'Welcome message', 'long'),
  field('portal', 'footerText', 'Footer text', 'text'),
  field('portal', 'customCss', 'Custom CSS', 'code'),
  field('portal', 'customDomain', 'Custom domain', 'text', true),
];

export function fieldValue(branding: Branding, f: BrandingField): string | null {
  return (branding[f.group] as Record<string, string | null>)[f.key] ?? null;
}

/** A stored value is a whole `Branding` of this version of the studio (nothing missing or odd). */
export function isBranding(value: unknown): value is Branding {
  if (typeof value !== 'object' || value === null) return false;
  const groups = value as Record<string, unknown>;
  return BRANDING_FIELDS.every((f) => {
    const group = groups[f.group];
    if (typeof group !== 'object' || group === null) return false;
    const v = (group as Record<string, unknown>)[f.key];
    return typeof v === 'string' || (f.nullable && v === null);
  });
}

export type FieldChange = { field: BrandingField; before: string | null; after: string | null };

/** The fields whose value differs between two brandings, in the order of `BRANDING_FIELDS`. */
export function diffBranding(before: Branding, after: Branding): FieldChange[] {
  return BRANDING_FIELDS.flatMap((f) => {
    const [a, b] = [fieldValue(before, f), fieldValue(after, f)];
    return a === b ? [] : [{ field: f, before: a, after: b }];
  });
}
