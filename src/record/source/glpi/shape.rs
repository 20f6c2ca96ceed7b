//! What one element of a GLPI input is: an item, a search row, or one of the related items
//! that attach to an item (links, validations, actors, timeline entries, log rows).

use super::super::doc::Node;
use super::Itil;

/// What one element of a GLPI input is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Shape {
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

pub(super) fn classify(root: &Node<'_>) -> Option<Shape> {
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

/// The timeline entry that is a solution: it gives its parent's resolution notes and code.
pub(super) const SOLUTION: &str = "solution (ITILSolution)";

fn timeline_kind(root: &Node<'_>) -> &'static str {
    let has = |k: &str| root.get(k).is_some();
    if has("solutiontypes_id") {
        SOLUTION
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
