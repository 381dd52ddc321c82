//! What a container may cost: the limits, and the checks that members are read under.

use std::io::Read;

use docfacts_types::ErrorKind;

/// Limits that keep a hostile or broken container from exhausting time, memory or disk.
#[derive(Clone, Debug)]
pub struct ArchiveLimits {
    /// A member larger than this (declared or actually read) is refused as `too_large`; use the
    /// same value as `--max-bytes`.
    pub max_member_bytes: u64,
    /// The members of one container may hold at most this many bytes together; the rest are refused.
    pub max_total_bytes: u64,
    /// A zip member over 1 MiB that expands more than this many times its compressed size is refused.
    pub max_ratio: u64,
    /// How many containers deep members are opened (`a.zip!/b.tar!/c.txt` is depth 2).
    pub max_depth: usize,
}

impl Default for ArchiveLimits {
    fn default() -> ArchiveLimits {
        ArchiveLimits {
            max_member_bytes: 64 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 3,
        }
    }
}

/// Reads at most `max + 1` bytes of a member; more means the declared size lied.
pub(crate) fn read_member(
    reader: impl Read,
    declared: u64,
    limits: &ArchiveLimits,
) -> Result<Vec<u8>, (ErrorKind, String)> {
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(1 << 24)).unwrap_or(0));
    match reader
        .take(limits.max_member_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        Ok(_) if bytes.len() as u64 > limits.max_member_bytes => Err((
            ErrorKind::TooLarge,
            format!(
                "member expands past the limit of {} bytes (raise it with --max-bytes)",
                limits.max_member_bytes
            ),
        )),
        Ok(_) if (bytes.len() as u64) < declared => Err((
            ErrorKind::Truncated,
            format!("member cut short: {} of {declared} bytes", bytes.len()),
        )),
        Ok(_) => Ok(bytes),
        Err(e) => Err((ErrorKind::Truncated, format!("cannot read member: {e}"))),
    }
}

/// Refuses a member by declared size, expansion ratio or the container's running total.
pub(crate) fn size_check(
    size: u64,
    csize: u64,
    total: u64,
    limits: &ArchiveLimits,
) -> Option<(ErrorKind, String)> {
    if size > limits.max_member_bytes {
        return Some((
            ErrorKind::TooLarge,
            format!(
                "member of {size} bytes is over the limit of {} bytes (raise it with --max-bytes)",
                limits.max_member_bytes
            ),
        ));
    }
    if size > 1024 * 1024 && size / csize.max(1) > limits.max_ratio {
        return Some((
            ErrorKind::LimitExceeded,
            format!(
                "member expands {}x (over {}x): refused as a possible zip bomb",
                size / csize.max(1),
                limits.max_ratio
            ),
        ));
    }
    if total.saturating_add(size) > limits.max_total_bytes {
        return Some((
            ErrorKind::LimitExceeded,
            format!(
                "container over its total limit of {} bytes, member not read",
                limits.max_total_bytes
            ),
        ));
    }
    None
}
