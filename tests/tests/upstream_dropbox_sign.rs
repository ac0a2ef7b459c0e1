//! The published Dropbox Sign spec, cut down to the two OAuth operations and adapted by an
//! overlay (tests/fixtures/upstream/), generates the client we check in: the same public API
//! listing, and the same requests and redacted output when both drive a loopback mock.
//! Skips, saying so, where the shared spec folder is absent.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::Plan;
use codegen::{Adaptation, CrateSettings, Selection, Source, Surface, surface};
use serde_json::Value;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::workspace;

const SPEC: &str = "dropbox-sign-openapi-sdk.yaml";
const OVERLAY: &str = "fixtures/upstream/dropbox-sign-oauth.overlay.yaml";

/// `shared/specs/<name>` beside the repository (or beside a folder holding it).
fn shared_spec(name: &str) -> Option<PathBuf> {
    workspace::root()
        .ancestors()
        .skip(1)
        .map(|folder| folder.join("shared/specs").join(name))
        .find(|path| path.is_file())
}

fn fixture(relative: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    Source::new(
        format!("tests/{relative}"),
        fs::read_to_string(path).unwrap(),
    )
}

fn adaptation() -> Adaptation {
    Adaptation {
        overlays: vec![fixture(OVERLAY)],
        secrets: Vec::new(),
        selection: Selection {
            operations: vec![
                "oauthTokenGenerate".to_owned(),
                "oauthTokenRefresh".to_owned(),
            ],
            tags: Vec::new(),
        },
    }
}

fn upstream_generation(spec: &Path) -> codegen::Generation {
    let source = Source::new(
        "../shared/specs/".to_owned() + SPEC,
        fs::read_to_string(spec).unwrap(),
    );
    let settings = CrateSettings::new(
        "generated-client",
        "0.1.0",
        "cargo xtask codegen --spec ../shared/specs/dropbox-sign-openapi-sdk.yaml --out target/upstream/from-upstream",
    );
    codegen::generate_adapted(&source, &adaptation(), &settings)
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_upstream_spec_with_the_overlay_has_our_public_api() {
    let Some(spec) = shared_spec(SPEC) else {
        eprintln!("skipped: ../shared/specs/{SPEC} is absent");
        return;
    };
    let generation = upstream_generation(&spec);
    assert!(generation.warnings.is_empty(), "{:#?}", generation.warnings);
    let checked_in = fs::read_to_string(
        workspace::root()
            .join("generated-client")
            .join(surface::FILE),
    )
    .unwrap();
    let ours = Surface::parse(&checked_in);
    let theirs: Vec<String> = generation
        .surface
        .items
        .iter()
        .map(ToString::to_string)
        .collect();
    let ours: Vec<String> = ours.items.iter().map(ToString::to_string).collect();
    assert_eq!(theirs, ours);
}

#[test]
fn without_the_overlay_the_report_names_each_difference() {
    let Some(spec) = shared_spec(SPEC) else {
        eprintln!("skipped: ../shared/specs/{SPEC} is absent");
        return;
    };
    let source = Source::new(SPEC, fs::read_to_string(spec).unwrap());
    let mut bare = adaptation();
    bare.overlays.clear();
    let settings = CrateSettings::new("generated-client", "0.1.0", "cargo xtask codegen");
    let generation = codegen::generate_adapted(&source, &bare, &settings).unwrap();
    // Five credentials the published spec leaves as plain strings.
    assert_eq!(generation.warnings.len(), 5, "{:#?}", generation.warnings);
    assert!(
        generation
            .warnings
            .iter()
            .all(|w| w.message.contains("looks like a credential"))
    );
    let checked_in = fs::read_to_string(
        workspace::root()
            .join("generated-client")
            .join(surface::FILE),
    )
    .unwrap();
    let report =
        codegen::report::Report::compare(Some(&Surface::parse(&checked_in)), &generation.surface);
    let text = report.to_string();
    assert!(text.contains("breaking    field OAuthTokenResponse.access_token: no longer secret (`Debug` shows it) from Option<Secret> to Option<String>"), "{text}");
    assert!(
        text.contains("breaking    header OAuthTokenResponseHeaders.x_rate_limit_limit: removed"),
        "{text}"
    );
}

#[test]
fn an_overlay_that_no_longer_fits_fails_at_its_action() {
    let Some(spec) = shared_spec(SPEC) else {
        eprintln!("skipped: ../shared/specs/{SPEC} is absent");
        return;
    };
    let source = Source::new(SPEC, fs::read_to_string(spec).unwrap());
    let mut stale = adaptation();
    stale.overlays[0].text = stale.overlays[0].text.replace(
        "OAuthTokenRefreshRequest.properties",
        "OAuthTokenRenewRequest.properties",
    );
    let settings = CrateSettings::new("generated-client", "0.1.0", "cargo xtask codegen");
    let error = codegen::generate_adapted(&source, &stale, &settings).unwrap_err();
    assert_eq!(error.file, format!("tests/{OVERLAY}"));
    assert_eq!(
        error.pointer.map(|pointer| pointer.to_string()).as_deref(),
        Some("#/actions/1/target")
    );
    assert_eq!(error.line_column, Some((12, 5)));
}

const TOKEN_REPLY: &str = r#"{"access_token": "access-123", "token_type": "Bearer",
    "refresh_token": "refresh-456", "expires_in": 86400, "state": "state-1"}"#;
