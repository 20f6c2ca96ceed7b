//! The live form (`engine.form(options)` in JavaScript): the options resolved once, the field
//! names the adapter reads handed over once, and per call only the values of the fields the
//! form has, written by JavaScript into a buffer the form keeps. The answer is numbers in
//! another kept buffer (outcome codes, clause positions), plus a small JSON text (the record's
//! reference, clauses a finding adds) only when it differs from the last call's.
//!
//! Only ServiceNow records are read this way, with `source: "servicenow"` or auto-detected (then
//! from the fields' names alone, another tool's signature key sending the record the general
//! way). A call the fast path cannot answer exactly as
//! `checkLive` would — a warning, a rejection, a related row, a pack reading raw fields —
//! declines, and JavaScript checks the record the general way.

use serde::Serialize;

use super::{call_lang, in_lang, options, to_json};
use crate::catalog::{Edition, Lang};
use crate::engine::{Engine, EvaluateOptions, Judged, Run};
use crate::error::Result;
use crate::record::source::Source;
use crate::rules::compiled::ClausePos;

/// Slots at the head of the answer buffer: outcome pairs, clause pairs, flags.
const HEAD: usize = 3;
/// Flag of the answer: the JSON of [`FormCheck::extra`] changed since the last call.
pub const EXTRA_CHANGED: u32 = 1;
/// What [`FormCheck::check`] says: declined, answered, answered in a buffer that moved.
pub const DECLINED: u32 = 0;
pub const ANSWERED: u32 = 1;
pub const MOVED: u32 = 2;

/// One prepared form of one engine.
pub struct FormCheck {
    options: Option<String>,
    run: Run,
    /// The packs' version the run was resolved with (see [`FormCheck::check`]).
    packs: u64,
    /// Whether the fast path can answer for these options and packs.
    fast: bool,
    judged: Judged,
    clauses: Vec<u32>,
    /// The layout (two bytes a field, [`layout_bytes`] in all) then the values text.
    io: Vec<u8>,
    /// `[outcome pairs, clause pairs, flags, outcomes…, clauses…]`, its length fixed when the
    /// run is resolved so that JavaScript's view of it stays valid.
    out: Vec<u32>,
    extra: String,
    /// What `extra` was written from.
    last: Option<crate::report::RecordRef>,
    last_dynamic: Vec<(usize, Vec<ClausePos>, Vec<ClausePos>)>,
    /// `extra` was written since the last answer (whose flag then tells JavaScript).
    unseen: bool,
}

/// What JavaScript needs once per form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FormInfo {
    fast: bool,
    edition: Edition,
    lang: Lang,
    /// The names the layout numbers (the adapter's fields).
    fields: Vec<&'static str>,
    /// Top-level keys that make an object something other than one record (an envelope, a
    /// bundle): a record carrying one is checked the general way.
    hazards: Vec<&'static str>,
    layout_bytes: usize,
    separator: char,
}

/// The record's reference and the findings whose clauses it adds to: the rare parts.
#[derive(Serialize)]
struct Extra<'a> {
    record: &'a crate::report::RecordRef,
    dynamic: &'a [(usize, Vec<ClausePos>, Vec<ClausePos>)],
}

#[cfg(feature = "servicenow")]
fn field_names() -> Vec<&'static str> {
    crate::record::source::servicenow_form::form_fields().collect()
}

#[cfg(not(feature = "servicenow"))]
fn field_names() -> Vec<&'static str> {
    Vec::new()
}

/// The layout's room: two bytes for each field the adapter reads.
pub fn layout_bytes() -> usize {
    2 * field_names().len()
}

/// The envelope keys of every tool of the build and `bundle` (see `FormInfo::hazards`); the
/// generic envelope is `records`. Under `source: "auto"` also every signature key that is not
/// a ServiceNow field: auto-detection reads only signature keys, so a record without those is
/// told apart by its ServiceNow fields alone, which the form has (see `judge_values`).
fn hazards(source: Source) -> Vec<&'static str> {
    let mut keys = vec!["records", "bundle"];
    for (_, adapter) in crate::record::source::tools() {
        keys.extend(adapter.envelopes().iter().map(|e| e.key));
    }
    if source == Source::Auto {
        let fields = field_names();
        keys.extend(
            crate::record::source::KeySet::signature_keys()
                .iter()
                .filter(|key| !fields.contains(key)),
        );
    }
    // The crate's one sort, not another copy of the standard library's (util::sort).
    crate::util::sort::sort(&mut keys);
    keys.dedup();
    keys
}

