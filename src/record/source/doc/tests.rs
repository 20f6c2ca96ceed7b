use super::super::Context;
use super::*;
use crate::record::value::Field;

#[test]
fn reads_nested_values_and_warns_with_paths() {
    let text = r#"{"fields": {"status": {"statusCategory": {"key": "done"}}, "n": "12", "bad": [1], "when": "2026-01-02T03:04:05.000+0900", "ms": 1767225600000, "none": 0}}"#;
    let node: Node = serde_json::from_str(text).unwrap();
    assert_eq!(
        node.at("fields.status.statusCategory.key")
            .and_then(Node::as_str),
        Some("done")
    );
    let cx = Context::default();
    let mut warnings = Vec::new();
    let mut at = Cursor::new(4, "$[4]".into(), &mut warnings);
    let mut doc = Doc::new(&node, &cx, &mut at);
    assert_eq!(doc.count("fields.n"), Field::Value(12));
    assert_eq!(doc.count("fields.missing"), Field::Absent);
    assert_eq!(doc.text("fields.bad"), Field::Absent);
    assert_eq!(
        doc.instant("fields.when").value().map(|i| i.to_string()),
        Some("2026-01-01T18:04:05Z".into())
    );
    assert_eq!(
        doc.instant("fields.ms").value().map(|i| i.to_string()),
        Some("2026-01-01T00:00:00Z".into())
    );
    assert_eq!(doc.instant("fields.none"), Field::Null);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, "$[4].fields.bad");
    assert_eq!(warnings[0].value, "[1]");
}

#[test]
fn decimals_follow_the_instance_separator() {
    assert_eq!(parse_decimal("99,95", true), Some(99.95));
    assert_eq!(parse_decimal("1.234,5", true), Some(1234.5));
    assert_eq!(parse_decimal("1,234.5", false), Some(1234.5));
    assert_eq!(parse_decimal("85 %", false), Some(85.0));
}

#[test]
fn adf_reads_as_plain_text_with_block_lines() {
    let text = r#"{"type":"doc","version":1,"content":[
        {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Rollback"}]},
        {"type":"bulletList","content":[
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Stop "},{"type":"text","text":"service","marks":[{"type":"strong"}]}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Restore"},{"type":"hardBreak"},{"type":"text","text":"snapshot by "},{"type":"mention","attrs":{"id":"1","text":"@Ana"}}]}]}
        ]}]}"#;
    let node: Node = serde_json::from_str(text).unwrap();
    assert_eq!(
        plain_text(&node),
        "Rollback\nStop service\nRestore\nsnapshot by @Ana"
    );
}

/// The byte lexer's tree is serde's, borrowed where serde's is, with the same repeated keys
/// flagged; what the lexer leaves to serde_json is `None`.
#[test]
fn the_lexed_tree_is_serde_s() {
    // The tree, and how many objects of it repeat a key.
    let read = |read: &dyn Fn() -> Node<'static>| {
        DUPLICATES.with(|d| d.set(0));
        let tree = read();
        (tree, DUPLICATES.with(|d| d.replace(0)))
    };
    fn borrowed(n: &Node<'_>, out: &mut Vec<bool>) {
        let is_borrowed = |t: &Text<'_>| matches!(t.0, std::borrow::Cow::Borrowed(_));
        match n {
            Node::Str(t) => out.push(is_borrowed(t)),
            Node::Arr(items) => items.iter().for_each(|i| borrowed(i, out)),
            Node::Obj(members) => members.iter().for_each(|(k, v)| {
                out.push(is_borrowed(k));
                borrowed(v, out);
            }),
            _ => {}
        }
    }
    for text in [
        r#"{"a": 1, "b": [true, false, null, -0, -0.0, 0.5, 1e3, -12345678901234567890], "c": {}}"#,
        r#" { "k" : " padded ", "e": "tab\tand \u00e9 and \ud83d\ude00", "n": " \n x \r" } "#,
        r#"{"a": 1, "a": 2, "x": {"y": [1, {"y": 2, "y": 3}]}}"#,
        r#"{"deep": [[[[[[[[[[{"z": "0.30000000000000004"}]]]]]]]]]], "num": 0.30000000000000004}"#,
        r#"{"k": "\/\"\\\b\f\n\r\t", "empty": "", "blank": "   ", "arr": []}"#,
        r#"[1, "two", {"three": 3}]"#,
        r#""just a string""#,
        "123.25",
    ] {
        let (serde_tree, serde_repeats) = read(&|| crate::util::json::from_str(text).unwrap());
        let (mine, my_repeats) = read(&|| lexed(text).unwrap_or_else(|| panic!("lexed: {text}")));
        assert_eq!(mine, serde_tree, "{text}");
        assert_eq!(my_repeats, serde_repeats, "{text}");
        // Borrowed where serde borrows: the same texts point into the input.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        borrowed(&mine, &mut a);
        borrowed(&serde_tree, &mut b);
        assert_eq!(a, b, "{text}");
    }
    let too_deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    for text in [
        r#"{"a": 1,}"#,
        r#"{"a": "\ud800"}"#,
        r#"{"a": 1e400}"#,
        r#"{"k\u0041": 1}"#,
        r#"{"a": 1} x"#,
        r#"{"a": tru}"#,
        "",
        too_deep.as_str(),
    ] {
        assert!(lexed(text).is_none(), "{text}");
    }
}

