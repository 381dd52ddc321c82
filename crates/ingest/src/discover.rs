use std::collections::{HashMap, HashSet};
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
/// The whole listing at once: [`Listing`] gives the same inputs one at a time.
///
/// # Errors
/// Never for a single bad path: a missing path becomes an input whose reading fails, so that the
/// batch still accounts for it. The `Result` is kept for future listing failures.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, IngestError> {
    Ok(Listing::new(paths).inputs().collect())
}

/// The inputs of some paths, listed lazily: what [`discover`] returns, in the same order and with
/// the same ids, without holding them all. A first walk counts the inputs and finds the stems
/// that collide; each call of [`Listing::inputs`] walks again, building one input at a time.
///
/// The listing is a snapshot of that first walk: a file that appears later (a run's own output,
/// anything written into the folder meanwhile) is not an input, so the count, the ids and the
/// inputs agree; a file removed meanwhile is still listed, and its reading fails. The first walk
/// remembers eight bytes an input for this (a hash of its path).
#[derive(Clone, Debug)]
pub struct Listing {
    paths: Vec<PathBuf>,
    /// Stems shared by two inputs or more: those inputs take their relative path as id.
    colliding: HashSet<String>,
    /// Hashes of the paths the first walk found, sorted.
    snapshot: std::sync::Arc<[u64]>,
    /// Files never listed: the run's own outputs.
    outputs: OwnOutputs,
    len: usize,
}

/// The files a run writes (its JSON Lines output, its database with SQLite's side files): never
/// inputs of the same run, also when they were there before it started.
#[derive(Clone, Debug, Default)]
pub struct OwnOutputs {
    /// (file name, the file's path with its folder canonical).
    files: Vec<(std::ffi::OsString, PathBuf)>,
}

impl OwnOutputs {
    /// No outputs.
    pub fn none() -> OwnOutputs {
        OwnOutputs::default()
    }

    /// Adds a file the run writes (it need not exist yet).
    pub fn file(mut self, path: &Path) -> OwnOutputs {
        if let (Some(name), Some(full)) = (path.file_name(), canonical(path)) {
            self.files.push((name.to_owned(), full));
        }
        self
    }

    /// Adds an SQLite database and the side files SQLite writes beside it.
    pub fn sqlite(self, path: &Path) -> OwnOutputs {
        ["", "-wal", "-shm", "-journal"]
            .iter()
            .fold(self, |outputs, suffix| {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                outputs.file(Path::new(&name))
            })
    }

    /// Whether `path` is one of the outputs (names compared first: a path is made canonical only
    /// when its file name is an output's).
    pub fn contains(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        self.files.iter().any(|(n, _)| n == name)
            && canonical(path).is_some_and(|full| self.files.iter().any(|(_, f)| *f == full))
    }
}

/// `path` with its folder made canonical (links and `..` resolved), its file name as it is.
fn canonical(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(name))
}

impl Listing {
    /// Walks `paths` once, for the count and the colliding stems.
    pub fn new(paths: &[PathBuf]) -> Listing {
        Listing::inspecting(paths, OwnOutputs::none(), |_| {})
    }

    /// [`Listing::new`] without the run's `outputs`, calling `inspect` on every input that first
    /// walk finds (its id still the stem), for a caller that must look at each file once before
    /// the run (without a walk of its own).
    pub fn inspecting(
        paths: &[PathBuf],
        outputs: OwnOutputs,
        mut inspect: impl FnMut(&Input),
    ) -> Listing {
        let mut listing = Listing {
            paths: paths.to_vec(),
            colliding: HashSet::new(),
            snapshot: std::sync::Arc::new([]),
            outputs,
            len: 0,
        };
        // Stems by their hash first (eight bytes each); the few stems whose hash repeats are then
        // compared as text in a second walk, so a hash collision never changes an id.
        let mut hashes: Vec<u64> = Vec::new();
        let mut snapshot: Vec<u64> = Vec::new();
        let first = walk(listing.paths.clone()).filter(|(input, _)| !listing.outputs.lists(input));
        hashes.extend(first.map(|(input, _)| {
            inspect(&input);
            snapshot.push(stem_hash(&input.display));
            stem_hash(&input.id)
        }));
        snapshot.sort_unstable();
        listing.snapshot = snapshot.into();
        listing.len = hashes.len();
        hashes.sort_unstable();
        let repeated: HashSet<u64> = hashes
            .windows(2)
            .filter_map(|pair| match pair {
                [a, b] if a == b => Some(*a),
                _ => None,
            })
            .collect();
        drop(hashes);
        if !repeated.is_empty() {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for (input, _) in listing.walk_again() {
                if repeated.contains(&stem_hash(&input.id)) {
                    *counts.entry(input.id).or_default() += 1;
                }
            }
            listing.colliding = counts
                .into_iter()
                .filter(|&(_, n)| n > 1)
                .map(|(stem, _)| stem)
                .collect();
        }
        listing
    }

    /// How many inputs the first walk found.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the first walk found no input.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The inputs with their final ids, one at a time (a new walk).
    pub fn inputs(&self) -> impl Iterator<Item = Input> + use<> {
        self.clone().into_inputs()
    }

