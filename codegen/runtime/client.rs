//! The HTTP client every operation goes through: settings, URLs, and sending requests.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, RequestBuilder, Url, redirect};
use serde::Serialize;

use super::error::{Error, NoFallback, Phase, TransportError, innermost};
use super::response::RawResponse;
use super::secret::Secret;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
const DEFAULT_MAX_DOWNLOAD_BYTES: usize = 256 * 1024 * 1024;
const CRATE_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
const MAX_REDIRECTS: usize = 10;

/// What sending a request gives: a boxed future of the operation's result, `Send`, borrowing
/// the client. Every request builder's `send` returns one and `.await` on a builder awaits
/// one, so the async code is the runtime's, shared by every operation.
pub type ReplyFuture<'a, T, E, F = NoFallback> =
    Pin<Box<dyn Future<Output = Result<T, Error<E, F>>> + Send + 'a>>;

/// How an operation reads its reply: from the raw reply to its typed result.
pub(crate) type Decode<T, E, F> = fn(RawResponse) -> Result<T, Error<E, F>>;

/// A server of the API. The generated `servers::Server` implements it and gives the client
/// its list through `ClientBuilder::for_servers`, so this runtime names no generated code.
pub trait ApiServer: Copy + 'static {
    /// Every server the spec names.
    const ALL: &'static [Self];

    /// The server's URL: variables at their defaults, no trailing `/`.
    fn url(self) -> &'static str;
}

