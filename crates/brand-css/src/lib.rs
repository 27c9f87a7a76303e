//! The sanitiser for a tenant's custom CSS (DESIGN §4): the server applies it when branding is
//! published and the studio runs it for its preview, so a draft the preview accepted is never
//! refused.
//!
//! It is an allow-list over parsed CSS, not a search for bad words: the CSS is tokenized and
//! parsed as a browser would (escapes such as `\75 rl(` decoded to `url(`, comments dropped,
//! errors recovered from as the CSS Syntax spec says), and only style rules and `@media` blocks
//! made of allowed selectors, properties, values and functions are kept. Everything else is
//! removed and reported with a reason. What is kept is written out again from the parsed tokens,
//! in one canonical layout, so what apps receive is exactly what was checked; sanitising that
//! output again keeps it as it is and removes nothing.

mod policy;
mod tokens;

use std::fmt::Write;

use cssparser::{
    serialize_identifier, AtRuleParser, CowRcStr, DeclarationParser, ParseErrorKind, Parser, ParserInput, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser,
};
use portal_api::{CssRemoval, SanitizedCss};

use tokens::{refuse, Failure, Refusal};

/// The most characters custom CSS may have. Longer CSS is removed whole, as one part: cutting
/// it anywhere could keep half of a rule.
pub const MAX_CHARS: usize = 20_000;

/// At most this many characters of a removed part are quoted back.
const EXCERPT_CHARS: usize = 80;

/// Keeps what of `css` only restyles the portal and reports each part removed, in the order the
/// parts appear.
pub fn sanitize(css: &str) -> SanitizedCss {
    let chars = css.chars().count();
    if chars > MAX_CHARS {
        return SanitizedCss { css: String::new(), removed: vec![removal(css, policy::too_long(chars, MAX_CHARS))] };
    }
    let complete = closed_part(css);
    let mut removed = Vec::new();
    let mut input = ParserInput::new(&css[..complete]);
    let mut parser = Parser::new(&mut input);
    let rules = rules(parse_list(&mut parser, Level::Sheet, &mut removed));
    if complete < css.len() {
        removed.push(removal(&css[complete..], policy::UNCLOSED.into()));
    }
    let mut out = String::new();
    write_rules(&mut out, &rules, "");
    SanitizedCss { css: out, removed }
}

#[derive(Debug)]
enum Rule {
    Style { selectors: String, declarations: Vec<Declaration> },
    Media { query: String, rules: Vec<Rule> },
}

#[derive(Debug)]
struct Declaration {
    name: String,
    value: String,
    important: bool,
}

/// What one step of a list gives: a kept rule or declaration, or nothing when the part was
/// removed (and reported) already.
enum Item {
    Rule(Rule),
    Declaration(Declaration),
    Removed,
}

/// Where a list is: the style sheet itself, an `@media` block, or a style rule's block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Sheet,
    Media,
    Style,
}

/// Parses one list (of rules, or of declarations) and reports each part it cannot keep.
fn parse_list<'i>(input: &mut Parser<'i, '_>, level: Level, removed: &mut Vec<CssRemoval>) -> Vec<Item> {
    let mut body = Body { level, removed };
    let mut parts = RuleBodyParser::new(input, &mut body);
    let mut kept = Vec::new();
    // Not a `for` loop: each refusal is reported through the parser the iterator holds.
    while let Some(part) = parts.next() {
        match part {
            Ok(item) => kept.push(item),
            Err((error, source)) => {
                let reason = match error.kind {
                    ParseErrorKind::Custom(Refusal(reason)) => reason,
                    // The parts a browser could not read either. Markup is the likeliest
                    // reason when it holds a `<`.
                    ParseErrorKind::Basic(_) if source.contains('<') => policy::LESS_THAN.into(),
                    ParseErrorKind::Basic(_) if level == Level::Style => policy::UNREADABLE_DECLARATION.into(),
                    ParseErrorKind::Basic(_) => policy::UNREADABLE_RULE.into(),
                };
                parts.parser.removed.push(removal(source, reason));
            }
        }
    }
    kept
}

fn rules(items: Vec<Item>) -> Vec<Rule> {
    items.into_iter().filter_map(|item| if let Item::Rule(rule) = item { Some(rule) } else { None }).collect()
}

fn declarations(items: Vec<Item>) -> Vec<Declaration> {
    items.into_iter().filter_map(|item| if let Item::Declaration(d) = item { Some(d) } else { None }).collect()
}

fn removal(source: &str, reason: String) -> CssRemoval {
    CssRemoval { excerpt: excerpt(source), reason }
}

/// The removed text on one line, shortened.
fn excerpt(source: &str) -> String {
    let line = source.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= EXCERPT_CHARS {
        line
    } else {
        format!("{}…", line.chars().take(EXCERPT_CHARS - 1).collect::<String>())
    }
}

