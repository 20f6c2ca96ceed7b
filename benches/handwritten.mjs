// What a vendor's engineer would write instead of embedding iso20000: JSON.parse the ServiceNow
// Table API export, map each incident row to the canonical fields the built-in pack reads, and
// run the pack's incident checks as plain JavaScript. benches/peers.mjs times it against
// iso20000 and uses `mapIncident` for the json-logic-js and json-rules-engine peers too, so that
// every peer judges the same mapped records.
//
// The mapping follows src/record/source/servicenow.rs for sysparm_display_value=false rows
// (codes as strings, "" for empty, references as {link, value} or a bare sys_id), and the checks
// follow src/rules/builtin-pack.json (the 15 checks whose `kinds` hold "incident") with the
// engine's three outcomes: a check whose `when` does not hold is not applicable; one whose
// `require` reads a field the row does not carry is not judged (neither passed nor failed).
//
// All 15 incident checks are implemented. Two read `incident.reviewAt`, which no ServiceNow
// incident row carries: INC-MAJOR-REVIEWED and ISI-CAUSE-ANALYSED therefore pass on a review or
// problem link and are otherwise not judged, as in the engine. INC-SLA-MET reads the row's own
// made_sla verdict (the export holds no task_sla rows to join). Rows of other tables and display
// labels (sysparm_display_value=true/all) are out of scope: the export holds neither.

/** ServiceNow incident state codes → canonical states. */
const STATE = { 1: 'new', 2: 'in_progress', 3: 'on_hold', 4: 'on_hold', 5: 'on_hold', 6: 'resolved', 7: 'closed', 8: 'cancelled' };

/** The checks, in the pack's order. */
export const INCIDENT_CHECKS = ['INC-CLASSIFIED', 'INC-PRIORITY-MATRIX', 'INC-ASSIGNED', 'INC-RESOLUTION-RECORDED',
  'INC-RESOLVED-TIME', 'INC-CLOSURE', 'INC-SLA-MET', 'INC-MAJOR-REVIEWED', 'INC-MAJOR-PROBLEM', 'INC-REOPENED',
  'INC-REASSIGNMENTS', 'INC-CI-LINKED', 'ISI-ASSIGNED', 'ISI-RESOLUTION', 'ISI-CAUSE-ANALYSED'];

