use serde_json::Value;

use crate::record::time::Instant;

/// Removes `sys_id` from every object that also carries a `number`: the records of an
/// export taken with a field list. References (`{link, value}`) and related rows keep theirs.
fn strip_sys_id(v: &mut Value) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if map.contains_key("number") && map.remove("sys_id").is_some() {
                n += 1;
            }
            n + map.values_mut().map(strip_sys_id).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(strip_sys_id).sum(),
        _ => 0,
    }
}

fn evaluate(engine: &crate::Engine, text: &str) -> Value {
    let report = crate::ffi::evaluate(engine, text, Some(r#"{"source":"servicenow"}"#))
        .unwrap_or_else(|e| panic!("{e:?}"));
    serde_json::from_str(&report).unwrap()
}

/// Each check's counts (its examples name records by their key, which differs).
fn outcomes(report: &Value) -> Vec<(String, u64, u64, u64)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let n = |k: &str| c[k].as_u64().unwrap_or(0);
            let id = c["id"].as_str().unwrap_or_default().to_string();
            (id, n("applicable"), n("passed"), n("failed"))
        })
        .collect()
}

fn count(report: &Value, what: &str) -> u64 {
    report["records"][what].as_u64().unwrap()
}

/// Real payloads nobody here wrote (../shared/fixtures/servicenow), each taken without its
/// sys_id at test time: every record is still evaluated, keyed by its number, with one
/// warning per input. Skipped with one line where the shared fixtures are absent.
#[test]
fn real_payloads_without_sys_id_are_keyed_by_their_number() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/servicenow");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("ServiceNow fixture test skipped: ../shared/fixtures absent");
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let engine =
        crate::ffi::engine_new(Some(r#"{"asOf":"2026-06-30"}"#), Instant(1_782_777_600)).unwrap();
    let (mut stripped_total, mut evaluated_total, mut sla_judged) = (0usize, 0u64, 0u64);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut value: Value = serde_json::from_str(&text).unwrap();
        let stripped = strip_sys_id(&mut value);
        if stripped == 0 {
            continue;
        }
        let with = evaluate(&engine, &text);
        let without = evaluate(&engine, &value.to_string());
        assert_eq!(count(&with, "rejected"), 0, "{name}: {with}");
        assert_eq!(
            count(&without, "rejected"),
            0,
            "{name}: {}",
            without["rejected"]
        );
        assert_eq!(
            count(&without, "evaluated"),
            count(&with, "evaluated"),
            "{name}"
        );
        let grouped: Vec<&Value> = without["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| {
                w["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("had no sys_id and are keyed by their number"))
            })
            .collect();
        assert_eq!(grouped.len(), 1, "{name}: one warning for the input");
        let message = grouped[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{stripped} ServiceNow record(s)")),
            "{name}: {message}"
        );
        // The same verdicts, on records now keyed by their number.
        assert_eq!(outcomes(&with), outcomes(&without), "{name}");
        stripped_total += stripped;
        evaluated_total += count(&without, "evaluated");
        sla_judged += outcomes(&without)
            .iter()
            .filter(|(id, ..)| id == "INC-SLA-MET" || id == "REQ-SLA-MET")
            .map(|(_, applicable, ..)| applicable)
            .sum::<u64>();
    }
    assert!(stripped_total > 0, "no ServiceNow record in the fixtures");
    // The incidents' made_sla decides their SLA check without any task_sla row.
    assert!(sla_judged > 0, "made_sla judged no incident");
    eprintln!(
        "ServiceNow fixtures without sys_id: {stripped_total} records keyed by their number, {evaluated_total} evaluated, 0 rejected; {sla_judged} judged on made_sla"
    );
}

