//! `cargo xtask codegen` as a user runs it: exit codes, messages, and what it leaves on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file below `folder`, by relative path, with its bytes.
fn snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((
                    path.strip_prefix(folder).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

/// A copy of the checked-in client's `Cargo.toml` and `src/`.
fn copy_of_client(into: &Path) -> PathBuf {
    let source = workspace_root().join("generated-client");
    let copy = into.join("client");
    fs::create_dir_all(&copy).unwrap();
    fs::copy(source.join("Cargo.toml"), copy.join("Cargo.toml")).unwrap();
    fs::copy(source.join("API.txt"), copy.join("API.txt")).unwrap();
    copy_folder(&source.join("src"), &copy.join("src"));
    copy
}

/// Copies `from` into `to`, subfolders (such as `src/runtime/`) included.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

const SPEC: &str = "openapi/dropbox-sign-oauth.yaml";

#[test]
fn check_passes_on_the_checked_in_client() {
    let output = xtask(&["codegen", "--check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("generated-client is up to date"));
}

#[test]
fn a_broken_spec_fails_with_its_location_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let client = copy_of_client(folder.path());
    let before = snapshot(&client);
    let broken = folder.path().join("broken.yaml");
    fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();

    let output = xtask(&[
        "codegen",
        "--spec",
        broken.to_str().unwrap(),
        "--out",
        client.to_str().unwrap(),
    ]);

    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with(&format!("error: {}:11:15: at #/paths/~1pets/get/responses/200/content/application~1json/schema: `$ref: #/components/schemas/Missing` points to nothing", broken.display())), "{stderr}");
    assert_eq!(snapshot(&client), before, "the output folder changed");
}

#[test]
fn unreadable_yaml_fails_with_line_and_column() {
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("broken.yaml");
    fs::write(&broken, "openapi: 3.0.3\ninfo: {title: t\n").unwrap();
    let out = folder.path().join("out");

    let output = xtask(&[
        "codegen",
        "--spec",
        broken.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);

    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3:1: the spec is not valid YAML",
            broken.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn check_reports_a_stale_crate_with_a_diff_and_the_fix() {
    let folder = tempfile::tempdir().unwrap();
    let client = copy_of_client(folder.path());
    let models = client.join("src/models.rs");
    let edited = fs::read_to_string(&models)
        .unwrap()
        .replace("pub client_id: String,", "pub client_id: u8,");
    fs::write(&models, edited).unwrap();
    let before = snapshot(&client);
    let out = client.to_str().unwrap();

    let output = xtask(&[
        "codegen",
        "--check",
        "--spec",
        SPEC,
        "--out",
        out,
        "--crate-name",
        "generated-client",
    ]);

    assert_eq!(output.status.code(), Some(1));
    let diff = text(&output.stdout);
    assert!(
        diff.contains("--- a/src/models.rs\n+++ b/src/models.rs\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-    pub client_id: u8,\n+    pub client_id: String,\n"),
        "{diff}"
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "Run `cargo xtask codegen --spec {SPEC} --out {out} --crate-name generated-client`"
        )),
        "{stderr}"
    );
    assert_eq!(snapshot(&client), before, "--check wrote to the folder");
}

#[test]
fn spec_and_out_write_a_complete_crate_then_report_it_current() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("Sign Client");
    let out_text = out.to_str().unwrap();

    let first = xtask(&["codegen", "--spec", SPEC, "--out", out_text]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"sign-client\""), "{manifest}");
    assert!(manifest.starts_with(&format!(
        "# @generated by `cargo xtask codegen --spec {SPEC} --out {out_text}`"
    )));
    for file in [
        "lib.rs",
        "models.rs",
        "operations.rs",
        "runtime/mod.rs",
        "runtime/client.rs",
        "runtime/error.rs",
        "runtime/response.rs",
        "runtime/secret.rs",
    ] {
        assert!(out.join("src").join(file).is_file(), "{file} missing");
    }

    let second = xtask(&["codegen", "--spec", SPEC, "--out", out_text]);
    assert!(second.status.success());
    assert!(
        text(&second.stdout).contains("is up to date"),
        "{}",
        text(&second.stdout)
    );
}

#[test]
fn a_stale_generated_file_is_removed_but_hand_written_ones_stay() {
    let folder = tempfile::tempdir().unwrap();
    let client = copy_of_client(folder.path());
    fs::write(
        client.join("src/old.rs"),
        "// @generated by `cargo xtask codegen`; do not edit by hand.\n",
    )
    .unwrap();
    fs::write(client.join("src/oauth.rs"), "//! Written by hand.\n").unwrap();

    let output = xtask(&[
        "codegen",
        "--spec",
        SPEC,
        "--out",
        client.to_str().unwrap(),
        "--crate-name",
        "generated-client",
    ]);

    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("remove src/old.rs"));
    assert!(!client.join("src/old.rs").exists());
    assert!(client.join("src/oauth.rs").exists());
}

