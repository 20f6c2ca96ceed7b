//! The links that leave the engine: only `http:`, `https:` and relative URLs. A record's
//! `origin.url` ends up in `<a href>` of the dashboard and the extension and in the findings
//! CSV, so a `javascript:`, `data:`, `vbscript:` or `file:` link from an export (a canonical
//! `origin.url`, Jira's `_links.web`, a ServiceNow or GLPI link) is dropped where the record is
//! finished, with a warning carrying the original value.

/// The message of the warning a dropped link gives.
pub const DROPPED: &str = "link dropped: only http:, https: and relative links are kept (this one has another scheme or control characters)";

/// The step that finishes every converted record (an input's elements and the live form's):
/// a link back that is not [`allowed`] is dropped, with a warning at `origin.url`.
pub fn drop_disallowed(record: &mut super::Record<'_>, at: &mut super::source::Cursor<'_>) {
    if let Some(url) = record.origin.url.take_if(|u| !allowed(u)) {
        at.warn("origin.url", DROPPED, &url);
    }
}

/// True when `url` may be a link: no control characters, and an `http:`/`https:` scheme or no
/// scheme at all (a relative link). A scheme is what a browser reads as one: letters, digits,
/// `+ - .` before the first `:` that comes before any `/ ? #`, after leading spaces and C0
/// controls are stripped.
pub fn allowed(url: &str) -> bool {
    // Printable ASCII holds neither: one pass over the bytes settles nearly every link without
    // decoding it character by character (every converted record's link passes here).
    let printable = url.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !printable && url.chars().any(|c| c.is_control() || is_invisible(c)) {
        return false;
    }
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    let first = trimmed
        .split(['/', '?', '#', '\\'])
        .next()
        .unwrap_or_default();
    match first.split_once(':') {
        None => true,
        Some((scheme, _)) => {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
    }
}

/// Bidi overrides and isolates, zero-width marks and separators: text that hides what a link is.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn schemes() {
        for ok in [
            "https://x.service-now.com/incident.do?sys_id=1",
            "HTTP://jira.example.com/browse/A-1",
            "/browse/A-1",
            "front/ticket.form.php?id=5",
            "//example.com/a",
            "?id=1",
            "#frag",
            "a/b:c",
            "https://example.com/ページ?q=é",
            "",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "mailto:a@b",
            "https://a\u{202e}moc.evil",
            "https://a\u{7f}b",
            "https://a\u{85}b",
            "https://a\u{feff}b",
            "x:y",
        ] {
            assert!(!allowed(bad), "{bad:?}");
        }
    }
}
