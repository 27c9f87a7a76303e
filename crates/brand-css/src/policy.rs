//! What custom CSS may use, and why anything else is removed, in words staff understand. Custom
//! CSS restyles the portal; it never loads, runs, moves or hides anything, so everything here is
//! an allow-list and every refusal says what to do instead.

/// Properties custom CSS may set (ASCII lower case), besides custom properties (`--name`).
pub(crate) const PROPERTIES: &[&str] = &[
    // Colours; a background is a colour only, as no function here draws an image.
    "color",
    "background",
    "background-color",
    "accent-color",
    "caret-color",
    "fill",
    "stroke",
    // Borders and corners.
    "border",
    "border-color",
    "border-style",
    "border-width",
    "border-top",
    "border-right",
    "border-bottom",
    "border-left",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "border-top-style",
    "border-right-style",
    "border-bottom-style",
    "border-left-style",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-radius",
    "border-top-left-radius",
    "border-top-right-radius",
    "border-bottom-left-radius",
    "border-bottom-right-radius",
    // Shadows and outlines.
    "box-shadow",
    "text-shadow",
    "outline",
    "outline-color",
    "outline-style",
    "outline-width",
    "outline-offset",
    // Text. A font family can only name fonts the computer has: `@font-face` is refused.
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "letter-spacing",
    "word-spacing",
    "line-height",
    "text-align",
    "text-transform",
    "text-decoration",
    "text-decoration-color",
    "text-decoration-line",
    "text-decoration-style",
    "text-decoration-thickness",
    "text-underline-offset",
    // Spacing.
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "gap",
    "row-gap",
    "column-gap",
    "opacity",
];

/// Functions a value may use (ASCII lower case): colours, variables and arithmetic.
pub(crate) const FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color-mix",
    "var",
    "calc",
    "min",
    "max",
    "clamp",
];

/// Pseudo-classes a selector may use after `:`.
pub(crate) const PSEUDO_CLASSES: &[&str] = &[
    "root",
    "hover",
    "focus",
    "focus-visible",
    "focus-within",
    "active",
    "link",
    "visited",
    "any-link",
    "disabled",
    "enabled",
    "checked",
    "required",
    "optional",
    "valid",
    "invalid",
    "placeholder-shown",
    "read-only",
    "read-write",
    "empty",
    "first-child",
    "last-child",
    "only-child",
    "first-of-type",
    "last-of-type",
    "only-of-type",
    // The pseudo-elements CSS 2 wrote with one colon.
    "before",
    "after",
    "first-line",
    "first-letter",
];

/// Pseudo-elements a selector may use after `::`. Without `content` (refused) they add nothing.
pub(crate) const PSEUDO_ELEMENTS: &[&str] =
    &["before", "after", "first-line", "first-letter", "placeholder", "selection", "marker"];

/// Pseudo-classes with an argument a selector may use.
pub(crate) const PSEUDO_FUNCTIONS: &[&str] =
    &["not", "is", "where", "has", "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"];

pub(crate) const LESS_THAN: &str = "`<` is not allowed in custom CSS: it could end the portal's style sheet and \
     start markup (`</style>`). In a media query, write `max-width` instead of `width <`.";

pub(crate) const SCRIPT_LINK: &str = "`javascript:` links run script; custom CSS cannot run anything.";

pub(crate) const ESCAPED_NAME: &str = "Escape sequences (`\\…`) are not allowed in property or rule names: write \
     the name out in plain letters.";

pub(crate) const NESTED_RULE: &str = "Rules nested inside another rule are not supported: write each rule at the \
     top level with its full selector.";

pub(crate) const NESTED_MEDIA: &str =
    "`@media` inside a rule is not supported: put the rule inside a top-level `@media` block instead.";

pub(crate) const UNCLOSED: &str = "This part is never closed (a `{`, `(` or `[` without its partner), so nothing \
     after it is used: close it and it will be checked like the rest.";

pub(crate) const MISPLACED_DECLARATION: &str =
    "A declaration must be inside a rule's `{ }`, after a selector such as `.card`.";

pub(crate) const EMPTY_SELECTOR: &str = "A selector list cannot have an empty entry: remove the extra comma.";

pub(crate) const NO_SELECTOR: &str = "A rule needs a selector, such as `.card`, before its `{`.";

pub(crate) const BAD_STRING: &str = "A quoted text is not closed before the end of its line.";

pub(crate) const IMPORTANT_ONLY: &str = "`!` can only start `!important`, at the end of a value.";

