//! Mutated specs never make the generator panic: it returns a client or an error, and an
//! error's pointer and place name a node of the mutated document. Each case
//! takes a fixture or a broken spec, applies a few random structural mutations to its YAML tree (or cuts and
//! flips its text), and runs `codegen::generate`. Seeded, so a failure can be replayed.
//!
//! `FUZZ_CASES` sets the number of cases (default 1000), `FUZZ_SEED` the first seed, and
//! `FUZZ_TRACE=1` prints every spec before it runs:
//! `FUZZ_CASES=100000 cargo test -p workspace-tests --release --test fuzz_specs -- --nocapture`.

use std::fs;
use std::panic;
use std::path::Path;
use std::time::Instant;

use serde_yaml::{Mapping, Value};
use xtask::workspace;

/// xorshift64*: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "mapping",
    "enum",
    "nullable",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "$ref",
    "default",
    "x-enum-varnames",
    "content",
    "schema",
    "in",
    "name",
    "servers",
    "url",
    "variables",
    "responses",
    "requestBody",
    "parameters",
    "propertyName",
    "operationId",
    "security",
];

const WORDS: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "int32",
    "int64",
    "binary",
    "date-time",
    "password",
    "path",
    "query",
    "header",
    "cookie",
    "type",
    "application/json",
    "multipart/form-data",
    "text/plain",
    "4XX",
    "default",
    "200",
    "",
    "#/components/schemas/Pet",
    "#/components/schemas/Dog",
    "#/components/schemas/FieldBase",
    "#/components/schemas/TreeNode",
    "#/components/schemas",
    "#/",
    "other.yaml#/a",
    "{id}",
    "/a/{id}?x",
    "MM / DD / YYYY",
    "self",
    "Self",
    "2fa",
];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number((rng.below(1000) as i64 - 300).into()),
        3 => Value::Sequence(Vec::new()),
        4 => Value::Mapping(Mapping::new()),
        _ => Value::String((*rng.pick(WORDS)).to_owned()),
    }
}

/// Every node of the tree, as paths of child indexes, so one can be picked at random.
fn paths(value: &Value, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(at.clone());
    let children: Vec<&Value> = match value {
        Value::Mapping(mapping) => mapping.values().collect(),
        Value::Sequence(items) => items.iter().collect(),
        _ => return,
    };
    for (index, child) in children.into_iter().enumerate() {
        at.push(index);
        paths(child, at, out);
        at.pop();
    }
}

fn node_mut<'v>(mut value: &'v mut Value, path: &[usize]) -> &'v mut Value {
    for &index in path {
        let len = match &*value {
            Value::Mapping(mapping) => mapping.len(),
            Value::Sequence(items) => items.len(),
            _ => 0,
        };
        if index >= len {
            break;
        }
        value = match value {
            Value::Mapping(mapping) => mapping.values_mut().nth(index).unwrap(),
            Value::Sequence(items) => &mut items[index],
            _ => unreachable!("only mappings and sequences have children"),
        };
    }
    value
}

fn mutate(document: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(document, &mut Vec::new(), &mut all);
    let target: Vec<usize> = rng.pick(&all).clone();
    let donor_at: Vec<usize> = rng.pick(&all).clone();
    let donor = node_mut(document, &donor_at).clone();
    let node = node_mut(document, &target);
    match rng.below(6) {
        0 => *node = scalar(rng),
        1 => *node = donor,
        2 => {
            if let Value::Mapping(mapping) = node {
                let key = (*rng.pick(KEYWORDS)).to_owned();
                let value = if rng.below(2) == 0 {
                    donor
                } else {
                    scalar(rng)
                };
                mapping.insert(Value::String(key), value);
            }
        }
        3 => match node {
            Value::Mapping(mapping) if !mapping.is_empty() => {
                let index = rng.below(mapping.len());
                let key = mapping.keys().nth(index).cloned();
                if let Some(key) = key {
                    mapping.remove(&key);
                }
            }
            Value::Sequence(items) if !items.is_empty() => {
                let index = rng.below(items.len());
                items.remove(index);
            }
            _ => {}
        },
        4 => {
            if let Value::Sequence(items) = node {
                items.push(donor);
            } else if let Value::Mapping(mapping) = node {
                mapping.insert(Value::Number(rng.below(600).into()), donor);
            }
        }
        _ => {
            if let Value::Mapping(mapping) = node {
                let key = mapping.keys().nth(rng.below(mapping.len())).cloned();
                if let Some(key) = key {
                    let renamed = format!("{}{}", key.as_str().unwrap_or("k"), rng.pick(WORDS));
                    let value = mapping.remove(&key).unwrap_or(Value::Null);
                    mapping.insert(Value::String(renamed), value);
                }
            }
        }
    }
}

/// Cuts the text short or flips a character: exercises the YAML and location paths.
fn garble(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let index = rng.below(chars.len());
    match rng.below(3) {
        0 => chars.truncate(index),
        1 => chars[index] = *rng.pick(&[':', '-', '{', '[', '\t', '\'', '"', '&', '*', '!']),
        _ => {
            chars.insert(index, '\n');
        }
    }
    chars.into_iter().collect()
}

