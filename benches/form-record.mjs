// The record the browser extension hands to engine.check() for a classic ServiceNow incident form,
// and the latency loop run on it in Node and in Chromium (benches/check-latency.mjs). Plain ESM
// without Node or DOM APIs, so that both runtimes import the same file.
//
// The extension's MAIN-world script (examples/extension/src/page/servicenow-main.js) snapshots
// g_form as {table, sysId, dateTimeFormat, fields: {name: {value, display?, type?}}}; its
// isolated reader (content/readers/servicenow.js) turns that into a Table API row in the
// sysparm_display_value=all shape: {value, display_value} per field, date-times as display
// values only (the user's format and zone), then sys_id and sys_class_name. `formRow` builds the
// same row from the snapshot below: an incident being resolved, about 2 KB of JSON.

const SNAPSHOT = {
  table: 'incident',
  sysId: '9d385017c611228701d22104cc95c371',
  dateTimeFormat: 'yyyy-MM-dd HH:mm:ss',
  fields: {
    number: { value: 'INC0010023' },
    caller_id: { value: '62826bf03710200044e0bfc8bcbe5df1', display: 'Abel Tuter' },
    category: { value: 'network', display: 'Network' },
    subcategory: { value: 'vpn', display: 'VPN' },
    business_service: { value: '27d32778c0a8000b00db970eeaa60f16', display: 'VPN & Remote Access' },
    service_offering: { value: '' },
    cmdb_ci: { value: 'b4fd7c8437201000deeabfc8bcbe5dc1', display: 'vpngw-lon-01' },
    opened_at: { value: '2026-06-29 09:12:34', type: 'glide_date_time' },
    opened_by: { value: '46d44a23a9fe19810012d100cca80666', display: 'Beth Anglin' },
    contact_type: { value: 'phone', display: 'Phone' },
    state: { value: '6', display: 'Resolved' },
    incident_state: { value: '6', display: 'Resolved' },
    hold_reason: { value: '' },
    impact: { value: '2', display: '2 - Medium' },
    urgency: { value: '1', display: '1 - High' },
    priority: { value: '2', display: '2 - High' },
    severity: { value: '3', display: '3 - Low' },
    assignment_group: { value: '287ebd7da9fe198100f92cc8d1d2154e', display: 'Network' },
    assigned_to: { value: '5137153cc611227c000bbd1bd8cd2005', display: 'Fred Luddy' },
    short_description: { value: 'VPN connection drops every few minutes' },
    description: { value: 'Since this morning the VPN client disconnects every five to ten minutes for the whole sales team in Manchester. Reconnecting works, then it drops again.' },
    close_code: { value: 'Solution provided', display: 'Solution provided' },
    close_notes: { value: 'Re-enrolled the VPN certificate and reset the profile; the user confirmed a stable connection for an hour.' },
    resolved_at: { value: '2026-06-29 15:40:02', type: 'glide_date_time' },
    resolved_by: { value: '5137153cc611227c000bbd1bd8cd2005', display: 'Fred Luddy' },
    closed_at: { value: '', type: 'glide_date_time' },
    problem_id: { value: '' },
    rfc: { value: '' },
    caused_by: { value: '' },
    parent_incident: { value: '' },
    major_incident_state: { value: '' },
    reopen_count: { value: '0' },
    reassignment_count: { value: '1' },
    made_sla: { value: 'true' },
    active: { value: 'true' },
    escalation: { value: '0', display: 'Normal' },
    location: { value: '25ab9c4d0a0a0bb300f7dabdc0ca7c1c', display: 'Manchester Office' },
    company: { value: '31bea3d53790200044e0bfc8bcbe5dec', display: 'Acme Retail' },
    watch_list: { value: '' },
    sys_created_on: { value: '2026-06-29 09:12:34', type: 'glide_date_time' },
    sys_updated_on: { value: '2026-06-29 15:40:02', type: 'glide_date_time' },
    sys_mod_count: { value: '7' },
  },
};

const DATE_TYPES = new Set(['glide_date_time', 'glide_date', 'due_date', 'date', 'calendar_date_time']);

/** The Table API row (display_value=all shape) the extension's reader builds from the snapshot. */
export function formRow(form = SNAPSHOT) {
  const out = {};
  for (const [name, f] of Object.entries(form.fields)) {
    if (f.type && DATE_TYPES.has(f.type)) {
      // The snapshot's dates are already in the reader's normalised YYYY-MM-DD HH:mm:ss.
      out[name] = f.value === '' ? { value: '', display_value: '' } : { display_value: f.value };
    } else {
      out[name] = { value: f.value, display_value: f.value === '' ? '' : f.display ?? f.value };
    }
  }
  out.sys_id = { value: form.sysId, display_value: form.sysId };
  if (!out.sys_class_name?.value) out.sys_class_name = { value: form.table, display_value: form.table };
  return out;
}

