//! Japanese for the engine's own messages: rejections, warnings and errors.
//!
//! Check titles, messages and hints are data with both languages side by side (the rule packs).
//! The engine's own messages are different: about 300 texts built with `format!` at some 250
//! places in the adapters, the CSV and envelope readers, the rule-pack validator and the JsonLogic
//! compiler, and the texts serde and serde_json produce for a value of the wrong shape. They stay
//! English where they are made, and are translated at the boundaries where they leave the
//! engine: when a report is built (`report::build_report`), when `check` and `normalize` return,
//! and where an error leaves through [`crate::ffi`] (and so the wasm binding) — with the
//! engine's language for errors of the engine and its rule packs, and the run's language for
//! everything a run produces.
//!
//! How: `ja.json` (compiled into a static table by `build.rs`) maps English message *templates*
//! to Japanese ones. `{name}`
//! holds a dynamic part (a field name, a value, a JSON path, an id, a count) that is carried into
//! the Japanese text unchanged; `{name:msg}` holds a part that is itself a message (serde's
//! "invalid type: …", a nested rejection) and is translated with the same table. `{{` and `}}`
//! are literal braces. A message is matched against every template (literal segments must
//! match, placeholders take the rest); of several matches the one with the most literal text
//! wins. No template matching leaves the English text, so a missing entry degrades to English
//! and never loses information; `tests/i18n.rs` runs the whole corpus in Japanese and fails on
//! any message that was not fully matched.
//!
//! Why templates at the boundary rather than a message-code enum threaded through every call
//! site: the enum would touch every adapter (and every engineer adding a warning would have to
//! add a variant and both texts in Rust), and it still could not reach the texts serde makes.
//! Matching at the boundary leaves the adapters as they are, keeps English byte for byte (it is
//! never touched), keeps partial results language-neutral (a merged partial can be finished in
//! either language, as before), and puts every translation in one reviewable file. The cost is
//! a match per listed message (at most a thousand rejections and a thousand warnings per
//! report), only when the language is Japanese, and about 15 KB gzipped of data in the wasm.

use std::sync::OnceLock;

use crate::catalog::Lang;
use crate::error::Error;
use crate::record::source::{Rejection, Warning};

/// The reviewed English → Japanese template table (the source `build.rs` compiles in; tests
/// read it to check the compiled table against it).
#[cfg(test)]
pub const JA_JSON: &str = include_str!("ja.json");

/// Nested messages (`{x:msg}` inside `{y:msg}` …) are translated this deep at most.
const MAX_NESTING: usize = 6;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A dynamic part; `nested` parts are messages themselves and are translated.
    Hole {
        name: String,
        nested: bool,
    },
}

/// A parsed template pair.
#[derive(Clone, Debug)]
pub struct Template {
    /// The section of `ja.json` it is listed in (where the message comes from). The texts as
    /// written are kept for the tests that check the compiled table against `ja.json` only.
    #[cfg(test)]
    pub section: String,
    #[cfg(test)]
    pub en_text: String,
    #[cfg(test)]
    pub ja_text: String,
    pub en: Vec<Segment>,
    pub ja: Vec<Segment>,
    /// Total length of the English literal segments: the more, the more specific.
    weight: usize,
}

/// Parses `{name}` / `{name:msg}` placeholders and `{{` `}}` escapes.
pub fn parse_template(text: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut spec = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(ch) => spec.push(ch),
                        None => return Err(format!("unclosed placeholder in {text:?}")),
                    }
                }
                let (name, nested) = match spec.split_once(':') {
                    Some((name, "msg")) => (name, true),
                    Some((_, kind)) => {
                        return Err(format!("unknown placeholder kind {kind:?} in {text:?}"));
                    }
                    None => (spec.as_str(), false),
                };
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                {
                    return Err(format!("bad placeholder name {name:?} in {text:?}"));
                }
                if !lit.is_empty() {
                    out.push(Segment::Literal(std::mem::take(&mut lit)));
                }
                if matches!(out.last(), Some(Segment::Hole { .. })) {
                    return Err(format!(
                        "two placeholders without text between them in {text:?}"
                    ));
                }
                out.push(Segment::Hole {
                    name: name.to_string(),
                    nested,
                });
            }
            '}' => return Err(format!("single `}}` in {text:?} (write `}}}}`)")),
            other => lit.push(other),
        }
    }
    if !lit.is_empty() {
        out.push(Segment::Literal(lit));
    }
    Ok(out)
}

