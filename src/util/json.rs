//! Reading JSON into derived types, with structs read from JSON objects only.
//!
//! serde's derive gives every struct two readers: `visit_map` for an object and `visit_seq` for
//! an array holding the fields in declaration order. serde_json calls the second for `[` where a
//! struct is expected, so the compiler keeps both for every struct read from JSON: the array
//! readers were about 98 KB of the .wasm (33 KB gzipped, issue 12), and they let an array stand
//! for an object (`"incident": [true, "…"]` was read field by field), which neither the schema
//! nor any tool sends. [`MapsOnly`] hands every struct to serde_json as a map: an array there is
//! the error a string would be ("invalid type: sequence, expected struct IncidentDetail"), and
//! the array readers are never instantiated. Everything else (sequences, enums, raw values,
//! borrowed strings, positions in errors) passes through unchanged.
//!
//! [`from_str`] replaces `serde_json::from_str` for the crate's input types (`clippy.toml` names
//! it, so that no new call site brings the array readers back). Input is read from its text,
//! never through serde's derive from a `serde_json::Value`: a second deserialiser of the same
//! types from a `Value` would double their code in the .wasm. (Our own formats read from a
//! `Value` do so through [`super::value_reader`]'s readers, written without the derive.)

use std::fmt;

use serde::Deserialize;
use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// `serde_json::from_str`, with structs read from objects only.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(MapsOnly(&mut reader))?;
    // As serde_json::from_str: only white space may follow the value.
    reader.end()?;
    Ok(value)
}

/// A deserializer that reads structs as maps and passes everything else to `D`, wrapping what
/// it hands on (visitors, seeds, map, sequence and enum access) so that nested structs are read
/// the same way.
pub struct MapsOnly<D>(pub D);

/// Forwards `deserialize_*` methods that take only a visitor.
macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapsOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    /// The point of the wrapper: a struct is a map.
    ///
    /// Each struct's reader stays a function of its own. Without the array readers, the readers
    /// of nested structs have one caller each, so LLVM put all of the canonical record's into
    /// one function of 94 KB; V8 compiles functions that large with its cheaper register
    /// allocator (`--turbo-use-mid-tier-regalloc-for-huge-functions`), and canonical records
    /// read 1.5 times slower in Node (natively no slower). wasm-opt is held to the same rule
    /// (`--one-caller-inline-max-function-size`, Makefile).
    #[inline(never)]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    /// The name passes through: serde_json recognises its raw values by it.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested deserializers and accesses are wrapped in turn.
struct Wrap<V>(V);

/// Forwards `visit_*` methods that take one plain value.
macro_rules! visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: serde::de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(MapsOnly(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(MapsOnly(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

/// A seed whose deserializer is wrapped.
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(MapsOnly(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Wrap<A::Variant>), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Wrap(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::value::RawValue;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner<'a> {
        #[serde(borrow)]
        name: std::borrow::Cow<'a, str>,
        #[serde(default)]
        n: Option<u32>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Fast,
        Slow(u8),
    }

    #[derive(Debug, Deserialize)]
    struct Outer<'a> {
        #[serde(borrow)]
        inner: Inner<'a>,
        #[serde(borrow, default)]
        list: Vec<Inner<'a>>,
        #[serde(default)]
        mode: Option<Mode>,
        #[serde(borrow, default)]
        raw: Option<&'a RawValue>,
        #[serde(default)]
        map: BTreeMap<String, (u8, bool)>,
        #[serde(borrow, default)]
        text: Option<&'a str>,
    }

    /// Everything but a struct given as an array reads as serde_json reads it: same values,
    /// same borrowed text, same errors with the same positions.
    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"inner": {"name": "a"}}"#,
            r#"{"inner": {"name": "a\u00e9", "n": 3}, "list": [{"name": "b"}], "mode": "fast"}"#,
            r#"{"inner": {"name": "a"}, "mode": {"slow": 2}, "raw": [1, {"x": 2}], "text": "t"}"#,
            r#"{"inner": {"name": "a"}, "map": {"k": [1, true]}}"#,
            r#"{"inner": {"name": "a", "extra": 1}}"#,
            r#"{"inner": {"name": 5}}"#,
            r#"{"inner": {"name": "a"}, "mode": "medium"}"#,
            r#"{"inner": {"name": "a"}}  x"#,
            r#"{"inner": {"name": "a"}, "text": "escaped \" quote"}"#,
            r#"{"inner": {"name": "a"},"#,
            "[1, 2]",
        ] {
            let mine = from_str::<Outer<'_>>(text);
            #[allow(clippy::disallowed_methods)]
            let theirs = serde_json::from_str::<Outer<'_>>(text);
            match (mine, theirs) {
                (Ok(m), Ok(t)) => {
                    assert_eq!(m.inner, t.inner, "{text}");
                    assert_eq!(m.list, t.list, "{text}");
                    assert_eq!(m.mode, t.mode, "{text}");
                    assert_eq!(m.raw.map(RawValue::get), t.raw.map(RawValue::get), "{text}");
                    assert_eq!(m.map, t.map, "{text}");
                    assert_eq!(m.text, t.text, "{text}");
                }
                (Err(m), Err(t)) if text != "[1, 2]" => {
                    assert_eq!(m.to_string(), t.to_string(), "{text}")
                }
                (Err(m), Err(_)) => assert_eq!(
                    m.to_string(),
                    "invalid type: sequence, expected struct Outer at line 1 column 0"
                ),
                (m, t) => panic!("{text}: {:?} / {:?}", m.err(), t.err()),
            }
        }
    }

    /// A struct given as an array is an error, at every depth, where serde_json read the fields
    /// in order.
    #[test]
    fn structs_are_objects_only() {
        #[allow(clippy::disallowed_methods)]
        let positional = serde_json::from_str::<Outer<'_>>(r#"{"inner": ["a", 1]}"#);
        assert!(
            positional.is_ok(),
            "serde_json reads a struct from an array"
        );
        for text in [
            r#"{"inner": ["a", 1]}"#,
            r#"{"inner": {"name": "a"}, "list": [["b"]]}"#,
        ] {
            let err = from_str::<Outer<'_>>(text).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("invalid type: sequence, expected struct Inner"),
                "{text}: {err}"
            );
        }
    }
}
