use super::*;

/// The reasons of what `css` loses, in order.
fn reasons(css: &str) -> Vec<String> {
    sanitize(css).removed.into_iter().map(|removal| removal.reason).collect()
}

/// Sanitising what was kept keeps it as it is and removes nothing.
#[track_caller]
fn assert_stable(css: &str) {
    let once = sanitize(css);
    let twice = sanitize(&once.css);
    assert!(twice.removed.is_empty(), "sanitising {css:?} again removed {:?} from {:?}", twice.removed, once.css);
    assert_eq!(twice.css, once.css, "sanitising {css:?} again changed it");
}

/// Hostile or unsupported CSS: (input, what is kept, a word of the first reason).
const HOSTILE: &[(&str, &str, &str)] = &[
    // Escapes are decoded before anything is judged.
    (".a { background: \\75 rl(https://evil.example/t.png); color: red }", ".a {\n  color: red;\n}\n", "`url()` loads"),
    (".a { background: u\\rl(https://evil.example/t.png) }", ".a {\n}\n", "`url()` loads"),
    (".a { background: \\55 RL(\"https://evil.example/t.png\") }", ".a {\n}\n", "`url()` loads"),
    ("@\\69mport 'https://evil.example/x.css';\n.a { color: red }", ".a {\n  color: red;\n}\n", "`@import` loads"),
    (".a { background: \\65xpression(alert(1)) }", ".a {\n}\n", "`expression()` runs script"),
    (".a { col\\6fr: red; color: blue }", ".a {\n  color: blue;\n}\n", "Escape sequences"),
    ("@\\6d edia print { .a { color: red } }", "", "Escape sequences"),
    // Comments split tokens, they do not join them.
    ("@im/**/port 'x.css';", "", "`@im` is not supported"),
    (".a { background: u/**/rl(x) }", ".a {\n}\n", "`rl()` is not among"),
    // Loading anything, anywhere.
    ("@import url(https://evil.example/x.css);", "", "`@import` loads"),
    (
        "@media screen { @import 'x.css'; .a { color: red } }",
        "@media screen {\n  .a {\n    color: red;\n  }\n}\n",
        "`@import` loads",
    ),
    (
        "@media screen { @media (min-width: 1px) { @import url(x.css); .b { opacity: 0.5 } } }",
        "@media screen {\n  @media (min-width: 1px) {\n    .b {\n      opacity: 0.5;\n    }\n  }\n}\n",
        "`@import` loads",
    ),
    (
        ":root { --logo: url(https://evil.example/t.png); --brand: #123456 }",
        ":root {\n  --brand: #123456;\n}\n",
        "`url()` loads",
    ),
    (":root { --x: var(--y, url(https://evil.example/t.png)) }", ":root {\n}\n", "`url()` loads"),
    (".a { background: image-set('t.png' 1x) }", ".a {\n}\n", "`image-set()` shows an image"),
    (".a { background: -webkit-image-set(url(t.png) 1x) }", ".a {\n}\n", "`-webkit-image-set()` shows an image"),
    (".a { background: element(#secret) }", ".a {\n}\n", "`element()` shows an image"),
    (".a { color: attr(data-colour) }", ".a {\n}\n", "`attr()` copies text"),
    (".a { background-image: linear-gradient(red, blue) }", ".a {\n}\n", "`background-image` shows an image"),
    (".a { background: linear-gradient(red, blue) }", ".a {\n}\n", "`linear-gradient()` is not among"),
    ("@font-face { font-family: x; src: url(x.woff) }", "", "`@font-face` loads"),
    ("@namespace svg url(http://www.w3.org/2000/svg);", "", "`@namespace`"),
    ("@charset \"utf-8\";\n.a { color: red }", ".a {\n  color: red;\n}\n", "`@charset`"),
    // Script.
    (".a { behavior: url(x.htc) }", ".a {\n}\n", "`behavior` runs script"),
    (".a { -moz-binding: url(x.xml#b) }", ".a {\n}\n", "`-moz-binding` runs script"),
    ("a[href^=\"javascript:alert(1)\"] { color: red }", "", "`javascript:`"),
    (".a { font-family: \"JavaScript:x\" }", ".a {\n}\n", "`javascript:`"),
    // Markup.
    ("</style><script>alert(1)</script>", "", "`<` is not allowed"),
    ("<!-- .a { color: red } -->", "", "`<` is not allowed"),
    (".a { font-family: \"\\3c/style>\" }", ".a {\n}\n", "`<` is not allowed"),
    ("@media (width < 600px) { .a { color: red } }", "", "`<` is not allowed"),
    // Moving, covering and hiding.
    (".a { position: fixed; inset: 0; color: red }", ".a {\n  color: red;\n}\n", "`position` could place"),
    (".a { display: none }", ".a {\n}\n", "`display` could hide"),
    (".a::after { content: 'Call us' }", ".a::after {\n}\n", "`content` could hide"),
    (".a { z-index: 9999 }", ".a {\n}\n", "`z-index` could place"),
    // Only plain selectors and media queries.
    (":host { color: red }", "", "`:host` is not among"),
    ("a::-webkit-scrollbar { color: red }", "", "`::-webkit-scrollbar` is not among"),
    (
        "@media print and (min-resolution: calc(1dppx)) { .a { color: red } }",
        "",
        "`calc(` cannot be used in a media query",
    ),
    ("@supports (color: red) { .a { color: red } }", "", "`@supports` is not supported"),
    ("@keyframes spin { to { opacity: 0 } }", "", "`@keyframes` is not supported"),
    (".a { color: red; .b { color: blue } }", ".a {\n  color: red;\n}\n", "Rules nested"),
    (".a { a:hover { color: blue } }", ".a {\n}\n", "Rules nested"),
    (".a { @media print { color: blue } }", ".a {\n}\n", "`@media` inside a rule"),
    ("color: red; .a { color: blue }", "", "A declaration must be inside"),
    // What cannot be read.
    (".a { color: red", "", "never closed"),
    (".a { color: red }\n.b { color: rgb(0, 0, 0 }", ".a {\n  color: red;\n}\n", "never closed"),
    ("@media print { .a { color: red }", "", "never closed"),
    (
        ".a { font-family: \"Open\nSans; color: red }",
        ".a {\n  color: red;\n}\n",
        "not closed before the end of its line",
    ),
    (".a { color red; opacity: 1 }", ".a {\n  opacity: 1;\n}\n", "This declaration cannot be read"),
    (".a { color: red !imp }", ".a {\n}\n", "`!` can only start"),
    (".a { color: }", ".a {\n}\n", "`color` has no value"),
    (".a { color: red {} }", ".a {\n}\n", "Rules nested"),
    (".a, { color: red }", "", "extra comma"),
    (".a,,.b { color: red }", "", "extra comma"),
    ("{ color: red }", "", "A rule needs a selector"),
];