impl FormCheck {
    /// A form for `options_json` (the check options): an error exactly as `check` with these
    /// options gives.
    pub fn new(engine: &Engine, options_json: Option<&str>, packs: u64) -> Result<FormCheck> {
        let run = in_lang(resolve(engine, options_json), || {
            call_lang(options_json, engine.core().lang)
        })?;
        let mut form = FormCheck {
            options: options_json.map(str::to_string),
            run,
            packs,
            fast: false,
            judged: Judged::default(),
            clauses: Vec::new(),
            io: vec![0; layout_bytes()],
            out: Vec::new(),
            extra: String::new(),
            last: None,
            last_dynamic: Vec::new(),
            unseen: false,
        };
        form.prepare(engine);
        Ok(form)
    }

    /// Whether the fast path answers, and the answer buffer's size, for the run and packs.
    fn prepare(&mut self, engine: &Engine) {
        let core = engine.core();
        self.fast = cfg!(feature = "servicenow")
            && matches!(self.run.source, Source::ServiceNow | Source::Auto)
            && !core.pack.uses_raw;
        let clauses = core.catalog.edition(self.run.edition).clauses.len();
        self.out = vec![0; HEAD + 2 * core.pack.checks.len() + 2 * clauses];
        self.extra.clear();
        self.last = None;
    }

    /// What JavaScript reads once per form (JSON).
    pub fn info(&self) -> Result<String> {
        to_json(&FormInfo {
            fast: self.fast,
            edition: self.run.edition,
            lang: self.run.lang,
            fields: field_names(),
            hazards: hazards(self.run.source),
            layout_bytes: layout_bytes(),
            separator: '\0',
        })
    }

    /// Makes room for a values text of `len` bytes after the layout; the address of the
    /// layout's first byte, valid until the next call that allocates.
    pub fn room(&mut self, len: usize) -> usize {
        let need = layout_bytes() + len;
        if self.io.len() < need {
            self.io.resize(need.max(2 * self.io.len()), 0);
        }
        self.io.as_ptr() as usize
    }

    /// Writes a call's layout and values as JavaScript does through [`FormCheck::room`]
    /// (native callers and tests); the `fields` and `len` of [`FormCheck::check`], or `None`
    /// when the layout is longer than its room.
    pub fn write(&mut self, layout: &[u8], values: &str) -> Option<(usize, usize)> {
        let split = layout_bytes();
        self.room(values.len());
        self.io.get_mut(..layout.len())?.copy_from_slice(layout);
        self.io
            .get_mut(split..split + values.len())?
            .copy_from_slice(values.as_bytes());
        Some((layout.len() / 2, values.len()))
    }

    /// The answer's numbers (`[outcome pairs, clause pairs, flags, …]`).
    pub fn numbers(&self) -> &[u32] {
        &self.out
    }

    /// The answer buffer's address and length (fixed until the packs change).
    pub fn answer(&self) -> (usize, usize) {
        (self.out.as_ptr() as usize, self.out.len())
    }

    /// The rare parts of the last answer as JSON (`{record, dynamic}`).
    pub fn extra(&self) -> &str {
        &self.extra
    }

    /// Checks the form's values: `fields` fields in the layout, a values text of `len` bytes.
    /// [`DECLINED`] (JavaScript checks the record the general way), [`ANSWERED`], or [`MOVED`]
    /// when the answer buffer moved too; `packs` is the engine's packs' version, the run being
    /// resolved again when they changed.
    pub fn check(&mut self, engine: &Engine, packs: u64, fields: usize, len: usize) -> Result<u32> {
        let answered = if packs == self.packs { ANSWERED } else { MOVED };
        if packs != self.packs {
            self.resolve_again(engine, packs)?;
        }
        if !self.fast {
            return Ok(DECLINED);
        }
        let split = layout_bytes();
        let (Some(layout), Some(values)) = (
            self.io.get(..2 * fields),
            self.io.get(split..split.saturating_add(len)),
        ) else {
            return Ok(DECLINED);
        };
        // JavaScript sends only well-formed text (a lone surrogate, which `encodeInto` would
        // write as U+FFFD where JSON.stringify escapes it, goes the general way there).
        let Ok(values) = std::str::from_utf8(values) else {
            return Ok(DECLINED);
        };
        let Some(record_changed) = judge_values(
            engine,
            &self.run,
            values,
            layout,
            &mut self.judged,
            &mut self.last,
        ) else {
            return Ok(DECLINED);
        };
        // Most calls are the same record again: the JSON of its reference and of the clauses
        // it adds is written only when they changed, and JavaScript reads it only then.
        if record_changed || self.last_dynamic != self.judged.dynamic {
            self.write_extra()?;
        }
        self.judged
            .clause_masks(self.run.edition, &mut self.clauses);
        let outcomes = self.judged.outcomes.len();
        let clauses = self.clauses.len() / 2;
        let Some(body) = self
            .out
            .get_mut(HEAD..HEAD + 2 * outcomes + self.clauses.len())
        else {
            return Ok(DECLINED);
        };
        let (codes, positions) = body.split_at_mut(2 * outcomes);
        for (pair, (ci, verdict)) in codes.chunks_exact_mut(2).zip(&self.judged.outcomes) {
            pair.copy_from_slice(&[*ci as u32, *verdict as u32]);
        }
        positions.copy_from_slice(&self.clauses);
        if let Some(head) = self.out.get_mut(..HEAD) {
            head.copy_from_slice(&[
                outcomes as u32,
                clauses as u32,
                if self.unseen { EXTRA_CHANGED } else { 0 },
            ]);
        }
        self.unseen = false;
        Ok(answered)
    }