/// `ja.json` as `build.rs` compiled it: `SECTIONS`, each with its English → Japanese template
/// pairs, in file order and with duplicates kept (a test rejects them). The module carries
/// neither the JSON text nor code to parse it.
mod table {
    include!(concat!(env!("OUT_DIR"), "/ja_data.rs"));

    pub(super) fn sections() -> &'static [(&'static str, &'static [(&'static str, &'static str)])] {
        SECTIONS
    }
}

/// One template pair with its placeholders parsed.
#[cfg_attr(
    not(test),
    expect(unused_variables, reason = "the section is kept for the tests only")
)]
fn template(section: &str, en_text: &str, ja_text: &str) -> Result<Template, String> {
    let en = parse_template(en_text)?;
    let ja = parse_template(ja_text)?;
    let weight = en
        .iter()
        .map(|s| match s {
            Segment::Literal(l) => l.chars().count(),
            Segment::Hole { .. } => 0,
        })
        .sum();
    Ok(Template {
        #[cfg(test)]
        section: section.to_string(),
        #[cfg(test)]
        en_text: en_text.to_string(),
        #[cfg(test)]
        ja_text: ja_text.to_string(),
        en,
        ja,
        weight,
    })
}

/// Every template of the compiled-in table, or the first that does not parse.
pub fn compiled() -> Result<Vec<Template>, String> {
    let mut out = Vec::new();
    for (section, pairs) in table::sections() {
        for (en_text, ja_text) in *pairs {
            out.push(template(section, en_text, ja_text)?);
        }
    }
    Ok(out)
}

/// The compiled-in table (parsed on first use; empty if a template were malformed, which a unit
/// test rules out).
pub fn templates() -> &'static [Template] {
    static TABLE: OnceLock<Vec<Template>> = OnceLock::new();
    TABLE.get_or_init(|| compiled().unwrap_or_default())
}

/// Every way `segs` matches the whole of `text`, shortest placeholder values first: `visit`
/// gets the placeholder values of each and returns true to stop.
fn splits<'t>(
    segs: &[Segment],
    text: &'t str,
    caps: &mut Vec<&'t str>,
    visit: &mut dyn FnMut(&[&'t str]) -> bool,
) -> bool {
    match segs.split_first() {
        None => text.is_empty() && visit(caps),
        Some((Segment::Literal(lit), rest)) => text
            .strip_prefix(lit.as_str())
            .is_some_and(|t| splits(rest, t, caps, visit)),
        Some((Segment::Hole { .. }, rest)) => match rest.split_first() {
            None => {
                caps.push(text);
                let stop = visit(caps);
                caps.pop();
                stop
            }
            Some((Segment::Literal(lit), _)) => {
                let mut from = 0;
                while let Some(found) = text.get(from..).and_then(|t| t.find(lit.as_str())) {
                    let at = from + found;
                    let (Some(value), Some(tail)) = (text.get(..at), text.get(at..)) else {
                        return false;
                    };
                    caps.push(value);
                    let stop = splits(rest, tail, caps, visit);
                    caps.pop();
                    if stop {
                        return true;
                    }
                    from = at + tail.chars().next().map_or(1, char::len_utf8);
                }
                false
            }
            // Two placeholders in a row are refused when the table is loaded.
            Some((Segment::Hole { .. }, _)) => false,
        },
    }
}

/// A translation, and whether every part of it (nested messages too) had a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub text: String,
    pub complete: bool,
    /// English literal characters the templates used account for, nested ones included: of two
    /// complete readings the one that explains more of the text wins (so `option `x`: {inner}`
    /// beats an inner template that would swallow the prefix as a value).
    pub covered: usize,
}

/// The Japanese of `template` with these placeholder values.
fn render(
    table: &'static [Template],
    template: &Template,
    caps: &[&str],
    depth: usize,
) -> Translation {
    let holes = template.en.iter().filter_map(|s| match s {
        Segment::Hole { name, nested } => Some((name.as_str(), *nested)),
        Segment::Literal(_) => None,
    });
    let values: Vec<(&str, bool, &str)> = holes
        .zip(caps.iter().copied())
        .map(|((name, nested), value)| (name, nested, value))
        .collect();
    let mut complete = true;
    let mut covered = template.weight;
    let mut out = String::new();
    for seg in &template.ja {
        match seg {
            Segment::Literal(lit) => out.push_str(lit),
            Segment::Hole { name, .. } => {
                let Some((_, nested, value)) = values.iter().find(|(n, _, _)| n == name) else {
                    complete = false;
                    continue;
                };
                if *nested {
                    let inner = translate_at(table, value, depth + 1);
                    complete &= inner.complete;
                    covered += inner.covered;
                    out.push_str(&inner.text);
                } else {
                    out.push_str(value);
                }
            }
        }
    }
    Translation {
        text: out,
        complete,
        covered,
    }
}

