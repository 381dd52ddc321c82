//! Archive containers for docfacts: zip, tar and tar.gz inputs become one input per member.
//!
//! Containers are recognised by their first bytes (not their names), nested containers are opened
//! up to [`ArchiveLimits::max_depth`], and members come out sorted by member path. A member's
//! `source.path` is `container!/member/path` (see `docs/archives.md`). Unsafe or damaged members
//! (path traversal, links, encryption, zip bombs) and damaged containers become inputs that fail
//! with an error naming them, so that the batch accounts for every one; what could be read of a
//! damaged container still comes out.
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod expand;
mod lazy;
mod limits;

pub use crate::expand::{ContainerKind, Expanded, expand, sniff};
pub use crate::limits::ArchiveLimits;
