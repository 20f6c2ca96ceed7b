//! GLPI REST apiv1: Ticket, Problem, Change, their link items (Problem_Ticket, Change_Ticket, Item_Ticket, …) and validations; numeric codes or expand_dropdowns names; search results.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.
//!
//! - Records: `GET apirest.php/{Ticket|Problem|Change}/{id}` (the item type comes from the
//!   HATEOAS `links`, or from the type-specific fields). The record `id` is the GLPI id as text;
//!   GLPI has no separate human number.
//! - Codes, never labels: `status` 1..14 per item type, Ticket `type` 1 incident / 2 request,
//!   `urgency`/`impact` 1 (very low) .. 5 (very high), `priority` 1 .. 6 (6 = major),
//!   `global_validation` 1 none / 2 waiting / 3 accepted / 4 refused. Unknown codes warn and can
//!   be mapped through the instance context (`choices`).
//! - `expand_dropdowns=true` turns foreign keys into names; both forms are read, and related
//!   items find their parent's id in the HATEOAS `links` when the key became a name.
//! - Rich text (`content`, the Change plans, Problem analysis) is HTML, entity-encoded up to
//!   GLPI 10; it is read as plain text, so an empty editor paragraph counts as empty.
//! - Naive `Y-m-d H:i:s` times are in the instance time zone (`context.timeZone`).
//! - SLA family (b): deadlines on the ticket (`time_to_own`, `time_to_resolve` and the OLA
//!   `internal_*` ones) against `takeintoaccountdate` / `solvedate`.
//! - Related items are separate payloads joined by the engine: `Problem_Ticket`,
//!   `Change_Ticket`, `Change_Problem` (links both ways), `Item_Ticket` / `Change_Item` /
//!   `Item_Problem` (affected CIs), `TicketValidation` / `ChangeValidation` (approvals).
//! - Search results (`apirest.php/search/Ticket`, a `data` envelope keyed by search-option
//!   ids) become minimal ticket records.

use std::borrow::Cow;

use super::doc::{self, Doc, LevelMap, Node};
use super::history::{self, Event, EventField};
use super::{
    Adapter, Assigned, Attach, Attachment, Context, Converted, Cursor, Envelope, KeySet, Rejection,
};
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

pub struct Glpi;

/// GLPI urgency and impact: 1 very low … 5 very high → canonical 1 high … 3 low.
const SCALE5: LevelMap<'static> = &[("1", 3), ("2", 3), ("3", 2), ("4", 1), ("5", 1)];
/// GLPI priority: 1 very low … 5 very high, 6 major → canonical 1 critical … 5 planning.
const PRIORITY6: LevelMap<'static> = &[("1", 5), ("2", 4), ("3", 3), ("4", 2), ("5", 1), ("6", 1)];

/// The GLPI ITIL item types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Itil {
    Ticket,
    Problem,
    Change,
}

impl Itil {
    const ALL: [Itil; 3] = [Itil::Ticket, Itil::Problem, Itil::Change];

    fn name(self) -> &'static str {
        match self {
            Itil::Ticket => "Ticket",
            Itil::Problem => "Problem",
            Itil::Change => "Change",
        }
    }

    fn from_name(name: &str) -> Option<Itil> {
        Itil::ALL
            .into_iter()
            .find(|i| i.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The foreign key related items use for it.
    fn key(self) -> &'static str {
        match self {
            Itil::Ticket => "tickets_id",
            Itil::Problem => "problems_id",
            Itil::Change => "changes_id",
        }
    }

    fn form(self) -> &'static str {
        match self {
            Itil::Ticket => "ticket",
            Itil::Problem => "problem",
            Itil::Change => "change",
        }
    }
}

/// What one element of a GLPI input is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// A row of `apirest.php/search/Ticket` (`data` envelope, search-option ids as keys).
    Search,
    /// A Ticket, Problem or Change.
    Item(Itil),
    /// `Problem_Ticket`, `Change_Ticket`, `Change_Problem`: (first, second) linked both ways.
    Pair(Itil, Itil),
    /// `Item_Ticket`, `Change_Item`, `Item_Problem`: an asset affected by the parent.
    Asset(Itil),
    /// `TicketValidation`, `ChangeValidation`.
    Validation(Itil),
    /// `Ticket_User`, `Group_Ticket`, `Change_User`, … (requesters, technicians, observers).
    Actor(Itil),
    /// A timeline entry: follow-up, task or solution.
    Timeline(Itil, &'static str),
    /// A `glpi_logs` row.
    Log,
}

