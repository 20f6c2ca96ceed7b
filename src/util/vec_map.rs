//! [`VecMap`] and [`VecSet`]: a map and a set kept as one sorted vector, for the tallies that
//! gather a few hundred keys and are then read in order.
//!
//! Each key/value pair of a `BTreeMap` brings its own copy of the B-tree (insert, split, search,
//! iterators, drop, clone): about 5–13 KB of wasm per pair, and the evaluation state had 15
//! pairs. A sorted vector is a binary search and a `Vec::insert`, and orders, serialises
//! (a JSON object, keys in order) and deserialises (a JSON object; a repeated key keeps its last
//! value) exactly as the `BTreeMap` did, so the JSON of a partial or a report stays the same
//! (issue 12).

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A map kept sorted by key: ordered iteration, binary-search look-ups.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

/// Printed as a `BTreeMap` is (`{k: v, …}`): the instance context's `Debug` text is the
/// fingerprint partials are matched by, and must not change with the map's type.
impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> VecMap<K, V> {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub fn new() -> VecMap<K, V> {
        VecMap::default()
    }

    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(_, v)| v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key` (keeping the key already there, as `BTreeMap::insert` does) and
    /// gives back the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => self
                .entries
                .get_mut(at)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// Updates the value of `key`, made by `make` first when it is not there yet. (A closure
    /// rather than a `&mut V` handed back: `Vec::insert` gives no reference to what it inserted,
    /// and looking it up again could only fail by a panic.)
    pub fn update_or_insert(
        &mut self,
        key: K,
        make: impl FnOnce() -> V,
        update: impl FnOnce(&mut V),
    ) {
        match self.find(&key) {
            Ok(at) => {
                if let Some((_, v)) = self.entries.get_mut(at) {
                    update(v);
                }
            }
            Err(at) => {
                let mut value = make();
                update(&mut value);
                self.entries.insert(at, (key, value));
            }
        }
    }

    /// Sets the value of `key` only when it has none yet.
    pub fn insert_if_absent(&mut self, key: K, value: V) {
        if let Err(at) = self.find(&key) {
            self.entries.insert(at, (key, value));
        }
    }

    /// Updates the value of `key`, starting from `V::default()` when it is not there yet.
    pub fn update_or_default(&mut self, key: K, update: impl FnOnce(&mut V))
    where
        V: Default,
    {
        self.update_or_insert(key, V::default, update);
    }
}

impl<K, V> VecMap<K, V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The pairs in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// The map of pairs in any order, as inserting them in turn would make it (of a repeated key,
    /// the first key with the last value, as with a `BTreeMap`), in O(n log n): one `insert` per
    /// pair would move the vector's tail each time, quadratic for keys that arrive in reverse
    /// order, and the pairs can come from the input (a bundle's `related` object, a partial).
    pub(crate) fn from_pairs(mut pairs: Vec<(K, V)>) -> VecMap<K, V> {
        // The crate's one stable sort (util::sort): std's would be compiled again for every
        // key/value pair. Stable, so equal keys keep their order.
        crate::util::sort::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        let mut entries: Vec<(K, V)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            match entries.last_mut() {
                Some((last, value)) if *last == k => *value = v,
                _ => entries.push((k, v)),
            }
        }
        VecMap { entries }
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    /// As `BTreeMap::extend`: a pair whose key is there already replaces its value.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        let mut pairs = std::mem::take(&mut self.entries);
        pairs.extend(items);
        *self = VecMap::from_pairs(pairs);
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// For a repeated key the last value wins, as with a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> VecMap<K, V> {
        VecMap::from_pairs(items.into_iter().collect())
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<VecMap<K, V>, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = VecMap<K, V>;

            // serde's words for a `BTreeMap`, so that errors read as they did.
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<VecMap<K, V>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = access.next_entry()? {
                    pairs.push(pair);
                }
                Ok(VecMap::from_pairs(pairs))
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A set kept as a sorted vector without repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecSet<T> {
    items: Vec<T>,
}

impl<T> Default for VecSet<T> {
    fn default() -> VecSet<T> {
        VecSet { items: Vec::new() }
    }
}

impl<T: Ord> VecSet<T> {
    /// The set of `items`, sorted once rather than inserted one by one (quadratic for a reversed
    /// list).
    pub(crate) fn from_items(mut items: Vec<T>) -> VecSet<T> {
        crate::util::sort::sort(&mut items);
        items.dedup();
        VecSet { items }
    }

    pub fn new() -> VecSet<T> {
        VecSet::default()
    }

    /// Adds `item`; false when it was there already.
    pub fn insert(&mut self, item: T) -> bool {
        match self.items.binary_search(&item) {
            Ok(_) => false,
            Err(at) => {
                self.items.insert(at, item);
                true
            }
        }
    }

    pub fn contains(&self, item: &T) -> bool {
        self.items.binary_search(item).is_ok()
    }
}

impl<T> VecSet<T> {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.insert(item);
        }
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> std::slice::Iter<'a, T> {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for VecSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.items)
    }
}

impl<'de, T: Ord + Deserialize<'de>> Deserialize<'de> for VecSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<VecSet<T>, D::Error> {
        struct SetVisitor<T>(PhantomData<T>);

        impl<'de, T: Ord + Deserialize<'de>> Visitor<'de> for SetVisitor<T> {
            type Value = VecSet<T>;

            // serde's words for a `BTreeSet`, so that errors read as they did.
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<VecSet<T>, A::Error> {
                // Sorted once rather than inserted one by one (quadratic for a reversed list).
                let mut items = Vec::new();
                while let Some(item) = access.next_element()? {
                    items.push(item);
                }
                Ok(VecSet::from_items(items))
            }
        }

        deserializer.deserialize_seq(SetVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn a_map_reads_orders_and_writes_as_a_btreemap_does() {
        let pairs = [(5u32, 1u64), (1, 2), (5, 3), (3, 4), (0, 5)];
        let vec_map: VecMap<u32, u64> = pairs.into_iter().collect();
        let btree: BTreeMap<u32, u64> = pairs.into_iter().collect();
        assert_eq!(
            serde_json::to_string(&vec_map).unwrap(),
            serde_json::to_string(&btree).unwrap()
        );
        assert!(vec_map.iter().eq(btree.iter()));
        assert_eq!(vec_map.keys().next_back(), btree.keys().next_back());
        let text = r#"{"9": 1, "2": 7, "9": 4}"#;
        let read: VecMap<u32, u64> = serde_json::from_str(text).unwrap();
        let expected: BTreeMap<u32, u64> = serde_json::from_str(text).unwrap();
        assert!(read.iter().eq(expected.iter()));
        for bad in ["[1]", r#"{"x": 1}"#, r#"{"1": "a"}"#, "{"] {
            assert_eq!(
                serde_json::from_str::<VecMap<u32, u64>>(bad)
                    .unwrap_err()
                    .to_string(),
                serde_json::from_str::<BTreeMap<u32, u64>>(bad)
                    .unwrap_err()
                    .to_string()
            );
        }
    }

    #[test]
    fn a_map_keeps_the_first_key_and_counts_like_a_btreemap() {
        let mut map: VecMap<String, u64> = VecMap::new();
        assert_eq!(map.insert("b".into(), 1), None);
        assert_eq!(map.insert("b".into(), 2), Some(1));
        map.update_or_default("a".into(), |n| *n += 3);
        map.update_or_default("a".into(), |n| *n += 3);
        map.update_or_insert("c".into(), || 10, |n| *n += 1);
        assert_eq!(map.get("a"), Some(&6));
        assert!(map.contains_key("c") && !map.contains_key("d"));
        if let Some(n) = map.get_mut("b") {
            *n += 1;
        }
        let all: Vec<(&String, &u64)> = map.iter().collect();
        assert_eq!(
            all,
            [
                (&"a".to_string(), &6),
                (&"b".to_string(), &3),
                (&"c".to_string(), &11)
            ]
        );
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn a_map_extends_and_prints_as_a_btreemap_does() {
        let base = [("b", 1), ("a", 2)];
        let over = [("c", 3), ("a", 4), ("c", 5)];
        let mut vec_map: VecMap<&str, u8> = base.into_iter().collect();
        let mut btree: BTreeMap<&str, u8> = base.into_iter().collect();
        vec_map.extend(over);
        btree.extend(over);
        assert!(vec_map.iter().eq(btree.iter()));
        // The instance context's Debug text is the partials' fingerprint.
        assert_eq!(format!("{vec_map:?}"), format!("{btree:?}"));
        assert_eq!(
            format!("{:?}", VecMap::<u8, u8>::new()),
            format!("{:?}", BTreeMap::<u8, u8>::new())
        );
        assert!(vec_map.into_iter().eq(btree));
    }

    #[test]
    fn pairs_in_any_order_read_as_into_a_btreemap() {
        // Reversed, shuffled by a multiplier, and with repeats (the last value wins).
        let n = 5_000u32;
        let orders: [Vec<(u32, u32)>; 3] = [
            (0..n).rev().map(|k| (k, k)).collect(),
            (0..n).map(|i| ((i * 7_919) % n, i)).collect(),
            (0..n).map(|i| (i % 97, i)).collect(),
        ];
        for pairs in orders {
            let collected: VecMap<u32, u32> = pairs.iter().copied().collect();
            let expected: BTreeMap<u32, u32> = pairs.iter().copied().collect();
            assert!(collected.iter().eq(expected.iter()));
            let text = format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let read: VecMap<u32, u32> = serde_json::from_str(&text).unwrap();
            assert!(read.iter().eq(expected.iter()));
            let keys =
                serde_json::to_string(&pairs.iter().map(|p| p.0).collect::<Vec<_>>()).unwrap();
            let set: VecSet<u32> = serde_json::from_str(&keys).unwrap();
            let expected_set: BTreeSet<u32> = serde_json::from_str(&keys).unwrap();
            assert!(set.iter().eq(expected_set.iter()));
        }
    }

    #[test]
    fn a_set_reads_orders_and_writes_as_a_btreeset_does() {
        let mut set = VecSet::new();
        set.extend([4u16, 1, 4, 9, 0]);
        let btree: BTreeSet<u16> = [4u16, 1, 4, 9, 0].into_iter().collect();
        assert!(set.iter().eq(btree.iter()));
        assert!(set.contains(&9) && !set.contains(&2));
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            serde_json::to_string(&btree).unwrap()
        );
        let read: VecSet<u16> = serde_json::from_str("[3, 1, 3]").unwrap();
        assert_eq!(read.iter().copied().collect::<Vec<_>>(), [1, 3]);
        for bad in ["{}", r#"["a"]"#, "[1,"] {
            assert_eq!(
                serde_json::from_str::<VecSet<u16>>(bad)
                    .unwrap_err()
                    .to_string(),
                serde_json::from_str::<BTreeSet<u16>>(bad)
                    .unwrap_err()
                    .to_string()
            );
        }
    }
}
