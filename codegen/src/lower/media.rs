//! Which of a body's media types the client uses, and how: JSON when it is offered (unless
//! the body holds files and multipart is offered too), else a form, multipart, text or raw
//! bytes.

use indexmap::IndexMap;
use openapiv3::{MediaType, QueryStyle};

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Encoding, FormPart, ModelId, ModelKind, PartValue, Type};

/// Whether a body is sent or received; forms only go out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

impl<'a> Lowerer<'a> {
    /// The body type and encoding of a `content` map; `None` when the map is empty.
    pub(super) fn body(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &Pointer,
        direction: Direction,
        hint: &str,
    ) -> Result<Option<(Type, Encoding)>, Diagnostic> {
        let mut choices: Vec<_> = content
            .iter()
            .map(|(name, media)| (encoding_of(name, direction), name, media))
            .collect();
        let preference = |encoding: &Option<Encoding>| match encoding {
            Some(Encoding::Json) => 0,
            Some(Encoding::Form(_)) => 1,
            Some(Encoding::Multipart(_)) => 2,
            Some(Encoding::Text(_) | Encoding::Binary(_)) => 3,
            None => 4,
        };
        choices.sort_by_key(|(encoding, _, _)| preference(encoding));
        let count = choices.len();
        for (index, (encoding, name, media)) in choices.into_iter().enumerate() {
            let form = matches!(encoding, Some(Encoding::Form(_) | Encoding::Multipart(_)));
            match self.body_as(content, at, direction, hint, (encoding, name, media)) {
                // A form the client cannot build falls back to the next media type offered.
                Err(_) if form && index + 1 < count => continue,
                result => return result.map(Some),
            }
        }
        Ok(None)
    }

    /// The body type and encoding for one media type of `content`.
    fn body_as(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &Pointer,
        direction: Direction,
        hint: &str,
        (encoding, name, media): (Option<Encoding>, &'a String, &'a MediaType),
    ) -> Result<(Type, Encoding), Diagnostic> {
        let multipart = content
            .iter()
            .find(|(name, _)| matches!(encoding_of(name, direction), Some(Encoding::Multipart(_))));
        let at = at.join("content").join(name);
        let Some(encoding) = encoding else {
            return Err(self.unsupported(&at, &format!("the media type `{name}`")));
        };
        if name.trim().to_ascii_lowercase().starts_with("multipart/")
            && matches!(encoding, Encoding::Binary(_))
        {
            let what = match direction {
                Direction::Request => "sent as raw bytes the caller encodes",
                Direction::Response => "read as raw bytes the caller decodes",
            };
            self.warn(
                &at,
                format!("the `{name}` body is {what}; its parts are not typed"),
            );
        }
        let ty = self.media_type_type(&encoding, media, &at, hint)?;
        match (encoding, multipart) {
            // Files cannot travel in JSON, so a body with files goes as multipart.
            (Encoding::Json, Some((name, media))) if self.holds_files(&ty) => {
                let at = at_parent(&at).join(name);
                let ty = match &media.schema {
                    Some(schema) => self.schema_type(schema, &at.join("schema"), hint)?,
                    None => ty,
                };
                let parts = self.form_parts(&ty, &at, media)?;
                Ok((ty, Encoding::Multipart(parts)))
            }
            (Encoding::Multipart(_), _) => {
                let parts = self.form_parts(&ty, &at, media)?;
                Ok((ty, Encoding::Multipart(parts)))
            }
            (Encoding::Form(_), _) => self.form_body(ty, &at, media),
            (encoding, _) => Ok((ty, encoding)),
        }
    }

    /// The type of a body in one encoding; a form of a map names it as such, so the
    /// emitter sends its entries.
    fn media_type_type(
        &mut self,
        encoding: &Encoding,
        media: &'a MediaType,
        at: &Pointer,
        hint: &str,
    ) -> Result<Type, Diagnostic> {
        let ty = match (encoding, &media.schema) {
            (Encoding::Json | Encoding::Form(_) | Encoding::Multipart(_), Some(schema)) => {
                self.schema_type(schema, &at.join("schema"), hint)?
            }
            (Encoding::Json, None) => Type::Any,
            (Encoding::Form(_) | Encoding::Multipart(_), None) => {
                return Err(self.error(at, "a form body needs a `schema` with properties"));
            }
            (Encoding::Text(_), _) => Type::String,
            (Encoding::Binary(_), _) => Type::Bytes,
        };
        Ok(match encoding {
            Encoding::Form(_) | Encoding::Multipart(_) => self.body_map(&ty).unwrap_or(ty),
            _ => ty,
        })
    }

