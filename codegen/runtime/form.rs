//! `application/x-www-form-urlencoded` request bodies.

use reqwest::RequestBuilder;
use reqwest::header::CONTENT_TYPE;
use serde::Serialize;

use super::error::Error;

/// The `name=value` pairs of a form body, in order.
#[derive(Default)]
pub(crate) struct Form {
    encoded: String,
}

impl Form {
    /// A field; array items are added one pair each.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        encode(name, &mut self.encoded);
        self.encoded.push('=');
        encode(value, &mut self.encoded);
    }

    /// A field holding an object or a list of them, as JSON text.
    #[allow(dead_code, reason = "used only by forms with object fields")]
    pub(crate) fn json<T: Serialize + ?Sized, E, F>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E, F>> {
        let text = serde_json::to_string(value).map_err(|error| {
            Error::InvalidRequest(format!("the field `{name}` did not serialize: {error}"))
        })?;
        self.text(name, &text);
        Ok(())
    }

    /// Sets the request's body and `Content-Type` to this form.
    pub(crate) fn attach(self, request: RequestBuilder) -> RequestBuilder {
        request
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(self.encoded)
    }
}

/// Appends `text` encoded as the URL standard's form serializer does: ASCII letters, digits
/// and `*-._` stay, a space becomes `+`, every other byte `%XX`.
fn encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
}
