// How every form of the portal submits: check the fields, send once (a second press while
// sending does nothing), and on refusal show the field errors and the message, with keyboard and
// screen-reader users landing on the first field to fix.
import { tick } from 'svelte';
import { toProblem } from './errors';
import { hasErrors, type FieldErrors } from './validation';

export async function focusFirstInvalid(form: HTMLFormElement | null): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export class FormState {
  errors: FieldErrors = $state({});
  /** What went wrong, in words for the subscriber (shown above the submit button). */
  problem: string | null = $state(null);
  busy = $state(false);

  /** Validate with `check`, then run `send`; what `send` throws becomes errors and a problem. */
  async submit(event: SubmitEvent, check: () => FieldErrors, send: () => Promise<void>): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    this.errors = check();
    this.problem = null;
    if (hasErrors(this.errors)) return void focusFirstInvalid(form);
    this.busy = true;
    try {
      await send();
    } catch (error) {
      const problem = toProblem(error);
      this.errors = problem.fields;
      this.problem = problem.message;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.errors = {};
    this.problem = null;
  }
}
