use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path};
use std::sync::Arc;

use docfacts_ingest::{Input, InputOrigin, MemberSource};

use crate::lazy::{At, Backing, GzMember, GzStream, TarMember, ZipMember};
use crate::limits::{ArchiveLimits, read_member, size_check};
use docfacts_types::ErrorKind;

/// The container formats recognised by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// A zip file (`PK\x03\x04` or an empty archive's `PK\x05\x06`).
    Zip,
    /// A POSIX or GNU tar file (`ustar` at byte 257).
    Tar,
    /// A gzip stream whose content is a tar file.
    TarGz,
}

/// Recognises a container from its first bytes (4 KiB is plenty).
pub fn sniff(head: &[u8]) -> Option<ContainerKind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Some(ContainerKind::Zip);
    }
    if is_tar(head) {
        return Some(ContainerKind::Tar);
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut inner = Vec::with_capacity(512);
        let _ = flate2::read::GzDecoder::new(head)
            .take(512)
            .read_to_end(&mut inner);
        if is_tar(&inner) {
            return Some(ContainerKind::TarGz);
        }
    }
    None
}

fn is_tar(head: &[u8]) -> bool {
    head.get(257..262) == Some(b"ustar".as_slice())
}

/// The inputs once containers are opened, and how many containers and members there were.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Every input: plain inputs as given, containers replaced by their members (in member-path
    /// order) and by an error input where a container is damaged.
    pub inputs: Vec<Input>,
    /// Containers opened, nested ones included.
    pub containers: usize,
    /// Member inputs produced (error members included).
    pub members: usize,
}

/// Replaces each container among `inputs` by its members. Plain inputs pass through unchanged and
/// unread beyond their first 4 KiB. Member ids follow the file rule: the member's file stem, or,
/// where it would collide with another id, `container-id/member/path` without extension.
pub fn expand(inputs: Vec<Input>, limits: &ArchiveLimits) -> Expanded {
    let mut out = Expanded::default();
    // (input, relative id to fall back to for members)
    let mut items: Vec<(Input, Option<String>)> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let kind = match &input.origin {
            InputOrigin::File(path) if input.listing_error.is_none() => {
                file_head(path).ok().and_then(|head| sniff(&head))
            }
            InputOrigin::Memory(bytes) if input.listing_error.is_none() => {
                sniff(bytes.get(..4096).unwrap_or(bytes))
            }
            _ => None,
        };
        let Some(kind) = kind else {
            items.push((input, None));
            continue;
        };
        let container = Container {
            display: input.display.clone(),
            id: input.id.clone(),
            depth: 1,
        };
        let before = items.len();
        match &input.origin {
            InputOrigin::File(path) => match std::fs::File::open(path) {
                Ok(file) => open(
                    kind,
                    Backing::File(Arc::new(file)),
                    &container,
                    limits,
                    &mut items,
                    &mut out,
                ),
                Err(_) => items.push((input.clone(), None)),
            },
            InputOrigin::Memory(bytes) => open(
                kind,
                Backing::Bytes(Arc::clone(bytes)),
                &container,
                limits,
                &mut items,
                &mut out,
            ),
            InputOrigin::Stdin | InputOrigin::Member(_) => items.push((input.clone(), None)),
        }
        out.members += items.len() - before;
    }
    if out.containers == 0 && out.members == 0 {
        // No container: the ids are discover's, already unique.
        out.inputs = items.into_iter().map(|(input, _)| input).collect();
        return out;
    }
    // Ids: members that collide with any other id fall back to their relative path; then number.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (inp, _) in &items {
        *counts.entry(inp.id.clone()).or_default() += 1;
    }
    let plain: HashSet<String> = items
        .iter()
        .filter(|(_, rel)| rel.is_none())
        .map(|(inp, _)| inp.id.clone())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (mut inp, rel) in items {
        if let Some(rel) = rel
            && (counts.get(&inp.id).copied().unwrap_or(0) > 1 || plain.contains(&inp.id))
        {
            inp.id = rel;
        }
        let n = seen.entry(inp.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            inp.id = format!("{}#{}", inp.id, n);
        }
        out.inputs.push(inp);
    }
    out
}

/// The first bytes of a regular file (a pipe is not sniffed: its bytes can be read only once).
fn file_head(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)?
        .take(4096)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The container being opened: how it is shown, its id, and its nesting depth (1 = outermost).
struct Container {
    display: String,
    id: String,
    depth: usize,
}

/// A member listed (or refused) in a container.
struct Member {
    name: String,
    what: What,
}

