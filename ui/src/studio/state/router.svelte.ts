// The studio's places, kept in the window's URL hash (`#/branding`) so back and forward work.
// Each staff screen is one place; a new one (the ticket desk) is one more entry in PLACES, under
// the same sign-in and tenant switcher.

export type PlaceId = 'branding';

export type Place = { id: PlaceId; label: string; path: string };

export const PLACES: readonly Place[] = [{ id: 'branding', label: 'Branding', path: '/branding' }];

const HOME = PLACES[0]!;

/** The place a path names; null for a path no place has. */
export function placeOf(path: string): Place | null {
  const first = path.split(/[?#]/)[0]!.split('/').filter(Boolean)[0];
  return PLACES.find((p) => p.path === `/${first ?? ''}`) ?? (first === undefined ? HOME : null);
}

export class StudioRouter {
  path = $state(HOME.path);
  /** Where the studio is; an unknown path shows the first place. */
  readonly place: Place = $derived(placeOf(this.path) ?? HOME);

  constructor() {
    if (typeof window === 'undefined') return;
    const read = () => (this.path = window.location.hash.slice(1) || HOME.path);
    read();
    window.addEventListener('hashchange', read);
  }

  navigate(path: string): void {
    if (path === this.path) return;
    history.pushState(null, '', `#${path}`);
    this.path = path;
  }
}