    // The two steps of `check` that run only now and then are functions of their own: a
    // check's loop then compiles without them. V8 compiles a wasm function with its optimising
    // compiler, in the background, once it has run often enough, and until then runs its
    // baseline code. The first checks of a page wait for that, and the time it takes grows
    // with the function's size (issue 12).

    /// Resolves the form's run again for the engine's new packs (`packs`, their version).
    #[cold]
    #[inline(never)]
    fn resolve_again(&mut self, engine: &Engine, packs: u64) -> Result<()> {
        self.run = in_lang(resolve(engine, self.options.as_deref()), || {
            call_lang(self.options.as_deref(), engine.core().lang)
        })?;
        self.packs = packs;
        self.prepare(engine);
        Ok(())
    }

    /// Writes the JSON of the record's reference and of the clauses it adds (`extra`), when
    /// they changed.
    #[inline(never)]
    fn write_extra(&mut self) -> Result<()> {
        self.last_dynamic.clone_from(&self.judged.dynamic);
        let written = match &self.last {
            Some(record) => to_json(&Extra {
                record,
                dynamic: &self.judged.dynamic,
            }),
            None => Err(crate::error::Error::misuse("the form lost its record")),
        };
        match written {
            Ok(text) => {
                self.extra = text;
                self.unseen = true;
                Ok(())
            }
            Err(e) => {
                // Written again by the next call.
                self.last = None;
                Err(e)
            }
        }
    }
}

fn resolve(engine: &Engine, options_json: Option<&str>) -> Result<Run> {
    engine.run(&options::<EvaluateOptions>(options_json, "check options")?)
}

/// The form's record converted and judged, and whether its reference differs from `last`
/// (then replaced); `None` whenever the general path could answer otherwise than the codes say
/// (see the module's note).
#[cfg(feature = "servicenow")]
fn judge_values(
    engine: &Engine,
    run: &Run,
    values: &str,
    layout: &[u8],
    judged: &mut Judged,
    last: &mut Option<crate::report::RecordRef>,
) -> Option<bool> {
    use crate::record::source::{Cursor, Detected, KeySet, detect, servicenow_form};
    // Under `source: "auto"` the general way detects the tool from the signature keys; any not
    // among the ServiceNow fields made JavaScript decline (the form's hazards), so the fields
    // present are all it could see.
    if run.source == Source::Auto {
        let present = layout
            .chunks_exact(2)
            .filter_map(|pair| servicenow_form::form_field(*pair.first()?));
        let keys = KeySet::of(present);
        if !matches!(detect(Some(&keys), ""), Detected::One(Source::ServiceNow)) {
            return None;
        }
    }
    let mut warnings = Vec::new();
    // No path is written: a warning or a rejection declines before anything reads it.
    let mut at = Cursor::new(0, String::new(), &mut warnings);
    let mut converted =
        servicenow_form::convert_form(values, layout, &run.context, &mut at)?.ok()?;
    // Finished as an input's element is: a dropped link warns, and any warning declines.
    if let Some(record) = converted.record.as_mut() {
        crate::record::url::drop_disallowed(record, &mut at);
    }
    if !at.grouped.is_empty() || at.syntax.is_some() || !converted.attach.is_empty() {
        return None;
    }
    drop(at);
    let record = converted.record?;
    if !warnings.is_empty() {
        return None;
    }
    Some(engine.judge_live(&record, run, judged, last))
}