/// The best translation of `text`: complete ones first (a split of the placeholders whose
/// nested messages all have templates), then the one covering the most literal text.
fn translate_at(table: &'static [Template], text: &str, depth: usize) -> Translation {
    let mut best: Option<Translation> = None;
    if depth < MAX_NESTING {
        for t in table {
            // A template without nested messages covers its own literal text and no more.
            let nested =
                t.en.iter()
                    .any(|s| matches!(s, Segment::Hole { nested: true, .. }));
            if !nested
                && best
                    .as_ref()
                    .is_some_and(|b| b.complete && b.covered >= t.weight)
            {
                continue;
            }
            if let Some(Segment::Literal(first)) = t.en.first()
                && !text.starts_with(first.as_str())
            {
                continue;
            }
            if let Some(Segment::Literal(last)) = t.en.last()
                && !text.ends_with(last.as_str())
            {
                continue;
            }
            let mut first: Option<Translation> = None;
            let mut done: Option<Translation> = None;
            splits(&t.en, text, &mut Vec::new(), &mut |caps| {
                let r = render(table, t, caps, depth);
                if r.complete {
                    done = Some(r);
                    return true;
                }
                if first.is_none() {
                    first = Some(r);
                }
                false
            });
            let Some(found) = done.or(first) else {
                continue;
            };
            let better = best
                .as_ref()
                .is_none_or(|b| (found.complete, found.covered) > (b.complete, b.covered));
            if better {
                best = Some(found);
            }
        }
    }
    best.unwrap_or_else(|| Translation {
        text: text.to_string(),
        complete: false,
        covered: 0,
    })
}

/// The Japanese for an English message of the engine (the English text when no template
/// matches), and whether every part was translated.
pub fn translate(message: &str) -> Translation {
    translate_at(templates(), message, 0)
}

/// A message in `lang`: English is returned as it is.
pub fn localize(lang: Lang, message: &str) -> String {
    match lang {
        Lang::En => message.to_string(),
        Lang::Ja => translate(message).text,
    }
}

fn localize_in_place(lang: Lang, message: &mut String) {
    if lang == Lang::Ja {
        *message = translate(message).text;
    }
}

/// An error with its message and the messages of its details in `lang`.
pub fn localize_error(lang: Lang, mut error: Error) -> Error {
    if lang == Lang::Ja {
        localize_in_place(lang, &mut error.message);
        for d in &mut error.details {
            localize_in_place(lang, &mut d.message);
        }
    }
    error
}

pub fn localize_rejections(lang: Lang, rejections: &mut [Rejection]) {
    if lang == Lang::Ja {
        for r in rejections {
            localize_in_place(lang, &mut r.message);
        }
    }
}

pub fn localize_warnings(lang: Lang, warnings: &mut [Warning]) {
    if lang == Lang::Ja {
        for w in warnings {
            localize_in_place(lang, &mut w.message);
        }
    }
}

