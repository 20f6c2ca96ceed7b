//! Signature keys: the top-level keys that tell tools apart, noted for each element during the
//! scan.

use super::scan::Scan;

use super::declared::RECORD_KEYS;
use super::lookup::KeyTable;
use crate::record::source::{Source, member_keys, signature_keys};

/// Every signature key of the build, once: the input layer's own ([`RECORD_KEYS`]) and those
/// each tool of the build declares next to its `detect` (its `SIGNATURE_KEYS`), gathered at
/// compile time so that adding a tool touches only its folder and its `registry!` line.
const SIGNATURE_KEYS: [&str; COUNT] = first_keys(&GATHERED.0);

/// The signature keys, then the keys tools read from the scan's members by name (their
/// `MEMBER_KEYS`, ServiceNow's fields), each once: [`KEYS`] answers both for a top-level key
/// with one hash (the scan notes the signature keys, and keeps each key's id in its member for
/// the tool's reader). They were two tables and two hashes a key, 11 % of `evaluate` in wasm.
pub(crate) const MEMBER_KEY_LIST: [&str; KEY_COUNT] = first_keys(&GATHERED.0);

/// Where each key of [`MEMBER_KEY_LIST`] sits: looked up for every key of every record, and
/// most keys are none; a table built at compile time answers with one hash and one compare.
/// Signature keys come first, so a key's id is its signature bit when below [`COUNT`].
static KEYS: KeyTable<KEY_COUNT, 4096> = KeyTable::new(MEMBER_KEY_LIST);

/// The id of a key in [`MEMBER_KEY_LIST`] (its position + 1; 0 for a key no list names), as the
/// scan gives its members.
pub(crate) fn member_key_id(key: &[u8]) -> u8 {
    // KEY_COUNT < 256 (checked at compile time).
    KEYS.position_bytes(key).map_or(0, |i| (i + 1) as u8)
}

/// Position of a signature key.
fn key_index(key: &str) -> Option<usize> {
    KEYS.position(key).filter(|&i| i < COUNT)
}

/// The lists with repeats: the input layer's and each tool's, signature and member keys.
const LISTED: usize = {
    let mut n = RECORD_KEYS.len();
    let mut tools = Source::TOOLS;
    while let Some((tool, rest)) = tools.split_first() {
        n += signature_keys(*tool).len() + member_keys(*tool).len();
        tools = rest;
    }
    n
};
const GATHERED: ([&str; LISTED], usize, usize) = gather();
const COUNT: usize = GATHERED.1;
const _: () = assert!(COUNT <= 128, "a KeySet holds 128 signature keys");
const KEY_COUNT: usize = GATHERED.2;
const _: () = assert!(KEY_COUNT < 256, "a member's key id is a byte");

/// The keys of every list, each once, in list order (the signature keys first), how many
/// signature keys there are and how many keys in all.
const fn gather() -> ([&'static str; LISTED], usize, usize) {
    let mut out = [""; LISTED];
    let mut n = add_new(&mut out, 0, RECORD_KEYS);
    let mut tools = Source::TOOLS;
    while let Some((tool, rest)) = tools.split_first() {
        n = add_new(&mut out, n, signature_keys(*tool));
        tools = rest;
    }
    let signature = n;
    let mut tools = Source::TOOLS;
    while let Some((tool, rest)) = tools.split_first() {
        n = add_new(&mut out, n, member_keys(*tool));
        tools = rest;
    }
    (out, signature, n)
}

/// Adds the keys of `list` not yet among the first `n` of `out`; the new count.
#[allow(
    clippy::indexing_slicing,
    reason = "compile time only: an index out of bounds stops the build"
)]
const fn add_new(
    out: &mut [&'static str; LISTED],
    mut n: usize,
    mut list: &[&'static str],
) -> usize {
    while let Some((key, rest)) = list.split_first() {
        let mut i = 0;
        while i < n && !same(out[i].as_bytes(), key.as_bytes()) {
            i += 1;
        }
        if i == n {
            out[n] = key;
            n += 1;
        }
        list = rest;
    }
    n
}

#[allow(
    clippy::indexing_slicing,
    reason = "compile time only: an index out of bounds stops the build"
)]
const fn first_keys<const N: usize>(all: &[&'static str; LISTED]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = all[i];
        i += 1;
    }
    out
}

