//! The error every operation returns: a declared error reply, an unexpected reply, a body
//! that did not decode, or a failure to reach the server.

use std::fmt;

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, StatusCode};

use super::response::RawResponse;

/// Why an operation failed. `E` is the body type the operation declares for its error replies;
/// `F` is a second shape such replies are tried as when `E` does not fit, which the generated
/// crate supplies when its settings ask for one (else [`NoFallback`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E, F = NoFallback> {
    /// The server answered with a status the operation declares as an error. Its body is
    /// decoded as `E` where it fits (see [`ErrorBody`]).
    Api(Box<ApiError<E, F>>),
    /// The server answered with a status the operation does not declare.
    UnexpectedStatus(Box<RawResponse>),
    /// A success reply's body did not decode as the declared type.
    Decode(Box<DecodeError>),
    /// The reply's body was larger than the client's limit; it was not read to the end.
    BodyTooLarge {
        /// The reply's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The request's method.
        method: Method,
    },
    /// The request did not complete: connection, TLS, timeout, redirects, or a reply cut
    /// short. [`TransportError::kind`] says which.
    Transport(TransportError),
    /// The request could not be built, for example from an unusable server URL.
    InvalidRequest(String),
}

impl<E, F> Error<E, F> {
    /// The reply's status, when there was a reply.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.response.status()),
            Self::UnexpectedStatus(response) => Some(response.status()),
            Self::Decode(error) => Some(error.response.status()),
            Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(_) | Self::InvalidRequest(_) => None,
        }
    }

    /// The reply as received, when it was read in full.
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Self::Api(error) => Some(&error.response),
            Self::UnexpectedStatus(response) => Some(response),
            Self::Decode(error) => Some(&error.response),
            Self::BodyTooLarge { .. } | Self::Transport(_) | Self::InvalidRequest(_) => None,
        }
    }

    /// Whether the request timed out, connecting or waiting for the reply.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Self::Transport(error)
                if matches!(error.kind(), TransportKind::TimedOut | TransportKind::ConnectTimedOut)
        )
    }

    /// Whether sending the same request again may succeed without doing anything twice.
    ///
    /// Idempotent requests (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) are
    /// retryable after a transport failure or timeout (but not after too many redirects) and
    /// on statuses 429, 502, 503 and 504.
    ///
    /// Other requests (`POST`, `PATCH`) may already have taken effect when the reply went
    /// missing: a code exchange whose reply was cut would only fail again with
    /// `invalid_grant`. They are retryable only when the request certainly never reached the
    /// server (the host name did not resolve, the connection was refused or timed out, the
    /// TLS handshake failed), or when the server says so: 429 or 503 with a `Retry-After`
    /// header.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(error) => error.is_retryable(),
            Self::BodyTooLarge { status, method, .. } => status_says_retry(*status, method, false),
            Self::InvalidRequest(_) => false,
            Self::Api(_) | Self::UnexpectedStatus(_) | Self::Decode(_) => {
                self.response().is_some_and(|response| {
                    let retry_after = response.headers().contains_key(RETRY_AFTER);
                    status_says_retry(response.status(), response.method(), retry_after)
                })
            }
        }
    }

    /// How long the server asked to wait before retrying, from a `Retry-After` header given
    /// in seconds (a date is not read).
    pub fn retry_after(&self) -> Option<Duration> {
        let seconds: u64 = self.response()?.header(RETRY_AFTER.as_str())?;
        Some(Duration::from_secs(seconds))
    }
}

/// Whether a reply with `status` to a `method` request may be retried; `retry_after` tells
/// whether it carried a `Retry-After` header.
fn status_says_retry(status: StatusCode, method: &Method, retry_after: bool) -> bool {
    match status.as_u16() {
        429 | 503 => is_idempotent(method) || retry_after,
        502 | 504 => is_idempotent(method),
        _ => false,
    }
}

/// Methods that may be sent twice with the effect of once (RFC 9110, section 9.2.2).
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