fn classify(root: &Node<'_>) -> Option<Shape> {
    let has = |k: &str| root.get(k).is_some();
    if !has("id") && (has("2") || has("1")) {
        return Some(Shape::Search);
    }
    let parents: Vec<Itil> = Itil::ALL.into_iter().filter(|i| has(i.key())).collect();
    match parents.as_slice() {
        [Itil::Ticket, Itil::Problem] => return Some(Shape::Pair(Itil::Problem, Itil::Ticket)),
        [Itil::Ticket, Itil::Change] => return Some(Shape::Pair(Itil::Change, Itil::Ticket)),
        [Itil::Problem, Itil::Change] => return Some(Shape::Pair(Itil::Change, Itil::Problem)),
        _ => {}
    }
    let asset = has("itemtype") && has("items_id");
    // Timeline items since GLPI 9.4 point to their parent with itemtype/items_id.
    let timeline_parent = || {
        root.get("itemtype")
            .and_then(Node::as_str)
            .and_then(Itil::from_name)
    };
    if let [parent] = parents.as_slice() {
        let parent = *parent;
        if asset {
            return Some(Shape::Asset(parent));
        }
        if has("users_id_validate") || has("items_id_target") || has("validation_date") {
            return Some(Shape::Validation(parent));
        }
        if has("content") {
            return Some(Shape::Timeline(parent, timeline_kind(root)));
        }
        if has("type") && (has("users_id") || has("groups_id") || has("suppliers_id")) {
            return Some(Shape::Actor(parent));
        }
        return Some(Shape::Timeline(parent, "related item"));
    }
    if asset {
        if has("id_search_option") {
            return Some(Shape::Log);
        }
        if let Some(parent) = timeline_parent()
            && (has("content") || has("solutiontypes_id"))
        {
            return Some(Shape::Timeline(parent, timeline_kind(root)));
        }
        if timeline_parent().is_some() {
            return None;
        }
        // Before GLPI 9.2 a Ticket kept one associated asset in itemtype/items_id.
    }
    item_type(root).map(Shape::Item)
}

fn timeline_kind(root: &Node<'_>) -> &'static str {
    let has = |k: &str| root.get(k).is_some();
    if has("solutiontypes_id") {
        "solution (ITILSolution)"
    } else if has("actiontime") || has("taskcategories_id") || has("users_id_tech") {
        "task"
    } else {
        "follow-up (ITILFollowup)"
    }
}

/// Ticket, Problem or Change, from the HATEOAS links or the type-specific fields.
fn item_type(root: &Node<'_>) -> Option<Itil> {
    if let Some(t) = root
        .get("itemtype")
        .and_then(Node::as_str)
        .and_then(Itil::from_name)
    {
        return Some(t);
    }
    let id = root.get("id").and_then(Node::as_text);
    if let Some(id) = id.as_deref() {
        // Sub-item links read `…/apirest.php/Ticket/289/TicketTask/`.
        for link in root.get("links").map(Node::as_array).unwrap_or_default() {
            let Some(href) = link.get("href").and_then(Node::as_str) else {
                continue;
            };
            let Some(tail) = href.split("/apirest.php/").nth(1) else {
                continue;
            };
            let mut parts = tail.split('/');
            if let (Some(t), Some(n), Some(_sub)) = (parts.next(), parts.next(), parts.next())
                && n == id
                && let Some(t) = Itil::from_name(t)
            {
                return Some(t);
            }
        }
    }
    let has = |k: &str| root.get(k).is_some();
    if [
        "rolloutplancontent",
        "backoutplancontent",
        "checklistcontent",
        "controlistcontent",
    ]
    .iter()
    .any(|k| has(k))
    {
        Some(Itil::Change)
    } else if has("causecontent") || has("symptomcontent") {
        Some(Itil::Problem)
    } else if has("type") || has("requesttypes_id") || has("time_to_own") {
        Some(Itil::Ticket)
    } else {
        None
    }
}

impl Adapter for Glpi {
    fn tool(&self) -> &'static str {
        "glpi"
    }

    fn envelopes(&self) -> &'static [Envelope] {
        // The search endpoint's rows.
        const { &[Envelope::records("data", "$.data")] }
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&[
            "users_id_recipient",
            "itilcategories_id",
            "global_validation",
            "users_id_validate",
        ]) || keys.all(&["entities_id", "date_mod"])
            || keys.any(&["tickets_id", "problems_id", "changes_id"])
            || (keys.all(&["itemtype", "items_id"]) && !keys.has("kind"))
            || keys.all(&["1", "2"])
    }

    fn convert<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let root = doc::parse(raw, at, "a GLPI item")?;
        let Some(shape) = classify(&root) else {
            return Err(at.reject(
                "",
                "not a GLPI Ticket, Problem or Change (nor one of their link items, validations or search rows)",
            ));
        };
        match shape {
            Shape::Search => search_row(&root, raw, cx, at),
            Shape::Item(itil) => item(&root, raw, itil, cx, at),
            Shape::Pair(a, b) => pair(&root, a, b, cx, at),
            Shape::Asset(parent) => asset(&root, parent, cx, at),
            Shape::Validation(parent) => validation(&root, parent, cx, at),
            Shape::Actor(parent) => {
                let target =
                    parent_id(&root, parent, parent.key(), at).map(|id| item_key(parent, id));
                // type 1 requester, 2 assigned, 3 observer (observers are not evaluated).
                let role = root.get("type").and_then(Node::as_f64).map(|t| t as i64);
                let who = ["users_id", "groups_id", "suppliers_id"]
                    .iter()
                    .find_map(|k| {
                        root.get(k)
                            .and_then(Node::as_text)
                            .filter(|t| !t.is_blank() && &**t != "0")
                            .map(|t| (*k, t))
                    });
                let assigned = match (role, who) {
                    (Some(1), Some(("users_id", id))) => Some(Assigned::Requester(id)),
                    (Some(2), Some(("users_id", id))) => Some(Assigned::Assignee(id)),
                    (Some(2), Some(("groups_id", id))) => Some(Assigned::AssignmentGroup(id)),
                    (Some(1..=3), _) => None,
                    _ => {
                        let shown = root.get("type").map(Node::describe).unwrap_or_default();
                        at.warn(
                            "type",
                            "unknown GLPI actor type (1 requester, 2 assigned, 3 observer)",
                            &shown,
                        );
                        None
                    }
                };
                let attach = match (target, assigned) {
                    (Some(target), Some(what)) => vec![Attach {
                        target,
                        also: None,
                        what: Attachment::Set(what),
                    }],
                    _ => Vec::new(),
                };
                Ok(Converted {
                    record: None,
                    attach,
                })
            }
            Shape::Timeline(parent, "solution (ITILSolution)") => {
                let key = if root.get(parent.key()).is_some() {
                    parent.key()
                } else {
                    "items_id"
                };
                let Some(target) = parent_id(&root, parent, key, at).map(|id| item_key(parent, id))
                else {
                    return Ok(Converted {
                        record: None,
                        attach: Vec::new(),
                    });
                };
                let mut attach = Vec::new();
                if let Some(text) = root
                    .get("content")
                    .and_then(Node::as_str)
                    .map(html_to_text)
                    .filter(|t| !t.trim().is_empty())
                {
                    attach.push(Attach {
                        target: target.clone(),
                        also: None,
                        what: Attachment::Set(Assigned::ResolutionNotes(Text::owned(text))),
                    });
                }
                if let Some(code) = root
                    .get("solutiontypes_id")
                    .and_then(Node::as_text)
                    .filter(|t| !t.is_blank() && &**t != "0")
                {
                    attach.push(Attach {
                        target,
                        also: None,
                        what: Attachment::Set(Assigned::ResolutionCode(code)),
                    });
                }
                Ok(Converted {
                    record: None,
                    attach,
                })
            }
            Shape::Timeline(parent, what) => {
                // Since GLPI 9.4 timeline items point to their parent with itemtype/items_id.
                let key = if root.get(parent.key()).is_some() {
                    parent.key()
                } else {
                    "items_id"
                };
                let target = parent_id(&root, parent, key, at);
                let shown = root.get("id").map(Node::describe).unwrap_or_default();
                at.warn(
                    "id",
                    format!(
                        "GLPI {what} of {} {} is not evaluated: the canonical record has no place for it",
                        parent.name(),
                        target.as_deref().unwrap_or("?")
                    ),
                    &shown,
                );
                Ok(Converted {
                    record: None,
                    attach: Vec::new(),
                })
            }
            Shape::Log => {
                let shown = root
                    .get("id_search_option")
                    .map(Node::describe)
                    .unwrap_or_default();
                at.warn(
                    "id_search_option",
                    "a separate GLPI Log row is not joined: fetch the record with with_logs=true so its status history (`_logs`) is read with it",
                    &shown,
                );
                Ok(Converted {
                    record: None,
                    attach: Vec::new(),
                })
            }
        }
    }
}

