//! The public surface of a generated crate as a compact, deterministic listing: one line per
//! server, operation, argument, reply, model, field, enum value, variant and response header,
//! `<kind> <key>: <value>`, sorted. It is written beside the crate (`API.txt`) so reviews read
//! a short API diff first, and [`crate::report`] compares two listings. Built from the IR, so
//! docs never show up in it.

use crate::emit::spelling;
use std::collections::BTreeMap;
use std::fmt;

use crate::ir::{Api, Credential, Encoding, Field, Literal, Model, ModelKind, Operation, Type};

/// Where the listing goes in the generated crate.
pub const FILE: &str = "API.txt";

/// What an item of the surface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A `servers` constant.
    Server,
    /// An operation: its method, URL, arguments and credentials.
    Operation,
    /// An argument of an operation (a parameter or the body).
    Parameter,
    /// What an operation returns on success.
    Returns,
    /// The body of an operation's declared error replies.
    Error,
    /// A model: what it is, which way it travels, how it is constructed.
    Model,
    /// A field of a struct.
    Field,
    /// A value of a string enum.
    Value,
    /// A variant of a tagged or untagged enum.
    Variant,
    /// A field of a response header set.
    Header,
}

impl Kind {
    const ALL: [Self; 10] = [
        Self::Server,
        Self::Operation,
        Self::Parameter,
        Self::Returns,
        Self::Error,
        Self::Model,
        Self::Field,
        Self::Value,
        Self::Variant,
        Self::Header,
    ];

    /// The word that starts its lines.
    pub fn word(self) -> &'static str {
        match self {
            Self::Server => "server",
            Self::Operation => "operation",
            Self::Parameter => "parameter",
            Self::Returns => "returns",
            Self::Error => "error",
            Self::Model => "model",
            Self::Field => "field",
            Self::Value => "value",
            Self::Variant => "variant",
            Self::Header => "header",
        }
    }

    /// The item that a member belongs to (an argument to its operation, a field to its
    /// model), whose own addition or removal says it all.
    pub fn owner(self) -> Option<Self> {
        match self {
            Self::Parameter | Self::Returns | Self::Error => Some(Self::Operation),
            Self::Field | Self::Value | Self::Variant => Some(Self::Model),
            Self::Server | Self::Operation | Self::Model | Self::Header => None,
        }
    }

    fn group(self) -> u8 {
        match self {
            Self::Server => 0,
            Self::Operation | Self::Parameter | Self::Returns | Self::Error => 1,
            Self::Model | Self::Field | Self::Value | Self::Variant => 2,
            Self::Header => 3,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// One line of the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Its name, unique within its kind: `model.field`, `operation.argument`, ...
    pub key: String,
    /// Its type or shape, then `; `-separated notes.
    pub value: String,
}

impl Item {
    /// The owner's name in a `owner.member` key.
    pub fn owner_key(&self) -> &str {
        self.key
            .split_once('.')
            .map_or(&self.key, |(owner, _)| owner)
    }

    /// The part of the value before the first note: a type, a URL, a shape.
    pub fn main(&self) -> &str {
        self.value
            .split_once("; ")
            .map_or(&self.value, |(main, _)| main)
    }

    /// The notes after the main part.
    pub fn notes(&self) -> Vec<&str> {
        match self.value.split_once("; ") {
            Some((_, notes)) => notes.split("; ").collect(),
            None => Vec::new(),
        }
    }

    fn sort_key(&self) -> (u8, String, Kind, String) {
        let (group, owner, kind, member) = order(self.kind, &self.key);
        (group, owner.to_owned(), kind, member.to_owned())
    }
}

/// Where an item of `kind` named `key` sorts: by owner, then kind, then member.
fn order(kind: Kind, key: &str) -> (u8, &str, Kind, &str) {
    let (owner, member) = key.split_once('.').unwrap_or((key, ""));
    (kind.group(), owner, kind, member)
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.kind, self.key, self.value)
    }
}

/// The listing: items sorted by owner, then kind, then member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Every item, sorted.
    pub items: Vec<Item>,
}

