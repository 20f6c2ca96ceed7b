//! Status and changelog: the canonical state of a status, and the events of the changelog.

use super::super::Context;
use super::super::doc::Node;
use super::super::history::{Event, EventField};
use super::codes::cancelled_resolution;
use super::read::{At, Reader};
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::Text;

/// The canonical state of a status: the instance's choice for its id or name, else its
/// category (and, for done, the resolution).
pub(super) fn status_state(
    cx: &Context,
    id: Option<&str>,
    name: Option<&str>,
    category: Option<&str>,
    resolution: Option<&Node<'_>>,
    resolved: bool,
) -> Option<State> {
    if let Some(s) = chosen_status(cx, id, name) {
        return Some(s);
    }
    match category?.to_ascii_lowercase().as_str() {
        "new" | "2" => Some(State::New),
        "indeterminate" | "4" => Some(State::InProgress),
        "done" | "3" => Some(done_state(cx, resolution, resolved)),
        _ => None,
    }
}

/// The state the instance's `choices.status` gives a status id or name.
fn chosen_status(cx: &Context, id: Option<&str>, name: Option<&str>) -> Option<State> {
    [id, name]
        .into_iter()
        .flatten()
        .find_map(|k| cx.choice("status", k))
        .and_then(State::parse)
}

/// Done with a "won't do"-like resolution is cancelled; done with a resolution (or a
/// resolution date) is resolved, as the CSV list reading does; done without either is closed.
/// A workflow's own closing status can be mapped to `closed` with context.choices.status.
pub(super) fn done_state(cx: &Context, resolution: Option<&Node<'_>>, resolved: bool) -> State {
    let Some(res) = resolution.filter(|n| !n.is_empty()) else {
        return if resolved {
            State::Resolved
        } else {
            State::Closed
        };
    };
    let keys: Vec<Text<'_>> = ["id", "name"]
        .iter()
        .filter_map(|k| res.get(k)?.as_text())
        .chain(res.as_text())
        .collect();
    if let Some(s) = keys
        .iter()
        .find_map(|k| cx.choice("resolution", k))
        .and_then(State::parse)
    {
        return s;
    }
    if keys
        .iter()
        .any(|k| cancelled_resolution(&crate::util::lowercase(k.trim(), &mut [0; 64])))
    {
        State::Cancelled
    } else {
        State::Resolved
    }
}

/// What is known about status ids in a changelog (which ones are done).
#[derive(Default)]
pub(super) struct StatusKnowledge {
    /// The current status id and its state.
    pub(super) current: Option<(String, State)>,
    /// Learned from resolution changes made in the same history as a status change.
    pub(super) learned: Vec<(String, State)>,
}

impl StatusKnowledge {
    pub(super) fn state(
        &self,
        cx: &Context,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Option<State> {
        if let Some(s) = chosen_status(cx, id, name) {
            return Some(s);
        }
        let id = id?;
        if let Some((cur, s)) = &self.current
            && cur == id
        {
            return Some(*s);
        }
        self.learned.iter().find(|(k, _)| k == id).map(|(_, s)| *s)
    }

    pub(super) fn learn(&mut self, id: Option<&str>, state: State) {
        if let Some(id) = id
            && !self.learned.iter().any(|(k, _)| k == id)
        {
            self.learned.push((id.to_string(), state));
        }
    }
}

/// Which changelog field counts as a reassignment: the assignment group field (Team …) when the
/// issue has one, else the assignee.
pub(super) struct GroupField<'r> {
    pub(super) id: &'r str,
    pub(super) label: Option<&'r str>,
}

pub(super) fn item_text<'a>(item: &Node<'a>, key: &str) -> Option<Text<'a>> {
    item.text_of(key)
}

/// Learns which status ids are done from resolution changes (pass 1 over a changelog).
pub(super) fn learn_statuses(h: &Node<'_>, known: &mut StatusKnowledge) {
    let items = h.get("items").map(Node::as_array).unwrap_or_default();
    let field = |i: &&Node<'_>, name: &str| {
        i.get("field")
            .and_then(Node::as_str)
            .is_some_and(|f| f.eq_ignore_ascii_case(name))
    };
    let status = items.iter().find(|i| field(i, "status"));
    let resolution = items.iter().find(|i| field(i, "resolution"));
    if let (Some(s), Some(res)) = (status, resolution) {
        let set = item_text(res, "to")
            .or_else(|| item_text(res, "toString"))
            .is_some();
        let was = item_text(res, "from")
            .or_else(|| item_text(res, "fromString"))
            .is_some();
        let from = item_text(s, "from");
        let to = item_text(s, "to");
        if set && !was {
            known.learn(to.as_deref(), State::Closed);
            known.learn(from.as_deref(), State::InProgress);
        } else if was && !set {
            known.learn(from.as_deref(), State::Closed);
            known.learn(to.as_deref(), State::InProgress);
        }
    }
}

