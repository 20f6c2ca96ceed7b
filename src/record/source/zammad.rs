//! Zammad REST /api/v1: tickets (with or without `expand=true`), their links
//! (`GET /api/v1/links`) and history (`GET /api/v1/ticket_history/{id}`) as related payloads,
//! and the escalation fields as SLA clocks.
//!
//! States are read by id (and the instance's `choices` for added states), or by state type when
//! the payload carries it; the state name is only a fallback for the seed names, since admins
//! rename and add states. Reference lists (ticket states, priorities, articles, SLA definitions)
//! are not tickets: they are rejected with a message that says what they are.
//!
//! Also holds the helpers shared by the Znuny and Freshservice adapters (blank records, custom
//! fields named in `context.fields`, canonical code decoders).
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::doc::{self, Doc, LevelMap, Node};
use super::history::{Event, EventField};
use super::{
    Adapter, Attach, Attachment, Context, Converted, Cursor, Envelope, Holds, KeySet, Rejection,
};
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

pub struct Zammad;

impl Adapter for Zammad {
    fn tool(&self) -> &'static str {
        "zammad"
    }

    fn envelopes(&self) -> &'static [Envelope] {
        // `?all=true` / search answers: `tickets` holds ids, the tickets are in `assets.Ticket`.
        const {
            &[Envelope {
                key: "tickets",
                path: "$.tickets",
                holds: Holds::IdsWithRecordsIn {
                    member: "assets",
                    map: "Ticket",
                    path: "$.assets.Ticket",
                },
            }]
        }
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.all(&["state_id", "priority_id", "group_id"])
            || keys.has("article_count")
            || keys.all(&["link_type", "link_object_value"])
    }

    fn convert<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let root = doc::parse(raw, at, "a Zammad payload")?;
        let has = |k: &str| root.get(k).is_some();
        let ticket_like =
            has("state_id") || has("priority_id") || has("article_count") || has("group_id");
        if !ticket_like {
            if has("links") || has("link_type") {
                return links(&root, cx, at);
            }
            if has("history") {
                return history(&root, cx, at);
            }
            if let Some(message) = reference_data(&root) {
                return Err(at.reject("", message));
            }
            if !has("number") && !has("title") {
                return Err(at.reject(
                    "",
                    "not a Zammad ticket (no state_id, priority_id, group_id, number or title)",
                ));
            }
        }
        ticket(raw, &root, cx, at).map(Converted::from)
    }
}

/// What a Zammad payload that is not a ticket is, when it is one of the reference lists.
fn reference_data(root: &Node<'_>) -> Option<&'static str> {
    let has = |k: &str| root.get(k).is_some();
    Some(if has("state_type_id") || has("ignore_escalation") {
        "a Zammad ticket state definition (GET /api/v1/ticket_states) is reference data, not a ticket; map added states with context.choices.state_id"
    } else if has("ui_color") || has("ui_icon") || (has("default_create") && has("name")) {
        "a Zammad ticket priority definition (GET /api/v1/ticket_priorities) is reference data, not a ticket; map added priorities with context.choices.priority_id"
    } else if has("ticket_id") && (has("sender_id") || has("body") || has("content_type")) {
        "a Zammad ticket article (GET /api/v1/ticket_articles/by_ticket/{id}) is a message of a ticket, not a ticket; it is not evaluated"
    } else if has("first_response_time") || has("solution_time") || has("calendar_id") {
        "a Zammad SLA definition (GET /api/v1/slas) holds targets, not results; SLA results are read from the tickets' escalation fields"
    } else {
        return None;
    })
}

/// Zammad's seed states (`db/seeds/ticket_states.rb`): id → meaning.
fn seed_state_id(code: &str) -> Option<State> {
    Some(match code.trim() {
        "1" => State::New,
        "2" => State::InProgress,
        "3" => State::OnHold,
        "4" => State::Closed,
        "5" | "6" => State::Cancelled,
        // "pending close": solved, closes itself at the pending time.
        "7" => State::Resolved,
        _ => return None,
    })
}

/// State types (`Ticket::StateType`), and the seed state names (stored names, not translations).
fn state_type(name: &str) -> Option<State> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "new" => State::New,
        "open" => State::InProgress,
        "pending reminder" => State::OnHold,
        "pending action" | "pending close" => State::Resolved,
        "closed" => State::Closed,
        "merged" | "removed" => State::Cancelled,
        _ => return None,
    })
}

