use super::*;

fn count(text: &str) -> (usize, &'static str, bool) {
    match split(text) {
        Ok(e) => (e.items.len(), e.base, e.single),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn accepts_the_envelopes_tools_use() {
    assert_eq!(count(r#"[{"a":1},{"b":2}]"#), (2, "$", false));
    assert_eq!(
        count(r#"{"result":[{"sys_id":"1"},{"sys_id":"2"},{}]}"#),
        (3, "$.result", false)
    );
    assert_eq!(count(r#"{"result":{"sys_id":"1"}}"#), (1, "$.result", true));
    assert_eq!(
        count(r#"{"records":[{"id":"1"}]}"#),
        (1, "$.records", false)
    );
    assert_eq!(count(r#"  {"id":"1","kind":"incident"}"#), (1, "$", true));
    // A record that has a field called `result` is still one record.
    assert_eq!(
        count(r#"{"id":"7","kind":"continuity_test","result":"passed"}"#),
        (1, "$", true)
    );
}

/// Each envelope is declared by its tool's adapter: the hint, the base path and the extras
/// (Jira's `names`, Zammad's ids with the tickets in `assets`, iTop's map) come from there.
#[test]
fn envelopes_come_from_the_adapters() {
    let split_ok = |text: &'static str| split(text).unwrap_or_else(|e| panic!("{e}"));
    let zammad =
        split_ok(r#"{"tickets":[7,9],"assets":{"Ticket":{"7":{"id":7},"9":{"id":9}},"User":{}}}"#);
    assert_eq!(
        (zammad.items.len(), zammad.base, zammad.hint),
        (2, "$.assets.Ticket", Some(Source::Zammad))
    );
    assert_eq!(zammad.path_at(1, 1), "$.assets.Ticket[\"9\"]");
    let fresh = split_ok(r#"{"tickets":[{"id":7}],"assets":{}}"#);
    assert_eq!(
        (fresh.items.len(), fresh.base, fresh.hint),
        (1, "$.tickets", Some(Source::Freshservice))
    );
    let jira = split_ok(r#"{"issues":[{"key":"A-1"}],"names":{"customfield_1":"Team"}}"#);
    assert_eq!(
        (jira.hint, jira.page_names),
        (Some(Source::Jira), Some(r#"{"customfield_1":"Team"}"#))
    );
    let itop = split_ok(r#"{"objects":{"UserRequest::1":{"class":"UserRequest"}},"code":0}"#);
    assert_eq!(
        (itop.items.len(), itop.base, itop.hint),
        (1, "$.objects", Some(Source::Itop))
    );
    let generic = split_ok(r#"{"records":[{"id":"1"}]}"#);
    assert_eq!(generic.hint, None);
    // A tool's record keys make an object with an envelope-named member one record.
    for record in [
        r#"{"sys_id":"1","result":[]}"#,
        r#"{"key":"A-1","issues":[]}"#,
        r#"{"TicketID":"1","Ticket":[]}"#,
    ] {
        let one = split_ok(record);
        assert_eq!(
            (one.items.len(), one.base, one.single),
            (1, "$", true),
            "{record}"
        );
    }
}

#[test]
fn syntax_errors_between_elements_name_line_and_column() {
    let err = split("[\n  {\"id\": 1}\n  {\"id\": 2}\n]").err();
    let err = err.as_ref();
    assert_eq!(err.map(|e| e.code), Some(ErrorCode::JsonSyntax));
    assert_eq!(err.and_then(|e| e.line), Some(3));
    assert_eq!(err.and_then(|e| e.column), Some(3));
    assert!(err.is_some_and(|e| e.message.contains("line 3 column 3")));
    let trailing = split("[1] x").err();
    assert_eq!(trailing.and_then(|e| e.column), Some(5));
}

#[test]
fn element_offsets_locate_errors_inside_elements() {
    let text = "[\n  {\"id\": 1},\n  {\"id\": [1,,2]}\n]";
    let elements = split(text).unwrap();
    assert_eq!(elements.items, ["{\"id\": 1}", "{\"id\": [1,,2]}"]);
    let inner = serde_json::from_str::<serde_json::Value>(elements.items[1]).unwrap_err();
    let err = elements.syntax_error(1, &inner);
    assert_eq!((err.line, err.column), (Some(3), Some(13)));
    // Member syntax of a record is already checked by the scan, with the position.
    let err = split("[\n  {\"id\": 2,,}\n]").err();
    assert_eq!(err.as_ref().and_then(|e| e.line), Some(2));
}

#[test]
fn wrong_shapes_are_errors_not_panics() {
    for text in ["", "42", "\"text\"", "null", "{\"result\": 5}", "[1,", "{"] {
        assert!(split(text).is_err(), "{text:?}");
    }
}

#[test]
fn element_paths_are_written_as_format_would() {
    for index in [0, 7, 9, 10, 99, 100, 123_456, u64::MAX] {
        assert_eq!(
            indexed_path("$.result", index),
            format!("$.result[{index}]")
        );
    }
}

/// The lists of a long array are sized from the elements read first and are not regrown by
/// doubling when the first element is a little larger than the rest (issue 12: the ServiceNow
/// export's member list was copied whole once, 7 % of a native run).
#[test]
fn long_arrays_are_sized_ahead_without_doubling() {
    let mut text =
        String::from(r#"[{"sys_id":"0","number":"INC0","work_notes":"a longer first note"}"#);
    for i in 1..20_000 {
        text.push_str(&format!(
            r#",{{"sys_id":"{i}","number":"INC{i}","work_notes":""}}"#
        ));
    }
    text.push(']');
    let e = split(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((e.items.len(), e.members.len()), (20_000, 60_000));
    // Sized ahead with an eighth of room: a doubling would leave about twice the length.
    for (what, len, capacity) in [
        ("items", e.items.len(), e.items.capacity()),
        ("members", e.members.len(), e.members.capacity()),
    ] {
        assert!(
            capacity * 4 <= len * 5,
            "{what}: capacity {capacity} for {len}"
        );
    }
}

/// A key too long for a member's 16-bit length leaves its element to the adapter's general
/// reader (no member spans), and the elements around it keep theirs.
#[test]
#[cfg(feature = "servicenow")]
fn a_key_beyond_16_bits_leaves_the_element_to_the_general_reader() {
    let long = "k".repeat(70_000);
    let text = format!(r#"[{{"sys_id":"1"}},{{"sys_id":"2","{long}":"2"}},{{"sys_id":"4"}}]"#);
    let e = split(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.items.len(), 3);
    assert!(e.members_of(1).is_none());
    for (i, key) in [(0, "sys_id"), (2, "sys_id")] {
        let members = e.members_of(i).unwrap_or_else(|| panic!("element {i}"));
        let (from, to) = members[0].key();
        assert_eq!(e.items[i].get(from as usize..to as usize), Some(key));
    }
}

/// A string the input ends in (also on its backslash) is named where it opens; escaped quotes
/// and backslashes inside strings end nothing. Keys and values pass through the scan's skip.
#[test]
fn strings_are_skipped_past_their_escapes_and_named_when_unclosed() {
    assert_eq!(
        count(r#"{"result":[{"a\"]":"x\\"},{"b":["\"",{"c":"\\\"}"}]}]}"#),
        (2, "$.result", false)
    );
    for (text, column) in [
        (r#"{"result":[{"a":1}], "note": "ab"#, 30),
        (r#"{"result":[{"a":1}], "note": "ab\"#, 30),
        (r#"{"result":[{"a":1}], "no"#, 22),
    ] {
        let e = split(text).map(|_| ()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(column)), "{text}: {e}");
        assert!(
            e.message.contains("EOF while parsing a string"),
            "{text}: {e}"
        );
    }
}

/// Members are noted for the elements of a tool that reads them, guessed from the elements
/// before: after 16 Jira issues in a row the issues are only balanced, with the spans and keys a
/// noting scan gives them; the ServiceNow record after them is missed (its reader reads it
/// without members) and noting starts again with it.
#[test]
#[cfg(all(feature = "servicenow", feature = "jira"))]
fn members_are_noted_only_for_elements_read_from_them() {
    let issue = r#"{"key":"A-1","fields":{"summary":"a \"b\" [c] {d}","n":[1,{"x":"}]"}],"e":{}}}"#;
    let (sn1, sn2) = (r#"{"sys_id":"1","number":"INC1"}"#, r#"{"sys_id":"2"}"#);
    let mut all = vec![issue; 20];
    all.extend([sn1, sn2, issue]);
    let text = format!("[{}]", all.join(" ,"));
    let e = split(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.items, all);
    let noted: Vec<usize> = (0..all.len())
        .filter(|&i| e.members_of(i).is_some())
        .collect();
    let want: Vec<usize> = (0..16).chain([21, 22]).collect();
    assert_eq!(noted, want);
    // A noting scan of each element alone gives the same keys.
    for (i, item) in e.items.iter().enumerate() {
        let one = format!("[{item}]");
        let alone = split(&one).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(alone.keys[0], e.keys[i], "element {i}");
        assert!(alone.members_of(0).is_some(), "element {i}");
    }
}