/** What the extension's service worker passes with the record (source, edition, language, zone). */
export const CHECK_OPTIONS = { source: 'servicenow', edition: '2018', lang: 'en', timeZone: 'Europe/London' };

/**
 * p50 and p99 of engine.check(record, options) in microseconds: `warmup` untimed calls, then
 * `calls` calls each timed on its own with performance.now(). `findings` is the last result's
 * count (the record must check, not be rejected).
 */
export function measureCheck(engine, { warmup = 1000, calls = 10000 } = {}) {
  return measure((record) => engine.check(record, CHECK_OPTIONS), { warmup, calls });
}

/**
 * The same loop on a prepared form (engine.form(options), made once, untimed):
 * form.check(record) per call.
 */
export function measureFormCheck(engine, { warmup = 1000, calls = 10000 } = {}) {
  const form = engine.form(CHECK_OPTIONS);
  try {
    return measure((record) => form.check(record), { warmup, calls });
  } finally {
    form.free();
  }
}

/**
 * The same loop without the engine, in a runtime of its own: JSON.parse(JSON.stringify(record))
 * per call, what a page's own JavaScript does with the record (a copy for a worker), timed the
 * same way. Its tail in a fresh runtime is the machine's and the runtime's (threads of the
 * browser and of V8 taking the core for a millisecond or more), not the engine's: the first
 * loop's p99 is read against it.
 */
export function measureJsBaseline({ warmup = 1000, calls = 10000 } = {}) {
  const r = measure((record) => JSON.parse(JSON.stringify(record)), { warmup, calls });
  return { ...r, findings: 0, passed: 0, rejected: null, floor: measureJsFloor({ warmup, calls }) };
}

/**
 * The machine's floor, in the same runtime after the loop above: a fixed amount of integer
 * arithmetic per call (about as long as a check at its median), no allocation, no engine, timed
 * the same way. Calls of it over 20 µs are the machine's and the runtime's interruptions (timer
 * ticks of a virtual machine, the runtime's own threads), which any code of that length meets:
 * the first loop's over20 and p99 are read against it.
 */
export function measureJsFloor({ warmup = 1000, calls = 10000, steps = 5000 } = {}) {
  let sink = 0;
  const r = measure(() => {
    let x = sink;
    for (let k = 0; k < steps; k++) x = (Math.imul(x, 31) + k) | 0;
    sink = x;
    return x;
  }, { warmup, calls });
  return { ...r, findings: 0, passed: 0, rejected: null, steps };
}

/**
 * The same loop as measureCheck once V8 has settled: `rounds` more rounds of `calls` first
 * (untimed), then the measured one. The first rounds after an engine is made carry the tier-up
 * of the JavaScript and of the wasm functions a check runs (compiled in the background, on this
 * 2-core machine beside the loop), which takes tens of thousands of calls in Chromium.
 */
export function measureWarmCheck(engine, { rounds = 3, calls = 10000 } = {}) {
  const record = formRow();
  for (let i = 0; i < rounds * calls; i++) engine.check(record, CHECK_OPTIONS);
  return measureCheck(engine, { warmup: 0, calls });
}

/**
 * What a page waits before its first answer: `new Engine()` (the first engine of the module
 * instance) and the first engine.check(record, options) on it, in milliseconds. Returns the
 * engine for the loops above.
 */
export function measureStart(Engine) {
  const t0 = performance.now();
  const engine = new Engine();
  const t1 = performance.now();
  engine.check(formRow(), CHECK_OPTIONS);
  const t2 = performance.now();
  return { engine, engineMs: t1 - t0, firstCheckMs: t2 - t1 };
}

function measure(check, { warmup, calls }) {
  const record = formRow();
  let result = null;
  for (let i = 0; i < warmup; i++) result = check(record);
  const us = new Float64Array(calls);
  const loop = performance.now();
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    result = check(record);
    us[i] = (performance.now() - start) * 1000;
  }
  // The loop's mean per call, timer reads included: exact where single calls are not (Chromium
  // times a call to 5 µs).
  const mean = ((performance.now() - loop) * 1000) / calls;
  const over20 = us.filter((x) => x > 20).length;
  us.sort();
  const at = (q) => us[Math.min(calls - 1, Math.floor(q * calls))];
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: us[calls - 1],
    mean,
    over20,
    calls,
    recordBytes: JSON.stringify(record).length,
    findings: result.findings?.length,
    passed: result.passed?.length,
    rejected: result.rejected ? result.rejected.message : null,
  };
}
