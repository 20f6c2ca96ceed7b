//! Custom fields: where an issue's custom fields are (the instance's mapping, the `schema`
//! expansion, JSM value shapes, the `names` expansion).

use super::super::Context;
use super::super::doc::Node;

/// Where an issue's custom fields are: the instance's mapping, the `schema` expansion, JSM
/// value shapes, the `names` expansion.
pub(super) struct FieldMap<'r, 'a> {
    pub(super) fields: &'r Node<'a>,
    pub(super) names: Option<&'r Node<'a>>,
    pub(super) schema: Option<&'r Node<'a>>,
    pub(super) cx: &'r Context,
}

impl<'r, 'a> FieldMap<'r, 'a> {
    /// The id of the field named `name` in `names` (case-insensitive).
    pub(super) fn named(&self, name: &str) -> Option<&'r str> {
        match self.names {
            Some(names) => names
                .members()
                .iter()
                .find(|(_, v)| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(name)))
                .map(|(k, _)| &**k),
            // An issue of a search page: the page's `names`.
            None => self
                .cx
                .page_names
                .iter()
                .find(|(_, v)| v.eq_ignore_ascii_case(name))
                .map(|(k, _)| k.as_str()),
        }
    }

    /// The name of field `id` (its own `names`, else its search page's).
    pub(super) fn name_of(&self, id: &str) -> Option<&'r str> {
        match self.names {
            Some(names) => names.get(id).and_then(Node::as_str),
            None => self.cx.page_names.get(id).map(String::as_str),
        }
    }

    /// The field id holding a canonical field: the instance's `context.fields` (an id, or a
    /// field name looked up in `names`), else the first default name found in `names`.
    pub(super) fn find(&self, canonical: &str, defaults: &[&str]) -> Option<&'r str> {
        if let Some(mapped) = self.cx.field(canonical) {
            if self.fields.get(mapped).is_some() {
                return Some(mapped);
            }
            return Some(self.named(mapped).unwrap_or(mapped));
        }
        defaults.iter().find_map(|d| self.named(d))
    }

    /// A field by its `schema` custom type.
    pub(super) fn by_schema(&self, custom: &str) -> Option<&'r str> {
        self.schema?
            .members()
            .iter()
            .find(|(_, v)| v.get("custom").and_then(Node::as_str) == Some(custom))
            .map(|(k, _)| &**k)
    }

    /// Custom fields whose value has this shape.
    pub(super) fn by_shape(&self, pred: impl Fn(&Node<'a>) -> bool) -> Vec<&'r str> {
        self.fields
            .members()
            .iter()
            .filter(|(k, v)| k.starts_with("customfield_") && pred(v))
            .map(|(k, _)| &**k)
            .collect()
    }

    pub(super) fn get(&self, id: Option<&str>) -> Option<&'r Node<'a>> {
        self.fields.get(id?)
    }

    /// Reads `canonical` with its default names: (node, warning path, choice tables).
    pub(super) fn lookup(&self, canonical: &'static str, defaults: &[&str]) -> Slot<'r, 'a> {
        let id = self.find(canonical, defaults);
        let node = self.get(id);
        Slot {
            node,
            // Only a present value can be warned about: absent fields need no path.
            path: match node {
                Some(_) => format!("fields.{}", id.unwrap_or(canonical)),
                None => String::new(),
            },
            tables: [id.unwrap_or(canonical), canonical],
        }
    }
}

pub(super) struct Slot<'r, 'a> {
    pub(super) node: Option<&'r Node<'a>>,
    pub(super) path: String,
    pub(super) tables: [&'r str; 2],
}

pub(super) fn is_request_type_value(n: &Node<'_>) -> bool {
    n.get("requestType").is_some()
        || (n.get("currentStatus").is_some() && n.get("_links").is_some())
}

pub(super) fn is_sla_value(n: &Node<'_>) -> bool {
    n.get("completedCycles").is_some() || n.get("ongoingCycle").is_some()
}

pub(super) fn is_approvals_value(n: &Node<'_>) -> bool {
    n.as_array()
        .first()
        .is_some_and(|a| a.get("finalDecision").is_some())
}
