//! What deduplication remembers of the contents emitted so far, in memory that does not grow with
//! the archive: the latest first occurrences in a hash table, older ones in a private temporary
//! SQLite database on disk, where they move a table at a time.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

/// A document's content, as the first 128 bits of its SHA-256 (a chance collision among a
/// billion documents is about 10^-21).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ContentKey(pub(crate) [u8; 16]);

impl ContentKey {
    /// The key of a hex SHA-256 (`source.sha256`).
    pub(crate) fn from_hex(hex: &str) -> Option<ContentKey> {
        let mut key = [0u8; 16];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(ContentKey(key))
    }
}

/// First occurrences kept in memory before they move to disk: 4,096 fill a hash table of 8,192
/// slots, under 200 KB with their ids. A lookup on disk costs about a microsecond (the pages are
/// in the operating system's cache), so memory is kept small rather than fast. Unit tests spill
/// after a few, so that ordered runs are tested across the move.
#[cfg(not(test))]
pub(crate) const IN_MEMORY: usize = 4_096;
#[cfg(test)]
pub(crate) const IN_MEMORY: usize = 16;

/// The first occurrence of each content seen so far: its id when its record was `ok`.
///
/// Up to `limit` live in memory; the next insert moves them all to disk, in one transaction, and
/// empties the table (which keeps its capacity). Lookups try memory, then disk. Should the
/// temporary database fail to open or to take a batch, the table keeps growing in memory
/// instead: nothing is forgotten.
pub(crate) struct Firsts {
    recent: Recent,
    limit: usize,
    /// The spilled first occurrences, from the first spill on.
    disk: Option<Disk>,
    /// Cleared when the disk failed: memory then holds whatever comes.
    spilling: bool,
}

impl Default for Firsts {
    fn default() -> Firsts {
        Firsts::with_limit(IN_MEMORY)
    }
}

impl Firsts {
    /// At most `limit` first occurrences in memory (at least one).
    pub(crate) fn with_limit(limit: usize) -> Firsts {
        Firsts {
            recent: Recent::default(),
            limit: limit.max(1),
            disk: None,
            spilling: true,
        }
    }

    /// Records the first occurrence of `key`: its id when it is `ok`. A later insert of the same
    /// key (a failed first, then an `ok` copy) replaces it.
    pub(crate) fn insert(&mut self, key: ContentKey, ok_id: Option<&str>) {
        if self.spilling
            && self.recent.slots.len() >= self.limit
            && !self.recent.slots.contains_key(&key)
        {
            self.spill();
        }
        self.recent.insert(key, ok_id);
    }

    /// The id of the `ok` first occurrence of `key`.
    pub(crate) fn first_ok(&self, key: &ContentKey) -> Option<String> {
        match self.recent.slots.get(key) {
            Some(&slot) => self.recent.id(slot).map(str::to_owned),
            None => self.disk.as_ref()?.get(key).flatten(),
        }
    }

    /// Whether `key` has a first occurrence, `ok` or not.
    #[cfg(test)]
    pub(crate) fn contains(&self, key: &ContentKey) -> bool {
        self.recent.slots.contains_key(key)
            || self.disk.as_ref().is_some_and(|d| d.get(key).is_some())
    }

    /// Whether anything moved to disk yet.
    #[cfg(test)]
    pub(crate) fn spilled(&self) -> bool {
        self.disk.is_some()
    }

    /// Moves every first occurrence in memory to disk, or stops spilling if the disk fails.
    fn spill(&mut self) {
        if self.disk.is_none() {
            self.disk = Disk::open().ok();
        }
        match self.disk.as_mut().map(|disk| disk.write(&self.recent)) {
            Some(Ok(())) => self.recent.clear(),
            _ => self.spilling = false,
        }
    }
}

/// The spilled first occurrences: a table on disk, and a filter of its keys in memory so that
/// most lookups of a new content do not reach it.
struct Disk {
    conn: Connection,
    filter: KeyFilter,
}

