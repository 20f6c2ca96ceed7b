//! Key → position tables built at compile time: the scan looks up every key of every record
//! (signature keys, an adapter's known fields), and a `match` over a hundred strings compiles to
//! a chain of length checks and byte compares. A table answers with one hash, one load and one
//! compare.

/// Multipliers tried in turn (a fixed sequence: the build is reproducible).
const TRIES: u64 = 256;

/// Where each key of a list sits, by a hash of its bytes, in `S` slots: a power of two many
/// times the keys (about ten to twenty-five), so a collision-free multiplier is found in a few
/// tries.
pub struct KeyTable<const N: usize, const S: usize> {
    keys: [&'static str; N],
    /// Each key's first and last eight bytes, which settle most compares without a `memcmp`.
    words: [Words; N],
    multiplier: u64,
    /// Position + 1 of the key hashed to each slot, 0 for none.
    slots: [u8; S],
}

impl<const N: usize, const S: usize> KeyTable<N, S> {
    /// The table of `keys`, for compile time only (`const`): a list that no multiplier separates
    /// (a key twice, or two keys that differ only between their first and last eight bytes), or
    /// longer than 255 keys, stops the build.
    #[allow(clippy::indexing_slicing, clippy::panic)]
    pub const fn new(keys: [&'static str; N]) -> KeyTable<N, S> {
        if N > 255 {
            panic!("a key table holds at most 255 keys");
        }
        if !S.is_power_of_two() || S < 2 {
            panic!("a key table's slots are a power of two");
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut attempt = 0;
        while attempt < TRIES {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let multiplier = mixed(seed) | 1;
            if let Some(slots) = place::<N, S>(&keys, multiplier) {
                let mut words = [Words { head: 0, tail: 0 }; N];
                let mut i = 0;
                while i < N {
                    words[i] = Words::of(keys[i].as_bytes());
                    i += 1;
                }
                return KeyTable {
                    keys,
                    words,
                    multiplier,
                    slots,
                };
            }
            attempt += 1;
        }
        panic!("no multiplier separates these keys (or a key is listed twice)")
    }

    /// The position of `key` in the list.
    #[inline]
    pub fn position(&self, key: &str) -> Option<usize> {
        self.position_bytes(key.as_bytes())
    }

    /// The position of the key whose bytes are `key`.
    #[inline]
    pub fn position_bytes(&self, key: &[u8]) -> Option<usize> {
        let words = Words::of(key);
        let i = usize::from(*self.slots.get(words.slot(key.len(), self.multiplier, S))?)
            .checked_sub(1)?;
        let known = self.keys.get(i)?.as_bytes();
        // Up to sixteen bytes, the two words are the whole key.
        let same = known.len() == key.len()
            && *self.words.get(i)? == words
            && (key.len() <= 16 || known == key);
        same.then_some(i)
    }
}

/// Every key in its own slot under `multiplier`, or `None`.
#[allow(clippy::indexing_slicing)]
const fn place<const N: usize, const S: usize>(
    keys: &[&'static str; N],
    multiplier: u64,
) -> Option<[u8; S]> {
    let mut slots = [0u8; S];
    let mut i = 0;
    while i < N {
        let key = keys[i].as_bytes();
        let s = Words::of(key).slot(key.len(), multiplier, S);
        if slots[s] != 0 {
            return None;
        }
        // N ≤ 255 (checked by the caller).
        slots[s] = (i + 1) as u8;
        i += 1;
    }
    Some(slots)
}

/// A key's first and last eight bytes (the same word for a key shorter than eight bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Words {
    head: u64,
    tail: u64,
}

impl Words {
    #[inline]
    const fn of(key: &[u8]) -> Words {
        let head = match key.first_chunk::<8>() {
            Some(word) => u64::from_le_bytes(*word),
            None => short_word(key),
        };
        let tail = match key.last_chunk::<8>() {
            Some(word) => u64::from_le_bytes(*word),
            None => head,
        };
        Words { head, tail }
    }

    /// The slot of a key of `len` bytes: keys differ at one end or the other (`sys_created_on` /
    /// `sys_updated_on`, `start_date` / `start_time`), so both words and the length are mixed by
    /// a multiplication whose top bits are the slot.
    #[inline]
    const fn slot(self, len: usize, multiplier: u64, slots: usize) -> usize {
        let folded = self.head ^ self.tail.rotate_left(29) ^ len as u64;
        (folded.wrapping_mul(multiplier) >> (64 - slots.trailing_zeros())) as usize
    }
}

/// A key shorter than eight bytes as a little-endian word, zero-padded. Built from two
/// overlapping loads rather than byte by byte: a third of the keys in an export are this short,
/// and the byte loop was 7 % of the input scan (the overlapping bytes are the same bytes at the
/// same places, so or-ing them in twice changes nothing).
const fn short_word(key: &[u8]) -> u64 {
    let len = key.len();
    if let (Some(head), Some(tail)) = (key.first_chunk::<4>(), key.last_chunk::<4>()) {
        // 4 to 7 bytes: the first four, and the last four moved to their place.
        let head = u32::from_le_bytes(*head) as u64;
        let tail = u32::from_le_bytes(*tail) as u64;
        return head | tail << (8 * (len - 4));
    }
    match key {
        // 1 to 3 bytes: the first, the middle and the last byte.
        [first, .., last] | [first @ last] => {
            let middle = if len == 3 { key_byte(key, 1) } else { 0 };
            *first as u64 | (middle as u64) << 8 | (*last as u64) << (8 * (len - 1))
        }
        [] => 0,
    }
}

/// Byte `i` of `key` (which has it).
#[allow(
    clippy::indexing_slicing,
    reason = "callers pass an index below the length"
)]
const fn key_byte(key: &[u8], i: usize) -> u8 {
    key[i]
}

/// A step of splitmix64: spreads the seed's bits into a multiplier.
const fn mixed(seed: u64) -> u64 {
    let mut z = seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::KeyTable;

    /// Pairs that agree at one end, or in length and both ends but one byte.
    const KEYS: [&str; 6] = [
        "sys_created_on",
        "sys_updated_on",
        "start_date",
        "start_time",
        "state",
        "stage",
    ];
    const TABLE: KeyTable<6, 1024> = KeyTable::new(KEYS);

    const LONG: KeyTable<2, 1024> = KeyTable::new(["short_description", "reassignment_count"]);

    /// The two-load word of a short key is the byte loop's.
    #[test]
    fn short_words_are_the_bytes_in_order() {
        let bytes = b"abcdefg\xff\x00\x80";
        for start in 0..bytes.len() {
            for end in start..bytes.len().min(start + 8) {
                let key = &bytes[start..end];
                let mut expected = 0u64;
                for (k, b) in key.iter().enumerate() {
                    expected |= u64::from(*b) << (8 * k);
                }
                assert_eq!(super::short_word(key), expected, "{key:?}");
            }
        }
    }

    #[test]
    fn finds_each_key_and_nothing_else() {
        for (i, key) in KEYS.iter().enumerate() {
            assert_eq!(TABLE.position(key), Some(i));
        }
        // Same length, first and last eight bytes as a key, a different middle.
        assert_eq!(LONG.position("short_description"), Some(0));
        assert_eq!(LONG.position("short_deXcription"), None);
        for other in [
            "",
            "s",
            "stat",
            "states",
            "sys_created_o",
            "start_dat",
            "é",
            "sys_id",
        ] {
            assert_eq!(TABLE.position(other), None, "{other}");
        }
    }
}