/// A meaning given in `context.choices`: a canonical state, or a Zammad state type.
fn state_meaning(value: &str) -> Option<State> {
    State::parse(value.trim()).or_else(|| state_type(value))
}

fn state_of_id(cx: &Context, code: &str) -> Option<State> {
    match cx.choice("state_id", code) {
        Some(meaning) => state_meaning(meaning),
        None => seed_state_id(code),
    }
}

fn state_of_name(cx: &Context, name: &str) -> Option<State> {
    match cx.choice("state", name) {
        Some(meaning) => state_meaning(meaning),
        None => state_type(name),
    }
}

const PRIORITY_IDS: LevelMap<'static> = &[("1", 4), ("2", 3), ("3", 2)];
const PRIORITY_NAMES: LevelMap<'static> = &[("1 low", 4), ("2 normal", 3), ("3 high", 2)];

/// The ticket's kind from its `type` attribute (inactive by default: incident).
fn kind_of_type(cx: &Context, t: &str) -> Option<Kind> {
    if let Some(k) = cx.kind_of(t) {
        return Some(k);
    }
    Some(match t.trim().to_ascii_lowercase().as_str() {
        "incident" => Kind::Incident,
        "problem" => Kind::Problem,
        "request for change" | "rfc" | "change" | "change request" => Kind::Change,
        "service request" | "request" => Kind::ServiceRequest,
        _ => return None,
    })
}

fn ticket<'a>(
    raw: &'a str,
    root: &Node<'a>,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Record<'a>, Rejection> {
    let mut d = Doc::new(root, cx, at);
    // Without its id, a ticket is keyed by its number (unique per instance).
    let id = match d.reference("id") {
        Field::Value(id) => id,
        _ => match d.text("number") {
            Field::Value(number) => {
                d.at.keyed_by("Zammad", "id", "number", &number);
                number
            }
            _ => {
                return Err(d
                    .at
                    .reject(".id", "a Zammad ticket needs an id (or its number)"));
            }
        },
    };
    let kind = match d.node("type") {
        None => Kind::Incident,
        Some(n) if n.is_empty() => Kind::Incident,
        Some(n) => match n.as_text().and_then(|t| kind_of_type(cx, &t)) {
            Some(k) => k,
            None => {
                d.warn(
                    "type",
                    "unknown ticket type, read as an incident (map it with context.kinds)",
                    n,
                );
                Kind::Incident
            }
        },
    };
    let expanded = ["state", "priority", "group", "owner", "customer"]
        .iter()
        .any(|k| d.node(k).is_some_and(|n| matches!(n, Node::Str(_))));
    let mut r = blank_record(
        id,
        kind,
        raw,
        "zammad",
        if expanded { "rest/expand" } else { "rest" },
        "Ticket",
    );
    r.number = d.text("number").value().cloned();
    r.title = d.text("title");
    read_state(&mut d, &mut r);
    r.priority = coded_level(
        &mut d,
        "priority_id",
        Some("priority"),
        PRIORITY_IDS,
        PRIORITY_NAMES,
        "priority",
    );
    r.assignment_group = d.reference("group_id");
    r.assignee = match d.reference("owner_id") {
        // User 1 is Zammad's "-" system user: the ticket has no owner.
        Field::Value(o) if &*o == "1" => Field::Null,
        other => other,
    };
    r.requester = d.reference("customer_id");
    r.opened_at = d.instant("created_at");
    r.updated_at = d.instant("updated_at");
    // Closing is Zammad's solution (the solution-time SLA stops at the first close).
    let first_close = d.instant("close_at");
    let last_close = d.instant("last_close_at");
    r.resolved_at = match (&first_close, r.state.value()) {
        (Field::Null, Some(State::Resolved)) => Field::Absent,
        _ => first_close.clone(),
    };
    r.closed_at = first_present([last_close, first_close]);
    let opened = r.opened_at.value().copied();
    let solved = r.resolved_at.value().copied();
    r.sla = escalations(&mut d, r.state.value().copied(), opened, solved).or_else(|| {
        next_escalation(
            &mut d,
            r.state.value().copied(),
            opened,
            solved,
            r.updated_at.value().copied(),
        )
    });
    ensure_detail(&mut r);
    apply_custom_fields(&mut d, &mut r, &|name: &str| {
        Some(Slot::Path(name.to_string()))
    });
    Ok(r)
}