/// How a listed member's bytes will be had.
enum What {
    /// Read when its turn comes; the container kind when its first bytes show one.
    Lazy(Arc<dyn MemberSource>, Option<ContainerKind>),
    /// A tar.gz member by number (made [`What::Lazy`] once the listing is done), its first KiB,
    /// and the container kind its first bytes show.
    Gz(usize, Box<[u8]>, Option<ContainerKind>),
    /// Already read (a zip read from its local headers).
    Bytes(Vec<u8>),
    /// Refused: the error record's kind and message.
    Refused(ErrorKind, String),
}

impl From<Result<Vec<u8>, (ErrorKind, String)>> for What {
    fn from(read: Result<Vec<u8>, (ErrorKind, String)>) -> What {
        match read {
            Ok(bytes) => What::Bytes(bytes),
            Err((kind, message)) => What::Refused(kind, message),
        }
    }
}

fn open(
    kind: ContainerKind,
    backing: Backing,
    container: &Container,
    limits: &ArchiveLimits,
    items: &mut Vec<(Input, Option<String>)>,
    out: &mut Expanded,
) {
    out.containers += 1;
    let (mut members, damage) = match kind {
        ContainerKind::Zip => zip_members(backing, limits),
        ContainerKind::Tar => tar_members(backing, false, limits),
        ContainerKind::TarGz => tar_members(backing, true, limits),
    };
    members.sort_by(|a, b| a.name.cmp(&b.name));
    for member in members {
        let display = format!("{}!/{}", container.display, member.name);
        let stem = Path::new(&member.name)
            .file_stem()
            .map_or_else(|| member.name.clone(), |s| s.to_string_lossy().into_owned());
        let rel = format!(
            "{}/{}",
            container.id,
            Path::new(&member.name)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/")
        );
        let (source, nested) = match member.what {
            What::Lazy(source, nested) => (Some(source), nested),
            What::Bytes(bytes) => {
                let nested = sniff(bytes.get(..4096).unwrap_or(&bytes));
                if nested.is_none() {
                    items.push((Input::from_bytes(stem, display, bytes), Some(rel)));
                    continue;
                }
                (
                    Some(Arc::new(InMemory(bytes.into())) as Arc<dyn MemberSource>),
                    nested,
                )
            }
            What::Gz(..) => (None, None), // made lazy by the tar listing
            What::Refused(kind, message) => {
                items.push((Input::failed(stem, display, kind, message), Some(rel)));
                continue;
            }
        };
        let Some(source) = source else {
            continue;
        };
        match nested {
            None => items.push((
                Input {
                    origin: InputOrigin::Member(source),
                    display,
                    id: stem,
                    listing_error: None,
                    listing_error_kind: None,
                },
                Some(rel),
            )),
            Some(inner) if container.depth < limits.max_depth => {
                // A nested container is read whole (bounded by the member size limit) and listed.
                match source.open(limits.max_member_bytes) {
                    Ok(bytes) => {
                        let nested = Container {
                            display,
                            id: rel,
                            depth: container.depth + 1,
                        };
                        open(
                            inner,
                            Backing::Bytes(bytes.into()),
                            &nested,
                            limits,
                            items,
                            out,
                        );
                    }
                    Err((kind, message)) => {
                        items.push((Input::failed(stem, display, kind, message), Some(rel)));
                    }
                }
            }
            Some(_) => items.push((
                Input::failed(
                    stem,
                    display,
                    ErrorKind::LimitExceeded,
                    format!(
                        "archive nested more than {} deep, not opened",
                        limits.max_depth
                    ),
                ),
                Some(rel),
            )),
        }
    }
    if let Some((kind, message)) = damage {
        items.push((
            Input::failed(
                container.id.clone(),
                container.display.clone(),
                kind,
                message,
            ),
            Some(format!("{}/!container", container.id)),
        ));
    }
}

/// Bytes already read, as a member source (a nested container found in a damaged zip).
#[derive(Debug)]
struct InMemory(Arc<[u8]>);

impl MemberSource for InMemory {
    fn open(&self, _max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)> {
        Ok(self.0.to_vec())
    }

    fn head(&self, n: usize) -> std::io::Result<Vec<u8>> {
        Ok(self.0.get(..n).unwrap_or(&self.0).to_vec())
    }
}

