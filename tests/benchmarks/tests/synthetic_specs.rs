//! Synthetic specs stay within what the generator supports and hold the asked number of
//! operations and schemas, so the benchmarks measure the sizes they claim.

use codegen::CrateSettings;

fn generated(operations: usize, schemas: usize) -> Vec<codegen::GeneratedFile> {
    let settings = CrateSettings::new("synthetic", "0.1.0", "synth-spec");
    codegen::generate(
        &benchmarks::spec(operations, schemas),
        "synth.yaml",
        &settings,
    )
    .unwrap_or_else(|error| panic!("{operations}x{schemas}: {error}"))
    .files
}

fn file<'a>(files: &'a [codegen::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap().contents
}

#[test]
fn every_operation_and_schema_becomes_code() {
    for (operations, schemas) in [(1, 1), (7, 3), (10, 10), (75, 200)] {
        let files = generated(operations, schemas);
        let methods = file(&files, "src/operations.rs").matches("pub fn ").count();
        assert_eq!(methods, operations, "{operations}x{schemas}");
        let models = file(&files, "src/models.rs");
        for index in 0..schemas {
            assert!(
                models.contains(&format!("pub struct Schema{index} {{")),
                "{operations}x{schemas}: Schema{index} missing"
            );
        }
        assert!(!models.contains(&format!("pub struct Schema{schemas} {{")));
    }
}

#[test]
fn one_operation_has_its_own_server() {
    let files = generated(4, 4);
    let servers = file(&files, "src/servers.rs");
    assert!(servers.contains("https://api.example.com/v1"), "{servers}");
    assert!(
        servers.contains("https://files.example.com/v1"),
        "{servers}"
    );
}

#[test]
fn the_json_form_generates_the_same_crate() {
    let settings = CrateSettings::new("synthetic", "0.1.0", "synth-spec");
    let json = benchmarks::json_spec(10, 12);
    assert!(json.starts_with('{'), "not JSON: {}", &json[..20]);
    let from_json = codegen::generate(&json, "synth.yaml", &settings)
        .unwrap()
        .files;
    let from_yaml = generated(10, 12);
    for path in ["src/models.rs", "src/operations.rs"] {
        assert_eq!(file(&from_json, path), file(&from_yaml, path), "{path}");
    }
}