impl Surface {
    /// The surface of the crate generated from `api`.
    pub fn of(api: &Api) -> Self {
        let directions = directions(api);
        let mut items = Vec::new();
        let mut push = |kind, key: String, value: String| items.push(Item { kind, key, value });
        for server in &api.servers {
            push(Kind::Server, server.const_name.clone(), server.url.clone());
        }
        for op in &api.operations {
            operation(api, op, &mut push);
        }
        for model in &api.models {
            let direction = directions
                .get(model.name.as_str())
                .copied()
                .unwrap_or_default();
            self::model(api, model, direction, &mut push);
        }
        for set in &api.header_sets {
            for header in &set.headers {
                push(
                    Kind::Header,
                    format!("{}.{}", set.name, spelling(&header.rust_name)),
                    format!("Option<{}>; {:?}", type_text(api, &header.ty), header.name),
                );
            }
        }
        Self::sorted(items)
    }

    fn sorted(mut items: Vec<Item>) -> Self {
        items.sort_by_cached_key(Item::sort_key);
        Self { items }
    }

    /// Reads a listing written by [`Surface::render`]; comment lines and lines it does not
    /// recognise (from another generator version) are skipped.
    pub fn parse(text: &str) -> Self {
        let items = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (word, rest) = line.split_once(' ')?;
                let kind = Kind::ALL.into_iter().find(|kind| kind.word() == word)?;
                let (key, value) = rest.split_once(": ")?;
                Some(Item {
                    kind,
                    key: key.to_owned(),
                    value: value.to_owned(),
                })
            })
            .collect();
        Self::sorted(items)
    }

    /// The listing's text, under `header` (a `#` comment is added to each header line).
    pub fn render(&self, header: &str) -> String {
        let mut text: String = header.lines().map(|line| format!("# {line}\n")).collect();
        for item in &self.items {
            text.push_str(&item.to_string());
            text.push('\n');
        }
        text
    }

    /// The item of `kind` named `key`.
    pub fn get(&self, kind: Kind, key: &str) -> Option<&Item> {
        // The items are sorted, so this is a binary search: comparing two listings looks up
        // every item of each in the other, which a scan made quadratic (45% of the run on a
        // spec of 770 operations).
        let wanted = order(kind, key);
        let first = self
            .items
            .partition_point(|item| order(item.kind, &item.key) < wanted);
        self.items
            .get(first)
            .filter(|item| item.kind == kind && item.key == key)
    }
}

/// Which way a model's values travel: in requests, in replies, both, or neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Direction {
    /// Sent in a request body or parameter.
    pub sent: bool,
    /// Read from a reply.
    pub received: bool,
}

impl Direction {
    /// As written in the listing.
    pub fn text(self) -> &'static str {
        match (self.sent, self.received) {
            (true, true) => "sent and received",
            (true, false) => "sent",
            (false, true) => "received",
            (false, false) => "unused",
        }
    }

    /// From a model line's notes.
    pub fn from_notes(notes: &[&str]) -> Self {
        let mut direction = Self::default();
        for note in notes {
            match *note {
                "sent and received" => {
                    direction = Self {
                        sent: true,
                        received: true,
                    };
                }
                "sent" => direction.sent = true,
                "received" => direction.received = true,
                _ => {}
            }
        }
        direction
    }
}

fn directions(api: &Api) -> BTreeMap<&str, Direction> {
    let mut found: BTreeMap<&str, Direction> = BTreeMap::new();
    let mut visit = |start: &Type, sent: bool| {
        let mut pending = vec![start];
        while let Some(ty) = pending.pop() {
            match ty {
                Type::Array(inner) | Type::Map(inner) => pending.push(inner),
                Type::Model(id) => {
                    let model = api.model(*id);
                    let direction = found.entry(model.name.as_str()).or_default();
                    let seen = if sent {
                        direction.sent
                    } else {
                        direction.received
                    };
                    if seen {
                        continue;
                    }
                    if sent {
                        direction.sent = true;
                    } else {
                        direction.received = true;
                    }
                    match &model.kind {
                        ModelKind::Struct(fields) => pending.extend(fields.iter().map(|f| &f.ty)),
                        ModelKind::Alias(inner) => pending.push(inner),
                        ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants) => {
                            pending.extend(variants.iter().map(|v| &v.ty));
                        }
                        ModelKind::Enum(_) => {}
                    }
                }
                _ => {}
            }
        }
    };
    for op in &api.operations {
        for parameter in &op.parameters {
            visit(&parameter.ty, true);
        }
        if let Some(body) = &op.request_body {
            visit(&body.ty, true);
        }
        for response in &op.responses {
            if let Some(body) = &response.body {
                visit(body, false);
            }
        }
    }
    found
}

