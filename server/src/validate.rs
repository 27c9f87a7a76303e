//! Input checks that collect every problem, so a client can show each one beside its field.

use portal_api::FieldError;

use crate::error::ApiError;

#[derive(Debug, Default)]
pub struct Checker {
    problems: Vec<FieldError>,
}

impl Checker {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn length(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let length = value.trim().chars().count();
        if length < min {
            if min == 1 {
                self.add(field, "This field is required.");
            } else {
                self.add(field, format!("Use at least {min} characters."));
            }
        } else if length > max {
            self.add(field, format!("Use at most {max} characters."));
        }
    }

    pub fn email(&mut self, field: &str, value: &str) {
        let value = value.trim();
        let valid = value.len() <= 254
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
            && !value.chars().any(char::is_whitespace);
        if !valid {
            self.add(field, "Enter an e-mail address such as name@example.com.");
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.problems))
        }
    }
}

/// Request fields that hold text of several lines, by JSON name: only there do a line feed and a
/// tab belong. Every other text field is one line. (A new multi-line field that is not listed is
/// refused a line break with a clear field error, which a test shows at once.)
const MULTI_LINE_FIELDS: &[&str] = &[
    "description",
    "body",
    "answer",
    "note",
    "reason",
    "summary",
    "serviceAddress",
    "customCss",
    "welcomeMessage",
    "footerText",
    "notes",
];

/// Why `text` cannot be taken as a field's value, if it cannot. Control characters have no place
/// in any field (PostgreSQL cannot even store NUL), except a line feed or tab in multi-line text.
/// Carriage returns are refused too: clients send lines separated by `\n` alone.
fn text_problem(text: &str, multi_line: bool) -> Option<String> {
    let bad = text.chars().find(|c| c.is_control() && !(multi_line && matches!(c, '\n' | '\t')))?;
    Some(match bad {
        '\r' if multi_line => "Separate lines with a line feed alone: remove the carriage return.".to_string(),
        '\n' | '\r' => "This field is one line: remove the line break.".to_string(),
        '\t' => "This field is one line: remove the tab.".to_string(),
        other => {
            format!("Remove the control character U+{:04X}: text cannot contain control characters.", u32::from(other))
        }
    })
}

/// Checks every string in a request body, naming each field as the API does
/// (`plan.name`, `equipment[0].kind`), so a client can show each problem beside its field.
pub fn check_body_text(body: &serde_json::Value) -> Result<(), ApiError> {
    let mut checker = Checker::default();
    check_value_text(body, &mut String::new(), None, &mut checker);
    checker.finish()
}

fn check_value_text(value: &serde_json::Value, path: &mut String, key: Option<&str>, checker: &mut Checker) {
    use serde_json::Value;
    let end = path.len();
    match value {
        Value::String(text) => {
            let multi_line = key.is_some_and(|key| MULTI_LINE_FIELDS.contains(&key));
            if let Some(problem) = text_problem(text, multi_line) {
                checker.add(path, problem);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                check_value_text(item, path, key, checker);
                path.truncate(end);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                check_value_text(field, path, Some(name), checker);
                path.truncate(end);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Checks one-line values that arrive outside a JSON body (query strings, path segments).
pub fn check_line_text<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), ApiError> {
    let mut checker = Checker::default();
    for (field, text) in values {
        if let Some(problem) = text_problem(text, false) {
            checker.add(field, problem);
        }
    }
    checker.finish()
}

/// Normalises a phone number to E.164. Numbers without a `+` are read in the tenant's default
/// country (`default_country_code`, "1" for North America).
pub fn normalize_phone(raw: &str, default_country_code: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let full = if trimmed.starts_with('+') {
        digits
    } else if trimmed.starts_with("00") {
        digits[2..].to_string()
    } else if default_country_code == "1" && digits.len() == 11 && digits.starts_with('1') {
        digits
    } else {
        format!("{default_country_code}{}", digits.trim_start_matches('0'))
    };
    (8..=15).contains(&full.len()).then(|| format!("+{full}"))
}

/// A case-insensitive `LIKE` pattern for words typed into a search box (compare against
/// `LOWER(column)`). Wildcards typed by the user are dropped rather than escaped: `ESCAPE`
/// clauses differ between the engines and nobody searches for a literal `%`.
pub fn like_pattern(words: Option<&str>) -> Option<String> {
    let words = words.map(str::trim).filter(|w| !w.is_empty())?;
    Some(format!("%{}%", words.to_lowercase().replace(['%', '_', '\\'], "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_e164() {
        assert_eq!(normalize_phone("(555) 010-0142", "1").as_deref(), Some("+15550100142"));
        assert_eq!(normalize_phone("1-555-010-0142", "1").as_deref(), Some("+15550100142"));
        assert_eq!(normalize_phone("+44 20 7946 0958", "1").as_deref(), Some("+442079460958"));
        assert_eq!(normalize_phone("0044 20 7946 0958", "1").as_deref(), Some("+442079460958"));
        assert_eq!(normalize_phone("555-CALL", "1"), None);
        assert_eq!(normalize_phone("12", "1"), None);
    }

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_multi_line_fields() {
        let body = serde_json::json!({
            "title": "Router\u{0}down",
            "description": "First line\n\tindented",
            "plan": {"name": "Basic\u{1b}[31m"},
            "equipment": [{"kind": "radio"}, {"kind": "dish\nantenna"}],
            "note": "Windows\r\nline",
            "add": ["ok", "\u{85}"]
        });
        let Err(ApiError::Validation(fields)) = check_body_text(&body) else { panic!("expected a validation error") };
        let named: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.message.as_str())).collect();
        assert_eq!(
            named,
            [
                ("add[1]", "Remove the control character U+0085: text cannot contain control characters."),
                ("equipment[1].kind", "This field is one line: remove the line break."),
                ("note", "Separate lines with a line feed alone: remove the carriage return."),
                ("plan.name", "Remove the control character U+001B: text cannot contain control characters."),
                ("title", "Remove the control character U+0000: text cannot contain control characters."),
            ]
        );
        assert!(check_body_text(&serde_json::json!({"description": "Two\nlines\twith a tab", "title": "Fine"})).is_ok());
        assert!(check_line_text([("q", "plain words")]).is_ok());
        assert!(check_line_text([("q", "tab\there")]).is_err());
    }

    #[test]
    fn every_problem_is_reported() {
        let mut checker = Checker::default();
        checker.length("title", "", 1, 10);
        checker.email("email", "not-an-address");
        let Err(ApiError::Validation(fields)) = checker.finish() else { panic!("expected a validation error") };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["title", "email"]);
    }
}
