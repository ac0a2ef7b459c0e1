//! Security requirements -> the credentials each operation sends, in order of preference.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Credential, SecurityScheme as Scheme, SecuritySchemeId};

impl<'a> Lowerer<'a> {
    /// The operation's own `security`, else the spec's; each requirement is one alternative.
    pub(super) fn security(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
    ) -> Result<Vec<Vec<SecuritySchemeId>>, Diagnostic> {
        let (requirements, at) = match &operation.security {
            Some(requirements) => (requirements, at.join("security")),
            None => match &self.spec.security {
                Some(requirements) => (requirements, Pointer::root().join("security")),
                None => return Ok(Vec::new()),
            },
        };
        let mut alternatives = Vec::with_capacity(requirements.len());
        let mut skipped = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = at.join(index);
            // Scopes are ignored: they only matter to the server (and OpenAPI 3.0 allows them
            // only for oauth2, but real specs put them on http schemes too).
            let uses: Result<Vec<_>, Diagnostic> = requirement
                .keys()
                .map(|name| self.scheme(name, &at))
                .collect();
            match uses {
                Ok(uses) => alternatives.push(uses),
                Err(problem) => skipped.push(problem),
            }
        }
        // An alternative the client cannot send is dropped while another remains.
        if alternatives.is_empty() && !skipped.is_empty() {
            return Err(skipped.swap_remove(0));
        }
        for problem in skipped {
            let message = format!(
                "{}; operations that offer it beside other credentials are generated without it",
                problem.message
            );
            let warning = Diagnostic { message, ..problem };
            // Said once, however many operations name the scheme.
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
        Ok(alternatives)
    }

    /// The id of the scheme `name`, added to the API the first time an operation names it.
    fn scheme(&mut self, name: &str, at: &Pointer) -> Result<SecuritySchemeId, Diagnostic> {
        if let Some(id) = self.scheme_ids.get(name) {
            return Ok(*id);
        }
        let credential = self.credential(name, at)?;
        let id = SecuritySchemeId::next(&self.security_schemes);
        self.security_schemes.push(Scheme {
            name: name.to_owned(),
            credential,
        });
        self.scheme_ids.insert(name.to_owned(), id);
        Ok(id)
    }

    fn credential(&self, name: &str, requirement_at: &Pointer) -> Result<Credential, Diagnostic> {
        let scheme_at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let scheme = self
            .spec
            .components
            .as_ref()
            .and_then(|components| components.security_schemes.get(name))
            .ok_or_else(|| {
                self.error(
                    requirement_at,
                    format!(
                        "security scheme `{name}` is not declared in #/components/securitySchemes"
                    ),
                )
            })?;
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { .. } => {
                return Err(self.unsupported(&scheme_at, "a `$ref` in place of a security scheme"));
            }
        };
        match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                Ok(Credential::Basic)
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                Ok(Credential::Bearer)
            }
            SecurityScheme::HTTP { scheme, .. } => Err(self.unsupported(
                &scheme_at.join("scheme"),
                &format!("the HTTP authentication scheme `{scheme}`"),
            )),
            SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                ..
            } => Ok(Credential::ApiKeyHeader(name.clone())),
            SecurityScheme::APIKey {
                location: APIKeyLocation::Query,
                name,
                ..
            } => Ok(Credential::ApiKeyQuery(name.clone())),
            SecurityScheme::APIKey {
                location: APIKeyLocation::Cookie,
                ..
            } => Err(self.unsupported(&scheme_at.join("in"), "an API key in a cookie")),
            // Both end in an access token sent as a bearer token.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                Ok(Credential::Bearer)
            }
        }
    }
}
