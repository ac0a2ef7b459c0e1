//! Replies: the raw form every operation reads first, and the decoded form it returns.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use reqwest::header::{AsHeaderName, HeaderMap};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::error::{
    ApiError, DecodeError, Error, ErrorBody, ErrorSummary, JsonProblem, join_summary, summary_of,
};

/// A typed view of reply headers, such as a response's declared rate-limit headers.
pub trait FromHeaders: Sized {
    /// Reads the view; headers that are absent or do not parse become `None`.
    fn from_headers(headers: &HeaderMap) -> Self;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Self {}
}

/// A successful reply: the decoded body, the headers the spec declares for it (`H`), and
/// the status and all headers it came with.
///
/// It dereferences to the body, so `response.field` reads a field of the body.
#[derive(Clone)]
pub struct ApiResponse<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    declared_headers: H,
    body: T,
}

impl<T, H> ApiResponse<T, H> {
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

    /// The headers the spec declares for this reply, typed.
    pub fn declared_headers(&self) -> &H {
        &self.declared_headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same reply, its body as `Some`: for operations whose other success replies have
    /// no body.
    pub(crate) fn into_some(self) -> ApiResponse<Option<T>, H> {
        self.map_body(Some)
    }

    /// The same reply with its body turned into another type, such as a variant of an
    /// operation's reply enum.
    pub fn map_body<U>(self, wrap: impl FnOnce(T) -> U) -> ApiResponse<U, H> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            declared_headers: self.declared_headers,
            body: wrap(self.body),
        }
    }
}

impl<H> ApiResponse<(), H> {
    /// A bodiless reply as `None`, for operations whose other success replies have a body.
    pub(crate) fn into_none<T>(self) -> ApiResponse<Option<T>, H> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            declared_headers: self.declared_headers,
            body: None,
        }
    }
}

impl<T: fmt::Debug, H: fmt::Debug> fmt::Debug for ApiResponse<T, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("declared_headers", &self.declared_headers)
            .field("body", &self.body)
            .finish()
    }
}

impl<T, H> Deref for ApiResponse<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A reply as it arrived: status, headers and the body's bytes, and the method of the
/// request it answers.
#[derive(Clone)]
pub struct RawResponse {
    method: Method,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    /// The method of the request this reply answers.
    pub fn method(&self) -> &Method {
        &self.method
    }

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

