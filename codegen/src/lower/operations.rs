//! Paths and operations -> `ir::Operation`: servers chosen, path keys split, parameters,
//! bodies and responses resolved.

use std::collections::BTreeSet;

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
    ReferenceOr, StatusCode,
};

use super::Lowerer;
use super::media::Direction;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{
    Encoding, HttpMethod, Model, ModelKind, Operation, Parameter, ParameterLocation,
    ParameterStyle, PathTemplate, RequestBody, Response, Segment, StatusMatch, Type,
};
use crate::naming::{Namespace, snake_name, type_name};

/// Where an operation sits: its path item, and pointers to both.
pub(super) struct Place<'a, 'p> {
    pub(super) item: &'a PathItem,
    pub(super) item_at: &'p Pointer,
    pub(super) at: &'p Pointer,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>, Diagnostic> {
        self.check_global_security()?;
        let mut method_names = Namespace::with_reserved(crate::emit::reserved::CLIENT_METHODS);
        let mut reply_names = Namespace::default();
        let mut ids = BTreeSet::new();
        let mut operations = Vec::new();
        for (path_key, item) in self.spec.paths.iter() {
            let item_at = Pointer::root().join("paths").join(path_key);
            let referenced = match item {
                ReferenceOr::Reference { .. } => true,
                ReferenceOr::Item(item) => {
                    item.extensions.contains_key(crate::load::REUSED_PATH_ITEM)
                }
            };
            let Some(item) = self.path_item(item, &item_at) else {
                continue;
            };
            for (method, spec_operation) in declared_operations(item) {
                let at = item_at.join(method.spec_key());
                let derived = format!("{} {path_key}", method.spec_key());
                let id = match &spec_operation.operation_id {
                    // A path item reused by `$ref` repeats its operationIds: the copy is
                    // named after its own path.
                    Some(id) if referenced && ids.contains(id) => derived,
                    Some(id) => id.clone(),
                    None => derived,
                };
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
                // What cannot be generated for one operation leaves only that one out.
                let mut operation =
                    match self.operation(path_key, method, spec_operation, &place, id.clone()) {
                        Ok(operation) => operation,
                        Err(problem) if is_broken_reference(&problem) => return Err(problem),
                        Err(problem) => {
                            self.leave_out(problem, &id);
                            continue;
                        }
                    };
                operation.method_name = method_names.claim(operation.method_name);
                for name in [&mut operation.success_enum, &mut operation.error_enum]
                    .into_iter()
                    .flatten()
                {
                    *name = reply_names.claim(std::mem::take(name));
                }
                operations.push(operation);
            }
        }
        Ok(operations)
    }

    /// A global requirement naming a scheme that is not declared is a broken spec, not a
    /// problem of one operation.
    fn check_global_security(&self) -> Result<(), Diagnostic> {
        let declared = self.spec.components.as_ref().map(|c| &c.security_schemes);
        for (index, requirement) in self.spec.security.iter().flatten().enumerate() {
            for name in requirement.keys() {
                if !declared.is_some_and(|schemes| schemes.contains_key(name)) {
                    return Err(self.error(
                        &Pointer::root().join("security").join(index),
                        format!(
                            "security scheme `{name}` is not declared in #/components/securitySchemes"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Records why the operation `id` is left out, where the problem is.
    fn leave_out(&mut self, problem: Diagnostic, id: &str) {
        let message = format!(
            "{}; operation `{id}` is not generated",
            problem.message.trim_end_matches('.')
        );
        self.warnings.push(Diagnostic { message, ..problem });
    }

    /// The path item itself, following a `$ref` to another path of this spec; `None` (with
    /// a warning) for a reference the generator cannot follow.
    fn path_item(&mut self, item: &'a ReferenceOr<PathItem>, at: &Pointer) -> Option<&'a PathItem> {
        let mut item = item;
        for _ in 0..super::MAX_REF_HOPS {
            let reference = match item {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => reference,
            };
            let target = Pointer::from_ref(reference).and_then(|pointer| {
                let mut tokens = pointer.tokens();
                match (tokens.next(), tokens.next(), tokens.next()) {
                    (Some(paths), Some(key), None) if paths == "paths" => {
                        self.spec.paths.paths.get(&key)
                    }
                    _ => None,
                }
            });
            match target {
                Some(next) => item = next,
                None => {
                    self.warn(
                        at,
                        format!(
                            "the path item is `$ref: {reference}`, which does not lead to another path of this spec; its operations are not generated"
                        ),
                    );
                    return None;
                }
            }
        }
        self.warn(
            at,
            "the path item's `$ref`s lead in a cycle; its operations are not generated",
        );
        None
    }

    fn operation(
        &mut self,
        path_key: &str,
        http_method: HttpMethod,
        operation: &'a openapiv3::Operation,
        place: &Place<'a, '_>,
        id: String,
    ) -> Result<Operation, Diagnostic> {
        let at = place.at;
        let type_hint = type_name(&id);
        let parameters = self.parameters(operation, place)?;
        let path = self.path_template(path_key, &parameters, at)?;
        let request_body = match &operation.request_body {
            Some(body) => self.request_body(body, &at.join("requestBody"), &type_hint)?,
            None => None,
        };
        let responses = self.responses(operation, at, &type_hint, &id)?;
        let (success_enum, error_enum) = reply_enums(&responses, &type_hint);
        let server = self.operation_server(operation, place)?;
        let security = self.security(operation, at)?;
        Ok(Operation {
            method_name: snake_name(&id),
            id,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            http_method,
            path,
            server,
            parameters,
            request_body,
            responses,
            success_enum,
            error_enum,
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
        let mut names = Namespace::with_reserved(crate::emit::reserved::LOCAL_NAMES);
        merged
            .into_iter()
            .map(|(parameter, place)| self.parameter(parameter, &place, &mut names))
            .collect()
    }

    /// A parameter: where it goes, how it is written, and its type.
    fn parameter(
        &mut self,
        parameter: &'a SpecParameter,
        place: &Pointer,
        names: &mut Namespace,
    ) -> Result<Parameter, Diagnostic> {
        let data = parameter.parameter_data_ref();
        let (location, style) = location_and_style(parameter);
        let hint = type_name(&data.name);
        let (ty, style) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (
                self.schema_type(schema, &place.join("schema"), &hint)?,
                style,
            ),
            ParameterSchemaOrContent::Content(content) => {
                self.content_parameter(content, place, &hint, style)?
            }
        };
        let ty = self.parameter_type(ty);
        if matches!(ty, Type::File | Type::Bytes) {
            return Err(self.unsupported(&place.join("schema"), "a file as a parameter"));
        }
        Ok(Parameter {
            wire_name: data.name.clone(),
            rust_name: names.claim(snake_name(&data.name)),
            location,
            ty,
            style,
            required: data.required || location == ParameterLocation::Path,
            doc: data.description.clone(),
        })
    }

    /// The type and style of a parameter given as `content`: JSON text for a JSON media
    /// type, else its style, for a scalar only.
    fn content_parameter(
        &mut self,
        content: &'a openapiv3::Content,
        place: &Pointer,
        hint: &str,
        style: ParameterStyle,
    ) -> Result<(Type, ParameterStyle), Diagnostic> {
        let at = place.join("content");
        let Some((media_type, media)) = content.first() else {
            return Err(self.error(&at, "the parameter's `content` is empty"));
        };
        let at = at.join(media_type);
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        let json = essence.eq_ignore_ascii_case("application/json")
            || essence.to_ascii_lowercase().ends_with("+json");
        let ty = match &media.schema {
            Some(schema) => self.schema_type(schema, &at.join("schema"), hint)?,
            None => Type::Any,
        };
        if json {
            Ok((ty, ParameterStyle::Json))
        } else if ty.is_scalar() {
            Ok((ty, style))
        } else {
            Err(self.unsupported(
                &at,
                &format!("a parameter of media type `{media_type}` that is not a scalar"),
            ))
        }
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
            .map(|segment| self.segment(segment, parameters, at))
            .collect::<Result<Vec<_>, _>>()?;
        for parameter in parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
        {
            let wanted = Segment::Parameter(parameter.rust_name.clone());
            let used = segments.iter().any(|segment| match segment {
                Segment::Mixed(pieces) => pieces.contains(&wanted),
                other => *other == wanted,
            });
            if !used {
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

    /// One path segment: text, `{name}`, or text and parameters mixed (`{name}.pdf`).
    fn segment(
        &self,
        segment: &str,
        parameters: &[Parameter],
        at: &Pointer,
    ) -> Result<Segment, Diagnostic> {
        let mut pieces = Vec::new();
        let mut rest = segment;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                if rest.contains('}') {
                    return Err(self.error(
                        at,
                        format!("the path segment `{segment}` has a `}}` without `{{`"),
                    ));
                }
                pieces.push(Segment::Literal(rest.to_owned()));
                break;
            };
            if open > 0 {
                let text = &rest[..open];
                if text.contains('}') {
                    return Err(self.error(
                        at,
                        format!("the path segment `{segment}` has a `}}` without `{{`"),
                    ));
                }
                pieces.push(Segment::Literal(text.to_owned()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(self.error(
                    at,
                    format!("the path segment `{segment}` has an unclosed `{{`"),
                ));
            };
            let name = &after[..close];
            let parameter = parameters
                .iter()
                .find(|p| p.location == ParameterLocation::Path && p.wire_name == name)
                .ok_or_else(|| {
                    self.error(
                        at,
                        format!(
                            "the path uses `{{{name}}}` but declares no path parameter `{name}`"
                        ),
                    )
                })?;
            pieces.push(Segment::Parameter(parameter.rust_name.clone()));
            rest = &after[close + 1..];
        }
        Ok(match pieces.len() {
            1 => pieces.remove(0),
            _ => Segment::Mixed(pieces),
        })
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        type_hint: &str,
    ) -> Result<Option<RequestBody>, Diagnostic> {
        let (body, at) = self.resolve(body, at.clone(), "requestBodies", |c, name| {
            c.request_bodies.get(name)
        })?;
        let hint = format!("{type_hint}Request");
        let Some((ty, encoding)) = self.body(&body.content, &at, Direction::Request, &hint)? else {
            self.warn(
                &at.join("content"),
                "the request body declares no media type; the operation is generated without a body",
            );
            return Ok(None);
        };
        Ok(Some(RequestBody {
            ty,
            encoding,
            required: body.required,
            doc: body.description.clone(),
        }))
    }

    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        type_hint: &str,
        id: &str,
    ) -> Result<Vec<Response>, Diagnostic> {
        let at = at.join("responses");
        let mut responses = Vec::new();
        let mut upgrades = Vec::new();
        for (status, response_ref) in declared_statuses(operation) {
            if is_informational(status) {
                upgrades.push(status);
                continue;
            }
            responses.push(self.response(status, response_ref, &at, type_hint)?);
        }
        let success = responses.iter().any(|r| r.status.is_success());
        self.leave_out_upgrades(&upgrades, success, &at, id)?;
        // Exact codes win over ranges, ranges over `default`.
        responses.sort_by_key(|response| match response.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        });
        Ok(responses)
    }

    /// One declared reply: its body, how it is decoded, and its typed headers.
    fn response(
        &mut self,
        status: StatusMatch,
        response_ref: &'a ReferenceOr<openapiv3::Response>,
        at: &Pointer,
        type_hint: &str,
    ) -> Result<Response, Diagnostic> {
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
        Ok(Response {
            status,
            description: response.description.clone(),
            body,
            encoding,
            media_types: response.content.keys().cloned().collect(),
            variant: status_variant(status),
            headers,
        })
    }

    /// Warns of each `1xx` reply left out, or refuses the operation when it has no success
    /// reply besides them.
    fn leave_out_upgrades(
        &mut self,
        upgrades: &[StatusMatch],
        success: bool,
        at: &Pointer,
        id: &str,
    ) -> Result<(), Diagnostic> {
        if !upgrades.is_empty() && !success {
            return Err(self.error(
                at,
                "the operation answers only with a protocol upgrade (`1XX`), which this client cannot follow",
            ));
        }
        for status in upgrades {
            self.warn(
                &at.join(*status),
                format!(
                    "a `{status}` reply (a protocol upgrade or interim answer) cannot be received by this client; operation `{id}` is generated without it, and such a reply is an unexpected status"
                ),
            );
        }
        Ok(())
    }
}

/// The replies an operation declares, by status, `default` last.
fn declared_statuses(
    operation: &openapiv3::Operation,
) -> impl Iterator<Item = (StatusMatch, &ReferenceOr<openapiv3::Response>)> {
    let declared = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(class) => {
                    StatusMatch::Range(u8::try_from(*class).unwrap_or(u8::MAX))
                }
            };
            (status, response)
        });
    let default = operation
        .responses
        .default
        .iter()
        .map(|r| (StatusMatch::Default, r));
    declared.chain(default)
}

/// Whether a status is `1xx` or `1XX`: an interim reply or a protocol upgrade.
fn is_informational(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (100..200).contains(&code),
        StatusMatch::Range(class) => class == 1,
        StatusMatch::Default => false,
    }
}

/// The names of the reply enums an operation needs: for success replies when their bodies
/// differ or a redirection sits beside other replies, for errors when their bodies differ.
fn reply_enums(responses: &[Response], type_hint: &str) -> (Option<String>, Option<String>) {
    let side = |success: bool| {
        responses
            .iter()
            .filter(move |r| r.status.is_success() == success)
    };
    let distinct_bodies = |success: bool| {
        let mut seen: Vec<(&Type, &Encoding)> = Vec::new();
        for response in side(success) {
            if let Some(body) = &response.body {
                if !seen.contains(&(body, &response.encoding)) {
                    seen.push((body, &response.encoding));
                }
            }
        }
        seen.len()
    };
    let redirection = side(true).any(|r| {
        !matches!(
            r.status,
            StatusMatch::Code(200..=299) | StatusMatch::Range(2)
        )
    });
    let success = (distinct_bodies(true) > 1 || (redirection && side(true).count() > 1))
        .then(|| format!("{type_hint}Response"));
    // Errors mixing bodies, or a body and none, need an enum to tell them apart.
    let error_bodies = distinct_bodies(false);
    let bodiless_error = side(false).any(|r| r.body.is_none());
    let error = (error_bodies > 1 || (error_bodies == 1 && bodiless_error))
        .then(|| format!("{type_hint}Error"));
    (success, error)
}

/// A variant name for a status: its reason phrase (`NotModified`), the class of a range
/// (`Redirection`), or `Other` for `default`.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|status| status.canonical_reason())
            .map_or_else(|| format!("Status{code}"), type_name),
        StatusMatch::Range(class) => match class {
            2 => "Success".to_owned(),
            3 => "Redirection".to_owned(),
            4 => "ClientError".to_owned(),
            5 => "ServerError".to_owned(),
            other => format!("Status{other}XX"),
        },
        StatusMatch::Default => "Other".to_owned(),
    }
}

impl Lowerer<'_> {
    /// A parameter's type with aliases (`Id: {type: string}`) replaced by what they name.
    fn parameter_type(&self, ty: Type) -> Type {
        self.parameter_type_within(ty, super::MAX_REF_HOPS)
    }

    fn parameter_type_within(&self, ty: Type, hops: usize) -> Type {
        if hops == 0 {
            return ty;
        }
        let within = |ty: Type| self.parameter_type_within(ty, hops - 1);
        match ty {
            Type::Model(id) => match self.models.get(id) {
                Some(Model {
                    kind: ModelKind::Alias(inner),
                    ..
                }) => within(inner.clone()),
                // `oneOf` of strings (formats or patterns) is a string on the wire.
                Some(Model {
                    kind: ModelKind::Untagged(variants),
                    ..
                }) if !variants.is_empty()
                    && variants
                        .iter()
                        .all(|v| within(v.ty.clone()) == Type::String) =>
                {
                    Type::String
                }
                _ => Type::Model(id),
            },
            Type::Array(item) => Type::Array(Box::new(within(*item))),
            other => other,
        }
    }
}

/// Whether a problem is a `$ref` that leads nowhere (or in a cycle): the spec itself is
/// broken, which no single operation's absence would hide, so the run fails.
fn is_broken_reference(problem: &Diagnostic) -> bool {
    problem.message.starts_with("`$ref")
        && ["points to nothing", "lead in a cycle"]
            .iter()
            .any(|marker| problem.message.contains(marker))
}

/// The operations a path item declares, by method, in the order it lists them. The path
/// item has one field per method, so no method name is ever guessed from text.
fn declared_operations(
    item: &PathItem,
) -> impl Iterator<Item = (HttpMethod, &openapiv3::Operation)> {
    HttpMethod::ALL.into_iter().filter_map(|method| {
        let operation = match method {
            HttpMethod::Get => &item.get,
            HttpMethod::Put => &item.put,
            HttpMethod::Post => &item.post,
            HttpMethod::Delete => &item.delete,
            HttpMethod::Options => &item.options,
            HttpMethod::Head => &item.head,
            HttpMethod::Patch => &item.patch,
            HttpMethod::Trace => &item.trace,
        };
        operation.as_ref().map(|operation| (method, operation))
    })
}

/// Where a parameter goes and its style, `explode` defaulting as OpenAPI says for each.
fn location_and_style(parameter: &SpecParameter) -> (ParameterLocation, ParameterStyle) {
    let explode = parameter.parameter_data_ref().explode;
    match parameter {
        SpecParameter::Path { style, .. } => {
            let explode = explode.unwrap_or(false);
            let style = match style {
                PathStyle::Simple => ParameterStyle::Simple { explode },
                PathStyle::Label => ParameterStyle::Label { explode },
                PathStyle::Matrix => ParameterStyle::Matrix { explode },
            };
            (ParameterLocation::Path, style)
        }
        SpecParameter::Query { style, .. } => {
            let style = match style {
                QueryStyle::Form => ParameterStyle::Form {
                    explode: explode.unwrap_or(true),
                },
                QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                QueryStyle::DeepObject => ParameterStyle::DeepObject,
            };
            (ParameterLocation::Query, style)
        }
        SpecParameter::Header { .. } => {
            let explode = explode.unwrap_or(false);
            (
                ParameterLocation::Header,
                ParameterStyle::Simple { explode },
            )
        }
        SpecParameter::Cookie { .. } => {
            let explode = explode.unwrap_or(true);
            (ParameterLocation::Cookie, ParameterStyle::Form { explode })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_of_a_path_item_is_read_in_its_order() {
        let operation = || Some(openapiv3::Operation::default());
        let item = PathItem {
            get: operation(),
            put: operation(),
            post: operation(),
            delete: operation(),
            options: operation(),
            head: operation(),
            patch: operation(),
            trace: operation(),
            ..PathItem::default()
        };
        let ours: Vec<&str> = declared_operations(&item)
            .map(|(method, _)| method.spec_key())
            .collect();
        let theirs: Vec<&str> = item.iter().map(|(method, _)| method).collect();
        assert_eq!(ours, theirs);
        let wire: Vec<String> = HttpMethod::ALL
            .iter()
            .map(|method| method.spec_key().to_ascii_uppercase())
            .collect();
        assert_eq!(wire, HttpMethod::ALL.map(HttpMethod::as_str));
    }

    #[test]
    fn only_dangling_references_fail_the_run() {
        let problem = |message: &str| Diagnostic::at("s.yaml", &Pointer::root(), message);
        assert!(is_broken_reference(&problem(
            "`$ref: #/components/schemas/Missing` points to nothing"
        )));
        assert!(is_broken_reference(&problem("`$ref`s lead in a cycle")));
        assert!(!is_broken_reference(&problem(
            "`$ref: other.yaml#/Pet` must point into #/components/parameters"
        )));
        assert!(!is_broken_reference(&problem(
            "a cookie parameter is not supported yet"
        )));
    }

    #[test]
    fn statuses_name_their_variants() {
        assert_eq!(status_variant(StatusMatch::Code(304)), "NotModified");
        assert_eq!(
            status_variant(StatusMatch::Code(422)),
            "UnprocessableEntity"
        );
        assert_eq!(status_variant(StatusMatch::Code(299)), "Status299");
        assert_eq!(status_variant(StatusMatch::Range(3)), "Redirection");
        assert_eq!(status_variant(StatusMatch::Default), "Other");
    }
}
