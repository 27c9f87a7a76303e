// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { scopeCss } from './customCss';

const ROOT = '[data-portal-root="p1"]';
const SCOPE = `:is(${ROOT}, ${ROOT} *)`;

afterEach(() => document.body.replaceChildren());

/** Mounts `html` with the scoped CSS beside it, and returns the element with id `id`'s colour. */
function colourOf(css: string, html: string, id: string): string {
  document.body.innerHTML = html;
  const style = document.createElement('style');
  style.textContent = scopeCss(css, ROOT);
  document.head.append(style);
  try {
    return getComputedStyle(document.getElementById(id)!).color;
  } finally {
    style.remove();
  }
}

describe('custom CSS scoped to one portal', () => {
  it('restyles the portal it belongs to and nothing outside it', () => {
    const html = `<div class="portal" ${ROOT.slice(1, -1)}><p class="card" id="inside">x</p></div>
      <div class="portal" data-portal-root="p2"><p class="card" id="other">y</p></div>
      <p class="card" id="outside">z</p>`;
    const css = '.card { color: rgb(200, 0, 0) }';
    expect(colourOf(css, html, 'inside')).toBe('rgb(200, 0, 0)');
    expect(colourOf(css, html, 'other')).not.toBe('rgb(200, 0, 0)');
    expect(colourOf(css, html, 'outside')).not.toBe('rgb(200, 0, 0)');
  });

  it('reaches the portal root itself', () => {
    const html = `<div class="portal" id="root" ${ROOT.slice(1, -1)}></div>`;
    expect(colourOf('.portal { color: rgb(0, 0, 200) }', html, 'root')).toBe('rgb(0, 0, 200)');
  });

  it('scopes each selector of a list, keeping commas inside functions and strings', () => {
    expect(scopeCss('h1, .a:is(.b, .c), [title="x,y"] { color: red }', ROOT)).toBe(
      `h1${SCOPE}, .a:is(.b, .c)${SCOPE}, [title="x,y"]${SCOPE} { color: red; }`,
    );
  });

  it('puts the scope before a pseudo-element, which must end the selector', () => {
    expect(scopeCss('.btn::before { content: "" } a:after { content: "" }', ROOT)).toBe(
      `.btn${SCOPE}::before { content: ""; }\na${SCOPE}:after { content: ""; }`,
    );
    expect(scopeCss('a:hover { color: red }', ROOT)).toBe(`a:hover${SCOPE} { color: red; }`);
  });

  it('scopes the rules inside @media and leaves @keyframes alone', () => {
    const scoped = scopeCss('@media (max-width: 600px) { .x { color: red } } @keyframes fade { from { opacity: 0 } }', ROOT);
    expect(scoped).toContain(`.x${SCOPE}`);
    expect(scoped).toContain('@keyframes fade');
  });

  it('is empty for empty CSS', () => {
    expect(scopeCss('  \n', ROOT)).toBe('');
  });
});
