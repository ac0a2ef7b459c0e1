//! The checked-in `generated-client` is exactly what the spec in `openapi/` generates, and a
//! spec change shows up as a diff against it.

use std::fs;

use codegen::workspace;
use codegen::write::Plan;

fn spec_text() -> String {
    fs::read_to_string(workspace::root().join(workspace::SPEC)).unwrap()
}

#[test]
fn checked_in_client_matches_fresh_codegen() {
    let files =
        codegen::generate(&spec_text(), workspace::SPEC, &workspace::client_settings()).unwrap();
    let plan = Plan::new(&workspace::root().join(workspace::CLIENT_DIR), &files).unwrap();
    assert!(
        plan.is_empty(),
        "generated-client is stale; run `{}`.\n{}",
        workspace::COMMAND,
        plan.diff()
    );
}

#[test]
fn generation_is_deterministic() {
    let settings = workspace::client_settings();
    let first = codegen::generate(&spec_text(), workspace::SPEC, &settings).unwrap();
    let second = codegen::generate(&spec_text(), workspace::SPEC, &settings).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_new_optional_property_shows_up_as_a_diff_of_the_models() {
    let spec = spec_text().replace(
        "    OAuthTokenResponse:\n      type: object\n      description: A token set issued by the OAuth endpoints.\n      properties:\n",
        "    OAuthTokenResponse:\n      type: object\n      description: A token set issued by the OAuth endpoints.\n      properties:\n        scope:\n          type: string\n          description: The scopes granted.\n",
    );
    assert_ne!(spec, spec_text(), "the edit must apply to the spec");
    let files = codegen::generate(&spec, workspace::SPEC, &workspace::client_settings()).unwrap();
    let plan = Plan::new(&workspace::root().join(workspace::CLIENT_DIR), &files).unwrap();
    assert_eq!(plan.summary(), "update src/models.rs\n");
    let diff = plan.diff();
    assert!(
        diff.contains("+    /// The scopes granted.\n+    #[serde(skip_serializing_if = \"Option::is_none\")]\n+    pub scope: Option<String>,\n"),
        "{diff}"
    );
}