/// The lifecycle events of one changelog history.
pub(super) fn history_events<'a>(
    r: &mut Reader<'_, '_, '_>,
    h: &Node<'a>,
    path: &At<'_>,
    known: &mut StatusKnowledge,
    group: Option<&GroupField<'_>>,
) -> Vec<Event<'a>> {
    learn_statuses(h, known);
    let at = r
        .time_at(h.get("created"), At::Member(path, "created"))
        .value()
        .copied();
    let mut events = Vec::new();
    let items = h.get("items").map(Node::as_array).unwrap_or_default();
    let mut from_state = None;
    let mut to_state = None;
    let mut state_seen = false;
    for item in items {
        let field = item.get("field").and_then(Node::as_str).unwrap_or("");
        let field_id = item.get("fieldId").and_then(Node::as_str);
        let mut buffer = [0; 64];
        let lower = crate::util::lowercase(field, &mut buffer);
        if lower == "status" {
            state_seen = true;
            from_state = from_state.or(known.state(
                r.cx,
                item_text(item, "from").as_deref(),
                item_text(item, "fromString").as_deref(),
            ));
            to_state = to_state.or(known.state(
                r.cx,
                item_text(item, "to").as_deref(),
                item_text(item, "toString").as_deref(),
            ));
        } else if lower == "resolution" {
            let set = item_text(item, "to")
                .or_else(|| item_text(item, "toString"))
                .is_some();
            let was = item_text(item, "from")
                .or_else(|| item_text(item, "fromString"))
                .is_some();
            if set && !was {
                state_seen = true;
                to_state = Some(to_state.filter(|s| s.is_done()).unwrap_or(State::Closed));
                from_state = from_state.or(Some(State::InProgress));
            } else if was && !set {
                state_seen = true;
                from_state = Some(from_state.filter(|s| s.is_done()).unwrap_or(State::Closed));
                to_state = Some(
                    to_state
                        .filter(|s| !s.is_done())
                        .unwrap_or(State::InProgress),
                );
            }
        } else {
            let is_group = group.is_some_and(|g| {
                field_id == Some(g.id)
                    || g.label.is_some_and(|l| l.eq_ignore_ascii_case(field))
                    || g.id == field
            });
            let kind = match (&*lower, group.is_some(), is_group) {
                (_, _, true) => Some(EventField::AssignmentGroup),
                ("assignee", false, _) => Some(EventField::AssignmentGroup),
                ("assignee", true, _) => Some(EventField::Assignee),
                ("priority", _, _) => Some(EventField::Priority),
                _ => None,
            };
            if let Some(kind) = kind {
                events.push(Event {
                    at,
                    field: kind,
                    from_state: None,
                    to_state: None,
                    from: item_text(item, "from").or_else(|| item_text(item, "fromString")),
                    to: item_text(item, "to").or_else(|| item_text(item, "toString")),
                });
            }
        }
    }
    if state_seen {
        events.push(Event {
            at,
            field: EventField::State,
            from_state,
            to_state,
            from: None,
            to: None,
        });
    }
    events
}

/// The changelog of an issue: events, and when it last went to done.
pub(super) struct Changelog<'a> {
    pub(super) events: Vec<Event<'a>>,
    pub(super) done_at: Option<Instant>,
}

pub(super) fn read_changelog<'a>(
    r: &mut Reader<'_, '_, '_>,
    root: &Node<'a>,
    current: Option<(String, State)>,
    group: Option<&GroupField<'_>>,
) -> Option<Changelog<'a>> {
    let log = root.get("changelog")?;
    let histories = log.get("histories").map(Node::as_array).unwrap_or_default();
    let total = log.get("total").and_then(Node::as_f64);
    if let Some(total) = total
        && total > histories.len() as f64
    {
        r.warn(
            "changelog.total",
            format!(
                "the changelog holds {} of {total} histories: reopen and reassignment counts are lower bounds (fetch /issue/{{key}}/changelog for the rest)",
                histories.len()
            ),
            log.get("total").unwrap_or(&Node::Null),
        );
    }
    let mut known = StatusKnowledge {
        current,
        learned: Vec::new(),
    };
    for h in histories {
        learn_statuses(h, &mut known);
    }
    let mut events = Vec::new();
    for (i, h) in histories.iter().enumerate() {
        events.extend(history_events(
            r,
            h,
            &At::Item(&At::Path("changelog"), "histories", i),
            &mut known,
            group,
        ));
    }
    let done_at = events
        .iter()
        .filter(|e| e.field == EventField::State && e.to_state.is_some_and(State::is_done))
        .filter_map(|e| e.at)
        .max();
    Some(Changelog { events, done_at })
}