#[cfg(not(feature = "servicenow"))]
fn judge_values(
    _: &Engine,
    _: &Run,
    _: &str,
    _: &[u8],
    _: &mut Judged,
    _: &mut Option<crate::report::RecordRef>,
) -> Option<bool> {
    None
}

#[cfg(test)]
#[cfg(feature = "servicenow")]
mod tests {
    use super::super::{LiveCheck, check_live, engine_new};
    use super::*;
    use crate::record::Instant;
    use crate::record::source::servicenow_form::{DISPLAY, LINK, OBJECT, SAME, VALUE};
    use serde_json::{Value, json};

    /// Writes `record` into the form as js/core.js does (layout, then the joined values);
    /// `None` when JavaScript would take the general path itself.
    fn write(form: &mut FormCheck, record: &Value) -> Option<(usize, usize)> {
        let names = field_names();
        let (mut layout, mut parts) = (Vec::new(), Vec::new());
        for (key, value) in record.as_object()? {
            let Some(place) = names.iter().position(|n| n == key) else {
                continue;
            };
            let shape = match value {
                Value::String(s) => {
                    parts.push(s.clone());
                    0
                }
                Value::Object(o) => {
                    let mut shape = OBJECT;
                    for (name, bit) in
                        [("value", VALUE), ("display_value", DISPLAY), ("link", LINK)]
                    {
                        // As js/core.js: a display value equal to the value is not sent again.
                        if bit == DISPLAY && o.get(name).is_some() && o.get(name) == o.get("value")
                        {
                            shape |= SAME;
                            continue;
                        }
                        match o.get(name) {
                            Some(Value::String(s)) => {
                                parts.push(s.clone());
                                shape |= bit;
                            }
                            None => {}
                            Some(_) => return None,
                        }
                    }
                    shape
                }
                _ => return None,
            };
            layout.extend([place as u8, shape]);
        }
        form.write(&layout, &parts.join("\0"))
    }

    /// The form's answer in `checkLive`'s JSON shape (the parts both have).
    fn answer_json(form: &FormCheck) -> Value {
        let out = &form.out;
        let (n, m) = (out[0] as usize, out[1] as usize);
        let extra: Value = serde_json::from_str(&form.extra).unwrap();
        json!({
            "record": extra["record"],
            "outcomes": out[HEAD..HEAD + 2 * n],
            "clauses": out[HEAD + 2 * n..HEAD + 2 * n + 2 * m],
            "dynamic": extra["dynamic"],
        })
    }

