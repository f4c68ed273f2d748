//! The lesson worker: it replays the learner's session beside the page, checks the running lesson's goals after every command, and draws the lessons panel as plain data, so none of the lesson code is in the page's first load.
//!
//! `tutor` is the state machine (tested natively), `tree` the panel's data, `words` the panel's
//! own words; `worker` wires it to the browser (messages and fetches) in the wasm build.

pub mod shell;
pub mod tree;
pub mod tutor;
pub mod words;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use tutor::{Lab, Tutor};