#[test]
fn it_will_not_overwrite_a_crate_it_did_not_generate() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(
        folder.path().join("Cargo.toml"),
        "[package]\nname = \"mine\"\n",
    )
    .unwrap();

    let output = xtask(&[
        "codegen",
        "--spec",
        SPEC,
        "--out",
        folder.path().to_str().unwrap(),
    ]);

    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("refusing to overwrite"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(folder.path().join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );
    assert!(!folder.path().join("src").exists());
}

/// Our spec with `edit` applied, written into `folder`.
fn edited_spec(folder: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let spec = fs::read_to_string(workspace_root().join(SPEC)).unwrap();
    let edited = edit(spec.clone());
    assert_ne!(edited, spec, "the edit must apply");
    let path = folder.join("edited.yaml");
    fs::write(&path, edited).unwrap();
    path
}

const STATE: &str = "        state:\n          type: string\n          format: password\n          nullable: true\n          description: The `state` of the authorization request; absent from refresh answers.\n";

#[test]
fn every_run_reports_api_changes_and_deny_breaking_stops_a_breaking_one() {
    let folder = tempfile::tempdir().unwrap();
    let client = copy_of_client(folder.path());
    let before = snapshot(&client);
    let spec = edited_spec(folder.path(), |text| {
        text.replace(STATE, "").replace(
            "        token_type:\n",
            "        scope:\n          type: string\n        token_type:\n",
        )
    });
    let args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "codegen",
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            client.to_str().unwrap(),
            "--crate-name",
            "generated-client",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let run = |extra: &[&str]| {
        let args = args(extra);
        xtask(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let denied = run(&["--deny-breaking"]);
    assert_eq!(denied.status.code(), Some(2), "{}", text(&denied.stderr));
    let report = text(&denied.stdout);
    assert!(
        report.starts_with("API changes: 1 breaking, 1 compatible\n"),
        "{report}"
    );
    assert!(
        report.contains("  breaking    field OAuthTokenResponse.state: removed"),
        "{report}"
    );
    assert!(
        report.contains(
            "  compatible  field OAuthTokenResponse.scope: added as optional Option<String>"
        ),
        "{report}"
    );
    assert!(
        text(&denied.stderr)
            .contains("1 breaking API change(s) with --deny-breaking; nothing was written")
    );
    assert_eq!(
        snapshot(&client),
        before,
        "--deny-breaking wrote to the folder"
    );

    let checked = run(&["--check"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(text(&checked.stdout).starts_with("API changes: 1 breaking, 1 compatible\n"));
    assert!(text(&checked.stdout).contains("-field OAuthTokenResponse.state: Option<Secret>\n"));

    let written = run(&[]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    let again = run(&["--deny-breaking"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).starts_with("API changes: none\n"));
}

#[test]
fn operations_overlays_and_secrets_shape_the_crate_and_its_command() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("refresh-only");
    let overlay = folder.path().join("overlay.yaml");
    fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.OAuthTokenResponse.properties\n    update:\n      id_token: {type: string}\n",
    )
    .unwrap();
    let (out_text, overlay_text) = (out.to_str().unwrap(), overlay.to_str().unwrap());
    let flags = [
        "--overlay",
        overlay_text,
        "--operation",
        "oauthTokenRefresh",
        "--secret",
        "OAuthTokenResponse.id_token",
    ];
    let mut args = vec!["codegen", "--spec", SPEC, "--out", out_text];
    args.extend(flags);
    let output = xtask(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let listing = fs::read_to_string(out.join("API.txt")).unwrap();
    assert!(
        listing.starts_with(&format!(
            "# @generated by `cargo xtask codegen --spec {SPEC} --out {out_text} {}`",
            flags.join(" ")
        )),
        "{listing}"
    );
    assert!(
        listing.contains("operation oauth_token_refresh:"),
        "{listing}"
    );
    assert!(!listing.contains("oauth_token_generate"), "{listing}");
    assert!(!listing.contains("OAuthTokenGenerateRequest"), "{listing}");
    assert!(
        listing.contains("field OAuthTokenResponse.id_token: Option<Secret>\n"),
        "{listing}"
    );

    let mut unknown = vec![
        "codegen",
        "--spec",
        SPEC,
        "--out",
        out_text,
        "--operation",
        "oauthTokenRefesh",
    ];
    unknown.push("--check");
    let output = xtask(&unknown);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no operation has the operationId `oauthTokenRefesh`; the closest are `oauthTokenRefresh`, `oauthTokenGenerate`"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_unmarked_credential_is_a_warning_and_fails_strict_runs() {
    let folder = tempfile::tempdir().unwrap();
    let spec = edited_spec(folder.path(), |text| {
        text.replace(
            "        token_type:\n",
            "        id_token:\n          type: string\n        token_type:\n",
        )
    });
    let out = folder.path().join("client");
    let output = xtask(&[
        "codegen",
        "--strict",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("at #/components/schemas/OAuthTokenResponse/properties/id_token: property `id_token` looks like a credential"),
        "{stderr}"
    );
    assert!(!out.exists(), "a strict run with warnings wrote the crate");
}
