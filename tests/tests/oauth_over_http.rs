//! The generated client against a local mock server over real HTTP on loopback: what it
//! sends for each operation, and how it reads success, declared errors and other replies.

mod support;

use generated_client::models::{OAuthTokenGenerateRequest, OAuthTokenRefreshRequest};
use generated_client::{Client, Error, ErrorBody, OAuthError, Secret};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_REPLY: &str = r#"{
    "access_token": "access-123",
    "token_type": "Bearer",
    "refresh_token": "refresh-456",
    "expires_in": 86400,
    "state": "state-789"
}"#;

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

fn generate_request() -> OAuthTokenGenerateRequest {
    OAuthTokenGenerateRequest::new("client-id", "client-secret", "auth-code", "state-789")
}

async fn server_replying(reply: ResponseTemplate) -> MockServer {
    support::token_endpoint(reply).await
}

fn json_reply(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn generate_posts_the_code_exchange_as_json() {
    let server = server_replying(
        json_reply(200, TOKEN_REPLY)
            .insert_header("X-RateLimit-Limit", "100")
            .insert_header("X-RateLimit-Remaining", "99")
            .insert_header("X-Ratelimit-Reset", "1700000000"),
    )
    .await;

    let reply = client(&server)
        .oauth_token_generate(&generate_request())
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["accept"], "application/json");
    let agent = request.headers["user-agent"].to_str().unwrap();
    assert!(agent.starts_with("generated-client/"), "{agent}");
    assert!(request.headers.get("authorization").is_none());
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "client_id": "client-id",
            "client_secret": "client-secret",
            "code": "auth-code",
            "state": "state-789",
            "grant_type": "authorization_code",
        })
    );

    assert_eq!(reply.status(), 200);
    assert_eq!(
        reply.access_token.as_ref().unwrap().expose_secret(),
        "access-123"
    );
    assert_eq!(
        reply.refresh_token.as_ref().unwrap().expose_secret(),
        "refresh-456"
    );
    assert_eq!(reply.token_type.as_deref(), Some("Bearer"));
    assert_eq!(reply.expires_in, Some(86400));
    assert_eq!(
        reply.state.as_ref().map(Secret::expose_secret),
        Some("state-789")
    );
    let limits = reply.declared_headers();
    assert_eq!(limits.x_rate_limit_limit, Some(100));
    assert_eq!(limits.x_rate_limit_remaining, Some(99));
    assert_eq!(limits.x_ratelimit_reset, Some(1_700_000_000));
    assert_eq!(reply.header::<i32>("x-ratelimit-limit"), Some(100));
    assert_eq!(reply.header::<i32>("X-RateLimit-Remaining"), Some(99));
    assert_eq!(
        reply.header::<i64>("X-Ratelimit-Reset"),
        Some(1_700_000_000)
    );
}

#[tokio::test]
async fn refresh_posts_to_the_literal_refresh_query() {
    let server = server_replying(json_reply(
        200,
        r#"{"access_token":"new-access","token_type":"Bearer","refresh_token":"new-refresh","expires_in":3600,"state":null}"#,
    ))
    .await;
    let mut refresh = OAuthTokenRefreshRequest::new("refresh-456");
    refresh.client_id = Some("client-id".to_owned());
    refresh.client_secret = Some("client-secret".into());

    let reply = client(&server).oauth_token_refresh(&refresh).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(request.url.query(), Some("refresh"));
    assert!(
        request.url.as_str().ends_with("/oauth/token?refresh"),
        "{}",
        request.url
    );
    assert!(request.headers.get("authorization").is_none());
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "grant_type": "refresh_token",
            "refresh_token": "refresh-456",
            "client_id": "client-id",
            "client_secret": "client-secret",
        })
    );
    assert_eq!(
        reply.access_token.as_ref().unwrap().expose_secret(),
        "new-access"
    );
    assert_eq!(reply.expires_in, Some(3600));
    assert_eq!(reply.state, None);
}

#[tokio::test]
async fn optional_refresh_fields_are_left_out_of_the_body() {
    let server = server_replying(json_reply(200, "{}")).await;
    let reply = client(&server)
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("refresh-456"))
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(
        body,
        json!({"grant_type": "refresh_token", "refresh_token": "refresh-456"})
    );
    assert_eq!(reply.access_token, None);
}