/// The fixtures and the broken corpus, as text and (where it parses) as a YAML tree.
fn fixtures() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found: Vec<(String, Value)> = ["specs", "broken"]
        .iter()
        .flat_map(|folder| fs::read_dir(root.join(folder)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            let tree = serde_yaml::from_str(&text).unwrap_or(Value::Null);
            (text, tree)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A refusal's JSON pointer must name a node that exists in the document, and a line and
/// column found from that pointer must be that node's (its key, or its `- ` item, as the
/// YAML writer laid it out), not an ancestor's.
fn check_location(
    spec: &str,
    error: &codegen::Diagnostic,
    block_style: bool,
) -> Result<(), String> {
    // Without a pointer the parser's place (when it gave one) is all there is.
    let Some(at) = &error.pointer else {
        return Ok(());
    };
    let pointer = at.to_string();
    let Ok(document) = serde_yaml::from_str::<serde_json::Value>(spec) else {
        // Not a JSON-compatible tree (a non-string key, say); a pointer cannot be checked.
        return Ok(());
    };
    let mut path = pointer
        .strip_prefix('#')
        .ok_or_else(|| format!("`{pointer}` is not a local JSON pointer"))?;
    if document.pointer(path).is_none() {
        // An error about a missing member names it under a parent that exists.
        let parent = &path[..path.rfind('/').unwrap_or(0)];
        if document.pointer(parent).is_none() {
            return Err(format!(
                "`{pointer}` names no node of the document, nor its parent"
            ));
        }
        path = parent;
    }
    let Some(token) = path.rsplit('/').next().filter(|_| !path.is_empty()) else {
        return Ok(());
    };
    let token = token.replace("~1", "/").replace("~0", "~");
    let (line, column) = error
        .line_column
        .ok_or_else(|| format!("`{pointer}` exists but was not located"))?;
    let lines: Vec<&str> = spec.lines().collect();
    let text = lines
        .get(line - 1)
        .ok_or_else(|| format!("line {line} is past the end"))?;
    // A place found from the pointer must be the node itself, not an ancestor. (A place the
    // YAML parser gave while deserializing can be the start of an enclosing mapping.)
    let from_pointer = codegen::locate::locate(spec, at) == Some((line, column));
    if !block_style || !from_pointer || starts_node(text, column, &token) {
        Ok(())
    } else {
        Err(format!(
            "{line}:{column} is not the node `{pointer}`: the line reads `{text}`"
        ))
    }
}

/// Whether `text` holds, at one-based `column`, the key `token` or (for an index) a `- `
/// item.
fn starts_node(text: &str, column: usize, token: &str) -> bool {
    let (before, at) = text.split_at((column - 1).min(text.len()));
    let is_item = token.parse::<usize>().is_ok() && before.trim_end().ends_with('-');
    let is_key = [
        format!("{token}:"),
        format!("'{token}':"),
        format!("\"{token}\":"),
    ]
    .iter()
    .any(|key| at.starts_with(key.as_str()));
    is_item || is_key
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_specs_give_a_client_or_an_error_never_a_panic() {
    let cases = env_number("FUZZ_CASES", 1000);
    let first_seed = env_number("FUZZ_SEED", 1);
    let fixtures = fixtures();
    let settings = workspace::target().unwrap().settings;
    // `FUZZ_TRACE=1` prints each spec first, to find one that aborts the process.
    let trace = std::env::var_os("FUZZ_TRACE").is_some();
    let started = Instant::now();
    let (mut generated, mut refused) = (0u64, 0u64);
    for seed in first_seed..first_seed + cases {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (text, tree) = rng.pick(&fixtures);
        // Only the YAML writer's block style is laid out so that every node can be found.
        let block_style = rng.below(8) != 0;
        let spec = if !block_style {
            garble(text, &mut rng)
        } else {
            let mut tree = tree.clone();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut tree, &mut rng);
            }
            serde_yaml::to_string(&tree).unwrap()
        };
        if trace {
            eprintln!("seed {seed}:\n{spec}");
        }
        let outcome = panic::catch_unwind(|| codegen::generate(&spec, "mutated.yaml", &settings));
        match outcome {
            Ok(Ok(generation)) => {
                generated += 1;
                // The formatter falls back to `compile_error!` only for tokens that are not Rust.
                for file in generation.files {
                    assert!(
                        !file.contents.contains("compile_error!"),
                        "seed {seed}: {} is not valid Rust:\n{spec}",
                        file.path
                    );
                }
            }
            Ok(Err(error)) => {
                refused += 1;
                if let Err(problem) = check_location(&spec, &error, block_style) {
                    panic!("seed {seed}: {problem}\nerror: {error}\n{spec}");
                }
            }
            Err(_) => panic!("seed {seed} made the generator panic on this spec:\n{spec}"),
        }
    }
    println!(
        "{cases} mutated specs from seed {first_seed}: {generated} generated, {refused} refused, in {:.1?}",
        started.elapsed()
    );
}