    /// A form body: its pairs, which carry no media type and cannot be files.
    fn form_body(
        &mut self,
        ty: Type,
        at: &Pointer,
        media: &'a MediaType,
    ) -> Result<(Type, Encoding), Diagnostic> {
        let mut parts = self.form_parts(&ty, at, media)?;
        // A form pair has no media type of its own.
        for part in &mut parts {
            part.content_type = None;
        }
        if let Some(file) = parts.iter().find(|part| part.value == PartValue::File) {
            return Err(self.unsupported(
                &at.join("schema"),
                &format!(
                    "the file field `{}` in a form body (files need multipart/form-data)",
                    file.wire_name
                ),
            ));
        }
        Ok((ty, Encoding::Form(parts)))
    }

    /// The fields of the struct `ty` names, following aliases.
    fn struct_fields(&self, ty: &Type) -> Option<&[crate::ir::Field]> {
        let mut ty = ty;
        for _ in 0..super::MAX_REF_HOPS {
            let Type::Model(id) = ty else {
                return None;
            };
            match &self.models.get(*id)?.kind {
                ModelKind::Struct(fields) => return Some(fields),
                ModelKind::Alias(target) => ty = target,
                _ => return None,
            }
        }
        None
    }

    fn holds_files(&self, ty: &Type) -> bool {
        self.struct_fields(ty).is_some_and(|fields| {
            fields
                .iter()
                .any(|field| matches!(part_value(&field.ty), Some((PartValue::File, _))))
        })
    }

    /// How each field of a form or multipart body's struct becomes parts.
    fn form_parts(
        &self,
        ty: &Type,
        at: &Pointer,
        media: &MediaType,
    ) -> Result<Vec<FormPart>, Diagnostic> {
        // A map (an object without properties): the emitter sends each entry.
        if self.body_map(ty).is_some() {
            return Ok(Vec::new());
        }
        let fields = self.struct_fields(ty).ok_or_else(|| {
            self.unsupported(
                &at.join("schema"),
                "a form or multipart body whose schema is not an object with properties",
            )
        })?;
        Ok(fields
            .iter()
            .map(|field| self.form_part(field, media))
            .collect())
    }

    /// How one field becomes parts: its value's kind, whether it repeats, its `encoding`.
    fn form_part(&self, field: &crate::ir::Field, media: &MediaType) -> FormPart {
        let (value, repeated) = match (&field.ty, field.boxed) {
            (ty, false) => part_value(ty).unwrap_or((PartValue::Json, false)),
            (_, true) => (PartValue::Json, false),
        };
        let value = match (&field.ty, value) {
            (Type::Model(id), PartValue::Json) if self.is_string_enum(*id) => PartValue::Display,
            _ => value,
        };
        let encoding = media.encoding.get(&field.wire_name);
        let content_type = encoding.and_then(|e| e.content_type.clone());
        // A part declared as JSON carries the whole value, arrays included.
        let json = content_type
            .as_deref()
            .is_some_and(|media| encoding_of(media, Direction::Request) == Some(Encoding::Json));
        let (value, repeated) = if json && value != PartValue::File {
            (PartValue::Json, false)
        } else {
            (value, repeated)
        };
        // `explode` defaults to false in `openapiv3`, so it counts only beside a
        // `style`, as the spec writes them together.
        let separator = match encoding.and_then(|e| e.style.as_ref().map(|s| (s, e.explode))) {
            Some((QueryStyle::Form, false)) => Some(",".to_owned()),
            Some((QueryStyle::SpaceDelimited, _)) => Some(" ".to_owned()),
            Some((QueryStyle::PipeDelimited, _)) => Some("|".to_owned()),
            _ => None,
        }
        .filter(|_| repeated && value != PartValue::File);
        FormPart {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            value,
            repeated,
            optional: field.is_optional(),
            // JSON parts say `application/json` already; a file carries its own type.
            content_type: content_type
                .filter(|media| !(value == PartValue::Json && media == "application/json"))
                .filter(|_| value != PartValue::File),
            separator,
        }
    }

