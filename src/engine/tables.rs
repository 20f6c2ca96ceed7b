//! Lookups derived from the catalogue, made once per process (`engine::catalog_tables`): clause
//! ancestry, the 2018 → 2011 evidence positions, and the fields the data-quality section counts
//! per kind.

use crate::catalog::Catalog;
use crate::record::Kind;
use crate::rules::compiled::ClausePos;

/// Per kind, the canonical fields a data-quality summary counts: the common ones a record of
/// that kind is expected to carry, and its own detail object's.
pub(super) fn quality_fields() -> Vec<Vec<(&'static str, crate::rules::fields::Accessor)>> {
    use crate::rules::fields::{RECORD_FIELDS, record_field};
    const COMMON: &[&str] = &[
        "title",
        "state",
        "priority",
        "impact",
        "urgency",
        "category",
        "service",
        "assignmentGroup",
        "assignee",
        "openedAt",
        "updatedAt",
        "resolvedAt",
        "closedAt",
        "approval",
    ];
    const TICKETS: &[Kind] = &[
        Kind::Incident,
        Kind::ServiceRequest,
        Kind::Problem,
        Kind::Change,
    ];
    Kind::ALL
        .iter()
        .map(|kind| {
            let detail = kind.detail_name();
            RECORD_FIELDS
                .iter()
                .filter(|path| match path.split_once('.') {
                    Some((prefix, _)) => prefix == detail,
                    None => TICKETS.contains(kind) && COMMON.contains(path),
                })
                .filter_map(|path| Some((*path, record_field(path)?)))
                .collect()
        })
        .collect()
}

/// 2018 position → the 2011 positions its evidence counts for: its crosswalk counterparts and,
/// for a 2011 requirement clause no 2018 clause maps to (4.1.4 management representative,
/// 6.3.1 and 6.3.2 of continuity and availability …), the counterparts of its nearest mapped
/// ancestor, so a 2011 report can still see that subclause planned, done, checked and acted on.
pub(super) fn evidence_to_2011(catalog: &Catalog) -> Vec<Vec<ClausePos>> {
    let mut to2011: Vec<Vec<ClausePos>> = catalog
        .e2018
        .clauses
        .iter()
        .map(|c| {
            catalog
                .to_2011(&c.id)
                .iter()
                .filter_map(|id| catalog.e2011.position(id))
                .map(|p| p as ClausePos)
                .collect()
        })
        .collect();
    let mut reached = crate::util::vec_map::VecSet::new();
    reached.extend(to2011.iter().flatten().copied());
    for (pos, clause) in catalog.e2011.clauses.iter().enumerate() {
        let pos = pos as ClausePos;
        if !clause.requirement || reached.contains(&pos) {
            continue;
        }
        let Some(ancestor) = catalog
            .e2011
            .ancestry(&clause.id)
            .skip(1)
            .filter_map(|a| catalog.e2011.position(&a.id))
            .map(|p| p as ClausePos)
            .find(|p| reached.contains(p))
        else {
            continue;
        };
        for list in &mut to2011 {
            if list.contains(&ancestor) && !list.contains(&pos) {
                list.push(pos);
            }
        }
    }
    to2011
}

pub(super) fn ancestry(catalog: &crate::catalog::EditionCatalog) -> Vec<Vec<ClausePos>> {
    catalog
        .clauses
        .iter()
        .map(|c| {
            catalog
                .ancestry(&c.id)
                .filter(|a| a.requirement)
                .filter_map(|a| catalog.position(&a.id))
                .map(|p| p as ClausePos)
                .collect()
        })
        .collect()
}
