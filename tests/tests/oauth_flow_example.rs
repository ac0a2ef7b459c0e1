//! The `oauth_flow` example, run against a local mock server: it walks the whole flow,
//! refreshes the already-expired token, and prints no secret.

#[path = "../../generated-client/examples/oauth_flow.rs"]
mod oauth_flow;

use serde_json::Value;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn the_example_exchanges_then_refreshes_an_expired_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(query_param_is_missing("refresh"))
        .respond_with(
            json(r#"{"access_token":"first-access","token_type":"Bearer","refresh_token":"first-refresh","expires_in":0,"state":"x"}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(query_param("refresh", ""))
        .respond_with(json(
            r#"{"access_token":"second-access","token_type":"Bearer","expires_in":86400}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut printed = Vec::new();
    oauth_flow::run(&server.uri(), &mut printed).await.unwrap();
    let printed = String::from_utf8(printed).unwrap();

    let lines: Vec<&str> = printed.lines().collect();
    assert!(lines[0].starts_with("1. send the user to https://app.hellosign.com/oauth/authorize?response_type=code&client_id=demo-client-id&state="), "{printed}");
    assert_eq!(
        lines[1],
        "2. exchanged the code: Bearer token, expires in 0 s"
    );
    assert_eq!(lines[2], "3. the token had expired: refreshed it");
    assert_eq!(lines[3], "done: holding a Bearer token");
    for secret in [
        "demo-client-secret",
        "demo-authorization-code",
        "first-access",
        "first-refresh",
        "second-access",
    ] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }

    let requests = server.received_requests().await.unwrap();
    let exchange: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(exchange["client_id"], "demo-client-id");
    assert_eq!(exchange["client_secret"], "demo-client-secret");
    assert_eq!(exchange["code"], "demo-authorization-code");
    assert_eq!(exchange["grant_type"], "authorization_code");
    let state = exchange["state"].as_str().unwrap();
    assert!(lines[0].ends_with(&format!("&state={state}")), "{printed}");
    let refresh: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(refresh["grant_type"], "refresh_token");
    assert_eq!(refresh["refresh_token"], "first-refresh");
    assert_eq!(refresh["client_id"], "demo-client-id");
    assert_eq!(refresh["client_secret"], "demo-client-secret");
    let agent = requests[1].headers["user-agent"].to_str().unwrap();
    assert!(agent.ends_with(" oauth-flow-example"), "{agent}");
}
