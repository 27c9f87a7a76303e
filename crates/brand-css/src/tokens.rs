//! Selectors, values and media queries, copied token by token from what the tokenizer decoded
//! (escapes resolved, comments dropped) and written back with cssparser's serialisation, so the
//! output says exactly what was checked. A token not on the allow-list of its place refuses the
//! whole declaration or rule.

use cssparser::{ParseError, Parser, ToCss, Token, TokenSerializationType};

use crate::policy;

/// A refusal: the reason shown to staff.
pub(crate) struct Refusal(pub String);

pub(crate) type Failure<'i> = ParseError<'i, Refusal>;

pub(crate) fn refuse<'i>(input: &Parser<'i, '_>, reason: impl Into<String>) -> Failure<'i> {
    input.new_custom_error(Refusal(reason.into()))
}

/// Writes tokens back as CSS: whitespace collapsed to one space and trimmed at both ends, and an
/// empty comment wherever two tokens would otherwise run together into a different one (where
/// a dropped comment separated them, as in `1px/**/solid`).
#[derive(Default)]
struct Writer {
    out: String,
    last: TokenSerializationType,
    space: bool,
}

impl Writer {
    fn space(&mut self) {
        self.space = !self.out.is_empty();
    }

    fn token(&mut self, token: &Token) {
        if std::mem::take(&mut self.space) {
            self.out.push(' ');
            self.last = TokenSerializationType::WhiteSpace;
        }
        let kind = token.serialization_type();
        if self.last.needs_separator_when_before(kind) && !starts_with_plus(token) {
            self.out.push_str("/**/");
        }
        token.to_css(&mut self.out).expect("writing to a String cannot fail");
        self.last = kind;
    }

