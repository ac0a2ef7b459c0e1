//! A credential that keeps its value out of logs: `Debug` prints `[redacted]`.

use std::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// A credential such as a client secret, a token or an OAuth `state`.
///
/// It serializes as the plain string it holds, but its `Debug` output is always
/// `[redacted]`, and it has no `Display`: reading the value takes an explicit
/// [`Secret::expose_secret`].
///
/// Two secrets compare in constant time (for equal lengths), so a comparison does not tell
/// an attacker how many leading bytes matched. There is deliberately no `Hash`: a secret
/// is not a map key.
#[derive(Clone, Serialize, Deserialize)]
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

    /// Whether `other` is this credential, compared in constant time; only a difference in
    /// length returns early.
    pub fn matches(&self, other: &str) -> bool {
        self.0.as_bytes().ct_eq(other.as_bytes()).into()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.matches(&other.0)
    }
}

impl Eq for Secret {}

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