/// An operation's lines: itself, its parameters and body, what it returns and its error.
fn operation(api: &Api, op: &Operation, push: &mut impl FnMut(Kind, String, String)) {
    let name = &spelling(&op.method_name);
    push(Kind::Operation, name.clone(), operation_text(api, op));
    inputs(api, op, name, push);
    push(Kind::Returns, name.clone(), returns_text(api, op));
    let failure = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .find_map(|r| r.body.as_ref())
        .map_or_else(|| "()".to_owned(), |ty| type_text(api, ty));
    push(Kind::Error, name.clone(), failure);
}

/// The operation's own line: method, URL, the method's arguments and credentials.
fn operation_text(api: &Api, op: &Operation) -> String {
    // The method takes the required values; optional ones are setters of its request builder.
    let mut arguments: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| spelling(&p.rust_name))
        .collect();
    if op.request_body.as_ref().is_some_and(|body| body.required) {
        arguments.push("body".to_owned());
    }
    let mut value = format!(
        "{} {}{}; arguments ({}); auth {}",
        op.http_method.as_str(),
        api.server(op.server).url,
        op.path.raw,
        arguments.join(", "),
        auth(api, op)
    );
    if op.deprecated {
        value.push_str("; deprecated");
    }
    value
}

/// A line per parameter and one for the body, named `operation.parameter`.
fn inputs(api: &Api, op: &Operation, name: &str, push: &mut impl FnMut(Kind, String, String)) {
    for parameter in &op.parameters {
        let ty = type_text(api, &parameter.ty);
        let ty = if parameter.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        let location = parameter.location.as_str();
        push(
            Kind::Parameter,
            format!("{name}.{}", spelling(&parameter.rust_name)),
            format!("{ty}; {location} {:?}", parameter.wire_name),
        );
    }
    if let Some(body) = &op.request_body {
        let ty = type_text(api, &body.ty);
        let ty = if body.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        push(
            Kind::Parameter,
            format!("{name}.body"),
            format!("{ty}; body {}", encoding(&body.encoding)),
        );
    }
}

/// What a success returns: the body type (optional when some successes have none) and the
/// typed headers, if any.
fn returns_text(api: &Api, op: &Operation) -> String {
    let successes: Vec<_> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let success = successes
        .iter()
        .find_map(|r| r.body.as_ref())
        .map_or_else(|| "()".to_owned(), |ty| type_text(api, ty));
    let success = if successes.iter().any(|r| r.body.is_some())
        && successes.iter().any(|r| r.body.is_none())
    {
        format!("Option<{success}>")
    } else {
        success
    };
    let headers = successes.iter().find_map(|r| r.headers);
    match headers.map(|id| api.header_set(id)) {
        Some(set) => format!("{success}; headers {}", set.name),
        None => success,
    }
}

/// The credentials line of an operation. The operation's doc says the same in sentences with
/// links; this stays terse, as the listing is compared line by line.
// So it walks the alternatives as emit's `security_doc` does, with words of its own.
fn auth(api: &Api, op: &Operation) -> String {
    if op.security.is_empty() {
        return "none".to_owned();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|requirement| {
            let schemes: Vec<String> = requirement
                .iter()
                .map(|id| match &api.security_scheme(*id).credential {
                    Credential::Basic => "basic".to_owned(),
                    Credential::Bearer => "bearer".to_owned(),
                    Credential::ApiKeyHeader(name) => format!("api key in header {name}"),
                    Credential::ApiKeyQuery(name) => format!("api key in query {name}"),
                })
                .collect();
            schemes.join(" + ")
        })
        .collect();
    alternatives.join(" or ")
}

fn encoding(encoding: &Encoding) -> String {
    match encoding {
        Encoding::Json => "json".to_owned(),
        Encoding::Form(_) => "form".to_owned(),
        Encoding::Multipart(_) => "multipart".to_owned(),
        Encoding::Text(media) | Encoding::Binary(media) => media.clone(),
    }
}

/// A model's lines: itself, then its fields, values or variants.
fn model(
    api: &Api,
    model: &Model,
    direction: Direction,
    push: &mut impl FnMut(Kind, String, String),
) {
    let name = &model.name;
    push(Kind::Model, name.clone(), model_text(api, model, direction));
    for (kind, member, value) in members(api, &model.kind) {
        push(kind, format!("{name}.{member}"), value);
    }
}

