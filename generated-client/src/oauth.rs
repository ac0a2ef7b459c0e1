//! OAuth helpers, written by hand; codegen never touches this file. Shaped like the
//! `oauth2` crate: each value has its own type (a client secret cannot be passed where an
//! authorization code goes), the browser step's authorize URL and `state` check, the code
//! exchange and refresh on the app's credentials, and a token set that knows when it expires.
//!
//! The generated request models (`models::OAuthTokenGenerateRequest`, ...) and operations
//! stay available for anything these helpers do not cover.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::Url;

use crate::models::{
    ErrorResponse, OAuthTokenGenerateRequest, OAuthTokenRefreshRequest, OAuthTokenResponse,
};
use crate::{Client, Error, Secret};

/// Where a user authorizes an API app, before the token exchange.
pub const AUTHORIZE_URL: &str = "https://app.hellosign.com/oauth/authorize";

/// An API app's client ID. Not a secret: it appears in the authorize URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    /// Wraps a client ID.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The client ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A type of its own for each secret value; `Debug` prints `Name([redacted])`, equality is
/// constant-time, and reading the value takes `secret()`.
macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Secret);

        impl $name {
            /// Wraps the value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(Secret::new(value))
            }

            /// The value itself.
            pub fn secret(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl From<$name> for Secret {
            fn from(value: $name) -> Secret {
                value.0
            }
        }
    };
}

secret_type!(
    /// An API app's client secret.
    ClientSecret
);
secret_type!(
    /// The authorization code handed to the callback URL; it can be exchanged once.
    AuthorizationCode
);
secret_type!(
    /// The `state` of an authorization: random, sent in the authorize URL, returned to the
    /// callback, and sent again with the code exchange.
    CsrfToken
);
secret_type!(
    /// An access token, sent as a bearer token.
    AccessToken
);
secret_type!(
    /// A refresh token, traded for a new access token.
    RefreshToken
);

impl CsrfToken {
    /// 32 random bytes from the operating system, as 64 hex digits.
    pub fn new_random() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Self::new(
            bytes
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect::<String>(),
        ))
    }
}

/// The browser step: the URL to send the user to, and the `state` it carries.
///
/// Scopes and the callback URL are configured on the API app, not in this URL.
#[derive(Clone)]
pub struct Authorization {
    url: Url,
    state: CsrfToken,
}

impl Authorization {
    /// An authorize URL for `client_id` with a fresh random `state`.
    pub fn new(client_id: &ClientId) -> Result<Self, getrandom::Error> {
        let url = Url::parse(AUTHORIZE_URL).expect("AUTHORIZE_URL is a valid URL");
        Ok(Self::with_state(url, client_id, CsrfToken::new_random()?))
    }

    /// An authorize URL at `authorize_url` (a mock server, say) with the given `state`.
    pub fn with_state(mut authorize_url: Url, client_id: &ClientId, state: CsrfToken) -> Self {
        authorize_url
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", client_id.as_str())
            .append_pair("state", state.secret());
        Self {
            url: authorize_url,
            state,
        }
    }

    /// The URL to send the user's browser to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `state` the URL carries; the callback must return it unchanged.
    pub fn state(&self) -> &CsrfToken {
        &self.state
    }

    /// Whether `returned`, the `state` the callback received, is the one sent. Compares in
    /// constant time.
    pub fn verify_state(&self, returned: &CsrfToken) -> bool {
        self.state == *returned
    }
}

impl fmt::Debug for Authorization {
    // The URL's query carries the state, so only its origin and path are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.url.clone();
        shown.set_query(None);
        f.debug_struct("Authorization")
            .field("url", &format_args!("{shown}?[redacted]"))
            .field("state", &self.state)
            .finish()
    }
}

/// An API app's client ID and secret: they exchange authorization codes and refresh tokens.
#[derive(Debug, Clone)]
pub struct AppCredentials {
    /// The client ID.
    pub client_id: ClientId,
    /// The client secret.
    pub client_secret: ClientSecret,
}

impl AppCredentials {
    /// An app's credentials.
    pub fn new(client_id: ClientId, client_secret: ClientSecret) -> Self {
        Self {
            client_id,
            client_secret,
        }
    }