impl Disk {
    /// A private temporary database (SQLite deletes its file when the connection closes), with
    /// a small page cache: the rest stays in the file.
    fn open() -> rusqlite::Result<Disk> {
        let conn = Connection::open("")?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             PRAGMA cache_size = -256;
             CREATE TABLE firsts (key BLOB PRIMARY KEY, id TEXT) WITHOUT ROWID;",
        )?;
        Ok(Disk {
            conn,
            filter: KeyFilter::new(),
        })
    }

    /// Writes every first occurrence of `recent` in one transaction, in key order (each page of
    /// the table is then read and written once, not once for each key that lands on it).
    fn write(&mut self, recent: &Recent) -> rusqlite::Result<()> {
        let mut sorted: Vec<(&ContentKey, u32)> =
            recent.slots.iter().map(|(k, &s)| (k, s)).collect();
        sorted.sort_unstable_by_key(|(key, _)| key.0);
        let tx = self.conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached("INSERT OR REPLACE INTO firsts VALUES (?1, ?2)")?;
            for &(key, slot) in &sorted {
                upsert.execute(rusqlite::params![&key.0[..], recent.id(slot)])?;
            }
        }
        tx.commit()?;
        for (key, _) in sorted {
            self.filter.add(key);
        }
        Ok(())
    }

    /// `key`'s row: `Some(id)` when it is there (`id` is `None` for a failed first). A read
    /// error reads as absent: the copy is then analysed, not lost.
    fn get(&self, key: &ContentKey) -> Option<Option<String>> {
        if !self.filter.may_hold(key) {
            return None;
        }
        let mut select = self
            .conn
            .prepare_cached("SELECT id FROM firsts WHERE key = ?1")
            .ok()?;
        select
            .query_row([&key.0[..]], |row| row.get::<_, Option<String>>(0))
            .optional()
            .ok()
            .flatten()
    }
}

/// A Bloom filter of content keys in a fixed 256 KB: 2^21 bits, three a key, taken from the
/// key's own bits (a SHA-256 prefix, already uniform). "No" is certain; "maybe" is wrong for
/// about one new key in a thousand with 80,000 keys added, one in six with 300,000, and only
/// costs a lookup on disk.
struct KeyFilter {
    words: Vec<u64>,
}

impl KeyFilter {
    const BITS_LOG2: u32 = 21;

    fn new() -> KeyFilter {
        KeyFilter {
            words: vec![0; 1 << (KeyFilter::BITS_LOG2 - 6)],
        }
    }

    /// The word and bit of each of `key`'s three probes.
    fn probes(key: &ContentKey) -> [(usize, u64); 3] {
        let [a, b, c, d, e, f, g, h, ..] = key.0;
        let bits = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        let mask = (1u64 << KeyFilter::BITS_LOG2) - 1;
        [0, 21, 42].map(|shift| {
            let bit = (bits >> shift) & mask;
            (usize::try_from(bit >> 6).unwrap_or(0), 1u64 << (bit & 63))
        })
    }

    fn add(&mut self, key: &ContentKey) {
        for (word, bit) in KeyFilter::probes(key) {
            if let Some(w) = self.words.get_mut(word) {
                *w |= bit;
            }
        }
    }

    fn may_hold(&self, key: &ContentKey) -> bool {
        KeyFilter::probes(key)
            .iter()
            .all(|&(word, bit)| self.words.get(word).is_none_or(|w| w & bit != 0))
    }
}

/// First occurrences in memory, in little room (about 30 bytes each: the key, an index and the
/// id).
#[derive(Default)]
struct Recent {
    /// Key → index of the first's id in `id_ends`, or [`Recent::NO_ID`] when the first was an
    /// error record (a plain `u32`: 20 bytes a slot where an `Option` takes 24).
    slots: HashMap<ContentKey, u32>,
    /// The ids of `ok` first occurrences, end to end.
    ids: String,
    /// Where each id ends in `ids`.
    id_ends: Vec<u32>,
}

impl Recent {
    /// The slot of a first occurrence that has no id to name (an error record, or ids past 4 GiB).
    const NO_ID: u32 = u32::MAX;

    fn insert(&mut self, key: ContentKey, ok_id: Option<&str>) {
        let slot = ok_id.and_then(|id| {
            let index = u32::try_from(self.id_ends.len())
                .ok()
                .filter(|&i| i != Recent::NO_ID)?;
            let end = u32::try_from(self.ids.len() + id.len()).ok()?;
            self.ids.push_str(id);
            self.id_ends.push(end);
            Some(index)
        });
        self.slots.insert(key, slot.unwrap_or(Recent::NO_ID));
    }

