//! Small helpers shared across the crate, kept here so that generic code is instantiated once
//! instead of at every call site (the size of the .wasm, issue 12).

pub mod hash;
pub mod json;
pub mod per_edition;
pub mod sort;
pub mod string_enum;
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

/// `t` lower-cased as `str::to_lowercase` does it, written in `buffer` (no allocation) when `t`
/// is ASCII and fits: names and codes compared with known ones ("Service Request", "Status")
/// are lowered for every record and changelog item (Jira: 6 allocations a record). One function
/// for every caller (not a generic one per call site: the size of the .wasm).
#[inline(never)]
pub fn lowercase<'b>(t: &str, buffer: &'b mut [u8; 64]) -> std::borrow::Cow<'b, str> {
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