/// A credential an operation accepts, as its spec's security scheme says it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// HTTP basic.
    Basic,
    /// HTTP bearer token.
    Bearer,
    /// An API key in the named header.
    ApiKeyHeader(&'static str),
    /// An API key in the named query parameter.
    ApiKeyQuery(&'static str),
}

/// The credentials a client holds; each operation picks what its spec asks for.
#[derive(Clone, Default)]
struct Credentials {
    basic: Option<(String, Secret)>,
    bearer: Option<Secret>,
    api_key: Option<Secret>,
}

impl Credentials {
    fn has(&self, auth: Auth) -> bool {
        match auth {
            Auth::Basic => self.basic.is_some(),
            Auth::Bearer => self.bearer.is_some(),
            Auth::ApiKeyHeader(_) | Auth::ApiKeyQuery(_) => self.api_key.is_some(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |present: bool| if present { "[redacted]" } else { "none" };
        f.debug_struct("Credentials")
            .field("basic", &set(self.basic.is_some()))
            .field("bearer", &set(self.bearer.is_some()))
            .field("api_key", &set(self.api_key.is_some()))
            .finish()
    }
}

/// A client for the API. Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Option<Url>,
    /// Replacements for servers, by the server's URL.
    server_urls: Vec<(&'static str, Url)>,
    credentials: Credentials,
    timeout: Duration,
    /// `None` for a `reqwest::Client` given by the caller, whose setting is not known.
    connect_timeout: Option<Duration>,
    user_agent: HeaderValue,
    max_response_bytes: usize,
    max_download_bytes: usize,
}

impl Client {
    /// This client with another bearer token (a refreshed OAuth access token, say), sharing
    /// its connection pool and settings. The original keeps its own token.
    pub fn with_bearer_token(&self, token: impl Into<Secret>) -> Self {
        let mut client = self.clone();
        client.credentials.bearer = Some(token.into());
        client
    }

    /// This client with other HTTP basic credentials, sharing its connection pool and
    /// settings.
    pub fn with_basic_auth(
        &self,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        let mut client = self.clone();
        client.credentials.basic = Some((username.into(), password.into()));
        client
    }

    /// This client with another API key, sharing its connection pool and settings.
    pub fn with_api_key(&self, key: impl Into<Secret>) -> Self {
        let mut client = self.clone();
        client.credentials.api_key = Some(key.into());
        client
    }

    /// The URL of an operation: its server (or the builder's base URL or replacement for that
    /// server), the path segments, and the query fixed in the spec's path key.
    pub(crate) fn endpoint<E, F>(
        &self,
        server: impl ApiServer,
        segments: &[&str],
        query: Option<&str>,
    ) -> Result<Url, Error<E, F>> {
        let server = server.url();
        let replacement = self
            .server_urls
            .iter()
            .find(|(default, _)| *default == server)
            .map(|(_, url)| url);
        let mut url = match self.base_url.as_ref().or(replacement) {
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
        // The URL parser would resolve these away, sending the request to another resource.
        if let Some(bad) = segments.iter().find(|s| matches!(**s, "" | "." | "..")) {
            return Err(Error::InvalidRequest(format!(
                "a path parameter may not be `{bad}`"
            )));
        }
        url.set_query(query);
        Ok(url)
    }

    /// A request with the client's user agent and timeout, carrying the credentials of the
    /// first of `security`'s alternatives that the client holds all of. Operations with no
    /// alternatives send none.
    pub(crate) fn request(
        &self,
        method: Method,
        mut url: Url,
        security: &[&[Auth]],
    ) -> RequestBuilder {
        let chosen = security
            .iter()
            .find(|alternative| alternative.iter().all(|auth| self.credentials.has(*auth)))
            .copied()
            .unwrap_or_default();
        let api_key = self.credentials.api_key.as_ref().map(Secret::expose_secret);
        for auth in chosen {
            if let (Auth::ApiKeyQuery(name), Some(key)) = (auth, api_key) {
                url.query_pairs_mut().append_pair(name, key);
            }
        }
        let mut request = self
            .http
            .request(method, url)
            .header(USER_AGENT, self.user_agent.clone())
            .timeout(self.timeout);
        for auth in chosen {
            request = match (auth, &self.credentials) {
                (
                    Auth::Basic,
                    Credentials {
                        basic: Some((user, password)),
                        ..
                    },
                ) => request.basic_auth(user, Some(password.expose_secret())),
                (
                    Auth::Bearer,
                    Credentials {
                        bearer: Some(token),
                        ..
                    },
                ) => request.bearer_auth(token.expose_secret()),
                (
                    Auth::ApiKeyHeader(name),
                    Credentials {
                        api_key: Some(key), ..
                    },
                ) => {
                    match HeaderValue::from_str(key.expose_secret()) {
                        Ok(mut value) => {
                            value.set_sensitive(true);
                            request.header(*name, value)
                        }
                        // Let reqwest report the invalid value when the request is sent.
                        Err(_) => request.header(*name, key.expose_secret()),
                    }
                }
                _ => request,
            };
        }
        request
    }

    /// Serializes `body` as the request's JSON body.
    pub(crate) fn json<B: Serialize + ?Sized, E, F>(
        request: RequestBuilder,
        body: &B,
    ) -> Result<RequestBuilder, Error<E, F>> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::InvalidRequest(format!("the body did not serialize: {error}"))
        })?;
        let json = HeaderValue::from_static("application/json");
        Ok(request.header(CONTENT_TYPE, json).body(bytes))
    }

    /// Builds a request with `build`, sends it, reads the whole reply within the size limit
    /// and decodes it with `decode`. `build` runs now; nothing is sent until the future is
    /// first polled.
    pub(crate) fn send<'a, T, E, F>(
        &'a self,
        build: impl FnOnce() -> Result<RequestBuilder, Error<E, F>>,
        accept: &'static str,
        decode: Decode<T, E, F>,
    ) -> ReplyFuture<'a, T, E, F>
    where
        T: Send + 'a,
        E: Send + 'a,
        F: Send + 'a,
    {
        self.reply(build(), accept, self.max_response_bytes, decode)
    }

    /// [`send`](Self::send) for an operation whose success reply is a file: within the
    /// download size limit.
    pub(crate) fn download<'a, T, E, F>(
        &'a self,
        build: impl FnOnce() -> Result<RequestBuilder, Error<E, F>>,
        accept: &'static str,
        decode: Decode<T, E, F>,
    ) -> ReplyFuture<'a, T, E, F>
    where
        T: Send + 'a,
        E: Send + 'a,
        F: Send + 'a,
    {
        self.reply(build(), accept, self.max_download_bytes, decode)
    }

    /// The one async body that every operation's call runs.
    fn reply<'a, T, E, F>(
        &'a self,
        request: Result<RequestBuilder, Error<E, F>>,
        accept: &'static str,
        limit: usize,
        decode: Decode<T, E, F>,
    ) -> ReplyFuture<'a, T, E, F>
    where
        T: Send + 'a,
        E: Send + 'a,
        F: Send + 'a,
    {
        Box::pin(async move {
            let response = self.fetch(request?, accept, limit).await?;
            decode(response)
        })
    }

    async fn fetch<E, F>(
        &self,
        request: RequestBuilder,
        accept: &'static str,
        limit: usize,
    ) -> Result<RawResponse, Error<E, F>> {
        let request = fixed_header(request, ACCEPT, accept)
            .build()
            // Such as an API key that is not a valid header value; the cause names no value.
            .map_err(|error| Error::InvalidRequest(innermost(&error)))?;
        let method = request.method().clone();
        let failed = |phase| {
            let method = method.clone();
            move |error| {
                Error::Transport(TransportError::new(
                    error,
                    method.clone(),
                    phase,
                    self.timeout,
                    self.connect_timeout,
                ))
            }
        };
        let response = self
            .http
            .execute(request)
            .await
            .map_err(failed(Phase::Send))?;
        RawResponse::read(response, method.clone(), limit, failed(Phase::Body)).await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("server_urls", &self.server_urls)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_download_bytes", &self.max_download_bytes)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`], from `Client::builder()`.
pub struct ClientBuilder {
    /// The URL of every server the spec names.
    servers: Vec<&'static str>,
    base_url: Option<String>,
    server_urls: Vec<(String, String)>,
    credentials: Credentials,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
    max_download_bytes: usize,
}

// The server list is the spec's, the same for every builder, so it is left out.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_urls", &self.server_urls)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_download_bytes", &self.max_download_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// Default settings for a client of the API whose servers are `S`.
    pub(crate) fn for_servers<S: ApiServer>() -> Self {
        Self {
            servers: S::ALL.iter().map(|server| server.url()).collect(),
            base_url: None,
            server_urls: Vec::new(),
            credentials: Credentials::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: None,
            http: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_download_bytes: DEFAULT_MAX_DOWNLOAD_BYTES,
        }
    }

    /// Sends every operation to this base URL instead of the servers in the spec: a local
    /// mock server, a proxy or a sandbox. Operation paths are appended to its path.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends the operations whose default server is `server` (one of the constants in
    /// `servers`, or its URL) to `url` instead. [`ClientBuilder::base_url`] takes precedence.
    pub fn server_url(mut self, server: impl AsRef<str>, url: impl Into<String>) -> Self {
        self.server_urls
            .push((server.as_ref().to_owned(), url.into()));
        self
    }

    /// HTTP basic credentials, for operations whose spec accepts them. Some APIs take an
    /// API key as the user name with an empty password.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.credentials.basic = Some((username.into(), password.into()));
        self
    }

    /// A bearer token (such as an OAuth access token), for operations whose spec accepts one.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials.bearer = Some(token.into());
        self
    }

    /// An API key, sent in the header or query parameter the spec names, for operations
    /// whose spec accepts one.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.credentials.api_key = Some(key.into());
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
    ///
    /// Its redirect policy applies instead of this crate's, which follows redirects only
    /// within one origin (scheme, host and port) so that no credential (an API key header included) reaches another.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The largest reply body to read, in bytes; a larger one fails with
    /// [`Error::BodyTooLarge`]. Default: 4 MiB. Downloads have their own limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The largest file an operation that downloads one (a PDF, a ZIP) may read, in bytes.
    /// Default: 256 MiB.
    pub fn max_download_bytes(mut self, limit: usize) -> Self {
        self.max_download_bytes = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self
            .base_url
            .as_deref()
            .map(parse_base_url)
            .transpose()
            .map_err(|reason| BuildError::BaseUrl(format!("the base URL {reason}")))?;
        let server_urls = self
            .server_urls
            .iter()
            .map(|(server, text)| {
                let server = server.trim_end_matches('/');
                let Some(known) = self.servers.iter().find(|known| **known == server) else {
                    return Err(BuildError::UnknownServer(server.to_owned()));
                };
                let url = parse_base_url(text).map_err(|reason| {
                    BuildError::BaseUrl(format!("the URL for `{server}` {reason}"))
                })?;
                Ok((*known, url))
            })
            .collect::<Result<_, BuildError>>()?;
        let user_agent = match &self.user_agent {
            Some(product) => {
                let text = format!("{CRATE_USER_AGENT} {product}");
                HeaderValue::from_str(&text).map_err(|_| BuildError::UserAgent(text))?
            }
            // Static, so that each request's copy is free.
            None => HeaderValue::from_static(CRATE_USER_AGENT),
        };
        let (http, connect_timeout) = match self.http {
            Some(client) => (client, None),
            None => (
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(BuildError::Http)?,
                Some(self.connect_timeout),
            ),
        };
        Ok(Client {
            http,
            base_url,
            server_urls,
            credentials: self.credentials,
            timeout: self.timeout,
            connect_timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
            max_download_bytes: self.max_download_bytes,
        })
    }
}

