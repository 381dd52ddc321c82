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

/// The database `--db URL_OR_PATH` names: PostgreSQL for a `postgres://` or `postgresql://` URL,
/// or libpq's `key=value` form (`host=… dbname=…`) where no such file exists; else an SQLite file.
pub(crate) fn target_of(url_or_path: &str) -> Target {
    let lower = url_or_path.to_ascii_lowercase();
    let url = lower.starts_with("postgres://") || lower.starts_with("postgresql://");
    let key_values = url_or_path
        .split_whitespace()
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if url || (key_values && !std::path::Path::new(url_or_path).exists()) {
        Target::Postgres(url_or_path.to_owned())
    } else {
        Target::Sqlite(PathBuf::from(url_or_path))
    }
}

/// What the databases of a load already hold, as the pipeline's duplicate check asks it: a
/// document is left as it is only where every database holds it so.
pub(crate) struct Stores {
    stored: Vec<docfacts_sink::Stored>,
    /// Whether stored documents may be left out of the run (not when records are printed too).
    skip: bool,
    earlier: Vec<(String, String)>,
}

impl Stores {
    /// No database: nothing stored.
    pub(crate) fn none() -> Stores {
        Stores {
            stored: Vec::new(),
            skip: false,
            earlier: Vec::new(),
        }
    }

    /// The databases of `sinks` as they are now; `in_run` tells the ids of the run's inputs
    /// (the other stored documents come before them, as first occurrences). With `skip`,
    /// documents every database holds as they are may be left out of the run.
    pub(crate) fn new(
        sinks: &[(String, docfacts_sink::Sink)],
        in_run: impl Fn(&str) -> bool,
        skip: bool,
    ) -> Stores {
        let stored: Vec<_> = sinks.iter().map(|(_, sink)| sink.stored()).collect();
        let mut earlier = Vec::new();
        let mut contents = std::collections::HashSet::new();
        for db in &stored {
            for (sha256, id) in db.originals_outside(&in_run) {
                if contents.insert(sha256.clone()) {
                    earlier.push((sha256, id));
                }
            }
        }
        Stores {
            stored,
            skip,
            earlier,
        }
    }
}

impl docfacts_pipeline::Store for Stores {
    fn stored(
        &self,
        input: &docfacts_ingest::Input,
        sha256: &str,
    ) -> Option<docfacts_pipeline::StoredRecord> {
        if !self.skip {
            return None;
        }
        let mut each = self
            .stored
            .iter()
            .map(|db| db.current(&input.id, &input.display, sha256));
        let first = each.next()??;
        each.all(|other| other == Some(first))
            .then(|| docfacts_pipeline::StoredRecord {
                ok: first.ok,
                duplicate_of: first.duplicate_of.map(str::to_owned),
            })
    }

    fn earlier_firsts(&self) -> Vec<(String, String)> {
        self.earlier.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_names_a_postgres_url_or_connection_string_else_an_sqlite_file() {
        for pg in [
            "postgres://u@h/db",
            "POSTGRESQL://u@h/db",
            "host=localhost dbname=facts",
        ] {
            assert_eq!(target_of(pg), Target::Postgres(pg.to_owned()), "{pg}");
        }
        for file in ["facts.db", "dir/facts.db", "a=b.db/x", "=x"] {
            let expected = if file == "a=b.db/x" {
                // key=value form where no such file exists
                Target::Postgres(file.to_owned())
            } else {
                Target::Sqlite(PathBuf::from(file))
            };
            assert_eq!(target_of(file), expected, "{file}");
        }
        // an existing file is a file, whatever its name
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("k=v.db");
        std::fs::write(&odd, b"").unwrap();
        let odd = odd.to_str().unwrap();
        assert_eq!(target_of(odd), Target::Sqlite(PathBuf::from(odd)));
    }
}
