//! Numbers written with a decimal comma (`1,5`, `0,25`, `1.234,5`), told apart from thousands
//! separators, and rewritten with a decimal point.

/// A number with a decimal comma that a decimal point cannot be (`1,5`, `0,250`, `1.234,5`).
pub(super) fn decimal_comma_number(v: &str) -> Option<bool> {
    let t = v.trim().trim_start_matches(['-', '+']);
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let int_ok = !int.is_empty()
        && (int.bytes().all(|b| b.is_ascii_digit())
            || (int.split('.').enumerate().all(|(i, g)| {
                g.bytes().all(|b| b.is_ascii_digit())
                    && if i == 0 {
                        (1..=3).contains(&g.len())
                    } else {
                        g.len() == 3
                    }
            }) && int.contains('.')));
    if !int_ok {
        return None;
    }
    match frac {
        None => Some(false),
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => None,
        // A comma that only a decimal comma explains.
        Some(f) => Some(f.len() != 3 || int.contains('.') || int.starts_with('0')),
    }
}

/// A decimal-comma number with a decimal point.
pub fn with_decimal_point(v: &str) -> String {
    v.trim().replace('.', "").replace(',', ".")
}

/// Whether a column's numbers are written with a decimal comma: every value is a number, and at
/// least one has a comma only a decimal comma explains.
pub(super) fn is_decimal_comma_column(values: &[&str]) -> bool {
    let readings: Option<Vec<bool>> = values.iter().map(|v| decimal_comma_number(v)).collect();
    matches!(readings, Some(r) if r.iter().any(|b| *b))
}
