//! Reading one record: the known fields (`F`), the fast path straight from the bytes the input
//! scan validated, and the general (serde) reader it falls back to.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use super::super::bytes::{self, Lex, Scanned, Stop};
use super::super::envelope::{KeyName, MEMBER_KEY_LIST, member_key_id, same_bytes};
use super::super::{Cursor, Member, Rejection};
use super::field::{Scalar, SnField};
use crate::record::source::doc::number_text;
use crate::util::emptied;
use super::super::doc::{Node, fallback_tree};
use crate::record::IntoStatic;
use crate::record::value::Text;

macro_rules! sn_fields {
    ($($name:ident = $key:literal),+ $(,)?) => {
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #[repr(usize)]
        pub(super) enum F { $($name),+ }
        pub(super) const FIELD_COUNT: usize = [$(F::$name),+].len();
        /// Each field's key, in `F`'s order.
        pub(super) const FIELD_KEYS: [&str; FIELD_COUNT] = [$($key),+];
        impl F {
            pub(super) const ALL: [F; FIELD_COUNT] = [$(F::$name),+];
            /// The field of a key (the readers that do not start from the input scan's
            /// members): the scan's own table of keys answers, with one hash and one compare.
            pub(super) fn of(key: &str) -> Option<F> {
                F::of_key_id(member_key_id(key.as_bytes()))
            }
            pub(super) fn key(self) -> &'static str {
                match self { $(F::$name => $key),+ }
            }
        }
    };
}

sn_fields! {
    sys_id = "sys_id", number = "number", sys_class_name = "sys_class_name",
    short_description = "short_description", state = "state", incident_state = "incident_state",
    problem_state = "problem_state", priority = "priority", impact = "impact", urgency = "urgency",
    category = "category", business_service = "business_service", assignment_group = "assignment_group",
    assigned_to = "assigned_to", caller_id = "caller_id", opened_by = "opened_by",
    requested_for = "requested_for", requested_by = "requested_by", opened_at = "opened_at",
    sys_created_on = "sys_created_on", sys_updated_on = "sys_updated_on", resolved_at = "resolved_at",
    closed_at = "closed_at", active = "active", approval = "approval", close_code = "close_code",
    close_notes = "close_notes", reopen_count = "reopen_count", reassignment_count = "reassignment_count",
    major_incident_state = "major_incident_state", problem_id = "problem_id", rfc = "rfc",
    caused_by = "caused_by", cmdb_ci = "cmdb_ci", parent = "parent", parent_incident = "parent_incident",
    duplicate_of = "duplicate_of", first_reported_by_task = "first_reported_by_task",
    known_error = "known_error", cause_notes = "cause_notes", fix_notes = "fix_notes",
    workaround = "workaround", resolution_code = "resolution_code", chg_type = "type", risk = "risk",
    implementation_plan = "implementation_plan", backout_plan = "backout_plan", test_plan = "test_plan",
    risk_impact_analysis = "risk_impact_analysis", start_date = "start_date", end_date = "end_date",
    work_start = "work_start", work_end = "work_end", review_date = "review_date",
    review_comments = "review_comments", cab_required = "cab_required", unauthorized = "unauthorized",
    cat_item = "cat_item", request = "request", stage = "stage", has_breached = "has_breached",
    sla = "sla", task = "task", start_time = "start_time", end_time = "end_time",
    planned_end_time = "planned_end_time", business_percentage = "business_percentage",
    percentage = "percentage", security_incident = "security_incident", subcategory = "subcategory",
    // the task's own SLA verdict (legacy, kept up to date by the SLA engine)
    made_sla = "made_sla", sla_due = "sla_due",
    // sysapproval_approver
    approver = "approver", group = "group", sysapproval = "sysapproval", document_id = "document_id",
    // task_ci
    ci_item = "ci_item",
    // cmdb_ci and its classes
    name = "name", install_status = "install_status", operational_status = "operational_status",
    owned_by = "owned_by", managed_by = "managed_by", support_group = "support_group",
    last_discovered = "last_discovered", attested_date = "attested_date",
    busines_criticality = "busines_criticality",
    // change_task / problem_task
    change_request = "change_request", problem = "problem", change_task_type = "change_task_type",
    problem_task_type = "problem_task_type",
    // sys_audit
    tablename = "tablename", documentkey = "documentkey", fieldname = "fieldname",
    oldvalue = "oldvalue", newvalue = "newvalue",
}

