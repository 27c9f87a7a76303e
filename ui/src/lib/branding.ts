// The tenant's branding turned into the CSS variables every screen reads. Colours that would
// break WCAG AA against the surfaces they sit on are corrected here (the rule is kept, the
// colour is moved), and every check is reported, kept or moved, so the staff studio can list them.
import type { BrandColors } from './types';
import {
  contrast,
  ensureContrast,
  mix,
  parseHex,
  readableOn,
  toHex,
  type Rgb,
} from './color';

export type ColorScheme = 'light' | 'dark';

/** The colours used when a branding value is not a valid `#rrggbb` (the server validates them). */
export const DEFAULT_COLORS: BrandColors = {
  primary: '#1d4ed8',
  secondary: '#475569',
  accent: '#0f766e',
  background: '#ffffff',
  text: '#0f172a',
};

const DARK = {
  canvas: parseHex('#0d1117')!,
  surface: parseHex('#161b22')!,
  text: parseHex('#e6edf3')!,
};

/**
 * Notices (an outage, a refusal) are tinted amber or red over the surface. Text, muted text and
 * links sit on them too, so they are part of the contrast check; the CSS reads them from here.
 */
const AMBER = parseHex('#f0a020')!;
const RED = parseHex('#d03020')!;

/** AA for normal text, and 3:1 for the edges of controls and the focus ring. */
const TEXT_RATIO = 4.5;
const UI_RATIO = 3;

/**
 * One contrast rule the theme applies: a colour against the backgrounds (or the label) it has
 * to be readable with. Every rule is reported, kept or not, so the staff studio can list them;
 * when one fails, the colour is moved until it passes and the moved colour is used.
 */
export type ContrastCheck = {
  /** The variable the colour is set as, e.g. `--brand-primary-text`. */
  variable: string;
  /** How it is drawn: as text, as an edge (control border, focus ring: 3:1), or as a fill with a label on it. */
  role: 'text' | 'edge' | 'fill';
  /** The brand colour it is made from; null when it is mixed from several. */
  source: keyof BrandColors | null;
  /** The colour as it came in, the background (or label) it does worst against, and the ratio there. */
  color: string;
  against: string;
  ratio: number;
  /** WCAG AA: 4.5 for text, 3 for edges. */
  required: number;
  passes: boolean;
  /** The colour the portal uses: `color` when it passes, else the nearest one that does. */
  used: string;
  usedRatio: number;
};

export type BrandTheme = {
  variables: Record<string, string>;
  checks: ContrastCheck[];
};