#[tokio::test]
async fn a_4xx_decodes_as_the_declared_error_and_keeps_status_and_body() {
    let body =
        r#"{"error":{"error_msg":"Invalid grant","error_name":"bad_request","error_path":"code"}}"#;
    let server = server_replying(json_reply(400, body)).await;

    let error = client(&server)
        .oauth_token_generate(&generate_request())
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "the server refused the request with 400 Bad Request: bad_request: Invalid grant"
    );
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    let declared = api.declared().expect("the declared ErrorResponse shape");
    assert_eq!(declared.error.error_name, "bad_request");
    assert_eq!(declared.error.error_msg, "Invalid grant");
    assert_eq!(declared.error.error_path.as_deref(), Some("code"));
    assert_eq!(api.response().body(), body.as_bytes());
    assert_eq!(api.response().status(), 400);
}

#[tokio::test]
async fn an_undeclared_status_keeps_the_raw_body() {
    let html = "<html><body>Bad gateway</body></html>";
    let server = server_replying(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;

    let error = client(&server)
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("r"))
        .await
        .unwrap_err();

    let Error::UnexpectedStatus(response) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(response.status(), 502);
    assert_eq!(response.text(), html);
    assert!(
        !error.is_retryable(),
        "a 502 to a POST may follow an upstream that acted on it"
    );
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_a_decode_error_naming_the_field() {
    let server = server_replying(json_reply(
        200,
        r#"{"access_token":"a","expires_in":"soon"}"#,
    ))
    .await;

    let error = client(&server)
        .oauth_token_generate(&generate_request())
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.path(), "expires_in");
    assert_eq!(decode.response().status(), 200);
    assert_eq!(
        decode.response().text(),
        r#"{"access_token":"a","expires_in":"soon"}"#
    );
}

#[tokio::test]
async fn an_error_in_the_classic_oauth_shape_decodes_by_fallback() {
    let body = r#"{"error":"invalid_grant","error_description":"The code has expired"}"#;
    let server = server_replying(json_reply(401, body)).await;

    let error = client(&server)
        .oauth_token_generate(&generate_request())
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "the server refused the request with 401 Unauthorized: invalid_grant: The code has expired"
    );
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(
        api.body(),
        &ErrorBody::Fallback(OAuthError {
            error: "invalid_grant".to_owned(),
            error_description: Some("The code has expired".to_owned()),
        })
    );
    assert!(api.declared().is_none());
    assert_eq!(api.response().body(), body.as_bytes());
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let server = server_replying(json_reply(200, TOKEN_REPLY)).await;
    let request = generate_request();
    let reply = client(&server)
        .oauth_token_generate(&request)
        .await
        .unwrap();
    let printed = format!("{request:?} {reply:?} {:?}", client(&server));
    for secret in ["client-secret", "auth-code", "access-123", "refresh-456"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    assert!(printed.contains("[redacted]"));
}

/// Without a base URL the token operations go to `app.hellosign.com`, not the API's global
/// `api.hellosign.com/v3`. A loopback proxy records where the client asks to connect.
#[tokio::test]
async fn by_default_token_operations_go_to_the_oauth_host() {
    use generated_client::reqwest;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = proxy.local_addr().unwrap();
    let recorder = tokio::spawn(async move {
        let (mut socket, _) = proxy.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.ends_with(b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await.unwrap();
            if read == 0 {
                break;
            }
            head.extend_from_slice(&buffer[..read]);
        }
        socket
            .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8_lossy(&head).into_owned()
    });
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all(format!("http://{address}")).unwrap())
        .build()
        .unwrap();
    let client = Client::builder().http_client(http).build().unwrap();

    let error = client
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("refresh-456"))
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let head = recorder.await.unwrap();
    assert!(
        head.starts_with("CONNECT app.hellosign.com:443 HTTP/1.1\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn a_server_can_be_replaced_on_its_own() {
    let server = server_replying(json_reply(200, TOKEN_REPLY)).await;
    let client = Client::builder()
        .server_url(generated_client::servers::APP_HELLOSIGN_COM, server.uri())
        .build()
        .unwrap();
    client
        .oauth_token_generate(&generate_request())
        .await
        .unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/oauth/token");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefixes_operation_paths() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/proxy/v1/oauth/token"))
        .respond_with(json_reply(200, TOKEN_REPLY))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/proxy/v1/", server.uri()))
        .build()
        .unwrap();
    client
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("r"))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/proxy/v1/oauth/token");
    assert_eq!(request.url.query(), Some("refresh"));
}

