//! Servers: which one each operation goes to, with variables filled in, and a stable
//! constant name for each.

use openapiv3::Server as SpecServer;

use super::Lowerer;
use super::operations::Place;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Server, ServerId, ServerOrigin};

impl<'a> Lowerer<'a> {
    /// Registers the spec's global servers, so they come first and keep their names.
    pub(super) fn lower_global_servers(&mut self) -> Result<(), Diagnostic> {
        for (index, server) in self.spec.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(index);
            self.register_server(server, ServerOrigin::Global, &at)?;
        }
        Ok(())
    }

    /// The first server of the operation, else of its path, else of the spec.
    pub(super) fn operation_server(
        &mut self,
        operation: &'a openapiv3::Operation,
        place: &Place<'a, '_>,
    ) -> Result<ServerId, Diagnostic> {
        let (server, origin, at) = if let Some(server) = operation.servers.first() {
            let at = place.at.join("servers").join(0);
            (server, ServerOrigin::Operation, at)
        } else if let Some(server) = place.item.servers.first() {
            let at = place.item_at.join("servers").join(0);
            (server, ServerOrigin::Path, at)
        } else if let Some(server) = self.spec.servers.first() {
            let at = Pointer::root().join("servers").join(0);
            (server, ServerOrigin::Global, at)
        } else {
            let root = SpecServer {
                url: "/".to_owned(),
                ..SpecServer::default()
            };
            let at = Pointer::root().join("servers");
            return self.register_server(&root, ServerOrigin::Global, &at);
        };
        self.register_server(server, origin, &at)
    }

    /// The id of the server with `server`'s URL, registered first if it is new.
    fn register_server(
        &mut self,
        server: &SpecServer,
        origin: ServerOrigin,
        at: &Pointer,
    ) -> Result<ServerId, Diagnostic> {
        let url = self.expand_server(server, at)?;
        if let Some(known) = self.servers.iter().find(|known| known.url == url) {
            return Ok(known.id);
        }
        let id = ServerId(self.servers.len());
        let const_name = self.server_names.claim(const_name(&url));
        self.servers.push(Server {
            id,
            url,
            const_name,
            description: server.description.clone(),
            origin,
            declared_at: at.to_string(),
        });
        Ok(id)
    }

    /// Replaces each `{name}` once, scanning forward, so a default that itself holds braces
    /// cannot loop.
    fn expand_server(&self, server: &SpecServer, at: &Pointer) -> Result<String, Diagnostic> {
        let mut url = String::with_capacity(server.url.len());
        let mut rest = server.url.as_str();
        while let Some(start) = rest.find('{') {
            url.push_str(&rest[..start]);
            let Some(length) = rest[start..].find('}') else {
                return Err(self.error(&at.join("url"), "the server URL has an unclosed `{`"));
            };
            let name = &rest[start + 1..start + length];
            let value = server
                .variables
                .as_ref()
                .and_then(|variables| variables.get(name))
                .map(|variable| variable.default.clone())
                .ok_or_else(|| {
                    self.error(
                        &at.join("url"),
                        format!(
                            "the server URL uses `{{{name}}}`, which `variables` does not declare"
                        ),
                    )
                })?;
            url.push_str(&value);
            rest = &rest[start + length + 1..];
        }
        url.push_str(rest);
        let trimmed = url.trim_end_matches('/');
        Ok(if trimmed.is_empty() {
            "/".to_owned()
        } else {
            trimmed.to_owned()
        })
    }
}

/// `https://api.hellosign.com/v3` -> `API_HELLOSIGN_COM_V3`.
fn const_name(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let words: Vec<String> = without_scheme
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let name = words.join("_");
    match name.chars().next() {
        None => "RELATIVE_ROOT".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("SERVER_{name}"),
        Some(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::const_name;

    #[test]
    fn constant_names_come_from_host_and_path() {
        assert_eq!(
            const_name("https://api.hellosign.com/v3"),
            "API_HELLOSIGN_COM_V3"
        );
        assert_eq!(const_name("https://app.hellosign.com"), "APP_HELLOSIGN_COM");
        assert_eq!(const_name("http://127.0.0.1:8080"), "SERVER_127_0_0_1_8080");
        assert_eq!(const_name("/"), "RELATIVE_ROOT");
        assert_eq!(const_name("/api/v1"), "API_V1");
    }
}
