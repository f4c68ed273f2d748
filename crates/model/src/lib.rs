//! The lifecycle model: Azure resources, managed identities, service principals, app registrations
//! and role assignments, with every rule of `docs/azure-rules.md`. No web dependency.
//!
//! Data flows one way: a [`Command`] goes to [`decide`], which reads the [`World`] and returns the
//! [`Event`]s it causes or Azure's [`CommandError`]; [`apply`] folds the events in. [`Session`]
//! keeps the log for undo/redo and saving; [`json`] renders objects exactly as the Azure CLI prints
//! them; [`query`] answers the questions the views and lessons ask.

pub mod apply;
pub mod clock;
pub mod command;
pub mod decide;
pub mod error;
pub mod event;
pub mod float;
pub mod ids;
pub mod json;
pub mod legacy;
pub mod names;
pub mod query;
pub mod roles;
pub mod session;
pub mod sort;
pub mod sorted_map;
pub mod value;
pub mod world;

pub use apply::{apply, apply_all};
pub use clock::Timestamp;
pub use command::*;
pub use decide::decide;
pub use error::{CommandError, ErrorOrigin};
pub use event::{AssignmentRemoval, Event, PrincipalRemoval, Removal};
pub use ids::{AppId, ArmKey, Guid, IdGenerator, ObjectId, SubscriptionId, TenantId};
pub use session::{LogEntry, Session, SessionError, SESSION_FORMAT_VERSION};
pub use sorted_map::SortedMap;
pub use value::Value;
pub use world::*;
