//! One module per subcommand, each with its arguments and `run`.

pub(crate) mod batch;
pub(crate) mod compare;
pub(crate) mod database;
pub(crate) mod extract;
pub(crate) mod graph;
pub(crate) mod jsonl_input;
pub(crate) mod pdf_worker;
pub(crate) mod schema;
pub(crate) mod text;