/// The field of each key id of the input scan ([`Member::key_id`]): F's position + 1, 0 for a
/// key that is no field. Built at compile time, so the scan's one hash of a key serves here too.
static FIELD_OF_KEY_ID: [u8; 256] = field_of_key_id();

#[allow(
    clippy::indexing_slicing,
    reason = "compile time only: an index out of bounds stops the build"
)]
const fn field_of_key_id() -> [u8; 256] {
    let keys = &MEMBER_KEY_LIST;
    let mut out = [0u8; 256];
    let mut id = 0;
    while id < keys.len() {
        let mut f = 0;
        while f < FIELD_COUNT {
            if same_bytes(keys[id].as_bytes(), FIELD_KEYS[f].as_bytes()) {
                // Ids and positions are below 256 (the scan's table holds at most 255 keys).
                out[id + 1] = (f + 1) as u8;
            }
            f += 1;
        }
        id += 1;
    }
    out
}

impl F {
    /// The field of a member the input scan noted (by its key's id, without hashing it again).
    #[inline]
    fn of_member(m: &Member) -> Option<F> {
        F::of_key_id(m.key_id)
    }

    #[inline]
    pub(super) fn of_key_id(id: u8) -> Option<F> {
        let position = usize::from(*FIELD_OF_KEY_ID.get(usize::from(id))?).checked_sub(1)?;
        F::ALL.get(position).copied()
    }
}

pub(super) struct SnRecord<'a> {
    /// Where each field of `F` is in `present` (its index + 1), 0 when the record lacks it: a
    /// record carries a few dozen of the fields, so they are not each built and dropped.
    pub(super) slots: [u8; FIELD_COUNT],
    pub(super) present: Vec<SnField<'a>>,
    /// Keys given twice (the last value is read) with the earlier value, for warnings.
    pub(super) duplicates: Vec<(F, String)>,
}

thread_local! {
    /// The field list of the last record read, emptied, for the next one: an export's records
    /// are read one after the other, and each took a list of its own (5 KB, allocated and freed
    /// per record; issue 12 asks for no allocation per record on the hot path).
    static SPARE_FIELDS: Cell<Vec<SnField<'static>>> = const { Cell::new(Vec::new()) };
}

impl Drop for SnRecord<'_> {
    fn drop(&mut self) {
        let fields = emptied(std::mem::take(&mut self.present));
        // `try_with`: no panic while the thread's locals are being destroyed (the list is then
        // freed with the record).
        let _ = SPARE_FIELDS.try_with(|spare| spare.set(fields));
    }
}

impl<'a> SnRecord<'a> {
    pub(super) fn new() -> SnRecord<'a> {
        let mut present = emptied(SPARE_FIELDS.try_with(Cell::take).unwrap_or_default());
        if present.capacity() == 0 {
            present.reserve(48);
        }
        SnRecord {
            slots: [0; FIELD_COUNT],
            present,
            duplicates: Vec::new(),
        }
    }

    /// Sets a field; the earlier value when the key was given before.
    // Inlined so that the field is built where it is stored, not built and then moved.
    #[inline(always)]
    pub(super) fn set(&mut self, f: F, value: SnField<'a>) -> Option<SnField<'a>> {
        let slot = self.slots.get_mut(f as usize)?;
        match usize::from(*slot).checked_sub(1) {
            Some(i) => self
                .present
                .get_mut(i)
                .map(|old| std::mem::replace(old, value)),
            None => {
                self.present.push(value);
                // At most FIELD_COUNT (< 256) fields are ever present.
                *slot = u8::try_from(self.present.len()).unwrap_or(0);
                None
            }
        }
    }

    /// The present fields, in `F`'s order.
    pub(super) fn fields(&self) -> impl Iterator<Item = (F, &SnField<'a>)> {
        F::ALL.iter().filter_map(|&f| {
            let i = usize::from(*self.slots.get(f as usize)?).checked_sub(1)?;
            self.present.get(i).map(|field| (f, field))
        })
    }

    /// Warns about every value of a wrong shape (arrays, objects in `value` …), read as empty,
    /// and every repeated key, with the path and the original value.
    pub(super) fn warn_shapes(&self, at: &mut Cursor<'_>) {
        for (f, earlier) in &self.duplicates {
            at.warn(
                f.key(),
                "duplicate key: the last value is read (as JSON.parse does); this earlier value was dropped",
                earlier,
            );
        }
        // Most records have no odd field: the fields are walked in `F`'s order only when one does.
        if !self.present.iter().any(|field| field.odd) {
            return;
        }
        for (f, field) in self.fields() {
            if field.odd {
                at.warn(
                    f.key(),
                    "wrong shape for a ServiceNow field (expected a string, a number, true/false or {value, display_value, link}): read as empty",
                    &field.describe(),
                );
            }
        }
    }

    pub(super) fn get(&self, f: F) -> &SnField<'a> {
        self.slots
            .get(f as usize)
            .and_then(|&s| usize::from(s).checked_sub(1))
            .and_then(|i| self.present.get(i))
            .unwrap_or(&EMPTY_FIELD)
    }
}

