//! One stable sort for the whole crate.
//!
//! `slice::sort*` and `collect::<BTreeMap/BTreeSet>` instantiate the standard library's driftsort
//! or ipnsort for every element type and comparator: 131 copies came to 192 KB of the .wasm. Here
//! the sorting itself is done once, without generics, through a `dyn` comparator and swap of
//! positions: insertion sort in place for short slices, else a merge sort of positions whose
//! result is then applied with swaps. Only the small adapter from a slice and a comparator to
//! positions is generic. It is stable, so every call site keeps the order the standard
//! library's stable sort gave (equal elements stay in their original order), and for
//! `sort_unstable` call sites the order of equal elements becomes defined.
//!
//! Sets are built by inserting one item after another ([`set_from`]; maps are `VecMap`s),
//! which needs no sort at all; the result is the same as `collect` (for a repeated key the map
//! keeps the last value, the set keeps one of the equal elements).

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    sort_positions(&mut Slice { items, compare });
}

/// What the one sort needs of the elements, by position: the only generic part.
trait Positions {
    fn len(&self) -> usize;
    fn compare(&mut self, a: usize, b: usize) -> Ordering;
    fn swap(&mut self, a: usize, b: usize);
}

struct Slice<'s, T, F> {
    items: &'s mut [T],
    compare: F,
}

impl<T, F: FnMut(&T, &T) -> Ordering> Positions for Slice<'_, T, F> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn compare(&mut self, a: usize, b: usize) -> Ordering {
        match (self.items.get(a), self.items.get(b)) {
            (Some(x), Some(y)) => (self.compare)(x, y),
            // Never reached: positions come from 0..len.
            _ => Ordering::Equal,
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
    }
}

/// Sorts `items` stably by the key `key` gives.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A set of `items`, inserted in turn.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// A JSON object of `items`, inserted in turn (serde_json's map is a `BTreeMap`, and its
/// `collect` sorts too).
pub fn object_from(
    items: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut object = serde_json::Map::new();
    object.extend(items);
    object
}

/// Up to this length, insertion sort in place (no allocation: the per-record sorts are short).
const SHORT: usize = 20;

/// Sorts the elements `items` reaches by position, stably.
#[inline(never)]
fn sort_positions(items: &mut dyn Positions) {
    let len = items.len();
    if len <= SHORT {
        for i in 1..len {
            let mut j = i;
            while j > 0 && items.compare(j - 1, j) == Ordering::Greater {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    // Input already in order (often the case) costs len - 1 comparisons and no memory.
    if (1..len).all(|i| items.compare(i - 1, i) != Ordering::Greater) {
        return;
    }
    let order = stable_order(len, &mut |a, b| items.compare(a, b));
    apply(order, &mut |a, b| items.swap(a, b));
}

/// The positions `0..len` in the order `compare` puts them, equal ones in their original order
/// (a bottom-up merge sort; runs that are already in order cost one comparison to merge).
#[inline(never)]
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut scratch = order.clone();
    let mut width = 1;
    while width < len {
        let double = width.saturating_mul(2);
        for (from, into) in order.chunks(double).zip(scratch.chunks_mut(double)) {
            let (left, right) = from.split_at_checked(width).unwrap_or((from, &[]));
            merge(left, right, into, compare);
        }
        std::mem::swap(&mut order, &mut scratch);
        width = double;
    }
    order
}

/// Merges two sorted runs into `into` (as long as both together); from `left` when equal.
fn merge(
    left: &[usize],
    right: &[usize],
    into: &mut [usize],
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    let in_order = match (left.last(), right.first()) {
        (Some(&l), Some(&r)) => compare(r, l) != Ordering::Less,
        _ => true,
    };
    if in_order {
        for (slot, &p) in into.iter_mut().zip(left.iter().chain(right)) {
            *slot = p;
        }
        return;
    }
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    for slot in into.iter_mut() {
        let from_right = match (l.peek(), r.peek()) {
            (Some(&&a), Some(&&b)) => compare(b, a) == Ordering::Less,
            (None, _) => true,
            (Some(_), None) => false,
        };
        let next = if from_right { r.next() } else { l.next() };
        if let Some(&p) = next {
            *slot = p;
        }
    }
}

/// Moves the elements into sorted order in place: the element at `order[k]` goes to `k`,
/// following each cycle of the permutation with swaps.
#[inline(never)]
fn apply(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        // Marks each position as placed on the way; a placed position points to itself.
        while let Some(slot) = order.get_mut(at) {
            let from = std::mem::replace(slot, at);
            if from == start || from == at {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the tests need no dependency.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn matches_the_standard_stable_sort_for_every_length() {
        for n in 0..300 {
            for (seed, range) in [(1, 5), (7, 1000), (11, 2)] {
                // (key, original position): equal keys must keep their original order.
                let mut mine: Vec<(u64, usize)> = numbers(seed + n as u64, n, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut std = mine.clone();
                sort_by_key(&mut mine, |e| e.0);
                std.sort_by_key(|e| e.0);
                assert_eq!(mine, std, "n={n} seed={seed} range={range}");
            }
        }
    }

    #[test]
    fn sorted_reversed_and_equal_inputs() {
        let mut up: Vec<u32> = (0..100).collect();
        sort(&mut up);
        assert_eq!(up, (0..100).collect::<Vec<_>>());
        let mut down: Vec<u32> = (0..100).rev().collect();
        sort(&mut down);
        assert_eq!(down, (0..100).collect::<Vec<_>>());
        let mut same: Vec<(u8, usize)> = (0..50).map(|i| (3, i)).collect();
        sort_by(&mut same, |a, b| a.0.cmp(&b.0));
        assert_eq!(same, (0..50).map(|i| (3, i)).collect::<Vec<_>>());
    }

    #[test]
    fn descending_comparator_and_owned_elements() {
        let mut words: Vec<String> = ["b", "a", "c", "a"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "a"]);
    }

    #[test]
    fn sets_equal_collect() {
        assert_eq!(
            set_from([5, 1, 5, 2]),
            [5, 1, 5, 2].into_iter().collect::<BTreeSet<_>>()
        );
    }
}