fn read_state<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    let cx = d.cx;
    let code = d
        .node("state_id")
        .filter(|n| !n.is_empty())
        .and_then(Node::as_text);
    // The state name: `state` with expand=true, or a nested object in other shapes.
    let name = match d.node("state") {
        Some(Node::Str(t)) if !t.is_empty() => Some(t.clone()),
        Some(n @ Node::Obj(_)) => n.get("name").and_then(Node::as_text),
        _ => None,
    };
    let typ = d
        .node("state_type")
        .and_then(|n| match n {
            Node::Obj(_) => n.get("name").and_then(Node::as_text),
            other => other.as_text(),
        })
        .or_else(|| d.node("state.state_type").and_then(Node::as_text))
        .or_else(|| d.node("state.stateType.name").and_then(Node::as_text));
    if code.is_none() && name.is_none() && typ.is_none() {
        if d.node("state_id").is_some_and(Node::is_empty) {
            r.state = Field::Null;
        }
        return;
    }
    r.state_label = name.clone().or_else(|| code.clone());
    // The instance's mapping first, then the state type, then the seed ids, then seed names.
    let from_choice = code
        .as_deref()
        .and_then(|c| cx.choice("state_id", c))
        .or_else(|| name.as_deref().and_then(|n| cx.choice("state", n)))
        .and_then(state_meaning);
    let meaning = from_choice
        .or_else(|| {
            typ.as_deref().and_then(|t| {
                cx.choice("state_type", t)
                    .and_then(state_meaning)
                    .or_else(|| state_type(t))
            })
        })
        .or_else(|| code.as_deref().and_then(seed_state_id))
        .or_else(|| {
            if code.is_none() {
                name.as_deref().and_then(state_type)
            } else {
                None
            }
        });
    match meaning {
        Some(s) => r.state = Field::Value(s),
        None => {
            let (path, node) = match d.node("state_id") {
                Some(n) => ("state_id", n),
                None => ("state", d.node("state").unwrap_or(&Node::Null)),
            };
            let shown = match &name {
                Some(n) if path == "state_id" => format!(" ({n:?})"),
                _ => String::new(),
            };
            d.warn(
                path,
                format!("unknown ticket state{shown} (map it with context.choices.state_id)"),
                node,
            );
        }
    }
}

/// The escalation fields as SLA clocks (first response, update, solution). A negative
/// `*_diff_in_min` is a missed target.
fn escalations<'a>(
    d: &mut Doc<'_, 'a, '_>,
    state: Option<State>,
    start: Option<Instant>,
    solved: Option<Instant>,
) -> Option<Vec<SlaEntry<'a>>> {
    let clocks: [(&'static str, &str, &str); 3] = [
        (
            "first response",
            "first_response_escalation_at",
            "first_response_diff_in_min",
        ),
        ("update", "update_escalation_at", "update_diff_in_min"),
        ("solution", "close_escalation_at", "close_diff_in_min"),
    ];
    let mut out = Vec::new();
    for (name, due_key, diff_key) in clocks {
        let due = d.instant(due_key).value().copied();
        let diff = d.number(diff_key).value().copied();
        if due.is_none() && diff.is_none() {
            continue;
        }
        let stop = match name {
            "first response" => d.instant("first_response_at").value().copied(),
            "solution" => solved,
            _ => None,
        };
        let breached = match (diff, stop, due) {
            (Some(m), _, _) => Some(m < 0.0),
            (None, Some(s), Some(t)) => Some(s > t),
            _ => None,
        };
        out.push(SlaEntry {
            name: Some(Text::borrowed(name)),
            stage: Some(clock_stage(stop.is_some(), state)),
            breached,
            start,
            due,
            stop,
            source: Some(SlaSource::VerdictField),
        });
    }
    (!out.is_empty()).then_some(out)
}

/// A ticket exported with only its next escalation time, `escalation_at` (the earliest target
/// not yet met): Zammad's verdict when nothing else is given. Breached when the ticket was
/// closed after it, or when it had already passed at the ticket's last update while the ticket
/// was still open (Zammad recomputes it on every update, so the ticket was escalated then).
fn next_escalation<'a>(
    d: &mut Doc<'_, 'a, '_>,
    state: Option<State>,
    start: Option<Instant>,
    solved: Option<Instant>,
    updated: Option<Instant>,
) -> Option<Vec<SlaEntry<'a>>> {
    let due = d.instant("escalation_at").value().copied()?;
    let open = !state.is_some_and(State::is_done);
    let breached = match (solved, updated) {
        (Some(s), _) => Some(s > due),
        (None, Some(u)) if open && u > due => Some(true),
        _ => None,
    };
    Some(vec![SlaEntry {
        name: Some(Text::borrowed("escalation")),
        stage: Some(clock_stage(solved.is_some(), state)),
        breached,
        start,
        due: Some(due),
        stop: solved,
        source: Some(SlaSource::VerdictField),
    }])
}

