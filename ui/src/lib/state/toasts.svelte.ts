// Short messages after an action ("Ticket #62 sent"). They are read out through the aria-live
// region that shows them.

export type Toast = { id: number; message: string; tone: 'info' | 'success' | 'warning' };

export class Toasts {
  items: Toast[] = $state([]);
  #next = 1;

  show(message: string, tone: Toast['tone'] = 'info', timeoutMs = 6000): void {
    const id = this.#next++;
    this.items.push({ id, message, tone });
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
