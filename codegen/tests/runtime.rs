//! Unit tests of the hand-written runtime in `codegen/runtime/`, compiled here as modules of
//! their own, the way a generated crate holds them in `src/runtime/`. Only pure parts are
//! tested here; sending requests is tested over loopback by the workspace tests.

#![allow(dead_code, reason = "a generated crate uses only part of the runtime")]
#![allow(
    missing_docs,
    reason = "the runtime's items are documented in the generated crate"
)]

#[path = "../runtime/client.rs"]
mod client;
#[path = "../runtime/error.rs"]
mod error;
#[path = "../runtime/form.rs"]
mod form;
#[path = "../runtime/multipart.rs"]
mod multipart;
#[path = "../runtime/params.rs"]
mod params;
#[path = "../runtime/response.rs"]
mod response;
#[path = "../runtime/secret.rs"]
mod secret;

use reqwest::Method;

use client::{ApiServer, BuildError, ClientBuilder};
use error::{Error, ErrorBody, ErrorSummary, NoFallback};
use params::Style;
use response::RawResponse;
use secret::Secret;

/// Two servers, as a generated `servers::Server` lists them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TestServer {
    Api,
    Auth,
}

impl ApiServer for TestServer {
    const ALL: &'static [Self] = &[Self::Api, Self::Auth];

    fn url(self) -> &'static str {
        match self {
            Self::Api => "https://api.example.test/v1",
            Self::Auth => "https://auth.example.test",
        }
    }
}

/// The body and `Content-Type` of a request a form or multipart body was attached to.
fn body_of(
    attach: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> (Vec<u8>, String) {
    let request = attach(reqwest::Client::new().post("http://127.0.0.1:9/"))
        .build()
        .unwrap();
    let content_type = request.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    let body = request.body().unwrap().as_bytes().unwrap().to_vec();
    (body, content_type)
}

/// A reply as the client reads it, from a status, headers and body.
fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = reqwest::Response::from(builder.body(body.to_owned()).unwrap());
    let read = RawResponse::read::<(), NoFallback>(response, Method::POST, 1024, |_| {
        panic!("an in-memory body cannot fail")
    });
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(read)
        .unwrap()
}

#[test]
fn forms_encode_like_the_url_standard() {
    let mut form = form::Form::default();
    form.text("grant type", "a b&c=d/é*-._~");
    form.text("n", "");
    form.json::<_, (), NoFallback>("list", &[1, 2]).unwrap();
    let (body, content_type) = body_of(|request| form.attach(request));
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "grant+type=a+b%26c%3Dd%2F%C3%A9*-._%7E&n=&list=%5B1%2C2%5D"
    );
}

