//! Errors that point into the spec: file, line and column where known, and a JSON pointer.

use std::fmt;

/// A problem found in a spec, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec's file name as the user gave it.
    pub file: String,
    /// One-based line and column, where the YAML parser reported them.
    pub line_column: Option<(usize, usize)>,
    /// JSON pointer to the offending node, such as `#/components/schemas/Pet`.
    pub pointer: Option<Pointer>,
    /// What is wrong, as a sentence without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `pointer` in `file`.
    pub fn at(file: &str, pointer: &Pointer, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line_column: None,
            pointer: Some(pointer.clone()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if let Some(pointer) = &self.pointer {
            write!(f, "at {pointer}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A JSON pointer (RFC 6901) built one reference token at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document root, `#`.
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses the fragment of a local `$ref` such as `#/components/schemas/Pet`.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let path = reference.strip_prefix('#')?;
        (path.is_empty() || path.starts_with('/')).then(|| Self(path.to_owned()))
    }

    /// This pointer extended by one token, escaped as RFC 6901 requires.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // One allocation in the common case: loading joins a pointer for every schema.
        let mut joined = String::with_capacity(self.0.len() + 24);
        joined.push_str(&self.0);
        joined.push('/');
        let start = joined.len();
        let _ = write!(joined, "{token}");
        if joined[start..].contains(['~', '/']) {
            let escaped = joined[start..].replace('~', "~0").replace('/', "~1");
            joined.truncate(start);
            joined.push_str(&escaped);
        }
        Self(joined)
    }

    /// The unescaped reference tokens, outermost first.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_and_round_trips_tokens() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/oauth/token?refresh")
            .join("a~b");
        assert_eq!(pointer.to_string(), "#/paths/~1oauth~1token?refresh/a~0b");
        let reparsed = Pointer::from_ref(&pointer.to_string()).unwrap();
        assert_eq!(
            reparsed.tokens().collect::<Vec<_>>(),
            ["paths", "/oauth/token?refresh", "a~b"]
        );
    }

    #[test]
    fn display_names_file_place_and_pointer() {
        let mut diagnostic = Diagnostic::at("spec.yaml", &Pointer::root().join("info"), "bad");
        assert_eq!(diagnostic.to_string(), "spec.yaml: at #/info: bad");
        diagnostic.line_column = Some((3, 7));
        assert_eq!(diagnostic.to_string(), "spec.yaml:3:7: at #/info: bad");
    }

    #[test]
    fn only_local_refs_become_pointers() {
        assert!(Pointer::from_ref("other.yaml#/a").is_none());
        assert!(Pointer::from_ref("#bad").is_none());
        assert_eq!(Pointer::from_ref("#").unwrap(), Pointer::root());
    }
}
