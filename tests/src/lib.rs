//! Workspace-level tests live in `tests/tests/`. This library only compiles the README's
//! examples as doc tests, so the README cannot drift from the generated client.
#![doc = include_str!("../../README.md")]