/// The model's own line: what kind of type it is, which way it travels, and how a struct
/// is built.
fn model_text(api: &Api, model: &Model, direction: Direction) -> String {
    let travel = direction.text();
    match &model.kind {
        ModelKind::Struct(fields) => format!("struct; {travel}; {}", constructor(fields)),
        ModelKind::Alias(ty) => format!("alias of {}; {travel}", type_text(api, ty)),
        ModelKind::Enum(_) => format!("enum; {travel}"),
        ModelKind::Tagged { tag, .. } => format!("tagged by {tag:?}; {travel}"),
        ModelKind::Untagged(_) => format!("untagged; {travel}"),
    }
}

/// A model's members, each as its kind, its name and its line.
fn members(api: &Api, kind: &ModelKind) -> Vec<(Kind, String, String)> {
    match kind {
        ModelKind::Struct(fields) => fields
            .iter()
            .map(|field| {
                let value = field_value(api, field);
                (Kind::Field, spelling(&field.rust_name), value)
            })
            .collect(),
        ModelKind::Alias(_) => Vec::new(),
        ModelKind::Enum(values) => values
            .iter()
            .map(|value| {
                let wire = format!("{:?}", value.wire_value);
                (Kind::Value, value.rust_name.clone(), wire)
            })
            .collect(),
        ModelKind::Tagged { variants, .. } => variants
            .iter()
            .map(|variant| {
                let tag = variant.tag_value.as_deref().unwrap_or_default();
                let value = format!("{}; tag {tag:?}", type_text(api, &variant.ty));
                (Kind::Variant, variant.rust_name.clone(), value)
            })
            .collect(),
        ModelKind::Untagged(variants) => variants
            .iter()
            .map(|variant| {
                let value = type_text(api, &variant.ty);
                (Kind::Variant, variant.rust_name.clone(), value)
            })
            .collect(),
    }
}

/// How code builds the struct: `new(required, ...)`, or `default()` when nothing is needed.
fn constructor(fields: &[Field]) -> String {
    let arguments: Vec<String> = fields
        .iter()
        .filter(|f| f.required && f.default.is_none())
        .map(|f| spelling(&f.rust_name))
        .collect();
    if arguments.is_empty() {
        "default()".to_owned()
    } else {
        format!("new({})", arguments.join(", "))
    }
}

fn field_value(api: &Api, field: &Field) -> String {
    let ty = type_text(api, &field.ty);
    let mut value = if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    };
    if field.required && field.nullable {
        value.push_str("; always sent");
    }
    if field.rust_name != field.wire_name {
        value.push_str(&format!("; wire {:?}", field.wire_name));
    }
    if let Some(default) = &field.default {
        let text = match default {
            Literal::String(text) => format!("{text:?}"),
            Literal::Integer(number) => number.to_string(),
            Literal::Number(number) => number.to_string(),
            Literal::Bool(flag) => flag.to_string(),
        };
        value.push_str(&format!("; default {text}"));
    }
    value
}

/// A type as the listing writes it: the Rust type, with short names for crate types.
pub fn type_text(api: &Api, ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Secret => "Secret".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F32 => "f32".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Model(id) => api.model(*id).name.clone(),
        Type::Array(item) => format!("Vec<{}>", type_text(api, item)),
        Type::Map(value) => format!("Map<{}>", type_text(api, value)),
        Type::Any => "serde_json::Value".to_owned(),
        Type::Bytes => "Vec<u8>".to_owned(),
        Type::File => "File".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_reads_back_as_itself() {
        let surface = Surface::parse(
            "# header\nmodel Pet: struct; received; default()\nfield Pet.name: Option<String>\nserver A: https://a\nnonsense\n",
        );
        assert_eq!(surface.items.len(), 3);
        assert_eq!(surface.items[0].kind, Kind::Server);
        let text = surface.render("header");
        assert_eq!(Surface::parse(&text), surface);
        let field = surface.get(Kind::Field, "Pet.name").unwrap();
        assert_eq!((field.owner_key(), field.main()), ("Pet", "Option<String>"));
        let model = surface.get(Kind::Model, "Pet").unwrap();
        assert_eq!(model.notes(), ["received", "default()"]);
    }
}
