//! GLPI ticket list exports (English and French interface): rows become canonical records.

use serde_json::{Map, Value, json};

use super::cells::{cell, iso_in, time_cell};
use crate::record::source::context::Context;

/// GLPI status labels (English and French interface) → state.
const GLPI_STATUS: &[(&str, &str)] = &[
    ("new", "new"),
    ("nouveau", "new"),
    ("processing (assigned)", "in_progress"),
    ("en cours (attribué)", "in_progress"),
    ("processing (planned)", "in_progress"),
    ("en cours (planifié)", "in_progress"),
    ("pending", "on_hold"),
    ("en attente", "on_hold"),
    ("solved", "resolved"),
    ("résolu", "resolved"),
    ("closed", "closed"),
    ("clos", "closed"),
];

/// GLPI priority labels (1 very low … 6 major) → canonical priority.
const GLPI_PRIORITY: &[(&str, u8)] = &[
    ("major", 1),
    ("majeure", 1),
    ("very high", 1),
    ("très haute", 1),
    ("high", 2),
    ("haute", 2),
    ("medium", 3),
    ("moyenne", 3),
    ("low", 4),
    ("basse", 4),
    ("very low", 5),
    ("très basse", 5),
];

/// A GLPI row as a canonical record.
pub(super) fn glpi_row(c: Map<String, Value>, cx: &Context) -> Map<String, Value> {
    let id = cell(&c, &["id"]).unwrap_or_default();
    let ticket_type = cell(&c, &["type"]).unwrap_or_default().to_lowercase();
    let kind = if ticket_type.contains("request") || ticket_type.contains("demande") {
        "service_request"
    } else {
        "incident"
    };
    let status = cell(&c, &["status", "statut"]).unwrap_or_default();
    let state = cx
        .choice("status", &status)
        .map(str::to_string)
        .or_else(|| {
            GLPI_STATUS
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(status.trim()))
                .map(|(_, s)| s.to_string())
        });
    let mut out = Map::new();
    out.insert("id".into(), json!(id));
    out.insert("kind".into(), json!(kind));
    out.insert("number".into(), json!(id));
    out.insert("title".into(), json!(cell(&c, &["title", "titre"])));
    if let Some(s) = state {
        out.insert("state".into(), json!(s));
    }
    out.insert("stateLabel".into(), json!(status));
    if let Some(p) = cell(&c, &["priority", "priorité"]) {
        let mapped = cx
            .choice("priority", &p)
            .and_then(|v| v.parse::<u8>().ok())
            .or_else(|| {
                GLPI_PRIORITY
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(p.trim()))
                    .map(|(_, v)| *v)
            });
        if let Some(v) = mapped {
            out.insert("priority".into(), json!({"value": v, "label": p}));
        }
    }
    out.insert(
        "category".into(),
        json!(cell(&c, &["category", "catégorie"])),
    );
    out.insert(
        "assignmentGroup".into(),
        json!(cell(&c, &["assigned to - group", "attribué à - groupe"])),
    );
    out.insert(
        "assignee".into(),
        json!(cell(
            &c,
            &[
                "assigned to - technician",
                "assigned to",
                "attribué à - technicien"
            ]
        )),
    );
    out.insert(
        "requester".into(),
        json!(cell(
            &c,
            &[
                "requester - requester",
                "requester",
                "demandeur - demandeur",
                "demandeur"
            ]
        )),
    );
    let opened = time_cell(&c, &["opening date", "date d'ouverture"], cx, None);
    out.insert("openedAt".into(), json!(opened.map(|t| iso_in(t, cx))));
    out.insert(
        "updatedAt".into(),
        json!(
            time_cell(&c, &["last update", "dernière modification"], cx, None)
                .map(|t| iso_in(t, cx))
        ),
    );
    out.insert(
        "resolvedAt".into(),
        json!(
            time_cell(&c, &["resolution date", "date de résolution"], cx, None)
                .map(|t| iso_in(t, cx))
        ),
    );
    out.insert(
        "closedAt".into(),
        json!(time_cell(&c, &["closing date", "date de clôture"], cx, None).map(|t| iso_in(t, cx))),
    );
    out.insert("origin".into(), json!({"tool": "glpi", "shape": "csv"}));
    out
}
