//! How GLPI items are joined: the parent's id (from its foreign key, or from the HATEOAS links
//! when `expand_dropdowns` replaced the key by a name) and the key records are indexed by.

use super::super::Cursor;
use super::super::doc::Node;
use super::Itil;
use crate::record::value::Text;

/// The parent's GLPI id from its foreign key, or from the HATEOAS link when expand_dropdowns
/// replaced the key by the parent's name.
pub(super) fn parent_id<'a>(
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
pub(super) fn item_key<'a>(parent: Itil, id: Text<'a>) -> Text<'a> {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
        Text::owned(format!("{}/{}", parent.name(), &*id))
    } else {
        id
    }
}

/// The id in a HATEOAS link `…/apirest.php/{rel}/{id}`.
pub(super) fn link_id<'a>(root: &Node<'a>, rel: &str) -> Option<Text<'a>> {
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

/// The join key of the parent named by `key` (see [`item_key`]).
pub(super) fn parent_key<'a>(
    root: &Node<'a>,
    parent: Itil,
    key: &str,
    at: &mut Cursor<'_>,
) -> Option<Text<'a>> {
    parent_id(root, parent, key, at).map(|id| item_key(parent, id))
}

/// The field a timeline entry names its parent by: the parent's foreign key, or since GLPI 9.4
/// `items_id` (with `itemtype`).
pub(super) fn parent_field(root: &Node<'_>, parent: Itil) -> &'static str {
    if root.get(parent.key()).is_some() {
        parent.key()
    } else {
        "items_id"
    }
}

/// The instance address in the HATEOAS links, for a link back to the record.
pub(super) fn instance_url(root: &Node<'_>, itil: Itil, id: &str) -> Option<String> {
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