pub(super) static EMPTY_FIELD: SnField<'static> = SnField {
    present: false,
    value: None,
    display: None,
    link: None,
    object: false,
    odd: false,
    shown: None,
};

impl<'de: 'a, 'a> Deserialize<'de> for SnRecord<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordVisitor;
        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = SnRecord<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a ServiceNow record object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut record = SnRecord::new();
                while let Some(key) = map.next_key::<KeyName<'de>>()? {
                    match F::of(&key.0) {
                        Some(f) => {
                            let value: SnField<'de> = map.next_value()?;
                            if let Some(earlier) = record.set(f, value)
                                && earlier.present
                            {
                                record.duplicates.push((f, earlier.describe()));
                            }
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(record)
            }
        }
        deserializer.deserialize_map(RecordVisitor)
    }
}

/// The record read straight from its bytes ([`bytes::Lex`]): only the fields of `F` are read,
/// every other value is validated and skipped. `None` for anything unusual — a syntax error, a
/// repeated field, a value of a wrong shape, a lone surrogate — which the general (serde) reader
/// then reads with its errors and warnings, so both readers give the same result.
pub(super) fn read_fast<'a>(raw: &'a str, members: Option<&[Member]>) -> Option<SnRecord<'a>> {
    let mut lex = Lex::new(raw);
    let mut rec = SnRecord::new();
    if let Some(members) = members {
        // Validated by the input scan: read the known fields' values, pass the others by.
        let mut rest = members;
        while let Some((m, after)) = rest.split_first() {
            // A display-value pair's own members follow it.
            let (pair, after) = after.split_at_checked(usize::from(m.inner()))?;
            rest = after;
            let Some(f) = F::of_member(m) else { continue };
            let field = if m.inner() > 0 {
                pair_field(raw, pair)?
            } else {
                match member_text(raw, m) {
                    Some(text) => SnField::plain(Scalar::Str(text)),
                    None => {
                        lex.i = m.value().0 as usize;
                        field_fast(&mut lex).ok()?
                    }
                }
            };
            if rec.set(f, field).is_some() {
                return None;
            }
        }
        return Some(rec);
    }
    lex.object(|key, lex| match F::of(key) {
        Some(f) => match rec.set(f, field_fast(lex)?) {
            Some(_) => Err(Stop),
            None => Ok(()),
        },
        None => lex.skip(1),
    })
    .ok()?;
    lex.at_end().then_some(rec)
}

/// A display-value pair from the string members the input scan noted for it (`value`,
/// `display_value`, `link`): what [`field_fast`] reads from the object's text.
fn pair_field<'a>(raw: &'a str, pair: &[Member]) -> Option<SnField<'a>> {
    let mut field = SnField {
        present: true,
        object: true,
        ..SnField::default()
    };
    for m in pair {
        let (key_start, key_end) = m.key();
        let text = member_text(raw, m)?;
        match raw.as_bytes().get(key_start as usize..key_end as usize)? {
            b"value" => field.value = Some(Scalar::Str(text)),
            b"display_value" => field.display = Some(text),
            _ => field.link = Some(text),
        }
    }
    Some(field)
}

/// The text of a string member the input scan validated (`None` for any other value): taken as
/// it is when the scan saw no escape in it.
fn member_text<'a>(raw: &'a str, m: &Member) -> Option<Text<'a>> {
    if m.plain() {
        plain_string(raw, m.value())
    } else {
        validated_string(raw, m.value())
    }
}

/// The text of a string member the input scan already validated (`span` runs from its opening
/// quote through its closing one): taken as it is, not scanned again. `None` for any other value.
fn validated_string(raw: &str, (from, to): (u32, u32)) -> Option<Text<'_>> {
    let content = raw
        .get(from as usize..to as usize)?
        .strip_prefix('"')?
        .strip_suffix('"')?;
    Some(string_text(content, bytes::has_escape(content)))
}

