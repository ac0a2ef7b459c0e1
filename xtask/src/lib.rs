//! Repository tasks and this repository's settings: where its spec is, where its client
//! goes and how that crate is set up (`openapi/codegen.toml`).

pub mod workspace;
