//! Declared response headers -> a typed header set per response. A response written once in
//! `#/components/responses` and used by many operations yields one set, named after it.

use indexmap::IndexMap;
use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, Response};

use super::{Lowerer, component_name};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{HeaderSet, HeaderSetId, ResponseHeader, Type};
use crate::naming::{Namespace, snake_name, type_name};

/// Ends the doc of a header set that several responses use.
const SHARED_NOTE: &str = " Other responses that declare the same headers use it too.";

/// The doc of a header set that several inline responses declare: the first one's place
/// would mislead the readers of every other.
const SHARED_DOC: &str = "Headers that several responses declare.";

impl<'a> Lowerer<'a> {
    /// The name of the header set of a response, creating it on first use; `None` when the
    /// response declares no headers. `hint` names a set for a response written inline.
    pub(super) fn header_set(
        &mut self,
        response: &'a ReferenceOr<Response>,
        headers: &'a IndexMap<String, ReferenceOr<Header>>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Option<HeaderSetId>, Diagnostic> {
        if headers.is_empty() {
            return Ok(None);
        }
        let component = match response {
            ReferenceOr::Reference { reference } => component_name(reference, "responses"),
            ReferenceOr::Item(_) => None,
        };
        if let Some(key) = &component {
            if let Some(id) = self.component_header_sets.get(key) {
                return Ok(Some(*id));
            }
        }
        let fields = self.typed_headers(headers, at)?;
        if fields.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.same_header_set(&fields) {
            if let Some(key) = component {
                self.component_header_sets.insert(key, id);
            }
            return Ok(Some(id));
        }
        let base = component
            .as_deref()
            .map_or_else(|| hint.to_owned(), type_name);
        let name = self.type_names.claim(format!("{base}Headers"));
        let doc = match &component {
            Some(key) => format!("Headers of the `{key}` response."),
            None => format!("Headers of the response at `{at}`."),
        };
        let id = HeaderSetId::next(&self.header_sets);
        self.header_sets.push(HeaderSet {
            name,
            doc,
            headers: fields,
        });
        if let Some(key) = component {
            self.component_header_sets.insert(key, id);
        }
        Ok(Some(id))
    }

    /// The set made earlier with the same headers (names, fields and types; docs aside),
    /// whose doc then says it is shared: one type per shape, as with models. `None` records
    /// `fields` as the shape of the set about to be made.
    fn same_header_set(&mut self, fields: &[ResponseHeader]) -> Option<HeaderSetId> {
        let shape: Vec<_> = fields
            .iter()
            .map(|header| (&header.name, &header.rust_name, &header.ty))
            .collect();
        let next = HeaderSetId::next(&self.header_sets);
        let id = *self
            .header_set_shapes
            .entry(format!("{shape:?}"))
            .or_insert(next);
        if id == next {
            return None;
        }
        let doc = &self.header_sets[id.index()].doc;
        if doc.ends_with(SHARED_NOTE) || doc == SHARED_DOC {
            return Some(id);
        }
        // A set named after the first inline response would name every other one wrongly.
        let named_by_component = self.component_header_sets.values().any(|set| *set == id);
        let name = (!named_by_component).then(|| {
            self.type_names
                .claim(format!("{}Headers", shared_name(fields)))
        });
        let set = &mut self.header_sets[id.index()];
        match name {
            Some(name) => {
                set.name = name;
                set.doc = SHARED_DOC.to_owned();
            }
            None => set.doc.push_str(SHARED_NOTE),
        }
        Some(id)
    }