/// The text of a string member without escapes (`span` runs from its opening quote through its
/// closing one), trimmed as [`string_text`] trims.
fn plain_string(raw: &str, (from, to): (u32, u32)) -> Option<Text<'_>> {
    let content = raw.get(from as usize + 1..(to as usize).checked_sub(1)?)?;
    Some(Text::borrowed(content.trim_ascii()))
}

/// A string's value from its content between the quotes, trimmed as ServiceNow fields are read.
fn string_text(content: &str, escaped: bool) -> Text<'_> {
    if escaped {
        Text::owned(bytes::unescape(content).trim_ascii().to_string())
    } else {
        Text::borrowed(content.trim_ascii())
    }
}

pub(super) fn field_fast<'a>(lex: &mut Lex<'a>) -> Scanned<SnField<'a>> {
    if lex.peek() != Some(b'{') {
        return Ok(SnField::plain(scalar_fast(lex)?));
    }
    let mut field = SnField {
        present: true,
        object: true,
        ..SnField::default()
    };
    lex.object(|key, lex| match key {
        "value" => {
            field.value = Some(scalar_fast(lex)?);
            Ok(())
        }
        "display_value" => {
            field.display = match scalar_fast(lex)? {
                Scalar::Str(t) => Some(t),
                Scalar::Num(n) => Some(number_text(n)),
                Scalar::Bool(b) => Some(Text::borrowed(if b { "true" } else { "false" })),
                Scalar::Null => None,
            };
            Ok(())
        }
        "link" => {
            // Only a string is a link (the general reader reads other shapes as a field).
            if lex.peek() != Some(b'"') {
                return Err(Stop);
            }
            if let Scalar::Str(t) = scalar_fast(lex)? {
                field.link = Some(t);
            }
            Ok(())
        }
        _ => lex.skip(2),
    })?;
    Ok(field)
}

pub(super) fn scalar_fast<'a>(lex: &mut Lex<'a>) -> Scanned<Scalar<'a>> {
    match lex.peek() {
        Some(b'"') => {
            let s = lex.string()?;
            Ok(Scalar::Str(string_text(
                lex.slice(s.start, s.end),
                s.escaped,
            )))
        }
        Some(b't') => lex.literal(b"true").map(|()| Scalar::Bool(true)),
        Some(b'f') => lex.literal(b"false").map(|()| Scalar::Bool(false)),
        Some(b'n') => lex.literal(b"null").map(|()| Scalar::Null),
        Some(b'-' | b'0'..=b'9') => lex.number().map(Scalar::Num),
        _ => Err(Stop),
    }
}

/// The record of one element: from its bytes when it is plain, else through serde, whose errors
/// reject the element (or, for a syntax error, fail the input).
pub(super) fn read_record<'a>(
    raw: &'a str,
    at: &mut Cursor<'_>,
) -> Result<SnRecord<'a>, Rejection> {
    if !raw.starts_with('{') {
        return Err(at.reject("", "a ServiceNow record must be a JSON object"));
    }
    if let Some(rec) = read_fast(raw, at.members) {
        return Ok(rec);
    }
    match crate::util::json::from_str(raw) {
        Ok(rec) => Ok(rec),
        Err(err) => match fallback_tree(raw, &err, at) {
            Some(tree) => from_tree(&tree?, at),
            None => Err(at.parse_failure(err, raw)),
        },
    }
}

/// The record from the tree of the second chance, through its JSON text: the same deserialiser
/// as the first try (a `serde_json::Value` deserialiser would instantiate `SnRecord`'s and
/// `SnField`'s a second time in the .wasm), with serde's message without a position in the
/// temporary text.
pub(super) fn from_tree(tree: &Node<'_>, at: &mut Cursor<'_>) -> Result<SnRecord<'static>, Rejection> {
    let text = tree.to_value().to_string();
    crate::util::json::from_str::<SnRecord<'_>>(&text)
        .map(IntoStatic::into_static)
        .map_err(|e| at.reject("", crate::error::serde_message(&e)))
}

impl IntoStatic for SnRecord<'_> {
    type Static = SnRecord<'static>;
    fn into_static(mut self) -> SnRecord<'static> {
        SnRecord {
            slots: self.slots,
            present: std::mem::take(&mut self.present)
                .into_iter()
                .map(IntoStatic::into_static)
                .collect(),
            duplicates: std::mem::take(&mut self.duplicates),
        }
    }
}
