//! Values read back from the database are decoded strictly. A status, role or kind this build does
//! not know, or a JSON document (tenant settings, branding, diagnostics) it cannot read, fails the
//! row's decoding: the request answers `500` with the generic message and the log names the
//! column and the value. Nothing falls back to a default, because a default (`pending`, `open`,
//! "no settings") could pass a check the real value would not.
//!
//! The CHECK constraints of the schema keep unknown words out in the first place; these types
//! are the second line, for rows written by a newer server, by hand, or by an older migration.

use std::str::FromStr;

use serde::de::DeserializeOwned;
use sqlx::any::AnyTypeInfo;
use sqlx::error::BoxDynError;
use sqlx::{Any, Database, Decode, Type};

/// A word of a closed vocabulary (`portal_api` enums), stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored<T>(pub T);

/// A JSON document stored as text.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredJson<T>(pub T);

impl<T> Type<Any> for Stored<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r, T: FromStr> Decode<'r, Any> for Stored<T> {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let raw = <String as Decode<'r, Any>>::decode(value)?;
        raw.parse().map(Stored).map_err(|_| unknown_value::<T>(&raw).into())
    }
}

impl<T> Type<Any> for StoredJson<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r, T: DeserializeOwned> Decode<'r, Any> for StoredJson<T> {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let raw = <String as Decode<'r, Any>>::decode(value)?;
        serde_json::from_str(&raw).map(StoredJson).map_err(|err| {
            format!("the stored {} cannot be read ({err}): {}", short_type_name::<T>(), excerpt(&raw)).into()
        })
    }
}

fn unknown_value<T>(raw: &str) -> String {
    format!("{} has no value {:?} in this build", short_type_name::<T>(), excerpt(raw))
}

fn short_type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// Enough of a stored value to recognise it in a log line.
fn excerpt(raw: &str) -> String {
    raw.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_words_name_their_vocabulary() {
        let message = unknown_value::<portal_api::AccountStatus>("frozen");
        assert_eq!(message, "AccountStatus has no value \"frozen\" in this build");
    }
}
