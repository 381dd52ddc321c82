//! Members read when their turn comes: a container is listed up front (names, sizes, where the
//! data lies), and each member's bytes are produced by the worker that analyses it.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use docfacts_ingest::MemberSource;
use docfacts_types::ErrorKind;

use crate::limits::{ArchiveLimits, read_member, size_check};

/// Where a container's bytes are: a file on disk, or memory (a nested container).
#[derive(Clone, Debug)]
pub(crate) enum Backing {
    File(Arc<File>),
    Bytes(Arc<[u8]>),
}

/// A reader over a [`Backing`] with its own position: clones share the file, not the position
/// (positioned reads), so workers can read different members of one container at once.
#[derive(Clone, Debug)]
pub(crate) struct At {
    backing: Backing,
    pos: u64,
}

impl At {
    pub(crate) fn new(backing: Backing, pos: u64) -> At {
        At { backing, pos }
    }

    pub(crate) fn len(&self) -> std::io::Result<u64> {
        match &self.backing {
            Backing::File(f) => Ok(f.metadata()?.len()),
            Backing::Bytes(b) => Ok(b.len() as u64),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<usize> {
    Err(std::io::Error::other(
        "positioned reads are not supported here",
    ))
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match &self.backing {
            Backing::File(f) => read_at(f, buf, self.pos)?,
            Backing::Bytes(b) => {
                let start = usize::try_from(self.pos).unwrap_or(usize::MAX);
                let src = b.get(start..).unwrap_or_default();
                let n = src.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), src.get(..n)) {
                    dst.copy_from_slice(src);
                }
                n
            }
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for At {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let base = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len()?.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = base.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.pos)
    }
}

/// The member's limits for one read: the smaller of the container's and the caller's.
fn limits_for(limits: &ArchiveLimits, max_bytes: u64) -> ArchiveLimits {
    ArchiveLimits {
        max_member_bytes: limits.max_member_bytes.min(max_bytes),
        ..limits.clone()
    }
}

/// A zip member, opened by index in the central directory.
#[derive(Debug)]
pub(crate) struct ZipMember {
    pub(crate) archive: Arc<zip::ZipArchive<At>>,
    pub(crate) index: usize,
    pub(crate) size: u64,
    pub(crate) csize: u64,
    pub(crate) limits: ArchiveLimits,
}

impl MemberSource for ZipMember {
    fn open(&self, max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)> {
        let mut archive = (*self.archive).clone();
        let file = archive
            .by_index(self.index)
            .map_err(|e| (ErrorKind::Malformed, format!("cannot open member: {e}")))?;
        let limits = limits_for(&self.limits, max_bytes);
        let bytes = read_member(file, self.size, &limits)?;
        // Headers can lie: check the ratio on what was actually read.
        match size_check(bytes.len() as u64, self.csize, 0, &limits) {
            Some(err) => Err(err),
            None => Ok(bytes),
        }
    }

    fn head(&self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut archive = (*self.archive).clone();
        let file = archive
            .by_index(self.index)
            .map_err(std::io::Error::other)?;
        let mut head = Vec::with_capacity(n);
        file.take(n as u64).read_to_end(&mut head)?;
        Ok(head)
    }
}

/// A member of an uncompressed tar: its data lies at `offset`, `size` bytes long.
#[derive(Debug)]
pub(crate) struct TarMember {
    pub(crate) backing: Backing,
    pub(crate) offset: u64,
    pub(crate) size: u64,
    pub(crate) limits: ArchiveLimits,
}

impl MemberSource for TarMember {
    fn open(&self, max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)> {
        let reader = At::new(self.backing.clone(), self.offset).take(self.size);
        read_member(reader, self.size, &limits_for(&self.limits, max_bytes))
    }

    fn head(&self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(n);
        At::new(self.backing.clone(), self.offset)
            .take(self.size.min(n as u64))
            .read_to_end(&mut head)?;
        Ok(head)
    }
}

/// Bytes of members passed over (while seeking forward in a tar.gz) kept for their turn.
const GZ_CACHE_BYTES: u64 = 8 * 1024 * 1024;

/// A tar.gz read forward by one decoder shared by its members. Members are asked for in
/// member-path order (their rank), which need not be the archive's order: of the members passed
/// over on the way, the lowest-ranked are kept (up to [`GZ_CACHE_BYTES`]) and, past that, the
/// stream is decompressed again from the start when a member behind the decoder is asked for.
#[derive(Debug)]
pub(crate) struct GzStream {
    backing: Backing,
    /// (data offset in the decompressed stream, size) by member number.
    members: Vec<(u64, u64)>,
    /// Member numbers in archive order.
    order: Vec<usize>,
    /// Rank of each member in the order members are asked for (member path).
    rank: Vec<usize>,
    limits: ArchiveLimits,
    state: Mutex<GzState>,
}

struct GzState {
    decoder: Option<flate2::read::GzDecoder<At>>,
    pos: u64,
    served: Vec<bool>,
    /// Members passed over, by rank: (member number, bytes).
    cache: BTreeMap<usize, (usize, Vec<u8>)>,
    cached: u64,
    /// Times the stream was decompressed from the start.
    passes: usize,
}

impl std::fmt::Debug for GzState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GzState")
            .field("pos", &self.pos)
            .field("cached", &self.cached)
            .field("passes", &self.passes)
            .finish_non_exhaustive()
    }
}

