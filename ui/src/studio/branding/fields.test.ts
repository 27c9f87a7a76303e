import { describe, expect, it } from 'vitest';
import { SAMPLE_BRANDING } from '$lib/backend/sample/data';
import type { Branding } from '$lib/generated/api/Branding';
import { BRANDING_FIELDS, diffBranding, isBranding } from './fields';

const copy = (): Branding => structuredClone(SAMPLE_BRANDING);

describe('branding fields', () => {
  it('name every field of a branding, so the diff and the draft check miss none', () => {
    const leaves = Object.entries(SAMPLE_BRANDING).flatMap(([group, values]) =>
      Object.keys(values as object).map((key) => `${group}.${key}`),
    );
    expect(BRANDING_FIELDS.map((f) => f.path).sort()).toEqual(leaves.sort());
  });

  it('diff lists only the fields that changed, with both values', () => {
    const after = copy();
    after.colors.primary = '#7c3aed';
    after.portal.customCss = '.card { border-radius: 16px }';
    after.logo.url = null;
    const live = { ...copy(), logo: { ...SAMPLE_BRANDING.logo, url: 'https://api.example/logo/1.png' } };
    expect(diffBranding(live, after).map((c) => [c.field.path, c.field.kind, c.before, c.after])).toEqual([
      ['logo.url', 'image', 'https://api.example/logo/1.png', null],
      ['colors.primary', 'color', SAMPLE_BRANDING.colors.primary, '#7c3aed'],
      ['portal.customCss', 'code', '', '.card { border-radius: 16px }'],
    ]);
    expect(diffBranding(SAMPLE_BRANDING, copy())).toEqual([]);
  });

  it('accepts a whole branding and refuses one with a field missing or of the wrong kind', () => {
    expect(isBranding(copy())).toBe(true);
    const missing = copy() as unknown as { company: Record<string, unknown> };
    delete missing.company.supportHours;
    expect(isBranding(missing)).toBe(false);
    expect(isBranding({ ...copy(), colors: { ...SAMPLE_BRANDING.colors, primary: 7 } })).toBe(false);
    expect(isBranding({ ...copy(), company: { ...SAMPLE_BRANDING.company, name: null } })).toBe(false);
    expect(isBranding({ ...copy(), portal: { ...SAMPLE_BRANDING.portal, customDomain: null } })).toBe(true);
    expect(isBranding(null)).toBe(false);
  });
});
