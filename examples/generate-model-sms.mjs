#!/usr/bin/env node
// The model export: what good looks like. A fictional organisation ("Harbourline Logistics IT")
// whose service management system has every kind of record, every process carried through
// Plan-Do-Check-Act, and no findings: the reference the demo export's flaws are read against.
//
//   node examples/generate-model-sms.mjs [--out examples/data/model-sms.json]
//
// Canonical records only (schema/record.schema.json), over 12 months from 2025-12-01, evaluated
// as of 2026-11-30. Deterministic: no randomness, no wall clock. Which clauses the documents,
// activities, audits and improvements cover is read from the catalogue's data files, so every
// requirement clause is planned, done, checked and acted on.
//
// Plain Node 20, ESM, no dependencies.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const out = args[0] === '--out' && args[1] ? resolve(args[1]) : resolve(DIR, 'data/model-sms.json');

const catalogue = JSON.parse(readFileSync(resolve(DIR, '../src/catalog/data/clauses-2018.json'), 'utf8'));
const { processes } = JSON.parse(readFileSync(resolve(DIR, '../src/catalog/data/processes.json'), 'utf8'));
const requirement = catalogue.clauses.filter((c) => c.requirement !== false).map((c) => c.id);
/** A process's clauses with every requirement subclause. */
const clausesOf = (p) => requirement.filter((id) => p.clauses2018.some((c) => id === c || id.startsWith(`${c}.`)));
// Clauses no process names (the headings 4 … 10 and their general subclauses) go with the
// process whose clauses they head, so that nothing is left without a plan or a check.
const orphans = requirement.filter((id) => !processes.some((p) => clausesOf(p).includes(id)));

const records = [];
const add = (r) => records.push(r);
const iso = (y, m, d, h = 9) => new Date(Date.UTC(y, m - 1, d, h)).toISOString().replace('.000Z', 'Z');
const month = (i) => ({ y: i < 1 ? 2025 : 2026, m: i < 1 ? 12 : i }); // i: 0 = Dec 2025 … 11 = Nov 2026
const at = (i, d, h = 9) => { const { y, m } = month(i); return iso(y, m, d, h); };
const pad = (n, w = 4) => String(n).padStart(w, '0');

// --- services, agreements, suppliers, configuration items ------------------------------------
const services = [
  { id: 'svc-booking', name: 'Freight booking', customer: 'Sales and operations' },
  { id: 'svc-email', name: 'Email and collaboration', customer: 'All staff' },
  { id: 'svc-payroll', name: 'Payroll', customer: 'Human resources' },
];
for (const s of services) {
  add({
    id: s.id, kind: 'service', number: `SVC-${s.id.slice(4).toUpperCase()}`, title: s.name, state: 'active',
    links: [{ rel: 'sla', target: `sla-${s.id.slice(4)}` }],
    serviceDetail: { owner: 'Service owner, ' + s.name, customer: s.customer, description: `${s.name} for ${s.customer.toLowerCase()}`,
      requirements: 'Availability, support hours, security and capacity requirements agreed with the customer',
      lastReviewAt: at(9, 5), inScope: true },
  });
  add({
    id: `sla-${s.id.slice(4)}`, kind: 'sla', number: `SLA-${s.id.slice(4).toUpperCase()}`, title: `${s.name} service level agreement`,
    state: 'active', service: s.name,
    agreement: { customer: s.customer, targetCount: 3, approvedAt: iso(2025, 11, 20), lastReviewAt: at(8, 10),
      validFrom: iso(2025, 12, 1, 0), validTo: iso(2027, 11, 30, 0),
      targets: [{ metric: 'availability', value: 99.5, unit: '%' }, { metric: 'response', value: 30, unit: 'min' },
        { metric: 'resolution', value: 8, unit: 'h' }] },
  });
}
const suppliers = [
  { id: 'sup-cloud', name: 'Northwind Cloud', internal: false, sla: 'sla-booking' },
  { id: 'sup-network', name: 'Bayline Networks', internal: false, sla: 'sla-email' },
  { id: 'sup-hr-it', name: 'Group HR systems team', internal: true, sla: 'sla-payroll' },
];
for (const s of suppliers) {
  add({
    id: s.id, kind: 'supplier', title: s.name, state: 'active', links: [{ rel: 'sla', target: s.sla }],
    supplier: { contractRef: s.internal ? `OLA-${s.id}` : `CTR-${s.id}`, contractStart: iso(2025, 1, 1, 0), contractEnd: iso(2027, 12, 31, 0),
      owner: 'Supplier manager', lastReviewAt: at(9, 12), performanceMet: true, critical: !s.internal, internal: s.internal },
  });
}
const cis = ['app-booking', 'db-booking', 'mail-gateway', 'payroll-app', 'core-switch', 'laptop-fleet'];
cis.forEach((ci, i) => add({
  id: `ci-${ci}`, kind: 'configuration_item', title: ci, state: 'active', service: services[i % 3].name,
  ci: { ciClass: i >= 4 ? 'hardware' : 'application', owner: 'Infrastructure team', supportGroup: 'Infrastructure',
    lastVerifiedAt: at(8, 20), critical: i < 4, asset: i >= 4 },
}));

