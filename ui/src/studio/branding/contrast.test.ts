import { describe, expect, it } from 'vitest';
import { brandTheme, DEFAULT_COLORS } from '$lib/branding';
import { contrastRows } from './contrast';

describe('contrast panel rows', () => {
  it("are brandTheme's own checks, in light and dark, each with words for where it is drawn", () => {
    const rows = contrastRows(DEFAULT_COLORS);
    for (const scheme of ['light', 'dark'] as const) {
      const checks = brandTheme(DEFAULT_COLORS, scheme).checks;
      const ofScheme = rows.filter((r) => r.scheme === scheme);
      expect(ofScheme.map(({ variable, role, ratio, used }) => ({ variable, role, ratio, used }))).toEqual(
        checks.map(({ variable, role, ratio, used }) => ({ variable, role, ratio, used })),
      );
      for (const row of ofScheme) expect(row.place).not.toBe('');
    }
  });

  it('suggest the colour the portal uses for a failing brand colour, and that colour passes', () => {
    const colors = { ...DEFAULT_COLORS, accent: '#fbbf24' };
    const accent = contrastRows(colors).find((r) => r.scheme === 'light' && r.variable === '--brand-accent-text')!;
    expect(accent.passes).toBe(false);
    expect(accent.againstName).not.toBeNull();
    expect(accent.suggestion).toEqual({ key: 'accent', color: accent.used });

    const fixed = contrastRows({ ...colors, accent: accent.suggestion!.color });
    expect(fixed.find((r) => r.scheme === 'light' && r.variable === '--brand-accent-text')!.passes).toBe(true);
  });

  it('offer no suggestion for a shade the portal mixes itself, nor for a passing colour', () => {
    const rows = contrastRows({ ...DEFAULT_COLORS, text: '#6b7280' });
    const muted = rows.find((r) => r.scheme === 'light' && r.variable === '--text-muted')!;
    expect(muted.source).toBeNull();
    expect(muted.suggestion).toBeNull();
    for (const row of rows.filter((r) => r.passes)) expect(row.suggestion).toBeNull();
  });
});
