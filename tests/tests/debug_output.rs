//! `Debug` output of requests, replies and clients: secrets print as `[redacted]`, and the
//! exact text is pinned so a change shows up here.

use generated_client::models::{
    OAuthTokenGenerateRequest, OAuthTokenRefreshRequest, OAuthTokenResponse,
};
use generated_client::{Client, Secret};

const SECRETS: &[&str] = &[
    "client-secret",
    "auth-code",
    "access-123",
    "refresh-456",
    "api-key-1",
];

fn assert_no_secret(printed: &str) {
    for secret in SECRETS {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
}

#[test]
fn request_models_redact_secrets() {
    let request =
        OAuthTokenGenerateRequest::new("client-id", "client-secret", "auth-code", "state-1");
    let printed = format!("{request:?}");
    assert_eq!(
        printed,
        "OAuthTokenGenerateRequest { client_id: \"client-id\", client_secret: [redacted], code: [redacted], state: \"state-1\", grant_type: \"authorization_code\" }"
    );
    let mut refresh = OAuthTokenRefreshRequest::new("refresh-456");
    refresh.client_secret = Some(Secret::new("client-secret"));
    let printed = format!("{refresh:#?}");
    assert_no_secret(&printed);
    assert!(
        printed.contains("client_secret: Some(\n        [redacted],\n    )"),
        "{printed}"
    );
}

#[test]
fn response_models_redact_tokens() {
    let response: OAuthTokenResponse = serde_json::from_str(
        r#"{"access_token":"access-123","token_type":"Bearer","refresh_token":"refresh-456","expires_in":86400}"#,
    )
    .unwrap();
    assert_eq!(
        format!("{response:?}"),
        "OAuthTokenResponse { access_token: Some([redacted]), token_type: Some(\"Bearer\"), refresh_token: Some([redacted]), expires_in: Some(86400), state: None }"
    );
    // On the wire the secrets are plain strings.
    let wire = serde_json::to_string(&response).unwrap();
    assert!(wire.contains("\"access_token\":\"access-123\""), "{wire}");
}

#[test]
fn clients_show_settings_but_not_credentials() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/")
        .basic_auth("api-key-1", "")
        .bearer_token("access-123")
        .build()
        .unwrap();
    let printed = format!("{client:?}");
    assert_eq!(
        printed,
        "Client { base_url: Some(\"http://127.0.0.1:9/\"), server_urls: [], credentials: Credentials { basic: \"[redacted]\", bearer: \"[redacted]\", api_key: \"none\" }, timeout: 30s, user_agent: \"generated-client/0.1.0\", max_response_bytes: 4194304, max_download_bytes: 268435456, .. }"
    );
    let builder = Client::builder()
        .api_key("api-key-1")
        .bearer_token("access-123");
    assert_no_secret(&format!("{builder:?}"));
}
