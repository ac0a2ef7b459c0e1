//! A credential that keeps its value out of logs: `Debug` prints `[redacted]`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A credential such as a client secret or a token.
///
/// It serializes as the plain string it holds, but its `Debug` output is always
/// `[redacted]`, and it has no `Display`: reading the value takes an explicit
/// [`Secret::expose_secret`].
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}