/// A clock's stage from whether it stopped and the ticket's state.
pub(super) fn clock_stage(stopped: bool, state: Option<State>) -> SlaStage {
    match state {
        _ if stopped => SlaStage::Completed,
        Some(s) if s.is_done() => SlaStage::Completed,
        Some(State::OnHold) => SlaStage::Paused,
        _ => SlaStage::InProgress,
    }
}

/// `GET /api/v1/links` (`{links: [{link_type, link_object, link_object_value}], assets}`) or
/// one of its link items: links of the bundle's ticket.
fn links<'a>(
    root: &Node<'a>,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    if !at.path.contains(".related") {
        return Err(at.reject(
            "",
            "a Zammad links payload does not say which ticket it belongs to; send it as related payload of its ticket: {\"bundle\": \"zammad\", \"record\": {ticket}, \"related\": [links]}",
        ));
    }
    let single = root.get("link_type").is_some();
    let items: Vec<(String, &Node<'a>)> = if single {
        vec![(String::new(), root)]
    } else {
        match root.get("links") {
            Some(Node::Arr(items)) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("links.{i}."), n))
                .collect(),
            Some(other) => {
                at.warn("links", "expected a list of links", &other.describe());
                Vec::new()
            }
            None => Vec::new(),
        }
    };
    let mut attach = Vec::new();
    for (prefix, item) in items {
        let object = item.get("link_object").and_then(Node::as_text);
        let Some(value) = item
            .get("link_object_value")
            .filter(|n| !n.is_empty())
            .and_then(Node::as_text)
        else {
            at.warn(
                &format!("{prefix}link_object_value"),
                "link without a target: not joined",
                &item.describe(),
            );
            continue;
        };
        let is_ticket = object.as_deref().is_none_or(|o| o == "Ticket");
        // The linked ticket's type, when the assets carry it and it is set.
        let target_kind = if is_ticket {
            root.at(&format!("assets.Ticket.{value}.type"))
                .and_then(Node::as_str)
                .filter(|t| !t.is_empty())
                .and_then(|t| kind_of_type(cx, t))
        } else {
            None
        };
        let link_type = item
            .get("link_type")
            .and_then(Node::as_str)
            .unwrap_or("normal");
        let by_type = match link_type {
            "normal" => LinkRel::RelatesTo,
            // Link.list gives the linked object's role: "parent" means the target is the parent.
            "parent" => LinkRel::Parent,
            "child" => LinkRel::Child,
            other => {
                at.warn(
                    &format!("{prefix}link_type"),
                    "unknown link type, read as a plain link",
                    &format!("{other:?}"),
                );
                LinkRel::RelatesTo
            }
        };
        let rel = match target_kind {
            Some(Kind::Problem) => LinkRel::Problem,
            Some(Kind::Change) => LinkRel::Change,
            Some(Kind::Incident) if link_type == "normal" => LinkRel::Incident,
            _ => by_type,
        };
        let target = match (is_ticket, object) {
            (false, Some(o)) => Text::owned(format!("{o}/{value}")),
            _ => value,
        };
        attach.push(Attach {
            target: Text::borrowed(""),
            also: None,
            what: Attachment::Link(Link {
                rel,
                target,
                target_kind,
            }),
        });
    }
    Ok(Converted {
        record: None,
        attach,
    })
}

