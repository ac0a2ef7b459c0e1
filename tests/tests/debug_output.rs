//! `Debug` output of requests, replies, clients and errors: no secret appears in any of
//! them, which is checked by searching the printed text for every secret, whatever the
//! layout. The exact texts are insta snapshots in `snapshots/debug_output/`, so a change to
//! the spec or the runtime shows up as a reviewable diff rather than a hand-edited string.

mod support;

use generated_client::models::{
    OAuthTokenGenerateRequest, OAuthTokenRefreshRequest, OAuthTokenResponse,
};
use generated_client::{Client, Secret};
use support::snapshots::{SnapshotSuite, check_snapshot};

const SECRETS: &[&str] = &[
    "client-secret",
    "auth-code",
    "state-secret",
    "access-123",
    "refresh-456",
    "api-key-1",
    "basic-password",
];

/// Fails when `printed` holds any secret, then pins `printed` as the snapshot `name`.
fn check(name: &str, printed: &str) {
    for secret in SECRETS {
        assert!(
            !printed.contains(secret),
            "{secret} leaked in {name}: {printed}"
        );
    }
    assert!(printed.contains("[redacted]"), "{name}: {printed}");
    let mut suite = SnapshotSuite::new("snapshots/debug_output");
    check_snapshot!(suite, name, name, printed);
    if let Some(report) = suite.finish_without_orphans() {
        panic!("{report}");
    }
}

fn token_response() -> OAuthTokenResponse {
    serde_json::from_str(
        r#"{"access_token":"access-123","token_type":"Bearer","refresh_token":"refresh-456","expires_in":86400,"state":"state-secret"}"#,
    )
    .unwrap()
}

#[test]
fn request_models_redact_secrets() {
    let request =
        OAuthTokenGenerateRequest::new("client-id", "client-secret", "auth-code", "state-secret");
    check("generate_request", &format!("{request:?}"));
    let mut refresh = OAuthTokenRefreshRequest::new("refresh-456");
    refresh.client_secret = Some(Secret::new("client-secret"));
    check("refresh_request_pretty", &format!("{refresh:#?}"));
}

#[test]
fn response_models_redact_tokens() {
    let response = token_response();
    check("token_response", &format!("{response:?}"));
    // On the wire the secrets are plain strings.
    let wire: serde_json::Value = serde_json::to_value(&response).unwrap();
    assert_eq!(wire["access_token"], "access-123");
    assert_eq!(wire["state"], "state-secret");
}

#[test]
fn clients_show_settings_but_not_credentials() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/")
        .basic_auth("user", "basic-password")
        .bearer_token("access-123")
        .api_key("api-key-1")
        .build()
        .unwrap();
    check("client", &format!("{client:?}"));
    check(
        "client_with_new_token",
        &format!("{:?}", client.with_bearer_token("refresh-456")),
    );
    let builder = Client::builder()
        .api_key("api-key-1")
        .bearer_token("access-123");
    check("builder", &format!("{builder:?}"));
}

#[test]
fn secrets_compare_by_value_and_print_redacted() {
    let secret = Secret::new("access-123");
    assert_eq!(secret, Secret::new("access-123"));
    assert_ne!(secret, Secret::new("access-124"));
    assert_ne!(secret, Secret::new("access-12"));
    assert!(secret.matches("access-123"));
    assert!(!secret.matches(""));
    check("secret", &format!("{secret:?} {secret:#?}"));
}