impl<E, F> fmt::Display for Error<E, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => {
                write!(
                    f,
                    "the server refused the request with {}",
                    error.response.status()
                )?;
                match error.summary() {
                    Some(summary) => write!(f, ": {summary}"),
                    None => Ok(()),
                }
            }
            Self::UnexpectedStatus(response) => {
                write!(
                    f,
                    "the server answered with an undeclared status: {}",
                    response.status()
                )
            }
            Self::Decode(error) => error.fmt(f),
            Self::BodyTooLarge { status, limit, .. } => {
                write!(
                    f,
                    "the {status} reply's body is larger than the {limit}-byte limit"
                )
            }
            Self::Transport(error) => error.fmt(f),
            Self::InvalidRequest(reason) => write!(f, "the request could not be built: {reason}"),
        }
    }
}

impl<E: fmt::Debug, F: fmt::Debug> std::error::Error for Error<E, F> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(error) => Some(error.as_ref()),
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// A declared error reply: its decoded body and the reply it came in.
#[derive(Debug)]
pub struct ApiError<E, F = NoFallback> {
    body: ErrorBody<E, F>,
    summary: Option<String>,
    response: RawResponse,
}

impl<E, F> ApiError<E, F> {
    /// `summary` is what the body says went wrong, as [`ApiError::summary`] gives it.
    pub(crate) fn new(
        body: ErrorBody<E, F>,
        summary: Option<String>,
        response: RawResponse,
    ) -> Self {
        Self {
            body,
            summary,
            response,
        }
    }

    /// The decoded error body.
    pub fn body(&self) -> &ErrorBody<E, F> {
        &self.body
    }

    /// The body in the shape the spec declares, if it came in that shape.
    pub fn declared(&self) -> Option<&E> {
        match &self.body {
            ErrorBody::Declared(body) => Some(body),
            ErrorBody::Fallback(_) | ErrorBody::Unparsed { .. } => None,
        }
    }

    /// What the server says went wrong, `name: message` (or either alone), as the error's
    /// `Display` shows it: read through [`ErrorSummary`] from the declared or fallback body,
    /// or, for a body in neither shape, from RFC 9457 problem details
    /// ([`RawResponse::problem_summary`]).
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// The reply as received: status, headers and raw body.
    pub fn response(&self) -> &RawResponse {
        &self.response
    }

    /// The decoded error body, dropping the rest.
    pub fn into_body(self) -> ErrorBody<E, F> {
        self.body
    }
}

/// The body of a declared error reply.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody<E, F = NoFallback> {
    /// The shape the spec declares.
    Declared(E),
    /// The second shape the crate's settings name, such as the classic OAuth 2.0 error
    /// (RFC 6749, section 5.2) that some servers send instead of the declared one. Never
    /// occurs when `F` is [`NoFallback`].
    Fallback(F),
    /// Neither: an HTML page, plain text, an empty body, or JSON of another shape. The raw
    /// body is in [`ApiError::response`].
    Unparsed {
        /// Why the declared shape did not fit, such as "at `error`: invalid type".
        reason: String,
    },
}

/// The fallback of a crate whose settings name none: no value has this type, so
/// [`ErrorBody::Fallback`] never occurs, and decoding one always fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFallback {}

impl<'de> serde::Deserialize<'de> for NoFallback {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "this API has no fallback error shape",
        ))
    }
}

impl ErrorSummary for NoFallback {}

/// What an error body says went wrong: the name (or code) and the message that an error's
/// `Display` shows as `name: message`.
///
/// The runtime knows no API's error shape: the generated crate implements this for each
/// model the spec declares as an error reply, reading the string properties the generator
/// found for the name and the message (in the model, or one object property deep). The
/// implementations here, for bodies that are not models, say nothing.
pub trait ErrorSummary {
    /// The error's name or code, such as `invalid_grant`.
    fn error_name(&self) -> Option<&str> {
        None
    }

    /// The human-readable message.
    fn error_message(&self) -> Option<&str> {
        None
    }
}

/// `name: message`, or whichever of the two is there.
pub(crate) fn summary_of(body: &impl ErrorSummary) -> Option<String> {
    join_summary(body.error_name(), body.error_message())
}