/// `GET /api/v1/ticket_history/{id}`: state, group, owner and priority changes as events of the
/// ticket (`o_id`), which give the reopen and reassignment counts.
fn history<'a>(
    root: &Node<'a>,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let items = match root.get("history") {
        Some(Node::Arr(items)) => items,
        Some(other) => {
            return Err(at.reject(
                ".history",
                format!(
                    "expected a list of history entries, got {}",
                    other.describe()
                ),
            ));
        }
        None => return Err(at.reject(".history", "a Zammad history payload needs `history`")),
    };
    let mut attach = Vec::new();
    let mut warnings = Vec::new();
    for (i, e) in items.iter().enumerate() {
        if e.get("object")
            .and_then(Node::as_str)
            .is_some_and(|o| o != "Ticket")
        {
            continue;
        }
        let field = match e.get("attribute").and_then(Node::as_str) {
            Some("state") => EventField::State,
            Some("group") => EventField::AssignmentGroup,
            Some("owner") => EventField::Assignee,
            Some("priority") => EventField::Priority,
            _ => continue,
        };
        let when = e
            .get("created_at")
            .and_then(Node::as_str)
            .and_then(|t| Instant::parse(t, cx.time_zone.as_ref()))
            .map(|p| p.0);
        if when.is_none() {
            warnings.push((
                format!("history.{i}.created_at"),
                e.get("created_at")
                    .map(Node::describe)
                    .unwrap_or_else(|| "null".into()),
            ));
        }
        let side = |id: &str, value: &str| -> Option<Text<'a>> {
            e.get(id)
                .filter(|n| !n.is_empty())
                .and_then(Node::as_text)
                .or_else(|| {
                    e.get(value)
                        .filter(|n| !n.is_empty())
                        .and_then(Node::as_text)
                })
        };
        let (from, to) = (side("id_from", "value_from"), side("id_to", "value_to"));
        let mut event = Event {
            at: when,
            field,
            from_state: None,
            to_state: None,
            from: None,
            to: None,
        };
        if field == EventField::State {
            let meaning = |id: &str, value: &str| -> Option<State> {
                e.get(id)
                    .filter(|n| !n.is_empty())
                    .and_then(Node::as_text)
                    .and_then(|c| state_of_id(cx, &c))
                    .or_else(|| {
                        e.get(value)
                            .and_then(Node::as_str)
                            .and_then(|n| state_of_name(cx, n))
                    })
            };
            event.from_state = meaning("id_from", "value_from");
            event.to_state = meaning("id_to", "value_to");
            if event.to_state.is_none() {
                warnings.push((
                    format!("history.{i}.value_to"),
                    e.get("value_to")
                        .map(Node::describe)
                        .unwrap_or_else(|| "null".into()),
                ));
            }
        } else {
            event.from = from;
            event.to = to;
        }
        let target = e.get("o_id").and_then(Node::as_text).unwrap_or_default();
        attach.push(Attach {
            target,
            also: None,
            what: Attachment::Event(event),
        });
    }
    for (path, value) in warnings {
        let message = if path.ends_with("created_at") {
            "not a date-time: the change is not ordered"
        } else {
            "unknown ticket state (map it with context.choices.state)"
        };
        at.warn(&path, message, &value);
    }
    Ok(Converted {
        record: None,
        attach,
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers shared with the Znuny and Freshservice adapters.

/// A record with nothing known but its id and kind.
pub(super) fn blank_record<'a>(
    id: Text<'a>,
    kind: Kind,
    raw: &'a str,
    tool: &'static str,
    shape: &'static str,
    table: &'static str,
) -> Record<'a> {
    Record {
        origin: Origin {
            tool: Some(Text::borrowed(tool)),
            shape: Some(Text::borrowed(shape)),
            table: Some(Text::borrowed(table)),
            url: None,
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    }
}

// Shared by every adapter (ServiceNow too); the Znuny and Freshservice adapters import it from here.
pub(super) use super::first_present;

/// Creates the detail object of the record's kind (ticket kinds only).
pub(super) fn ensure_detail(r: &mut Record<'_>) {
    match r.kind {
        Kind::Incident => {
            r.incident.get_or_insert_with(Default::default);
        }
        Kind::ServiceRequest => {
            r.request.get_or_insert_with(Default::default);
        }
        Kind::Problem => {
            r.problem.get_or_insert_with(Default::default);
        }
        Kind::Change => {
            r.change.get_or_insert_with(Default::default);
        }
        Kind::Release => {
            r.release.get_or_insert_with(Default::default);
        }
        _ => {}
    }
}

/// A level from a code field and its label field: the instance's `choices` (for the code, then
/// the label) come first, then the tool's code table, then (without a code) its label table.
/// The tool's code and label are kept.
pub(super) fn coded_level<'a>(
    d: &mut Doc<'_, 'a, '_>,
    code_path: &str,
    label_path: Option<&str>,
    codes: LevelMap<'_>,
    labels: LevelMap<'_>,
    what: &str,
) -> Field<Level<'a>> {
    let code_node = d.node(code_path);
    let label_node = label_path.and_then(|p| d.node(p));
    if code_node.is_none() && label_node.is_none() {
        return Field::Absent;
    }
    let as_text = |n: Option<&Node<'a>>| -> Option<Text<'a>> {
        match n? {
            n if n.is_empty() => None,
            n @ Node::Obj(_) => ["name", "value"].iter().find_map(|k| n.get(k)?.as_text()),
            n => n.as_text(),
        }
    };
    let code = code_node.filter(|n| !n.is_empty()).and_then(|n| match n {
        Node::Obj(_) => n.get("id").and_then(Node::as_text),
        other => other.as_text(),
    });
    let label = as_text(label_node);
    if code.is_none() && label.is_none() {
        return Field::Null;
    }
    let cx = d.cx;
    let chosen = |path: &str, key: &str| {
        cx.choice(path, key.trim())
            .and_then(|v| v.trim().parse::<u8>().ok())
    };
    let table = |map: LevelMap<'_>, key: &str| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))
            .map(|(_, v)| *v)
    };
    let value = code
        .as_deref()
        .and_then(|c| chosen(code_path, c))
        .or_else(|| {
            label
                .as_deref()
                .zip(label_path)
                .and_then(|(l, p)| chosen(p, l))
        })
        .or_else(|| code.as_deref().and_then(|c| table(codes, c)))
        .or_else(|| {
            if code.is_none() {
                label.as_deref().and_then(|l| table(labels, l))
            } else {
                None
            }
        });
    match value {
        Some(value) if (1..=5).contains(&value) => Field::Value(Level { value, code, label }),
        _ => {
            let (path, node) = match (code_node, label_node) {
                (Some(n), _) if !n.is_empty() => (code_path, n),
                (_, Some(n)) => (label_path.unwrap_or(code_path), n),
                (Some(n), None) => (code_path, n),
                (None, None) => return Field::Absent,
            };
            d.warn(
                path,
                format!("unknown {what} (map it with context.choices.{path})"),
                node,
            );
            Field::Absent
        }
    }
}

