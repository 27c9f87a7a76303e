// What jsdom lacks and the portal asks for when it is mounted in a component test: the colour
// scheme (matchMedia) and scrolling. Shared by every suite that renders the portal.
export function standInForBrowserApis(): void {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  Element.prototype.scrollTo ??= () => undefined;
}
