// The tenant's custom CSS, confined to one portal. The server publishes only CSS its sanitiser
// leaves unchanged (nothing that loads or runs anything), and the app's CSP is the wall behind
// that; what is left here is that the CSS restyles the portal it belongs to and nothing else, so
// the staff studio can show a draft's CSS in a preview without restyling itself or a second
// preview beside it.
//
// `@scope` would say this directly, but older WebKitGTK (the Linux webview) does not have it.
// Instead the browser's own parser reads the CSS (a constructed `CSSStyleSheet`, WebKitGTK 2.40
// and later) and every style rule's subject is required to be the portal's root or inside it,
// with `:is(root, root *)`. That adds one attribute's worth of specificity, which is what lets a
// plain `.card { … }` restyle a component whose own style is `.card.svelte-x` (the custom CSS
// comes later, so it wins the tie). The CSSOM has no list of a rule's selectors, so its selector
// text is split here at top-level commas. A rule whose selector the browser will not take back
// rewritten is dropped, never kept unscoped.

/**
 * Calls `visit` with the index of every character of `selector` that is outside parentheses,
 * brackets and strings (e.g. not the comma of `:is(a, b)` or `[title="a,b"]`), until it
 * returns true.
 */
function eachTopLevel(selector: string, visit: (index: number) => boolean | void): void {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (c === '\\') i++;
    else if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && visit(i)) return;
  }
}

function splitSelectorList(list: string): string[] {
  const parts: string[] = [];
  let start = 0;
  eachTopLevel(list, (i) => {
    if (list[i] !== ',') return;
    parts.push(list.slice(start, i));
    start = i + 1;
  });
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Where a selector's pseudo-element starts (one can only end a selector), or its length. */
function pseudoElementStart(selector: string): number {
  let found = selector.length;
  eachTopLevel(selector, (i) => {
    if (selector[i] !== ':') return;
    // `::x`, or one of the four pseudo-elements CSS 2 wrote with one colon.
    if (selector[i + 1] === ':' || /^:(before|after|first-line|first-letter)(?![\w-])/i.test(selector.slice(i))) {
      found = i;
      return true;
    }
  });
  return found;
}

function scopeSelector(selector: string, scope: string): string {
  return splitSelectorList(selector)
    .map((complex) => {
      const at = pseudoElementStart(complex);
      return `${complex.slice(0, at)}${scope}${complex.slice(at)}`;
    })
    .join(', ');
}

/** Scopes the rules of `rules` in place; removes those that cannot be scoped. */
function scopeRules(rules: CSSRuleList, owner: CSSStyleSheet | CSSGroupingRule, scope: string): void {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (rule instanceof CSSStyleRule) {
      // Rules nested inside it are relative to it, so scoping it scopes them.
      rule.selectorText = scopeSelector(rule.selectorText, scope);
      if (!rule.selectorText.includes(scope)) owner.deleteRule(i);
    } else if (rule instanceof CSSGroupingRule) {
      // @media, @supports, @container, @layer blocks: the style rules inside them.
      scopeRules(rule.cssRules, rule, scope);
    }
    // @font-face, @keyframes, @property and the like style no element by themselves.
  }
}

/**
 * `css` with every style rule confined to the element matching `root` and its descendants.
 * Selectors that need an ancestor outside the portal (`html`, `:root`, `body`) match nothing.
 */
export function scopeCss(css: string, root: string): string {
  if (!css.trim()) return '';
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  scopeRules(sheet.cssRules, sheet, `:is(${root}, ${root} *)`);
  return Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
}
