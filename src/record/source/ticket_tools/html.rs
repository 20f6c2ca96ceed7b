//! Rich text read as plain text: GLPI's and iTop's HTML fields (entity-escaped HTML up to
//! GLPI 10), so an editor's empty paragraph counts as empty.

use std::borrow::Cow;

/// Decodes HTML entities (named ones GLPI produces, and numeric ones).
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp..).unwrap_or_default();
        let semi = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|i| after.get(1..i).and_then(entity).map(|c| (i, c)));
        match decoded {
            Some((i, c)) => {
                out.push(c);
                rest = after.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code);
        }
    })
}

/// Rich text to plain text: entity-escaped HTML (GLPI ≤ 10) is unescaped once, tags are
/// dropped (block tags end a line), entities decoded, blank lines removed.
pub(crate) fn html_to_text(s: &str) -> String {
    let escaped = !s.contains('<') && s.contains("&lt;");
    let html = if escaped {
        decode_entities(s)
    } else {
        Cow::Borrowed(s)
    };
    let mut stripped = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        let opens_tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!');
        if !opens_tag {
            stripped.push(c);
            continue;
        }
        let mut tag = String::new();
        let mut closed = false;
        for t in chars.by_ref() {
            if t == '>' {
                closed = true;
                break;
            }
            tag.push(t);
        }
        if !closed {
            stripped.push('<');
            stripped.push_str(&tag);
            break;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "tr"
                | "ul"
                | "ol"
                | "table"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "pre"
        ) {
            stripped.push('\n');
        }
    }
    let text = decode_entities(&stripped);
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_is_read_as_plain_text() {
        assert_eq!(html_to_text("&lt;p&gt;verdict ?&lt;/p&gt;"), "verdict ?");
        assert_eq!(
            html_to_text("&lt;p&gt;a &amp;lt; b&lt;br /&gt;c&lt;/p&gt;"),
            "a < b\nc"
        );
        assert_eq!(html_to_text("<p>a &lt; b</p><p></p>"), "a < b");
        assert_eq!(html_to_text("&lt;p&gt;&lt;/p&gt;"), "");
        assert_eq!(html_to_text("<p>&nbsp;</p>"), "");
        assert_eq!(html_to_text("x < y and 3<4"), "x < y and 3<4");
        assert_eq!(
            decode_entities("l&#039;équipe &amp; co &#x41; &bogus; &"),
            "l'équipe & co A &bogus; &"
        );
    }
}
