//! Paths and operations -> `ir::Operation`: servers chosen, path keys split, parameters,
//! bodies and responses resolved.

use std::collections::BTreeSet;

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};

use super::Lowerer;
use super::media::Direction;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{
    Encoding, HttpMethod, Model, ModelKind, Operation, Parameter, ParameterLocation, PathTemplate,
    RequestBody, Response, Segment, StatusMatch, Type,
};
use crate::naming::{Namespace, snake_name, type_name};

/// Method names the runtime `Client` (codegen/runtime/client.rs) already has.
const CLIENT_METHODS: &[&str] = &[
    "builder", "clone", "download", "endpoint", "fetch", "fmt", "json", "new", "request", "send",
];

/// Argument names the generated method bodies use for themselves.
const LOCAL_NAMES: &[&str] = &["body", "request", "response", "url"];

/// Where an operation sits: its path item, and pointers to both.
pub(super) struct Place<'a, 'p> {
    pub(super) item: &'a PathItem,
    pub(super) item_at: &'p Pointer,
    pub(super) at: &'p Pointer,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>, Diagnostic> {
        let mut method_names = Namespace::with_reserved(CLIENT_METHODS);
        let mut ids = BTreeSet::new();
        let mut operations = Vec::new();
        for (path_key, item) in self.spec.paths.iter() {
            let item_at = Pointer::root().join("paths").join(path_key);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    return Err(self.unsupported(&item_at, "a `$ref` in place of a path item"));
                }
            };
            for (method, spec_operation) in item.iter() {
                let at = item_at.join(method);
                let id = spec_operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path_key}"));
                if !ids.insert(id.clone()) {
                    return Err(self.error(
                        &at.join("operationId"),
                        format!("operationId `{id}` is used by an earlier operation too"),
                    ));
                }
                let place = Place {
                    item,
                    item_at: &item_at,
                    at: &at,
                };
                let mut operation = self.operation(path_key, method, spec_operation, &place, id)?;
                operation.method_name = method_names.claim(operation.method_name);
                operations.push(operation);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        path_key: &str,
        method: &str,
        operation: &'a openapiv3::Operation,
        place: &Place<'a, '_>,
        id: String,
    ) -> Result<Operation, Diagnostic> {
        let at = place.at;
        let type_hint = type_name(&id);
        let parameters = self.parameters(operation, place)?;
        let path = self.path_template(path_key, &parameters, at)?;
        let request_body = match &operation.request_body {
            Some(body) => Some(self.request_body(body, &at.join("requestBody"), &type_hint)?),
            None => None,
        };
        let responses = self.responses(operation, at, &type_hint)?;
        let server = self.operation_server(operation, place)?;
        let security = self.security(operation, at)?;
        Ok(Operation {
            method_name: snake_name(&id),
            id,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            http_method: http_method(method),
            path,
            server,
            parameters,
            request_body,
            responses,
            security,
            deprecated: operation.deprecated,
        })
    }

    /// Path-level parameters, overridden by operation-level ones of the same name and place.
    fn parameters(
        &mut self,
        operation: &'a openapiv3::Operation,
        place: &Place<'a, '_>,
    ) -> Result<Vec<Parameter>, Diagnostic> {
        let mut merged: Vec<(&'a SpecParameter, Pointer)> = Vec::new();
        let sources = [
            (&place.item.parameters, place.item_at),
            (&operation.parameters, place.at),
        ];
        for (list, owner) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let place = owner.join("parameters").join(index);
                let (parameter, place) =
                    self.resolve(parameter, place, "parameters", |c, name| {
                        c.parameters.get(name)
                    })?;
                let key = |p: &SpecParameter| {
                    let data = p.parameter_data_ref();
                    (data.name.clone(), std::mem::discriminant(p))
                };
                merged.retain(|(earlier, _)| key(earlier) != key(parameter));
                merged.push((parameter, place));
            }
        }
        let mut names = Namespace::with_reserved(LOCAL_NAMES);
        merged
            .into_iter()
            .map(|(parameter, place)| {
                let location = match parameter {
                    SpecParameter::Path { .. } => ParameterLocation::Path,
                    SpecParameter::Query { .. } => ParameterLocation::Query,
                    SpecParameter::Header { .. } => ParameterLocation::Header,
                    SpecParameter::Cookie { .. } => {
                        return Err(self.unsupported(&place.join("in"), "a cookie parameter"));
                    }
                };
                let data = parameter.parameter_data_ref();
                let ty = match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.schema_type(schema, &place.join("schema"), &type_name(&data.name))?
                    }
                    ParameterSchemaOrContent::Content(_) => {
                        return Err(
                            self.unsupported(&place.join("content"), "a parameter with `content`")
                        );
                    }
                };
                let ty = self.parameter_type(ty);
                let plain = |ty: &Type| {
                    ty.is_scalar() || matches!(ty, Type::Model(name) if self.is_string_enum(name))
                };
                let scalar_items = match &ty {
                    Type::Array(item) => plain(item) && **item != Type::Secret,
                    other => plain(other),
                };
                if !scalar_items {
                    return Err(self.unsupported(
                        &place.join("schema"),
                        "a parameter that is not a string, number, integer, boolean or string enum, or an array of those,",
                    ));
                }
                if let (SpecParameter::Query { .. }, Type::Array(_), Some(false)) =
                    (parameter, &ty, data.explode)
                {
                    return Err(self.unsupported(
                        &place.join("explode"),
                        "`explode: false` on an array query parameter",
                    ));
                }
                Ok(Parameter {
                    wire_name: data.name.clone(),
                    rust_name: names.claim(snake_name(&data.name)),
                    location,
                    ty,
                    required: data.required || location == ParameterLocation::Path,
                    doc: data.description.clone(),
                })
            })
            .collect()
    }

    /// Splits `/pets/{petId}?verbose` into segments and the fixed query `verbose`.
    fn path_template(
        &self,
        raw: &str,
        parameters: &[Parameter],
        at: &Pointer,
    ) -> Result<PathTemplate, Diagnostic> {
        let (path, query) = match raw.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (raw, None),
        };
        let segments = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                    if segment.contains(['{', '}']) {
                        return Err(self.unsupported(
                            at,
                            &format!(
                                "the path segment `{segment}`, which mixes text and a parameter,"
                            ),
                        ));
                    }
                    return Ok(Segment::Literal(segment.to_owned()));
                };
                parameters
                    .iter()
                    .find(|p| p.location == ParameterLocation::Path && p.wire_name == name)
                    .map(|p| Segment::Parameter(p.rust_name.clone()))
                    .ok_or_else(|| {
                        self.error(
                            at,
                            format!(
                                "the path uses `{{{name}}}` but declares no path parameter `{name}`"
                            ),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for parameter in parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
        {
            if !segments.contains(&Segment::Parameter(parameter.rust_name.clone())) {
                return Err(self.error(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path",
                        parameter.wire_name
                    ),
                ));
            }
        }
        Ok(PathTemplate {
            raw: raw.to_owned(),
            segments,
            query,
        })
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        type_hint: &str,
    ) -> Result<RequestBody, Diagnostic> {
        let (body, at) = self.resolve(body, at.clone(), "requestBodies", |c, name| {
            c.request_bodies.get(name)
        })?;
        let hint = format!("{type_hint}Request");
        let Some((ty, encoding)) = self.body(&body.content, &at, Direction::Request, &hint)? else {
            return Err(self.error(
                &at.join("content"),
                "the request body declares no media type",
            ));
        };
        Ok(RequestBody {
            ty,
            encoding,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        type_hint: &str,
    ) -> Result<Vec<Response>, Diagnostic> {
        let at = at.join("responses");
        let declared = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(class) => StatusMatch::Range(*class as u8),
                };
                (status, response)
            });
        let default = operation
            .responses
            .default
            .iter()
            .map(|r| (StatusMatch::Default, r));
        let mut responses = Vec::new();
        for (status, response_ref) in declared.chain(default) {
            let (response, at) =
                self.resolve(response_ref, at.join(status), "responses", |c, name| {
                    c.responses.get(name)
                })?;
            let hint = format!("{type_hint}Response{status}");
            let (body, encoding) =
                match self.body(&response.content, &at, Direction::Response, &hint)? {
                    // Error bodies are decoded only as JSON; others stay in the raw reply.
                    Some((_, encoding)) if !status.is_success() && encoding != Encoding::Json => {
                        (None, Encoding::Json)
                    }
                    Some((ty, encoding)) => (Some(ty), encoding),
                    None => (None, Encoding::Json),
                };
            let headers = self.header_set(response_ref, &response.headers, &at, &hint)?;
            responses.push(Response {
                status,
                description: response.description.clone(),
                body,
                encoding,
                headers,
            });
        }
        // Exact codes win over ranges, ranges over `default`.
        responses.sort_by_key(|response| match response.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        });
        // Success replies may mix one body type with no body (`200` with a body beside a
        // bodiless `204`): the operation then returns an `Option`.
        for success in [true, false] {
            let mut bodies = responses
                .iter()
                .filter(|r| r.status.is_success() == success)
                .filter(|r| !success || r.body.is_some());
            if let Some(first) = bodies.next() {
                if let Some(other) =
                    bodies.find(|r| r.body != first.body || r.encoding != first.encoding)
                {
                    return Err(self.unsupported(
                        &at.join(other.status),
                        &format!(
                            "{} response whose body differs from that of `{}`",
                            if success { "a success" } else { "an error" },
                            first.status
                        ),
                    ));
                }
            }
        }
        Ok(responses)
    }
}

impl Lowerer<'_> {
    /// A parameter's type with aliases (`Id: {type: string}`) replaced by what they name.
    fn parameter_type(&self, ty: Type) -> Type {
        match ty {
            Type::Model(name) => match self.models.iter().find(|m| m.name == name) {
                Some(Model {
                    kind: ModelKind::Alias(inner),
                    ..
                }) => self.parameter_type(inner.clone()),
                _ => Type::Model(name),
            },
            Type::Array(item) => Type::Array(Box::new(self.parameter_type(*item))),
            other => other,
        }
    }
}

fn http_method(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        _ => HttpMethod::Trace,
    }
}