/// Why a member name is unsafe to use as a path, if it is.
fn unsafe_name(path: &Path) -> Option<&'static str> {
    for c in path.components() {
        match c {
            Component::ParentDir => return Some("a `..` component"),
            Component::RootDir | Component::Prefix(_) => return Some("an absolute path"),
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    None
}

type Listing = (Vec<Member>, Option<(ErrorKind, String)>);

fn zip_members(backing: Backing, limits: &ArchiveLimits) -> Listing {
    let mut archive = match zip::ZipArchive::new(At::new(backing.clone(), 0)) {
        Ok(archive) => archive,
        Err(e) => {
            // No usable central directory (a truncated download): read the local headers in order.
            let damage = Some((
                ErrorKind::Truncated,
                format!("damaged zip archive ({e}); members read from local headers"),
            ));
            return zip_stream(At::new(backing, 0), limits, damage);
        }
    };
    if archive.has_duplicate_names() {
        // The central directory lists two members under one name, and a name looks up one of
        // them: read every member from the local headers instead, in order, none dropped.
        return zip_stream(At::new(backing, 0), limits, None);
    }
    let shared = Arc::new(archive.clone());
    let mut members = Vec::new();
    let mut total = 0u64;
    let mut damage = None;
    for i in 0..archive.len() {
        let meta = match archive.by_index_raw(i) {
            Ok(f) => (
                f.name()
                    .map_or_else(|e| format!("<unreadable name: {e}>"), |n| n.into_owned()),
                f.is_dir(),
                f.is_symlink(),
                f.encrypted(),
                f.size(),
                f.compressed_size(),
                f.enclosed_name().is_some(),
            ),
            Err(e) => {
                damage = Some((ErrorKind::Malformed, format!("damaged zip entry {i}: {e}")));
                continue;
            }
        };
        let (name, is_dir, is_symlink, encrypted, size, csize, enclosed) = meta;
        if is_dir {
            continue;
        }
        let what = if !enclosed || unsafe_name(Path::new(&name)).is_some() {
            What::Refused(
                ErrorKind::Malformed,
                format!("unsafe member name {name:?} (absolute or with `..`), not read"),
            )
        } else if is_symlink {
            What::Refused(
                ErrorKind::UnsupportedFormat,
                "symbolic link member, not followed".to_owned(),
            )
        } else if encrypted {
            What::Refused(
                ErrorKind::Encrypted,
                "encrypted zip member, not read".to_owned(),
            )
        } else if let Some((kind, message)) = size_check(size, csize, total, limits) {
            What::Refused(kind, message)
        } else {
            match archive.by_index(i) {
                Ok(file) => {
                    // Only the first bytes now (is it a container?); the rest when its turn comes.
                    let mut head = Vec::with_capacity(4096);
                    let nested = file
                        .take(4096)
                        .read_to_end(&mut head)
                        .ok()
                        .and_then(|_| sniff(&head));
                    total += size;
                    What::Lazy(
                        Arc::new(ZipMember {
                            archive: Arc::clone(&shared),
                            index: i,
                            size,
                            csize,
                            limits: limits.clone(),
                        }),
                        nested,
                    )
                }
                Err(e) => What::Refused(ErrorKind::Malformed, format!("cannot open member: {e}")),
            }
        };
        members.push(Member { name, what });
    }
    (members, damage)
}

/// Reads a zip without its central directory, member by member from the local headers.
fn zip_stream<R: Read>(
    mut reader: R,
    limits: &ArchiveLimits,
    mut damage: Option<(ErrorKind, String)>,
) -> Listing {
    let mut members = Vec::new();
    let mut total = 0u64;
    loop {
        match zip::read::read_zipfile_from_stream(&mut reader) {
            Ok(Some(file)) => {
                let name = file
                    .name()
                    .map_or_else(|e| format!("<unreadable name: {e}>"), |n| n.into_owned());
                if file.is_dir() {
                    continue;
                }
                let bytes = if file.enclosed_name().is_none()
                    || unsafe_name(Path::new(&name)).is_some()
                {
                    Err((
                        ErrorKind::Malformed,
                        format!("unsafe member name {name:?} (absolute or with `..`), not read"),
                    ))
                } else if total > limits.max_total_bytes {
                    Err((
                        ErrorKind::LimitExceeded,
                        "container over its total size limit".to_owned(),
                    ))
                } else {
                    read_member(file, 0, limits)
                };
                let failed = matches!(&bytes, Err((ErrorKind::Truncated, _)));
                if let Ok(b) = &bytes {
                    total += b.len() as u64;
                }
                members.push(Member {
                    name,
                    what: bytes.into(),
                });
                if failed {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                if damage.is_none() {
                    damage = Some((ErrorKind::Truncated, format!("damaged zip archive: {e}")));
                }
                break;
            }
        }
    }
    (members, damage)
}

fn tar_members(backing: Backing, gz: bool, limits: &ArchiveLimits) -> Listing {
    if gz {
        let mut archive =
            tar::Archive::new(flate2::read::GzDecoder::new(At::new(backing.clone(), 0)));
        tar_list(archive.entries(), backing, true, limits)
    } else {
        let mut archive = tar::Archive::new(At::new(backing.clone(), 0));
        tar_list(archive.entries_with_seek(), backing, false, limits)
    }
}

/// Lists a tar's members: names, where their data lies and their first bytes. A plain tar's
/// members are then read by position; a tar.gz's through one shared decoder ([`GzStream`]).
fn tar_list<R: Read>(
    entries: std::io::Result<tar::Entries<'_, R>>,
    backing: Backing,
    gz: bool,
    limits: &ArchiveLimits,
) -> Listing {
    let mut members = Vec::new();
    let entries = match entries {
        Ok(entries) => entries,
        Err(e) => {
            return (
                members,
                Some((ErrorKind::Malformed, format!("damaged tar archive: {e}"))),
            );
        }
    };
    let len = At::new(backing.clone(), 0).len().unwrap_or(u64::MAX);
    let mut table: Vec<(u64, u64, String)> = Vec::new();
    let mut total = 0u64;
    // Bytes passed over, read or not: bounds the work a tar.gz of huge skipped members can cause.
    let mut scanned = 0u64;
    let mut damage = None;
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                damage = Some((
                    ErrorKind::Truncated,
                    format!("damaged or truncated tar archive: {e}"),
                ));
                break;
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        let size = entry.header().size().unwrap_or(0);
        let offset = entry.raw_file_position();
        scanned = scanned.saturating_add(size);
        let what = if kind.is_dir() {
            continue;
        } else if unsafe_name(Path::new(&name)).is_some() {
            What::Refused(
                ErrorKind::Malformed,
                format!("unsafe member name {name:?} (absolute or with `..`), not read"),
            )
        } else if kind.is_symlink() || kind.is_hard_link() {
            What::Refused(
                ErrorKind::UnsupportedFormat,
                "link member, not followed".to_owned(),
            )
        } else if !(kind.is_file() || kind.is_contiguous()) {
            continue;
        } else if let Some((kind, message)) = size_check(size, size, total, limits) {
            What::Refused(kind, message)
        } else {
            let mut head = Vec::with_capacity(4096);
            let read_head = (&mut entry).take(4096).read_to_end(&mut head);
            // A plain tar's data is checked against the file's length; a tar.gz's is read through.
            let complete = match (gz, read_head) {
                (_, Err(_)) => false,
                (false, Ok(_)) => offset.saturating_add(size) <= len,
                (true, Ok(n)) => std::io::copy(&mut entry, &mut std::io::sink())
                    .is_ok_and(|rest| (n as u64).saturating_add(rest) >= size),
            };
            if !complete {
                members.push(Member {
                    name,
                    what: What::Refused(
                        ErrorKind::Truncated,
                        format!("member cut short: fewer than {size} bytes"),
                    ),
                });
                damage = Some((ErrorKind::Truncated, "truncated tar archive".to_owned()));
                break;
            }
            total += size;
            let nested = sniff(&head);
            if gz {
                head.truncate(1024);
                table.push((offset, size, name.clone()));
                What::Gz(table.len() - 1, head.into_boxed_slice(), nested)
            } else {
                What::Lazy(
                    Arc::new(TarMember {
                        backing: backing.clone(),
                        offset,
                        size,
                        limits: limits.clone(),
                    }),
                    nested,
                )
            }
        };
        members.push(Member { name, what });
        if scanned > limits.max_total_bytes.saturating_mul(4) {
            damage = Some((
                ErrorKind::LimitExceeded,
                "container over its total size limit, rest not read".to_owned(),
            ));
            break;
        }
    }
    if gz {
        let stream = Arc::new(GzStream::new(backing, table, limits.clone()));
        for member in &mut members {
            if let What::Gz(index, head, nested) = &mut member.what {
                member.what = What::Lazy(
                    Arc::new(GzMember {
                        stream: Arc::clone(&stream),
                        index: *index,
                        head: std::mem::take(head),
                    }),
                    *nested,
                );
            }
        }
    }
    (members, damage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_sniffed_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(ContainerKind::Zip));
        assert_eq!(sniff(b"PK\x05\x06"), Some(ContainerKind::Zip));
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar), Some(ContainerKind::Tar));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        assert_eq!(sniff(&gz.finish().unwrap()), Some(ContainerKind::TarGz));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"plain text").unwrap();
        assert_eq!(sniff(&gz.finish().unwrap()), None);
        assert_eq!(sniff("Báo cáo số 12/BC".as_bytes()), None);
    }

    #[test]
    fn unsafe_names_are_caught() {
        assert!(unsafe_name(Path::new("../x")).is_some());
        assert!(unsafe_name(Path::new("a/../../x")).is_some());
        assert!(unsafe_name(Path::new("/etc/passwd")).is_some());
        assert!(unsafe_name(Path::new("q3/./bc-245.txt")).is_none());
    }
}
