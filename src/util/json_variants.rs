//! Changed copies of a JSON value, for the tests that hold a reader of the crate's own formats
//! against serde's derived reader of the same types (the options, the rule packs, the partial
//! result): at every path of the value, the value replaced by each of a list of others, and at
//! every member, the member removed, or an unknown member put beside it.
//!
//! Test code only: the library's unit tests use it as `crate::util::json_variants`, the
//! integration tests include this file (`#[path]`), so it names nothing of the crate.

use serde_json::{Value, json};

/// One step of a path: a member, or an array's item.
#[derive(Clone, Debug)]
pub enum Step {
    Key(String),
    Item(usize),
}

/// Every path of `value`: the first `members_kept` members of each object, and the first item
/// of each array (the items of a list share one shape).
pub fn paths(value: &Value, members_kept: usize) -> Vec<Vec<Step>> {
    fn walk(value: &Value, kept: usize, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(members) => {
                for (k, v) in members.iter().take(kept) {
                    at.push(Step::Key(k.clone()));
                    out.push(at.clone());
                    walk(v, kept, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                if let Some(first) = items.first() {
                    at.push(Step::Item(0));
                    out.push(at.clone());
                    walk(first, kept, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, members_kept, &mut Vec::new(), &mut out);
    out
}

/// The value at `path` in `root`.
pub fn slot<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(root, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Item(i) => v.get_mut(*i),
    })
}

/// Calls `check` with each changed copy of `base` and what was changed: at each path of
/// [`paths`], the value replaced by each of `replacements`; at each member, the member removed,
/// and an unknown member (`unknownMember`) put beside it. Returns how many copies there were.
pub fn for_each_variant(
    base: &Value,
    members_kept: usize,
    replacements: &[Value],
    check: &mut dyn FnMut(&str, &Value),
) -> usize {
    let mut count = 0;
    for path in paths(base, members_kept) {
        for replacement in replacements {
            let mut changed = base.clone();
            if let Some(v) = slot(&mut changed, &path) {
                *v = replacement.clone();
            }
            check(&format!("{path:?} = {replacement}"), &changed);
            count += 1;
        }
        if let Some((Step::Key(key), parent)) = path.split_last() {
            let mut changed = base.clone();
            if let Some(members) = slot(&mut changed, parent).and_then(Value::as_object_mut) {
                members.remove(key);
            }
            check(&format!("{path:?} removed"), &changed);
            let mut changed = base.clone();
            if let Some(members) = slot(&mut changed, parent).and_then(Value::as_object_mut) {
                members.insert("unknownMember".into(), json!(1));
            }
            check(&format!("{path:?} and an unknown member"), &changed);
            count += 2;
        }
    }
    count
}
