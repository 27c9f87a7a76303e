// What the server will refuse in a draft, told beside the field before anyone presses Publish.
// The server stays the judge (its field errors are shown the same way); these are its rules.
import { contrast, parseHex } from '$lib/color';
import type { Branding } from '$lib/generated/api/Branding';
import type { FieldErrors } from '$lib/validation';
import { BRANDING_FIELDS } from './fields';

/** WCAG AA for normal text: the server's rule for the text colour on the background. */
const TEXT_ON_BACKGROUND = 4.5;
const NAME_MAX = 120;

export function brandingErrors(draft: Branding): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of BRANDING_FIELDS) {
    if (f.kind !== 'color') continue;
    const value = (draft.colors as Record<string, string>)[f.key]!;
    if (!parseHex(value)) errors[f.path] = 'Use a colour in the form #rrggbb, for example #1d4ed8.';
  }
  const text = parseHex(draft.colors.text);
  const background = parseHex(draft.colors.background);
  if (text && background && contrast(text, background) < TEXT_ON_BACKGROUND) {
    const ratio = contrast(text, background).toFixed(1);
    errors['colors.text'] = `Text on the background has a contrast of ${ratio}:1; WCAG AA needs 4.5:1.`;
  }
  const name = draft.company.name.trim();
  if (!name) errors['company.name'] = 'The company name is shown on every screen; it cannot be empty.';
  else if (name.length > NAME_MAX) errors['company.name'] = `Keep the company name to ${NAME_MAX} characters.`;
  return errors;
}
