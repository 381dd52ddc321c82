//! `--sqlite FILE` / `--postgres URL`: the database options shared by `extract` and `compare`;
//! `--db URL_OR_PATH` of `graph`.

use std::path::PathBuf;

use docfacts_sink::Target;

/// Where to store results besides the printed output.
#[derive(Debug, clap::Args)]
pub(crate) struct DatabaseArgs {
    /// Also write to this SQLite database (created when missing; see docs/database.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) sqlite: Option<PathBuf>,
    /// Also write to this PostgreSQL database (`postgres://user@host:port/db`, or libpq's
    /// `host=… dbname=…`); messages never show its password.
    #[arg(
        long,
        value_name = "URL",
        env = "DOCFACTS_DATABASE_URL",
        hide_env_values = true
    )]
    pub(crate) postgres: Option<String>,
}

impl DatabaseArgs {
    /// The databases named, each with the name messages use (`sqlite facts.db`; a PostgreSQL
    /// connection string is shown without its password, in either form).
    pub(crate) fn targets(&self) -> Vec<(String, Target)> {
        let mut targets = Vec::new();
        if let Some(path) = &self.sqlite {
            targets.push(Target::Sqlite(path.clone()));
        }
        if let Some(url) = &self.postgres {
            targets.push(Target::Postgres(url.clone()));
        }
        targets
            .into_iter()
            .map(|target| {
                let kind = match target {
                    Target::Sqlite(_) => "sqlite",
                    Target::Postgres(_) => "postgres",
                };
                (format!("{kind} {}", target.display()), target)
            })
            .collect()
    }
}
