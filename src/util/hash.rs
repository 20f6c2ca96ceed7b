//! Hash maps and sets with foldhash instead of std's SipHash.
//!
//! SipHash is built to resist hash flooding by an attacker who sees the timing of a server; in
//! wasm it was 4 % of evaluating an export with related pieces (joining them to their records hashes
//! every record's id and number). foldhash is several times faster on short keys and is still
//! seeded per map (from the stack address and a per-thread counter), so an input crafted to
//! collide in one run does not collide in another: what a file in a user's own browser needs.

/// `std::collections::HashMap` with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// `std::collections::HashSet` with foldhash.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