/// Byte-wise equality for compile time (`==` on slices is not `const`).
pub(crate) const fn same(a: &[u8], b: &[u8]) -> bool {
    match (a.split_first(), b.split_first()) {
        (Some((x, a)), Some((y, b))) => *x == *y && same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Which signature keys an element has at its top level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeySet(u128);

impl KeySet {
    /// The signature keys among `keys`, as the scan notes an element's (the others are not
    /// kept): for a record that arrives as fields rather than JSON (the live form).
    pub fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> KeySet {
        let mut set = KeySet::default();
        for key in keys {
            set.note(key);
        }
        set
    }

    /// Every signature key of the build: the only keys auto-detection reads.
    pub fn signature_keys() -> &'static [&'static str] {
        &SIGNATURE_KEYS
    }

    pub(super) fn note(&mut self, key: &str) {
        self.note_bytes(key.as_bytes());
    }

    /// [`KeySet::note`] of a key's bytes.
    pub(super) fn note_bytes(&mut self, key: &[u8]) {
        self.note_id(key);
    }

    /// Notes a top-level key, and answers its id for the tool's reader: its position in
    /// [`MEMBER_KEY_LIST`] + 1, or 0 for a key no list of the build names.
    #[inline]
    pub(super) fn note_id(&mut self, key: &[u8]) -> u8 {
        let Some(i) = KEYS.position_bytes(key) else {
            return 0;
        };
        if i < COUNT {
            self.0 |= bit(i);
        }
        // KEY_COUNT < 256 (checked at compile time).
        (i + 1) as u8
    }

    /// The set of these signature keys, for compile time: the [`key_set!`] macro
    /// builds an adapter's sets with it, so that telling tools apart, which runs for every
    /// element, is a mask test rather than a hash of each listed key (in wasm those hashes and
    /// the 128-bit shifts were 5 % of `evaluate`). A key that is not a signature key stops the
    /// build.
    #[allow(
        clippy::indexing_slicing,
        clippy::panic,
        reason = "compile time only: a key missing from the list stops the build"
    )]
    pub const fn of_keys(keys: &[&str]) -> KeySet {
        let mut bits = 0u128;
        let mut rest = keys;
        while let Some((key, more)) = rest.split_first() {
            let mut i = 0;
            while i < COUNT && !same(SIGNATURE_KEYS[i].as_bytes(), key.as_bytes()) {
                i += 1;
            }
            if i == COUNT {
                panic!("not a signature key: add it to the tool's SIGNATURE_KEYS");
            }
            bits |= 1 << i;
            rest = more;
        }
        KeySet(bits)
    }

    /// Whether the element has this top-level key (only keys of the signature list are kept).
    fn has(&self, key: &str) -> bool {
        debug_assert!(
            SIGNATURE_KEYS.contains(&key),
            "{key} is not a signature key"
        );
        key_index(key).is_some_and(|i| self.0 & bit(i) != 0)
    }

    /// Whether the element has every key of `set` (a [`key_set!`] set).
    #[inline]
    pub fn all(&self, set: KeySet) -> bool {
        self.0 & set.0 == set.0
    }

    /// Whether the element has at least one key of `set` (a [`key_set!`] set).
    #[inline]
    pub fn any(&self, set: KeySet) -> bool {
        self.0 & set.0 != 0
    }

    /// Whether the element has at least one of these keys, named at run time (a list an adapter
    /// returns, read once per input rather than per element).
    pub fn any_named(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }
}

/// The bit of signature key `i` (< 128), without a variable 128-bit shift: wasm has no such
/// instruction, and the compiler calls a runtime routine for it.
#[inline]
fn bit(i: usize) -> u128 {
    match i.checked_sub(64) {
        None => u128::from(1u64 << (i & 63)),
        Some(high) => u128::from(1u64 << (high & 63)) << 64,
    }
}

/// A set of signature keys built at compile time ([`KeySet::of_keys`]): `key_set!["sys_id",
/// "sys_class_name"]`.
macro_rules! key_set {
    ($($key:literal),+ $(,)?) => {
        const { $crate::record::source::KeySet::of_keys(&[$($key),+]) }
    };
}
pub(crate) use key_set;

/// Reads an element's top-level keys with the structural scan (values are skipped, not parsed).
/// `None` when the element is not an object or is malformed: its adapter then reports why.
pub fn top_level_keys(raw: &str) -> Option<KeySet> {
    let mut scan = Scan {
        text: raw,
        b: raw.as_bytes(),
        i: 0,
    };
    scan.ws();
    if scan.peek() != Some(b'{') {
        return None;
    }
    scan.object_keys().ok()
}

#[cfg(test)]
mod tests {
    use super::{KeySet, SIGNATURE_KEYS, bit};

    #[test]
    fn bits_are_the_shifts() {
        for i in 0..128 {
            assert_eq!(bit(i), 1u128 << i, "{i}");
        }
    }

    /// Each key's bit, below and above the 64th: a set made at compile time, one noted key by
    /// key during a scan and the keys named at run time agree.
    #[test]
    fn compile_time_sets_are_the_noted_keys() {
        // (With more than 64 signature keys, the upper word is held too.)
        assert!(SIGNATURE_KEYS.len() > 1);
        for (i, key) in SIGNATURE_KEYS.iter().enumerate() {
            let noted = KeySet::of([*key]);
            assert_eq!(noted, KeySet::of_keys(&[key]), "{key}");
            assert!(noted.any_named(&[key]), "{key}");
            let other = SIGNATURE_KEYS[(i + 1) % SIGNATURE_KEYS.len()];
            let pair = KeySet::of_keys(&[key, other]);
            assert!(noted.any(pair) && !noted.all(pair), "{key} with {other}");
            assert!(KeySet::of([*key, other]).all(pair), "{key} with {other}");
            assert!(!KeySet::of([other]).any(noted), "{other} is not {key}");
        }
        assert_eq!(crate::record::source::key_set!["sys_id", "fields"], {
            KeySet::of(["fields", "sys_id"])
        });
    }
}
