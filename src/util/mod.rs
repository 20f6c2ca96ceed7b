//! Small helpers shared across the crate, kept here so that generic code is instantiated once
//! instead of at every call site (the size of the .wasm, issue 12).

pub mod hash;
pub mod json;
#[cfg(test)]
pub mod json_variants;
pub mod per_edition;
pub mod sort;
pub mod string_enum;
pub mod value_reader;
pub mod vec_map;

/// `t.trim()`, without walking the text character by character when it neither starts nor
/// ends with white space (nearly every name and cell): `trim` was a tenth of the time per record
/// observed, and 7 % of reading a CSV list export.
pub fn trimmed(t: &str) -> &str {
    // An ASCII byte that is not white space at either end: nothing to trim. Bytes from 0x80 may
    // start or end a Unicode space, and 0x09-0x0D and 0x20 are the ASCII spaces `trim` removes.
    let plain = |b: u8| b < 0x80 && b != b' ' && !(0x09..=0x0d).contains(&b);
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&a), Some(&z)) if plain(a) && plain(z) => t,
        _ => t.trim(),
    }
}

/// `list` emptied, as a list of items of another type with the same layout (in practice: the
/// same type with another lifetime), in the same allocation: collecting an emptied list into
/// one of items of the same size and alignment is done in place. Readers keep the lists of one
/// record for the next this way (`doc::spare`, the ServiceNow reader), without `unsafe`.
// `filter_map`, not the `filter` clippy suggests: the items change type, which only a map can
// say.
#[allow(clippy::unnecessary_filter_map)]
pub fn emptied<T, U>(mut list: Vec<T>) -> Vec<U> {
    list.clear();
    list.into_iter().filter_map(|_| None).collect()
}

/// `t` lower-cased as `str::to_lowercase` does it, without allocating: borrowed when it is
/// lower-case ASCII already (codes: "incident", "6"), else written in `buffer` when ASCII and
/// it fits (labels and names: "Closed", "Service Request"), else a String. Names and codes are
/// lowered for every record read, and an allocation each cost more than the look-up.
#[inline]
pub fn lowercase<'t>(t: &'t str, buffer: &'t mut [u8; 64]) -> std::borrow::Cow<'t, str> {
    if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(t);
    }
    lowercase_copy(t, buffer)
}

/// [`lowercase`] of a text that needs changing: one function for every caller (not inlined at
/// each call site: the size of the .wasm).
#[inline(never)]
fn lowercase_copy<'b>(t: &str, buffer: &'b mut [u8; 64]) -> std::borrow::Cow<'b, str> {
    if t.is_ascii()
        && let Some(lower) = buffer.get_mut(..t.len())
    {
        lower.copy_from_slice(t.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return std::borrow::Cow::Borrowed(lower);
        }
    }
    std::borrow::Cow::Owned(t.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{lowercase, trimmed};

    #[test]
    fn lowercase_is_to_lowercase() {
        let long = "Service Request With Approvals And A Name Longer Than Sixty-Four Bytes";
        assert!(long.len() > 64);
        for t in [
            "",
            "x",
            "Incident",
            "SERVICE REQUEST",
            "[System] Change",
            "Status",
            "résolu",
            "ÉTAT",
            "İstanbul",
            "\u{212a}elvin",
            "サービス",
            long,
        ] {
            assert_eq!(lowercase(t, &mut [0; 64]), t.to_lowercase(), "{t:?}");
        }
        // A code that is lower-case already is the text itself.
        let code = "in progress";
        let mut buffer = [0; 64];
        let read = lowercase(code, &mut buffer);
        assert!(matches!(read, std::borrow::Cow::Borrowed(r) if r.as_ptr() == code.as_ptr()));
    }

    #[test]
    fn trimmed_is_trim() {
        for t in [
            "",
            "x",
            " x",
            "x ",
            "\u{b}x",
            "x\u{b}",
            "\tService\n",
            "Email",
            "\u{a0}x",
            "x\u{a0}",
            "\u{3000}サービス\u{3000}",
            "サービス",
            "é",
            "x\u{85}",
            "\u{1c}x",
            "a b",
        ] {
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
    }
}