    /// The `Content-Type` header, if it is text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)?
            .to_str()
            .ok()
    }

    /// `title: detail` from an RFC 9457 problem details body (`application/problem+json`),
    /// or whichever of the two is there. This is the summary of error replies whose body
    /// fits neither the declared shape nor the fallback: the runtime reads no API's own keys,
    /// only this standard's, and only in a body whose media type says it is one, since a
    /// `title` in other JSON could mean anything.
    pub fn problem_summary(&self) -> Option<String> {
        let essence = self.content_type()?.split(';').next()?.trim();
        if !essence.eq_ignore_ascii_case("application/problem+json") {
            return None;
        }
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let text = |key: &str| value.get(key)?.as_str();
        join_summary(text("title"), text("detail"))
    }

    /// The problem-details summary; see [`RawResponse::problem_summary`]. What a declared
    /// error body says is [`ApiError::summary`].
    #[deprecated(note = "use `ApiError::summary`, or `problem_summary` for the raw reply")]
    pub fn error_summary(&self) -> Option<String> {
        self.problem_summary()
    }

    /// The body's bytes, exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Reads the whole reply to a `method` request, refusing bodies over `limit` bytes
    /// without buffering them; `failed` tells a transport error that cut the body.
    pub(crate) async fn read<E, F>(
        mut response: reqwest::Response,
        method: Method,
        limit: usize,
        failed: impl Fn(reqwest::Error) -> Error<E, F>,
    ) -> Result<Self, Error<E, F>> {
        let status = response.status();
        let too_large = || Error::BodyTooLarge {
            status,
            limit,
            method: method.clone(),
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                // Body errors come without the URL, which names the server in their message.
                Err(error) => return Err(failed(error.with_url(response.url().clone()))),
            };
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(Self {
            method,
            status,
            headers,
            body,
        })
    }

    /// A success reply with a JSON body.
    pub(crate) fn json<T: DeserializeOwned, H: FromHeaders, E, F>(
        self,
    ) -> Result<ApiResponse<T, H>, Error<E, F>> {
        match decode(&self.body) {
            Ok(body) => Ok(ApiResponse {
                status: self.status,
                declared_headers: H::from_headers(&self.headers),
                headers: self.headers,
                body,
            }),
            Err((path, source)) => Err(Error::Decode(Box::new(DecodeError::new(
                self, path, &source,
            )))),
        }
    }

    /// A success reply with a JSON body `B`, as one variant of the reply enum `U`.
    pub(crate) fn json_as<B: DeserializeOwned, U, H: FromHeaders, E, F>(
        self,
        wrap: impl FnOnce(B) -> U,
    ) -> Result<ApiResponse<U, H>, Error<E, F>> {
        let reply: ApiResponse<B, H> = self.json()?;
        Ok(reply.map_body(wrap))
    }

    /// A success reply whose body is text; bytes that are not UTF-8 become U+FFFD.
    pub(crate) fn text_body<H: FromHeaders, E, F>(
        self,
    ) -> Result<ApiResponse<String, H>, Error<E, F>> {
        let body = self.text();
        Ok(ApiResponse {
            status: self.status,
            declared_headers: H::from_headers(&self.headers),
            headers: self.headers,
            body,
        })
    }

    /// A success reply whose body is kept as bytes: a download.
    pub(crate) fn bytes_body<H: FromHeaders, E, F>(
        self,
    ) -> Result<ApiResponse<Vec<u8>, H>, Error<E, F>> {
        Ok(ApiResponse {
            status: self.status,
            declared_headers: H::from_headers(&self.headers),
            headers: self.headers,
            body: self.body,
        })
    }

    /// A success reply whose body, if any, is dropped.
    pub(crate) fn empty<H: FromHeaders, E, F>(self) -> Result<ApiResponse<(), H>, Error<E, F>> {
        Ok(ApiResponse {
            status: self.status,
            declared_headers: H::from_headers(&self.headers),
            headers: self.headers,
            body: (),
        })
    }

    /// A declared error reply: the declared body, else the fallback shape `F`, else
    /// unparsed (the raw body stays in the reply).
    pub(crate) fn error<E, F>(self) -> Error<E, F>
    where
        E: DeserializeOwned + ErrorSummary,
        F: DeserializeOwned + ErrorSummary,
    {
        self.error_as(|body: E| body)
    }

    /// A declared error reply without a body.
    pub(crate) fn error_without_body<F>(self) -> Error<(), F> {
        self.error_with(())
    }

    /// A declared error reply whose body `B` is one variant of the error enum `E`; the
    /// summary is read from `B`.
    pub(crate) fn error_as<B, E, F>(self, wrap: impl FnOnce(B) -> E) -> Error<E, F>
    where
        B: DeserializeOwned + ErrorSummary,
        F: DeserializeOwned + ErrorSummary,
    {
        let (body, summary) = match decode::<B>(&self.body) {
            Ok(body) => {
                let summary = summary_of(&body);
                (ErrorBody::Declared(wrap(body)), summary)
            }
            Err((path, source)) => match serde_json::from_slice::<F>(&self.body) {
                Ok(fallback) => {
                    let summary = summary_of(&fallback);
                    (ErrorBody::Fallback(fallback), summary)
                }
                Err(_) => {
                    let reason = format!("at `{path}`: {}", JsonProblem::of(&source));
                    (ErrorBody::Unparsed { reason }, self.problem_summary())
                }
            },
        };
        Error::Api(Box::new(ApiError::new(body, summary, self)))
    }

    /// A declared error reply without a body, as the variant `value` of the error enum.
    pub(crate) fn error_with<E, F>(self, value: E) -> Error<E, F> {
        let summary = self.problem_summary();
        Error::Api(Box::new(ApiError::new(
            ErrorBody::Declared(value),
            summary,
            self,
        )))
    }

    /// A reply with a status the operation does not declare.
    pub(crate) fn unexpected<E, F>(self) -> Error<E, F> {
        Error::UnexpectedStatus(Box::new(self))
    }
}

impl fmt::Debug for RawResponse {
    // The body may hold credentials (a token reply that failed to decode), so show its size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("method", &self.method)
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// Headers whose values can carry credentials or sessions.
const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "proxy-authorization",
    "set-cookie",
];

/// Prints headers with the values of credential-bearing ones replaced by `[redacted]`.
struct RedactedHeaders<'a>(&'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let shown: &dyn fmt::Debug =
                    if SENSITIVE_HEADERS.contains(&name.as_str()) || value.is_sensitive() {
                        &"[redacted]"
                    } else {
                        value
                    };
                (name, shown)
            }))
            .finish()
    }
}

/// A header parsed as `V`; `None` when it is absent or does not parse.
pub(crate) fn header<V: FromStr>(headers: &HeaderMap, name: impl AsHeaderName) -> Option<V> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Decodes JSON, naming the path of the value that did not fit (such as `error.error_msg`).
/// An empty body reads as `null`, so that a reply declared as JSON without a schema (or as
/// an optional value) may come without one.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        body
    };
    // Tracking the path costs a copy of every key; it is done again only for a body that failed.
    serde_json::from_slice(body).or_else(|_| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let value = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| (error.path().to_string(), error.into_inner()))?;
        deserializer
            .end()
            .map_err(|error| (".".to_owned(), error))?;
        Ok(value)
    })
}