#[test]
fn hostile_css_is_removed_with_a_reason() {
    let mut failures = Vec::new();
    for (css, kept, reason) in HOSTILE {
        let sanitized = sanitize(css);
        if sanitized.css != *kept {
            failures.push(format!("{css:?}\n  kept {:?}\n  expected {kept:?}", sanitized.css));
        }
        match sanitized.removed.first() {
            Some(first) if first.reason.contains(reason) => {}
            _ => failures
                .push(format!("{css:?}\n  removed {:?}\n  expected a reason with {reason:?}", sanitized.removed)),
        }
        for removal in &sanitized.removed {
            assert!(!removal.excerpt.is_empty() && !removal.excerpt.contains('\n'), "{removal:?}");
        }
        assert_stable(css);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Benign CSS in the canonical layout, kept exactly.
const BENIGN: &[&str] = &[
    "",
    ".card {\n  border-radius: 12px;\n}\n",
    ":root {\n  --brand-primary: #0b5d3b;\n  --Brand-Spacing: 4px;\n  --empty: ;\n}\n",
    ".card, .panel > h2 {\n  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.2), inset 0 0 0 1px #e5e7eb;\n  border: 1px solid var(--brand-primary);\n}\n",
    "button:hover:not(:disabled), a:focus-visible {\n  outline: 2px solid color-mix(in srgb, #1d4ed8 60%, white);\n  outline-offset: 2px;\n}\n",
    "li:nth-child(2n+1) {\n  background-color: hsl(210 40% 98%);\n}\n",
    "input[type=\"search\" i]::placeholder {\n  color: #64748b !important;\n}\n",
    ".title {\n  font-family: \"Source Sans 3\", system-ui, sans-serif;\n  font-size: clamp(1rem, 2vw + 0.5rem, 1.5rem);\n  font-weight: 600;\n  letter-spacing: -0.01em;\n  text-transform: uppercase;\n  text-decoration: underline dotted;\n}\n",
    ".spaced {\n  margin: 0 auto;\n  padding: calc(var(--gap) * 2) 8px;\n  gap: 0.5rem;\n  opacity: 0.9;\n}\n",
    "@media (max-width: 600px) {\n  .card {\n    padding: 8px 12px;\n  }\n}\n",
    "@media screen and (prefers-color-scheme: dark), print {\n  @media (min-aspect-ratio: 16/9) {\n    :root {\n      --brand-background: #0f172a;\n    }\n  }\n}\n",
    "#app .footer ~ p + p {\n  color: rgb(15 23 42 / 80%);\n}\n",
];

#[test]
fn benign_css_is_kept_exactly() {
    for css in BENIGN {
        let sanitized = sanitize(css);
        assert!(sanitized.removed.is_empty(), "{css:?} lost {:?}", sanitized.removed);
        assert_eq!(sanitized.css, *css);
    }
}

#[test]
fn benign_css_in_any_layout_is_kept_in_the_canonical_one() {
    let sanitized = sanitize(
        "/* Ridgeline */ .Card{Border-Radius:12PX;COLOR:RGB( 1 , 2 , 3 )}\n\n\n@MEDIA print{.a{margin:1px/**/2px}}",
    );
    assert!(sanitized.removed.is_empty(), "{:?}", sanitized.removed);
    assert_eq!(
        sanitized.css,
        ".Card {\n  border-radius: 12PX;\n  color: rgb(1 , 2 , 3);\n}\n@media print {\n  .a {\n    margin: 1px/**/2px;\n  }\n}\n"
    );
}

#[test]
fn a_removed_part_is_quoted_on_one_short_line() {
    let sanitized = sanitize(&format!(".a {{\n  position:\n    fixed; color: red; --x: url({}) }}", "x".repeat(200)));
    let excerpts: Vec<&str> = sanitized.removed.iter().map(|removal| removal.excerpt.as_str()).collect();
    assert_eq!(excerpts[0], "position: fixed;");
    assert!(excerpts[1].starts_with("--x: url(xxx") && excerpts[1].ends_with('…'), "{}", excerpts[1]);
    assert_eq!(excerpts[1].chars().count(), EXCERPT_CHARS);
}

#[test]
fn css_over_the_limit_is_removed_whole() {
    let rule = ".a { color: red }\n";
    let at_limit = rule.repeat(MAX_CHARS / rule.len()) + &" ".repeat(MAX_CHARS % rule.len());
    assert_eq!(at_limit.chars().count(), MAX_CHARS);
    assert!(sanitize(&at_limit).removed.is_empty());

    // Counted in characters, not bytes.
    let over = format!("{at_limit}é");
    let sanitized = sanitize(&over);
    assert_eq!(sanitized.css, "");
    assert_eq!(
        reasons(&over),
        ["Custom CSS is limited to 20,000 characters and this has 20,001: none of it is used until it is shorter."]
    );
}

#[test]
fn every_removed_part_is_reported_in_order() {
    let css = "@import 'x.css';\n.a { position: fixed; color: red; background: url(x) }\n@font-face { src: url(y) }\n.b { color: blue";
    let sanitized = sanitize(css);
    let excerpts: Vec<&str> = sanitized.removed.iter().map(|removal| removal.excerpt.as_str()).collect();
    assert_eq!(
        excerpts,
        ["@import 'x.css'", "position: fixed;", "background: url(x)", "@font-face", ".b { color: blue"]
    );
    assert_eq!(sanitized.css, ".a {\n  color: red;\n}\n");
}

/// Every pair of fragments, hostile and benign, sanitises to something that sanitising again
/// keeps exactly: the output never holds anything the sanitiser would remove.
#[test]
fn sanitising_is_idempotent() {
    let fragments: Vec<&str> = HOSTILE
        .iter()
        .map(|(css, _, _)| *css)
        .chain(BENIGN.iter().copied())
        .chain([
            "a/**/b { color: red }",
            ".a { margin: 1e3px 1E-2em +.5px -0.0px 100000000000px }",
            ".a { font-family: \"quote \\\" and backslash \\\\\" }",
            ".\\31 0 { color: red }",
            ".a { --x: 'é 📡' }",
            ".a { color: red }}",
            ";; .a { color: red }",
            "@media { .a { color: red } }",
            ".a { color: red ! important }",
        ])
        .collect();
    for first in &fragments {
        for second in &fragments {
            assert_stable(&format!("{first}{second}"));
            assert_stable(&format!("{first}\n{second}"));
        }
    }
}
