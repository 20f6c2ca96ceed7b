//! The record of a ticket, an SLA row, a CI or a service, built in steps: its key, where it
//! came from, its kind, the fields every table shares, its state and SLA verdict, then the
//! table's own details and links.

use super::super::first_present;
use super::super::{Attach, Context, Converted, Cursor, Rejection};
use super::ServiceNow;
use super::codes::approval_state;
use super::details;
use super::field::Scalar;
use super::read::{F, SnRecord, read_record};
use super::reader::Reader;
use super::related::{approval_row, audit_row, in_bundle, task_ci_row, task_row};
use super::sla;
use super::status::read_state;
use super::table::{Mode, Table};
use crate::record::model::*;
use crate::record::value::{Field, Text};

impl ServiceNow {
    pub(super) fn convert_element<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let rec = read_record(raw, at)?;
        self.convert_read(&rec, Some(raw), cx, at)
    }

    /// Everything after reading the record's fields: shared by the element path (`raw`, its
    /// JSON text) and the live form, which reads its fields from the form's values (no text).
    pub(super) fn convert_read<'a>(
        &self,
        rec: &SnRecord<'a>,
        raw: Option<&'a str>,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        rec.warn_shapes(at);
        let table = Self::table(rec, cx, at).ok_or_else(|| {
            at.reject(
                ".sys_class_name",
                "cannot tell the ServiceNow table: give sys_class_name, a numbered record (INC…, PRB…, CHG…, RITM…, PTASK…, CTASK…) or the `table` option",
            )
        })?;
        let mode = Self::detect_mode(rec, table);
        let mut r = Reader {
            rec,
            mode,
            cx,
            at,
            table,
        };
        // Each table's own part is a function of its own (`#[inline(never)]` on them), not
        // inlined here: V8 optimises a wasm function as a whole once it runs often, in the
        // background, and a page's first checks run slower until it has. The function an
        // incident form's checks wait for then holds the incident's code, not every table's
        // (issue 12).
        match table {
            Table::Approval => approval_row(&mut r),
            Table::TaskCi => task_ci_row(&mut r),
            Table::Audit => audit_row(&mut r),
            Table::ProblemTask | Table::ChangeTask => task_row(&mut r, table),
            _ => record_row(&mut r, raw),
        }
    }
}

/// A row that is a record of its own (not a related row).
fn record_row<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    raw: Option<&'a str>,
) -> Result<Converted<'a>, Rejection> {
    let table = r.table;
    let id = record_id(r)?;
    let class = ci_class(r);
    let origin = origin(r, class.clone(), &id);
    let kind = kind_of(r)?;
    let mut record = common_fields(r, id, kind, origin, raw);
    read_state(r, table, &mut record);
    if table.is_ticket() {
        record.sla = sla::made_sla(r, &record);
    }
    let mut links = Links::default();
    links.add(
        r,
        F::cmdb_ci,
        LinkRel::AffectsCi,
        Some(Kind::ConfigurationItem),
    );
    links.add(
        r,
        F::business_service,
        LinkRel::Service,
        Some(Kind::Service),
    );
    links.add(r, F::parent, LinkRel::Parent, None);
    match table {
        Table::Incident | Table::SecurityIncident => details::incident(r, &mut record, &mut links),
        Table::Problem => details::problem(r, &mut record, &mut links),
        Table::Change => details::change(r, &mut record),
        Table::RequestItem => details::request(r, &mut record, &mut links),
        Table::TaskSla => sla::measurement(r, &mut record, &mut links),
        Table::Ci | Table::Service => details::ci(r, &mut record, class),
        Table::ProblemTask | Table::ChangeTask | Table::Approval | Table::TaskCi | Table::Audit => {
        }
    }
    if let Some(links) = links.carried(table) {
        record.links = Some(links);
    }
    let mut attach: Vec<Attach<'a>> = Vec::new();
    if table == Table::TaskSla {
        attach.extend(sla::clock(r, &record));
        // Inside a bundle the row is only that: the clock of the bundle's record.
        if in_bundle(r.at) {
            return Ok(Converted {
                record: None,
                attach,
            });
        }
    }
    Ok(Converted {
        record: Some(record),
        attach,
    })
}

/// The record's key. Without its sys_id (a list export, or a Table API call with a field list),
/// a record is keyed by its number: the value, else its display value.
fn record_id<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> Result<Text<'a>, Rejection> {
    match (r.reference(F::sys_id), r.number()) {
        (Field::Value(id), _) => Ok(id),
        (_, Some(number)) => {
            r.at.keyed_by("ServiceNow", "sys_id", "number", &number);
            Ok(number)
        }
        _ => Err(r.at.reject(
            ".sys_id",
            "a ServiceNow record needs a sys_id (or at least its number)",
        )),
    }
}

/// A CI's own class (cmdb_ci_linux_server …), kept as its table.
fn ci_class<'a>(r: &Reader<'_, 'a, '_, '_>) -> Option<Text<'a>> {
    let table = r.table;
    match table {
        Table::Ci | Table::Service => r
            .code_text(F::sys_class_name)
            .filter(|c| !c.is_blank() && Table::from_name(c).is_some_and(|t| t == table)),
        _ => None,
    }
}

