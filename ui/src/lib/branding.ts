// The tenant's branding turned into the CSS variables every screen reads. Colours that would
// break WCAG AA against the surfaces they sit on are corrected here (the rule is kept, the
// colour is moved), and each correction is reported so the staff preview can show it.
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

export type ColorAdjustment = {
  /** The variable that was corrected, e.g. `--brand-primary-text`. */
  variable: string;
  /** The brand's colour and the colour used instead. */
  from: string;
  to: string;
  /** What it has to be readable against, and the ratio it now has. */
  against: string;
  ratio: number;
};

export type BrandTheme = {
  variables: Record<string, string>;
  adjustments: ColorAdjustment[];
};

export function brandTheme(colors: BrandColors, scheme: ColorScheme): BrandTheme {
  const adjustments: ColorAdjustment[] = [];
  const pick = (key: keyof BrandColors): Rgb =>
    parseHex(colors[key]) ?? parseHex(DEFAULT_COLORS[key])!;

  /** `color` made readable against every one of `backgrounds`, recording any change. */
  const readable = (variable: string, color: Rgb, backgrounds: Rgb[], ratio: number): Rgb => {
    let result = color;
    // Each pass can only move further from the backgrounds, so two passes settle it.
    for (let pass = 0; pass < 2; pass++) {
      for (const bg of backgrounds) result = ensureContrast(result, bg, ratio);
    }
    if (toHex(result) !== toHex(color)) {
      const worst = backgrounds.reduce((a, b) => (contrast(result, a) <= contrast(result, b) ? a : b));
      adjustments.push({
        variable,
        from: toHex(color),
        to: toHex(result),
        against: toHex(worst),
        ratio: Math.round(contrast(result, worst) * 100) / 100,
      });
    }
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
    scheme === 'light' ? readable('--text', pick('text'), [surface, tints.warning, tints.danger], TEXT_RATIO) : DARK.text;
  const canvas = scheme === 'light' ? mix(surface, text, 0.035) : DARK.canvas;
  const sunken = mix(surface, text, 0.06);
  const backgrounds = [surface, canvas, sunken, tints.warning, tints.danger];

  const primary = pick('primary');
  const primarySoft = mix(surface, primary, scheme === 'light' ? 0.1 : 0.18);
  let primaryFill = readable('--brand-primary', primary, [surface, canvas], UI_RATIO);
  const onPrimary = readableOn(primaryFill);
  primaryFill = readable('--brand-primary', primaryFill, [onPrimary], TEXT_RATIO);

  const secondary = readable('--brand-secondary', pick('secondary'), [surface], UI_RATIO);
  const onSecondary = readableOn(secondary);
  const secondaryFill = readable('--brand-secondary', secondary, [onSecondary], TEXT_RATIO);

  const variables: Record<string, string> = {
    '--surface': toHex(surface),
    '--canvas': toHex(canvas),
    '--sunken': toHex(sunken),
    '--text': toHex(text),
    '--text-muted': toHex(readable('--text-muted', mix(text, surface, 0.35), backgrounds, TEXT_RATIO)),
    '--border': toHex(mix(surface, text, 0.13)),
    '--border-strong': toHex(readable('--border-strong', mix(surface, text, 0.4), backgrounds, UI_RATIO)),
    '--brand-primary': toHex(primaryFill),
    '--brand-on-primary': toHex(onPrimary),
    '--brand-primary-text': toHex(
      readable('--brand-primary-text', primary, [...backgrounds, primarySoft], TEXT_RATIO),
    ),
    '--brand-primary-soft': toHex(primarySoft),
    '--brand-secondary': toHex(secondaryFill),
    '--brand-on-secondary': toHex(onSecondary),
    '--brand-accent-text': toHex(
      readable('--brand-accent-text', pick('accent'), backgrounds, TEXT_RATIO),
    ),
    '--focus-ring': toHex(readable('--focus-ring', primary, backgrounds, UI_RATIO)),
    '--warning-soft': toHex(tints.warning),
    '--danger-soft': toHex(tints.danger),
  };
  return { variables, adjustments };
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
