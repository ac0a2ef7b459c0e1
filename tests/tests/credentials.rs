//! Credentials follow each operation's security requirements: a crate generated from
//! `tests/scenarios/secured.yaml` runs a small program against a loopback mock server, and
//! the test reads what each request carried.

mod support;

use std::fs;

use codegen::CrateSettings;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::workspace;

/// Calls every operation with four differently configured clients, told apart by the
/// User-Agent suffix.
const PROGRAM: &str = r#"
use secured_client::Client;

#[tokio::main]
async fn main() {
    let base = std::env::args().nth(1).unwrap();
    let client = |name: &str| Client::builder().base_url(&base).user_agent(name);
    let both = client("both").basic_auth("basic-user", "basic-pass").bearer_token("bearer-token").build().unwrap();
    let bearer = client("bearer").bearer_token("bearer-token").build().unwrap();
    let key = client("key").api_key("key-123").build().unwrap();
    let none = client("none").build().unwrap();
    // Path parameters are one segment each, and may not climb out of it.
    bearer.file_delete("a b/c").await.unwrap();
    for bad in ["..", ".", ""] {
        let error = bearer.file_delete(bad).await.unwrap_err();
        assert!(matches!(error, secured_client::Error::InvalidRequest(_)), "{bad}: {error:?}");
    }
    for client in [&both, &bearer, &key, &none] {
        client.account_get().await.unwrap();
        client.bearer_only().await.unwrap();
        client.header_key().await.unwrap();
        client.query_key().limit(5).await.unwrap();
        client.public_get().await.unwrap();
    }
    // A refreshed token through a client that shares the pool; the original keeps its own.
    bearer.with_bearer_token("other-token").bearer_only().send().await.unwrap();
    bearer.bearer_only().await.unwrap();
}
"#;

#[tokio::test]
async fn each_operation_sends_the_credentials_its_spec_asks_for() {
    let spec = fs::read_to_string(workspace::root().join("tests/scenarios/secured.yaml")).unwrap();
    let mut settings = CrateSettings::new("secured-client", "0.1.0", "cargo xtask codegen");
    settings.extra_dev_dependencies = vec![(
        "tokio".to_owned(),
        r#"{ version = "1", features = ["macros", "rt-multi-thread"] }"#.to_owned(),
    )];
    let files = codegen::generate(&spec, "secured.yaml", &settings)
        .unwrap()
        .files;
    let out = support::write_crate("secured-client", &files);
    let example = out.join("examples/scenario.rs");
    if fs::read_to_string(&example).ok().as_deref() != Some(PROGRAM) {
        fs::create_dir_all(out.join("examples")).unwrap();
        fs::write(&example, PROGRAM).unwrap();
    }

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        support::cargo(&out, &["run", "--example", "scenario", "--", &uri])
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let seen: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let agent = request.headers["user-agent"].to_str().unwrap();
            let header = |name: &str| {
                request
                    .headers
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            format!(
                "{} {} authorization={:?} x-api-key={:?}",
                agent.rsplit(' ').next().unwrap(),
                request.url.path().to_owned()
                    + &request
                        .url
                        .query()
                        .map(|q| format!("?{q}"))
                        .unwrap_or_default(),
                header("authorization"),
                header("x-api-key"),
            )
        })
        .collect();
    let basic = "Basic YmFzaWMtdXNlcjpiYXNpYy1wYXNz"; // base64("basic-user:basic-pass")
    let expected = [
        "bearer /files/a%20b%2Fc authorization=Some(\"Bearer bearer-token\") x-api-key=None"
            .to_owned(),
        format!("both /account authorization=Some({basic:?}) x-api-key=None"),
        "both /bearer-only authorization=Some(\"Bearer bearer-token\") x-api-key=None".to_owned(),
        "both /header-key authorization=None x-api-key=None".to_owned(),
        "both /query-key?limit=5 authorization=None x-api-key=None".to_owned(),
        "both /public authorization=None x-api-key=None".to_owned(),
        "bearer /account authorization=Some(\"Bearer bearer-token\") x-api-key=None".to_owned(),
        "bearer /bearer-only authorization=Some(\"Bearer bearer-token\") x-api-key=None".to_owned(),
        "bearer /header-key authorization=None x-api-key=None".to_owned(),
        "bearer /query-key?limit=5 authorization=None x-api-key=None".to_owned(),
        "bearer /public authorization=None x-api-key=None".to_owned(),
        "key /account authorization=None x-api-key=None".to_owned(),
        "key /bearer-only authorization=None x-api-key=None".to_owned(),
        "key /header-key authorization=None x-api-key=Some(\"key-123\")".to_owned(),
        "key /query-key?limit=5&api_key=key-123 authorization=None x-api-key=None".to_owned(),
        "key /public authorization=None x-api-key=None".to_owned(),
        "none /account authorization=None x-api-key=None".to_owned(),
        "none /bearer-only authorization=None x-api-key=None".to_owned(),
        "none /header-key authorization=None x-api-key=None".to_owned(),
        "none /query-key?limit=5 authorization=None x-api-key=None".to_owned(),
        "none /public authorization=None x-api-key=None".to_owned(),
        "bearer /bearer-only authorization=Some(\"Bearer other-token\") x-api-key=None".to_owned(),
        "bearer /bearer-only authorization=Some(\"Bearer bearer-token\") x-api-key=None".to_owned(),
    ];
    assert_eq!(seen, expected);
}

/// The default servers, without any network: operations with their own `servers` use them,
/// every other operation the spec's global server.
#[test]
fn default_servers_follow_the_spec() {
    assert_eq!(
        generated_client::servers::API_HELLOSIGN_COM_V3,
        "https://api.hellosign.com/v3"
    );
    assert_eq!(
        generated_client::servers::APP_HELLOSIGN_COM,
        "https://app.hellosign.com"
    );
    let spec =
        fs::read_to_string(workspace::root().join("openapi/dropbox-sign-oauth.yaml")).unwrap();
    // An operation without servers of its own, added beside the token operations.
    let spec = spec.replace(
        "\ncomponents:\n",
        "\n  /account:\n    get:\n      operationId: accountGet\n      responses:\n        '200':\n          description: ok\ncomponents:\n",
    );
    let files = codegen::generate(&spec, "spec.yaml", &CrateSettings::new("c", "0.1.0", "x"))
        .unwrap()
        .files;
    // Whitespace-free, so the formatter's line breaks do not matter.
    let code: String = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .flat_map(|f| f.contents.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let servers: Vec<&str> = code
        .split(".endpoint(servers::")
        .skip(1)
        .map(|rest| &rest[..rest.find(',').unwrap()])
        .collect();
    assert_eq!(
        servers,
        [
            "APP_HELLOSIGN_COM",
            "APP_HELLOSIGN_COM",
            "API_HELLOSIGN_COM_V3"
        ]
    );
}
