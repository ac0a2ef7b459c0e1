//! Strange server replies and broken connections over real sockets on loopback: every one
//! becomes a typed error that says what happened and keeps the raw body where there was one,
//! never a panic. Exact error texts are insta snapshots in `snapshots/faults/`, with the
//! server's port replaced by `PORT`.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use generated_client::headers::OAuthTokenResponseHeaders;
use generated_client::models::{OAuthTokenGenerateRequest, OAuthTokenRefreshRequest};
use generated_client::{Client, Error, ErrorBody, FromHeaders, TransportKind};
use support::snapshots::{SnapshotSuite, check_snapshot};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn request() -> OAuthTokenGenerateRequest {
    OAuthTokenGenerateRequest::new("client-id", "client-secret", "auth-code", "state")
}

async fn mock(reply: ResponseTemplate) -> MockServer {
    support::token_endpoint(reply).await
}

fn client_for(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().unwrap()
}

async fn generate(base_url: &str) -> Error<generated_client::models::ErrorResponse> {
    client_for(base_url)
        .oauth_token_generate(&request())
        .await
        .unwrap_err()
}

/// A one-connection server that reads the request head and then writes `reply` as is.
async fn raw_server(reply: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_head(&mut socket).await;
        let _ = socket.write_all(&reply).await;
        let _ = socket.shutdown().await;
    });
    address
}

/// Pins an error text, the loopback port replaced by `PORT`.
fn assert_text(name: &str, text: &str, address: SocketAddr) {
    let text = text.replace(&address.port().to_string(), "PORT");
    let mut suite = SnapshotSuite::new("snapshots/faults");
    check_snapshot!(suite, name, name, text);
    if let Some(report) = suite.finish_without_orphans() {
        panic!("{report}");
    }
}

fn address_of(server: &MockServer) -> SocketAddr {
    *server.address()
}

async fn read_head(socket: &mut tokio::net::TcpStream) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
}

#[tokio::test]
async fn a_500_with_an_html_page_is_an_unexpected_status_with_the_page() {
    let page = "<html><h1>Internal Server Error</h1></html>";
    let server = mock(ResponseTemplate::new(500).set_body_raw(page, "text/html")).await;
    let error = generate(&server.uri()).await;
    let Error::UnexpectedStatus(response) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(response.status(), 500);
    assert_eq!(response.text(), page);
    assert!(!error.is_retryable());
}

/// A 502 to a POST may come after the upstream server acted on it.
#[tokio::test]
async fn a_502_to_a_post_is_an_unexpected_status_not_retried() {
    let server = mock(ResponseTemplate::new(502)).await;
    let error = generate(&server.uri()).await;
    let Error::UnexpectedStatus(response) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(response.status(), 502);
    assert_eq!(response.method(), "POST");
    assert!(response.body().is_empty());
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_503_to_a_post_is_retryable_only_with_retry_after() {
    let server = mock(ResponseTemplate::new(503)).await;
    let error = generate(&server.uri()).await;
    assert!(!error.is_retryable(), "{error:?}");
    assert_eq!(error.retry_after(), None);

    let server = mock(ResponseTemplate::new(503).insert_header("Retry-After", "7")).await;
    let error = generate(&server.uri()).await;
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn a_4xx_with_a_non_json_body_is_an_api_error_with_the_body() {
    let server = mock(ResponseTemplate::new(403).set_body_raw("Forbidden", "text/plain")).await;
    let error = generate(&server.uri()).await;
    assert_eq!(
        error.to_string(),
        "the server refused the request with 403 Forbidden"
    );
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    let ErrorBody::Unparsed { reason } = api.body() else {
        panic!("{:?}", api.body())
    };
    assert_text("non_json_error_reason", reason, address_of(&server));
    assert!(api.declared().is_none());
    assert_eq!(api.response().status(), 403);
    assert_eq!(api.response().text(), "Forbidden");
}

#[tokio::test]
async fn a_200_with_truncated_json_is_a_decode_error_with_the_body() {
    let body = r#"{"access_token":"tok","expires_in":86"#;
    let server = mock(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = generate(&server.uri()).await;
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.response().status(), 200);
    assert_eq!(decode.response().text(), body);
    assert!(decode.is_eof());
    assert_text("truncated_json", &error.to_string(), address_of(&server));
}

#[tokio::test]
async fn a_200_with_a_wrong_content_type_is_a_decode_error_naming_it() {
    let page = "<html>maintenance</html>";
    let server =
        mock(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=utf-8")).await;
    let error = generate(&server.uri()).await;
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.response().text(), page);
    assert_eq!(
        decode.response().content_type(),
        Some("text/html; charset=utf-8")
    );
    assert_text(
        "html_instead_of_json",
        &error.to_string(),
        address_of(&server),
    );
}

/// A POST that timed out may have been processed: not retryable.
#[tokio::test]
async fn a_reply_slower_than_the_timeout_says_after_how_long() {
    let server = mock(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.oauth_token_generate(&request()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout did not fire"
    );
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::TimedOut);
    assert!(error.is_timeout());
    assert!(!error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
    assert_text("timeout", &error.to_string(), address_of(&server));
}

/// The code exchange may have spent the code before the reply was cut: a retry could only
/// fail with `invalid_grant`, so it is not retryable.
#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error_not_retried() {
    let address = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"access_token\":".to_vec(),
    )
    .await;
    let error = generate(&format!("http://{address}")).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::ClosedMidBody);
    assert!(!transport.never_sent());
    assert_eq!(error.status(), None);
    assert!(!error.is_retryable());
    assert_text("closed_mid_body", &error.to_string(), address);
}