/// Where a tool field named in `context.fields` sits in a payload.
pub(super) enum Slot {
    /// A path in the payload (the field may still be missing).
    Path(String),
    /// The tool lists the field without a value (a Znuny dynamic field with no `Value`).
    Empty,
}

/// Canonical scales for custom fields: impact/urgency 1 high … 3 low, priority 1 … 5.
const LEVEL3: LevelMap<'static> = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("high", 1),
    ("medium", 2),
    ("moderate", 2),
    ("low", 3),
];
const LEVEL5: LevelMap<'static> = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("4", 4),
    ("5", 5),
    ("critical", 1),
    ("high", 2),
    ("moderate", 3),
    ("medium", 3),
    ("low", 4),
    ("planning", 5),
];

pub(super) fn change_type_code(t: &str) -> Option<ChangeType> {
    ChangeType::parse(t.trim())
}

pub(super) fn risk_code(t: &str) -> Option<Risk> {
    Some(match t.trim() {
        "very_high" | "very high" => Risk::VeryHigh,
        "high" => Risk::High,
        "moderate" | "medium" => Risk::Moderate,
        "low" => Risk::Low,
        _ => return None,
    })
}

pub(super) fn outcome_code(t: &str) -> Option<Outcome> {
    Some(match t.trim() {
        "successful" => Outcome::Successful,
        "successful_with_issues" | "successful with issues" => Outcome::SuccessfulWithIssues,
        "unsuccessful" | "failed" => Outcome::Unsuccessful,
        "cancelled" | "canceled" => Outcome::Cancelled,
        _ => return None,
    })
}

pub(super) fn approval_code(t: &str) -> Option<ApprovalState> {
    Some(match t.trim() {
        "not_requested" | "not requested" => ApprovalState::NotRequested,
        "requested" => ApprovalState::Requested,
        "approved" => ApprovalState::Approved,
        "rejected" => ApprovalState::Rejected,
        "cancelled" | "canceled" => ApprovalState::Cancelled,
        "not_required" | "not required" => ApprovalState::NotRequired,
        _ => return None,
    })
}

