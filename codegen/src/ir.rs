//! The generator's own model of an API: `$ref`s resolved, Rust names final, servers and
//! responses settled. Emitters read only this, never `openapiv3` types.

/// Everything the emitters need to write one client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`: the version of the API description, not of the crate.
    pub version: String,
    /// Named types, in the order the spec declares them; inline types follow their owners.
    pub models: Vec<Model>,
    /// Operations, in path order and then method order.
    pub operations: Vec<Operation>,
    /// Servers: the spec's global ones first, then those operations and paths name.
    pub servers: Vec<Server>,
    /// Typed views of the headers that responses declare; [`Response::headers`] names one by
    /// its [`HeaderSetId`].
    pub header_sets: Vec<HeaderSet>,
    /// The security schemes operations send, in the order they are first named;
    /// [`Operation::security`] names them by [`SecuritySchemeId`].
    pub security_schemes: Vec<SecurityScheme>,
}

impl Api {
    /// The model `id` names.
    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id.0]
    }

    /// The security scheme `id` names.
    pub fn security_scheme(&self, id: SecuritySchemeId) -> &SecurityScheme {
        &self.security_schemes[id.0]
    }

    /// The header set `id` names.
    pub fn header_set(&self, id: HeaderSetId) -> &HeaderSet {
        &self.header_sets[id.0]
    }
}

/// A [`Model`] by its place in [`Api::models`]. Only lowering makes one, and it checks that
/// every id it hands out names a model, so an emitter's lookup cannot miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModelId(usize);

impl ModelId {
    pub(crate) fn from_index(index: usize) -> Self {
        Self(index)
    }

    pub(crate) fn index(self) -> usize {
        self.0
    }
}

/// A [`SecurityScheme`] by its place in [`Api::security_schemes`]. Only lowering makes one,
/// as it adds the scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecuritySchemeId(usize);

impl SecuritySchemeId {
    /// The id of the scheme that `schemes` is about to get.
    pub(crate) fn next(schemes: &[SecurityScheme]) -> Self {
        Self(schemes.len())
    }
}

/// A [`HeaderSet`] by its place in [`Api::header_sets`]. Only lowering makes one, as it adds
/// the set, so every id names a set of the API it was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeaderSetId(usize);

impl HeaderSetId {
    /// The id of the set that `sets` is about to get.
    pub(crate) fn next(sets: &[HeaderSet]) -> Self {
        Self(sets.len())
    }

    pub(crate) fn index(self) -> usize {
        self.0
    }
}

impl Api {
    /// The server `id` names. Ids come from lowering this `Api`, so each names one.
    pub fn server(&self, id: ServerId) -> &Server {
        &self.servers[id.0]
    }
}

/// A server's place in [`Api::servers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerId(pub usize);

/// A server an operation can go to.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Its place in [`Api::servers`].
    pub id: ServerId,
    /// Base URL, server variables replaced by their defaults, without a trailing `/`.
    pub url: String,
    /// Rust constant name, from the URL (`API_HELLOSIGN_COM_V3`).
    pub const_name: String,
    /// `description`.
    pub description: Option<String>,
    /// Which `servers` list names it first.
    pub origin: ServerOrigin,
    /// JSON pointer to where the spec names it first, for docs.
    pub declared_at: String,
}

/// Which `servers` list a server comes from. A URL several lists name keeps the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerOrigin {
    /// The spec's top-level `servers`, or the implied `/` of a spec that names none.
    Global,
    /// A path item's `servers`.
    Path,
    /// An operation's `servers`.
    Operation,
}

/// The headers one response declares, as a struct of optional typed values.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderSet {
    /// Final Rust type name, such as `OAuthTokenResponseHeaders`.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// The headers, in spec order.
    pub headers: Vec<ResponseHeader>,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Final Rust type name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// What the type is.
    pub kind: ModelKind,
}

impl ModelKind {
    /// Calls `visit` on every model id that the fields, alias or variants name.
    pub(crate) fn model_ids_mut(&mut self, visit: &mut impl FnMut(&mut ModelId)) {
        match self {
            Self::Struct(fields) => fields.iter_mut().for_each(|f| f.ty.model_ids_mut(visit)),
            Self::Alias(ty) => ty.model_ids_mut(visit),
            Self::Tagged { variants, .. } | Self::Untagged(variants) => {
                variants.iter_mut().for_each(|v| v.ty.model_ids_mut(visit));
            }
            Self::Enum(_) => {}
        }
    }
}

/// The shape of a [`Model`].
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A struct with named fields.
    Struct(Vec<Field>),
    /// Another name for a type (`pub type Name = ...;`).
    Alias(Type),
    /// A string enum; values the spec does not list are kept in a catch-all variant.
    Enum(Vec<EnumValue>),
    /// One of several structs, told apart by the string in property `tag` (a
    /// `discriminator` with `mapping`).
    Tagged {
        /// The discriminator's property name on the wire.
        tag: String,
        /// Each tag value and the struct it selects.
        variants: Vec<Variant>,
    },
    /// One of several types, tried in order (`oneOf`/`anyOf` without a discriminator).
    Untagged(Vec<Variant>),
}