#[tokio::test]
async fn a_connection_reset_mid_body_says_reset() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_head(&mut socket).await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{";
        socket.write_all(head).await.unwrap();
        socket.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        // Closing with a zero linger sends a reset instead of a normal close.
        socket.set_zero_linger().unwrap();
        drop(socket);
    });
    let error = generate(&format!("http://{address}")).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::ClosedMidBody);
    assert!(!error.is_retryable());
    assert_text("reset_mid_body", &error.to_string(), address);
}

#[tokio::test]
async fn a_connection_closed_before_the_reply_is_not_retried_for_a_post() {
    let address = raw_server(Vec::new()).await;
    let error = generate(&format!("http://{address}")).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::ClosedBeforeReply);
    assert!(!error.is_retryable());
    assert_text("closed_before_reply", &error.to_string(), address);
}

/// Nothing listens on the port: the request never left, so even a POST may be retried.
#[tokio::test]
async fn a_refused_connection_is_retryable_even_for_a_post() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let error = generate(&format!("http://{address}")).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::ConnectionRefused);
    assert!(transport.never_sent());
    assert!(error.is_retryable());
    assert_text("connection_refused", &error.to_string(), address);
}

/// An https URL pointing at a plain HTTP server: the handshake fails before the request is
/// sent.
#[tokio::test]
async fn a_tls_handshake_with_a_plain_server_fails_before_sending() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        // A plain HTTP server answers the ClientHello it cannot read with a 400.
        let _ = socket.read(&mut [0u8; 4096]).await;
        let _ = socket
            .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
            .await;
        let _ = socket.shutdown().await;
    });
    let error = generate(&format!("https://{address}")).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Tls, "{error}");
    assert!(error.is_retryable());
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("the TLS handshake with {address} failed: ")),
        "{text}"
    );
}

#[tokio::test]
async fn a_redirect_loop_stops_with_too_many_redirects() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/oauth/token"))
        .mount(&server)
        .await;
    let error = generate(&server.uri()).await;
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportKind::TooManyRedirects);
    assert!(!error.is_retryable());
    assert_text("redirect_loop", &error.to_string(), address_of(&server));
}

#[tokio::test]
async fn a_429_keeps_the_rate_limit_headers_and_is_retryable_with_retry_after() {
    let body = r#"{"error":{"error_msg":"Rate limit exceeded","error_name":"exceeded_rate"}}"#;
    let server = mock(
        ResponseTemplate::new(429)
            .set_body_raw(body, "application/json")
            .insert_header("X-RateLimit-Limit", "100")
            .insert_header("X-RateLimit-Remaining", "0")
            .insert_header("X-Ratelimit-Reset", "1700000600")
            .insert_header("Retry-After", "30"),
    )
    .await;
    let error = generate(&server.uri()).await;
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(
        error.to_string(),
        "the server refused the request with 429 Too Many Requests: exceeded_rate: Rate limit exceeded"
    );
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.declared().unwrap().error.error_name, "exceeded_rate");
    let limits = OAuthTokenResponseHeaders::from_headers(api.response().headers());
    assert_eq!(limits.x_rate_limit_limit, Some(100));
    assert_eq!(limits.x_rate_limit_remaining, Some(0));
    assert_eq!(limits.x_ratelimit_reset, Some(1_700_000_600));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = MockServer::start().await;
    let target = format!(
        "http://localhost:{}/oauth/token",
        elsewhere.address().port()
    );
    let server = mock(ResponseTemplate::new(307).insert_header("Location", target.as_str())).await;

    let error = generate(&server.uri()).await;

    let Error::UnexpectedStatus(response) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(response.status(), 307);
    assert_eq!(
        response.header::<String>("location").as_deref(),
        Some(target.as_str())
    );
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "the redirect was followed"
    );
}