#[test]
fn query_parameters_follow_their_style() {
    let pairs = |value: &serde_json::Value, style| {
        params::query_pairs::<_, (), NoFallback>("p", value, style).unwrap()
    };
    let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    let list = serde_json::json!(["a", 1, true]);
    // Keys in name order, whether or not serde_json preserves insertion order.
    let object = serde_json::json!({"a": "x y", "b": 2, "skip": null});
    assert_eq!(
        pairs(&list, Style::Form { explode: true }),
        owned(&[("p", "a"), ("p", "1"), ("p", "true")])
    );
    assert_eq!(
        pairs(&list, Style::Form { explode: false }),
        owned(&[("p", "a,1,true")])
    );
    assert_eq!(
        pairs(&list, Style::PipeDelimited),
        owned(&[("p", "a|1|true")])
    );
    assert_eq!(
        pairs(&list, Style::SpaceDelimited),
        owned(&[("p", "a 1 true")])
    );
    assert_eq!(
        pairs(&object, Style::Form { explode: true }),
        owned(&[("a", "x y"), ("b", "2")])
    );
    assert_eq!(
        pairs(&object, Style::Json),
        owned(&[("p", r#"{"a":"x y","b":2,"skip":null}"#)])
    );
    let nested = serde_json::json!({"a": {"b": [1, 2]}, "c": null});
    assert_eq!(
        pairs(&nested, Style::DeepObject),
        owned(&[("p[a][b][0]", "1"), ("p[a][b][1]", "2")])
    );
}

#[test]
fn path_and_header_parameters_follow_their_style() {
    let text = |value: &serde_json::Value, style| {
        params::text_of::<_, (), NoFallback>("id", value, style).unwrap()
    };
    let list = serde_json::json!([3, 4]);
    let object = serde_json::json!({"x": 1, "y": "z"});
    assert_eq!(text(&list, Style::Simple { explode: false }), "3,4");
    assert_eq!(text(&object, Style::Simple { explode: false }), "x,1,y,z");
    assert_eq!(text(&object, Style::Simple { explode: true }), "x=1,y=z");
    assert_eq!(text(&list, Style::Label { explode: false }), ".3,4");
    assert_eq!(text(&list, Style::Label { explode: true }), ".3.4");
    assert_eq!(text(&list, Style::Matrix { explode: false }), ";id=3,4");
    assert_eq!(text(&list, Style::Matrix { explode: true }), ";id=3;id=4");
    assert_eq!(text(&object, Style::Matrix { explode: true }), ";x=1;y=z");
}

#[test]
fn cookies_percent_encode_what_cookie_syntax_forbids() {
    let header = params::cookie(&[("a", "x y;z".to_owned()), ("b", "\"%,\\ok".to_owned())]);
    assert_eq!(header, "a=x%20y%3Bz; b=%22%25%2C%5Cok");
}

#[test]
fn multipart_bodies_hold_each_part_under_a_boundary_no_part_contains() {
    let mut body = multipart::Multipart::default();
    // The first boundary the builder would try, so it must pick another.
    body.text("note", "form-boundary-0000000000000000");
    body.file(
        "upload",
        &multipart::File::new("a\"b.pdf", b"%PDF".to_vec()).with_content_type("application/pdf"),
    );
    body.json::<_, (), NoFallback>("meta", &serde_json::json!({"k": 1}))
        .unwrap();
    body.text("raw", "bytes");
    body.content_type("text/csv");
    let (bytes, content_type) = body_of(|request| body.attach(request));
    let boundary = "form-boundary-0000000000000001";
    assert_eq!(
        content_type,
        format!("multipart/form-data; boundary={boundary}")
    );
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nform-boundary-0000000000000000\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a%22b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"raw\"\r\nContent-Type: text/csv\r\n\r\nbytes\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);
}

#[test]
fn secrets_are_redacted_and_compared_whole() {
    let secret = Secret::new("hunter2");
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    assert!(secret.matches("hunter2"));
    assert!(!secret.matches("hunter"));
    let reply = reply(
        200,
        &[("set-cookie", "session=abc"), ("x-plain", "shown")],
        "{\"access_token\":\"tok\"}",
    );
    let debug = format!("{reply:?}");
    assert!(debug.contains("\"set-cookie\": \"[redacted]\""), "{debug}");
    assert!(debug.contains("\"x-plain\": \"shown\""), "{debug}");
    assert!(
        debug.contains("<22 bytes>") && !debug.contains("tok"),
        "{debug}"
    );
}

#[test]
fn decode_errors_name_the_place_but_never_the_value() {
    #[derive(Debug, serde::Deserialize)]
    struct Token {
        #[allow(dead_code, reason = "only decoded")]
        expires_in: i64,
    }
    let reply = reply(200, &[], r#"{"expires_in": "secret-value"}"#);
    let error = reply.json::<Token, (), (), NoFallback>().unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("at `expires_in`: expected i64, found a string"),
        "{text}"
    );
    assert!(!text.contains("secret-value"), "{text}");
}

#[test]
fn bodies_decode_whole_and_failures_still_name_their_place() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        inner: Inner,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Inner {
        count: i64,
    }
    let decoded = reply(200, &[], r#"{"inner": {"count": 3}}"#)
        .json::<Outer, (), (), NoFallback>()
        .unwrap();
    assert_eq!(
        decoded.into_body(),
        Outer {
            inner: Inner { count: 3 }
        }
    );
    let path = |body: &str| match reply(200, &[], body).json::<Outer, (), (), NoFallback>() {
        Err(Error::Decode(error)) => error.path().to_owned(),
        other => panic!("{other:?}"),
    };
    assert_eq!(path(r#"{"inner": {"count": true}}"#), "inner.count");
    // A whole value followed by more text fails as a whole.
    assert_eq!(path(r#"{"inner": {"count": 3}} {}"#), ".");
}

/// An error model with its name one object deep, as a generated crate implements
/// [`ErrorSummary`] for Dropbox Sign's `{"error": {"error_name", "error_msg"}}`.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Nested {
    error: NestedError,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct NestedError {
    error_name: String,
    error_msg: Option<String>,
}

impl ErrorSummary for Nested {
    fn error_name(&self) -> Option<&str> {
        Some(&self.error.error_name)
    }

    fn error_message(&self) -> Option<&str> {
        self.error.error_msg.as_deref()
    }
}

/// A fallback shape, as a generated crate supplies one when its settings ask.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Classic {
    error: String,
}

impl ErrorSummary for Classic {
    fn error_name(&self) -> Option<&str> {
        Some(&self.error)
    }
}

const JSON: (&str, &str) = ("content-type", "application/json");
const PROBLEM: (&str, &str) = ("content-type", "application/problem+json");

#[test]
fn declared_errors_show_what_their_summary_impl_reads() {
    let body = r#"{"error": {"error_name": "bad_request", "error_msg": "no code"}}"#;
    let error = reply(400, &[JSON], body).error::<Nested, NoFallback>();
    assert_eq!(
        error.to_string(),
        "the server refused the request with 400 Bad Request: bad_request: no code"
    );
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.summary(), Some("bad_request: no code"));
    // Only the name: no colon.
    let body = r#"{"error": {"error_name": "bad_request"}}"#;
    let error = reply(400, &[JSON], body).error::<Nested, NoFallback>();
    assert_eq!(
        error.to_string(),
        "the server refused the request with 400 Bad Request: bad_request"
    );
}

#[test]
fn the_runtime_reads_no_keys_of_its_own() {
    // Keys that some API uses mean nothing to the runtime: a body that is just JSON says
    // nothing, and so does a fallback-less crate's body of another shape.
    for body in [
        r#"{"error": "invalid_grant", "error_description": "code expired"}"#,
        r#"{"error": {"error_name": "bad_request", "error_msg": "no code"}}"#,
        r#"{"code": "E1", "message": "broken"}"#,
    ] {
        let error = reply(400, &[JSON], body).error::<serde_json::Value, NoFallback>();
        assert_eq!(
            error.to_string(),
            "the server refused the request with 400 Bad Request",
            "{body}"
        );
    }
    let error = reply(400, &[JSON], r#"{"code": "E1"}"#).error::<Nested, NoFallback>();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(api.body(), ErrorBody::Unparsed { .. }), "{api:?}");
    assert_eq!(api.summary(), None);
}

#[test]
fn a_body_in_the_fallback_shape_decodes_as_the_fallback() {
    let body = r#"{"error": "invalid_grant"}"#;
    let error = reply(401, &[JSON], body).error::<Nested, Classic>();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        api.body(),
        &ErrorBody::Fallback(Classic {
            error: "invalid_grant".to_owned()
        })
    );
    assert_eq!(api.declared(), None);
    assert_eq!(
        error.to_string(),
        "the server refused the request with 401 Unauthorized: invalid_grant"
    );
    // The declared shape comes first.
    let body = r#"{"error": {"error_name": "bad_request"}}"#;
    let error = reply(400, &[JSON], body).error::<Nested, Classic>();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(api.body(), ErrorBody::Declared(_)), "{api:?}");
}

#[test]
fn undeclared_bodies_are_summarised_only_as_problem_details() {
    let problem = r#"{"type": "about:blank", "title": "Not Found", "detail": "no job 5"}"#;
    let error = reply(404, &[PROBLEM], problem).error_without_body::<NoFallback>();
    assert_eq!(
        error.to_string(),
        "the server refused the request with 404 Not Found: Not Found: no job 5"
    );
    // The same JSON under another media type is not read as problem details.
    let error = reply(404, &[JSON], problem).error_without_body::<NoFallback>();
    assert_eq!(
        error.to_string(),
        "the server refused the request with 404 Not Found"
    );
    let error = reply(404, &[], "<html>not here</html>").error::<Nested, NoFallback>();
    assert_eq!(
        error.to_string(),
        "the server refused the request with 404 Not Found"
    );
}

#[test]
fn server_replacements_are_checked_against_the_given_servers() {
    let client = ClientBuilder::for_servers::<TestServer>()
        .server_url("https://auth.example.test/", "http://127.0.0.1:9/mock")
        .build()
        .unwrap();
    let url = |server| {
        client
            .endpoint::<(), NoFallback>(server, &["oauth", "token"], Some("refresh"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        url(TestServer::Auth),
        "http://127.0.0.1:9/mock/oauth/token?refresh"
    );
    assert_eq!(
        url(TestServer::Api),
        "https://api.example.test/v1/oauth/token?refresh"
    );
    let unknown = ClientBuilder::for_servers::<TestServer>()
        .server_url("https://other.example.test", "http://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(
        matches!(unknown, BuildError::UnknownServer(_)),
        "{unknown:?}"
    );
    let bad = client
        .endpoint::<(), NoFallback>(TestServer::Api, &[".."], None)
        .unwrap_err();
    assert!(matches!(bad, Error::InvalidRequest(_)), "{bad:?}");
}

#[test]
fn an_accept_header_that_is_not_a_valid_value_fails_the_request_without_a_panic() {
    let client = ClientBuilder::for_servers::<TestServer>()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let send = |accept: &'static str| {
        let url = client
            .endpoint::<(), NoFallback>(TestServer::Api, &["x"], None)
            .unwrap();
        let request = client.request(Method::GET, url, &[]);
        let sent = client.send::<(), (), NoFallback>(|| Ok(request), accept, |_| Ok(()));
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(sent)
            .unwrap_err()
    };
    let invalid = send("text/plain\u{7f}");
    assert!(matches!(invalid, Error::InvalidRequest(_)), "{invalid:?}");
    // Bytes past ASCII are valid, though not static: the request is built and sent.
    let sent = send("text/plain; charset=\u{e9}");
    assert!(matches!(sent, Error::Transport(_)), "{sent:?}");
}
