use std::collections::HashMap;
use std::path::{Path, PathBuf};

use docfacts_types::{ErrorKind, Source};

use crate::IngestError;

/// Where an input's bytes come from.
#[derive(Clone, Debug)]
pub enum InputOrigin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// Bytes already in memory (JSON Lines input, archive members), with a display path.
    Memory(std::sync::Arc<[u8]>),
    /// A member of a container, read only when its turn comes (in the worker that reads it).
    Member(std::sync::Arc<dyn MemberSource>),
}

impl PartialEq for InputOrigin {
    fn eq(&self, other: &InputOrigin) -> bool {
        match (self, other) {
            (InputOrigin::File(a), InputOrigin::File(b)) => a == b,
            (InputOrigin::Stdin, InputOrigin::Stdin) => true,
            (InputOrigin::Memory(a), InputOrigin::Memory(b)) => a == b,
            (InputOrigin::Member(a), InputOrigin::Member(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for InputOrigin {}

/// A document inside a container (an archive member) that is read lazily: the container is
/// listed up front, each member's bytes are produced when the member is read.
pub trait MemberSource: std::fmt::Debug + Send + Sync {
    /// The member's bytes, at most `max_bytes` of them.
    ///
    /// # Errors
    /// The kind and message of the error record: `too_large`, `truncated`, `limit_exceeded`, ….
    fn open(&self, max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)>;

    /// Up to the first `n` bytes, for sniffing the format (`--formats`).
    ///
    /// # Errors
    /// When the member cannot be read.
    fn head(&self, n: usize) -> std::io::Result<Vec<u8>>;
}

/// One document to read: where it is, how to show it, and its record id.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where the bytes are.
    pub origin: InputOrigin,
    /// The path as written in `source.path`.
    pub display: String,
    /// The record id: file stem, or relative path without extension where stems collide.
    pub id: String,
    /// A problem found while listing (an unreadable directory entry); reading it yields this error.
    pub listing_error: Option<String>,
    /// The error kind of `listing_error` (`io` when `None`): archive members refused for safety.
    pub listing_error_kind: Option<ErrorKind>,
}

/// Expands `paths` into inputs, in a deterministic order: each argument in turn, directories walked
/// recursively with entries sorted by name. Hidden files and directories inside a walked directory
/// are skipped; an argument naming a hidden file directly is kept.
///
/// Ids are file stems; where two inputs would share a stem, both get their path relative to the
/// argument they were found under, without extension (`2024/q3/report`).
///
/// # Errors
/// Never for a single bad path: a missing path becomes an input whose reading fails, so that the
/// batch still accounts for it. The `Result` is kept for future listing failures.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, IngestError> {
    let mut found: Vec<(Input, String)> = Vec::new();
    for arg in paths {
        if arg.as_os_str() == "-" {
            found.push((
                input(InputOrigin::Stdin, "-".to_owned(), "stdin".to_owned(), None),
                "stdin".to_owned(),
            ));
            continue;
        }
        if arg.is_dir() {
            let walker = walkdir::WalkDir::new(arg)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let rel = e.path().strip_prefix(arg).unwrap_or(e.path());
                        let display = e.path().display().to_string();
                        found.push((
                            input(
                                InputOrigin::File(e.path().to_path_buf()),
                                display,
                                stem(e.path()),
                                None,
                            ),
                            without_extension(rel),
                        ));
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = err.path().unwrap_or(arg).to_path_buf();
                        let display = path.display().to_string();
                        let rel = without_extension(path.strip_prefix(arg).unwrap_or(&path));
                        found.push((
                            input(
                                InputOrigin::File(path.clone()),
                                display,
                                stem(&path),
                                Some(err.to_string()),
                            ),
                            rel,
                        ));
                    }
                }
            }
        } else {
            let display = arg.display().to_string();
            found.push((
                input(InputOrigin::File(arg.clone()), display, stem(arg), None),
                without_extension(arg),
            ));
        }
    }
    // Where stems collide, fall back to the relative path; should those collide too, number them.
    // (In place and keyed by borrowed ids: the listing of a large archive is held only once.)
    let colliding: std::collections::HashSet<String> = {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (inp, _) in &found {
            *counts.entry(inp.id.as_str()).or_default() += 1;
        }
        counts
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(id, _)| id.to_owned())
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    Ok(found
        .into_iter()
        .map(|(mut inp, rel)| {
            if colliding.contains(&inp.id) {
                inp.id = rel;
            }
            // Only a relative path can repeat an id (stems that stayed are unique).
            if !colliding.is_empty() {
                let n = seen.entry(inp.id.clone()).or_default();
                *n += 1;
                if *n > 1 {
                    inp.id = format!("{}#{}", inp.id, n);
                }
            }
            inp
        })
        .collect())
}

fn input(origin: InputOrigin, display: String, id: String, listing_error: Option<String>) -> Input {
    Input {
        origin,
        display,
        id,
        listing_error,
        listing_error_kind: None,
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn without_extension(path: &Path) -> String {
    path.with_extension("").to_string_lossy().replace('\\', "/")
}

impl Input {
    /// An input whose bytes are already in memory (JSON Lines input, archive members).
    pub fn from_bytes(id: String, display: String, bytes: Vec<u8>) -> Input {
        Input {
            origin: InputOrigin::Memory(bytes.into()),
            display,
            id,
            listing_error: None,
            listing_error_kind: None,
        }
    }

    /// An input that fails when read, with this kind and message (an unsafe or damaged archive
    /// member, a damaged container), so that the batch still accounts for it.
    pub fn failed(id: String, display: String, kind: ErrorKind, message: String) -> Input {
        Input {
            origin: InputOrigin::Memory(Vec::new().into()),
            display,
            id,
            listing_error: Some(message),
            listing_error_kind: Some(kind),
        }
    }

    pub(crate) fn listing_failure(&self) -> Option<IngestError> {
        self.listing_error.as_ref().map(|msg| {
            let kind = self.listing_error_kind.unwrap_or(ErrorKind::Io);
            let message = if self.listing_error_kind.is_some() {
                msg.clone()
            } else {
                format!("cannot read: {msg}")
            };
            IngestError::new(
                kind,
                message,
                Source {
                    path: self.display.clone(),
                    ..Source::default()
                },
            )
        })
    }
}