/// `name: message`, or whichever of the two is there.
pub(crate) fn join_summary(name: Option<&str>, message: Option<&str>) -> Option<String> {
    match (name, message) {
        (Some(name), Some(message)) => Some(format!("{name}: {message}")),
        (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
        (None, None) => None,
    }
}

impl ErrorSummary for () {}
impl ErrorSummary for String {}
impl ErrorSummary for bool {}
impl ErrorSummary for i32 {}
impl ErrorSummary for i64 {}
impl ErrorSummary for f32 {}
impl ErrorSummary for f64 {}
impl ErrorSummary for serde_json::Value {}
impl ErrorSummary for super::secret::Secret {}
impl<T> ErrorSummary for Vec<T> {}
impl<T> ErrorSummary for std::collections::HashMap<String, T> {}

/// A reply whose body did not decode as the declared type.
///
/// It names the place in the body and the type expected there, but never quotes a value
/// from the body, which may be a token in a mistyped field. The raw body stays available
/// through [`DecodeError::response`].
#[derive(Debug)]
pub struct DecodeError {
    response: RawResponse,
    path: String,
    reason: JsonProblem,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, path: String, source: &serde_json::Error) -> Self {
        Self {
            response,
            path,
            reason: JsonProblem::of(source),
        }
    }

    /// The reply as received, raw body included.
    pub fn response(&self) -> &RawResponse {
        &self.response
    }

    /// Where in the body decoding stopped, such as `error.error_msg` (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What did not fit, such as "expected i64, found a string", without the value itself.
    pub fn reason(&self) -> &str {
        &self.reason.message
    }

    /// One-based line and column in the body where decoding stopped.
    pub fn line_column(&self) -> (usize, usize) {
        (self.reason.line, self.reason.column)
    }

    /// Whether the body ended before the JSON value did (a reply cut short).
    pub fn is_eof(&self) -> bool {
        self.reason.eof
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} reply's body did not decode at `{}`: {}",
            self.response.status(),
            self.path,
            self.reason
        )?;
        match self.response.content_type() {
            Some(content_type) if !is_json(content_type) => {
                write!(f, " (its content type is `{content_type}`, not JSON)")
            }
            _ => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A JSON error told without the values it would quote.
#[derive(Debug, Clone)]
pub(crate) struct JsonProblem {
    message: String,
    line: usize,
    column: usize,
    eof: bool,
}

impl JsonProblem {
    pub(crate) fn of(error: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let text = error.to_string();
        // serde_json appends the place itself; it is kept apart here.
        let text = match text.rfind(" at line ") {
            Some(at) if error.line() > 0 => &text[..at],
            _ => &text,
        };
        let message = match error.classify() {
            // Syntax messages are fixed texts such as "expected value" or "trailing comma".
            Category::Syntax | Category::Eof => text.to_owned(),
            Category::Io => "the body could not be read".to_owned(),
            Category::Data => without_values(text),
        };
        Self {
            message,
            line: error.line(),
            column: error.column(),
            eof: error.is_eof(),
        }
    }
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

/// serde's data errors quote the value that did not fit (`invalid type: string "abc",
/// expected i64`); this keeps the kind of value and what was expected, which come from the
/// declared types, and drops the value.
fn without_values(text: &str) -> String {
    // The expected part comes last, so a value that itself holds ", expected " cannot hide it.
    let expected = text
        .rfind(", expected ")
        .map(|at| &text[at + ", expected ".len()..]);
    let found = |rest: &str| {
        let kind = match rest.split([' ', ',']).next().unwrap_or_default() {
            "string" => "a string",
            "integer" => "an integer",
            "floating" => "a number",
            "boolean" => "a boolean",
            "map" => "an object",
            "sequence" => "an array",
            "null" | "unit" => "null",
            "character" => "a character",
            _ => "another kind of value",
        };
        kind.to_owned()
    };
    if let (Some(rest), Some(expected)) = (text.strip_prefix("invalid type: "), expected) {
        format!("expected {expected}, found {}", found(rest))
    } else if let (Some(rest), Some(expected)) = (text.strip_prefix("invalid value: "), expected) {
        format!(
            "expected {expected}, found {} that does not fit",
            found(rest)
        )
    } else if let (true, Some(expected)) = (text.starts_with("unknown variant "), expected) {
        format!("found an unknown variant, expected {expected}")
    } else if let (true, Some(expected)) = (text.starts_with("unknown field "), expected) {
        format!("found an unknown field, expected {expected}")
    } else if text.starts_with("invalid length ")
        || text.starts_with("missing field ")
        || text.starts_with("duplicate field ")
    {
        // A count, or a field name from the declared type.
        text.to_owned()
    } else {
        "the value does not fit the declared type".to_owned()
    }
}

/// `application/json` and `application/*+json`, parameters ignored. The generator has its
/// own copy: this runtime must build without it.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// What went wrong on the way to the server or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// Nothing accepted the connection at the server's address.
    ConnectionRefused,
    /// Connecting took longer than the connect timeout.
    ConnectTimedOut,
    /// The TLS handshake failed: no TLS on the other side, or a certificate not trusted.
    Tls,
    /// Another failure to connect.
    Connect,
    /// The whole request took longer than the client's timeout.
    TimedOut,
    /// Redirects went on past the limit (or in a loop).
    TooManyRedirects,
    /// The connection was reset or closed before the reply's head arrived.
    ClosedBeforeReply,
    /// The connection was reset or closed while the reply's body was being read.
    ClosedMidBody,
    /// Anything else.
    Other,
}

/// Where a request was when its transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Connecting, sending, or waiting for the reply's head.
    Send,
    /// Reading the reply's body.
    Body,
}

