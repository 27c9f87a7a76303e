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
    fn every_problem_is_reported() {
        let mut checker = Checker::default();
        checker.length("title", "", 1, 10);
        checker.email("email", "not-an-address");
        let Err(ApiError::Validation(fields)) = checker.finish() else { panic!("expected a validation error") };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["title", "email"]);
    }
}
