// Turning whatever a command rejected with into words for the subscriber. The Rust core already
// writes plain sentences; anything else (a bug, a broken bridge) gets a generic sentence, never
// its technical text.
import type { AppError, AppErrorCode } from './types';
import type { FieldErrors } from './validation';

export type Problem = {
  code: AppErrorCode | 'unexpected';
  message: string;
  fields: FieldErrors;
};

const UNEXPECTED =
  'Something went wrong on our side. Please try again; if it keeps happening, contact support.';

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Looks like a status code, an exception name or a stack: never shown to a subscriber. */
const TECHNICAL = /\b(?:[1-5]\d\d\s+[A-Z][a-z]+|HTTP|Error:|Exception|panicked|at \S+:\d+)\b/;

export function toProblem(error: unknown): Problem {
  if (!isAppError(error)) return { code: 'unexpected', message: UNEXPECTED, fields: {} };
  const message = error.message.trim() && !TECHNICAL.test(error.message) ? error.message : UNEXPECTED;
  const fields: FieldErrors = {};
  const raw = (error as { fields?: unknown }).fields;
  if (Array.isArray(raw)) {
    for (const f of raw) {
      if (f && typeof f.field === 'string' && typeof f.message === 'string') fields[f.field] = f.message;
    }
  }
  return { code: error.code, message, fields };
}

export type ProblemView = {
  title: string;
  body: string;
  /** What the subscriber can do about it. */
  action: 'retry' | 'sign-in' | 'none';
  /** Calm presentation (offline is a normal state, not a failure). */
  calm: boolean;
};

/** How a screen that failed to load presents the problem. */
export function problemView(problem: Problem, companyName: string): ProblemView {
  const company = companyName || 'your provider';
  switch (problem.code) {
    case 'offline':
      return {
        title: "You're offline",
        body: `We couldn't reach ${company}. Check your connection; we'll try again when you're back online.`,
        action: 'retry',
        calm: true,
      };
    case 'server_unavailable':
      return {
        title: `${company} can't be reached right now`,
        body: problem.message,
        action: 'retry',
        calm: true,
      };
    case 'signed_out':
      return { title: 'Please sign in again', body: problem.message, action: 'sign-in', calm: true };
    case 'not_found':
      return { title: "We couldn't find that", body: problem.message, action: 'none', calm: false };
    default:
      return { title: "That didn't work", body: problem.message, action: 'retry', calm: false };
  }
}
