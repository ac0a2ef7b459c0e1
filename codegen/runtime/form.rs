//! `application/x-www-form-urlencoded` request bodies.

use reqwest::header::CONTENT_TYPE;
use reqwest::{RequestBuilder, Url};
use serde::Serialize;
use serde_json::Value;

use crate::client::Client;
use crate::error::Error;

impl Client {
    /// Serializes `body` as a form: each field a `name=value` pair, array items as repeated
    /// pairs, nested objects as JSON text, and `null` fields left out.
    #[allow(dead_code, reason = "used only by specs with form bodies")]
    pub(crate) fn form<B: Serialize + ?Sized, E>(
        request: RequestBuilder,
        body: &B,
    ) -> Result<RequestBuilder, Error<E>> {
        let invalid = |reason: String| Error::InvalidRequest(reason);
        let value = serde_json::to_value(body)
            .map_err(|error| invalid(format!("the body did not serialize: {error}")))?;
        let Value::Object(fields) = value else {
            return Err(invalid("a form body must be an object".to_owned()));
        };
        // `Url` carries the form encoder; its query is the encoded body.
        let mut encoder = Url::parse("http://form.invalid/")
            .map_err(|error| invalid(format!("the form encoder did not start: {error}")))?;
        {
            let mut pairs = encoder.query_pairs_mut();
            for (name, value) in &fields {
                match value {
                    Value::Null => {}
                    Value::Array(items) => {
                        for item in items {
                            pairs.append_pair(name, &text(item));
                        }
                    }
                    other => {
                        pairs.append_pair(name, &text(other));
                    }
                }
            }
        }
        let encoded = encoder.query().unwrap_or_default().to_owned();
        Ok(request
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(encoded))
    }
}

/// A field's value as form text: strings as they are, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
