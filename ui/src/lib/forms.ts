// After a form is refused, keyboard and screen-reader users land on the first field to fix.
import { tick } from 'svelte';

export async function focusFirstInvalid(form: HTMLFormElement | null): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
