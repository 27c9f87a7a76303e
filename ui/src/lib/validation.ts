// Form checks done before anything is sent, mirroring the server's rules so the subscriber
// sees the problem beside the field at once. The server checks again; its field errors are
// shown the same way.

export type FieldErrors = Record<string, string>;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

function length(errors: FieldErrors, field: string, value: string, min: number, max: number, what = 'This field') {
  const n = [...value.trim()].length;
  if (n === 0 && min > 0) errors[field] = `${what} is required.`;
  else if (n < min) errors[field] = `Use at least ${min} characters.`;
  else if (n > max) errors[field] = `Use at most ${max} characters.`;
}

export function isEmail(value: string): boolean {
  const v = value.trim();
  const at = v.indexOf('@');
  if (at <= 0 || at !== v.lastIndexOf('@') || /\s/.test(v) || v.length > 254) return false;
  const domain = v.slice(at + 1);
  return domain.includes('.') && !domain.startsWith('.') && !domain.endsWith('.');
}

function email(errors: FieldErrors, field: string, value: string) {
  if (!value.trim()) errors[field] = 'Enter your e-mail address.';
  else if (!isEmail(value)) errors[field] = 'Enter an e-mail address such as name@example.com.';
}

/** Firebase accepts 6 characters; we ask for a little more for a new password. */
export const MIN_NEW_PASSWORD = 8;

function newPassword(errors: FieldErrors, field: string, value: string, confirm: string, confirmField: string) {
  if (!value) errors[field] = 'Choose a password.';
  else if (value.length < MIN_NEW_PASSWORD) errors[field] = `Use at least ${MIN_NEW_PASSWORD} characters.`;
  if (value && confirm !== value) errors[confirmField] = 'The two passwords are not the same.';
}

export function validateSignIn(input: { email: string; password: string }): FieldErrors {
  const errors: FieldErrors = {};
  email(errors, 'email', input.email);
  if (!input.password) errors.password = 'Enter your password.';
  return errors;
}

export function validatePasswordReset(input: { email: string }): FieldErrors {
  const errors: FieldErrors = {};
  email(errors, 'email', input.email);
  return errors;
}

export type SignupMethod = 'phone' | 'code';

export function validateSignupVerify(input: {
  method: SignupMethod;
  customerNumber: string;
  phone: string;
  accessCode: string;
}): FieldErrors {
  const errors: FieldErrors = {};
  if (input.method === 'phone') {
    if (!input.customerNumber.trim()) errors.customerNumber = 'Enter the customer number from your bill.';
    const digits = input.phone.replace(/\D/g, '');
    if (!input.phone.trim()) errors.phone = 'Enter the phone number on your account.';
    else if (/[^\d\s+\-().]/.test(input.phone) || digits.length < 7 || digits.length > 15) {
      errors.phone = 'Enter a phone number such as +1 555 010 1234.';
    }
  } else if (!input.accessCode.trim()) {
    errors.accessCode = 'Enter the access code you were sent.';
  }
  return errors;
}

export function validateSignupAccount(input: { email: string; password: string; confirm: string }): FieldErrors {
  const errors: FieldErrors = {};
  email(errors, 'email', input.email);
  newPassword(errors, 'password', input.password, input.confirm, 'confirm');
  return errors;
}

export function validateChangePassword(input: { current: string; next: string; confirm: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.current) errors.current = 'Enter your current password.';
  newPassword(errors, 'next', input.next, input.confirm, 'confirm');
  if (input.current && input.next && input.current === input.next) {
    errors.next = 'Choose a password different from the current one.';
  }
  return errors;
}

/** The server's limits: a title of 3 to 160 characters and a description of up to 10,000. */
export function validateTicket(input: { title: string; description: string }): FieldErrors {
  const errors: FieldErrors = {};
  length(errors, 'title', input.title, 3, 160, 'A short summary');
  length(errors, 'description', input.description, 1, 10_000, 'A description');
  return errors;
}

export function validateComment(body: string): FieldErrors {
  const errors: FieldErrors = {};
  length(errors, 'body', body, 1, 10_000, 'A message');
  return errors;
}

export function validateReopenReason(reason: string): FieldErrors {
  const errors: FieldErrors = {};
  length(errors, 'reason', reason, 3, 2_000, 'A reason');
  return errors;
}
