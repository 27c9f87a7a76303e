import { describe, expect, it } from 'vitest';
import { problemView, toProblem } from './errors';

describe('error message selection', () => {
  it('shows the core’s plain sentence and keeps its code', () => {
    const p = toProblem({ code: 'conflict', message: 'This ticket is closed. Open a new ticket if you still need help.', fields: [] });
    expect(p.code).toBe('conflict');
    expect(p.message).toBe('This ticket is closed. Open a new ticket if you still need help.');
  });

  it('never shows an exception or a status code', () => {
    expect(toProblem(new TypeError("Cannot read properties of undefined (reading 'id')")).message).toMatch(/Something went wrong/);
    expect(toProblem('invoke failed').message).toMatch(/Something went wrong/);
    expect(toProblem({ code: 'unexpected', message: 'HTTP 500 Internal Server Error' }).message).not.toMatch(/500/);
    expect(toProblem({ code: 'conflict', message: '409 Conflict' }).message).not.toMatch(/409/);
  });

  it('puts the server’s field errors beside their fields', () => {
    const p = toProblem({
      code: 'validation',
      message: 'Some details need a fix.',
      fields: [{ field: 'title', message: 'Use at least 3 characters.' }],
    });
    expect(p.fields).toEqual({ title: 'Use at least 3 characters.' });
  });

  it('presents offline calmly, naming the provider, with a retry', () => {
    const view = problemView(toProblem({ code: 'offline', message: 'x', fields: [] }), 'Ridgeline Wireless');
    expect(view.calm).toBe(true);
    expect(view.action).toBe('retry');
    expect(view.body).toContain('Ridgeline Wireless');
  });

  it('sends a signed-out subscriber to sign in rather than retrying', () => {
    expect(problemView(toProblem({ code: 'signed_out', message: 'Please sign in.', fields: [] }), 'X').action).toBe('sign-in');
  });
});