/// Where the record came from: the tool, the payload's shape, the table (a CI's class, else the
/// CI class queried with the `table` option, else the base table) and a link back to it.
fn origin<'a>(r: &Reader<'_, 'a, '_, '_>, class: Option<Text<'a>>, id: &str) -> Origin<'a> {
    let table = r.table;
    let queried = match table {
        Table::Ci | Table::Service => {
            r.cx.table
                .as_deref()
                .filter(|t| Table::from_name(t) == Some(table))
                .map(|t| Text::owned(t.to_string()))
        }
        _ => None,
    };
    let table_name = class.or(queried).unwrap_or(Text::borrowed(table.name()));
    let url = instance_url(r.rec, &table_name, id);
    let shape = match (r.mode, r.rec.get(F::state).value.as_ref()) {
        (Mode::Both, Some(Scalar::Num(_))) => "change-api",
        (Mode::Both, _) => "table-api/display_value=all",
        (Mode::Display, _) => "table-api/display_value=true",
        (Mode::Values, _) => "table-api/display_value=false",
    };
    Origin {
        tool: Some(Text::borrowed("servicenow")),
        shape: Some(Text::borrowed(shape)),
        table: Some(table_name),
        url: url.map(Text::owned),
    }
}

/// The canonical kind of the table's records; the instance may say what one of its CI classes
/// is (`context.kinds`).
fn kind_of(r: &Reader<'_, '_, '_, '_>) -> Result<Kind, Rejection> {
    Ok(match r.table {
        Table::Incident | Table::SecurityIncident => Kind::Incident,
        Table::Problem => Kind::Problem,
        Table::Change => Kind::Change,
        Table::RequestItem => Kind::ServiceRequest,
        Table::TaskSla => Kind::SlaMeasurement,
        Table::Ci | Table::Service => {
            let by_context = [r.code_text(F::sys_class_name), r.label(F::sys_class_name)]
                .into_iter()
                .flatten()
                .find_map(|c| r.cx.kind_of(c.trim()));
            by_context.unwrap_or(if r.table == Table::Service {
                Kind::Service
            } else {
                Kind::ConfigurationItem
            })
        }
        Table::ProblemTask | Table::ChangeTask | Table::Approval | Table::TaskCi | Table::Audit => {
            return Err(r.at.reject("", "internal: related row on the record path"));
        }
    })
}

/// The fields every table shares (read in this order, which is the order of their warnings).
fn common_fields<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    id: Text<'a>,
    kind: Kind,
    origin: Origin<'a>,
    raw: Option<&'a str>,
) -> Record<'a> {
    Record {
        number: r.number(),
        title: r.text(F::short_description),
        priority: r.level(F::priority, 5),
        impact: r.level(F::impact, 3),
        urgency: r.level(F::urgency, 3),
        category: r.text(F::category),
        service: r.reference(F::business_service),
        assignment_group: r.reference(F::assignment_group),
        assignee: r.reference(F::assigned_to),
        requester: first_present([
            r.reference(F::caller_id),
            r.reference(F::requested_for),
            r.reference(F::requested_by),
        ]),
        opened_at: first_present([
            r.instant(F::opened_at),
            r.instant(F::sys_created_on),
            r.instant(F::start_time),
        ]),
        updated_at: r.instant(F::sys_updated_on),
        resolved_at: r.instant(F::resolved_at),
        closed_at: first_present([r.instant(F::closed_at), r.instant(F::end_time)]),
        approval: r.choice(F::approval, "approval state", approval_state),
        origin,
        raw,
        ..Record::new(id, kind)
    }
}

/// The links a record's reference fields give, and whether the payload carries any link field,
/// even empty: a ticket whose CI or problem fields are empty has no such link (a check fails),
/// one fetched without them is not judged on links.
#[derive(Default)]
pub(super) struct Links<'a> {
    found: Vec<Link<'a>>,
    carried: bool,
}

impl<'a> Links<'a> {
    pub(super) fn add(
        &mut self,
        r: &Reader<'_, 'a, '_, '_>,
        f: F,
        rel: LinkRel,
        target_kind: Option<Kind>,
    ) {
        match r.reference(f) {
            Field::Value(target) => self.found.push(Link {
                rel,
                target,
                target_kind,
            }),
            Field::Null => self.carried = true,
            Field::Absent => {}
        }
    }

    /// The record's links, when it has any or (a ticket) carries an empty link field.
    fn carried(self, table: Table) -> Option<Vec<Link<'a>>> {
        (!self.found.is_empty() || (self.carried && table.is_ticket())).then_some(self.found)
    }
}

/// A link back to the record, from the instance address its reference links carry.
fn instance_url(rec: &SnRecord<'_>, table: &str, id: &str) -> Option<String> {
    // Plain exports carry no links: the fields are walked in `F`'s order only when one does.
    if !rec.present.iter().any(|f| f.link.is_some()) {
        return None;
    }
    let link = rec.fields().find_map(|(_, f)| f.link.as_ref())?;
    let base = link.find("/api/").and_then(|cut| link.get(..cut))?;
    if !base.starts_with("https://") && !base.starts_with("http://") {
        return None;
    }
    // Joined by hand: `format!` was 2 % of the CLI's time on an export whose records carry links.
    let mut url = String::with_capacity(base.len() + table.len() + id.len() + 12);
    for part in [base, "/", table, ".do?sys_id=", id] {
        url.push_str(part);
    }
    Some(url)
}
