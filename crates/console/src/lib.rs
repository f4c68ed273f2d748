//! The playground's command language: a bash-like line language and the `az` command table,
//! lowered into model commands, with the Azure CLI's output formats and error wording.

pub mod az;
pub mod lower;
pub mod output;
pub mod shell;
pub mod table;
