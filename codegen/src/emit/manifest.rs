//! The generated crate's `Cargo.toml`: standalone, so the crate builds wherever it is written.

use std::fmt::Write;

use super::CrateSettings;
use crate::ir::Api;

/// The manifest text, without the header line.
pub fn emit(api: &Api, settings: &CrateSettings) -> String {
    let mut text = String::new();
    let description = format!(
        "Typed client for the {}, generated from its OpenAPI description",
        api.title
    );
    let _ = write!(
        text,
        r#"[package]
name = {name}
version = {version}
description = {description}
edition = "2024"
rust-version = "1.85"
publish = false

[features]
default = ["rustls"]
# TLS through rustls, with the platform's certificate store.
rustls = ["reqwest/rustls"]
# TLS through the platform's native library (OpenSSL on Linux).
native-tls = ["reqwest/native-tls"]
# Both serde traits on every model: by default a model only sent implements `Serialize`
# and one only received `Deserialize`, which keeps the crate quick to build.
full-serde = []

[dependencies]
reqwest = {{ version = "0.13", default-features = false, features = ["http2", "system-proxy"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
# Constant-time comparison of secrets; rustls already depends on it.
subtle = {{ version = "2.6", default-features = false }}
"#,
        name = toml_string(&settings.name),
        version = toml_string(&settings.version),
        description = toml_string(&description),
    );
    for (name, value) in &settings.extra_dependencies {
        let _ = writeln!(text, "{name} = {value}");
    }
    if !settings.extra_dev_dependencies.is_empty() {
        text.push_str("\n[dev-dependencies]\n");
        for (name, value) in &settings.extra_dev_dependencies {
            let _ = writeln!(text, "{name} = {value}");
        }
    }
    text
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", c as u32);
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(toml_string("a \"b\" \\ c\n"), r#""a \"b\" \\ c\u000A""#);
    }
}