/// One listed value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire_value: String,
    /// Final Rust variant name.
    pub rust_name: String,
}

/// A variant of a [`ModelKind::Tagged`] or [`ModelKind::Untagged`] enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Final Rust variant name.
    pub rust_name: String,
    /// The tag value selecting it; `None` in untagged enums.
    pub tag_value: Option<String>,
    /// The type it holds.
    pub ty: Type,
    /// Held in a `Box` because the type contains the enum again.
    pub boxed: bool,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Property name on the wire.
    pub wire_name: String,
    /// Final Rust field name; a keyword such as `type` is written raw by the emitters.
    pub rust_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The value's type, before `Option` for optional or nullable fields.
    pub ty: Type,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// The schema's `default`, when the type can hold it.
    pub default: Option<Literal>,
    /// Held in a `Box` because the type contains the struct again.
    pub boxed: bool,
    /// Not a property but more of them, `#[serde(flatten)]`: a map of the properties
    /// `additionalProperties` admits, or an enum of `oneOf`/`anyOf` alternatives beside
    /// properties. A map starts empty; an enum is required.
    pub flatten: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`: absent or null on the wire.
    pub fn is_optional(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }
}

/// A value type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `type: string`.
    String,
    /// A string marked `format: password`: a credential that must not be shown.
    Secret,
    /// `type: integer` with `format: int32`.
    I32,
    /// `type: integer`, `format: int64` or none.
    I64,
    /// `type: number` with `format: float`.
    F32,
    /// `type: number`, `format: double` or none.
    F64,
    /// `type: boolean`.
    Bool,
    /// A [`Model`], by its id.
    Model(ModelId),
    /// `type: array`.
    Array(Box<Type>),
    /// An object with string keys and values of one type (`additionalProperties`).
    Map(Box<Type>),
    /// Any JSON value.
    Any,
    /// Raw bytes: the body of a download or upload that is not JSON or text.
    Bytes,
    /// A `format: binary` string in a schema: a file to upload in a multipart body.
    File,
}

impl Type {
    /// Calls `visit` on every model id inside this type, for a pass that renumbers them.
    pub(crate) fn model_ids_mut(&mut self, visit: &mut impl FnMut(&mut ModelId)) {
        match self {
            Self::Model(id) => visit(id),
            Self::Array(inner) | Self::Map(inner) => inner.model_ids_mut(visit),
            _ => {}
        }
    }

    /// Whether values travel as one piece of text (in a URL or header).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Self::String
                | Self::Secret
                | Self::I32
                | Self::I64
                | Self::F32
                | Self::F64
                | Self::Bool
        )
    }
}

/// Whether a media type is JSON: `application/json` or `application/*+json` (problem
/// details, vendor types), parameters ignored. The runtime keeps a copy of its own, as it
/// builds without this crate.
pub fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type_essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A media type without its parameters, in lower case: `Text/Plain; charset=utf-8` ->
/// `text/plain`.
pub fn media_type_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A constant from the spec, such as a `default`.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// One HTTP operation.
// Alike in shape to `Api` only as two documented lists of fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, as written.
    pub id: String,
    /// Final Rust method name.
    pub method_name: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Upper-case HTTP method, such as `POST`.
    pub http_method: HttpMethod,
    /// The path and its fixed query.
    pub path: PathTemplate,
    /// The server the operation goes to by default (operation, then path, then global
    /// `servers`).
    pub server: ServerId,
    /// Path, query and header parameters, in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub request_body: Option<RequestBody>,
    /// What each declared status means, most specific first.
    pub responses: Vec<Response>,
    /// The name of the enum in the generated `responses` module that success replies
    /// (1xx to 3xx) decode into, one variant per status, when their bodies differ or a
    /// redirection sits beside them; `None` when one body type (or none) fits them all.
    pub success_enum: Option<String>,
    /// The same for error replies whose bodies differ.
    pub error_enum: Option<String>,
    /// Alternatives of credentials the operation accepts, in order of preference; empty
    /// means it sends none.
    pub security: Vec<Vec<SecuritySchemeId>>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// A security scheme of `#/components/securitySchemes` that the client can send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in `#/components/securitySchemes`.
    pub name: String,
    /// What the client sends for it.
    pub credential: Credential,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// HTTP basic: user name and password.
    Basic,
    /// HTTP bearer token (also OAuth 2 and OpenID Connect schemes).
    Bearer,
    /// An API key in the named request header.
    ApiKeyHeader(String),
    /// An API key in the named query parameter.
    ApiKeyQuery(String),
}

/// HTTP methods an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item lists them.
    pub const ALL: [Self; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];

    /// The path item key that declares it, such as `get`.
    pub fn spec_key(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Put => "put",
            Self::Post => "post",
            Self::Delete => "delete",
            Self::Options => "options",
            Self::Head => "head",
            Self::Patch => "patch",
            Self::Trace => "trace",
        }
    }

    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// A path key split into segments and the query string it carries, so that
/// `/oauth/token?refresh` becomes path `/oauth/token` and query `refresh`.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTemplate {
    /// The path key as written in the spec.
    pub raw: String,
    /// Segments between slashes.
    pub segments: Vec<Segment>,
    /// Query string written into the path key, without the `?`.
    pub query: Option<String>,
}

/// One path segment.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Fixed text.
    Literal(String),
    /// A path parameter, by its Rust name.
    Parameter(String),
    /// Text and parameters in one segment, such as `{sid}.json`: literals and parameters
    /// in order.
    Mixed(Vec<Segment>),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// Replaces a `{name}` path segment.
    Path,
    /// A `name=value` query pair.
    Query,
    /// A request header.
    Header,
    /// A `name=value` pair in the `Cookie` header.
    Cookie,
}

impl ParameterLocation {
    /// The OpenAPI `in` value: `path`, `query`, `header` or `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// How a parameter's value becomes text (OpenAPI `style`, `explode` and `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `form`: exploded, arrays are repeated pairs and objects one pair per property; not
    /// exploded, both are one comma-joined value.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `simple` (path and header): comma-joined items, or `key,value` pairs of objects
    /// (`key=value` exploded).
    Simple {
        /// `explode`.
        explode: bool,
    },
    /// Array items joined with spaces.
    SpaceDelimited,
    /// Array items joined with `|`.
    PipeDelimited,
    /// Objects as `name[key]=value` pairs.
    DeepObject,
    /// `label` (path): the value after a `.`; items joined by `,` (by `.` when exploded).
    Label {
        /// `explode`.
        explode: bool,
    },
    /// `matrix` (path): `;name=value`; items joined by `,` (repeated `;name=` when exploded).
    Matrix {
        /// `explode`.
        explode: bool,
    },
    /// `content: application/json`: the value as JSON text.
    Json,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name on the wire.
    pub wire_name: String,
    /// Final Rust argument name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Its type.
    pub ty: Type,
    /// How its value becomes text.
    pub style: ParameterStyle,
    /// Must be sent; path parameters always are.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// How a body travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json` and `+json` media types.
    Json,
    /// `application/x-www-form-urlencoded`: an object's fields as `name=value` pairs, in
    /// this order.
    Form(Vec<FormPart>),
    /// `multipart/form-data`: an object's fields as parts, in this order.
    Multipart(Vec<FormPart>),
    /// A `text/*` media type, as a string.
    Text(String),
    /// Any other media type (`application/pdf`, `application/zip`, ...), as bytes.
    Binary(String),
}

/// One field of a form or multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    /// The part's name on the wire.
    pub wire_name: String,
    /// The body struct's field that holds it.
    pub rust_name: String,
    /// How its value becomes a part.
    pub value: PartValue,
    /// An array: one part per item, all with the same name.
    pub repeated: bool,
    /// The field is an `Option`; `None` sends no part.
    pub optional: bool,
    /// The part's `Content-Type` from the body's `encoding` (multipart only).
    pub content_type: Option<String>,
    /// For an array in a form whose `encoding` does not explode it: the text between its
    /// items, all sent in one pair.
    pub separator: Option<String>,
}

/// How a field's value becomes a form pair or multipart part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartValue {
    /// A `String`, sent as it is.
    Text,
    /// A `Secret`, sent as its plain text.
    Secret,
    /// A number, boolean or string enum, sent as its `Display` text.
    Display,
    /// A file, sent with its name and media type (multipart only).
    File,
    /// An object or a list of them, sent as JSON.
    Json,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The body's type.
    pub ty: Type,
    /// How it is sent.
    pub encoding: Encoding,
    /// Must be sent.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// Which statuses a declared response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX`, by its first digit.
    Range(u8),
    /// `default`: every status not declared otherwise.
    Default,
}

impl StatusMatch {
    /// Whether a reply with this match is returned as `Ok` rather than as an error: 2xx
    /// and 3xx (a `304 Not Modified` is an answer, not a failure).
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..400).contains(&code),
            Self::Range(class) => class == 2 || class == 3,
            Self::Default => false,
        }
    }
}

impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(class) => write!(f, "{class}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// A declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// `description`.
    pub description: String,
    /// Body type; `None` when the response has no content.
    pub body: Option<Type>,
    /// How the body is read; `Json` when there is none.
    pub encoding: Encoding,
    /// Every media type the response declares, for the `Accept` header.
    pub media_types: Vec<String>,
    /// The variant name in the operation's reply enum, from the status (`NotModified`).
    pub variant: String,
    /// The [`HeaderSet`] of the headers it declares, if it declares any.
    pub headers: Option<HeaderSetId>,
}

/// A declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Header name as written in the spec (matched case-insensitively).
    pub name: String,
    /// Final Rust field name.
    pub rust_name: String,
    /// Its value's type.
    pub ty: Type,
    /// Doc text.
    pub doc: Option<String>,
}
