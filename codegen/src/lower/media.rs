//! Which of a body's media types the client uses, and how: JSON whenever it is offered,
//! else a form, text or raw bytes. A multipart-only body is not supported yet.

use indexmap::IndexMap;
use openapiv3::MediaType;

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Encoding, Type};

/// Whether a body is sent or received; forms only go out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

impl<'a> Lowerer<'a> {
    /// The body type and encoding of a `content` map; `None` when the map is empty.
    pub(super) fn body(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &Pointer,
        direction: Direction,
        hint: &str,
    ) -> Result<Option<(Type, Encoding)>, Diagnostic> {
        let choices = content.iter().map(|(name, media)| {
            let encoding = encoding(name, direction);
            (encoding, name, media)
        });
        let preference = |encoding: &Option<Encoding>| match encoding {
            Some(Encoding::Json) => 0,
            Some(Encoding::Form) => 1,
            Some(Encoding::Text(_) | Encoding::Binary(_)) => 2,
            None => 3,
        };
        let Some((encoding, name, media)) = choices.min_by_key(|(e, _, _)| preference(e)) else {
            return Ok(None);
        };
        let at = at.join("content").join(name);
        let Some(encoding) = encoding else {
            return Err(self.unsupported(&at, &format!("the media type `{name}`")));
        };
        let ty = match (&encoding, &media.schema) {
            (Encoding::Json | Encoding::Form, Some(schema)) => {
                self.schema_type(schema, &at.join("schema"), hint)?
            }
            (Encoding::Json, None) => Type::Any,
            (Encoding::Form, None) => {
                return Err(self.error(&at, "a form body needs a `schema` with properties"));
            }
            (Encoding::Text(_), _) => Type::String,
            (Encoding::Binary(_), _) => Type::Bytes,
        };
        Ok(Some((ty, encoding)))
    }
}

/// How a media type travels; `None` for one the client cannot send or read yet.
fn encoding(media_type: &str, direction: Direction) -> Option<Encoding> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let is_json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if is_json {
        Some(Encoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        (direction == Direction::Request).then_some(Encoding::Form)
    } else if essence.starts_with("multipart/") || essence.is_empty() {
        None
    } else if essence.starts_with("text/") {
        Some(Encoding::Text(media_type.to_owned()))
    } else {
        Some(Encoding::Binary(media_type.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_map_to_encodings() {
        let request = |name| encoding(name, Direction::Request);
        assert_eq!(request("application/problem+json"), Some(Encoding::Json));
        assert_eq!(
            request("application/json; charset=utf-8"),
            Some(Encoding::Json)
        );
        assert_eq!(
            request("application/x-www-form-urlencoded"),
            Some(Encoding::Form)
        );
        assert_eq!(
            encoding("application/x-www-form-urlencoded", Direction::Response),
            None
        );
        assert_eq!(request("multipart/form-data"), None);
        assert_eq!(
            request("text/plain"),
            Some(Encoding::Text("text/plain".into()))
        );
        assert_eq!(
            request("application/pdf"),
            Some(Encoding::Binary("application/pdf".into()))
        );
    }
}