    /// The map `ty` is, directly or through aliases.
    fn body_map(&self, ty: &Type) -> Option<Type> {
        let mut ty = ty;
        for _ in 0..super::MAX_REF_HOPS {
            match ty {
                Type::Map(_) => return Some(ty.clone()),
                Type::Model(id) => match &self.models.get(*id)?.kind {
                    ModelKind::Alias(target) => ty = target,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Whether the model `name` is a string enum, which travels as its text.
    pub(super) fn is_string_enum(&self, id: ModelId) -> bool {
        self.models
            .get(id)
            .is_some_and(|model| matches!(model.kind, ModelKind::Enum(_)))
    }
}

/// How a value of `ty` becomes a part, and whether it is an array of such parts; `None`
/// for what goes as JSON.
fn part_value(ty: &Type) -> Option<(PartValue, bool)> {
    let single = |ty: &Type| match ty {
        Type::String => Some(PartValue::Text),
        Type::Secret => Some(PartValue::Secret),
        Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool => Some(PartValue::Display),
        Type::File => Some(PartValue::File),
        _ => None,
    };
    match ty {
        Type::Array(item) => single(item).map(|value| (value, true)),
        other => single(other).map(|value| (value, false)),
    }
}

/// `.../content/<media type>` -> `.../content`.
fn at_parent(at: &Pointer) -> Pointer {
    let tokens: Vec<String> = at.tokens().collect();
    let keep = tokens.len().saturating_sub(1);
    tokens
        .into_iter()
        .take(keep)
        .fold(Pointer::root(), |pointer, token| pointer.join(token))
}

/// How a media type travels; `None` for one the client cannot send or read yet.
fn encoding_of(media_type: &str, direction: Direction) -> Option<Encoding> {
    let essence = crate::ir::media_type_essence(media_type);
    let is_json = crate::ir::is_json_media_type(&essence);
    let response = direction == Direction::Response;
    if is_json {
        Some(Encoding::Json)
    } else if essence.is_empty() || !essence.contains('/') {
        None
    } else if essence == "application/x-www-form-urlencoded" {
        Some(if response {
            Encoding::Text(media_type.to_owned())
        } else {
            Encoding::Form(Vec::new())
        })
    } else if essence == "multipart/form-data" && !response {
        Some(Encoding::Multipart(Vec::new()))
    } else if essence.contains('*') && !response {
        // A wildcard is no `Content-Type`: what is sent is plain bytes.
        Some(if essence.starts_with("text/") {
            Encoding::Text("text/plain".to_owned())
        } else {
            Encoding::Binary("application/octet-stream".to_owned())
        })
    } else if essence.starts_with("text/") {
        Some(Encoding::Text(media_type.to_owned()))
    } else {
        Some(Encoding::Binary(media_type.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_map_to_encodings() {
        let request = |name| encoding_of(name, Direction::Request);
        assert_eq!(request("application/problem+json"), Some(Encoding::Json));
        assert_eq!(
            request("application/json; charset=utf-8"),
            Some(Encoding::Json)
        );
        assert_eq!(
            request("application/x-www-form-urlencoded"),
            Some(Encoding::Form(Vec::new()))
        );
        assert_eq!(
            encoding_of("application/x-www-form-urlencoded", Direction::Response),
            Some(Encoding::Text("application/x-www-form-urlencoded".into()))
        );
        assert_eq!(
            encoding_of("multipart/mixed", Direction::Response),
            Some(Encoding::Binary("multipart/mixed".into()))
        );
        assert_eq!(
            request("*/*"),
            Some(Encoding::Binary("application/octet-stream".into()))
        );
        assert_eq!(
            encoding_of("image/*", Direction::Response),
            Some(Encoding::Binary("image/*".into()))
        );
        assert_eq!(request("json"), None);
        assert_eq!(
            request("multipart/form-data"),
            Some(Encoding::Multipart(Vec::new()))
        );
        assert_eq!(
            request("multipart/mixed"),
            Some(Encoding::Binary("multipart/mixed".into()))
        );
        assert_eq!(
            request("text/plain"),
            Some(Encoding::Text("text/plain".into()))
        );
        assert_eq!(
            request("application/pdf"),
            Some(Encoding::Binary("application/pdf".into()))
        );
    }
}
