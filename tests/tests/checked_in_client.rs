//! The checked-in `generated-client` is exactly what the spec in `openapi/` generates, and a
//! spec change shows up as a diff against it.

use codegen::workspace;
use codegen::write::Plan;

fn target() -> workspace::Target {
    workspace::target().unwrap()
}

fn spec_text() -> String {
    target().spec_text().unwrap()
}

#[test]
fn checked_in_client_matches_fresh_codegen() {
    let target = target();
    let files = codegen::generate(&spec_text(), &target.spec_name, &target.settings)
        .unwrap()
        .files;
    let plan = Plan::new(&target.out_dir, &files).unwrap();
    assert!(
        plan.is_empty(),
        "generated-client is stale; run `{}`.\n{}",
        workspace::COMMAND,
        plan.diff()
    );
}

#[test]
fn generation_is_deterministic() {
    let target = target();
    let first = codegen::generate(&spec_text(), &target.spec_name, &target.settings)
        .unwrap()
        .files;
    let second = codegen::generate(&spec_text(), &target.spec_name, &target.settings)
        .unwrap()
        .files;
    assert_eq!(first, second);
}

#[test]
fn a_new_optional_property_shows_up_as_a_diff_of_the_models() {
    let spec = spec_text().replace(
        "    OAuthTokenResponse:\n      type: object\n      description: A token set issued by the OAuth endpoints.\n      properties:\n",
        "    OAuthTokenResponse:\n      type: object\n      description: A token set issued by the OAuth endpoints.\n      properties:\n        scope:\n          type: string\n          description: The scopes granted.\n",
    );
    assert_ne!(spec, spec_text(), "the edit must apply to the spec");
    let target = target();
    let files = codegen::generate(&spec, &target.spec_name, &target.settings)
        .unwrap()
        .files;
    let plan = Plan::new(&target.out_dir, &files).unwrap();
    assert_eq!(plan.summary(), "update src/models.rs\nupdate API.txt\n");
    let diff = plan.diff();
    assert!(
        diff.contains("+field OAuthTokenResponse.scope: Option<String>\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+    /// The scopes granted.\n+    #[serde(skip_serializing_if = \"Option::is_none\")]\n+    pub scope: Option<String>,\n"),
        "{diff}"
    );
}