    /// Exchanges the `code` the callback received for a token set, through `client`.
    /// `state` is the one the callback received, once [`Authorization::verify_state`]
    /// accepted it: the token endpoint wants it again.
    ///
    /// A failed exchange is [`TokenError::Exchange`]; its `is_retryable()` is true only when
    /// the request never reached the server, since the code may already be spent.
    pub async fn exchange_code(
        &self,
        client: &Client,
        code: AuthorizationCode,
        state: &CsrfToken,
    ) -> Result<TokenSet, TokenError> {
        let request = OAuthTokenGenerateRequest::new(
            self.client_id.as_str(),
            self.client_secret.0.clone(),
            code.0,
            state.0.clone(),
        );
        let reply = client
            .oauth_token_generate(&request)
            .await
            .map_err(|error| TokenError::Exchange(Box::new(error)))?;
        TokenSet::from_response(&reply, SystemTime::now())
    }

    /// Trades `refresh_token` for a new token set, through `client`. When the reply holds no
    /// refresh token, the set keeps this one.
    pub async fn refresh(
        &self,
        client: &Client,
        refresh_token: &RefreshToken,
    ) -> Result<TokenSet, TokenError> {
        let mut tokens = refresh(client, Some(self), refresh_token).await?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        Ok(tokens)
    }
}

/// Sends a refresh request, with the app's credentials when given.
async fn refresh(
    client: &Client,
    app: Option<&AppCredentials>,
    refresh_token: &RefreshToken,
) -> Result<TokenSet, TokenError> {
    let mut request = OAuthTokenRefreshRequest::new(refresh_token.0.clone());
    if let Some(app) = app {
        request.client_id = Some(app.client_id.as_str().to_owned());
        request.client_secret = Some(app.client_secret.0.clone());
    }
    let reply = client
        .oauth_token_refresh(&request)
        .await
        .map_err(|error| TokenError::Refresh(Box::new(error)))?;
    TokenSet::from_response(&reply, SystemTime::now())
}

/// An access token with its refresh token and expiry time.
#[derive(Debug, Clone)]
pub struct TokenSet {
    access_token: AccessToken,
    refresh_token: Option<RefreshToken>,
    token_type: Option<String>,
    expires_in: Option<Duration>,
    expires_at: Option<SystemTime>,
}

impl TokenSet {
    /// The token set of a token reply that arrived at `received_at` (normally
    /// `SystemTime::now()`): `expires_in` counts from then.
    pub fn from_response(
        response: &OAuthTokenResponse,
        received_at: SystemTime,
    ) -> Result<Self, TokenError> {
        let access_token = response
            .access_token
            .clone()
            .ok_or(TokenError::NoAccessToken)?;
        let expires_in = response
            .expires_in
            .map(|seconds| Duration::from_secs(u64::try_from(seconds).unwrap_or(0)));
        Ok(Self {
            access_token: AccessToken(access_token),
            refresh_token: response.refresh_token.clone().map(RefreshToken),
            token_type: response.token_type.clone(),
            expires_in,
            expires_at: expires_in.and_then(|lifetime| received_at.checked_add(lifetime)),
        })
    }

    /// The access token, to send as a bearer token (see [`Client::with_bearer_token`]).
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// The refresh token, if the server issued one.
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    /// The access token's lifetime as the server gave it (`expires_in`), if it did.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    /// The token type, such as `Bearer`.
    pub fn token_type(&self) -> Option<&str> {
        self.token_type.as_deref()
    }

    /// When the access token expires, if the server said.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the access token has expired, or will within `skew`. A token without an
    /// expiry time never counts as expired.
    pub fn is_expired(&self, skew: Duration) -> bool {
        self.is_expired_at(SystemTime::now(), skew)
    }

    /// [`TokenSet::is_expired`] as of `now`.
    pub fn is_expired_at(&self, now: SystemTime, skew: Duration) -> bool {
        self.expires_at
            .is_some_and(|expires_at| now.checked_add(skew).is_none_or(|due| due >= expires_at))
    }

    /// Takes in a refresh reply that arrived at `received_at`. A reply without a refresh
    /// token keeps the current one.
    pub fn update(
        &mut self,
        response: &OAuthTokenResponse,
        received_at: SystemTime,
    ) -> Result<(), TokenError> {
        let mut renewed = Self::from_response(response, received_at)?;
        if renewed.refresh_token.is_none() {
            renewed.refresh_token = self.refresh_token.take();
        }
        *self = renewed;
        Ok(())
    }

    /// Refreshes the token set through `client` when it has expired or will within `skew`;
    /// returns whether it did.
    pub async fn refresh_if_needed(
        &mut self,
        client: &Client,
        app: Option<&AppCredentials>,
        skew: Duration,
    ) -> Result<bool, TokenError> {
        if !self.is_expired(skew) {
            return Ok(false);
        }
        let refresh_token = self
            .refresh_token
            .clone()
            .ok_or(TokenError::NoRefreshToken)?;
        let mut renewed = refresh(client, app, &refresh_token).await?;
        if renewed.refresh_token.is_none() {
            renewed.refresh_token = Some(refresh_token);
        }
        *self = renewed;
        Ok(true)
    }
}