/** A scalar field as trimmed text; null when empty or missing. */
function text(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') v = v.value;
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** A reference: its sys_id (value, else the link's last segment); null when empty. */
function ref(v) {
  if (v !== null && typeof v === 'object') {
    const id = text(v.value);
    if (id !== null) return id;
    const link = typeof v.link === 'string' ? v.link : '';
    const last = link.slice(link.lastIndexOf('/') + 1);
    return last === '' ? null : last;
  }
  return text(v);
}

/** A code 1..max (priority, impact, urgency); null when empty or not a code. */
function level(v, max) {
  const s = text(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

/** A database date-time "YYYY-MM-DD HH:MM:SS" (UTC) as epoch milliseconds; null when empty. */
function time(v) {
  const s = text(v);
  if (s === null) return null;
  const t = Date.parse(`${s.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? null : t;
}

/** A whole number; null when empty or not one. */
function count(v) {
  const s = text(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function bool(v) {
  const s = text(v);
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return null;
}

/** The links a ServiceNow incident carries, by canonical relation. */
const LINK_FIELDS = [['cmdb_ci', 'affects_ci'], ['business_service', 'service'], ['parent', 'parent'], ['problem_id', 'problem'],
  ['rfc', 'fixed_by'], ['caused_by', 'caused_by'], ['parent_incident', 'parent'], ['duplicate_of', 'duplicate_of']];

/**
 * One Table API incident row → the canonical fields the checks read (field names as in the
 * pack's JsonLogic: `state`, `assignmentGroup`, `incident.resolutionCode`, `links` …). Times are
 * epoch milliseconds.
 */
export function mapIncident(row) {
  const closedAt = time(row.closed_at);
  const resolvedAt = time(row.resolved_at);
  const code = text(row.state ?? row.incident_state);
  let state = code === null ? undefined : STATE[code];
  // An unknown code: the lifecycle timestamps, then the active flag, decide (as the adapter does).
  if (state === undefined) state = closedAt !== null ? 'closed' : resolvedAt !== null ? 'resolved' : bool(row.active) ? 'in_progress' : null;
  const category = text(row.category);
  const links = [];
  for (const [field, rel] of LINK_FIELDS) {
    const target = ref(row[field]);
    if (target !== null) links.push({ rel, target });
  }
  const made = bool(row.made_sla);
  const major = text(row.major_incident_state);
  return {
    id: ref(row.sys_id) ?? text(row.number),
    number: text(row.number),
    state,
    category,
    priority: level(row.priority, 5),
    impact: level(row.impact, 3),
    urgency: level(row.urgency, 3),
    assignmentGroup: ref(row.assignment_group),
    openedAt: time(row.opened_at) ?? time(row.sys_created_on),
    resolvedAt,
    closedAt,
    origin: { tool: 'servicenow' },
    sla: made === null ? null : [{ name: 'made_sla', breached: !made }],
    links,
    incident: {
      major: major !== null && major.toLowerCase() === 'accepted',
      security: category !== null && category.toLowerCase().includes('security'),
      reopenCount: count(row.reopen_count),
      reassignmentCount: count(row.reassignment_count),
      resolutionCode: text(row.close_code),
      resolutionNotes: text(row.close_notes),
    },
  };
}

const DAY_MS = 86400000;

function hasLink(r, a, b) {
  for (const l of r.links) if (l.rel === a || l.rel === b) return true;
  return false;
}

/** A fresh tally per check: passed, failed, and neither (not applicable or not judged). */
export function emptyTally() {
  return Object.fromEntries(INCIDENT_CHECKS.map((id) => [id, { passed: 0, failed: 0, other: 0 }]));
}

/**
 * Runs the 15 checks on one mapped incident and adds to the tally: true passes, false fails,
 * null is neither. The pack's parameters are read once by the caller (`params`).
 */
export function checkIncident(r, tally, params) {
  const done = r.state === 'resolved' || r.state === 'closed';
  const inc = r.incident;
  const add = (id, verdict) => {
    const t = tally[id];
    if (verdict === true) t.passed++;
    else if (verdict === false) t.failed++;
    else t.other++;
  };
  add('INC-CLASSIFIED', r.category !== null);
  add('INC-PRIORITY-MATRIX', r.impact !== null && r.urgency !== null
    ? r.priority === params.priorityMatrix[r.impact - 1][r.urgency - 1] : null);
  add('INC-ASSIGNED', r.state === 'in_progress' || r.state === 'on_hold' || done ? r.assignmentGroup !== null : null);
  const resolution = inc.resolutionCode !== null && inc.resolutionNotes !== null;
  add('INC-RESOLUTION-RECORDED', done ? resolution : null);
  add('INC-RESOLVED-TIME', done && r.openedAt !== null ? r.resolvedAt !== null && r.resolvedAt >= r.openedAt : null);
  add('INC-CLOSURE', r.state === 'closed' && r.closedAt !== null
    ? r.resolvedAt !== null && (r.closedAt - r.resolvedAt) / DAY_MS <= params.closeAfterResolveDays : null);
  add('INC-SLA-MET', r.sla !== null && r.sla.length > 0 ? r.sla.every((s) => s.breached !== true) : null);
  // No review date on a ServiceNow incident: a review or problem link passes, else not judged.
  add('INC-MAJOR-REVIEWED', inc.major && done ? (hasLink(r, 'review', 'problem') ? true : null) : null);
  add('INC-MAJOR-PROBLEM', inc.major ? hasLink(r, 'problem', 'problem') : null);
  add('INC-REOPENED', done ? inc.reopenCount !== null && inc.reopenCount <= params.maxReopen : null);
  add('INC-REASSIGNMENTS', inc.reassignmentCount !== null && inc.reassignmentCount <= params.maxReassignments);
  add('INC-CI-LINKED', hasLink(r, 'affects_ci', 'service'));
  add('ISI-ASSIGNED', inc.security ? r.assignmentGroup !== null : null);
  add('ISI-RESOLUTION', inc.security && done ? resolution : null);
  add('ISI-CAUSE-ANALYSED', inc.security && done && r.priority !== null && r.priority <= 2
    ? (hasLink(r, 'problem', 'review') ? true : null) : null);
}

/** The whole hand-written checker: export text → tally per check. */
export function runHandwritten(text, params) {
  const rows = JSON.parse(text).result;
  const tally = emptyTally();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || row.sys_class_name !== 'incident') continue;
    checkIncident(mapIncident(row), tally, params);
  }
  return { records: rows.length, tally };
}