/// The parent's GLPI id from its foreign key, or from the HATEOAS link when expand_dropdowns
/// replaced the key by the parent's name.
fn parent_id<'a>(
    root: &Node<'a>,
    parent: Itil,
    key: &str,
    at: &mut Cursor<'_>,
) -> Option<Text<'a>> {
    let node = root.get(key)?;
    let text = node.as_text()?;
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        // 0 is GLPI's "none".
        return (&*text != "0").then_some(text);
    }
    if let Some(id) = link_id(root, parent.name()) {
        return Some(id);
    }
    if text.is_empty() {
        return None;
    }
    at.warn(
        key,
        format!("expand_dropdowns replaced the {} id by its name and no `links` entry gives the id: joined by name", parent.name()),
        &node.describe(),
    );
    Some(text)
}

/// The join key of a GLPI item: ids are per item type (Ticket 5 and Problem 5 are different
/// records), so related pieces name the type, as the engine indexes records (`table/id`). A name
/// left by `expand_dropdowns` stays as it is.
fn item_key<'a>(parent: Itil, id: Text<'a>) -> Text<'a> {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
        Text::owned(format!("{}/{}", parent.name(), &*id))
    } else {
        id
    }
}

/// The id in a HATEOAS link `…/apirest.php/{rel}/{id}`.
fn link_id<'a>(root: &Node<'a>, rel: &str) -> Option<Text<'a>> {
    root.get("links")?.as_array().iter().find_map(|l| {
        if !l
            .get("rel")
            .and_then(Node::as_str)
            .is_some_and(|r| r.eq_ignore_ascii_case(rel))
        {
            return None;
        }
        let href = l.get("href").and_then(Node::as_str)?;
        let id = href.trim_end_matches('/').rsplit('/').next()?;
        (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
            .then(|| Text::owned(id.to_string()))
    })
}