#[tokio::test]
async fn a_redirect_within_the_same_host_is_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("Location", "/v2/oauth/token?refresh"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"access_token":"a"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let reply = client_for(&server.uri())
        .oauth_token_refresh(&OAuthTokenRefreshRequest::new("r"))
        .await
        .unwrap();
    assert_eq!(reply.access_token.as_ref().unwrap().expose_secret(), "a");
}

#[tokio::test]
async fn a_body_over_the_declared_limit_is_refused_before_it_is_read() {
    let server =
        mock(ResponseTemplate::new(200).set_body_raw(vec![b' '; 1 << 20], "application/json"))
            .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let error = client.oauth_token_generate(&request()).await.unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 65536, .. }),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

/// Without a `Content-Length` the client counts as it reads, and stops at the limit: the
/// server cannot push its whole 256 MiB body.
#[tokio::test]
async fn a_streamed_body_over_the_limit_stops_the_read() {
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 4096;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let sender = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_head(&mut socket).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head).await.unwrap();
        let mut chunk = format!("{CHUNK:x}\r\n").into_bytes();
        chunk.extend(std::iter::repeat_n(b' ', CHUNK));
        chunk.extend_from_slice(b"\r\n");
        let mut sent = 0;
        for _ in 0..CHUNKS {
            if socket.write_all(&chunk).await.is_err() {
                break;
            }
            sent += 1;
        }
        sent
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .max_response_bytes(256 * 1024)
        .build()
        .unwrap();

    let error = client.oauth_token_generate(&request()).await.unwrap_err();
    drop(client);

    assert!(
        matches!(error, Error::BodyTooLarge { limit: 262_144, .. }),
        "{error:?}"
    );
    let sent = tokio::time::timeout(Duration::from_secs(10), sender)
        .await
        .unwrap()
        .unwrap();
    assert!(
        sent < CHUNKS,
        "the server sent all {CHUNKS} chunks: the client kept reading"
    );
}

/// A token in a field of the wrong type: the error names the field and the expected type,
/// and neither `Display`, `Debug` nor the `source()` chain quotes the value.
#[tokio::test]
async fn a_decode_error_never_quotes_a_value_from_the_body() {
    let cases = [
        (
            "string_for_integer",
            r#"{"access_token":"a","expires_in":"secret-value"}"#,
        ),
        (
            "number_for_string",
            r#"{"access_token":1.5e300,"expires_in":1}"#,
        ),
        ("object_for_string", r#"{"token_type":{"secret-value":1}}"#),
        (
            "too_large_integer",
            r#"{"expires_in":123456789012345678901234567890}"#,
        ),
    ];
    for (name, body) in cases {
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let address = raw_server(reply.into_bytes()).await;
        let error = generate(&format!("http://{address}")).await;
        let Error::Decode(decode) = &error else {
            panic!("{name}: {error:?}")
        };
        assert_eq!(
            decode.response().text(),
            body,
            "the raw body stays available"
        );
        let mut printed = format!("{error}\n{error:?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            printed.push_str(&format!("\n{cause}\n{cause:?}"));
            source = cause.source();
        }
        for value in [
            "secret-value",
            "1.5e300",
            "1.2345",
            "123456789012345678901234567890",
        ] {
            assert!(
                !printed.contains(value),
                "{name}: {value} quoted:\n{printed}"
            );
        }
        assert_text(&format!("decode_{name}"), &error.to_string(), address);
    }
}

#[tokio::test]
async fn debug_of_replies_hides_session_cookies() {
    let server = mock(
        ResponseTemplate::new(503)
            .insert_header("Set-Cookie", "session=cookie-secret; HttpOnly")
            .insert_header("Retry-After", "30"),
    )
    .await;
    let error = generate(&server.uri()).await;
    let printed = format!("{error:?}");
    assert!(!printed.contains("cookie-secret"), "{printed}");
    assert!(
        printed.contains("\"set-cookie\": \"[redacted]\""),
        "{printed}"
    );
    assert!(printed.contains("\"retry-after\": \"30\""), "{printed}");
    assert_eq!(
        error.response().unwrap().header::<u32>("retry-after"),
        Some(30)
    );
}
