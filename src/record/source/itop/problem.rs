//! A Problem's detail: root cause and workaround from its known errors.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::html_to_text;
use super::text::text;
use crate::record::model::ProblemDetail;
use crate::record::value::{Field, Text};

pub(super) fn problem<'a>(doc: &mut Doc<'_, 'a, '_>) -> ProblemDetail<'a> {
    // Root cause and workaround live on the known errors raised from the problem.
    let known_errors = doc.node("knownerrors_list");
    let from_known_error = |key: &str| -> Field<Text<'a>> {
        match known_errors {
            None => Field::Absent,
            Some(list) => list
                .as_array()
                .iter()
                .find_map(|ke| {
                    ke.get(key)
                        .and_then(Node::as_str)
                        .map(html_to_text)
                        .filter(|t| !t.is_empty())
                })
                .map(|t| Field::Value(Text::owned(t)))
                .unwrap_or(Field::Null),
        }
    };
    let root_cause = match doc.mapped("problem.rootCause", text) {
        Field::Absent => from_known_error("root_cause"),
        other => other,
    };
    let workaround = match doc.mapped("problem.workaround", text) {
        Field::Absent => from_known_error("workaround"),
        other => other,
    };
    let known_error = match known_errors {
        Some(Node::Arr(items)) => Field::Value(!items.is_empty()),
        Some(n) if n.is_empty() => Field::Value(false),
        Some(n) => {
            doc.warn("knownerrors_list", "expected a list of known errors", n);
            Field::Absent
        }
        None => Field::Absent,
    };
    ProblemDetail {
        root_cause,
        workaround,
        known_error,
        fix_notes: doc.mapped("problem.fixNotes", text),
        ..ProblemDetail::default()
    }
}
