// WCAG 2.x colour contrast, small enough to keep here rather than pull in a colour library.

export type Rgb = { r: number; g: number; b: number };

const HEX = /^#([0-9a-f]{6})$/i;

/** Parses `#rrggbb` (the only form the server stores); anything else is `null`. */
export function parseHex(value: string): Rgb | null {
  const m = HEX.exec(value.trim());
  if (!m || m[1] === undefined) return null;
  const n = parseInt(m[1], 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

export function toHex({ r, g, b }: Rgb): string {
  const part = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(c: Rgb): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `a` moved toward `b` by `t` (0..1). */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t };
}

export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const BLACK: Rgb = { r: 0, g: 0, b: 0 };

/**
 * The colour closest to `color` that reaches `ratio` against `against`: it is darkened or
 * lightened (whichever direction can reach the ratio) in small steps. The brand keeps its hue;
 * the rule is never relaxed.
 */
export function ensureContrast(color: Rgb, against: Rgb, ratio: number): Rgb {
  if (contrast(color, against) >= ratio) return color;
  const towardBlack = contrast(BLACK, against) >= contrast(WHITE, against);
  const target = towardBlack ? BLACK : WHITE;
  for (let t = 0.05; t < 1; t += 0.05) {
    const candidate = mix(color, target, t);
    if (contrast(candidate, against) >= ratio) return roundRgb(candidate);
  }
  return target;
}

function roundRgb(c: Rgb): Rgb {
  return { r: Math.round(c.r), g: Math.round(c.g), b: Math.round(c.b) };
}

/** White or near-black text, whichever reads better on `background`. */
export function readableOn(background: Rgb): Rgb {
  return contrast(WHITE, background) >= contrast(BLACK, background) ? WHITE : { r: 15, g: 23, b: 42 };
}
