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

/// Tags that end a line of the plain text.
const BLOCK_TAGS: [&str; 16] = [
    "p",
    "br",
    "div",
    "li",
    "tr",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
];

/// The text as HTML: entity-escaped HTML (GLPI ≤ 10 stores `&lt;p&gt;`) unescaped once, any
/// other text as it is.
fn unescaped_once(s: &str) -> Cow<'_, str> {
    if !s.contains('<') && s.contains("&lt;") {
        decode_entities(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Rich text to plain text: entity-escaped HTML (GLPI ≤ 10) is unescaped once, tags are
/// dropped (block tags end a line), entities decoded, blank lines removed. Tags and lines are
/// read as slices of the text (a String per tag, per tag name and per line was five allocations
/// a GLPI record).
pub(crate) fn html_to_text(s: &str) -> String {
    let html = unescaped_once(s);
    let mut stripped = String::with_capacity(html.len());
    let mut rest: &str = &html;
    while let Some((before, after)) = rest.split_once('<') {
        stripped.push_str(before);
        let opens_tag = after
            .chars()
            .next()
            .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
        if !opens_tag {
            stripped.push('<');
            rest = after;
            continue;
        }
        let Some((tag, after_tag)) = after.split_once('>') else {
            // An unclosed tag is kept as text, and ends the text.
            stripped.push('<');
            stripped.push_str(after);
            rest = "";
            break;
        };
        let name = tag.trim_start_matches('/');
        let name = name
            .get(..name.bytes().take_while(u8::is_ascii_alphanumeric).count())
            .unwrap_or_default();
        if BLOCK_TAGS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            stripped.push('\n');
        }
        rest = after_tag;
    }
    stripped.push_str(rest);
    let text = decode_entities(&stripped);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
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

    /// The reading before tags and lines were read as slices (one String per tag, tag name
    /// and line), kept to hold the new one to it.
    fn html_to_text_before(s: &str) -> String {
        let html = unescaped_once(s);
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

    #[test]
    fn plain_text_reads_as_it_did_with_a_string_per_tag() {
        for html in [
            "",
            "plain",
            "<p>Printer <b>down</b></p><P>Floor 3</P>",
            "&lt;div&gt;escaped&lt;/div&gt;&lt;BR/&gt;next",
            "<!-- note --><p>after a comment</p>",
            "a <<p>b</p> c",
            "x < y and 3<4 <= 5",
            "<p>unclosed <b tag",
            "<a href=\"x>y\">link</a> text",
            "<h1>Titre</h1>\r\n<p>l&#039;équipe&nbsp;&amp; co</p>",
            "<ul><li>one</li><li>two  \t three</li></ul>",
            "<table><tr><td>a</td><td>b</td></tr></table>",
            "<p>サービス停止</p><br><p>  </p>",
            "<p>é<br />ü</p>",
            "</>",
            "<1>not a tag",
            "<blockquote>q</blockquote><pre>x  y</pre><h6>z</h6>",
        ] {
            assert_eq!(html_to_text(html), html_to_text_before(html), "{html:?}");
        }
    }

    #[test]
    fn plain_text_reads_as_it_did_on_generated_markup() {
        // Texts of tag-ish pieces in a fixed pseudo-random order (xorshift): every way a tag can
        // open, close or not close, with entities, white space and non-ASCII letters.
        const PIECES: [&str; 24] = [
            "<", ">", "/", "!", "p", "P", "br", "div", "Li", "x", " ", "\n", "\t", "&", ";",
            "&lt;", "&amp;", "&#65;", "é", "日", "h1", "=\"", "<p>", "</p>",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut html = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..(state % 12) {
                let pick = (state >> (4 * k)) % PIECES.len() as u64;
                html.push_str(PIECES[pick as usize]);
            }
            assert_eq!(html_to_text(&html), html_to_text_before(&html), "{html:?}");
        }
    }
}
