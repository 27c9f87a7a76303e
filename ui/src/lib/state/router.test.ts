import { describe, expect, it } from 'vitest';
import { isPublicRoute, parseRoute } from './router.svelte';

describe('routes', () => {
  it('maps paths to screens', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/tickets')).toEqual({ name: 'tickets', filter: null });
    expect(parseRoute('/tickets?filter=done')).toEqual({ name: 'tickets', filter: 'done' });
    expect(parseRoute('/tickets/new')).toEqual({ name: 'new-ticket' });
    expect(parseRoute('/tickets/tk%2F1')).toEqual({ name: 'ticket', id: 'tk/1' });
    expect(parseRoute('/account')).toEqual({ name: 'account' });
    expect(parseRoute('/account/extra')).toEqual({ name: 'not-found' });
    expect(parseRoute('/nope')).toEqual({ name: 'not-found' });
  });

  it('lets only the sign-in screens be seen signed out', () => {
    expect(['/login', '/signup', '/forgot'].every((p) => isPublicRoute(parseRoute(p)))).toBe(true);
    expect(isPublicRoute(parseRoute('/tickets'))).toBe(false);
  });
});