    #[test]
    fn the_form_answers_as_check_live_or_declines() {
        let engine = engine_new(Some(r#"{"asOf": "2026-07-01"}"#), Instant(0)).unwrap();
        let row = json!({
            "number": {"value": "INC0010023", "display_value": "INC0010023"},
            "category": {"value": "network", "display_value": "Network"},
            "opened_at": {"display_value": "2026-06-29 09:12:34"},
            "state": {"value": "6", "display_value": "Resolved"},
            "impact": {"value": "2", "display_value": "2 - Medium"},
            "urgency": {"value": "1", "display_value": "1 - High"},
            "priority": {"value": "2", "display_value": "2 - High"},
            "assignment_group": {"value": "287e", "display_value": "Network", "link": "https://acme.service-now.com/api/now/table/sys_user_group/287e"},
            "close_code": {"value": "Solution provided", "display_value": "Solution provided"},
            "resolved_at": {"display_value": "2026-06-29 15:40:02"},
            "closed_at": {"value": "", "display_value": ""},
            "u_custom": {"value": 1},
            "sys_id": {"value": "9d38", "display_value": "9d38"},
            "sys_class_name": {"value": "incident", "display_value": "incident"},
        });
        let mut variants = vec![row.clone()];
        for key in row.as_object().unwrap().keys() {
            let mut without = row.clone();
            without.as_object_mut().unwrap().remove(key);
            variants.push(without);
            let mut plain = row.clone();
            plain[key] = json!(" x ");
            variants.push(plain);
        }
        variants.extend([
            json!({"sys_id": "p1", "number": "PRB1", "sys_class_name": "problem", "state": "3", "known_error": "true"}),
            json!({"sys_id": "c1", "number": "CHG1", "sys_class_name": "change_request", "type": "normal", "risk": "2"}),
            // Declines: a warning (unknown state), a rejection (no sys_id or number), a related row.
            json!({"sys_id": "x", "sys_class_name": "incident", "state": "99"}),
            json!({"sys_class_name": "incident"}),
            json!({"sys_id": "a1", "sysapproval": {"value": "c1"}, "state": "approved", "approver": "u1"}),
        ]);
        let mut declined = vec![0; variants.len()];
        let runs = [
            r#"{"source": "servicenow", "timeZone": "Europe/London"}"#,
            r#"{"source": "servicenow", "lang": "ja", "edition": "2011"}"#,
            // Auto-detection: the same answers where the ServiceNow fields tell the tool.
            r#"{"timeZone": "Europe/London"}"#,
        ];
        for options in runs {
            let mut form = FormCheck::new(&engine, Some(options), 0).unwrap();
            let mut live = LiveCheck::default();
            for (i, record) in variants.iter().enumerate() {
                let (fields, len) = write(&mut form, record).unwrap();
                let status = form.check(&engine, 0, fields, len).unwrap();
                let general = check_live(
                    &engine,
                    &mut live,
                    record.to_string().as_bytes(),
                    Some(options),
                );
                if status == DECLINED {
                    declined[i] += 1;
                    continue;
                }
                let general: Value = serde_json::from_str(&general.unwrap()).unwrap();
                assert!(general.get("rejected").is_none() && general["warnings"] == json!([]));
                let fast = answer_json(&form);
                for part in ["record", "outcomes", "clauses", "dynamic"] {
                    assert_eq!(fast[part], general[part], "{part} of {record}");
                }
            }
        }
        // The row, the problem and the change answer; the last three decline, in both runs.
        let last = variants.len() - 1;
        assert_eq!(declined[0], 0);
        let n = runs.len();
        assert_eq!(declined[last - 4..], [0, 0, n, n, n]);
        let answered = declined.iter().filter(|d| **d == 0).count();
        assert!(answered > variants.len() / 2, "{declined:?}");
    }

    #[test]
    fn the_record_json_is_flagged_when_it_changed_since_javascript_read_it() {
        let engine = engine_new(None, Instant(0)).unwrap();
        let mut form = FormCheck::new(&engine, Some(r#"{"source": "servicenow"}"#), 0).unwrap();
        let flag = |form: &mut FormCheck, record: &Value| {
            let (fields, len) = write(form, record).unwrap();
            assert_eq!(form.check(&engine, 0, fields, len).unwrap(), ANSWERED);
            (form.numbers()[2], form.extra().to_string())
        };
        let one = json!({"sys_id": "a", "number": "INC1", "sys_class_name": "incident"});
        let two = json!({"sys_id": "a", "number": "INC2", "sys_class_name": "incident"});
        let (first, text) = flag(&mut form, &one);
        assert_eq!((first, text.contains("INC1")), (EXTRA_CHANGED, true));
        assert_eq!(flag(&mut form, &one).0, 0);
        let (changed, text) = flag(&mut form, &two);
        assert_eq!((changed, text.contains("INC2")), (EXTRA_CHANGED, true));
        assert_eq!(flag(&mut form, &two).0, 0);
        // New packs: the run is resolved again and the JSON sent again.
        let (fields, len) = write(&mut form, &two).unwrap();
        assert_eq!(form.check(&engine, 1, fields, len).unwrap(), MOVED);
        assert_eq!(form.numbers()[2], EXTRA_CHANGED);
    }

    #[test]
    fn values_that_do_not_fit_the_layout_decline() {
        let engine = engine_new(None, Instant(0)).unwrap();
        let mut form = FormCheck::new(&engine, Some(r#"{"source": "servicenow"}"#), 0).unwrap();
        let record = json!({"sys_id": "a\u{0}b", "number": "INC1"});
        let (fields, len) = write(&mut form, &record).unwrap();
        assert_eq!(form.check(&engine, 0, fields, len).unwrap(), DECLINED);
        // More fields than the layout has room for, or bytes beyond the buffer.
        assert_eq!(form.check(&engine, 0, 10_000, 0).unwrap(), DECLINED);
        assert_eq!(form.check(&engine, 0, 0, 1 << 30).unwrap(), DECLINED);
        // Not ServiceNow: never the fast path.
        let mut canonical = FormCheck::new(&engine, Some(r#"{"source": "canonical"}"#), 0).unwrap();
        assert_eq!(canonical.check(&engine, 0, 0, 0).unwrap(), DECLINED);
        // Options that `check` refuses are refused by the form.
        assert!(FormCheck::new(&engine, Some(r#"{"edition": "2005"}"#), 0).is_err());
    }
}
