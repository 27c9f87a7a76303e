// The contrast panel's rows: every rule `brandTheme` applies (lib/branding.ts, the one place
// contrast is worked out), in light and dark, in words staff understand.
import { brandTheme, type ColorScheme, type ContrastCheck } from '$lib/branding';
import type { BrandColors } from '$lib/generated/api/BrandColors';

/** Where the portal draws each checked colour, by `variable/role`. */
export const CHECK_PLACES: Record<string, string> = {
  '--text/text': 'Body text on the page and on notices',
  '--text-muted/text': 'Secondary text: dates, hints, captions',
  '--border-strong/edge': 'Borders of fields and buttons',
  '--brand-primary/edge': 'Primary buttons and the current place, against the page',
  '--brand-primary/fill': 'Labels on primary buttons',
  '--brand-secondary/edge': "Staff replies' bubbles, against the page",
  '--brand-secondary/fill': "Text in staff replies' bubbles",
  '--brand-primary-text/text': 'Links and primary-coloured text',
  '--brand-accent-text/text': 'Accent text',
  '--focus-ring/edge': 'The keyboard focus ring',
};

/** The backgrounds a colour is checked against, by the variable the portal sets them as. */
const BACKGROUNDS: [variable: string, name: string][] = [
  ['--surface', 'cards'],
  ['--canvas', 'the page'],
  ['--sunken', 'sunken panels'],
  ['--warning-soft', 'outage notices'],
  ['--danger-soft', 'error notices'],
  ['--brand-primary-soft', 'primary tints'],
];

export type ContrastRow = ContrastCheck & {
  scheme: ColorScheme;
  place: string;
  /** The background `against` is, in words; null for a fill, which is checked against its label. */
  againstName: string | null;
  /** What "Use suggested colour" would set: the brand colour this rule is made from. */
  suggestion: { key: keyof BrandColors; color: string } | null;
};

export function contrastRows(colors: BrandColors): ContrastRow[] {
  return (['light', 'dark'] as const).flatMap((scheme) => {
    const theme = brandTheme(colors, scheme);
    return theme.checks.map((check) => {
      const place = CHECK_PLACES[`${check.variable}/${check.role}`];
      if (!place) throw new Error(`No words for the contrast rule ${check.variable}/${check.role}`);
      const againstName =
        check.role === 'fill'
          ? null
          : (BACKGROUNDS.find(([variable]) => theme.variables[variable] === check.against)?.[1] ?? 'a mixed background');
      const suggestion = !check.passes && check.source ? { key: check.source, color: check.used } : null;
      return { ...check, scheme, place, againstName, suggestion };
    });
  });
}