const ERROR_REPLY: &str =
    r#"{"error": {"error_msg": "Refresh token expired", "error_name": "invalid_grant"}}"#;

/// Values that must never appear in what the driver prints.
const SECRETS: &[&str] = &[
    "generate-secret",
    "auth-code",
    "access-123",
    "refresh-456",
    "refresh-secret",
    "refresh-client-secret",
    "expired-refresh-secret",
];

#[tokio::test(flavor = "multi_thread")]
async fn both_clients_send_the_same_requests_and_redact_the_same_values() {
    let Some(spec) = shared_spec(SPEC) else {
        eprintln!("skipped: ../shared/specs/{SPEC} is absent");
        return;
    };
    let folder = workspace::root().join("target/upstream");
    let upstream = folder.join("from-upstream");
    let files = upstream_generation(&spec).files;
    Plan::new(&upstream, &files)
        .unwrap()
        .apply(&upstream)
        .unwrap();

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_partial_json(
            serde_json::json!({"refresh_token": "expired-refresh-secret"}),
        ))
        .respond_with(ResponseTemplate::new(400).set_body_raw(ERROR_REPLY, "application/json"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(TOKEN_REPLY, "application/json")
                .insert_header("X-RateLimit-Limit", "100")
                .insert_header("X-RateLimit-Remaining", "99")
                .insert_header("X-Ratelimit-Reset", "1700000000"),
        )
        .mount(&server)
        .await;

    let ours_output = drive(
        &folder.join("drive-checked-in"),
        &workspace::root().join("generated-client"),
        &server.uri(),
    );
    let ours = requests(&server).await;
    let theirs_output = drive(
        &folder.join("drive-from-upstream"),
        &upstream,
        &server.uri(),
    );
    let theirs = requests(&server).await.split_off(ours.len());

    assert_eq!(ours.len(), 3, "{ours:#?}");
    assert_eq!(theirs, ours);
    for output in [&ours_output, &theirs_output] {
        for secret in SECRETS {
            assert!(!output.contains(secret), "{secret} printed:\n{output}");
        }
        assert!(output.contains("refused: Some(400) "), "{output}");
        assert!(
            output.contains("invalid_grant: Refresh token expired"),
            "{output}"
        );
    }
    // Field order follows each spec's property order; the fields and values are the same.
    assert_eq!(sorted_lines(&theirs_output), sorted_lines(&ours_output));
}

/// Method, path and query, headers but `host`, and the body as JSON, of each request.
async fn requests(server: &MockServer) -> Vec<(String, String, Vec<(String, String)>, Value)> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .map(|request| {
            let mut headers: Vec<(String, String)> = request
                .headers
                .iter()
                .filter(|(name, _)| name.as_str() != "host")
                .map(|(name, value)| {
                    (
                        name.to_string(),
                        value.to_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            headers.sort();
            let target = format!(
                "{}?{}",
                request.url.path(),
                request.url.query().unwrap_or("-")
            );
            (
                request.method.to_string(),
                target,
                headers,
                serde_json::from_slice(&request.body).unwrap(),
            )
        })
        .collect()
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text
        .lines()
        .map(|line| line.trim_end_matches(','))
        .collect();
    lines.sort_unstable();
    lines
}

/// Builds `tests/fixtures/upstream/drive.rs` against the client crate at `client` in its own
/// folder, runs it against `url` and returns what it printed.
fn drive(folder: &Path, client: &Path, url: &str) -> String {
    fs::create_dir_all(folder.join("src")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/upstream/drive.rs");
    fs::copy(source, folder.join("src/main.rs")).unwrap();
    fs::write(
        folder.join("Cargo.toml"),
        format!(
            "[package]\nname = \"drive\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\n\
             generated-client = {{ path = {:?}, default-features = false }}\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n",
            client.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(
        workspace::root().join("Cargo.lock"),
        folder.join("Cargo.lock"),
    )
    .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--", url])
        .current_dir(folder)
        .env(
            "CARGO_TARGET_DIR",
            workspace::root().join("target/upstream/target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the driver failed in {}:\n{}",
        folder.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
