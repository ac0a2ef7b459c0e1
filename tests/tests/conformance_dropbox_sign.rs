//! The whole Dropbox Sign API on the wire. A client generated from the complete published
//! spec calls every operation, with values taken from the spec's examples, through a loopback
//! recorder in front of Stoplight Prism, a mock server that validates each request against the
//! spec (`--errors`: a request that breaks the spec is refused, and so is a reply example that
//! breaks its schema) and answers with the spec's examples. Each request must be accepted and
//! each reply decoded, except for the known limits below, which are checked another way and
//! fail the test once they no longer occur.
//!
//! Skips, saying so, where `../shared/specs/` or Prism is absent; under `CI=true` a missing
//! Prism fails (`.ci/run` installs it, pinned, into `target/ci-tools/prism`).

mod support;

use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use codegen::CrateSettings;
use codegen::write::Plan;
use serde_json::{Map, Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use xtask::workspace;

const SPEC: &str = "dropbox-sign-openapi-sdk.yaml";
/// The Prism release the test is written against; `.ci/run` installs exactly this one.
const PRISM: &str = "@stoplight/prism-cli@5.16.0";
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Why a call cannot pass Prism, and what the test checks instead.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    /// Prism reads a `multipart/form-data` body naively: it keeps only the last part of each
    /// name, as a string, and parses no JSON part unless the spec declares an `encoding`, which
    /// this spec never does. The client follows the OpenAPI 3.0 defaults (one part per item of
    /// an array of scalars, one `application/json` part per object), so Prism refuses the
    /// body; the text is Prism's complaint. Checked instead: the captured body, decoded by
    /// those rules, is valid against the request schema and equals the example sent.
    Multipart(&'static str),
    /// The path key `/oauth/token?refresh` carries a query; Prism routes the request to
    /// `POST /oauth/token` (`oauthTokenGenerate`) and validates it against that body. Checked
    /// instead: the captured request is `POST /oauth/token?refresh` with a valid refresh body.
    QueryInPathKey,
    /// The spec's own reply example (named first) breaks the reply schema (the second text
    /// says where), so Prism answers 500 and no client could decode it. Checked instead: the
    /// request was accepted, Prism reported reply violations, and the example fails the
    /// schema here too, at that place.
    BrokenReplyExample(&'static str, &'static str),
    /// The request body example breaks its own schema (the text says where), so the typed
    /// client cannot be given it. Checked instead: the example fails the schema there; when
    /// turning each wrongly typed scalar into the declared type repairs it, the repaired
    /// request is sent and judged like any other; when not (a required property is missing),
    /// the client must refuse to build it.
    BrokenRequestExample(&'static str),
}

/// The known limits, by operationId and request example (`*`: every call of the operation);
/// the first entry that matches a call applies. Each must still occur: one that no longer does
/// fails the test, so that the list stays true.
#[rustfmt::skip]
const KNOWN_LIMITS: &[(&str, &str, Limit)] = &[
    // Prism's reading of multipart bodies; the text is the first property it complains of.
    ("apiAppCreate", "*", Limit::Multipart("domains must be array")),
    ("apiAppUpdate", "*", Limit::Multipart("domains must be array")),
    ("signatureRequestBulkCreateEmbeddedWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("signatureRequestBulkSendWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("signatureRequestCreateEmbedded", "*", Limit::Multipart("file_urls must be array")),
    ("signatureRequestCreateEmbeddedWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("signatureRequestEdit", "*", Limit::Multipart("file_urls must be array")),
    ("signatureRequestEditEmbedded", "*", Limit::Multipart("file_urls must be array")),
    ("signatureRequestEditEmbeddedWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("signatureRequestEditWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("signatureRequestSend", "*", Limit::Multipart("file_urls must be array")),
    ("signatureRequestSendWithTemplate", "*", Limit::Multipart("template_ids must be array")),
    ("faxSend", "*", Limit::Multipart("file_urls must be array")),
    ("templateCreate", "*", Limit::Multipart("file_urls must be array")),
    ("templateCreateEmbeddedDraft", "*", Limit::Multipart("file_urls must be array")),
    ("templateUpdateFiles", "*", Limit::Multipart("file_urls must be array")),
    ("unclaimedDraftCreate", "*", Limit::Multipart("file_urls must be array")),
    ("unclaimedDraftCreateEmbedded", "*", Limit::Multipart("file_urls must be array")),
    ("unclaimedDraftCreateEmbeddedWithTemplate", "*", Limit::Multipart("ccs must be array")),
    // The refresh operation's path key holds a query.
    ("oauthTokenRefresh", "*", Limit::QueryInPathKey),
    // Request examples that break their schema: `signer` given as a number where the schema
    // says string (and `is_checked: 1`, `hidden: 1` for booleans in the groups and rules
    // examples), `test_mode: "true"` for a boolean; a text field without the `options` that
    // `SubFormFieldsPerDocumentText` requires (but does not declare), which no repair adds.
    ("faxSend", "*", Limit::BrokenRequestExample("/test_mode")),
    ("templateCreate", "*", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("templateCreateEmbeddedDraft", "form_fields_per_document_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("templateCreateEmbeddedDraft", "form_field_groups_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("templateCreateEmbeddedDraft", "form_field_rules_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreate", "form_fields_per_document_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreate", "form_field_groups_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreate", "form_field_rules_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreateEmbedded", "form_fields_per_document_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreateEmbedded", "form_field_groups_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    ("unclaimedDraftCreateEmbedded", "form_field_rules_example", Limit::BrokenRequestExample("/form_fields_per_document/0/signer")),
    // Reply examples that break their schema: `metadata: []` for an object, a required
    // property missing, `null` for a non-nullable integer, a string `rule` for an object.
    ("faxGet", "*", Limit::BrokenReplyExample("example", "/fax/metadata")),
    ("faxList", "*", Limit::BrokenReplyExample("example", "/faxes/0/metadata")),
    ("signatureRequestFilesAsDataUri", "*", Limit::BrokenReplyExample("example", "data_uri")),
    ("teamInvites", "*", Limit::BrokenReplyExample("example", "/team_invites/0/redeemed_at")),
    ("teamMembers", "*", Limit::BrokenReplyExample("example", "team_members")),
    ("templateAddUser", "*", Limit::BrokenReplyExample("example", "/template/documents/0/field_groups/0/rule")),
    ("templateFilesAsDataUri", "*", Limit::BrokenReplyExample("example", "data_uri")),
    ("templateGet", "*", Limit::BrokenReplyExample("example", "/template/documents/0/field_groups/0/rule")),
    ("templateList", "*", Limit::BrokenReplyExample("example", "/templates/0/accounts/0/quotas/templates_left")),
    ("templateRemoveUser", "*", Limit::BrokenReplyExample("example", "/template/documents/0/field_groups/0/rule")),
    ("templateUpdate", "*", Limit::BrokenReplyExample("example", "/template/documents/0/field_groups/0/rule")),
];

/// One call: an operation with one request body example (or none), and parameter values.
#[derive(Debug, Clone)]
struct Call {
    operation: String,
    example: String,
    params: Map<String, Value>,
    body: Option<Value>,
    /// The example as the spec gives it, when `body` had to be repaired to fit its schema.
    broken_body: Option<Value>,
    method: String,
    path: String,
    body_schema: Option<Value>,
    /// The reply Prism serves: the first example of the first 2XX JSON reply, with its schema.
    reply: Option<(String, Value, Value)>,
}

impl Call {
    /// What the driver reads.
    fn to_json(&self) -> Value {
        json!({"operation": self.operation, "example": self.example,
               "params": self.params, "body": self.body})
    }
}

/// A request the recorder passed to Prism, and Prism's answer.
#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    path: String,
    query: Option<String>,
    content_type: String,
    body: Vec<u8>,
    status: u16,
    /// Prism's `sl-violations` header: what it found wrong, parsed.
    violations: Vec<Value>,
}

impl Exchange {
    fn violations_at(&self, location: &str) -> Vec<String> {
        self.violations
            .iter()
            .filter(|violation| violation["location"][0] == location)
            .map(|violation| violation["message"].as_str().unwrap_or("?").to_owned())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_dropbox_sign_operation_is_accepted_by_a_validating_mock_server() {
    let Some(spec_path) = shared_spec() else {
        say(&format!("skipped: ../shared/specs/{SPEC} is absent"));
        return;
    };
    let Some(prism) = prism() else {
        return;
    };
    let text = fs::read_to_string(&spec_path).unwrap();
    let document: Value = serde_yaml::from_str(&text).unwrap();
    let folder = spec_path.parent().unwrap();
    let calls = calls(&document, folder);
    let operations: std::collections::BTreeSet<&str> =
        calls.iter().map(|call| call.operation.as_str()).collect();
    assert_eq!(operations.len(), count_operations(&document));

    let started = Instant::now();
    let mut prism = Prism::start(&prism, &spec_path);
    let driver = build_driver(&text);
    eprintln!("driver built in {:.1} s", started.elapsed().as_secs_f64());
    prism.wait_until_ready();

    let recorder = Recorder::default();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Forward {
            prism: prism.port,
            exchanges: recorder.0.clone(),
        })
        .mount(&server)
        .await;
    let calls_file = workspace::root().join("target/conformance/calls.json");
    fs::write(
        &calls_file,
        serde_json::to_string_pretty(&calls.iter().map(Call::to_json).collect::<Vec<_>>()).unwrap(),
    )
    .unwrap();
    let output = Command::new(&driver)
        .arg(server.uri())
        .arg(&calls_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the driver failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outcomes: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let exchanges = recorder.0.lock().unwrap().clone();
    drop(prism);

    let report = judge(&document, &calls, &outcomes, &exchanges);
    say(&report.summary);
    let summary_file = workspace::root().join("target/conformance/summary.txt");
    fs::write(&summary_file, &report.summary).unwrap();
    assert!(
        report.failures.is_empty(),
        "{} problem(s):\n{}\n\n{}",
        report.failures.len(),
        report.failures.join("\n"),
        report.summary
    );
}

/// Straight to stderr, past the test harness's capture, so that skips and the summary are seen.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

struct Report {
    failures: Vec<String>,
    summary: String,
}

/// Holds every call, its outcome and its exchange to the known limits.
fn judge(document: &Value, calls: &[Call], outcomes: &[String], exchanges: &[Exchange]) -> Report {
    let mut failures = Vec::new();
    if outcomes.len() != calls.len() {
        failures.push(format!(
            "{} calls, {} outcomes printed",
            calls.len(),
            outcomes.len()
        ));
    }
    let mut accepted = 0;
    let mut decoded = 0;
    let mut limits_seen: Vec<Limit> = Vec::new();
    let mut sent = std::collections::BTreeSet::new();
    let mut exchanges = exchanges.iter();
    let mut statuses = Vec::new();
    for (call, outcome) in calls.iter().zip(outcomes) {
        let name = format!("{} ({})", call.operation, call.example);
        let fields: Vec<&str> = outcome.splitn(3, '\t').collect();
        if fields.len() != 3 || fields[..2] != [call.operation.as_str(), call.example.as_str()] {
            failures.push(format!("{name}: the driver printed `{outcome}`"));
            break;
        }
        let result = fields[2];
        let applies = |(operation, example, _): &&(&str, &str, Limit)| {
            *operation == call.operation && (*example == "*" || *example == call.example)
        };
        // A broken request example is a limit of the spec's example; one of the other kinds
        // may apply to the repaired request as well.
        let broken_at = KNOWN_LIMITS
            .iter()
            .filter(applies)
            .find_map(|(_, _, limit)| match limit {
                Limit::BrokenRequestExample(place) => Some(*place),
                _ => None,
            });
        let limit = KNOWN_LIMITS
            .iter()
            .filter(applies)
            .find(|(_, _, limit)| !matches!(limit, Limit::BrokenRequestExample(_)))
            .map(|(_, _, limit)| *limit);
        // The example as the spec gives it, and the errors that make it break its schema.
        let schema = call.body_schema.as_ref().unwrap_or(&Value::Null);
        let original = call.broken_body.as_ref().or(call.body.as_ref());
        let broken: Vec<String> = original
            .filter(|example| !validate(document, schema, example).is_empty())
            .map(|example| {
                detailed_errors(document, schema, example)
                    .into_iter()
                    .map(|(pointer, message)| format!("at `{pointer}`: {message}"))
                    .collect()
            })
            .unwrap_or_default();
        match broken_at {
            Some(place) => {
                limits_seen.push(Limit::BrokenRequestExample(place));
                if broken.is_empty() {
                    failures.push(format!(
                        "{name}: the request example now fits its schema; remove it from \
                         KNOWN_LIMITS"
                    ));
                } else if !broken.iter().any(|error| error.contains(place)) {
                    failures.push(format!(
                        "{name}: the request example breaks its schema elsewhere than \
                         `{place}`: {}",
                        broken.join("; ")
                    ));
                }
                // Not repaired (a required property is missing, say): the client refuses it.
                if call.broken_body.is_none() {
                    statuses.push(0);
                    if !result.starts_with("unsent ") {
                        failures.push(format!("{name}: the client sent a broken example"));
                    }
                    continue;
                }
            }
            None if !broken.is_empty() => failures.push(format!(
                "{name}: the request example breaks its schema ({}); add it to KNOWN_LIMITS if \
                 the spec is at fault",
                broken.join("; ")
            )),
            None => {}
        }
        if result.starts_with("unsent ") {
            failures.push(format!("{name}: nothing sent: {result}"));
            statuses.push(0);
            continue;
        }
        let Some(exchange) = exchanges.next() else {
            failures.push(format!("{name}: no request recorded"));
            break;
        };
        sent.insert(call.operation.as_str());
        statuses.push(exchange.status);
        if !matches_path(&call.method, &call.path, exchange) {
            failures.push(format!(
                "{name}: sent {} {}{} for {} {}",
                exchange.method,
                exchange.path,
                exchange
                    .query
                    .as_ref()
                    .map_or(String::new(), |q| format!("?{q}")),
                call.method,
                call.path
            ));
        }
        let refused = exchange.violations_at("request");
        if refused.is_empty() && exchange.status != 401 {
            accepted += 1;
        }
        if result.starts_with("decoded ") {
            decoded += 1;
        }
        let broken_reply = call.reply.as_ref().and_then(|(example, value, schema)| {
            let errors = validate(document, schema, value);
            (!errors.is_empty()).then(|| (example.clone(), errors))
        });
        limits_seen.extend(limit);
        // Every multipart body is decoded and validated, inside a known limit or not.
        if exchange.content_type.starts_with("multipart/form-data") {
            failures.extend(
                check_multipart(document, call, exchange)
                    .into_iter()
                    .map(|problem| format!("{name}: multipart body: {problem}")),
            );
        }
        match limit {
            None => {
                if !refused.is_empty() || exchange.status == 401 {
                    failures.push(format!(
                        "{name}: Prism refused the request ({}): {}",
                        exchange.status,
                        refused.join("; ")
                    ));
                } else if let Some((example, errors)) = broken_reply {
                    failures.push(format!(
                        "{name}: the reply example `{example}` breaks its schema ({}); Prism \
                         answered {}; add it to KNOWN_LIMITS if the spec is at fault",
                        errors.join("; "),
                        exchange.status
                    ));
                } else if !result.starts_with("decoded ") {
                    failures.push(format!(
                        "{name}: Prism answered {}, the client said: {result}",
                        exchange.status
                    ));
                }
            }
            Some(Limit::Multipart(complaint)) => {
                if !exchange.content_type.starts_with("multipart/form-data") {
                    failures.push(format!(
                        "{name}: listed as a multipart limit, but sent as {}",
                        exchange.content_type
                    ));
                } else if refused.is_empty() {
                    failures.push(format!(
                        "{name}: Prism now accepts this multipart body; remove it from \
                         KNOWN_LIMITS"
                    ));
                } else if !refused.iter().any(|message| message.contains(complaint)) {
                    failures.push(format!(
                        "{name}: Prism refused the multipart body for another reason than \
                         `{complaint}`: {}",
                        refused.join("; ")
                    ));
                }
            }
            Some(Limit::QueryInPathKey) => {
                if refused.is_empty() {
                    failures.push(format!(
                        "{name}: Prism now accepts the request; remove it from KNOWN_LIMITS"
                    ));
                }
                if exchange.query.as_deref() != Some("refresh")
                    || !exchange.content_type.starts_with("application/json")
                {
                    failures.push(format!(
                        "{name}: sent with query {:?} as {}, not `refresh` as JSON",
                        exchange.query, exchange.content_type
                    ));
                } else {
                    failures.extend(check_json_body(document, call, exchange, &name));
                }
            }
            Some(Limit::BrokenRequestExample(_)) => unreachable!("looked up apart"),
            Some(Limit::BrokenReplyExample(example, place)) => {
                if !refused.is_empty() {
                    failures.push(format!(
                        "{name}: Prism refused the request: {}",
                        refused.join("; ")
                    ));
                }
                match &broken_reply {
                    None => failures.push(format!(
                        "{name}: the reply example now fits its schema; remove it from \
                         KNOWN_LIMITS"
                    )),
                    Some((served, errors))
                        if served != example || !errors.iter().any(|e| e.contains(place)) =>
                    {
                        failures.push(format!(
                            "{name}: the reply example `{served}` breaks its schema elsewhere \
                             than `{example}` at `{place}`: {}",
                            errors.join("; ")
                        ));
                    }
                    Some(_) => {}
                }
                if exchange.status != 500 || exchange.violations_at("response").is_empty() {
                    failures.push(format!(
                        "{name}: Prism answered {} without reply violations; remove it from \
                         KNOWN_LIMITS",
                        exchange.status
                    ));
                }
            }
        }
    }
    if exchanges.next().is_some() {
        failures.push("more requests recorded than calls made".to_owned());
    }
    for call in calls {
        if !sent.contains(call.operation.as_str()) {
            failures.push(format!("{}: no request of it was sent", call.operation));
        }
    }
    for (operation, example, _) in KNOWN_LIMITS {
        if !calls.iter().any(|call| {
            call.operation == *operation && (*example == "*" || call.example == *example)
        }) {
            failures.push(format!(
                "{operation} ({example}): listed in KNOWN_LIMITS but never called"
            ));
        }
    }

    let mut summary = String::new();
    let operations = count_operations(document);
    let requests = statuses.iter().filter(|status| **status != 0).count();
    writeln!(
        summary,
        "Dropbox Sign on Prism: {operations} operations, {} calls (one per request example), \
         {requests} requests sent (at least one per operation): {accepted} accepted by Prism, \
         {decoded} replies decoded",
        calls.len()
    )
    .unwrap();
    let count = |wanted: fn(&Limit) -> bool| limits_seen.iter().filter(|l| wanted(l)).count();
    writeln!(
        summary,
        "known limits, by call: {} multipart bodies Prism cannot read (decoded and validated \
         here instead), {} query in the path key (checked by capture), {} reply examples that \
         break their schema, {} request examples that break their schema ({} sent repaired, \
         the others refused by the client)",
        count(|l| matches!(l, Limit::Multipart(_))),
        count(|l| matches!(l, Limit::QueryInPathKey)),
        count(|l| matches!(l, Limit::BrokenReplyExample(..))),
        count(|l| matches!(l, Limit::BrokenRequestExample(_))),
        calls
            .iter()
            .filter(|call| call.broken_body.is_some())
            .count(),
    )
    .unwrap();
    for ((call, outcome), exchange) in calls.iter().zip(outcomes).zip(statuses) {
        let result = outcome.splitn(3, '\t').nth(2).unwrap_or("");
        writeln!(
            summary,
            "  {:<48} {:<32} {exchange} {result:.100}",
            call.operation, call.example
        )
        .unwrap();
    }
    Report { failures, summary }
}

/// Whether the exchange went to the call's method and path key (parameters filled in).
fn matches_path(method: &str, key: &str, exchange: &Exchange) -> bool {
    let path = key.split('?').next().unwrap();
    let wanted: Vec<&str> = path.split('/').collect();
    let sent: Vec<&str> = exchange.path.split('/').collect();
    exchange.method.eq_ignore_ascii_case(method)
        && wanted.len() == sent.len()
        && wanted
            .iter()
            .zip(&sent)
            .all(|(w, s)| w == s || (w.starts_with('{') && !s.is_empty()))
}

/// A JSON body: valid against the request schema and equal to the example sent.
fn check_json_body(document: &Value, call: &Call, exchange: &Exchange, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(body) = serde_json::from_slice::<Value>(&exchange.body) else {
        return vec![format!("{name}: the body is not JSON")];
    };
    if let Some(schema) = &call.body_schema {
        for error in validate(document, schema, &body) {
            problems.push(format!("{name}: body: {error}"));
        }
    }
    if Some(&body) != call.body.as_ref() {
        problems.push(format!("{name}: the body sent is not the example: {body}"));
    }
    problems
}

/// Decodes a multipart body by the OpenAPI 3.0 rules, guided by the request schema: parts of
/// one name are the items of an array property, `application/json` parts are JSON, parts with
/// a file name are files, other parts are text read as the property's type. The result must be
/// valid against the schema and equal the example sent (files aside, which no example has).
fn check_multipart(document: &Value, call: &Call, exchange: &Exchange) -> Vec<String> {
    let Some(schema) = &call.body_schema else {
        return vec!["the operation declares no body schema".to_owned()];
    };
    let parts = match parse_multipart(&exchange.content_type, &exchange.body) {
        Ok(parts) => parts,
        Err(problem) => return vec![problem],
    };
    let object = resolve(document, schema);
    let mut decoded = Map::new();
    let mut problems = Vec::new();
    for part in parts {
        let property = resolve(document, &object["properties"][&part.name]);
        if property.is_null() {
            problems.push(format!(
                "part `{}` is not a property of the schema",
                part.name
            ));
            continue;
        }
        let is_array = property["type"] == "array";
        let item_schema = if is_array {
            resolve(document, &property["items"])
        } else {
            property.clone()
        };
        let value = if let Some(file) = &part.file_name {
            // Binary: stands in as its name, as in JSON examples; `format: binary` is not checked.
            Value::String(file.clone())
        } else if part.content_type.as_deref() == Some("application/json") {
            match serde_json::from_slice(&part.bytes) {
                Ok(value) => value,
                Err(error) => {
                    problems.push(format!("part `{}` is not JSON: {error}", part.name));
                    continue;
                }
            }
        } else {
            text_value(&String::from_utf8_lossy(&part.bytes), &item_schema)
        };
        match decoded.get_mut(&part.name) {
            Some(Value::Array(items)) if is_array => items.push(value),
            Some(_) => problems.push(format!("part `{}` repeated for a single value", part.name)),
            None if is_array => {
                // An array of objects may travel as one JSON part holding the whole array.
                let items = match value {
                    Value::Array(items)
                        if part.content_type.as_deref() == Some("application/json") =>
                    {
                        items
                    }
                    value => vec![value],
                };
                decoded.insert(part.name.clone(), Value::Array(items));
            }
            None => {
                decoded.insert(part.name.clone(), value);
            }
        }
    }
    let decoded = Value::Object(decoded);
    for error in validate(document, schema, &decoded) {
        problems.push(format!("invalid: {error}"));
    }
    if Some(&decoded) != call.body.as_ref() {
        problems.push(format!("decoded, it is not the example sent: {decoded}"));
    }
    problems
}

/// A text part read as its schema's scalar type; left a string when it does not parse.
fn text_value(text: &str, schema: &Value) -> Value {
    let parsed = match schema["type"].as_str() {
        Some("integer") => text.parse::<i64>().ok().map(Value::from),
        Some("number") => text.parse::<f64>().ok().map(Value::from),
        Some("boolean") => text.parse::<bool>().ok().map(Value::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// The parts of a `multipart/form-data` body (RFC 7578).
fn parse_multipart(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .ok_or("no boundary in the content type")?
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut sections = split(body, &delimiter).into_iter().skip(1);
    for section in sections.by_ref() {
        if section.starts_with(b"--") {
            return Ok(parts);
        }
        let section = section
            .strip_prefix(b"\r\n")
            .ok_or("a boundary not followed by CRLF")?;
        let section = section
            .strip_suffix(b"\r\n")
            .ok_or("a part not ended by CRLF")?;
        let split_at = find(section, b"\r\n\r\n").ok_or("a part without a blank line")?;
        let head = String::from_utf8_lossy(&section[..split_at]);
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            bytes: section[split_at + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (header, value) = line.split_once(':').ok_or("a malformed part header")?;
            match header.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for parameter in value.split(';').skip(1) {
                        let (key, value) = parameter.trim().split_once('=').unwrap_or(("", ""));
                        let value = value.trim_matches('"').to_owned();
                        match key {
                            "name" => part.name = value,
                            "filename" => part.file_name = Some(value),
                            _ => {}
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(part);
    }
    Err("no closing boundary".to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(mut body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = find(body, delimiter) {
        pieces.push(&body[..at]);
        body = &body[at + delimiter.len()..];
    }
    pieces.push(body);
    pieces
}

/// Errors of `instance` against an OpenAPI 3.0 schema of the spec, by JSON Schema draft 4 (on
/// which OpenAPI 3.0's schemas are based) once `nullable` and `discriminator` are spelled in
/// JSON Schema; empty when it is valid.
fn validate(document: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let validator = match validator(document, schema) {
        Ok(validator) => validator,
        Err(error) => return vec![error],
    };
    validator
        .iter_errors(instance)
        .map(|error| format!("at `{}`: {error}", error.instance_path()))
        .collect()
}

/// Every error, those inside the alternatives of a `oneOf` too, as (pointer, message): the
/// places an example breaks its schema, which [`validate`] reports only as a failed `oneOf`.
fn detailed_errors(document: &Value, schema: &Value, instance: &Value) -> Vec<(String, String)> {
    let Ok(validator) = validator(document, schema) else {
        return Vec::new();
    };
    validator
        .evaluate(instance)
        .iter_errors()
        .map(|entry| (entry.instance_location.to_string(), entry.error.to_string()))
        .collect()
}

fn validator(document: &Value, schema: &Value) -> Result<jsonschema::Validator, String> {
    let mut root = json_schema(schema);
    root.as_object_mut().unwrap().insert(
        "components".to_owned(),
        json!({"schemas": component_schemas(document)}),
    );
    jsonschema::draft4::new(&root).map_err(|error| format!("the schema does not compile: {error}"))
}

/// The example with each scalar of the wrong type (`1` or `"true"` for a boolean, `1` for a
/// string) turned into the declared type, when that makes it valid; `None` otherwise.
fn repaired(document: &Value, schema: &Value, example: &Value) -> Option<Value> {
    let mut value = example.clone();
    for (pointer, message) in detailed_errors(document, schema, example) {
        let Some((_, wanted)) = message.rsplit_once("is not of type \"") else {
            continue;
        };
        let slot = value.pointer_mut(&pointer)?;
        *slot = match (wanted.trim_end_matches('"'), &*slot) {
            ("string", Value::Number(number)) => Value::String(number.to_string()),
            ("boolean", Value::Number(number)) => Value::Bool(number.as_f64() != Some(0.0)),
            ("boolean", Value::String(text)) => Value::Bool(text.parse().ok()?),
            (_, other) => other.clone(),
        };
    }
    validate(document, schema, &value)
        .is_empty()
        .then_some(value)
}

/// The spec's schemas as JSON Schema. A `discriminator` is OpenAPI's, not JSON Schema's: for
/// each schema `B` with a mapping, `B.dispatch` requires the schema its value names, and every
/// `$ref` to `B` but those in an `allOf` (by which the mapped schemas extend `B`) goes to it.
fn component_schemas(document: &Value) -> Value {
    let schemas = &document["components"]["schemas"];
    let mut converted = json_schema(schemas);
    let mut dispatched = Vec::new();
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        let Some(mapping) = schema["discriminator"]["mapping"].as_object() else {
            continue;
        };
        let property = &schema["discriminator"]["propertyName"];
        let choices: Vec<Value> = mapping
            .iter()
            .map(|(value, target)| {
                json!({"properties": {property.as_str().unwrap_or(""): {"enum": [value]}},
                       "allOf": [{"$ref": target}]})
            })
            .collect();
        dispatched.push(format!("#/components/schemas/{name}"));
        converted[format!("{name}.dispatch")] = json!({"oneOf": choices});
    }
    redirect(&mut converted, &dispatched, false);
    converted
}

/// Points each `$ref` to a schema in `bases` at its `.dispatch`, except directly in `allOf`.
fn redirect(value: &mut Value, bases: &[String], in_all_of: bool) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get_mut("$ref") {
                if !in_all_of && bases.contains(target) {
                    target.push_str(".dispatch");
                }
            }
            for (key, child) in object.iter_mut() {
                if key == "allOf" {
                    for item in child.as_array_mut().into_iter().flatten() {
                        redirect(item, bases, true);
                    }
                } else if key != "$ref" {
                    redirect(child, bases, false);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| redirect(item, bases, false)),
        _ => {}
    }
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the type (or the schema).
fn json_schema(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut converted: Map<String, Value> = object
                .iter()
                .filter(|(key, _)| !matches!(key.as_str(), "example" | "examples"))
                .map(|(key, value)| (key.clone(), json_schema(value)))
                .collect();
            if converted.remove("nullable") == Some(Value::Bool(true)) {
                match converted.get("type").cloned() {
                    Some(Value::String(kind)) => {
                        converted.insert("type".to_owned(), json!([kind, "null"]));
                        if let Some(Value::Array(values)) = converted.get_mut("enum") {
                            values.push(Value::Null);
                        }
                    }
                    _ => {
                        return json!({"anyOf": [{"type": "null"}, Value::Object(converted)]});
                    }
                }
            }
            Value::Object(converted)
        }
        Value::Array(items) => Value::Array(items.iter().map(json_schema).collect()),
        other => other.clone(),
    }
}

/// A schema with its `$ref` (to `#/components/...`) followed.
fn resolve(document: &Value, schema: &Value) -> Value {
    match schema["$ref"].as_str() {
        Some(reference) => resolve(
            document,
            document
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or(&Value::Null),
        ),
        None => schema.clone(),
    }
}

/// An example's value: `$ref`s to `#/components/examples/...` and to files beside the spec
/// followed.
fn example_value(document: &Value, folder: &Path, example: &Value) -> Value {
    let example = resolve(document, example);
    let value = &example["value"];
    match value["$ref"].as_str() {
        Some(file) => {
            let text = fs::read_to_string(folder.join(file))
                .unwrap_or_else(|error| panic!("{file}: {error}"));
            // YAML, as Prism reads them: some files have a trailing comma that JSON forbids.
            serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{file}: {error}"))
        }
        None => value.clone(),
    }
}

fn count_operations(document: &Value) -> usize {
    operations(document).count()
}

fn operations(document: &Value) -> impl Iterator<Item = (&String, &str, &Value)> {
    document["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |method| item.get(*method).map(|op| (path, *method, op)))
        })
}

/// One call per request body example of each operation (one call when it has none), with every
/// parameter the spec gives an example of (the parameter's, else its schema's).
fn calls(document: &Value, folder: &Path) -> Vec<Call> {
    let mut calls = Vec::new();
    for (path, method, operation) in operations(document) {
        let id = operation["operationId"].as_str().unwrap().to_owned();
        let mut params = Map::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let parameter = resolve(document, parameter);
            let value = parameter
                .get("example")
                .or_else(|| parameter["schema"].get("example"));
            if let Some(value) = value {
                params.insert(
                    parameter["name"].as_str().unwrap().to_owned(),
                    value.clone(),
                );
            }
        }
        let content = &resolve(document, &operation["requestBody"])["content"];
        let json_body = &content["application/json"];
        let body_schema = content
            .as_object()
            .and_then(|media| media.values().next())
            .map(|media| media["schema"].clone());
        let reply = operation["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(status, _)| status.starts_with('2'))
            .find_map(|(_, response)| {
                let media = &resolve(document, response)["content"]["application/json"];
                let (name, example) = media["examples"].as_object()?.iter().next()?;
                Some((
                    name.clone(),
                    example_value(document, folder, example),
                    media["schema"].clone(),
                ))
            });
        let call = Call {
            operation: id,
            example: "-".to_owned(),
            params,
            body: None,
            broken_body: None,
            method: method.to_owned(),
            path: path.clone(),
            body_schema,
            reply,
        };
        match json_body["examples"].as_object() {
            Some(examples) => {
                for (name, example) in examples {
                    let example = example_value(document, folder, example);
                    let schema = call.body_schema.as_ref().unwrap_or(&Value::Null);
                    let (body, broken_body) = match validate(document, schema, &example).is_empty()
                    {
                        true => (example, None),
                        false => match repaired(document, schema, &example) {
                            Some(body) => (body, Some(example)),
                            None => (example, None),
                        },
                    };
                    calls.push(Call {
                        example: name.clone(),
                        body: Some(body),
                        broken_body,
                        ..call.clone()
                    });
                }
            }
            None => calls.push(call),
        }
    }
    calls
}

/// `shared/specs/<SPEC>` beside the repository (or beside a folder holding it), or the file
/// `DROPBOX_SIGN_SPEC` names.
fn shared_spec() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DROPBOX_SIGN_SPEC") {
        return Some(PathBuf::from(path));
    }
    workspace::root()
        .ancestors()
        .skip(1)
        .map(|folder| folder.join("shared/specs").join(SPEC))
        .find(|path| path.is_file())
}

/// Prism's command, installed by `.ci/run`; `None` (with a note) when it is absent, unless
/// under `CI=true`, where its absence fails.
fn prism() -> Option<PathBuf> {
    let prism = workspace::root().join("target/ci-tools/prism/node_modules/.bin/prism");
    if prism.is_file() {
        return Some(prism);
    }
    let install = format!("npm install --prefix target/ci-tools/prism {PRISM}");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "Prism is not installed at {} and CI=true requires it; install it with `{install}` \
         (`bash .ci/run` does)",
        prism.display()
    );
    say(&format!(
        "skipped: Prism is not installed at {}; with Node.js, `{install}` installs it",
        prism.display()
    ));
    None
}

/// Generates the client from the spec into `target/conformance/dropbox-sign` and builds the
/// driver against it; returns the driver's executable. Builds share `target/standalone` (and
/// its flags) with the other tests that build generated crates, so dependencies build once.
fn build_driver(text: &str) -> PathBuf {
    let folder = workspace::root().join("target/conformance");
    let client = folder.join("dropbox-sign");
    let settings = CrateSettings::new(
        "dropbox-sign",
        "0.1.0",
        format!("cargo xtask codegen --spec {SPEC} --out target/conformance/dropbox-sign"),
    );
    let generation = codegen::generate(text, SPEC, &settings).unwrap_or_else(|e| panic!("{e}"));
    Plan::new(&client, &generation.files)
        .unwrap()
        .apply(&client)
        .unwrap();
    let driver = folder.join("drive");
    fs::create_dir_all(driver.join("src")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance/drive.rs");
    write_if_changed(
        &driver.join("src/main.rs"),
        &fs::read_to_string(source).unwrap(),
    );
    write_if_changed(
        &driver.join("Cargo.toml"),
        "[package]\nname = \"conformance-drive\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\n\
         dropbox-sign = { path = \"../dropbox-sign\", default-features = false, features = [\"full-serde\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"rt\"] }\n",
    );
    write_if_changed(
        &driver.join("Cargo.lock"),
        &fs::read_to_string(workspace::root().join("Cargo.lock")).unwrap(),
    );
    let output = support::cargo(&driver, &["build"]);
    assert!(
        output.status.success(),
        "the driver does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    workspace::root().join("target/standalone/debug/conformance-drive")
}

/// Writes `contents` unless the file holds them: a fresh timestamp would make cargo rebuild.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents).unwrap();
    }
}

/// A running Prism, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    fn start(prism: &Path, spec: &Path) -> Self {
        // A free port: bound, read, released.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = workspace::root().join("target/conformance/prism.log");
        fs::create_dir_all(log.parent().unwrap()).unwrap();
        let child = Command::new(prism)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .stdout(fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("Prism does not start: {error}"));
        Self { child, port, log }
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while !fs::read_to_string(&self.log)
            .unwrap_or_default()
            .contains("Prism is listening")
        {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited ({status}):\n{}",
                    fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "Prism did not start in 120 s");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default)]
struct Recorder(Arc<Mutex<Vec<Exchange>>>);

/// Passes each request to Prism and its answer back, recording both. The mock server answers
/// on its own thread, so the blocking exchange with Prism holds up nothing else.
struct Forward {
    prism: u16,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Respond for Forward {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let mut head = format!(
            "{} {target} HTTP/1.1\r\nhost: 127.0.0.1:{}\r\nconnection: close\r\ncontent-length: {}\r\n",
            request.method,
            self.prism,
            request.body.len()
        );
        for (name, value) in &request.headers {
            if !matches!(name.as_str(), "host" | "connection" | "content-length") {
                let _ = write!(head, "{name}: {}\r\n", value.to_str().unwrap_or_default());
            }
        }
        head.push_str("\r\n");
        let answer = exchange_with(self.prism, head.as_bytes(), &request.body);
        let (status, headers, body) = match answer {
            Ok(answer) => answer,
            Err(error) => (502, Vec::new(), error.into_bytes()),
        };
        let violations = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("sl-violations"))
            .and_then(|(_, value)| serde_json::from_str::<Vec<Value>>(value).ok())
            .unwrap_or_default();
        self.exchanges.lock().unwrap().push(Exchange {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            content_type: header("content-type"),
            body: request.body.clone(),
            status,
            violations,
        });
        let mut reply = ResponseTemplate::new(status).set_body_bytes(body);
        for (name, value) in headers {
            let lower = name.to_ascii_lowercase();
            if !matches!(
                lower.as_str(),
                "connection" | "keep-alive" | "content-length" | "transfer-encoding" | "date"
            ) {
                reply = reply.insert_header(name.as_str(), value.as_str());
            }
        }
        reply
    }
}

type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// One HTTP/1.1 exchange with Prism over a fresh connection, read to its end.
fn exchange_with(port: u16, head: &[u8], body: &[u8]) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    stream.write_all(head).map_err(|e| e.to_string())?;
    stream.write_all(body).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let end = find(&answer, b"\r\n\r\n").ok_or("Prism's answer has no end of headers")?;
    let head = String::from_utf8_lossy(&answer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or("Prism's answer has no status")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
        .collect();
    let mut body = answer[end + 4..].to_vec();
    if headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    }) {
        body = dechunk(&body).ok_or("a malformed chunked body")?;
    }
    Ok((status, headers, body))
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(body, b"\r\n")?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[test]
fn ci_installs_the_prism_this_test_is_written_against() {
    let script = fs::read_to_string(workspace::root().join(".ci/run")).unwrap();
    assert!(script.contains(PRISM), ".ci/run must install {PRISM}");
}

/// The multipart decoding and the schema checks, on a small spec: they judge every multipart
/// request of the conformance run, so they must tell a right body from a wrong one.
#[test]
fn multipart_bodies_are_decoded_by_the_openapi_rules_and_validated() {
    let document = json!({"components": {"schemas": {
        "Upload": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "shape": {"$ref": "#/components/schemas/Shape"},
            "file": {"type": "string", "format": "binary"}}},
        "Shape": {"type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string"}},
            "discriminator": {"propertyName": "kind",
                "mapping": {"circle": "#/components/schemas/Circle"}}},
        "Circle": {"allOf": [{"$ref": "#/components/schemas/Shape"},
            {"type": "object", "required": ["radius"],
             "properties": {"radius": {"type": "integer", "nullable": true}}}]}}}});
    let body = |parts: &[(&str, Option<&str>, &str)]| {
        let mut body = String::new();
        for (name, content_type, value) in parts {
            let file = if *name == "file" {
                "; filename=\"a.png\""
            } else {
                ""
            };
            body.push_str(&format!(
                "--b\r\ncontent-disposition: form-data; name=\"{name}\"{file}\r\n"
            ));
            if let Some(content_type) = content_type {
                body.push_str(&format!("content-type: {content_type}\r\n"));
            }
            body.push_str(&format!("\r\n{value}\r\n"));
        }
        body.push_str("--b--\r\n");
        body.into_bytes()
    };
    let call = Call {
        operation: "upload".to_owned(),
        example: "example".to_owned(),
        params: Map::new(),
        body: Some(json!({"name": "n", "count": 2, "tags": ["a", "b"],
            "shape": {"kind": "circle", "radius": null}, "file": "a.png"})),
        broken_body: None,
        method: "post".to_owned(),
        path: "/upload".to_owned(),
        body_schema: Some(json!({"$ref": "#/components/schemas/Upload"})),
        reply: None,
    };
    let exchange = |body: Vec<u8>| Exchange {
        method: "POST".to_owned(),
        path: "/upload".to_owned(),
        query: None,
        content_type: "multipart/form-data; boundary=b".to_owned(),
        body,
        status: 200,
        violations: Vec::new(),
    };
    let json = Some("application/json");
    let right = body(&[
        ("name", None, "n"),
        ("count", None, "2"),
        ("tags", None, "a"),
        ("tags", None, "b"),
        ("shape", json, r#"{"kind": "circle", "radius": null}"#),
        ("file", Some("image/png"), "\u{1}"),
    ]);
    assert_eq!(
        check_multipart(&document, &call, &exchange(right)),
        Vec::<String>::new()
    );
    // The discriminator picks `Circle`, which requires `radius`; one tag is lost; the object
    // travels as text.
    let wrong = body(&[
        ("name", None, "n"),
        ("count", None, "2"),
        ("tags", None, "b"),
        ("shape", None, r#"{"kind": "circle"}"#),
    ]);
    let problems = check_multipart(&document, &call, &exchange(wrong)).join("\n");
    assert!(problems.contains("at `/shape`"), "{problems}");
    assert!(problems.contains("not the example sent"), "{problems}");
    let broken = json!({"name": "n", "count": "2", "shape": {"kind": "circle", "radius": 1}});
    let schema = json!({"$ref": "#/components/schemas/Upload"});
    assert!(
        repaired(&document, &schema, &broken).is_none(),
        "no repair of an integer"
    );
    let broken = json!({"name": 7, "shape": {"kind": "circle", "radius": 1}});
    assert_eq!(
        repaired(&document, &schema, &broken),
        Some(json!({"name": "7", "shape": {"kind": "circle", "radius": 1}}))
    );
    let missing = json!({"name": "n", "shape": {"kind": "circle"}});
    assert!(!validate(&document, &schema, &missing).is_empty());
}
