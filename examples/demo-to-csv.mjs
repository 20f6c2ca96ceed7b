// Writes the ServiceNow incidents of the demo export as a ServiceNow list CSV export (display
// values, as the list view exports them), for the CSV benchmark and as a sample input:
//   node examples/demo-to-csv.mjs [examples/data/demo-export.json] [examples/data/demo-incidents.csv]
import { readFileSync, writeFileSync } from 'node:fs';

const [input = 'examples/data/demo-export.json', output = 'examples/data/demo-incidents.csv'] = process.argv.slice(2);
const records = JSON.parse(readFileSync(input, 'utf8'));

const STATE = { 1: 'New', 2: 'In Progress', 3: 'On Hold', 6: 'Resolved', 7: 'Closed', 8: 'Canceled' };
const PRIORITY = { 1: '1 - Critical', 2: '2 - High', 3: '3 - Moderate', 4: '4 - Low', 5: '5 - Planning' };
const LEVEL = { 1: '1 - High', 2: '2 - Medium', 3: '3 - Low' };
const COLUMNS = ['number', 'short_description', 'state', 'priority', 'impact', 'urgency', 'category', 'assignment_group',
  'assigned_to', 'caller_id', 'opened_at', 'sys_updated_on', 'resolved_at', 'closed_at', 'close_code', 'close_notes',
  'reopen_count', 'reassignment_count', 'cmdb_ci', 'problem_id'];

// A field as a list export shows it: the display value, else the value (references: the sys_id).
function shown(record, field) {
  const v = record[field];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String(v.display_value ?? v.value ?? '');
  if (field === 'state') return STATE[v] ?? v;
  if (field === 'priority') return PRIORITY[v] ?? v;
  if (field === 'impact' || field === 'urgency') return LEVEL[v] ?? v;
  return String(v);
}

const quote = (s) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const incidents = records.filter((r) => r && typeof r === 'object' && shown(r, 'sys_class_name') === 'incident' || (r?.sys_class_name?.value === 'incident'));
const lines = [COLUMNS.join(',')];
for (const r of incidents) lines.push(COLUMNS.map((c) => quote(shown(r, c))).join(','));
writeFileSync(output, lines.join('\r\n') + '\r\n');
console.error(`demo-to-csv: ${incidents.length} incidents -> ${output}`);