/// The instance address in the HATEOAS links, for a link back to the record.
fn instance_url(root: &Node<'_>, itil: Itil, id: &str) -> Option<String> {
    root.get("links")?.as_array().iter().find_map(|l| {
        let href = l.get("href").and_then(Node::as_str)?;
        let base = href
            .split("/apirest.php/")
            .next()
            .filter(|b| b.len() < href.len())?;
        (base.starts_with("https://") || base.starts_with("http://"))
            .then(|| format!("{base}/front/{}.form.php?id={id}", itil.form()))
    })
}

fn pair<'a>(
    root: &Node<'a>,
    a: Itil,
    b: Itil,
    _cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let name = format!("{}_{}", a.name(), b.name());
    let ida = parent_id(root, a, a.key(), at);
    let idb = parent_id(root, b, b.key(), at);
    let (Some(ida), Some(idb)) = (ida.clone(), idb) else {
        let missing = if ida.is_none() { a.key() } else { b.key() };
        return Err(at.reject(
            &format!(".{missing}"),
            format!("a GLPI {name} link needs both {} and {}", a.key(), b.key()),
        ));
    };
    // (rel on the first item's side, rel on the second item's side)
    let (rel_a, kind_b, rel_b, kind_a) = match (a, b) {
        (Itil::Problem, Itil::Ticket) => (
            LinkRel::Incident,
            None,
            LinkRel::Problem,
            Some(Kind::Problem),
        ),
        (Itil::Change, Itil::Ticket) => (
            LinkRel::RelatesTo,
            None,
            LinkRel::Change,
            Some(Kind::Change),
        ),
        _ => (
            LinkRel::Problem,
            Some(Kind::Problem),
            LinkRel::Change,
            Some(Kind::Change),
        ),
    };
    Ok(Converted {
        record: None,
        attach: vec![
            Attach {
                target: item_key(a, ida.clone()),
                also: None,
                what: Attachment::Link(Link {
                    rel: rel_a,
                    target: idb.clone(),
                    target_kind: kind_b,
                }),
            },
            Attach {
                target: item_key(b, idb),
                also: None,
                what: Attachment::Link(Link {
                    rel: rel_b,
                    target: ida,
                    target_kind: kind_a,
                }),
            },
        ],
    })
}

fn asset<'a>(
    root: &Node<'a>,
    parent: Itil,
    _cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let Some(target) = parent_id(root, parent, parent.key(), at).map(|id| item_key(parent, id))
    else {
        return Err(at.reject(
            &format!(".{}", parent.key()),
            format!("a GLPI item link needs {}", parent.key()),
        ));
    };
    let itemtype = root
        .get("itemtype")
        .and_then(Node::as_text)
        .filter(|t| !t.is_empty());
    let Some(itemtype) = itemtype else {
        return Err(at.reject(
            ".itemtype",
            "a GLPI item link needs the itemtype of the linked asset",
        ));
    };
    let item_node = root.get("items_id");
    let item_id = match item_node.and_then(Node::as_text) {
        Some(t) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => t,
        Some(t) => match link_id(root, &itemtype) {
            Some(id) => id,
            None if !t.is_empty() => t,
            None => return Err(at.reject(".items_id", "a GLPI item link needs items_id")),
        },
        None => return Err(at.reject(".items_id", "a GLPI item link needs items_id")),
    };
    // Asset ids are per item type in GLPI, so the link names both.
    Ok(Converted {
        record: None,
        attach: vec![Attach {
            target,
            also: None,
            what: Attachment::Link(Link {
                rel: LinkRel::AffectsCi,
                target: Text::owned(format!("{itemtype}/{item_id}")),
                target_kind: Some(Kind::ConfigurationItem),
            }),
        }],
    })
}

fn validation<'a>(
    root: &Node<'a>,
    parent: Itil,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let Some(target) = parent_id(root, parent, parent.key(), at).map(|id| item_key(parent, id))
    else {
        return Err(at.reject(
            &format!(".{}", parent.key()),
            format!("a GLPI validation needs {}", parent.key()),
        ));
    };
    let mut doc = Doc::new(root, cx, at);
    let state = match doc.choice("status", "validation status", validation_state) {
        Field::Value(s) => s,
        // An unreadable status has been warned about; the row still says an approval was asked.
        _ => ApprovalState::Requested,
    };
    // GLPI 11 validates by a user or a group (itemtype_target/items_id_target).
    let (mut approver, mut group) = (
        dropdown(&mut doc, "users_id_validate").value().cloned(),
        None,
    );
    if approver.is_none() {
        let target_type = doc
            .node("itemtype_target")
            .and_then(Node::as_str)
            .map(str::to_ascii_lowercase);
        let who = dropdown(&mut doc, "items_id_target").value().cloned();
        match target_type.as_deref() {
            Some("group") => group = who,
            _ => approver = who,
        }
    }
    let at_time = match doc.instant("validation_date") {
        Field::Value(i) => Some(i),
        _ => None,
    };
    Ok(Converted {
        record: None,
        attach: vec![Attach {
            target,
            also: None,
            what: Attachment::Approval(Approval {
                state,
                approver,
                group,
                at: at_time,
            }),
        }],
    })
}