// --- documents: the mandated documented information and a procedure per process --------------
const documents = [
  ['policy', 'Service management policy', ['5.1', '5.2', '5.2.1', '5.2.2', '5.3']],
  ['scope', 'Scope of the service management system', ['4.1', '4.2', '4.3']],
  ['objectives', 'Service management objectives', ['6.2', '6.2.1', '6.2.2']],
  ['service_management_plan', 'Service management plan', ['4.4', '6.1', '6.3', '8.1']],
  ['service_catalogue', 'Service catalogue', ['8.2.1', '8.2.2', '8.2.4']],
  ['continuity_plan', 'Service continuity plan', ['8.7.2']],
  ['availability_plan', 'Availability plan', ['8.7.1']],
  ['capacity_plan', 'Capacity plan', ['8.4.2', '8.4.3']],
  ['security_policy', 'Information security policy', ['8.7.3', '8.7.3.1', '8.7.3.2']],
  ['contract', 'Supplier contract register', ['8.3.4', '8.3.4.1', '8.3.4.2']],
];
for (const p of processes) documents.push(['procedure', `${p.name.en} procedure`, clausesOf(p)]);
documents.push(['procedure', 'Management system structure', orphans]);
documents.forEach(([docType, title, covers], i) => add({
  id: `doc-${pad(i + 1, 3)}`, kind: 'document', number: `DOC-${pad(i + 1, 3)}`, title, state: 'active',
  document: { docType, version: '2.1', owner: 'SMS manager', approvedBy: 'Chief information officer', approvedAt: iso(2025, 11, 15),
    lastReviewAt: at(6, 15), nextReviewAt: iso(2027, 5, 15), covers },
}));

// --- the SMS activity log, audits, reviews, nonconformities and improvements ------------------
processes.forEach((p, i) => {
  for (const [k, m] of [[0, 2 + (i % 3)], [1, 7 + (i % 3)]]) {
    add({
      id: `act-${p.id}-${k}`, kind: 'activity', title: `${p.name.en}: planned activity`, state: 'closed', openedAt: at(m, 3),
      activity: { activityType: 'process operation', covers: clausesOf(p), performedAt: at(m, 4), owner: `${p.name.en} process owner`,
        result: 'Carried out as planned; results recorded', actionCount: 0 },
    });
  }
});
add({
  id: 'act-sms-structure', kind: 'activity', title: 'SMS structure maintained', state: 'closed', openedAt: at(4, 3),
  activity: { activityType: 'sms maintenance', covers: orphans, performedAt: at(4, 4), owner: 'SMS manager', result: 'Structure confirmed', actionCount: 0 },
});
const half = Math.ceil(processes.length / 2);
const auditScopes = [
  processes.slice(0, half).flatMap(clausesOf).concat(orphans),
  processes.slice(half).flatMap(clausesOf).concat(orphans),
];
auditScopes.forEach((covers, i) => {
  const m = i === 0 ? 2 : 8;
  add({
    id: `aud-${i + 1}`, kind: 'internal_audit', number: `AUD-2026-${i + 1}`, title: `Internal audit ${i + 1} of 2026`, state: 'closed',
    links: [{ rel: 'action', target: `nc-${i + 1}` }],
    audit: { plannedAt: at(m, 10), heldAt: at(m, 12), scope: 'Processes per the audit programme', auditor: 'Independent internal auditor',
      independent: true, findingCount: 2, nonconformityCount: 1, reportAt: at(m, 20), covers },
  });
  add({
    id: `nc-${i + 1}`, kind: 'nonconformity', number: `NC-2026-${i + 1}`, title: `Audit finding ${i + 1}`, state: 'closed', openedAt: at(m, 21),
    nonconformity: { grade: 'minor', source: 'audit', rootCause: 'Procedure step not understood by a new team member', correction: 'Record completed',
      correctiveAction: 'Induction material updated', dueAt: at(m + 2, 28), effectivenessReviewedAt: at(m + 3, 5), effective: true,
      covers: covers.slice(0, 3) },
  });
});
[[1, 'January'], [7, 'July']].forEach(([m, name], i) => add({
  id: `mr-${i + 1}`, kind: 'management_review', number: `MR-2026-${i + 1}`, title: `Management review, ${name}`, state: 'closed',
  review: { heldAt: at(m, 25), chair: 'Chief information officer', inputCount: 9, decisionCount: 4, minutesApprovedAt: at(m, 28) },
}));
processes.forEach((p, i) => add({
  id: `imp-${p.id}`, kind: 'improvement', title: `${p.name.en}: improvement`, state: 'closed', openedAt: at(3 + (i % 6), 8),
  improvement: { source: 'check', targetDate: at(9, 30), benefitEvaluatedAt: at(10, 15), benefitNotes: 'Benefit measured and reported',
    covers: clausesOf(p) },
}));
add({
  id: 'imp-sms-structure', kind: 'improvement', title: 'SMS structure: improvement', state: 'closed', openedAt: at(5, 8),
  improvement: { source: 'management_review', targetDate: at(8, 30), benefitEvaluatedAt: at(9, 15), covers: orphans },
});