impl GzStream {
    /// `members`: (data offset, size, member path) by member number.
    pub(crate) fn new(
        backing: Backing,
        members: Vec<(u64, u64, String)>,
        limits: ArchiveLimits,
    ) -> GzStream {
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by_key(|&i| members.get(i).map_or(0, |m| m.0));
        let mut by_name: Vec<usize> = (0..members.len()).collect();
        by_name.sort_by(|&a, &b| {
            let name = |i: usize| members.get(i).map(|m| m.2.as_str());
            name(a).cmp(&name(b))
        });
        let mut rank = vec![0; members.len()];
        for (r, &i) in by_name.iter().enumerate() {
            if let Some(slot) = rank.get_mut(i) {
                *slot = r;
            }
        }
        let members: Vec<(u64, u64)> = members.into_iter().map(|(o, s, _)| (o, s)).collect();
        let served = vec![false; members.len()];
        GzStream {
            backing,
            members,
            order,
            rank,
            limits,
            state: Mutex::new(GzState {
                decoder: None,
                pos: 0,
                served,
                cache: BTreeMap::new(),
                cached: 0,
                passes: 0,
            }),
        }
    }

    fn read(&self, idx: usize, max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)> {
        let cut = |e: std::io::Error| (ErrorKind::Truncated, format!("cannot read member: {e}"));
        let mut state = self
            .state
            .lock()
            .map_err(|_| (ErrorKind::Internal, "archive reader poisoned".to_owned()))?;
        let st = &mut *state;
        let rank_of = |i: usize| self.rank.get(i).copied().unwrap_or(usize::MAX);
        if let Some((_, bytes)) = st.cache.remove(&rank_of(idx)) {
            st.cached = st.cached.saturating_sub(bytes.len() as u64);
            if let Some(s) = st.served.get_mut(idx) {
                *s = true;
            }
            return Ok(bytes);
        }
        let Some(&(offset, size)) = self.members.get(idx) else {
            return Err((ErrorKind::Internal, "no such member".to_owned()));
        };
        if st.decoder.is_none() || st.pos > offset {
            st.decoder = Some(flate2::read::GzDecoder::new(At::new(
                self.backing.clone(),
                0,
            )));
            st.pos = 0;
            st.passes += 1;
        }
        let Some(decoder) = st.decoder.as_mut() else {
            return Err((ErrorKind::Internal, "no decoder".to_owned()));
        };
        // Pass over what lies before the member, keeping members still to come.
        let first = self
            .order
            .partition_point(|&j| self.members.get(j).is_some_and(|m| m.0 < st.pos));
        for &j in self.order.get(first..).unwrap_or_default() {
            let Some(&(o, s)) = self.members.get(j) else {
                continue;
            };
            if o >= offset {
                break;
            }
            skip(decoder, o - st.pos).map_err(cut)?;
            st.pos = o;
            let r = rank_of(j);
            let wanted = !st.served.get(j).copied().unwrap_or(true) && !st.cache.contains_key(&r);
            // Keep the lowest-ranked members: make room by dropping higher-ranked ones.
            while wanted && st.cached.saturating_add(s) > GZ_CACHE_BYTES {
                match st.cache.last_key_value() {
                    Some((&last, _)) if last > r => {
                        if let Some((_, dropped)) = st.cache.remove(&last) {
                            st.cached = st.cached.saturating_sub(dropped.len() as u64);
                        }
                    }
                    _ => break,
                }
            }
            if wanted && st.cached.saturating_add(s) <= GZ_CACHE_BYTES {
                let mut bytes = Vec::with_capacity(usize::try_from(s).unwrap_or(0));
                decoder
                    .by_ref()
                    .take(s)
                    .read_to_end(&mut bytes)
                    .map_err(cut)?;
                st.cached += bytes.len() as u64;
                st.cache.insert(r, (j, bytes));
            } else {
                skip(decoder, s).map_err(cut)?;
            }
            st.pos = o + s;
        }
        skip(decoder, offset.saturating_sub(st.pos)).map_err(cut)?;
        let limits = limits_for(&self.limits, max_bytes);
        let read = read_member(decoder.by_ref().take(size), size, &limits);
        st.pos = offset + size;
        if let Some(s) = st.served.get_mut(idx) {
            *s = true;
        }
        if read.is_err() {
            st.decoder = None; // position unknown after a failed read
        }
        read
    }
}

fn skip(reader: &mut impl Read, n: u64) -> std::io::Result<()> {
    let skipped = std::io::copy(&mut reader.take(n), &mut std::io::sink())?;
    if skipped < n {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "archive ends early",
        ));
    }
    Ok(())
}

/// A member of a tar.gz, read through the shared [`GzStream`]; its first KiB is kept from the
/// listing (for `--formats`).
#[derive(Debug)]
pub(crate) struct GzMember {
    pub(crate) stream: Arc<GzStream>,
    pub(crate) index: usize,
    pub(crate) head: Box<[u8]>,
}

impl MemberSource for GzMember {
    fn open(&self, max_bytes: u64) -> Result<Vec<u8>, (ErrorKind, String)> {
        self.stream.read(self.index, max_bytes)
    }

    fn head(&self, n: usize) -> std::io::Result<Vec<u8>> {
        Ok(self.head.get(..n).unwrap_or(&self.head).to_vec())
    }
}