/// A dropdown (foreign key): its id, or its name with expand_dropdowns; 0 and GLPI's
/// `&nbsp;` placeholder mean none.
fn dropdown<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match doc.reference(path) {
        Field::Value(t) => {
            let plain = decode_entities(&t);
            let plain = plain.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
            if plain.is_empty() || plain == "0" {
                Field::Null
            } else if plain == &*t {
                Field::Value(t)
            } else {
                Field::Value(Text::owned(plain.to_string()))
            }
        }
        other => other,
    }
}

/// Entity-decoded plain text (GLPI ≤ 10 stores `'` as `&#039;`).
fn plain<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match doc.text(path) {
        Field::Value(t) => {
            let decoded = decode_entities(&t);
            let decoded = decoded.trim();
            if decoded.is_empty() {
                Field::Null
            } else if decoded == &*t {
                Field::Value(t)
            } else {
                Field::Value(Text::owned(decoded.to_string()))
            }
        }
        other => other,
    }
}

/// Rich text read as plain text: an editor's empty paragraph is empty.
fn rich<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match doc.text(path) {
        Field::Value(t) => {
            let text = html_to_text(&t);
            if text.is_empty() {
                Field::Null
            } else if text == *t {
                Field::Value(t)
            } else {
                Field::Value(Text::owned(text))
            }
        }
        other => other,
    }
}

fn first_present<T>(a: Field<T>, b: impl FnOnce() -> Field<T>) -> Field<T> {
    match a {
        Field::Value(_) => a,
        Field::Null => match b() {
            Field::Value(v) => Field::Value(v),
            _ => Field::Null,
        },
        Field::Absent => b(),
    }
}

fn item<'a>(
    root: &Node<'a>,
    raw: &'a str,
    itil: Itil,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let id = match root.get("id").and_then(Node::as_text) {
        Some(id) if !id.is_blank() => id,
        _ => return Err(at.reject(".id", format!("a GLPI {} needs its id", itil.name()))),
    };
    let expanded = [
        "users_id_recipient",
        "requesttypes_id",
        "itilcategories_id",
        "entities_id",
        "users_id_lastupdater",
    ]
    .iter()
    .any(|k| {
        root.get(k)
            .and_then(Node::as_str)
            .is_some_and(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
    });
    let url = instance_url(root, itil, &id);
    let mut doc = Doc::new(root, cx, at);
    let kind = match itil {
        Itil::Problem => Kind::Problem,
        Itil::Change => Kind::Change,
        Itil::Ticket => match doc.choice("type", "ticket type", ticket_kind) {
            Field::Value(k) => k,
            // An unknown code has been warned about.
            Field::Absent if doc.node("type").is_some() => Kind::Incident,
            _ => {
                let shown = doc.node("type").unwrap_or(&Node::Null);
                doc.warn(
                    "type",
                    "a Ticket without its type (1 incident, 2 request): read as an incident",
                    shown,
                );
                Kind::Incident
            }
        },
    };
    let state = doc.choice("status", "status", |s| status(itil, s));
    let state_label = doc.node("status").and_then(|n| match n {
        Node::Obj(_) => n
            .get("name")
            .or_else(|| n.get("id"))
            .and_then(Node::as_text),
        other => other.as_text(),
    });
    let priority = doc.level("priority", PRIORITY6);
    let opened_at = first_present(doc.instant("date"), || doc.instant("date_creation"));
    let resolved_at = doc.instant("solvedate");
    let closed_at = doc.instant("closedate");
    let approval = match itil {
        Itil::Problem => Field::Absent,
        _ => doc.choice("global_validation", "approval status", validation_state),
    };
    let mut record = Record {
        title: plain(&mut doc, "name"),
        state,
        state_label,
        priority,
        impact: doc.level("impact", SCALE5),
        urgency: doc.level("urgency", SCALE5),
        category: dropdown(&mut doc, "itilcategories_id"),
        opened_at,
        updated_at: doc.instant("date_mod"),
        resolved_at,
        closed_at,
        approval,
        origin: Origin {
            tool: Some(Text::borrowed("glpi")),
            shape: Some(Text::borrowed(if expanded {
                "apirest/expand_dropdowns"
            } else {
                "apirest"
            })),
            table: Some(Text::borrowed(itil.name())),
            url: url.map(Text::owned),
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    };
    let sla = sla_entries(&mut doc, &record);
    if !sla.is_empty() {
        record.sla = Some(sla);
    }
    // Before GLPI 9.2 a Ticket kept one associated asset in itemtype/items_id.
    let asset_type = root
        .get("itemtype")
        .and_then(Node::as_text)
        .filter(|t| !t.is_blank() && Itil::from_name(t).is_none());
    let asset_id = root
        .get("items_id")
        .and_then(Node::as_text)
        .filter(|t| !t.is_blank() && &**t != "0");
    if let (Some(t), Some(i)) = (asset_type, asset_id) {
        record.links = Some(vec![Link {
            rel: LinkRel::AffectsCi,
            target: Text::owned(format!("{t}/{i}")),
            target_kind: Some(Kind::ConfigurationItem),
        }]);
    }
    let reopened = logged_reopens(&mut doc, itil);
    match kind {
        Kind::Incident => {
            record.incident = Some(Box::new(IncidentDetail {
                major: major(&record.priority),
                reopen_count: reopened,
                resolution_code: doc.mapped("incident.resolutionCode", rich),
                resolution_notes: doc.mapped("incident.resolutionNotes", rich),
                security: doc.mapped("incident.security", Doc::boolean),
                ..IncidentDetail::default()
            }))
        }
        Kind::ServiceRequest => {
            record.request = Some(Box::new(RequestDetail {
                item: doc.mapped("request.item", rich),
                approval_required: approval_required(&record.approval),
                close_notes: doc.mapped("request.closeNotes", rich),
                ..RequestDetail::default()
            }))
        }
        Kind::Problem => {
            record.problem = Some(Box::new(ProblemDetail {
                root_cause: rich(&mut doc, "causecontent"),
                workaround: doc.mapped("problem.workaround", rich),
                known_error: doc.mapped("problem.knownError", Doc::boolean),
                fix_notes: doc.mapped("problem.fixNotes", rich),
                ..ProblemDetail::default()
            }))
        }
        Kind::Change => {
            let r#type = match cx.field("change.type") {
                Some(f) => {
                    let f = f.to_string();
                    doc.choice(&f, "change type", change_type)
                }
                None => Field::Absent,
            };
            let risk = match cx.field("change.risk") {
                Some(f) => {
                    let f = f.to_string();
                    doc.choice(&f, "change risk", risk)
                }
                None => Field::Absent,
            };
            record.change = Some(Box::new(ChangeDetail {
                r#type,
                risk,
                implementation_plan: rich(&mut doc, "rolloutplancontent"),
                backout_plan: rich(&mut doc, "backoutplancontent"),
                test_plan: rich(&mut doc, "checklistcontent"),
                risk_analysis: rich(&mut doc, "impactcontent"),
                planned_start: doc.mapped("change.plannedStart", Doc::instant),
                planned_end: doc.mapped("change.plannedEnd", Doc::instant),
                review_at: doc.mapped("change.reviewAt", Doc::instant),
                review_notes: doc.mapped("change.reviewNotes", rich),
                ..ChangeDetail::default()
            }))
        }
        _ => {}
    }
    Ok(record.into())
}