/// A dotted path finds what following its segments one by one finds: empty segments, a
/// leading or trailing dot, array indexes and keys with other characters included.
#[test]
fn paths_are_followed_segment_by_segment() {
    let tree: Node<'_> = crate::util::json::from_str(
        r#"{"a":{"b":[{"c":1},{"":2,"d-e":3}],"":{"x":4}},"f":"g","é":{"h":5}}"#,
    )
    .unwrap();
    let by_split = |path: &str| {
        let mut node = &tree;
        for seg in path.split('.') {
            node = match node {
                Node::Arr(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => node.get(seg)?,
            };
        }
        Some(node)
    };
    for path in [
        "",
        "a",
        "a.b",
        "a.b.0",
        "a.b.0.c",
        "a.b.1.",
        "a.b.1.d-e",
        "a..x",
        "a.",
        ".a",
        "f",
        "f.g",
        "a.b.2",
        "a.b.x",
        "é.h",
        "é",
        "..",
        "a.b.0.c.d",
    ] {
        assert_eq!(
            tree.at(path).map(|n| format!("{n:?}")),
            by_split(path).map(|n| format!("{n:?}")),
            "{path}"
        );
    }
    assert_eq!(tree.at("a.b.1.d-e").and_then(Node::as_f64), Some(3.0));
}

#[test]
fn numbers_read_as_text_are_written_as_format_writes_them() {
    let formatted = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            n.to_string()
        }
    };
    let mut numbers: Vec<f64> = (-1_100..=1_100).map(f64::from).collect();
    numbers.extend([
        -0.0,
        0.5,
        -2.25,
        1e15,
        1e15 - 1.0,
        -(1e15 - 1.0),
        123_456_789.0,
        -1_000.0,
        9_007_199_254_740_993.0,
        1e300,
        f64::MIN_POSITIVE,
    ]);
    for n in numbers {
        assert_eq!(&*super::number_text(n), formatted(n), "{n}");
    }
    // 0-999 are borrowed from the static table, larger integers written.
    assert!(matches!(
        super::number_text(999.0).0,
        std::borrow::Cow::Borrowed("999")
    ));
    assert!(matches!(
        super::number_text(1_000.0).0,
        std::borrow::Cow::Owned(_)
    ));
}

#[test]
fn repeated_keys_are_found_in_objects_of_every_size() {
    let object = |keys: &[String]| -> Vec<(Text<'static>, Node<'static>)> {
        keys.iter()
            .map(|k| (Text::owned(k.clone()), Node::Null))
            .collect()
    };
    for n in (0..80usize).chain(250..262) {
        // Keys of one length and shape, and others: pairwise below 17 members, by sorted hashes to
        // 256, in a set above.
        let keys: Vec<String> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    format!("a{:02}b{:02}c", i % 97, i / 97)
                } else {
                    format!("key_{i}")
                }
            })
            .collect();
        assert!(!super::has_duplicates(&object(&keys)), "{n} distinct keys");
        for (first, second) in [(0, n.saturating_sub(1)), (n / 2, n / 2 + 1), (1, 3)] {
            if second >= n || first == second {
                continue;
            }
            let mut repeated = keys.clone();
            if let Some(k) = keys.get(first).cloned()
                && let Some(slot) = repeated.get_mut(second)
            {
                *slot = k;
            }
            assert!(
                super::has_duplicates(&object(&repeated)),
                "{n} keys, {first} repeated at {second}"
            );
        }
    }
}

/// Integers of up to 15 digits keep the text the input writes them with: read as text they are
/// borrowed, not written again, and their text is the one `number_text` writes of their value.
/// Anything else (a fraction, an exponent, `-0`, 16 digits) is a `Num` as before, and the trees
/// equal serde's.
#[test]
fn integers_keep_their_text() {
    let text = r#"{"id": 1045872, "neg": -42, "zero": 0, "minus_zero": -0, "big": 1234567890123456, "max": 999999999999999, "frac": 12.5, "exp": 1e3}"#;
    let lexed = super::lexed(text).expect("lexed");
    let serde: Node<'_> = serde_json::from_str(text).unwrap();
    assert_eq!(lexed, serde);
    for (key, int) in [
        ("id", true),
        ("neg", true),
        ("zero", true),
        ("max", true),
        ("minus_zero", false),
        ("big", false),
        ("frac", false),
        ("exp", false),
    ] {
        let node = lexed.get(key).expect(key);
        assert_eq!(matches!(node, Node::Int(_)), int, "{key}");
        let value = node.as_f64().expect(key);
        assert_eq!(
            node.as_text().map(|t| t.to_string()),
            Some(number_text(value).to_string()),
            "{key}"
        );
        assert_eq!(
            node.describe(),
            serde.get(key).expect(key).describe(),
            "{key}"
        );
        assert_eq!(
            node.to_value(),
            serde.get(key).expect(key).to_value(),
            "{key}"
        );
    }
    assert!(matches!(
        lexed.get("id").and_then(Node::as_text).map(|t| t.0),
        Some(std::borrow::Cow::Borrowed("1045872"))
    ));
    assert_eq!(lexed.get("id").and_then(Node::number), Some(1_045_872.0));
    assert_ne!(lexed.get("id"), lexed.get("neg"));
    assert_eq!(lexed.clone().into_owned(), serde);
}
