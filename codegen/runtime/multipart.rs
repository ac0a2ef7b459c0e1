//! `multipart/form-data` request bodies, and the [`File`] type their file fields hold.

use std::fmt;

use reqwest::RequestBuilder;
use reqwest::header::CONTENT_TYPE;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::Error;

/// A file to upload: its name, its bytes, and optionally its media type.
///
/// Files travel only in multipart bodies; serializing one as JSON fails.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    name: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl File {
    /// A file called `name` (the name the server sees) holding `bytes`.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            name: name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sends the file with this media type instead of `application/octet-stream`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's media type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for File {
    // The contents may be large or private; show their size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "a file goes in a multipart body, not in JSON",
        ))
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a file cannot be read from JSON"))
    }
}

/// The parts of a multipart body, in order.
#[derive(Default)]
#[allow(dead_code, reason = "used only by specs with multipart bodies")]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

#[allow(dead_code, reason = "used only by specs with multipart bodies")]
impl Multipart {
    /// A text field.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            bytes: value.as_bytes().to_vec(),
        });
    }

    /// A file field.
    pub(crate) fn file(&mut self, name: &str, file: &File) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.name.clone()),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            bytes: file.bytes.clone(),
        });
    }

    /// A field holding an object or a list of them, as JSON text.
    pub(crate) fn json<T: Serialize + ?Sized, E, F>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E, F>> {
        let bytes = serde_json::to_vec(value).map_err(|error| {
            Error::InvalidRequest(format!("the field `{name}` did not serialize: {error}"))
        })?;
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            bytes,
        });
        Ok(())
    }

    /// Sets the media type of the part added last, as the body's `encoding` declares it.
    pub(crate) fn content_type(&mut self, content_type: &str) {
        if let Some(part) = self.parts.last_mut() {
            part.content_type = Some(content_type.to_owned());
        }
    }

    /// Sets the request's body and `Content-Type` to these parts.
    pub(crate) fn attach(self, request: RequestBuilder) -> RequestBuilder {
        let boundary = self.boundary();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        request
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
    }

    /// A boundary that no part contains.
    fn boundary(&self) -> String {
        let mut attempt = 0u64;
        loop {
            let boundary = format!("form-boundary-{attempt:016x}");
            let taken = self.parts.iter().any(|part| {
                part.bytes
                    .windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            });
            if !taken {
                return boundary;
            }
            attempt += 1;
        }
    }
}

/// A name inside a quoted header parameter: quotes and line breaks percent-encoded, as
/// browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