    /// A block: its opening token (`name(`, `(` or `[`), its copied contents and its closing.
    fn block(&mut self, opening: &Token, contents: &str, closing: char) {
        self.token(opening);
        self.out.push_str(contents);
        self.out.push(closing);
        self.last = TokenSerializationType::Other;
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Whether a number is written with a leading `+`, which no token before it can run into (the
/// serialisation table asks for a separator before any number, as in `2n/**/+1`).
fn starts_with_plus(token: &Token) -> bool {
    match *token {
        Token::Number { has_sign, value, .. } | Token::Dimension { has_sign, value, .. } => {
            has_sign && value >= 0.0 && !value.is_sign_negative()
        }
        Token::Percentage { has_sign, unit_value, .. } => {
            has_sign && unit_value >= 0.0 && !unit_value.is_sign_negative()
        }
        _ => false,
    }
}

/// The next token with whitespace (which matters in selectors), without comments.
fn next<'i>(input: &mut Parser<'i, '_>) -> Option<Token<'i>> {
    input.next_including_whitespace().ok().cloned()
}

fn lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Refuses text that could end the style sheet in a page or start a script, wherever it is:
/// in a name, a string or a selector, decoded from escapes or not.
fn check_text<'i>(input: &Parser<'i, '_>, token: &Token) -> Result<(), Failure<'i>> {
    let text: &str = match token {
        Token::Ident(text)
        | Token::AtKeyword(text)
        | Token::Hash(text)
        | Token::IDHash(text)
        | Token::QuotedString(text)
        | Token::UnquotedUrl(text)
        | Token::Function(text)
        | Token::BadUrl(text)
        | Token::BadString(text) => text,
        Token::Dimension { unit, .. } => unit,
        Token::Delim('<') | Token::CDO => "<",
        _ => return Ok(()),
    };
    let lowered = lower(text);
    if text.contains('<') {
        Err(refuse(input, policy::LESS_THAN))
    } else if lowered.contains("javascript:") || lowered.contains("vbscript:") {
        Err(refuse(input, policy::SCRIPT_LINK))
    } else {
        Ok(())
    }
}

/// A declaration's value, and whether it ends in `!important`.
pub(crate) fn declaration_value<'i>(input: &mut Parser<'i, '_>) -> Result<(String, bool), Failure<'i>> {
    let mut writer = Writer::default();
    while let Some(token) = next(input) {
        if token == Token::Delim('!') {
            let important = input.try_parse(|input| {
                input.expect_ident_matching("important")?;
                input.expect_exhausted()
            });
            return match important {
                Ok(()) => Ok((writer.finish(), true)),
                Err(_) => Err(refuse(input, policy::IMPORTANT_ONLY)),
            };
        }
        value_token(input, &token, &mut writer)?;
    }
    Ok((writer.finish(), false))
}

/// The contents of a function or parenthesis inside a value.
fn nested_value<'i>(input: &mut Parser<'i, '_>) -> Result<String, Failure<'i>> {
    let mut writer = Writer::default();
    while let Some(token) = next(input) {
        value_token(input, &token, &mut writer)?;
    }
    Ok(writer.finish())
}

fn value_token<'i>(input: &mut Parser<'i, '_>, token: &Token<'i>, writer: &mut Writer) -> Result<(), Failure<'i>> {
    check_text(input, token)?;
    match token {
        Token::WhiteSpace(_) => writer.space(),
        Token::Ident(_)
        | Token::Number { .. }
        | Token::Percentage { .. }
        | Token::Dimension { .. }
        | Token::Hash(_)
        | Token::IDHash(_)
        | Token::QuotedString(_)
        | Token::Comma
        | Token::Delim('/' | '+' | '-' | '*') => writer.token(token),
        Token::Function(name) => {
            let name = lower(name);
            if !policy::FUNCTIONS.contains(&name.as_str()) {
                return Err(refuse(input, policy::function_refused(&name)));
            }
            let contents = input.parse_nested_block(nested_value)?;
            writer.block(&Token::Function(name.into()), &contents, ')');
        }
        Token::ParenthesisBlock => {
            let contents = input.parse_nested_block(nested_value)?;
            writer.block(token, &contents, ')');
        }
        // `url(…)` without quotes is a token of its own.
        Token::UnquotedUrl(_) | Token::BadUrl(_) => return Err(refuse(input, policy::function_refused("url"))),
        Token::BadString(_) => return Err(refuse(input, policy::BAD_STRING)),
        other => return Err(refuse(input, policy::not_in_value(&other.to_css_string()))),
    }
    Ok(())
}

/// A style rule's selector list.
pub(crate) fn selectors<'i>(input: &mut Parser<'i, '_>) -> Result<String, Failure<'i>> {
    let selectors = selector_tokens(input, false)?;
    if selectors.is_empty() {
        return Err(refuse(input, policy::NO_SELECTOR));
    }
    Ok(selectors)
}

/// Selector tokens; inside a pseudo-class's parentheses also the `An+B` of `:nth-child(2n+1)`.
fn selector_tokens<'i>(input: &mut Parser<'i, '_>, in_parentheses: bool) -> Result<String, Failure<'i>> {
    let mut writer = Writer::default();
    // Whether the selector since the last comma is still empty (browsers drop a list with an
    // empty entry; pseudo-class arguments forgive it).
    let mut entry_empty = true;
    while let Some(token) = next(input) {
        check_text(input, &token)?;
        match (&token, entry_empty) {
            (Token::WhiteSpace(_), _) => {}
            (Token::Comma, true) if !in_parentheses => return Err(refuse(input, policy::EMPTY_SELECTOR)),
            (Token::Comma, _) => entry_empty = true,
            _ => entry_empty = false,
        }
        match &token {
            Token::WhiteSpace(_) => writer.space(),
            Token::Ident(_) | Token::IDHash(_) | Token::Comma | Token::Delim('.' | '*' | '>' | '+' | '~') => {
                writer.token(&token)
            }
            Token::Number { .. } | Token::Dimension { .. } | Token::Delim('-') if in_parentheses => {
                writer.token(&token)
            }
            Token::Colon => pseudo(input, &mut writer)?,
            Token::SquareBracketBlock => {
                let contents = input.parse_nested_block(attribute)?;
                writer.block(&token, &contents, ']');
            }
            Token::Semicolon => return Err(refuse(input, policy::MISPLACED_DECLARATION)),
            other => return Err(refuse(input, policy::not_in_selector(&other.to_css_string()))),
        }
    }
    if entry_empty && !writer.out.is_empty() && !in_parentheses {
        return Err(refuse(input, policy::EMPTY_SELECTOR));
    }
    Ok(writer.finish())
}

/// What follows a `:` in a selector: an allowed pseudo-class, pseudo-element or pseudo-class
/// function (whose argument is a selector again).
fn pseudo<'i>(input: &mut Parser<'i, '_>, writer: &mut Writer) -> Result<(), Failure<'i>> {
    writer.token(&Token::Colon);
    match next(input) {
        Some(Token::Colon) => match next(input) {
            Some(Token::Ident(name)) if policy::PSEUDO_ELEMENTS.contains(&lower(&name).as_str()) => {
                writer.token(&Token::Colon);
                writer.token(&Token::Ident(lower(&name).into()));
                Ok(())
            }
            Some(Token::Ident(name)) => Err(refuse(input, policy::pseudo_refused("::", &name))),
            _ => Err(refuse(input, policy::NOT_A_PSEUDO)),
        },
        Some(Token::Ident(name)) if policy::PSEUDO_CLASSES.contains(&lower(&name).as_str()) => {
            writer.token(&Token::Ident(lower(&name).into()));
            Ok(())
        }
        Some(Token::Function(name)) if policy::PSEUDO_FUNCTIONS.contains(&lower(&name).as_str()) => {
            let contents = input.parse_nested_block(|input| selector_tokens(input, true))?;
            writer.block(&Token::Function(lower(&name).into()), &contents, ')');
            Ok(())
        }
        Some(Token::Ident(name) | Token::Function(name)) => Err(refuse(input, policy::pseudo_refused(":", &name))),
        // `color: red` outside a rule: a pseudo-class never has a space after its colon.
        Some(Token::WhiteSpace(_)) => Err(refuse(input, policy::MISPLACED_DECLARATION)),
        _ => Err(refuse(input, policy::NOT_A_PSEUDO)),
    }
}

/// The inside of an attribute selector such as `[data-state="open" i]`.
fn attribute<'i>(input: &mut Parser<'i, '_>) -> Result<String, Failure<'i>> {
    let mut writer = Writer::default();
    while let Some(token) = next(input) {
        check_text(input, &token)?;
        match &token {
            Token::WhiteSpace(_) => writer.space(),
            Token::Ident(_)
            | Token::QuotedString(_)
            | Token::Delim('=')
            | Token::IncludeMatch
            | Token::DashMatch
            | Token::PrefixMatch
            | Token::SuffixMatch
            | Token::SubstringMatch => writer.token(&token),
            other => return Err(refuse(input, policy::not_in_selector(&other.to_css_string()))),
        }
    }
    Ok(writer.finish())
}

/// A plain media query list, such as `screen and (max-width: 600px), print`.
pub(crate) fn media_query<'i>(input: &mut Parser<'i, '_>) -> Result<String, Failure<'i>> {
    let mut writer = Writer::default();
    while let Some(token) = next(input) {
        check_text(input, &token)?;
        match &token {
            Token::WhiteSpace(_) => writer.space(),
            Token::Ident(_)
            | Token::Comma
            | Token::Colon
            | Token::Number { .. }
            | Token::Dimension { .. }
            | Token::Delim('/' | '>' | '=') => writer.token(&token),
            Token::ParenthesisBlock => {
                let contents = input.parse_nested_block(media_query)?;
                writer.block(&token, &contents, ')');
            }
            other => return Err(refuse(input, policy::not_in_media_query(&other.to_css_string()))),
        }
    }
    Ok(writer.finish())
}