/// The second chance (elements serde refuses and `JSON.parse` reads) goes through the tree's
/// JSON text: it reads what deserialising the tree directly read, warnings included.
#[test]
fn the_second_chance_reads_as_the_tree_did() {
    use serde::Deserialize;

    use super::read::{SnRecord, from_tree, read_record};
    use crate::record::source::Cursor;

    let shown = |rec: &SnRecord<'_>| -> Vec<String> {
        let fields = rec.fields().map(|(f, v)| format!("{}={}", f.key(), v.describe()));
        let duplicates = rec.duplicates.iter().map(|(f, v)| format!("dup {}={v}", f.key()));
        fields.chain(duplicates).collect()
    };
    for element in [
        r#"{"sys_id":"1","number":"INC1","state":"2","state":"3"}"#,
        r#"{"sys_id":"1","short_description":"a\ud800b","priority":1e400}"#,
        r#"{"sys_id":"1","priority":{"value":"2","display_value":"2 - High"},"priority":[1]}"#,
        r#"{"sys_id":"1","impact":{"value":[1],"link":"x"},"category":"\udc00"}"#,
    ] {
        let mut warnings = Vec::new();
        let mut at = Cursor::new(0, "$[0]".into(), &mut warnings);
        let tree = crate::record::source::doc::read(element, &mut at).unwrap();
        let direct = SnRecord::deserialize(tree.to_value()).unwrap();
        let through_text = from_tree(&tree, &mut at).unwrap();
        assert_eq!(shown(&through_text), shown(&direct), "{element}");
        // What the adapter reads: the element's own fields (a repeated key noted), or the tree's.
        assert!(read_record(element, &mut at).is_ok(), "{element}");
    }
}

#[test]
fn short_digit_runs_read_as_the_float_parse_reads_them() {
    use super::reader::number_in;
    for text in [
        "0", "1", "5", "007", "42", "999999999999999", "1000000000000000", "", "-1", "+1",
        "1.0", "1e3", " 1", "1 ", "x", "١", "NaN", "inf",
    ] {
        // Compared bit for bit: "NaN" parses to a NaN, which equals nothing.
        let bits = |n: Option<f64>| n.map(f64::to_bits);
        assert_eq!(bits(number_in(text).ok()), bits(text.parse().ok()), "{text:?}");
    }
    for n in (0..200_000u64).chain((0..64).map(|s| 1u64 << (s % 50))) {
        let text = n.to_string();
        assert_eq!(number_in(&text).ok(), text.parse::<f64>().ok(), "{text}");
    }
}

/// Display-value pairs read from the members the input scan noted give the fields the object's
/// own text gives, and so does every shape the scan leaves to the reader (non-string parts,
/// repeats, escapes, other keys, empty objects).
#[test]
fn display_value_pairs_read_from_the_scan_as_from_their_text() {
    use super::read::{SnRecord, read_fast};
    let records = [
        r#"{"sys_id":"a1","number":{"display_value":"INC1","value":"INC1"},"state":{"display_value":"Resolved","value":"6"},"assigned_to":{"display_value":"Fred","link":"https://x/api/now/table/sys_user/f1","value":"f1"}}"#,
        r#"{"sys_id":"a2","short_description":{"value":" tab\tand \"quote\" ","display_value":"caf\u00e9 \\ end"},"priority":{"value":"2","display_value":"2 - High","link":"x"}}"#,
        r#"{"sys_id":"a3","state":{"value":6,"display_value":"Resolved"},"impact":{"value":"1","value":"2"},"urgency":{"display_value":null,"value":"3"}}"#,
        r#"{"sys_id":"a4","state":{},"impact":{"other":"x"},"urgency":{"value":"1","other":"y","display_value":"1 - High"},"category":{"value":"net","extra":{"deep":1}}}"#,
        r#"{"sys_id":"a5","caller_id":{"link":5,"value":"u"},"cmdb_ci":{"val\u0075e":"c"},"close_notes":{"display_value":"x","link":"l","value":"v"}}"#,
    ];
    let text = format!("[{}]", records.join(","));
    let elements = crate::record::source::split(&text).expect("valid JSON");
    let shown = |rec: &SnRecord<'_>| -> Vec<String> {
        rec.fields()
            .map(|(f, field)| format!("{f:?} {} {} {:?}", field.describe(), field.object, field.link.as_deref()))
            .collect()
    };
    let mut compared = 0;
    for (i, raw) in elements.items.iter().enumerate() {
        let members = elements.members_of(i).expect("the scan noted its members");
        let from_scan = read_fast(raw, Some(members));
        let from_text = read_fast(raw, None);
        // What neither fast read takes (a link that is not a string) goes to serde.
        assert_eq!(from_scan.is_some(), from_text.is_some(), "{raw}");
        let by_serde: SnRecord<'_> = crate::util::json::from_str(raw).expect("serde reads it");
        if let (Some(scan), Some(text)) = (&from_scan, &from_text) {
            assert_eq!(shown(scan), shown(text), "{raw}");
            assert_eq!(shown(scan), shown(&by_serde), "{raw}");
            compared += 1;
        }
    }
    assert_eq!(compared, 4, "only the non-string link goes to serde");
    // The pairs of the first record were taken from the scan: its members hold them.
    let first = elements.members_of(0).expect("members");
    assert_eq!(first.iter().map(|m| m.inner()).collect::<Vec<_>>(), [0, 2, 0, 0, 2, 0, 0, 3, 0, 0, 0]);
}