pub(crate) const NOT_A_PSEUDO: &str = "A `:` in a selector must be followed by a pseudo-class such as `:hover`.";

pub(crate) const UNREADABLE_DECLARATION: &str = "This declaration cannot be read: write it as `property: value;`.";

pub(crate) const UNREADABLE_RULE: &str = "This rule cannot be read: write it as `selector { property: value; }`.";

pub(crate) fn too_long(chars: usize, limit: usize) -> String {
    format!(
        "Custom CSS is limited to {} characters and this has {}: none of it is used until it is shorter.",
        thousands(limit),
        thousands(chars)
    )
}

pub(crate) fn no_value(property: &str) -> String {
    format!("`{property}` has no value.")
}

/// Why a property is not on the list: the harm it could do, where there is one.
pub(crate) fn property_refused(property: &str) -> String {
    match property {
        "behavior" | "-moz-binding" => format!("`{property}` runs script; custom CSS cannot run anything."),
        "position" | "inset" | "top" | "right" | "bottom" | "left" | "z-index" | "transform" | "translate"
        | "rotate" | "scale" | "float" => format!(
            "`{property}` could place something over the portal's own screens (as `position: fixed` would \
             cover them); custom CSS restyles, it does not move things."
        ),
        "display" | "visibility" | "content" | "clip" | "clip-path" | "overflow" | "width" | "height" | "max-width"
        | "max-height" | "font-size-adjust" | "pointer-events" | "user-select" => format!(
            "`{property}` could hide or change what the portal's screens say or offer; custom CSS restyles \
             colours, borders, fonts and spacing only."
        ),
        "background-image"
        | "list-style-image"
        | "border-image"
        | "border-image-source"
        | "mask"
        | "mask-image"
        | "cursor"
        | "filter"
        | "backdrop-filter" => {
            format!("`{property}` shows an image; upload a logo instead (backgrounds take colours only).")
        }
        _ => format!(
            "`{property}` is not among the properties custom CSS may set: colours, backgrounds (as colours), \
             borders, corners, shadows, outlines, fonts, spacing, opacity and custom properties (`--name`)."
        ),
    }
}

/// Why a function is not on the list.
pub(crate) fn function_refused(function: &str) -> String {
    match function {
        "url" | "src" => {
            format!(
                "`{function}()` loads an image from elsewhere; upload a logo instead. Custom CSS cannot load anything."
            )
        }
        "image" | "image-set" | "-webkit-image-set" | "cross-fade" | "-webkit-cross-fade" | "element"
        | "-moz-element" | "paint" => format!(
            "`{function}()` shows an image or a copy of part of the screen; upload a logo instead (custom CSS \
             draws colours only)."
        ),
        "attr" => "`attr()` copies text from the portal's markup into its style; it is not allowed.".into(),
        "expression" => "`expression()` runs script; custom CSS cannot run anything.".into(),
        _ => format!(
            "`{function}()` is not among the functions custom CSS may use: {}.",
            FUNCTIONS.iter().map(|name| format!("{name}()")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Why an at-rule is removed: only `@media` is kept.
pub(crate) fn at_rule_refused(name: &str) -> String {
    match name {
        "import" => "`@import` loads another file; custom CSS cannot load anything.".into(),
        "font-face" => "`@font-face` loads a font from elsewhere; custom CSS cannot load anything.".into(),
        "namespace" => "`@namespace` is not needed and not allowed in custom CSS.".into(),
        "charset" => "`@charset` is not needed: custom CSS is always UTF-8.".into(),
        _ => format!("`@{name}` is not supported in custom CSS; `@media` is the only rule of its kind that is."),
    }
}

pub(crate) fn pseudo_refused(colons: &str, name: &str) -> String {
    let allowed = if colons == "::" { PSEUDO_ELEMENTS } else { PSEUDO_CLASSES };
    format!(
        "`{colons}{name}` is not among the pseudo-classes and pseudo-elements custom CSS may use, such as {}.",
        allowed.iter().take(6).map(|name| format!("`{colons}{name}`")).collect::<Vec<_>>().join(", ")
    )
}

pub(crate) fn not_in_selector(token: &str) -> String {
    format!("`{token}` cannot be used in a selector.")
}

pub(crate) fn not_in_value(token: &str) -> String {
    format!("`{token}` has no place in a value.")
}

pub(crate) fn not_in_media_query(token: &str) -> String {
    format!("`{token}` cannot be used in a media query: write one such as `(max-width: 600px)`.")
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