/// Whether a text holds Japanese (kana or kanji).
pub fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30ff}' // hiragana, katakana
            | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' // kanji
            | '\u{ff66}'..='\u{ff9f}') // half-width katakana
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use std::fmt;

    /// `{"section": {"english template": "japanese template", …}, …}` in file order, duplicates
    /// kept: read here independently of `build.rs`, to check what it compiled in.
    struct Sections(Vec<(String, Vec<(String, String)>)>);

    struct Pairs(Vec<(String, String)>);

    impl<'de> de::Deserialize<'de> for Pairs {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Pairs;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of English → Japanese templates")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                    let mut out = Vec::new();
                    while let Some(entry) = map.next_entry::<String, String>()? {
                        out.push(entry);
                    }
                    Ok(Pairs(out))
                }
            }
            deserializer.deserialize_map(V)
        }
    }

    impl<'de> de::Deserialize<'de> for Sections {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Sections;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of sections")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sections, A::Error> {
                    let mut out = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        if key.starts_with('_') {
                            map.next_value::<de::IgnoredAny>()?;
                            continue;
                        }
                        let pairs: Pairs = map.next_value()?;
                        out.push((key, pairs.0));
                    }
                    Ok(Sections(out))
                }
            }
            deserializer.deserialize_map(V)
        }
    }

    /// The compiled-in table is `ja.json`, pair for pair, in file order, duplicates included.
    #[test]
    fn the_compiled_table_is_ja_json() {
        let sections: Sections = serde_json::from_str(JA_JSON).unwrap();
        let from_file: Vec<(String, String, String)> = sections
            .0
            .into_iter()
            .flat_map(|(section, pairs)| {
                pairs
                    .into_iter()
                    .map(move |(en, ja)| (section.clone(), en, ja))
            })
            .collect();
        let compiled: Vec<(String, String, String)> = compiled()
            .unwrap()
            .into_iter()
            .map(|t| (t.section, t.en_text, t.ja_text))
            .collect();
        assert!(from_file.len() > 200, "only {} templates", from_file.len());
        assert_eq!(compiled, from_file);
        assert_eq!(templates().len(), from_file.len());
    }

    fn holes(segs: &[Segment]) -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = segs
            .iter()
            .filter_map(|s| match s {
                Segment::Hole { name, nested } => Some((name.clone(), *nested)),
                Segment::Literal(_) => None,
            })
            .collect();
        v.sort();
        v
    }

    /// Every English template has a Japanese counterpart with the same placeholders, written
    /// in Japanese, and no template is listed twice.
    #[test]
    fn every_template_has_japanese_with_the_same_placeholders() {
        let table = compiled().unwrap();
        assert!(table.len() > 200, "only {} templates", table.len());
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for t in &table {
            if !seen.insert(t.en_text.clone()) {
                problems.push(format!("listed twice: {:?}", t.en_text));
            }
            if t.ja_text.trim().is_empty() {
                problems.push(format!("no Japanese for {:?}", t.en_text));
                continue;
            }
            if !has_japanese(&t.ja_text) {
                problems.push(format!("not Japanese: {:?} → {:?}", t.en_text, t.ja_text));
            }
            if holes(&t.en) != holes(&t.ja) {
                problems.push(format!(
                    "placeholders differ: {:?} → {:?}",
                    t.en_text, t.ja_text
                ));
            }
            let mut names: Vec<_> = holes(&t.en).into_iter().map(|(n, _)| n).collect();
            let before = names.len();
            names.dedup();
            if names.len() != before {
                problems.push(format!("a placeholder appears twice: {:?}", t.en_text));
            }
            if t.en.iter().all(|s| matches!(s, Segment::Hole { .. })) {
                problems.push(format!("no literal text: {:?}", t.en_text));
            }
            if has_japanese(&t.en_text) {
                problems.push(format!("English side holds Japanese: {:?}", t.en_text));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn placeholders_carry_values_and_nested_messages_are_translated() {
        let t = translate("option `lang`: unknown language \"fr\"; expected \"en\" or \"ja\"");
        assert!(t.complete, "{}", t.text);
        assert!(
            t.text.contains("`lang`") && t.text.contains("\"fr\""),
            "{}",
            t.text
        );
        assert!(has_japanese(&t.text));
        let miss = translate("no template says this");
        assert_eq!(miss.text, "no template says this");
        assert!(!miss.complete);
    }

    #[test]
    fn english_is_untouched() {
        let text = "malformed JSON at line 3 column 14: expected `,` or `}`";
        assert_eq!(localize(Lang::En, text), text);
        let ja = localize(Lang::Ja, text);
        assert!(
            ja.contains('3') && ja.contains("14") && has_japanese(&ja),
            "{ja}"
        );
    }

    #[test]
    fn templates_parse_escapes_and_reject_adjacent_placeholders() {
        assert_eq!(
            parse_template("expected a list of {{Name, Value}}").unwrap(),
            vec![Segment::Literal("expected a list of {Name, Value}".into())]
        );
        assert!(parse_template("{a}{b}").is_err());
        assert!(parse_template("x {a:frob}").is_err());
        assert!(parse_template("x }").is_err());
    }

    #[test]
    fn the_reading_that_explains_most_of_the_text_wins() {
        // The outer option template and the inner clause template both match the whole text
        // (the inner one taking "option `clause`: \"8.6.1\"" as its value); the outer one
        // with the inner one nested explains more of it.
        let t = translate("option `clause`: \"8.6.1\" is not a clause of the 2011 edition");
        assert!(t.complete, "{}", t.text);
        assert!(!t.text.contains("option"), "{}", t.text);
    }

    #[test]
    fn the_most_specific_template_wins() {
        // "unknown level (map it with context.choices)" is listed; the generic "unknown {what:msg}
        // (map it with context.choices)" must not take it.
        let t = translate("unknown level (map it with context.choices)");
        assert!(t.complete, "{}", t.text);
    }
}
