//! The `# Example` section of each operation's docs: a doc test that builds the arguments
//! from placeholder values and calls the operation, so every example compiles.

use crate::ir::{Api, Field, ModelKind, Operation, Type};

/// Deep enough for any realistic chain of required nested models.
const MAX_DEPTH: usize = 6;

/// Markdown for an operation's example; `crate_name` is the package name.
pub fn operation(api: &Api, op: &Operation, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    let mut lines = vec![
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("let client = {krate}::Client::new()?;"),
    ];
    let mut arguments = Vec::new();
    // Optional values have setters on the request builder; the example leaves them unset.
    let mut setters = String::new();
    for parameter in op.parameters.iter().filter(|p| p.required) {
        let value = {
            match &parameter.ty {
                Type::String => format!("{:?}", parameter.wire_name),
                Type::Secret => format!("&{krate}::Secret::new({:?})", parameter.wire_name),
                Type::Array(_) => "&[]".to_owned(),
                Type::Model(_) | Type::Map(_) | Type::Any => {
                    format!("&{}", value(api, &parameter.ty, &krate, 0))
                }
                ty => value(api, ty, &krate, 0),
            }
        };
        arguments.push(value);
    }
    if let Some(body) = &op.request_body {
        lines.push(format!("let body = {};", value(api, &body.ty, &krate, 0)));
        if body.required {
            arguments.push("&body".to_owned());
        } else {
            setters.push_str(".body(&body)");
        }
    }
    lines.push(format!(
        "let reply = client.{}({}){setters}.await?;",
        super::spelling(&op.method_name),
        arguments.join(", ")
    ));
    lines.push("println!(\"{}\", reply.status());".to_owned());
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    lines.join("\n")
}

/// A Rust expression of type `ty` built from placeholders.
fn value(api: &Api, ty: &Type, krate: &str, depth: usize) -> String {
    match ty {
        Type::String => "String::from(\"...\")".to_owned(),
        Type::Secret => format!("{krate}::Secret::new(\"...\")"),
        Type::I32 | Type::I64 => "0".to_owned(),
        Type::F32 | Type::F64 => "0.0".to_owned(),
        Type::Bool => "false".to_owned(),
        Type::Array(_) => "Vec::new()".to_owned(),
        Type::Map(_) => "std::collections::HashMap::new()".to_owned(),
        Type::Any => "serde_json::Value::Null".to_owned(),
        Type::Bytes => "Vec::new()".to_owned(),
        Type::File => format!("{krate}::File::new(\"file.pdf\", Vec::new())"),
        Type::Model(id) => {
            let model = api.model(*id);
            let path = format!("{krate}::models::{}", model.name);
            match &model.kind {
                ModelKind::Alias(inner) if depth < MAX_DEPTH => value(api, inner, krate, depth + 1),
                ModelKind::Struct(fields) if depth < MAX_DEPTH => {
                    let arguments: Vec<String> = fields
                        .iter()
                        .filter(|f| f.required && f.default.is_none())
                        .map(|f| argument(api, f, krate, depth))
                        .collect();
                    if fields.iter().all(|f| !f.required) || arguments.is_empty() {
                        format!("{path}::default()")
                    } else {
                        format!("{path}::new({})", arguments.join(", "))
                    }
                }
                ModelKind::Enum(values) => match values.first() {
                    Some(first) => format!("{path}::{}", first.rust_name),
                    None => format!("{path}::Other(String::from(\"...\"))"),
                },
                ModelKind::Tagged { variants, .. } | ModelKind::Untagged(variants)
                    if depth < MAX_DEPTH && !variants.is_empty() =>
                {
                    let first = &variants[0];
                    let inner = value(api, &first.ty, krate, depth + 1);
                    let inner = if first.boxed {
                        format!("Box::new({inner})")
                    } else {
                        inner
                    };
                    format!("{path}::{}({inner})", first.rust_name)
                }
                _ => "todo!()".to_owned(),
            }
        }
    }
}

/// A constructor argument: text fields take `&str` through `impl Into`.
fn argument(api: &Api, field: &Field, krate: &str, depth: usize) -> String {
    match (&field.ty, field.nullable) {
        (_, true) => "None".to_owned(),
        (Type::String | Type::Secret, false) => format!("{:?}", field.wire_name),
        (ty, false) => value(api, ty, krate, depth + 1),
    }
}