/// Priority 6 is GLPI's "Major".
fn major(priority: &Field<Level<'_>>) -> Field<bool> {
    match priority {
        Field::Value(l) => Field::Value(l.code.as_deref().is_some_and(|c| c.trim() == "6")),
        Field::Null => Field::Value(false),
        Field::Absent => Field::Absent,
    }
}

fn approval_required(approval: &Field<ApprovalState>) -> Field<bool> {
    match approval {
        Field::Value(ApprovalState::NotRequested | ApprovalState::NotRequired) => {
            Field::Value(false)
        }
        Field::Value(_) => Field::Value(true),
        _ => Field::Absent,
    }
}

/// Status code → meaning, per item type (CommonITILObject, Problem and Change status lists).
fn status(itil: Itil, code: &str) -> Option<State> {
    if let Some(s) = State::parse(code.trim()) {
        return Some(s);
    }
    let n: i64 = code.trim().parse().ok()?;
    use State::*;
    Some(match (itil, n) {
        (_, 1) => New,
        // Approval (shared by all types in GLPI 11): not yet authorised.
        (_, 10) => New,
        // Processing (assigned / planned).
        (Itil::Ticket | Itil::Problem, 2 | 3) => InProgress,
        (_, 4) => OnHold,
        // Solved; for a change, Applied.
        (_, 5) => Resolved,
        (_, 6) => Closed,
        // Accepted.
        (Itil::Problem | Itil::Change, 7) => InProgress,
        // Under observation; for a change, Review (post-implementation review).
        (Itil::Problem | Itil::Change, 8) => Resolved,
        // Evaluation comes before the change is authorised (GLPI counts it as new).
        (Itil::Change, 9) => New,
        // Testing, Qualification.
        (Itil::Change, 11 | 12) => InProgress,
        // GLPI 11: Refused, Cancelled.
        (Itil::Change, 13 | 14) => Cancelled,
        _ => return None,
    })
}

fn ticket_kind(code: &str) -> Option<Kind> {
    match code.trim() {
        "1" => Some(Kind::Incident),
        "2" => Some(Kind::ServiceRequest),
        other => Kind::parse(other),
    }
}

/// `global_validation` and validation `status`: 1 none, 2 waiting, 3 accepted, 4 refused.
fn validation_state(code: &str) -> Option<ApprovalState> {
    match code.trim() {
        "1" => Some(ApprovalState::NotRequested),
        "2" => Some(ApprovalState::Requested),
        "3" => Some(ApprovalState::Approved),
        "4" => Some(ApprovalState::Rejected),
        other => ApprovalState::parse(other),
    }
}

fn change_type(code: &str) -> Option<ChangeType> {
    ChangeType::parse(code.trim())
}

fn risk(code: &str) -> Option<Risk> {
    Risk::parse(code.trim())
}

/// One deadline family: (name, deadline field, start field, how the clock stops).
struct Clock {
    name: &'static str,
    due: &'static str,
    start: &'static str,
    resolution: bool,
}