/// How much of `css` is complete: all of it, or up to the top-level rule in which the end of the
/// text leaves a `{`, `(` or `[` open. Browsers close such blocks silently; here the open part is
/// removed and reported instead, as what it was meant to say is unknown.
fn closed_part(css: &str) -> usize {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    // Where the current top-level rule started: after the last top-level `;` or `{ }`.
    let mut rule_start = 0;
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        let token = token.clone();
        match token {
            cssparser::Token::Semicolon => rule_start = parser.position().byte_index(),
            cssparser::Token::CurlyBracketBlock
            | cssparser::Token::ParenthesisBlock
            | cssparser::Token::SquareBracketBlock
            | cssparser::Token::Function(_) => {
                let mut contents_end = 0;
                let _ = parser.parse_nested_block(|contents| -> Result<(), cssparser::ParseError<'_, ()>> {
                    while contents.next_including_whitespace_and_comments().is_ok() {}
                    contents_end = contents.position().byte_index();
                    Ok(())
                });
                // A closed block ends with its closing bracket, after its contents.
                if parser.position().byte_index() == contents_end {
                    return rule_start;
                }
                if token == cssparser::Token::CurlyBracketBlock {
                    rule_start = parser.position().byte_index();
                }
            }
            _ => {}
        }
    }
    css.len()
}

/// The parser of one list, for cssparser's rule and declaration parsing.
struct Body<'r> {
    level: Level,
    removed: &'r mut Vec<CssRemoval>,
}

impl<'i> DeclarationParser<'i> for Body<'_> {
    type Declaration = Item;
    type Error = Refusal;

    fn parse_value<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
        start: &ParserState,
    ) -> Result<Item, Failure<'i>> {
        // The tokenizer decoded the name; what was written is still in the source.
        let written = input.slice_from(start.position());
        if written.split(':').next().unwrap_or_default().contains('\\') {
            return Err(refuse(input, policy::ESCAPED_NAME));
        }
        let custom = name.starts_with("--");
        // Custom property names are case-sensitive; all others are not.
        let name = if custom { name.to_string() } else { name.to_ascii_lowercase() };
        if !custom && !policy::PROPERTIES.contains(&name.as_str()) {
            return Err(refuse(input, policy::property_refused(&name)));
        }
        let (value, important) = tokens::declaration_value(input)?;
        if value.is_empty() && !custom {
            return Err(refuse(input, policy::no_value(&name)));
        }
        Ok(Item::Declaration(Declaration { name, value, important }))
    }
}

impl<'i> AtRuleParser<'i> for Body<'_> {
    /// The media query.
    type Prelude = String;
    type AtRule = Item;
    type Error = Refusal;

    fn parse_prelude<'t>(&mut self, name: CowRcStr<'i>, input: &mut Parser<'i, 't>) -> Result<String, Failure<'i>> {
        match (name.to_ascii_lowercase().as_str(), self.level) {
            ("media", Level::Style) => Err(refuse(input, policy::NESTED_MEDIA)),
            ("media", _) => tokens::media_query(input),
            (other, _) => Err(refuse(input, policy::at_rule_refused(other))),
        }
    }

    fn parse_block<'t>(
        &mut self,
        query: String,
        start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Item, Failure<'i>> {
        let written = input.slice_from(start.position());
        let written_name = written.split(|c: char| c.is_whitespace() || matches!(c, '(' | '{' | '/')).next();
        if written_name.unwrap_or_default().contains('\\') {
            return Err(refuse(input, policy::ESCAPED_NAME));
        }
        let rules = rules(parse_list(input, Level::Media, self.removed));
        Ok(Item::Rule(Rule::Media { query, rules }))
    }
}

impl<'i> QualifiedRuleParser<'i> for Body<'_> {
    /// The selectors; none for a rule nested in a style rule, which is removed.
    type Prelude = Option<String>;
    type QualifiedRule = Item;
    type Error = Refusal;

    fn parse_prelude<'t>(&mut self, input: &mut Parser<'i, 't>) -> Result<Option<String>, Failure<'i>> {
        if self.level == Level::Style {
            while input.next().is_ok() {}
            return Ok(None);
        }
        tokens::selectors(input).map(Some)
    }

    fn parse_block<'t>(
        &mut self,
        selectors: Option<String>,
        start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Item, Failure<'i>> {
        let Some(selectors) = selectors else {
            // Reported here rather than as an error: a nested rule that starts like a declaration
            // (`a:hover { … }`) would otherwise be reported with that declaration's error.
            while input.next().is_ok() {}
            self.removed.push(removal(input.slice_from(start.position()), policy::NESTED_RULE.into()));
            return Ok(Item::Removed);
        };
        let declarations = declarations(parse_list(input, Level::Style, self.removed));
        Ok(Item::Rule(Rule::Style { selectors, declarations }))
    }
}

impl<'i> RuleBodyItemParser<'i, Item, Refusal> for Body<'_> {
    fn parse_declarations(&self) -> bool {
        self.level == Level::Style
    }

    /// Also inside style rules, so nested rules are recognised (and removed) as today's browsers
    /// read them.
    fn parse_qualified(&self) -> bool {
        true
    }
}

/// The canonical layout: one rule a line, one declaration a line, two spaces an indent.
fn write_rules(out: &mut String, rules: &[Rule], indent: &str) {
    for rule in rules {
        match rule {
            Rule::Style { selectors, declarations } => {
                let _ = writeln!(out, "{indent}{selectors} {{");
                for Declaration { name, value, important } in declarations {
                    let _ = write!(out, "{indent}  ");
                    let _ = serialize_identifier(name, out);
                    let _ = writeln!(out, ": {value}{};", if *important { " !important" } else { "" });
                }
                let _ = writeln!(out, "{indent}}}");
            }
            Rule::Media { query, rules } => {
                let separator = if query.is_empty() { "" } else { " " };
                let _ = writeln!(out, "{indent}@media{separator}{query} {{");
                write_rules(out, rules, &format!("{indent}  "));
                let _ = writeln!(out, "{indent}}}");
            }
        }
    }
}

#[cfg(test)]
mod tests;