/// A request that did not complete, with what happened and whether it reached the server.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    method: Method,
    /// The limit that fired, for timeouts: the request timeout or the connect timeout.
    limit: Option<Duration>,
    reset: bool,
    source: reqwest::Error,
}

impl TransportError {
    /// Classifies a reqwest error from its own flags and the I/O error in its `source()`
    /// chain. `timeout` is the request's timeout and `connect_timeout` the client's, when
    /// known. The URL's query, which can hold an API key, is removed first.
    pub(crate) fn new(
        mut source: reqwest::Error,
        method: Method,
        phase: Phase,
        timeout: Duration,
        connect_timeout: Option<Duration>,
    ) -> Self {
        if let Some(url) = source.url_mut() {
            url.set_query(None);
        }
        let io = io_kind(&source);
        let https = source.url().is_some_and(|url| url.scheme() == "https");
        let reset = matches!(
            io,
            Some(std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted)
        );
        let (kind, limit) = if source.is_redirect() {
            (TransportKind::TooManyRedirects, None)
        } else if source.is_connect() && source.is_timeout() {
            (TransportKind::ConnectTimedOut, connect_timeout)
        } else if source.is_timeout() {
            (TransportKind::TimedOut, Some(timeout))
        } else if source.is_dns() {
            (TransportKind::Dns, None)
        } else if source.is_connect() {
            let kind = match io {
                Some(std::io::ErrorKind::ConnectionRefused) => TransportKind::ConnectionRefused,
                // The TCP connection stood; what failed after it is the handshake.
                Some(kind) if https && !is_tcp_failure(kind) => TransportKind::Tls,
                None if https => TransportKind::Tls,
                _ => TransportKind::Connect,
            };
            (kind, None)
        } else if phase == Phase::Body {
            (TransportKind::ClosedMidBody, None)
        } else if source.is_request() || io.is_some() {
            (TransportKind::ClosedBeforeReply, None)
        } else {
            (TransportKind::Other, None)
        };
        Self {
            kind,
            method,
            limit,
            reset,
            source,
        }
    }

    /// What happened.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request certainly never reached the server: the failure came while
    /// connecting, before a byte of it was sent.
    pub fn never_sent(&self) -> bool {
        matches!(
            self.kind,
            TransportKind::Dns
                | TransportKind::ConnectionRefused
                | TransportKind::ConnectTimedOut
                | TransportKind::Tls
                | TransportKind::Connect
        )
    }

