//! Declared response headers -> a typed header set per response. A response written once in
//! `#/components/responses` and used by many operations yields one set, named after it.

use indexmap::IndexMap;
use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, Response};

use super::{Lowerer, component_name};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{HeaderSet, HeaderSetId, ResponseHeader, Type};
use crate::naming::{Namespace, snake_name, type_name};

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
        let base = component
            .as_deref()
            .map_or_else(|| hint.to_owned(), type_name);
        let name = self.type_names.claim(format!("{base}Headers"));
        let fields = self.typed_headers(headers, at)?;
        if fields.is_empty() {
            return Ok(None);
        }
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
