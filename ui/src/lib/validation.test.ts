import { describe, expect, it } from 'vitest';
import {
  isEmail,
  validateChangePassword,
  validateComment,
  validateReopenReason,
  validateSignIn,
  validateSignupAccount,
  validateSignupVerify,
  validateTicket,
} from './validation';

describe('form validation', () => {
  it('asks for an e-mail address and a password to sign in', () => {
    expect(validateSignIn({ email: '', password: '' })).toEqual({
      email: 'Enter your e-mail address.',
      password: 'Enter your password.',
    });
    expect(validateSignIn({ email: 'alex@example', password: 'x' }).email).toMatch(/such as/);
    expect(validateSignIn({ email: ' alex@example.com ', password: 'x' })).toEqual({});
  });

  it('accepts ordinary addresses only', () => {
    expect(isEmail('a.b+c@mail.example.com')).toBe(true);
    expect(isEmail('a@b@c.com')).toBe(false);
    expect(isEmail('a b@c.com')).toBe(false);
    expect(isEmail('@c.com')).toBe(false);
  });

  it('needs customer number and phone, or an access code, to find the account', () => {
    const base = { customerNumber: '', phone: '', accessCode: '' };
    expect(Object.keys(validateSignupVerify({ ...base, method: 'phone' }))).toEqual(['customerNumber', 'phone']);
    expect(validateSignupVerify({ ...base, method: 'phone', customerNumber: 'RW-1003', phone: 'call me' }).phone).toMatch(
      /such as/,
    );
    expect(validateSignupVerify({ ...base, method: 'phone', customerNumber: 'RW-1003', phone: '+1 555 010 1003' })).toEqual({});
    expect(Object.keys(validateSignupVerify({ ...base, method: 'code' }))).toEqual(['accessCode']);
    // The phone is not asked for when the access code is used.
    expect(validateSignupVerify({ ...base, method: 'code', accessCode: 'K7Q-2MX' })).toEqual({});
  });

  it('checks the new password and its repetition', () => {
    expect(validateSignupAccount({ email: 'a@b.co', password: 'short', confirm: 'short' }).password).toMatch(/8/);
    expect(validateSignupAccount({ email: 'a@b.co', password: 'long enough', confirm: 'long enougH' }).confirm).toMatch(
      /not the same/,
    );
    expect(validateChangePassword({ current: 'same-password', next: 'same-password', confirm: 'same-password' }).next).toMatch(
      /different/,
    );
    expect(validateChangePassword({ current: 'old-password', next: 'new-password', confirm: 'new-password' })).toEqual({});
  });

  it('holds a ticket to the server’s limits', () => {
    expect(validateTicket({ title: 'ab', description: 'x' }).title).toBe('Use at least 3 characters.');
    expect(validateTicket({ title: 'x'.repeat(161), description: 'x' }).title).toBe('Use at most 160 characters.');
    expect(validateTicket({ title: 'No internet', description: '   ' }).description).toMatch(/required/);
    expect(validateTicket({ title: 'No internet', description: 'Since noon.' })).toEqual({});
  });

  it('needs words in a reply and a reason to reopen', () => {
    expect(validateComment('  ').body).toMatch(/required/);
    expect(validateReopenReason('no').reason).toBe('Use at least 3 characters.');
    expect(validateReopenReason('Still drops at 7 pm')).toEqual({});
  });
});
