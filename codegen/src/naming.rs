//! Rust identifiers from spec names: case conversion, keywords, and collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that cannot be written as raw identifiers; names equal to one get a trailing
/// underscore. Other keywords stay as they are: the emitters write them raw.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A `snake_case` name for a field, argument or method (`type`, `self_`, `_2fa`,
/// `plus_1` for `+1`); never one of underscores and digits alone, which reads as a
/// placeholder.
pub fn snake_name(raw: &str) -> String {
    let name = if is_plain_snake(raw) {
        escape(raw.to_owned(), "value")
    } else {
        escape(spelled(raw).to_snake_case(), "value")
    };
    if name.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!(
            "value{}",
            if name.starts_with('_') {
                name
            } else {
                format!("_{name}")
            }
        )
    } else {
        name
    }
}

/// An `UpperCamelCase` name for a type (`OAuthTokenResponse`, `Type2fa`).
pub fn type_name(raw: &str) -> String {
    let name = upper_camel(raw);
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("Type{name}"),
        Some(_) => escape(name, "Unnamed"),
    }
}

/// An `UpperCamelCase` name for an enum variant (`MmDdYyyy`, `Value2`, `Empty`).
pub fn variant_name(raw: &str) -> String {
    let name = upper_camel(raw);
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("Value{name}"),
        Some(_) => escape(name, "Empty"),
    }
}

/// Whether `raw` is already `snake_case` in ASCII (`created_at`, `type_2fa`): words of
/// lowercase letters and digits joined by single underscores, the first word starting with a
/// letter. Most names in real specs are, and heck's conversions leave them as they are (snake)
/// or only capitalise each word (camel), so they skip heck's general pass, which costs
/// thousands of instructions a name.
fn is_plain_snake(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_lowercase())
        && !raw.ends_with('_')
        && !raw.contains("__")
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `raw` in `UpperCamelCase`, as heck writes it.
fn upper_camel(raw: &str) -> String {
    if !is_plain_snake(raw) {
        return raw.to_upper_camel_case();
    }
    let mut name = String::with_capacity(raw.len());
    for word in raw.split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}

/// Words for a value that case conversion would reduce to nothing or to its digits alone:
/// `+` -> `plus`, `-1` -> `minus 1`, `>=` -> `greater equals`. Other values stay as they are.
pub fn spelled(value: &str) -> String {
    let word = |c: char| match c {
        '+' => Some("plus"),
        '-' => Some("minus"),
        '*' => Some("star"),
        '/' => Some("slash"),
        '\\' => Some("backslash"),
        '.' => Some("dot"),
        ',' => Some("comma"),
        ':' => Some("colon"),
        ';' => Some("semicolon"),
        '=' => Some("equals"),
        '<' => Some("less"),
        '>' => Some("greater"),
        '!' => Some("not"),
        '?' => Some("question"),
        '@' => Some("at"),
        '#' => Some("hash"),
        '$' => Some("dollar"),
        '%' => Some("percent"),
        '&' => Some("and"),
        '|' => Some("or"),
        '^' => Some("caret"),
        '~' => Some("tilde"),
        '_' => Some("underscore"),
        ' ' => Some("space"),
        _ => None,
    };
    let letters = value.chars().any(char::is_alphabetic);
    if letters || value.is_empty() {
        return value.to_owned();
    }
    value
        .chars()
        .map(|c| word(c).map_or_else(|| c.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(name: String, if_empty: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        if_empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Names already taken in one scope; a clash gets a numeric suffix in first-come order,
/// so names stay stable as long as the spec's order does.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `name` if still free, else the first free `name2`, `name3`, ...
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let base = name.trim_end_matches('_');
        // `Value1` then `Value1_2`, not `Value12`.
        let ends_in_digit = base.ends_with(|c: char| c.is_ascii_digit());
        let separator =
            if ends_in_digit || base.contains('_') || base.chars().all(|c| !c.is_uppercase()) {
                "_"
            } else {
                ""
            };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always has a free suffix")
    }
}

/// A Cargo package name from a folder name: lower case, with `-` for anything else.
pub fn package_name(raw: &str) -> String {
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    match name.chars().next() {
        None => "client".to_owned(),
        Some(first) if !first.is_ascii_alphabetic() => format!("client-{name}"),
        Some(_) => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    // One assertion a line, alike in shape, so that a failure names its input.
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("oauthTokenGenerate"), "oauth_token_generate");
        assert_eq!(snake_name("X-RateLimit-Limit"), "x_rate_limit_limit");
        assert_eq!(snake_name("type"), "type");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("Self"), "self_");
        assert_eq!(snake_name("2fa"), "_2fa");
        assert_eq!(snake_name("get-pet-by-id"), "get_pet_by_id");
        assert_eq!(snake_name("$$"), "dollar_dollar");
        assert_eq!(snake_name("+1"), "plus_1");
        assert_eq!(snake_name("-1"), "minus_1");
        assert_eq!(snake_name("123"), "value_1_2_3");
        assert_eq!(snake_name(""), "value");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("OAuthTokenResponse"), "OAuthTokenResponse");
        assert_eq!(type_name("error_response"), "ErrorResponse");
        assert_eq!(type_name("2fa"), "Type2fa");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name(""), "Unnamed");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("MM / DD / YYYY"), "MmDdYyyy");
        assert_eq!(variant_name("2"), "Value2");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(variant_name("in_person"), "InPerson");
    }

    #[test]
    fn plain_snake_names_convert_as_heck_converts_them() {
        let words = ["a", "id", "x1", "2fa", "1", "type", "z9z", "created"];
        let mut names: Vec<String> = words.iter().map(|word| (*word).to_owned()).collect();
        for first in words {
            for second in words {
                names.push(format!("{first}_{second}"));
                for third in ["at", "3", "v2x"] {
                    names.push(format!("{first}_{second}_{third}"));
                }
            }
        }
        let mut plain = 0;
        for name in &names {
            if is_plain_snake(name) {
                plain += 1;
                assert_eq!(&name.to_snake_case(), name, "snake of {name}");
            }
            assert_eq!(
                upper_camel(name),
                name.to_upper_camel_case(),
                "camel of {name}"
            );
        }
        // Those starting with a digit take heck's way.
        assert!(
            plain > 150 && plain < names.len(),
            "{plain} of {}",
            names.len()
        );
        for other in ["_id", "id_", "a__b", "createdAt", "x-y", "é_a", "A_b"] {
            assert!(!is_plain_snake(other), "{other}");
        }
    }

    #[test]
    fn namespace_settles_clashes_in_order() {
        let mut names = Namespace::with_reserved(&["Client"]);
        assert_eq!(names.claim("Client".into()), "Client2");
        assert_eq!(names.claim("foo_bar".into()), "foo_bar");
        assert_eq!(names.claim("foo_bar".into()), "foo_bar_2");
        assert_eq!(names.claim("type".into()), "type");
        assert_eq!(names.claim("type".into()), "type_2");
        assert_eq!(names.claim("Value1".into()), "Value1");
        assert_eq!(names.claim("Value1".into()), "Value1_2");
    }

    #[test]
    fn package_names_from_folders() {
        assert_eq!(package_name("generated-client"), "generated-client");
        assert_eq!(package_name("My Client!"), "my-client");
        assert_eq!(package_name("2024 api"), "client-2024-api");
        assert_eq!(package_name("..."), "client");
    }
}
