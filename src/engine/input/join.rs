//! Related pieces joined to their records: SLA clocks, approvals, links, history, and the
//! notes the adapters leave for the whole input.

use super::*;

/// Notes the adapters leave for the whole input ([`Grouped`]): how many elements each concerns,
/// and the first of them, in the order they first occurred.
#[derive(Default)]
pub(super) struct GroupedNotes {
    pub(super) seen: Vec<GroupedCount>,
}

impl GroupedNotes {
    pub(super) fn add(&mut self, index: u64, path: &str, notes: Vec<(Grouped, String)>) {
        for (note, value) in notes {
            match self.seen.iter_mut().find(|s| s.note == note) {
                Some(s) => s.count += 1,
                None => self.seen.push(GroupedCount {
                    note,
                    count: 1,
                    index,
                    path: path.to_string(),
                    value,
                }),
            }
        }
    }
}

/// Field id → name of a `names` expansion (members whose value is not a string are skipped; a
/// malformed one gives none, and the issues are read without names as they would be alone).
pub(super) fn page_names(text: &str) -> crate::util::vec_map::VecMap<String, String> {
    // Read as a `Value` (whose reader the module has anyway) rather than as a map of values (a
    // reader of its own); anything but an object gives no names, as a failed read did.
    match crate::util::json::from_str::<serde_json::Value>(text) {
        // The object's members come in key order already (serde_json's map is sorted).
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect(),
        _ => crate::util::vec_map::VecMap::new(),
    }
}

/// Attaches related pieces to their records (by id, then by number).
pub(super) fn join<'a>(batch: &mut Batch<'a>, attachments: Vec<(u64, String, Attach<'a>)>) {
    if attachments.is_empty() {
        return;
    }
    let by_key = record_keys(&batch.records, &attachments);
    let mut events: HashMap<usize, Vec<Event<'a>>> = HashMap::default();
    for (index, path, a) in attachments {
        let found = by_key
            .get(&*a.target)
            .or_else(|| a.also.as_ref().and_then(|also| by_key.get(&**also)));
        let Some(&target) = found else {
            batch.unjoined += 1;
            batch.warnings.push(Warning {
                index,
                path,
                message: format!(
                    "related to {}, which is not in this input: not joined",
                    a.target
                ),
                value: String::new(),
            });
            continue;
        };
        let Some(record) = batch.records.get_mut(target) else {
            continue;
        };
        match a.what {
            Attachment::Sla(entry) => {
                let sla = record.sla.get_or_insert_with(Vec::new);
                // The tool's SLA rows decide over the verdict fields on the record itself.
                if entry.source == Some(SlaSource::SlaRows) {
                    sla.retain(|e| e.source != Some(SlaSource::VerdictField));
                }
                sla.push(entry);
            }
            Attachment::Approval(approval) => {
                record.approvals.get_or_insert_with(Vec::new).push(approval)
            }
            Attachment::Link(link) => {
                let links = record.links.get_or_insert_with(Vec::new);
                if !links
                    .iter()
                    .any(|l| l.rel == link.rel && l.target == link.target)
                {
                    links.push(link);
                }
            }
            Attachment::Event(e) => events.entry(target).or_default().push(e),
            Attachment::Set(value) => assign(record, value),
        }
    }
    for (target, evs) in events {
        let Some(record) = batch.records.get_mut(target) else {
            continue;
        };
        apply_history(record, &evs);
    }
    // Approvals joined from their own payloads give the record's summary when it has none.
    for record in &mut batch.records {
        if record.approval.value().is_none()
            && let Some(list) = record.approvals.as_ref().filter(|l| !l.is_empty())
        {
            record.approval = Field::Value(summarise(list));
        }
    }
}

/// The records' keys (number, then id, which wins) → their index. The keys are the records'
/// own texts, cloned: a clone of text borrowed from the input is a pointer, where a `String`
/// per record was a tenth of evaluating an export with related pieces.
fn record_keys<'a>(
    records: &[Record<'a>],
    attachments: &[(u64, String, Attach<'a>)],
) -> HashMap<Text<'a>, usize> {
    let mut by_key: HashMap<Text<'a>, usize> =
        HashMap::with_capacity_and_hasher(records.len() * 2, Default::default());
    for (i, r) in records.iter().enumerate() {
        if let Some(n) = &r.number {
            by_key.entry(n.clone()).or_insert(i);
        }
    }
    for (i, r) in records.iter().enumerate() {
        by_key.insert(r.id.clone(), i);
    }
    // Tools whose ids are per type (GLPI: Ticket 5, Problem 5) name the type in the pieces
    // that relate to a record: `table/id` (indexed only when some piece asks that way).
    if attachments.iter().any(|(_, _, a)| a.target.contains('/')) {
        for (i, r) in records.iter().enumerate() {
            if let Some(table) = &r.origin.table {
                by_key.insert(Text::owned(format!("{}/{}", &**table, &*r.id)), i);
            }
        }
    }
    by_key
}

/// The overall decision of a set of approvals: any rejection rejects; all approved (or not
/// required) approves; otherwise it is still requested.
fn summarise(list: &[crate::record::Approval<'_>]) -> crate::record::ApprovalState {
    use crate::record::ApprovalState as A;
    if list.iter().any(|a| a.state == A::Rejected) {
        A::Rejected
    } else if list
        .iter()
        .all(|a| matches!(a.state, A::Approved | A::NotRequired | A::Cancelled))
        && list.iter().any(|a| a.state == A::Approved)
    {
        A::Approved
    } else {
        A::Requested
    }
}

/// Sets a field supplied by a related payload, unless the record carries a value of its own.
fn assign<'a>(record: &mut Record<'a>, value: source::Assigned<'a>) {
    use source::Assigned as A;
    fn fill<'a>(field: &mut Field<Text<'a>>, value: Text<'a>) {
        if field.value().is_none() {
            *field = Field::Value(value);
        }
    }
    match value {
        A::Requester(v) => fill(&mut record.requester, v),
        A::Assignee(v) => fill(&mut record.assignee, v),
        A::AssignmentGroup(v) => fill(&mut record.assignment_group, v),
        A::ResolutionCode(v) | A::ResolutionNotes(v)
            if record.kind != crate::record::Kind::Incident =>
        {
            // Only incidents have resolution fields; problems and changes keep theirs elsewhere.
            let _ = v;
        }
        A::ResolutionCode(v) => fill(
            &mut record
                .incident
                .get_or_insert_with(Default::default)
                .resolution_code,
            v,
        ),
        A::ResolutionNotes(v) => fill(
            &mut record
                .incident
                .get_or_insert_with(Default::default)
                .resolution_notes,
            v,
        ),
    }
}

/// Reopen and reassignment counts from history, where the record does not carry its own.
fn apply_history(record: &mut Record<'_>, events: &[Event<'_>]) {
    use history::EventField;
    let (reopened, reassigned) = history::counts(events);
    // A count is only evidence when the trail holds events of its kind (an export of assignment
    // changes alone says nothing about reopening).
    let has = |f: EventField| events.iter().any(|e| e.field == f);
    let reopened = has(EventField::State).then_some(reopened);
    let reassigned = has(EventField::AssignmentGroup).then_some(reassigned);
    if record.kind != crate::record::Kind::Incident {
        return;
    }
    let d = record.incident.get_or_insert_with(Default::default);
    if let (None, Some(n)) = (d.reopen_count.value(), reopened) {
        d.reopen_count = Field::Value(n);
    }
    if let (None, Some(n)) = (d.reassignment_count.value(), reassigned) {
        d.reassignment_count = Field::Value(n);
    }
}
