//! Replies: the raw form every operation reads first, and the decoded form it returns.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error};

/// A successful reply: the decoded body with the status and headers it came with.
///
/// It dereferences to the body, so `response.field` reads a field of the body.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All reply headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header parsed as `V`, such as `response.header::<i32>("X-RateLimit-Remaining")`;
    /// `None` when it is absent or does not parse. Names match case-insensitively.
    pub fn header<V: FromStr>(&self, name: &str) -> Option<V> {
        header(&self.headers, name)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A reply as it arrived: status, headers and the body's bytes.
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All reply headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header parsed as `V`; `None` when it is absent or does not parse.
    pub fn header<V: FromStr>(&self, name: &str) -> Option<V> {
        header(&self.headers, name)
    }

    /// The body's bytes, exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Reads the whole reply, refusing bodies over `limit` bytes without buffering them.
    pub(crate) async fn read<E>(
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Error<E>> {
        let status = response.status();
        let too_large = || Error::BodyTooLarge { status, limit };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    /// A success reply with a JSON body.
    #[allow(dead_code, reason = "used only by specs with JSON success replies")]
    pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match decode(&self.body) {
            Ok(body) => Ok(ApiResponse {
                status: self.status,
                headers: self.headers,
                body,
            }),
            Err((path, source)) => Err(Error::Decode(Box::new(DecodeError::new(
                self, path, source,
            )))),
        }
    }

    /// A success reply whose body is text; bytes that are not UTF-8 become U+FFFD.
    #[allow(dead_code, reason = "used only by specs with text success replies")]
    pub(crate) fn text_body<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        let body = self.text();
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        })
    }

    /// A success reply whose body is kept as bytes: a download.
    #[allow(dead_code, reason = "used only by specs with binary success replies")]
    pub(crate) fn bytes_body<E>(self) -> Result<ApiResponse<Vec<u8>>, Error<E>> {
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
        })
    }

    /// A success reply whose body, if any, is not read.
    #[allow(dead_code, reason = "used only by specs with bodiless success replies")]
    pub(crate) fn empty<E>(self) -> Result<ApiResponse<()>, Error<E>> {
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body: (),
        })
    }

    /// A declared error reply with a JSON body.
    #[allow(dead_code, reason = "used only by specs with JSON error replies")]
    pub(crate) fn error<E: DeserializeOwned>(self) -> Error<E> {
        match decode(&self.body) {
            Ok(body) => Error::Api(Box::new(ApiError::new(body, self))),
            Err((path, source)) => Error::Decode(Box::new(DecodeError::new(self, path, source))),
        }
    }

    /// A declared error reply without a body.
    #[allow(dead_code, reason = "used only by specs with bodiless error replies")]
    pub(crate) fn error_without_body(self) -> Error<()> {
        Error::Api(Box::new(ApiError::new((), self)))
    }

    /// A reply with a status the operation does not declare.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(self))
    }
}

impl fmt::Debug for RawResponse {
    // The body may hold credentials (a token reply that failed to decode), so show its size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

fn header<V: FromStr>(headers: &HeaderMap, name: &str) -> Option<V> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Decodes JSON, naming the path of the value that did not fit (such as `error.error_msg`).
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| (".".to_owned(), error))?;
    Ok(value)
}