/// Text of a custom field: scalars, objects with a name, and multi-value lists (joined).
pub(super) fn custom_text<'a>(d: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match d.node(path) {
        Some(Node::Arr(items)) if !items.is_empty() => {
            let parts: Option<Vec<Text<'a>>> = items.iter().map(Node::as_text).collect();
            match parts {
                Some(parts) => Field::Value(Text::owned(
                    parts.iter().map(|t| &**t).collect::<Vec<_>>().join(", "),
                )),
                None => d.text(path),
            }
        }
        Some(Node::Arr(_)) => Field::Null,
        _ => d.text(path),
    }
}

/// Reads the tool fields the instance maps to canonical paths (`context.fields`), overriding
/// what the adapter read when the payload carries them. Kind-specific paths (`change.backoutPlan`)
/// apply to records of that kind only.
pub(super) fn apply_custom_fields<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    locate: &dyn Fn(&str) -> Option<Slot>,
) {
    let wanted: Vec<(String, String)> =
        d.cx.fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    for (canonical, tool_field) in wanted {
        let path = match locate(&tool_field) {
            None => continue,
            Some(Slot::Empty) => None,
            Some(Slot::Path(p)) => {
                if d.node(&p).is_none() {
                    continue;
                }
                Some(p)
            }
        };
        apply_custom(d, r, &canonical, path.as_deref());
    }
}

