import { describe, expect, it } from 'vitest';
import { brandTheme, DEFAULT_COLORS, safeLogoSource, initials } from './branding';
import { contrast, parseHex } from './color';

const ratio = (a: string, b: string) => contrast(parseHex(a)!, parseHex(b)!);

/** Every text/background pair the portal draws, with the ratio it must reach. */
function pairs(v: Record<string, string>): [string, string, number][] {
  const get = (name: string) => v[name]!;
  return [
    [get('--text'), get('--surface'), 4.5],
    [get('--text'), get('--canvas'), 4.5],
    [get('--text-muted'), get('--surface'), 4.5],
    [get('--text-muted'), get('--canvas'), 4.5],
    [get('--text-muted'), get('--sunken'), 4.5],
    [get('--brand-on-primary'), get('--brand-primary'), 4.5],
    [get('--brand-on-secondary'), get('--brand-secondary'), 4.5],
    [get('--brand-primary-text'), get('--surface'), 4.5],
    [get('--brand-primary-text'), get('--brand-primary-soft'), 4.5],
    [get('--brand-accent-text'), get('--surface'), 4.5],
    [get('--text-muted'), get('--warning-soft'), 4.5],
    [get('--brand-primary-text'), get('--warning-soft'), 4.5],
    [get('--text'), get('--danger-soft'), 4.5],
    [get('--focus-ring'), get('--surface'), 3],
    [get('--focus-ring'), get('--canvas'), 3],
    [get('--border-strong'), get('--surface'), 3],
  ];
}

describe('branding to CSS variables', () => {
  it('carries a readable brand colour over unchanged', () => {
    const { variables, checks } = brandTheme(DEFAULT_COLORS, 'light');
    expect(variables['--brand-primary']).toBe('#1d4ed8');
    expect(variables['--brand-on-primary']).toBe('#ffffff');
    expect(checks.filter((c) => c.variable.startsWith('--brand-primary') && !c.passes)).toEqual([]);
  });

  it('corrects colours that fail WCAG AA, keeps the rule, and reports each correction', () => {
    const loud = { primary: '#ffee00', secondary: '#aaff00', accent: '#00ffff', background: '#ffffff', text: '#cccccc' };
    for (const scheme of ['light', 'dark'] as const) {
      const { variables, checks } = brandTheme(loud, scheme);
      for (const [fg, bg, min] of pairs(variables)) {
        expect(ratio(fg, bg), `${fg} on ${bg} (${scheme})`).toBeGreaterThanOrEqual(min);
      }
      expect(checks.filter((c) => !c.passes).length).toBeGreaterThan(0);
    }
    const { variables, checks } = brandTheme(loud, 'light');
    const text = checks.find((c) => c.variable === '--text')!;
    expect(text).toMatchObject({ source: 'text', color: '#cccccc', passes: false, required: 4.5 });
    expect(text.ratio).toBeLessThan(4.5);
    expect(text.used).toBe(variables['--text']);
    expect(text.usedRatio).toBeGreaterThanOrEqual(4.5);
  });

  it('reports every rule it applies, kept or moved, with the colour the portal uses', () => {
    const colors = { ...DEFAULT_COLORS, accent: '#f5c400' };
    for (const scheme of ['light', 'dark'] as const) {
      const { variables, checks } = brandTheme(colors, scheme);
      // Rules are told apart by the variable and how it is drawn.
      const keys = checks.map((c) => `${c.variable}/${c.role}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const c of checks) {
        expect(c.passes, `${c.variable} ${scheme}`).toBe(c.ratio >= c.required);
        if (c.passes) expect(c.used).toBe(c.color);
        expect(c.usedRatio).toBeGreaterThanOrEqual(c.required);
        // What the check settles is what the portal sets (a fill's second rule settles it).
        const last = checks.filter((o) => o.variable === c.variable).at(-1)!;
        expect(variables[c.variable]).toBe(last.used);
      }
    }
    const accent = brandTheme(colors, 'light').checks.find((c) => c.variable === '--brand-accent-text')!;
    expect(accent).toMatchObject({ source: 'accent', color: '#f5c400', passes: false });
  });

  it('keeps every pair readable for the default and a dark-background brand', () => {
    const dark = { primary: '#22c55e', secondary: '#94a3b8', accent: '#f59e0b', background: '#0b1020', text: '#e2e8f0' };
    for (const colors of [DEFAULT_COLORS, dark]) {
      for (const scheme of ['light', 'dark'] as const) {
        for (const [fg, bg, min] of pairs(brandTheme(colors, scheme).variables)) {
          expect(ratio(fg, bg)).toBeGreaterThanOrEqual(min);
        }
      }
    }
  });

  it('uses its own dark surfaces in dark mode, not the brand background', () => {
    const { variables } = brandTheme(DEFAULT_COLORS, 'dark');
    expect(variables['--surface']).toBe('#161b22');
    // The brand blue is lightened to stay readable as text on the dark surface.
    expect(ratio(variables['--brand-primary-text']!, '#161b22')).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to the default for a colour that is not #rrggbb', () => {
    const { variables } = brandTheme({ ...DEFAULT_COLORS, primary: 'red; background:url(x)' }, 'light');
    expect(variables['--brand-primary']).toBe('#1d4ed8');
  });
});

describe('logo source', () => {
  it('shows embedded images and files of the app', () => {
    expect(safeLogoSource('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safeLogoSource('brand/logo.svg')).toBe('brand/logo.svg');
  });

  it('refuses anything remote or odd, so the initials are shown instead', () => {
    expect(safeLogoSource('https://evil.example/logo.png')).toBeNull();
    expect(safeLogoSource('//evil.example/logo.png')).toBeNull();
    expect(safeLogoSource('javascript:alert(1)')).toBeNull();
    expect(safeLogoSource('../../etc/logo.png')).toBeNull();
    expect(safeLogoSource(null)).toBeNull();
  });

  it('makes initials from the company name', () => {
    expect(initials('Ridgeline Wireless')).toBe('RW');
    expect(initials('  prairie  ')).toBe('P');
    expect(initials('')).toBe('?');
  });
});