    /// The headers a typed view can hold, as its fields; others are left out with a
    /// warning.
    fn typed_headers(
        &mut self,
        headers: &'a IndexMap<String, ReferenceOr<Header>>,
        at: &Pointer,
    ) -> Result<Vec<ResponseHeader>, Diagnostic> {
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(headers.len());
        for (header_name, header) in headers {
            let place = at.join("headers").join(header_name);
            let (header, place) =
                self.resolve(header, place, "headers", |c, name| c.headers.get(name))?;
            // A header the typed view cannot hold is still in `ApiResponse::headers`.
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_type(schema, &place.join("schema"), &type_name(header_name))?
                }
                ParameterSchemaOrContent::Content(_) => Type::Any,
            };
            if !ty.is_scalar() {
                let warning = self.error(
                    &place,
                    format!(
                        "the response header `{header_name}` is not a string, number, integer or boolean; it is left out of the typed headers (it can still be read as text from the reply's headers)"
                    ),
                );
                // A shared response is met once per operation; say it once.
                if !self.warnings.contains(&warning) {
                    self.warnings.push(warning);
                }
                continue;
            }
            fields.push(ResponseHeader {
                name: header_name.clone(),
                rust_name: field_names.claim(snake_name(header_name)),
                ty,
                doc: header.description.clone(),
            });
        }
        Ok(fields)
    }
}

/// A name for a set of headers that several inline responses declare, from what their names
/// begin with (`X-RateLimit-Limit`, `X-RateLimit-Remaining` -> `RateLimit`), else `Shared`.
fn shared_name(fields: &[ResponseHeader]) -> String {
    let first = fields[0].name.as_str();
    let mut common = first.len();
    for header in &fields[1..] {
        let same = first.bytes().zip(header.name.bytes());
        common = common.min(same.take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count());
    }
    let mut prefix = &first[..common];
    if fields.len() > 1 || common < first.len() {
        // Only whole words: `X-Rate` of `X-RateLimit` and `X-Rates` would mislead.
        prefix = prefix.rfind(['-', '_']).map_or("", |end| &prefix[..end]);
    }
    let prefix = match prefix.get(..2) {
        Some(x) if x.eq_ignore_ascii_case("x-") => &prefix[2..],
        _ => prefix,
    };
    if prefix.is_empty() || prefix.eq_ignore_ascii_case("x") {
        "Shared".to_owned()
    } else {
        type_name(prefix)
    }
}

#[cfg(test)]
mod tests {
    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit: {description: Calls per hour., schema: {type: integer}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit: {description: How many calls an hour allows., schema: {type: integer}}
  /c:
    get:
      operationId: getC
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit: {schema: {type: string}}
";

    #[test]
    fn responses_that_declare_the_same_headers_share_one_set() {
        let mut warnings = Vec::new();
        let loaded = crate::load::load(SPEC, "spec.yaml", &mut warnings).unwrap();
        let api = super::super::lower(&loaded, "spec.yaml", &mut warnings).unwrap();
        let sets: Vec<_> = api
            .operations
            .iter()
            .map(|op| op.responses[0].headers.unwrap())
            .collect();
        assert_eq!(sets[0], sets[1]);
        assert_ne!(sets[0], sets[2]);
        assert_eq!(api.header_sets.len(), 2);
        let shared = api.header_set(sets[0]);
        assert_eq!(shared.name, "RateLimitHeaders");
        assert_eq!(shared.doc, super::SHARED_DOC);
        assert!(
            api.header_set(sets[2])
                .doc
                .starts_with("Headers of the response at")
        );
        assert_eq!(api.header_set(sets[2]).name, "GetCResponse200Headers");
    }

    #[test]
    fn a_shared_set_is_named_after_what_its_headers_begin_with() {
        let named = |names: &[&str]| {
            let fields: Vec<_> = names
                .iter()
                .map(|name| crate::ir::ResponseHeader {
                    name: (*name).to_owned(),
                    rust_name: String::new(),
                    doc: None,
                    ty: crate::ir::Type::String,
                })
                .collect();
            super::shared_name(&fields)
        };
        assert_eq!(
            named(&[
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-Ratelimit-Reset"
            ]),
            "RateLimit"
        );
        assert_eq!(named(&["X-Request-Id"]), "RequestId");
        assert_eq!(named(&["X-Rate", "X-Rates"]), "Shared");
        assert_eq!(named(&["ETag", "Location"]), "Shared");
    }
}