fn apply_custom<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    canonical: &str,
    path: Option<&str>,
) {
    macro_rules! read {
        (text) => {
            match path {
                Some(p) => custom_text(d, p),
                None => Field::Null,
            }
        };
        (instant) => {
            match path {
                Some(p) => d.instant(p),
                None => Field::Null,
            }
        };
        (boolean) => {
            match path {
                Some(p) => d.boolean(p),
                None => Field::Null,
            }
        };
        (level $map:expr) => {
            match path {
                Some(p) => d.level(p, $map),
                None => Field::Null,
            }
        };
        (choice $what:literal $decode:expr) => {
            match path {
                Some(p) => d.choice(p, $what, $decode),
                None => Field::Null,
            }
        };
    }
    macro_rules! set {
        ($slot:expr, $value:expr) => {{
            let v = $value;
            if !v.is_absent() {
                $slot = v;
            }
        }};
    }
    let (head, tail) = canonical.split_once('.').unwrap_or((canonical, ""));
    match (head, tail) {
        ("title", "") => set!(r.title, read!(text)),
        ("category", "") => set!(r.category, read!(text)),
        ("service", "") => set!(r.service, read!(text)),
        ("assignmentGroup", "") => set!(r.assignment_group, read!(text)),
        ("assignee", "") => set!(r.assignee, read!(text)),
        ("requester", "") => set!(r.requester, read!(text)),
        ("priority", "") => set!(r.priority, read!(level LEVEL5)),
        ("impact", "") => set!(r.impact, read!(level LEVEL3)),
        ("urgency", "") => set!(r.urgency, read!(level LEVEL3)),
        ("openedAt", "") => set!(r.opened_at, read!(instant)),
        ("updatedAt", "") => set!(r.updated_at, read!(instant)),
        ("resolvedAt", "") => set!(r.resolved_at, read!(instant)),
        ("closedAt", "") => set!(r.closed_at, read!(instant)),
        ("approval", "") => set!(r.approval, read!(choice "approval state" approval_code)),
        ("incident", f) if r.kind == Kind::Incident => {
            let x = r.incident.get_or_insert_with(Default::default);
            match f {
                "major" => set!(x.major, read!(boolean)),
                "security" => set!(x.security, read!(boolean)),
                "reopenCount" => set!(
                    x.reopen_count,
                    path.map(|p| d.count(p)).unwrap_or(Field::Null)
                ),
                "reassignmentCount" => set!(
                    x.reassignment_count,
                    path.map(|p| d.count(p)).unwrap_or(Field::Null)
                ),
                "resolutionCode" => set!(x.resolution_code, read!(text)),
                "resolutionNotes" => set!(x.resolution_notes, read!(text)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                _ => {}
            }
        }
        ("request", f) if r.kind == Kind::ServiceRequest => {
            let x = r.request.get_or_insert_with(Default::default);
            match f {
                "item" => set!(x.item, read!(text)),
                "approvalRequired" => set!(x.approval_required, read!(boolean)),
                "closeNotes" => set!(x.close_notes, read!(text)),
                _ => {}
            }
        }
        ("problem", f) if r.kind == Kind::Problem => {
            let x = r.problem.get_or_insert_with(Default::default);
            match f {
                "rootCause" => set!(x.root_cause, read!(text)),
                "workaround" => set!(x.workaround, read!(text)),
                "knownError" => set!(x.known_error, read!(boolean)),
                "knownErrorAt" => set!(x.known_error_at, read!(instant)),
                "fixNotes" => set!(x.fix_notes, read!(text)),
                "resolutionCode" => set!(x.resolution_code, read!(text)),
                _ => {}
            }
        }
        ("change", f) if r.kind == Kind::Change => {
            let x = r.change.get_or_insert_with(Default::default);
            match f {
                "type" => set!(x.r#type, read!(choice "change type" change_type_code)),
                "risk" => set!(x.risk, read!(choice "risk" risk_code)),
                "implementationPlan" => set!(x.implementation_plan, read!(text)),
                "backoutPlan" => set!(x.backout_plan, read!(text)),
                "testPlan" => set!(x.test_plan, read!(text)),
                "riskAnalysis" => set!(x.risk_analysis, read!(text)),
                "plannedStart" => set!(x.planned_start, read!(instant)),
                "plannedEnd" => set!(x.planned_end, read!(instant)),
                "actualStart" => set!(x.actual_start, read!(instant)),
                "actualEnd" => set!(x.actual_end, read!(instant)),
                "outcome" => set!(x.outcome, read!(choice "outcome" outcome_code)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                "cabRequired" => set!(x.cab_required, read!(boolean)),
                "unauthorized" => set!(x.unauthorized, read!(boolean)),
                _ => {}
            }
        }
        ("release", f) if r.kind == Kind::Release => {
            let x = r.release.get_or_insert_with(Default::default);
            match f {
                "releaseType" => set!(x.release_type, read!(text)),
                "plannedAt" => set!(x.planned_at, read!(instant)),
                "deployedAt" => set!(x.deployed_at, read!(instant)),
                "testPlan" => set!(x.test_plan, read!(text)),
                "acceptedAt" => set!(x.accepted_at, read!(instant)),
                "backoutPlan" => set!(x.backout_plan, read!(text)),
                "outcome" => set!(x.outcome, read!(choice "outcome" outcome_code)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                _ => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links of a bundle's ticket (the corpus cannot send bundles with related payloads yet).
    #[test]
    fn links_payload_in_a_bundle_attaches_typed_links_to_the_main_record() {
        let raw = r#"{"links": [
            {"link_type": "normal", "link_object": "Ticket", "link_object_value": 42},
            {"link_type": "parent", "link_object": "Ticket", "link_object_value": 43},
            {"link_type": "child", "link_object": "Ticket", "link_object_value": 44},
            {"link_type": "normal", "link_object": "KnowledgeBase::Answer::Translation", "link_object_value": 7},
            {"link_type": "sibling", "link_object": "Ticket", "link_object_value": 45}],
          "assets": {"Ticket": {"42": {"id": 42, "type": "Problem"}, "43": {"id": 43, "type": null}}}}"#;
        let cx = Context::default();
        let mut warnings = Vec::new();
        let mut at = Cursor::new(0, "$.related[0]".into(), &mut warnings);
        let converted = Zammad.convert(raw, &cx, &mut at).unwrap();
        assert!(converted.record.is_none());
        let links: Vec<(LinkRel, String, Option<Kind>)> = converted
            .attach
            .iter()
            .map(|a| {
                assert!(a.target.is_empty(), "joined to the bundle's main record");
                match &a.what {
                    Attachment::Link(l) => (l.rel, l.target.to_string(), l.target_kind),
                    other => panic!("{other:?}"),
                }
            })
            .collect();
        assert_eq!(
            links,
            vec![
                (LinkRel::Problem, "42".into(), Some(Kind::Problem)),
                (LinkRel::Parent, "43".into(), None),
                (LinkRel::Child, "44".into(), None),
                (
                    LinkRel::RelatesTo,
                    "KnowledgeBase::Answer::Translation/7".into(),
                    None
                ),
                (LinkRel::RelatesTo, "45".into(), None),
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, "$.related[0].links.4.link_type");

        // Outside a bundle the ticket they belong to is unknown.
        let mut warnings = Vec::new();
        let mut at = Cursor::new(0, "$".into(), &mut warnings);
        let err = Zammad.convert(raw, &cx, &mut at).err().unwrap();
        assert!(err.message.contains("bundle"), "{}", err.message);
    }
}