/// Why a token set could not be built or refreshed.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The token reply had no `access_token`.
    NoAccessToken,
    /// The token set has expired and holds no refresh token.
    NoRefreshToken,
    /// The code exchange failed.
    Exchange(Box<Error<ErrorResponse>>),
    /// The refresh request failed.
    Refresh(Box<Error<ErrorResponse>>),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoAccessToken => f.write_str("the token reply has no access token"),
            Self::NoRefreshToken => {
                f.write_str("the token set has expired and has no refresh token")
            }
            Self::Exchange(error) => write!(f, "exchanging the code failed: {error}"),
            Self::Refresh(error) => write!(f, "refreshing the token failed: {error}"),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Exchange(error) | Self::Refresh(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(json: &str) -> OAuthTokenResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn authorize_url_carries_code_client_and_state() {
        let client_id = ClientId::new("my-client");
        let authorization = Authorization::new(&client_id).unwrap();
        let url = authorization.url().as_str();
        let state = authorization.state().secret();
        assert_eq!(state.len(), 64);
        assert_eq!(
            url,
            format!("{AUTHORIZE_URL}?response_type=code&client_id=my-client&state={state}")
        );
        assert!(authorization.verify_state(&CsrfToken::new(state)));
        assert!(!authorization.verify_state(&CsrfToken::new(&state[1..])));
        assert!(!authorization.verify_state(&CsrfToken::new(state.replace(&state[..1], "x"))));
        assert_ne!(
            state,
            Authorization::new(&client_id).unwrap().state().secret()
        );
        assert!(!format!("{authorization:?}").contains(state));
    }

    #[test]
    fn expiry_counts_from_arrival_and_honours_skew() {
        let arrived = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let tokens = TokenSet::from_response(
            &reply(r#"{"access_token":"a","refresh_token":"r","expires_in":100}"#),
            arrived,
        )
        .unwrap();
        assert_eq!(
            tokens.expires_at(),
            Some(arrived + Duration::from_secs(100))
        );
        let later = |seconds| arrived + Duration::from_secs(seconds);
        assert!(!tokens.is_expired_at(later(50), Duration::ZERO));
        assert!(tokens.is_expired_at(later(50), Duration::from_secs(60)));
        assert!(tokens.is_expired_at(later(100), Duration::ZERO));
    }

    #[test]
    fn a_zero_lifetime_is_already_expired_and_no_lifetime_never_expires() {
        let now = SystemTime::now();
        let zero = TokenSet::from_response(&reply(r#"{"access_token":"a","expires_in":0}"#), now);
        assert!(zero.unwrap().is_expired_at(now, Duration::ZERO));
        let unknown = TokenSet::from_response(&reply(r#"{"access_token":"a"}"#), now).unwrap();
        assert!(!unknown.is_expired(Duration::from_secs(3600)));
    }

    #[test]
    fn a_refresh_without_a_refresh_token_keeps_the_old_one() {
        let now = SystemTime::now();
        let mut tokens =
            TokenSet::from_response(&reply(r#"{"access_token":"a","refresh_token":"r1"}"#), now)
                .unwrap();
        tokens
            .update(&reply(r#"{"access_token":"b"}"#), now)
            .unwrap();
        assert_eq!(tokens.access_token().secret(), "b");
        assert_eq!(tokens.refresh_token().unwrap().secret(), "r1");
        tokens
            .update(&reply(r#"{"access_token":"c","refresh_token":"r2"}"#), now)
            .unwrap();
        assert_eq!(tokens.refresh_token().unwrap().secret(), "r2");
    }

    #[test]
    fn a_reply_without_an_access_token_is_an_error() {
        let error = TokenSet::from_response(&reply("{}"), SystemTime::now()).unwrap_err();
        assert!(matches!(error, TokenError::NoAccessToken));
    }

    #[test]
    fn debug_output_hides_tokens() {
        let tokens = TokenSet::from_response(
            &reply(r#"{"access_token":"access-secret","refresh_token":"refresh-secret"}"#),
            SystemTime::now(),
        )
        .unwrap();
        let app = AppCredentials::new(ClientId::new("id"), ClientSecret::new("client-secret"));
        let code = AuthorizationCode::new("code-secret");
        let state = CsrfToken::new("state-secret");
        let printed = format!("{tokens:?} {app:?} {code:?} {state:?} {state:#?}");
        for secret in [
            "access-secret",
            "refresh-secret",
            "client-secret",
            "code-secret",
            "state-secret",
        ] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }
}
