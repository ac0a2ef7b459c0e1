//! The HTTP client every operation goes through: settings, URLs, and sending requests.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{Method, RequestBuilder, Url};
use serde::Serialize;

use crate::error::Error;
use crate::response::RawResponse;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
const CRATE_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Option<Url>,
    timeout: Duration,
    user_agent: HeaderValue,
    max_response_bytes: usize,
}

impl Client {
    /// A client with default settings: every operation goes to the server its spec names.
    pub fn new() -> Result<Self, BuildError> {
        Self::builder().build()
    }

    /// Settings for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL of an operation: its server (or the base URL set on the builder), the path
    /// segments, and the query fixed in the spec's path key.
    pub(crate) fn endpoint<E>(
        &self,
        server: &str,
        segments: &[&str],
        query: Option<&str>,
    ) -> Result<Url, Error<E>> {
        let mut url = match &self.base_url {
            Some(base) => base.clone(),
            None => Url::parse(server).map_err(|error| {
                Error::InvalidRequest(format!(
                    "the server URL `{server}` is not absolute ({error}); set a base URL on the client builder"
                ))
            })?,
        };
        url.path_segments_mut()
            .map_err(|()| {
                Error::InvalidRequest(format!("the server URL `{server}` cannot take a path"))
            })?
            .pop_if_empty()
            .extend(segments);
        url.set_query(query);
        Ok(url)
    }

    /// A request with the client's user agent and timeout.
    pub(crate) fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .header(USER_AGENT, self.user_agent.clone())
            .timeout(self.timeout)
    }

    /// Serializes `body` as the request's JSON body.
    #[allow(dead_code, reason = "used only by specs with request bodies")]
    pub(crate) fn json<B: Serialize + ?Sized, E>(
        request: RequestBuilder,
        body: &B,
    ) -> Result<RequestBuilder, Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::InvalidRequest(format!("the body did not serialize: {error}"))
        })?;
        Ok(request.header(CONTENT_TYPE, "application/json").body(bytes))
    }

    /// Sends a request and reads the whole reply, within the size limit.
    pub(crate) async fn send<E>(&self, request: RequestBuilder) -> Result<RawResponse, Error<E>> {
        let response = request
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(Error::Transport)?;
        RawResponse::read(response, self.max_response_bytes).await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: None,
            http: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// Sends every operation to this base URL instead of the servers in the spec: a local
    /// mock server, a proxy or a sandbox. Operation paths are appended to its path.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// How long to wait for a connection. Default: 10 seconds. Not applied to a client
    /// given with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take, reply included. Default: 30 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Text appended to the `User-Agent` header, which starts with this crate's name and
    /// version; for example `my-app/1.2`.
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Uses this `reqwest::Client` (for its proxy, TLS or pool settings) instead of a new one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The largest reply body to read, in bytes; a larger one fails with
    /// [`Error::BodyTooLarge`]. Default: 4 MiB.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = match self.base_url {
            Some(text) => {
                let url = Url::parse(&text)
                    .map_err(|error| BuildError::BaseUrl(format!("`{text}`: {error}")))?;
                if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                    return Err(BuildError::BaseUrl(format!(
                        "`{text}` is not an http or https URL"
                    )));
                }
                Some(url)
            }
            None => None,
        };
        let user_agent = match &self.user_agent {
            Some(product) => format!("{CRATE_USER_AGENT} {product}"),
            None => CRATE_USER_AGENT.to_owned(),
        };
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| BuildError::UserAgent(user_agent))?;
        let http = match self.http {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            http,
            base_url,
            timeout: self.timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

/// Why a [`ClientBuilder`] could not build a client.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute http or https URL.
    BaseUrl(String),
    /// The user agent is not a valid header value.
    UserAgent(String),
    /// The HTTP client could not start, for example because TLS failed to initialise.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl(reason) => write!(f, "unusable base URL {reason}"),
            Self::UserAgent(agent) => write!(f, "`{agent}` is not a valid User-Agent header"),
            Self::Http(_) => f.write_str("the HTTP client could not be built"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            _ => None,
        }
    }
}