    /// See [`Error::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            TransportKind::TooManyRedirects => false,
            _ if self.source.is_builder() => false,
            _ => self.never_sent() || is_idempotent(&self.method),
        }
    }

    /// The underlying reqwest error (its URL without the query).
    pub fn reqwest(&self) -> &reqwest::Error {
        &self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let server = self
            .source
            .url()
            .and_then(|url| {
                Some(format!(
                    "{}:{}",
                    url.host_str()?,
                    url.port_or_known_default()?
                ))
            })
            .unwrap_or_else(|| "the server".to_owned());
        let after = |limit: Option<Duration>| match limit {
            Some(limit) => format!(" after {} s", limit.as_secs_f64()),
            None => String::new(),
        };
        let closed = if self.reset { "was reset" } else { "closed" };
        match self.kind {
            TransportKind::Dns => write!(f, "could not resolve the host of {server}"),
            TransportKind::ConnectionRefused => write!(f, "{server} refused the connection"),
            TransportKind::ConnectTimedOut => {
                write!(f, "connecting to {server} timed out{}", after(self.limit))
            }
            TransportKind::Tls => {
                write!(
                    f,
                    "the TLS handshake with {server} failed: {}",
                    innermost(&self.source)
                )
            }
            TransportKind::Connect => {
                write!(
                    f,
                    "could not connect to {server}: {}",
                    innermost(&self.source)
                )
            }
            TransportKind::TimedOut => write!(
                f,
                "the {} request to {server} timed out{}",
                self.method,
                after(self.limit)
            ),
            TransportKind::TooManyRedirects => {
                write!(f, "too many redirects, the last to {server}")
            }
            TransportKind::ClosedBeforeReply => {
                write!(
                    f,
                    "the connection to {server} {closed} before a reply arrived"
                )
            }
            TransportKind::ClosedMidBody => write!(
                f,
                "the connection to {server} {closed} before the whole reply arrived"
            ),
            TransportKind::Other => write!(
                f,
                "the request to {server} failed: {}",
                innermost(&self.source)
            ),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The kind of the first I/O error in `error`'s `source()` chain.
fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut next = std::error::Error::source(error);
    while let Some(cause) = next {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        next = cause.source();
    }
    None
}

/// I/O errors of the TCP connection itself, as opposed to the TLS session on top of it.
fn is_tcp_failure(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::{
        AddrInUse, AddrNotAvailable, ConnectionRefused, HostUnreachable, NetworkUnreachable,
        TimedOut,
    };
    matches!(
        kind,
        ConnectionRefused
            | TimedOut
            | AddrInUse
            | AddrNotAvailable
            | HostUnreachable
            | NetworkUnreachable
    )
}

/// The last error in the `source()` chain: the most specific cause.
pub(crate) fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut last = error;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_idempotency_and_retry_after() {
        let status = |code| StatusCode::from_u16(code).unwrap();
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            for code in [429, 502, 503, 504] {
                assert!(
                    status_says_retry(status(code), &method, false),
                    "{method} {code}"
                );
            }
            for code in [200, 400, 401, 404, 500, 501] {
                assert!(
                    !status_says_retry(status(code), &method, true),
                    "{method} {code}"
                );
            }
        }
        for method in [Method::POST, Method::PATCH] {
            for code in [429, 502, 503, 504, 500] {
                assert!(
                    !status_says_retry(status(code), &method, false),
                    "{method} {code}"
                );
            }
            assert!(status_says_retry(status(429), &method, true));
            assert!(status_says_retry(status(503), &method, true));
            assert!(!status_says_retry(status(502), &method, true));
        }
    }

    #[test]
    fn data_errors_keep_the_expected_type_and_drop_the_value() {
        let cases = [
            (
                r#"invalid type: string "tok, expected x", expected i64"#,
                "expected i64, found a string",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                "expected u32, found an integer that does not fit",
            ),
            (
                "unknown variant `tok`, expected `a` or `b`",
                "found an unknown variant, expected `a` or `b`",
            ),
            ("missing field `code`", "missing field `code`"),
            ("tok", "the value does not fit the declared type"),
        ];
        for (text, expected) in cases {
            assert_eq!(without_values(text), expected);
        }
    }
}