#[test]
fn unknown_servers_are_refused_and_trailing_slashes_forgiven() {
    let error = Client::builder()
        .server_url("https://app.hellosign.co", "http://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, generated_client::BuildError::UnknownServer(_)),
        "{error:?}"
    );
    let client = Client::builder()
        .server_url("https://app.hellosign.com/", "http://127.0.0.1:9")
        .build();
    assert!(client.is_ok());
}

#[test]
fn unusable_base_urls_are_refused_without_echoing_them() {
    for url in [
        "not a url",
        "ftp://example.com",
        "mailto:someone@example.com",
        "https://user:hunter2@example.com",
    ] {
        let error = Client::builder().base_url(url).build().unwrap_err();
        assert!(
            matches!(error, generated_client::BuildError::BaseUrl(_)),
            "{url}: {error:?}"
        );
        assert!(
            !format!("{error} {error:?}").contains("hunter2"),
            "{error:?}"
        );
    }
}

/// A client with a new bearer token reuses the original's connections: a keep-alive server
/// on loopback sees one connection for requests from both.
#[tokio::test]
async fn a_client_with_a_new_token_shares_the_connection_pool() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // One request: its head, then as many body bytes as it declares.
                    let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
                        }
                        continue;
                    };
                    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .map_or(0, |value| value.trim().parse().unwrap());
                    while buffer.len() < end + 4 + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
                        }
                    }
                    buffer.drain(..end + 4 + length);
                    let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                    if socket.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let first = Client::builder()
        .base_url(format!("http://{address}"))
        .bearer_token("old-token")
        .build()
        .unwrap();
    let refreshed = first.with_bearer_token("new-token");
    for client in [&first, &refreshed, &first, &refreshed] {
        client
            .oauth_token_refresh(&OAuthTokenRefreshRequest::new("r"))
            .await
            .unwrap();
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    // A client built anew opens its own connection.
    Client::builder()
        .base_url(format!("http://{address}"))
        .build()
        .unwrap()
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("r"))
        .await
        .unwrap();
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

/// The typed helpers send what the generated request would, and keep the refresh token
/// when a refresh reply omits it.
#[tokio::test]
async fn app_credentials_exchange_and_refresh() {
    use generated_client::oauth::{
        AppCredentials, AuthorizationCode, ClientId, ClientSecret, CsrfToken, RefreshToken,
        TokenError,
    };
    let app = AppCredentials::new(
        ClientId::new("client-id"),
        ClientSecret::new("client-secret"),
    );

    let server = server_replying(json_reply(200, TOKEN_REPLY)).await;
    let tokens = app
        .exchange_code(
            &client(&server),
            AuthorizationCode::new("auth-code"),
            &CsrfToken::new("state-789"),
        )
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(
        body,
        json!({
            "client_id": "client-id",
            "client_secret": "client-secret",
            "code": "auth-code",
            "state": "state-789",
            "grant_type": "authorization_code",
        })
    );
    assert_eq!(tokens.access_token().secret(), "access-123");
    assert_eq!(
        tokens.expires_in(),
        Some(std::time::Duration::from_secs(86400))
    );

    let server = server_replying(json_reply(200, r#"{"access_token":"new-access"}"#)).await;
    let renewed = app
        .refresh(&client(&server), &RefreshToken::new("refresh-456"))
        .await
        .unwrap();
    assert_eq!(renewed.access_token().secret(), "new-access");
    assert_eq!(renewed.refresh_token().unwrap().secret(), "refresh-456");
    let body: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(body["client_secret"], "client-secret");

    let server = server_replying(json_reply(
        400,
        r#"{"error":"invalid_grant","error_description":"spent"}"#,
    ))
    .await;
    let error = app
        .exchange_code(
            &client(&server),
            AuthorizationCode::new("auth-code"),
            &CsrfToken::new("state-789"),
        )
        .await
        .unwrap_err();
    let TokenError::Exchange(inner) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(inner.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        error.to_string(),
        "exchanging the code failed: the server refused the request with 400 Bad Request: invalid_grant: spent"
    );
}

#[tokio::test]
async fn a_request_goes_out_when_its_future_is_first_polled_not_when_it_is_made() {
    use std::future::IntoFuture;

    let server = server_replying(json_reply(200, TOKEN_REPLY)).await;
    let client = client(&server);
    let request = generate_request();

    // Made and dropped unpolled: nothing is sent.
    drop(client.oauth_token_generate(&request).send());
    let pending: generated_client::ReplyFuture<'_, _, _> =
        client.oauth_token_generate(&request).into_future();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a request went out before its future was polled"
    );

    let reply = pending.await.unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(only_request(&server).await.url.path(), "/oauth/token");
}