export function brandTheme(colors: BrandColors, scheme: ColorScheme): BrandTheme {
  const checks: ContrastCheck[] = [];
  const pick = (key: keyof BrandColors): Rgb =>
    parseHex(colors[key]) ?? parseHex(DEFAULT_COLORS[key])!;
  const rounded = (ratio: number) => Math.round(ratio * 100) / 100;
  const worst = (color: Rgb, backgrounds: Rgb[]) =>
    backgrounds.reduce((a, b) => (contrast(color, a) <= contrast(color, b) ? a : b));

  /** `color` made readable against every one of `backgrounds`, recording the check. */
  const readable = (
    check: Pick<ContrastCheck, 'variable' | 'role' | 'source'>,
    color: Rgb,
    backgrounds: Rgb[],
    ratio: number,
  ): Rgb => {
    let result = color;
    // Each pass can only move further from the backgrounds, so two passes settle it.
    for (let pass = 0; pass < 2; pass++) {
      for (const bg of backgrounds) result = ensureContrast(result, bg, ratio);
    }
    const against = worst(color, backgrounds);
    checks.push({
      ...check,
      color: toHex(color),
      against: toHex(against),
      ratio: rounded(contrast(color, against)),
      required: ratio,
      passes: toHex(result) === toHex(color),
      used: toHex(result),
      usedRatio: rounded(contrast(result, worst(result, backgrounds))),
    });
    return result;
  };

  // The brand's background and text colours describe a light page; dark mode keeps its own
  // neutrals and only carries the brand's accents over.
  const surface = scheme === 'light' ? pick('background') : DARK.surface;
  const tints = {
    warning: mix(surface, AMBER, scheme === 'light' ? 0.12 : 0.16),
    danger: mix(surface, RED, scheme === 'light' ? 0.1 : 0.16),
  };
  const text =
    scheme === 'light'
      ? readable({ variable: '--text', role: 'text', source: 'text' }, pick('text'), [surface, tints.warning, tints.danger], TEXT_RATIO)
      : DARK.text;
  const canvas = scheme === 'light' ? mix(surface, text, 0.035) : DARK.canvas;
  const sunken = mix(surface, text, 0.06);
  const backgrounds = [surface, canvas, sunken, tints.warning, tints.danger];

  const primary = pick('primary');
  const primarySoft = mix(surface, primary, scheme === 'light' ? 0.1 : 0.18);
  const primaryAsFill = { variable: '--brand-primary', source: 'primary' } as const;
  let primaryFill = readable({ ...primaryAsFill, role: 'edge' }, primary, [surface, canvas], UI_RATIO);
  const onPrimary = readableOn(primaryFill);
  primaryFill = readable({ ...primaryAsFill, role: 'fill' }, primaryFill, [onPrimary], TEXT_RATIO);

  const secondaryAsFill = { variable: '--brand-secondary', source: 'secondary' } as const;
  const secondary = readable({ ...secondaryAsFill, role: 'edge' }, pick('secondary'), [surface], UI_RATIO);
  const onSecondary = readableOn(secondary);
  const secondaryFill = readable({ ...secondaryAsFill, role: 'fill' }, secondary, [onSecondary], TEXT_RATIO);

  const variables: Record<string, string> = {
    '--surface': toHex(surface),
    '--canvas': toHex(canvas),
    '--sunken': toHex(sunken),
    '--text': toHex(text),
    '--text-muted': toHex(
      readable({ variable: '--text-muted', role: 'text', source: null }, mix(text, surface, 0.35), backgrounds, TEXT_RATIO),
    ),
    '--border': toHex(mix(surface, text, 0.13)),
    '--border-strong': toHex(
      readable({ variable: '--border-strong', role: 'edge', source: null }, mix(surface, text, 0.4), backgrounds, UI_RATIO),
    ),
    '--brand-primary': toHex(primaryFill),
    '--brand-on-primary': toHex(onPrimary),
    '--brand-primary-text': toHex(
      readable(
        { variable: '--brand-primary-text', role: 'text', source: 'primary' },
        primary,
        [...backgrounds, primarySoft],
        TEXT_RATIO,
      ),
    ),
    '--brand-primary-soft': toHex(primarySoft),
    '--brand-secondary': toHex(secondaryFill),
    '--brand-on-secondary': toHex(onSecondary),
    '--brand-accent-text': toHex(
      readable({ variable: '--brand-accent-text', role: 'text', source: 'accent' }, pick('accent'), backgrounds, TEXT_RATIO),
    ),
    '--focus-ring': toHex(
      readable({ variable: '--focus-ring', role: 'edge', source: 'primary' }, primary, backgrounds, UI_RATIO),
    ),
    '--warning-soft': toHex(tints.warning),
    '--danger-soft': toHex(tints.danger),
  };
  return { variables, checks };
}

/**
 * Sets the variables on `element` through the CSSOM (`style.setProperty`), which the app's CSP
 * allows without inline style attributes.
 */
export function applyVariables(element: HTMLElement, variables: Record<string, string>): void {
  for (const [name, value] of Object.entries(variables)) element.style.setProperty(name, value);
}

/**
 * A logo the window may show: an image embedded as a `data:` URL or a file of the app itself.
 * Anything remote is refused here as it is by the CSP, and the company's initials are shown.
 */
export function safeLogoSource(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (/^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(trimmed)) return trimmed;
  // An SVG shown through <img> cannot run script, so it may be URL-encoded as well.
  if (/^data:image\/svg\+xml[;,]/i.test(trimmed)) return trimmed;
  if (/^\.?\/?[a-z0-9][a-z0-9_\-/]*\.(png|jpe?g|svg|webp)$/i.test(trimmed) && !trimmed.includes('..')) {
    return trimmed;
  }
  return null;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => w[0]!.toUpperCase());
  return letters.join('') || '?';
}