// --- service operation -------------------------------------------------------------------------
for (let i = 0; i < 12; i++) {
  services.forEach((s, k) => {
    const n = i * 3 + k;
    add({
      id: `slm-${pad(n)}`, kind: 'sla_measurement', title: `${s.name} availability, month ${i + 1}`, state: 'closed', service: s.name,
      links: [{ rel: 'measures', target: `sla-${s.id.slice(4)}` }],
      measurement: { metric: 'availability', target: 99.5, actual: 99.8, lowerIsBetter: false, met: true,
        periodStart: at(i, 1, 0), periodEnd: at(i, 28, 23), stage: 'completed' },
    });
    add({
      id: `rpt-${pad(n)}`, kind: 'service_report', title: `${s.name} service report, month ${i + 1}`, state: 'closed', service: s.name,
      links: [{ rel: 'sla', target: `sla-${s.id.slice(4)}` }],
      report: { periodStart: at(i, 1, 0), periodEnd: at(i, 28, 23), issuedAt: at(Math.min(i + 1, 11), i === 11 ? 29 : 5),
        audience: s.customer, coversTargets: true, reviewedWithCustomer: true },
    });
  });
}
[['continuity', 3], ['availability', 9]].forEach(([testType, m], i) => add({
  id: `bct-${i + 1}`, kind: 'continuity_test', title: `${testType} test`, state: 'closed', openedAt: at(m, 1),
  test: { testType, plannedAt: at(m, 14), performedAt: at(m, 14), outcome: 'successful', planRef: testType === 'continuity' ? 'DOC-006' : 'DOC-007',
    objectivesMet: true, actionCount: 0 },
}));
[2, 5, 8, 11].forEach((m, i) => add({
  id: `cap-${i + 1}`, kind: 'capacity_review', title: `Quarterly capacity review ${i + 1}`, state: 'closed',
  capacity: { periodEnd: at(m, 28, 23), heldAt: at(m, 28), peakUtilisation: 68, threshold: 80, forecastIncluded: true,
    availabilityConsidered: true, actionCount: 1 },
}));
for (let i = 0; i < 4; i++) {
  add({
    id: `cmp-${i + 1}`, kind: 'complaint', title: 'Slow response to a booking outage', state: 'closed', openedAt: at(2 + i * 2, 6),
    service: services[i % 3].name, complaint: { channel: 'email', respondedAt: at(2 + i * 2, 8), resolution: 'Explained and process improved' },
  });
}
for (let i = 0; i < 12; i++) {
  add({
    id: `sat-${pad(i + 1)}`, kind: 'satisfaction_survey', title: 'Quarterly customer survey', state: 'closed', service: services[i % 3].name,
    survey: { score: 4.4, scaleMax: 5, respondedAt: at(i, 20), followedUp: true, comment: 'Good service' },
  });
}

