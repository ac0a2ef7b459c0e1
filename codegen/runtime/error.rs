//! The error every operation returns: a declared error reply, an unexpected reply, a body
//! that did not decode, or a failure to reach the server.

use std::fmt;

use reqwest::StatusCode;

use crate::response::RawResponse;

/// Why an operation failed. `E` is the body type the operation declares for its error replies.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the operation declares as an error. Its body is
    /// decoded as `E` where it fits (see [`ErrorBody`]).
    Api(Box<ApiError<E>>),
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
    },
    /// The request did not complete: connection, TLS, timeout, or a reply cut short.
    Transport(reqwest::Error),
    /// The request could not be built, for example from an unusable server URL.
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The reply's status, when there was a reply.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.response.status()),
            Self::UnexpectedStatus(response) => Some(response.status()),
            Self::Decode(error) => Some(error.response.status()),
            Self::BodyTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status(),
            Self::InvalidRequest(_) => None,
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

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(error) if error.is_timeout())
    }

    /// Whether sending the same request again later may succeed: transport failures,
    /// timeouts, and statuses 429, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        if let Self::Transport(error) = self {
            return !error.is_builder() && !error.is_redirect();
        }
        self.status()
            .is_some_and(|status| matches!(status.as_u16(), 429 | 502 | 503 | 504))
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => {
                write!(
                    f,
                    "the server refused the request with {}",
                    error.response.status()
                )?;
                match error.response.error_summary() {
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
            Self::BodyTooLarge { status, limit } => {
                write!(
                    f,
                    "the {status} reply's body is larger than the {limit}-byte limit"
                )
            }
            Self::Transport(_) => f.write_str("the request failed to complete"),
            Self::InvalidRequest(reason) => write!(f, "the request could not be built: {reason}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(error) => Some(&error.source),
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// A declared error reply: its decoded body and the reply it came in.
#[derive(Debug)]
pub struct ApiError<E> {
    body: ErrorBody<E>,
    response: RawResponse,
}

impl<E> ApiError<E> {
    pub(crate) fn new(body: ErrorBody<E>, response: RawResponse) -> Self {
        Self { body, response }
    }

    /// The decoded error body.
    pub fn body(&self) -> &ErrorBody<E> {
        &self.body
    }

    /// The body in the shape the spec declares, if it came in that shape.
    pub fn declared(&self) -> Option<&E> {
        match &self.body {
            ErrorBody::Declared(body) => Some(body),
            ErrorBody::OAuth(_) | ErrorBody::Unparsed { .. } => None,
        }
    }

    /// The reply as received: status, headers and raw body.
    pub fn response(&self) -> &RawResponse {
        &self.response
    }

    /// The decoded error body, dropping the rest.
    pub fn into_body(self) -> ErrorBody<E> {
        self.body
    }
}

/// The body of a declared error reply.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody<E> {
    /// The shape the spec declares.
    Declared(E),
    /// The classic OAuth 2.0 shape (RFC 6749, section 5.2), which some servers still send
    /// instead of the declared one.
    OAuth(OAuthError),
    /// Neither: an HTML page, plain text, an empty body, or JSON of another shape. The raw
    /// body is in [`ApiError::response`].
    Unparsed {
        /// Why the declared shape did not fit, such as "at `error`: invalid type".
        reason: String,
    },
}

/// `{"error": "invalid_grant", "error_description": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct OAuthError {
    /// The error code, such as `invalid_grant`.
    pub error: String,
    /// A human-readable explanation.
    #[serde(default)]
    pub error_description: Option<String>,
}

/// A reply whose body did not decode as the declared type.
#[derive(Debug)]
pub struct DecodeError {
    response: RawResponse,
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, path: String, source: serde_json::Error) -> Self {
        Self {
            response,
            path,
            source,
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

    /// The JSON error.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.source
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} reply's body did not decode at `{}`: {}",
            self.response.status(),
            self.path,
            self.source
        )?;
        match self.response.content_type() {
            Some(content_type) if !is_json(content_type) => {
                write!(f, " (its content type is `{content_type}`, not JSON)")
            }
            _ => Ok(()),
        }
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