/// Adds a header whose value is text in the generated code, without copying the text.
/// A value that is not valid is left for reqwest to report when the request is built.
fn fixed_header(request: RequestBuilder, name: HeaderName, text: &'static str) -> RequestBuilder {
    // The bytes `HeaderValue::from_static` accepts, which panics on others.
    if text
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        request.header(name, HeaderValue::from_static(text))
    } else {
        request.header(name, text)
    }
}

/// An absolute http or https URL that paths can be appended to.
/// The text is not echoed in errors: a mistyped URL may still hold a password.
fn parse_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|error| format!("is not a valid URL ({error})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err("is not an http or https URL".to_owned());
    }
    // reqwest would send these as basic credentials to every operation, `security: []` or not.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("holds a user name or password; use `basic_auth` instead".to_owned());
    }
    Ok(url)
}

/// Follows redirects within the same scheme, host and port only. reqwest drops
/// `Authorization` when a redirect leaves the origin, but not an API key in another header;
/// stopping there keeps every credential with the host it was meant for. The redirect reply
/// itself is then returned, as an undeclared status.
fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let origin = attempt.previous().first().map(Url::origin);
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if origin.is_some_and(|origin| origin != attempt.url().origin()) {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// Why a [`ClientBuilder`] could not build a client.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL, or a server's replacement, is not an absolute http or https URL
    /// without credentials.
    BaseUrl(String),
    /// [`ClientBuilder::server_url`] named a server the spec does not name.
    UnknownServer(String),
    /// The user agent is not a valid header value.
    UserAgent(String),
    /// The HTTP client could not start, for example because TLS failed to initialise.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl(reason) => f.write_str(reason),
            Self::UnknownServer(server) => {
                write!(
                    f,
                    "`{server}` is not one of the spec's servers (see `servers::ALL`)"
                )
            }
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