/// A record read after another takes the other's field list, emptied: one allocation for an
/// export, not one of 5 KB per record. Two records alive at once each have their own list, and
/// a reused list holds nothing of the record before.
#[test]
fn a_record_reuses_the_field_list_of_the_record_before() {
    use super::read::{F, SnRecord, read_fast};
    let first = read_fast(r#"{"sys_id":"a1","number":"INC1","short_description":"printer"}"#, None)
        .expect("read");
    let list = first.present.as_ptr() as usize;
    let capacity = first.present.capacity();
    drop(first);
    let second = read_fast(r#"{"sys_id":"a2"}"#, None).expect("read");
    assert_eq!(second.present.as_ptr() as usize, list, "the list is reused");
    assert_eq!(second.present.capacity(), capacity);
    assert_eq!(second.present.len(), 1);
    assert!(!second.get(F::number).present, "nothing left of the record before");
    let third = SnRecord::new();
    assert_ne!(third.present.as_ptr() as usize, list, "a record alive keeps its own");
    assert!(third.present.is_empty() && third.present.capacity() >= 48);
}

/// The scan's one table of keys finds every field by its key's id, and no field for other
/// keys: each top-level member carries its key's id; the members of a pair carry none.
#[test]
fn fields_are_found_by_the_scan_s_key_ids() {
    use super::read::{F, FIELD_KEYS};
    use crate::record::source::envelope::member_key_id;
    for (i, key) in FIELD_KEYS.iter().enumerate() {
        let id = member_key_id(key.as_bytes());
        assert_ne!(id, 0, "{key}");
        assert_eq!(F::of_key_id(id).map(|f| f as usize), Some(i), "{key}");
        assert_eq!(F::of(key).map(|f| f as usize), Some(i), "{key}");
    }
    // A signature key of another tool, keys no list names and near misses.
    for key in ["kind", "fields", "sys_idx", "sys_i", "Number", "", "numbe\u{301}r"] {
        assert!(F::of_key_id(member_key_id(key.as_bytes())).is_none(), "{key}");
        assert!(F::of(key).is_none(), "{key}");
    }
    let text = r#"[{"sys_id":"1","x":2,"number":{"value":"a","display_value":"b"},"kind":"x"}]"#;
    let elements = crate::record::source::split(text).expect("valid JSON");
    let members = elements.members_of(0).expect("members");
    let ids: Vec<u8> = members.iter().map(|m| m.key_id).collect();
    let id = |key: &str| member_key_id(key.as_bytes());
    assert_eq!(ids, [id("sys_id"), 0, id("number"), 0, 0, id("kind")]);
    assert_eq!(members.iter().map(|m| m.inner()).collect::<Vec<_>>(), [0, 0, 2, 0, 0, 0]);
    // Strings without escapes are plain; the number and the pair's object are not.
    let plain: Vec<bool> = members.iter().map(|m| m.plain()).collect();
    assert_eq!(plain, [true, false, false, true, true, true]);
}