const PRIORITY = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
for (let i = 0; i < 90; i++) {
  const m = i % 12;
  const s = services[i % 3];
  const impact = (i % 3) + 1;
  const urgency = ((i >> 1) % 3) + 1;
  const major = i % 30 === 7;
  const security = i % 30 === 11;
  const links = [{ rel: 'affects_ci', target: `ci-${cis[i % cis.length]}` }, { rel: 'service', target: s.id }];
  if (major) links.push({ rel: 'problem', target: `prb-${pad(Math.floor(i / 30) + 1)}` });
  add({
    id: `inc-${pad(i + 1)}`, kind: 'incident', number: `INC${pad(i + 1, 7)}`, title: 'User cannot complete task', state: 'closed',
    priority: PRIORITY[impact - 1][urgency - 1], impact, urgency, category: ['network', 'software', 'hardware'][i % 3],
    service: s.id, assignmentGroup: 'Service desk', assignee: 'Agent', openedAt: at(m, 2 + (i % 20)),
    resolvedAt: at(m, 2 + (i % 20), 15), closedAt: at(m, 4 + (i % 20)), links,
    sla: [{ name: 'Resolution', stage: 'completed', breached: false, start: at(m, 2 + (i % 20)), due: at(m, 3 + (i % 20)), stop: at(m, 2 + (i % 20), 15) }],
    incident: { major, security, reopenCount: 0, reassignmentCount: 1, resolutionCode: 'fixed', resolutionNotes: 'Root issue fixed and confirmed with the user',
      ...(major || security ? { reviewAt: at(m, 8 + (i % 20)), reviewNotes: 'Post-incident review held' } : {}) },
  });
}
for (let i = 0; i < 36; i++) {
  const m = i % 12;
  add({
    id: `req-${pad(i + 1)}`, kind: 'service_request', number: `RITM${pad(i + 1, 7)}`, title: 'New starter equipment', state: 'closed',
    service: services[i % 3].id, assignmentGroup: 'Fulfilment', openedAt: at(m, 3), resolvedAt: at(m, 5), closedAt: at(m, 6), approval: 'approved',
    sla: [{ name: 'Fulfilment', stage: 'completed', breached: false }],
    request: { item: 'Laptop bundle', approvalRequired: true, closeNotes: 'Delivered and confirmed' },
  });
}
for (let i = 0; i < 6; i++) {
  const m = (i * 2) % 12;
  add({
    id: `prb-${pad(i + 1)}`, kind: 'problem', number: `PRB${pad(i + 1, 7)}`, title: 'Recurring outage', state: 'closed', service: services[i % 3].id,
    openedAt: at(m, 5), updatedAt: at(m, 25), resolvedAt: at(m, 20), closedAt: at(m, 25),
    links: [{ rel: 'incident', target: `inc-${pad(i * 15 + 8)}` }, { rel: 'fixed_by', target: `chg-${pad(i + 1)}` }],
    problem: { rootCause: 'Connection pool exhausted under peak load', workaround: 'Restart the pool', knownError: true,
      knownErrorAt: at(m, 8), fixNotes: 'Pool size raised by change', resolutionCode: 'fixed' },
  });
}
for (let i = 0; i < 30; i++) {
  const m = i % 12;
  const type = i % 10 === 9 ? 'emergency' : i % 5 === 4 ? 'standard' : 'normal';
  const risk = i % 7 === 3 ? 'high' : 'moderate';
  const serviceChange = i === 12;
  add({
    id: `chg-${pad(i + 1)}`, kind: 'change', number: `CHG${pad(i + 1, 7)}`, title: 'Apply configuration update', state: 'closed',
    service: services[i % 3].id, assignmentGroup: 'Change management', openedAt: at(m, 2), closedAt: at(m, 16), approval: 'approved',
    approvals: [{ state: 'approved', approver: 'Change advisory board', at: at(m, 4) }],
    links: [{ rel: 'affects_ci', target: `ci-${cis[i % cis.length]}` }],
    change: { type, risk, implementationPlan: 'Documented steps', backoutPlan: 'Restore previous configuration', testPlan: 'Regression tests passed',
      riskAnalysis: 'Impact assessed with the service owner', plannedStart: at(m, 10, 20), plannedEnd: at(m, 10, 23),
      actualStart: at(m, 10, 20), actualEnd: at(m, 10, 22), outcome: 'successful', reviewAt: at(m, 14), reviewNotes: 'Reviewed: objectives met',
      cabRequired: type === 'normal', unauthorized: false, securityAssessed: true,
      ...(serviceChange ? { serviceChange: true, design: 'Service design package v1', acceptedAt: at(m, 9) } : {}) },
  });
}
for (let i = 0; i < 4; i++) {
  const m = 2 + i * 3;
  add({
    id: `rel-${i + 1}`, kind: 'release', number: `RLSE${pad(i + 1, 7)}`, title: `Quarterly release ${i + 1}`, state: 'closed', approval: 'approved',
    links: [{ rel: 'change', target: `chg-${pad(i * 3 + 1)}` }],
    release: { releaseType: 'minor', plannedAt: at(m, 20), deployedAt: at(m, 20, 22), testPlan: 'Acceptance tests', acceptedAt: at(m, 19),
      backoutPlan: 'Redeploy the previous build', outcome: 'successful', reviewAt: at(m, 25), reviewNotes: 'Deployment reviewed' },
  });
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(records, null, 1) + '\n');
process.stderr.write(`model-sms: ${records.length} records → ${out}\n`);