    /// [`Listing::inputs`], the listing moved into the iterator.
    pub fn into_inputs(self) -> impl Iterator<Item = Input> {
        // Where stems collide, the relative path is the id; should those collide too, they are
        // numbered (only then are ids remembered, one entry an input).
        let mut seen: HashMap<String, usize> = HashMap::new();
        let inputs = self.walk_again();
        let colliding = self.colliding;
        inputs.map(move |(mut inp, rel)| {
            if colliding.is_empty() {
                return inp;
            }
            if colliding.contains(&inp.id) {
                inp.id = rel;
            }
            let n = seen.entry(inp.id.clone()).or_default();
            *n += 1;
            if *n > 1 {
                inp.id = format!("{}#{}", inp.id, n);
            }
            inp
        })
    }
}

impl Listing {
    /// The walk again, limited to what the first walk found (and never the run's outputs).
    fn walk_again(&self) -> impl Iterator<Item = (Input, String)> + use<> {
        let snapshot = std::sync::Arc::clone(&self.snapshot);
        let outputs = self.outputs.clone();
        walk(self.paths.clone()).filter(move |(input, _)| {
            snapshot.binary_search(&stem_hash(&input.display)).is_ok() && !outputs.lists(input)
        })
    }
}

impl OwnOutputs {
    /// Whether `input` is one of these files.
    fn lists(&self, input: &Input) -> bool {
        !self.files.is_empty()
            && matches!(&input.origin, InputOrigin::File(path) if self.contains(path))
    }
}

/// Every input of `paths` (its id still the stem) with its relative id, in order, as the walk goes.
fn walk(paths: Vec<PathBuf>) -> impl Iterator<Item = (Input, String)> {
    paths
        .into_iter()
        .flat_map(|arg| -> Box<dyn Iterator<Item = (Input, String)>> {
            if arg.as_os_str() == "-" {
                let stdin = input(InputOrigin::Stdin, "-".to_owned(), "stdin".to_owned(), None);
                return Box::new(std::iter::once((stdin, "stdin".to_owned())));
            }
            if !arg.is_dir() {
                let display = arg.display().to_string();
                let (stem, rel) = (stem(&arg), without_extension(&arg));
                let file = input(InputOrigin::File(arg), display, stem, None);
                return Box::new(std::iter::once((file, rel)));
            }
            let walker = walkdir::WalkDir::new(&arg)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            Box::new(walker.filter_map(move |entry| match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&arg).unwrap_or(e.path());
                    let rel = without_extension(rel);
                    let display = e.path().display().to_string();
                    let origin = InputOrigin::File(e.path().to_path_buf());
                    Some((input(origin, display, stem(e.path()), None), rel))
                }
                Ok(e) if e.file_type().is_dir() => None,
                Ok(e) => {
                    // A pipe, socket or device inside a walked directory: accounted for by an
                    // error record, never opened (a pipe with no writer would stall the batch).
                    let what = match e.metadata().map(|m| crate::FileKind::of(&m)) {
                        Ok(crate::FileKind::Stream) => "a pipe or device",
                        Ok(crate::FileKind::Other(what)) => what,
                        Ok(crate::FileKind::Regular) | Err(_) => "not a file",
                    };
                    let rel = without_extension(e.path().strip_prefix(&arg).unwrap_or(e.path()));
                    let display = e.path().display().to_string();
                    let origin = InputOrigin::File(e.path().to_path_buf());
                    let message = format!("not a regular file ({what}): not read");
                    let mut refused = input(origin, display, stem(e.path()), Some(message));
                    refused.listing_error_kind = Some(ErrorKind::Io);
                    Some((refused, rel))
                }
                Err(err) => {
                    let path = err.path().unwrap_or(&arg).to_path_buf();
                    let display = path.display().to_string();
                    let rel = without_extension(path.strip_prefix(&arg).unwrap_or(&path));
                    let stem = stem(&path);
                    let failed = input(
                        InputOrigin::File(path),
                        display,
                        stem,
                        Some(err.to_string()),
                    );
                    Some((failed, rel))
                }
            }))
        })
}

/// A stem's hash for the first walk of [`Listing::new`].
fn stem_hash(stem: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(stem)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree with a unique stem, two files that share a stem in different folders, and two that
    /// share their relative path but for the extension.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in [
            ("q1/report.txt", "a"),
            ("q2/report.txt", "b"),
            ("q3/note.txt", "c"),
            ("q3/note.text", "d"),
            ("summary.txt", "e"),
            (".hidden.txt", "f"),
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn colliding_stems_take_relative_paths_and_numbers() {
        let dir = tree();
        let listing = Listing::new(&[dir.path().to_path_buf()]);
        let ids: Vec<String> = listing.inputs().map(|i| i.id).collect();
        assert_eq!(
            ids,
            ["q1/report", "q2/report", "q3/note", "q3/note#2", "summary"]
        );
        assert_eq!(listing.len(), 5);
        // A second walk gives the same inputs; `discover` is the listing collected.
        let again: Vec<String> = listing.inputs().map(|i| i.display).collect();
        let listed: Vec<String> = discover(&[dir.path().to_path_buf()])
            .unwrap()
            .into_iter()
            .map(|i| i.display)
            .collect();
        assert_eq!(again, listed);
    }

    #[test]
    fn unique_stems_are_ids_and_missing_paths_are_inputs() {
        let dir = tree();
        let paths = [
            dir.path().join("summary.txt"),
            dir.path().join("missing.txt"),
        ];
        let listing = Listing::new(&paths);
        let ids: Vec<String> = listing.inputs().map(|i| i.id).collect();
        assert_eq!(ids, ["summary", "missing"]);
        assert!(!listing.is_empty());
        assert!(Listing::new(&[]).is_empty());
    }
}
