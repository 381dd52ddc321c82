//! `--sqlite FILE` / `--postgres URL`: the database options shared by `extract` and `compare`.

use std::path::PathBuf;

use docfacts_sink::Target;

/// Where to store results besides the printed output.
#[derive(Debug, clap::Args)]
pub(crate) struct DatabaseArgs {
    /// Also write to this SQLite database (created when missing; see docs/database.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) sqlite: Option<PathBuf>,
    /// Also write to this PostgreSQL database (`postgres://user@host:port/db`).
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
    /// URL is shown without its password).
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
