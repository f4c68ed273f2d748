//! The lifecycle model: Azure resources, managed identities, service principals, app registrations
//! and role assignments, with every rule of `shared/spec/lifecycle.md`. No web dependency.

pub mod command;

pub use command::*;