const CLOCKS: [Clock; 4] = [
    Clock {
        name: "time_to_own",
        due: "time_to_own",
        start: "date",
        resolution: false,
    },
    Clock {
        name: "time_to_resolve",
        due: "time_to_resolve",
        start: "date",
        resolution: true,
    },
    Clock {
        name: "internal_time_to_own",
        due: "internal_time_to_own",
        start: "ola_tto_begin_date",
        resolution: false,
    },
    Clock {
        name: "internal_time_to_resolve",
        due: "internal_time_to_resolve",
        start: "ola_ttr_begin_date",
        resolution: true,
    },
];

/// Deadline fields on the item become SLA clocks: due = deadline, stop = when the item was
/// taken into account (own) or solved (resolve), breached = stop after due. A clock still
/// running has no verdict here: whether it is late depends on the evaluation date. GLPI's own
/// verdict on the resolution deadline, `is_late` ("Time to resolve exceeded", search option
/// 82: solved after the deadline, or unsolved past it when exported), decides when present.
fn sla_entries<'a>(doc: &mut Doc<'_, 'a, '_>, record: &Record<'a>) -> Vec<SlaEntry<'a>> {
    let mut out = Vec::new();
    let late = doc.boolean("is_late").value().copied();
    let opened = record.opened_at.value().copied();
    let done = record.state.value().is_some_and(|s| s.is_done());
    let waiting = record.state.value() == Some(&State::OnHold);
    let owned_at = doc.instant("takeintoaccountdate").value().copied();
    // Before GLPI 10 only the delay is stored, in calendar (business) seconds: opening date +
    // delay is the earliest the ticket can have been taken into account; 0 means not yet.
    let delay = doc
        .count("takeintoaccount_delay_stat")
        .value()
        .copied()
        .unwrap_or(0);
    for clock in &CLOCKS {
        let due = doc.instant(clock.due).value().copied();
        let flag = late.filter(|_| clock.name == "time_to_resolve");
        if due.is_none() && flag.is_none() {
            continue;
        }
        let start = match doc.instant(clock.start) {
            Field::Value(i) => Some(i),
            _ => opened,
        };
        let (stop, lower_bound, started_work) = if clock.resolution {
            let stop = record
                .resolved_at
                .value()
                .or(record.closed_at.value())
                .copied();
            (stop, None, false)
        } else {
            let lower = (owned_at.is_none() && delay > 0)
                .then(|| opened.map(|o| Instant(o.0 + i64::from(delay))))
                .flatten();
            (owned_at, lower, delay > 0)
        };
        let breached = flag.or(match (stop, lower_bound, due) {
            (Some(s), _, Some(d)) => Some(s.0 > d.0),
            (None, Some(lb), Some(d)) if lb.0 > d.0 => Some(true),
            _ => None,
        });
        let stage = if stop.is_some() || started_work || done {
            SlaStage::Completed
        } else if waiting {
            SlaStage::Paused
        } else {
            SlaStage::InProgress
        };
        out.push(SlaEntry {
            name: Some(Text::borrowed(clock.name)),
            stage: Some(stage),
            breached,
            start,
            due,
            stop,
            source: Some(SlaSource::VerdictField),
        });
    }
    out
}

/// Reopen count from the status history in `_logs` (GET …?with_logs=true). Reassignments are
/// not derived: group changes are logged as relation rows whose format is not read here.
fn logged_reopens(doc: &mut Doc<'_, '_, '_>, itil: Itil) -> Field<u32> {
    let Some(logs) = doc.node("_logs") else {
        return Field::Absent;
    };
    let entries: Vec<(String, &Node<'_>)> = match logs {
        Node::Obj(members) => members
            .iter()
            .map(|(k, v)| (format!("_logs.{k}"), v))
            .collect(),
        Node::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("_logs.{i}"), v))
            .collect(),
        _ => Vec::new(),
    };
    if entries.is_empty() && !logs.is_empty()
        || entries.iter().any(|(_, e)| !matches!(e, Node::Obj(_)))
    {
        doc.warn(
            "_logs",
            "`_logs` is not a list of log rows (missing right to read the history?)",
            logs,
        );
        return Field::Absent;
    }
    let mut events = Vec::new();
    for (path, entry) in entries {
        let option = entry.get("id_search_option").and_then(Node::as_text);
        let linked = entry.get("linked_action").and_then(Node::as_text);
        if option.as_deref() != Some("12") || linked.as_deref().is_some_and(|l| l != "0") {
            continue;
        }
        let at = doc.instant(&format!("{path}.date_mod")).value().copied();
        let from = doc
            .choice(&format!("{path}.old_value"), "status", |s| status(itil, s))
            .value()
            .copied();
        let to = doc
            .choice(&format!("{path}.new_value"), "status", |s| status(itil, s))
            .value()
            .copied();
        events.push(Event {
            at,
            field: EventField::State,
            from_state: from,
            to_state: to,
            from: None,
            to: None,
        });
    }
    Field::Value(history::counts(&events).0)
}