    /// The id in `slot`, if it names one.
    fn id(&self, slot: u32) -> Option<&str> {
        if slot == Recent::NO_ID {
            return None;
        }
        let index = usize::try_from(slot).ok()?;
        let end = usize::try_from(*self.id_ends.get(index)?).ok()?;
        let start = match index.checked_sub(1) {
            Some(before) => usize::try_from(*self.id_ends.get(before)?).ok()?,
            None => 0,
        };
        self.ids.get(start..end)
    }

    /// Empties the table, keeping its room for the next ones.
    fn clear(&mut self) {
        self.slots.clear();
        self.ids.clear();
        self.id_ends.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// A key as random-looking as a SHA-256 prefix (splitmix64 of `n`).
    fn key(n: u32) -> ContentKey {
        let mix = |x: u64| {
            let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut key = [0u8; 16];
        key[..8].copy_from_slice(&mix(u64::from(n)).to_le_bytes());
        key[8..].copy_from_slice(&mix(u64::from(n) << 32).to_le_bytes());
        ContentKey(key)
    }

    #[test]
    fn content_key_reads_the_first_half_of_a_hex_digest() {
        let key = ContentKey::from_hex(HEX).unwrap();
        assert_eq!(key.0[0], 0x9f);
        assert_eq!(key.0[15], 0x15);
        assert_eq!(ContentKey::from_hex("9f86"), None);
        assert_eq!(ContentKey::from_hex(&HEX.replace('9', "g")), None);
    }

    #[test]
    fn firsts_remember_ok_ids_and_failed_firsts() {
        let mut firsts = Firsts::default();
        firsts.insert(key(1), Some("a"));
        firsts.insert(key(2), None);
        firsts.insert(key(3), Some("2024/report"));
        assert!(firsts.contains(&key(2)) && !firsts.contains(&key(4)));
        assert_eq!(firsts.first_ok(&key(1)).as_deref(), Some("a"));
        assert_eq!(firsts.first_ok(&key(2)), None);
        assert_eq!(firsts.first_ok(&key(3)).as_deref(), Some("2024/report"));
        assert_eq!(firsts.first_ok(&key(4)), None);
        assert!(!firsts.spilled(), "three fit in memory");
    }

    #[test]
    fn the_key_filter_never_forgets_and_rarely_imagines() {
        let mut filter = KeyFilter::new();
        for n in 0..10_000 {
            filter.add(&key(n));
        }
        assert!((0..10_000).all(|n| filter.may_hold(&key(n))));
        assert!(!filter.may_hold(&key(10_000)));
        // Expected: (1 - e^(-3 * 80,000 / 2^21))^3, about 0.0013.
        for n in 10_000..80_000 {
            filter.add(&key(n));
        }
        let imagined = (80_000..180_000)
            .filter(|&n| filter.may_hold(&key(n)))
            .count();
        assert!(imagined < 300, "{imagined} false positives in 100,000");
    }

    #[test]
    fn firsts_past_the_memory_limit_move_to_disk_and_are_still_found() {
        let mut firsts = Firsts::with_limit(100);
        let id = |n: u32| (!n.is_multiple_of(7)).then(|| format!("doc-{n}"));
        for n in 0..1_000 {
            firsts.insert(key(n), id(n).as_deref());
        }
        assert!(firsts.spilled());
        assert!(
            firsts.recent.slots.len() <= 100,
            "memory holds the latest only"
        );
        for n in 0..1_000 {
            assert!(firsts.contains(&key(n)), "{n} forgotten");
            assert_eq!(firsts.first_ok(&key(n)), id(n), "{n}");
        }
        assert!(!firsts.contains(&key(1_000)));
        // A failed first on disk, then an `ok` copy: the copy names it from now on, in memory
        // and once it has moved to disk too.
        firsts.insert(key(7), Some("copy-of-7"));
        assert_eq!(firsts.first_ok(&key(7)).as_deref(), Some("copy-of-7"));
        for n in 1_000..1_200 {
            firsts.insert(key(n), None);
        }
        assert!(!firsts.recent.slots.contains_key(&key(7)));
        assert_eq!(firsts.first_ok(&key(7)).as_deref(), Some("copy-of-7"));
    }
}
