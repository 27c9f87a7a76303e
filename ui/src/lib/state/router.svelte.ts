// A small router: the place is a path like `/tickets/tk_1?filter=done`. The app keeps it in the
// URL hash (so the window's back and forward work); a preview keeps it in memory, so several
// portals can be shown side by side.

export type Route =
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'forgot' }
  | { name: 'home' }
  | { name: 'tickets'; filter: string | null }
  | { name: 'new-ticket' }
  | { name: 'ticket'; id: string }
  | { name: 'service' }
  | { name: 'support' }
  | { name: 'account' }
  | { name: 'not-found' };

export function parseRoute(path: string): Route {
  const [pathname = '/', search = ''] = path.split('?');
  const params = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
      return { name: 'home' };
    case 'login':
    case 'signup':
    case 'forgot':
    case 'service':
    case 'support':
    case 'account':
      return parts.length === 1 ? { name: parts[0] } : { name: 'not-found' };
    case 'tickets':
      if (parts.length === 1) return { name: 'tickets', filter: params.get('filter') };
      if (parts.length === 2 && parts[1] === 'new') return { name: 'new-ticket' };
      if (parts.length === 2) return { name: 'ticket', id: parts[1]! };
      return { name: 'not-found' };
    default:
      return { name: 'not-found' };
  }
}

/** The routes a signed-out subscriber may see. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'login' || route.name === 'signup' || route.name === 'forgot';
}

export class Router {
  path = $state('/');
  route: Route = $derived(parseRoute(this.path));
  #useHash: boolean;

  constructor(options: { useHash: boolean; initial?: string }) {
    this.#useHash = options.useHash;
    if (options.useHash && typeof window !== 'undefined') {
      this.path = window.location.hash.slice(1) || options.initial || '/';
      window.addEventListener('hashchange', () => {
        this.path = window.location.hash.slice(1) || '/';
      });
    } else {
      this.path = options.initial ?? '/';
    }
  }

  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (path === this.path) return;
    if (this.#useHash) {
      if (options.replace) history.replaceState(null, '', `#${path}`);
      else history.pushState(null, '', `#${path}`);
    }
    this.path = path;
  }
}