/// A row of `apirest.php/search/Ticket`: search-option ids as keys.
fn search_row<'a>(
    root: &Node<'a>,
    raw: &'a str,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let id = match root.get("2").and_then(Node::as_text) {
        Some(id) if !id.is_blank() => id,
        _ => {
            return Err(at.reject(
                ".2",
                "a GLPI search row needs the ID column (search option 2: add forcedisplay[]=2)",
            ));
        }
    };
    let mut doc = Doc::new(root, cx, at);
    // Search options of Ticket (CommonITILObject::getSearchOptionsMain and Ticket).
    let kind = match doc.choice("14", "ticket type", ticket_kind) {
        Field::Value(k) => k,
        _ => cx.kind_of("search").unwrap_or(Kind::Incident),
    };
    let itil = match kind {
        Kind::Problem => Itil::Problem,
        Kind::Change => Itil::Change,
        _ => Itil::Ticket,
    };
    let state = doc.choice("12", "status", |s| status(itil, s));
    let state_label = doc.node("12").and_then(Node::as_text);
    let opened_at = doc.instant("15");
    let mut record = Record {
        title: plain(&mut doc, "1"),
        state,
        state_label,
        priority: doc.level("3", PRIORITY6),
        impact: doc.level("11", SCALE5),
        urgency: doc.level("10", SCALE5),
        category: plain(&mut doc, "7"),
        assignment_group: plain(&mut doc, "8"),
        assignee: plain(&mut doc, "5"),
        requester: plain(&mut doc, "4"),
        opened_at,
        updated_at: doc.instant("19"),
        resolved_at: doc.instant("17"),
        closed_at: doc.instant("16"),
        origin: Origin {
            tool: Some(Text::borrowed("glpi")),
            shape: Some(Text::borrowed("apirest/search")),
            table: Some(Text::borrowed(itil.name())),
            url: None,
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    };
    // Time to resolve (18) and GLPI's verdict on it, "Time to resolve exceeded" (82).
    let due = doc.instant("18").value().copied();
    let late = doc.boolean("82").value().copied();
    if due.is_some() || late.is_some() {
        let stop = record
            .resolved_at
            .value()
            .or(record.closed_at.value())
            .copied();
        let stage = match (stop, record.state.value()) {
            (Some(_), _) => SlaStage::Completed,
            (None, Some(s)) if s.is_done() => SlaStage::Completed,
            (None, Some(State::OnHold)) => SlaStage::Paused,
            _ => SlaStage::InProgress,
        };
        record.sla = Some(vec![SlaEntry {
            name: Some(Text::borrowed("time_to_resolve")),
            stage: Some(stage),
            breached: late.or(match (stop, due) {
                (Some(s), Some(d)) => Some(s.0 > d.0),
                _ => None,
            }),
            start: record.opened_at.value().copied(),
            due,
            stop,
            source: Some(SlaSource::VerdictField),
        }]);
    }
    if kind == Kind::Incident {
        record.incident = Some(Box::new(IncidentDetail {
            major: major(&record.priority),
            ..IncidentDetail::default()
        }));
    }
    Ok(record.into())
}

/// Decodes HTML entities (named ones GLPI produces, and numeric ones).
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp..).unwrap_or_default();
        let semi = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|i| after.get(1..i).and_then(entity).map(|c| (i, c)));
        match decoded {
            Some((i, c)) => {
                out.push(c);
                rest = after.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code);
        }
    })
}

/// Rich text to plain text: entity-escaped HTML (GLPI ≤ 10) is unescaped once, tags are
/// dropped (block tags end a line), entities decoded, blank lines removed.
pub(super) fn html_to_text(s: &str) -> String {
    let escaped = !s.contains('<') && s.contains("&lt;");
    let html = if escaped {
        decode_entities(s)
    } else {
        Cow::Borrowed(s)
    };
    let mut stripped = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        let opens_tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!');
        if !opens_tag {
            stripped.push(c);
            continue;
        }
        let mut tag = String::new();
        let mut closed = false;
        for t in chars.by_ref() {
            if t == '>' {
                closed = true;
                break;
            }
            tag.push(t);
        }
        if !closed {
            stripped.push('<');
            stripped.push_str(&tag);
            break;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "tr"
                | "ul"
                | "ol"
                | "table"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "pre"
        ) {
            stripped.push('\n');
        }
    }
    let text = decode_entities(&stripped);
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_is_read_as_plain_text() {
        assert_eq!(html_to_text("&lt;p&gt;verdict ?&lt;/p&gt;"), "verdict ?");
        assert_eq!(
            html_to_text("&lt;p&gt;a &amp;lt; b&lt;br /&gt;c&lt;/p&gt;"),
            "a < b\nc"
        );
        assert_eq!(html_to_text("<p>a &lt; b</p><p></p>"), "a < b");
        assert_eq!(html_to_text("&lt;p&gt;&lt;/p&gt;"), "");
        assert_eq!(html_to_text("<p>&nbsp;</p>"), "");
        assert_eq!(html_to_text("x < y and 3<4"), "x < y and 3<4");
        assert_eq!(
            decode_entities("l&#039;équipe &amp; co &#x41; &bogus; &"),
            "l'équipe & co A &bogus; &"
        );
    }
}
