#!/usr/bin/env node
// Seeded, deterministic demo dataset for iso20000.
//
//   node examples/generate-demo-data.mjs [--seed 20000] [--records 6000]
//        [--out examples/data/demo-export.json] [--from 2025-12-01]
//   node examples/generate-demo-data.mjs --servicenow-incidents 25000 [--servicenow-links] [--seed N]
//        [--from …] [--out FILE]
//
// Writes ONE JSON file: a top-level array of mixed records for a fictional mid-size IT service
// provider ("Acme IT Services") over 12 calendar months starting at --from (UTC). ServiceNow
// Table API records (incident, sc_req_item, problem, change_request, task_sla) sit next to
// canonical records (every other kind), ordered by opened time. Realistic flaws are seeded at
// rates that improve over the year, and exactly four deliberately broken elements sit at fixed
// indexes (see examples/README-data.md). Same arguments, same bytes: the only randomness is the
// seeded PRNG below, and "now" is the end of the period, never the wall clock.
//
// --servicenow-incidents N writes instead what a ServiceNow Table API list call returns for the
// incident table (`GET /api/now/table/incident?sysparm_display_value=false
// &sysparm_exclude_reference_link=true`): `{"result": […]}` of N incident records built by the
// same incident builder with the same seeded flaws, against the same organisation (services,
// CIs, problems and changes of the default 6000-record plan), each carrying the other columns a
// real incident row has (domain, company, journals, durations, …). It is the benchmark's
// real-shaped export (`make bench`, benches/peers.mjs): about 1.7 KB a record, the nearest these
// columns come to the real export issue 12 measured (24,918 incidents in 24.7 MB, 1 KB a row).
// References are bare sys_ids, as in bulk exports: with their links (--servicenow-links, the
// Table API default) a row grows to about 2.7 KB, mostly link URLs that a reader skips and
// JSON.parse must build, which flatters a scanning reader against JSON.parse.
//
// Plain Node 20, ESM, no dependencies.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: node examples/generate-demo-data.mjs [--seed N] [--records N] [--out FILE] [--from YYYY-MM-DD]
  --seed     PRNG seed (integer, default 20000)
  --records  array length including the 4 broken elements (500..200000, default 6000)
  --out      output file (default examples/data/demo-export.json next to this script)
  --from     first day of the 12-month period, UTC (default 2025-12-01)
  --servicenow-incidents N
             write a ServiceNow Table API incident list export {"result": […]} of N incident
             records instead (100..200000; default --out examples/data/servicenow-incidents.json)
  --servicenow-links
             with --servicenow-incidents: references as {"link", "value"} (the Table API
             default) instead of bare sys_ids (sysparm_exclude_reference_link=true)`;

function fail(message) {
  process.stderr.write(`generate-demo-data: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { seed: 20000, records: 6000, out: null, from: '2025-12-01', servicenowIncidents: 0, servicenowLinks: false };
  for (let i = 0; i < argv.length; i++) {
    let key = argv[i];
    let value;
    if (key === '-h' || key === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (key === '--servicenow-links') {
      opts.servicenowLinks = true;
      continue;
    }
    const eq = key.indexOf('=');
    if (key.startsWith('--') && eq > 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    } else {
      value = argv[++i];
    }
    if (value === undefined) fail(`missing value for ${key}`);
    switch (key) {
      case '--seed':
        if (!/^-?\d+$/.test(value)) fail(`--seed must be an integer, got ${JSON.stringify(value)}`);
        opts.seed = Number(value);
        break;
      case '--records':
        if (!/^\d+$/.test(value) || Number(value) < 500 || Number(value) > 200000) fail('--records must be 500..200000');
        opts.records = Number(value);
        break;
      case '--out':
        opts.out = resolve(process.cwd(), value);
        break;
      case '--servicenow-incidents':
        if (!/^\d+$/.test(value) || Number(value) < 100 || Number(value) > 200000) fail('--servicenow-incidents must be 100..200000');
        opts.servicenowIncidents = Number(value);
        break;
      case '--from': {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
        const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
        if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value || +m[3] > 28) {
          fail('--from must be a date YYYY-MM-DD with a day of month 1..28');
        }
        opts.from = value;
        break;
      }
      default:
        fail(`unknown option ${key}`);
    }
  }
  if (opts.servicenowIncidents && opts.records !== 6000) fail('--records and --servicenow-incidents exclude each other');
  if (opts.servicenowLinks && !opts.servicenowIncidents) fail('--servicenow-links goes with --servicenow-incidents');
  opts.out ??= resolve(SCRIPT_DIR, opts.servicenowIncidents ? 'data/servicenow-incidents.json' : 'data/demo-export.json');
  return opts;
}

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32, one independent stream per purpose (seed hashed with the stream's name)
// ---------------------------------------------------------------------------------------------

function hashSeed(text) {
  // FNV-1a 32-bit, then a murmur3 finaliser.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }
  u32() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  float() {
    return this.u32() / 4294967296;
  }
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  range(lo, hi) {
    return lo + this.float() * (hi - lo);
  }
  chance(p) {
    return this.float() < p;
  }
  pick(list) {
    return list[Math.floor(this.float() * list.length)];
  }
  /** pairs: [[item, weight], ...] */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.float() * total;
    for (const [item, w] of pairs) {
      x -= w;
      if (x < 0) return item;
    }
    return pairs[pairs.length - 1][0];
  }
  normal() {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  lognormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  expo(mean) {
    return -mean * Math.log(1 - this.float());
  }
  /**
   * A flaw sampler with the given long-run rate but far less noise than independent coin flips:
   * it fires when the accumulated probability passes a threshold drawn from [0.5, 1.5).
   */
  sampler() {
    let acc = this.float();
    let threshold = 0.5 + this.float();
    return (p) => {
      acc += p;
      if (acc < threshold) return false;
      acc -= threshold;
      threshold = 0.5 + this.float();
      return true;
    };
  }
  shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
  hex32() {
    let s = '';
    for (let i = 0; i < 4; i++) s += this.u32().toString(16).padStart(8, '0');
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Time (whole seconds since the epoch, UTC)
// ---------------------------------------------------------------------------------------------

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

const iso = (t) => new Date(t * 1000).toISOString().slice(0, 19) + 'Z';
const snTime = (t) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
const dateOnly = (t) => new Date(t * 1000).toISOString().slice(0, 10);
/** ServiceNow glide_duration: a date-time counted from the epoch. */
const snDuration = (seconds) => snTime(Math.max(0, Math.round(seconds)));
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

function addMonths(t, n) {
  const d = new Date(t * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Static reference data
// ---------------------------------------------------------------------------------------------

const SN = 'https://acme.service-now.com/api/now/table/';

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel',
  'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Priya', 'Raj', 'Wei', 'Mei', 'Ahmed', 'Fatima',
  'Lukas', 'Sofia', 'Mateo', 'Chloe', 'Olivia', 'Noah', 'Emma', 'Liam', 'Hiroshi', 'Yuki', 'Kenji', 'Aiko',
  'Takumi', 'Haruka', 'Ingrid', 'Pieter'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
  'Clark', 'Lewis', 'Walker', 'Patel', 'Nguyen', 'Kim', 'Chen', 'Mueller', 'Schmidt', 'Rossi', 'Dubois', 'Tanaka',
  'Suzuki', 'Sato', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Jansen', 'Larsen'];
/** A few users whose display names are in Japanese script (user_name stays ASCII). */
const JAPANESE_USERS = [['佐藤 健', 'ken.sato'], ['鈴木 花子', 'hanako.suzuki'], ['高橋 大輔', 'daisuke.takahashi'],
  ['田中 美咲', 'misaki.tanaka']];

const GROUPS = ['Service Desk', 'Network', 'Database', 'Hardware', 'Software', 'Identity & Access', 'Cloud Platform',
  'Application Support', 'End User Computing', 'Security Operations', 'Messaging & Collaboration', 'SAP Basis'];

const CUSTOMERS = [
  { code: 'ACME', name: 'Acme Retail', audience: 'Acme Retail – IT steering committee' },
  { code: 'NWL', name: 'Northwind Logistics', audience: 'Northwind Logistics – service review board' },
  { code: 'CFIN', name: 'Contoso Finance', audience: 'Contoso Finance – CIO office' },
  { code: 'FAB', name: 'Fabrikam Manufacturing', audience: 'Fabrikam Manufacturing – plant IT leads' },
  { code: 'GRP', name: 'Group Functions (internal)', audience: 'Group Functions – business relationship forum' },
];

// name, abbreviation for CI names, customer code, support group, weight for tickets, headline metric
const SERVICES = [
  ['Email & Collaboration', 'mail', 'GRP', 'Messaging & Collaboration', 14, ['Availability %', 99.9]],
  ['ERP (SAP S/4HANA)', 'sap', 'FAB', 'SAP Basis', 9, ['Availability %', 99.5]],
  ['Customer Portal', 'portal', 'ACME', 'Application Support', 8, ['Availability %', 99.9]],
  ['E-commerce Platform', 'shop', 'ACME', 'Application Support', 7, ['Availability %', 99.95]],
  ['Payroll', 'pay', 'CFIN', 'Application Support', 3, ['Payroll runs completed on schedule %', 100]],
  ['VPN & Remote Access', 'vpn', 'GRP', 'Network', 9, ['Availability %', 99.5]],
  ['Network (LAN/WAN)', 'net', 'GRP', 'Network', 8, ['Availability %', 99.9]],
  ['Identity & Access Management', 'iam', 'GRP', 'Identity & Access', 8, ['Access requests fulfilled within 2 days %', 95]],
  ['IT Service Desk', 'sd', 'GRP', 'Service Desk', 12, ['Incidents resolved within target %', 90]],
  ['Data Warehouse & BI', 'dwh', 'CFIN', 'Database', 4, ['Nightly loads complete by 06:00 %', 97]],
  ['CRM (Dynamics 365)', 'crm', 'NWL', 'Application Support', 5, ['Availability %', 99.5]],
  ['Fleet Tracking', 'fleet', 'NWL', 'Application Support', 4, ['Availability %', 99.8]],
  ['Hosting (Private Cloud)', 'host', 'FAB', 'Cloud Platform', 5, ['Availability %', 99.95]],
  ['Backup & Restore', 'bkp', 'GRP', 'Cloud Platform', 3, ['Backup jobs successful %', 98]],
  ['HR Portal', 'hr', 'GRP', 'Application Support', 3, ['Availability %', 99.0]],
];

const CI_CLASSES = [
  // class, label, name prefix, weight, support group (null: the service's)
  ['cmdb_ci_linux_server', 'Linux Server', 'lnx', 28, 'Cloud Platform'],
  ['cmdb_ci_win_server', 'Windows Server', 'win', 22, 'Cloud Platform'],
  ['cmdb_ci_db_mssql_instance', 'MSSQL Instance', 'sql', 6, 'Database'],
  ['cmdb_ci_db_ora_instance', 'Oracle Instance', 'ora', 4, 'Database'],
  ['cmdb_ci_app_server_tomcat', 'Tomcat', 'tc', 8, null],
  ['cmdb_ci_appl', 'Application', 'app', 10, null],
  ['cmdb_ci_ip_switch', 'IP Switch', 'sw', 8, 'Network'],
  ['cmdb_ci_ip_firewall', 'IP Firewall', 'fw', 4, 'Network'],
  ['cmdb_ci_lb_bigip', 'F5 BIG-IP', 'lb', 3, 'Network'],
  ['cmdb_ci_storage_device', 'Storage Device', 'san', 3, 'Cloud Platform'],
  ['cmdb_ci_vpn', 'VPN Gateway', 'vpngw', 2, 'Network'],
  ['cmdb_ci_cloud_service_account', 'Cloud Service Account', 'acct', 2, 'Cloud Platform'],
];

const CAT_ITEMS = [
  // name, group, service abbr, approval?, fulfilment median hours, price, weight
  ['Standard Laptop', 'End User Computing', 'sd', true, 40, '1200.00', 9],
  ['Developer Laptop', 'End User Computing', 'sd', true, 50, '2400.00', 3],
  ['Monitor 27"', 'End User Computing', 'sd', false, 20, '320.00', 6],
  ['Mobile Phone', 'End User Computing', 'sd', true, 36, '650.00', 5],
  ['Software Installation', 'Software', 'sd', false, 6, '0', 12],
  ['Microsoft Visio License', 'Software', 'sd', true, 16, '280.00', 4],
  ['Adobe Acrobat Pro License', 'Software', 'sd', true, 16, '180.00', 4],
  ['Shared Mailbox Access', 'Messaging & Collaboration', 'mail', true, 6, '0', 8],
  ['Distribution List Change', 'Messaging & Collaboration', 'mail', false, 4, '0', 5],
  ['VPN Access', 'Identity & Access', 'vpn', true, 6, '0', 7],
  ['New Employee Onboarding', 'Identity & Access', 'iam', true, 44, '0', 6],
  ['Employee Offboarding', 'Identity & Access', 'iam', false, 16, '0', 4],
  ['SAP Role Assignment', 'SAP Basis', 'sap', true, 14, '0', 5],
  ['File Share Access', 'Identity & Access', 'iam', true, 6, '0', 8],
  ['Virtual Server (Small)', 'Cloud Platform', 'host', true, 30, '85.00', 2],
  ['Database Refresh (Non-Prod)', 'Database', 'dwh', true, 20, '0', 2],
  ['CRM User Account', 'Application Support', 'crm', true, 10, '0', 3],
  ['Privileged Account Password Reset', 'Service Desk', 'sd', false, 2, '0', 4],
  ['Meeting Room AV Support', 'End User Computing', 'sd', false, 5, '0', 2],
  ['Guest Wi-Fi Voucher', 'Network', 'net', false, 2, '0', 3],
  ['Firewall Port Opening', 'Network', 'net', true, 30, '0', 2],
];

// SLA definitions used by task_sla (contract_sla): priority -> [name, hours]
const SLA_DEFS = [
  [1, 'Priority 1 resolution (4 hour)', 4],
  [2, 'Priority 2 resolution (8 hour)', 8],
  [3, 'Priority 3 resolution (24 hour)', 24],
  [4, 'Priority 4 resolution (72 hour)', 72],
  [5, 'Priority 5 resolution (120 hour)', 120],
];
const TARGET_HOURS = { 1: 4, 2: 8, 3: 24, 4: 72, 5: 120 };

const PRIORITY_LABEL = { 1: '1 - Critical', 2: '2 - High', 3: '3 - Moderate', 4: '4 - Low', 5: '5 - Planning' };
const IU_LABEL = { 1: '1 - High', 2: '2 - Medium', 3: '3 - Low' };
const MATRIX = { '1,1': 1, '1,2': 2, '1,3': 3, '2,1': 2, '2,2': 3, '2,3': 4, '3,1': 3, '3,2': 4, '3,3': 5 };
const INC_STATE = { 1: 'New', 2: 'In Progress', 3: 'On Hold', 6: 'Resolved', 7: 'Closed', 8: 'Canceled' };
const PRB_STATE = { 101: 'New', 102: 'Assess', 103: 'Root Cause Analysis', 104: 'Fix in Progress', 106: 'Resolved', 107: 'Closed' };
const CHG_STATE = { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled', '-1': 'Implement', 0: 'Review', 3: 'Closed', 4: 'Canceled' };
const RITM_STATE = { '-5': 'Pending', 1: 'Open', 2: 'Work in Progress', 3: 'Closed Complete', 4: 'Closed Incomplete', 7: 'Closed Skipped' };
const RITM_STAGE = { waiting_for_approval: 'Waiting for Approval', request_approved: 'Request Approved', fulfillment: 'Fulfillment', complete: 'Completed', 'Request Cancelled': 'Request Cancelled' };
const APPROVAL_LABEL = { 'not requested': 'Not Yet Requested', requested: 'Requested', approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled' };
const RISK = { 1: 'Very High', 2: 'High', 3: 'Moderate', 4: 'Low' };
const HOLD_REASON = { 1: 'Awaiting Caller', 3: 'Awaiting Problem', 4: 'Awaiting Vendor', 5: 'Awaiting Change' };
const SLA_STAGE_LABEL = { in_progress: 'In progress', paused: 'Paused', completed: 'Completed', cancelled: 'Cancelled' };
const CONTACT = { phone: 'Phone', email: 'Email', 'self-service': 'Self-service', 'walk-in': 'Walk-in', virtual_agent: 'Virtual Agent', monitoring: 'Monitoring' };
const cap = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

const INC_CATEGORIES = {
  software: {
    weight: 34, group: null, subs: ['email', 'os', 'application', 'client'],
    titles: ['Outlook keeps crashing on startup', '{svc}: application very slow', 'Error 500 when opening {svc}',
      'License expired message in {svc} client', 'Excel add-in for {svc} not loading', 'Teams calls dropping after a few minutes',
      'Cannot save documents to SharePoint', 'Report export fails in {svc}', 'Login loop on {svc}', 'Session timeouts in {svc}',
      'Error when posting invoices', 'Scheduled job failed on {ci}'],
  },
  hardware: {
    weight: 18, group: 'Hardware', subs: ['laptop', 'monitor', 'printer', 'disk', 'memory', 'power'],
    titles: ['Laptop does not boot', 'Docking station not detecting monitors', 'Printer on 3rd floor jammed',
      'Disk failure predicted on {ci}', 'Keyboard not working after spill', 'Laptop battery swelling', 'Memory errors reported on {ci}',
      'Redundant power supply failed on {ci}'],
  },
  network: {
    weight: 20, group: 'Network', subs: ['vpn', 'wireless', 'dns', 'dhcp', 'wan', 'firewall'],
    titles: ['VPN connection drops every few minutes', 'Wi-Fi unavailable in meeting room 4.12', 'Cannot reach {svc} from branch office',
      'High latency on WAN link to warehouse', 'DNS resolution failing for internal hosts', 'Switch port flapping on {ci}',
      'Firewall blocking traffic to {svc}', 'No IP address assigned to new desk phones'],
  },
  database: {
    weight: 9, group: 'Database', subs: ['sql server', 'oracle', 'replication', 'backup'],
    titles: ['Tablespace almost full on {ci}', 'Slow queries on {ci}', 'Replication lag on {ci}', 'Deadlocks reported by {svc}',
      'Database backup job failed for {ci}', 'Connection pool exhausted for {svc}'],
  },
  inquiry: {
    weight: 16, group: 'Service Desk', subs: ['how-to', 'access', 'status'],
    titles: ['How do I request access to {svc}?', 'Question about the monthly report in {svc}', 'Need help setting up MFA on new phone',
      'Where can I download the VPN client?', 'How to add a delegate to my mailbox', 'Status of my laptop order'],
  },
  security: {
    weight: 3, group: 'Security Operations', subs: ['phishing', 'malware', 'account', 'lost device'],
    titles: ['Phishing email reported by user', 'Suspicious login attempts on {svc}', 'Malware detected on laptop', 'Lost laptop reported',
      'Account locked after repeated failed logins'],
  },
};
const JA_INC_TITLES = ['VPNに接続できない', 'メールが送信できない', '{svc}にログインできない', 'プリンターで印刷できない',
  'パスワードをリセットしたい', 'ファイルサーバーへのアクセスが遅い'];

const CLOSE_NOTES = ['Restarted the application service; user confirmed it works.', 'Cleared the local cache and reinstalled the client.',
  'Replaced the faulty part; device tested OK.', 'Provided instructions; user able to proceed.', 'Extended the tablespace; monitoring back to normal.',
  'Re-enrolled the VPN certificate and reset the profile.', 'Unlocked the account and reset MFA registration.',
  'Corrected the firewall rule; connectivity restored.', 'Rolled back the faulty configuration; service stable.',
  'Failed over to the secondary node; root cause handed to problem management.'];

const CHANGE_TEMPLATES = [
  // title, category, weight by type [standard, normal, emergency]
  ['Apply monthly OS patches to {ci}', 'System Software', [10, 2, 0]],
  ['Renew TLS certificate for {svc}', 'Software', [4, 2, 1]],
  ['Increase memory on {ci}', 'Hardware', [3, 2, 1]],
  ['Replace failed disk in {ci}', 'Hardware', [4, 1, 2]],
  ['Firewall rule change for {svc}', 'Network', [3, 3, 1]],
  ['Upgrade {svc} to the next minor version', 'Applications Software', [0, 6, 0]],
  ['Deploy hotfix to {svc}', 'Applications Software', [0, 3, 4]],
  ['Migrate {ci} to new storage tier', 'Hardware', [0, 3, 0]],
  ['Database index maintenance on {ci}', 'Software', [5, 1, 0]],
  ['Add capacity to {svc} cluster', 'Service', [0, 3, 1]],
  ['Restart hung services on {ci}', 'Software', [0, 0, 3]],
  ['Update load balancer pool for {svc}', 'Network', [2, 2, 1]],
  ['Decommission {ci}', 'Hardware', [0, 2, 0]],
  ['{ci} のOSパッチ適用', 'System Software', [1, 0, 0]],
];

const PROBLEM_CAUSES = ['Memory leak in the {svc} connector introduced by the last upgrade.', 'Misconfigured DNS forwarder on {ci}.',
  'Certificate chain incomplete on the load balancer.', 'Undersized connection pool for peak load.',
  'Firmware bug in the storage controller (vendor case opened).', 'Race condition in the nightly batch scheduler.',
  'Expired service account password used by an integration.', 'Spanning-tree misconfiguration after switch replacement.'];
const PROBLEM_WORKAROUNDS = ['Restart the service during the night window.', 'Fail over to the secondary node and clear the queue.',
  'Users reconnect after clearing the client cache.', 'Re-run the batch job manually after 06:00.',
  'Route traffic through the backup link.'];

const IMPROVEMENT_TITLES = {
  audit: ['Make backout plans mandatory in the change form', 'Automate CMDB verification with discovery', 'Track supplier contract reviews in the register',
    'Add a document review reminder workflow', 'Enforce the priority matrix in the incident form'],
  management_review: ['Introduce a change freeze calendar for peak season', 'Customer-facing status page', 'Supplier scorecard for critical suppliers',
    'Reduce emergency changes through better release planning'],
  incident: ['On-call rota for P2 incidents out of hours', 'Automate disk-space alerting for database servers', 'Monitor certificate expiry centrally',
    'Post-incident review template for major incidents', 'Review assignment rules to reduce reassignments', 'サービスデスクの一次解決率向上'],
  problem: ['Improve knowledge articles for recurring VPN issues', 'Standardise laptop images to cut build time', 'Harden the nightly batch scheduler',
    'Capacity forecast for Customer Portal campaigns'],
  complaint: ['Announce changes to customers five days ahead', 'Confirm with the customer before closing tickets', 'Publish monthly reports by the 5th working day'],
  survey: ['Survey follow-up within two working days', 'Train the service desk on first-call resolution', 'Self-service password reset for all users'],
  measurement: ['Track SLA breaches weekly in team huddles', 'Add redundancy to the Customer Portal database tier', 'Shorten approval path for low-risk catalog items'],
  staff: ['Backup restore tests every quarter', 'Automate onboarding account creation', 'Consolidate monitoring dashboards'],
};

const DOCUMENTS = [
  // title, docType, the 2018 clauses the document is the policy, plan or procedure for
  ['Service Management Policy', 'policy', ['5.2', '5.1', '8.1']],
  ['Information Security Policy', 'policy', ['8.7.3.1', '8.7.3']],
  ['Acceptable Use Policy', 'policy', ['8.7.3.2']],
  ['SMS Scope Statement', 'scope', ['4.3', '4.1', '4.2']],
  ['Service Management Objectives 2026', 'objectives', ['6.2.1', '6.2.2']],
  ['Service Management Plan', 'plan', ['6.3', '8.1', '5.3', '7.1']],
  ['Service Continuity Plan', 'plan', ['8.7.2']],
  ['Availability Management Plan', 'plan', ['8.7.1']],
  ['Capacity Management Plan', 'plan', ['8.4.3', '8.4.2']],
  ['Risk Register', 'risk_register', ['6.1']],
  ['Incident Management Procedure', 'procedure', ['8.6.1']],
  ['Service Request Fulfilment Procedure', 'procedure', ['8.6.2']],
  ['Problem Management Procedure', 'procedure', ['8.6.3']],
  ['Change Management Procedure', 'procedure', ['8.5.1.1', '8.5.1.2', '8.5.1.3']],
  ['Release and Deployment Procedure', 'procedure', ['8.5.3']],
  ['Configuration Management Procedure', 'procedure', ['8.2.6', '8.2.5']],
  ['Supplier Management Procedure', 'procedure', ['8.3.4.1', '8.3.4.2', '8.2.3']],
  ['Service Level Management Process', 'process', ['8.3.3', '8.2.4']],
  ['Service Reporting Procedure', 'procedure', ['9.4']],
  ['Customer Complaint Handling Procedure', 'procedure', ['8.3.2']],
  ['Internal Audit Procedure', 'procedure', ['9.2']],
  ['Management Review Procedure', 'procedure', ['9.3']],
  ['Continual Improvement Process', 'process', ['10.1', '10.2']],
  ['Document Control Procedure', 'procedure', ['7.5.1', '7.5.2', '7.5.3', '7.5.4']],
  ['情報セキュリティインシデント対応手順', 'procedure', ['8.7.3.3']],
];

const SUPPLIERS = [
  ['Northbridge Networks Ltd', true], ['CloudCore Hosting GmbH', true], ['DataVault Backup Services', true],
  ['Kaizen Software KK', false], ['SecureID Solutions', true], ['Atlas Hardware Distribution', false],
  ['BlueOcean Telecom', true], ['Meridian Print Services', false], ['Orbit Field Engineering', false],
  ['Helios Data Centre Ltd', true], ['Pinnacle SAP Consulting', true], ['Quill Document Management', false],
  ['Redwood Licensing Partners', false], ['Sakura Mobile Devices', false], ['Tessera Security Monitoring', true],
  ['Umbra CDN Services', false], ['Vertex Payroll Systems', true], ['Wavelength Wi-Fi', false],
  ['Xenon Database Support', false], ['Yield Analytics Ltd', false]];

// ---------------------------------------------------------------------------------------------
// ServiceNow record builder: one field list, rendered as display_value=false or =all
// ---------------------------------------------------------------------------------------------

class SnRecord {
  constructor() {
    this.fields = [];
  }
  /** A plain field; `display` defaults to the value. */
  v(name, value, display) {
    this.fields.push([name, value == null ? '' : String(value), display, null]);
    return this;
  }
  /** A reference field; `ref` is { id, name } or null. */
  r(name, table, ref) {
    this.fields.push([name, ref ? ref.id : '', ref ? ref.name : '', table]);
    return this;
  }
  /** Replaces the target of a reference field added earlier. */
  setRef(name, ref) {
    const field = this.fields.find((f) => f[0] === name);
    field[1] = ref ? ref.id : '';
    field[2] = ref ? ref.name : '';
    return this;
  }
  render(all) {
    const out = {};
    for (const [name, value, display, table] of this.fields) {
      if (table) {
        if (!value) out[name] = all ? { display_value: '', value: '' } : '';
        else if (all) out[name] = { display_value: display, link: `${SN}${table}/${value}`, value };
        else out[name] = { link: `${SN}${table}/${value}`, value };
      } else {
        out[name] = all ? { display_value: display === undefined ? value : display, value } : value;
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------------------------

const VOLUME = { incident: 2400, sc_req_item: 1500, task_sla: 900, change_request: 450, problem: 120,
  satisfaction_survey: 250, complaint: 40, configuration_item: 300, release: 60, improvement: 80 };
const FIXED = { service: SERVICES.length, sla: SERVICES.length + SLA_DEFS.length, sla_measurement: SERVICES.length * 12,
  document: DOCUMENTS.length, internal_audit: 4, management_review: 2, service_report: CUSTOMERS.length * 12,
  nonconformity: 20, continuity_test: 8, capacity_review: 12, supplier: SUPPLIERS.length };
const BROKEN_DEFAULT_INDEXES = [100, 1600, 3200, 4800];

function planCounts(total) {
  const fixedSum = Object.values(FIXED).reduce((a, b) => a + b, 0);
  const volumeSum = Object.values(VOLUME).reduce((a, b) => a + b, 0);
  const factor = (total - 4 - fixedSum) / volumeSum;
  const counts = { ...FIXED };
  for (const [kind, n] of Object.entries(VOLUME)) counts[kind] = Math.max(2, Math.round(n * factor));
  const sum = Object.values(counts).reduce((a, b) => a + b, 0);
  counts.incident += total - 4 - sum;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

function generate(opts) {
  const rootSeed = opts.seed >>> 0;
  const stream = (name) => new Rng(hashSeed(`${rootSeed}:${name}`));
  const counts = planCounts(opts.records);
  // The incident export: the default organisation around N incidents.
  if (opts.servicenowIncidents) counts.incident = opts.servicenowIncidents;

  const [fy, fm, fd] = opts.from.split('-').map(Number);
  const START = Date.UTC(fy, fm - 1, fd) / 1000;
  const END = addMonths(START, 12); // exclusive; the export is taken at this instant ("now")
  const NOW = END;
  const MONTHS = Array.from({ length: 13 }, (_, k) => addMonths(START, k));
  const monthOf = (t) => {
    for (let k = 11; k >= 0; k--) if (t >= MONTHS[k]) return k;
    return 0;
  };
  /** Flaw-rate multiplier: 1.6 in the first month, 0.4 in the last (mean 1.0). */
  const trendOfMonth = (k) => 1.6 - (1.2 * k) / 11;
  const trend = (t) => trendOfMonth(monthOf(t));
  const monthLabel = (t) => {
    const d = new Date(t * 1000);
    return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };
  const clampNow = (t) => Math.min(t, NOW - 60);

  const out = []; // { t, seq, rec }
  let seq = 0;
  const emit = (t, rec) => {
    out.push({ t, seq: seq++, rec });
    return rec;
  };

  // --- day weights for ticket arrivals: weekdays, quiet weekends and holidays, slow growth ---
  const days = [];
  let cumulative = 0;
  for (let t = START; t < END; t += DAY) {
    const d = new Date(t * 1000);
    const wd = d.getUTCDay();
    let w = wd === 0 ? 0.15 : wd === 6 ? 0.22 : 1;
    const md = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    if (md >= 1222 || md <= 103) w *= 0.45;
    if (d.getUTCMonth() === 7) w *= 0.8;
    w *= 0.95 + (0.1 * (t - START)) / (END - START);
    cumulative += w;
    days.push([t, cumulative, wd === 0 || wd === 6]);
  }
  function ticketTime(rng) {
    const x = rng.float() * cumulative;
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid][1] < x) lo = mid + 1;
      else hi = mid;
    }
    const [day, , weekend] = days[lo];
    let secs;
    if (!weekend && rng.chance(0.82)) {
      const h = Math.min(18.9, Math.max(7, 10.5 + 2.4 * rng.normal()));
      secs = Math.floor(h * HOUR);
    } else {
      secs = rng.int(0, DAY - 1);
    }
    return Math.min(day + secs + rng.int(0, 59), NOW - HOUR);
  }
  /** A working-day time in [from, to). */
  function workTime(rng, from, to) {
    for (let tries = 0; tries < 20; tries++) {
      const t = Math.floor(rng.range(from, to));
      const d = new Date(t * 1000);
      const wd = d.getUTCDay();
      const h = d.getUTCHours();
      if (wd !== 0 && wd !== 6 && h >= 8 && h < 18) return t;
    }
    const day = Math.floor(rng.range(from, to) / DAY) * DAY;
    return day + 9 * HOUR + rng.int(0, 8 * HOUR);
  }

  // --- people and groups ---
  const ref = stream('reference');
  const usedNames = new Set();
  const users = [];
  function newUser(name, userName) {
    const u = { id: ref.hex32(), name, userName };
    users.push(u);
    return u;
  }
  function randomUser() {
    for (;;) {
      const name = `${ref.pick(FIRST)} ${ref.pick(LAST)}`;
      if (usedNames.has(name)) continue;
      usedNames.add(name);
      return newUser(name, name.toLowerCase().replace(/[^a-z ]/g, '').replace(' ', '.'));
    }
  }
  const groups = {};
  for (const g of GROUPS) {
    const members = Array.from({ length: ref.int(4, 9) }, () => randomUser());
    groups[g] = { id: ref.hex32(), name: g, members, manager: members[0] };
  }
  const cab = { id: ref.hex32(), name: 'Change Advisory Board' };
  const catRefs = Object.fromEntries(CAT_ITEMS.map((c) => [c[0], { id: ref.hex32(), name: c[0] }]));
  const callers = Array.from({ length: 140 }, () => randomUser());
  for (const [name, userName] of JAPANESE_USERS) callers.push(newUser(name, userName));
  const leaders = {
    ceo: randomUser(), smsManager: randomUser(), ciso: randomUser(), auditLead: randomUser(), changeManager: randomUser(),
    problemManager: randomUser(), slm: randomUser(), supplierManager: randomUser(), capacityManager: randomUser(),
  };
  const system = { id: '6816f79cc0a8016401c5a33be04be441', name: 'System Administrator', userName: 'admin' };
  const agentOf = (rng, group) => rng.pick(groups[group].members);

  // --- services (canonical, ids are the sys_ids ServiceNow's business_service points at) ---
  const services = SERVICES.map(([name, abbr, cust, group, weight, metric], i) => ({
    id: ref.hex32(), name, abbr, customer: CUSTOMERS.find((c) => c.code === cust), group, weight, metric, index: i,
    owner: groups[group].manager, cis: [], agreement: null,
  }));
  const serviceByAbbr = Object.fromEntries(services.map((s) => [s.abbr, s]));
  const pickService = (rng) => rng.weighted(services.map((s) => [s, s.weight]));

  // --- suppliers (canonical) ---
  const suppliers = SUPPLIERS.map(([name, critical], i) => ({ id: `SUP-${String(i + 1).padStart(3, '0')}`, name, critical }));

  // --- configuration items (canonical, ids are sys_ids) ---
  const cis = [];
  {
    const rng = stream('configuration_item');
    const n = counts.configuration_item;
    const staleSet = new Set(rng.shuffle([...Array(n).keys()]).slice(0, Math.max(1, Math.round(n * 0.035))));
    const ownerlessSet = new Set(rng.shuffle([...Array(n).keys()]).slice(0, Math.max(1, Math.round(n * 0.027))));
    const perPrefix = {};
    for (let i = 0; i < n; i++) {
      const svc = i < services.length ? services[i] : pickService(rng);
      const networkService = svc.abbr === 'net' || svc.abbr === 'vpn';
      const cls = rng.weighted(CI_CLASSES.map((c) => [c, c[3] * (c[4] === 'Network' ? (networkService ? 6 : c[0] === 'cmdb_ci_vpn' ? 0 : 0.3) : networkService ? 0.3 : 1)]));
      const key = `${cls[2]}-${svc.abbr}`;
      perPrefix[key] = (perPrefix[key] || 0) + 1;
      const env = rng.chance(0.78) ? 'prd' : rng.pick(['tst', 'dev']);
      const name = `${cls[2]}-${svc.abbr}-${env}-${String(perPrefix[key]).padStart(2, '0')}`;
      const migrated = i < services.length || rng.chance(0.85);
      const openedAt = migrated ? workTime(rng, START, START + 10 * DAY) : ticketTime(rng);
      const retired = i >= services.length && rng.chance(0.03);
      const stale = staleSet.has(i);
      const lastVerifiedAt = stale
        ? START - rng.int(20, 200) * DAY - rng.int(0, DAY)
        : Math.min(NOW - DAY, Math.max(openedAt + DAY, NOW - rng.int(5, 300) * DAY - rng.int(0, DAY)));
      const group = cls[4] || svc.group;
      const ci = {
        id: rng.hex32(), name, cls, svc, env, critical: env === 'prd' && (rng.chance(0.3) || cls[0].includes('db')),
        openedAt, retired, lastVerifiedAt, group, owner: ownerlessSet.has(i) ? null : agentOf(rng, group),
      };
      ci.updatedAt = clampNow(Math.max(openedAt + HOUR, lastVerifiedAt, openedAt + rng.int(1, 300) * DAY));
      cis.push(ci);
      if (!retired) svc.cis.push(ci);
    }
    for (const ci of cis) {
      emit(ci.openedAt, {
        id: ci.id, kind: 'configuration_item', title: ci.name,
        state: ci.retired ? 'retired' : 'active', category: ci.cls[1], service: ci.svc.id, assignmentGroup: ci.group,
        openedAt: iso(ci.openedAt), updatedAt: iso(ci.updatedAt),
        links: [{ rel: 'service', target: ci.svc.id, targetKind: 'service' }],
        ci: {
          ciClass: ci.cls[0], owner: ci.owner ? ci.owner.name : null, supportGroup: ci.group,
          lastVerifiedAt: iso(ci.lastVerifiedAt), critical: ci.critical,
        },
        origin: { tool: 'canonical', table: ci.cls[0] },
      });
    }
  }
  /** A live CI of the service that existed at time t. */
  const pickCi = (rng, svc, t) => {
    const live = svc.cis.filter((c) => c.openedAt <= t);
    return live.length ? rng.pick(live) : rng.pick(svc.cis);
  };

  // --- services, agreements, SLA definitions ---
  const slaDefs = [];
  {
    const rng = stream('service');
    for (const svc of services) {
      svc.openedAt = workTime(rng, START, START + 6 * DAY);
      svc.supplierLinks = suppliers.filter((s, i) => s.critical && (i + svc.index) % 4 === 0).slice(0, 2);
      emit(svc.openedAt, {
        id: svc.id, kind: 'service', number: `SVC-${String(svc.index + 1).padStart(3, '0')}`, title: svc.name,
        state: 'active', assignmentGroup: svc.group, assignee: svc.owner.name, openedAt: iso(svc.openedAt),
        updatedAt: iso(clampNow(svc.openedAt + rng.int(30, 300) * DAY)),
        links: [{ rel: 'sla', target: `SLA-${String(svc.index + 1).padStart(3, '0')}`, targetKind: 'sla' },
          ...svc.supplierLinks.map((s) => ({ rel: 'supplier', target: s.id, targetKind: 'supplier' }))],
        serviceDetail: {
          owner: svc.owner.name, customer: svc.customer.name,
          description: `${svc.name} delivered by Acme IT Services to ${svc.customer.name}.`,
          lastReviewAt: iso(clampNow(Math.max(svc.openedAt + 20 * DAY, NOW - rng.int(15, 200) * DAY))),
        },
        origin: { tool: 'canonical', table: 'cmdb_ci_service' },
      });
    }
    services.forEach((svc, i) => {
      const id = `SLA-${String(i + 1).padStart(3, '0')}`;
      svc.agreement = id;
      const openedAt = svc.openedAt + rng.int(1, 5) * DAY;
      const approvedAt = START - rng.int(30, 300) * DAY;
      emit(openedAt, {
        id, kind: 'sla', number: id, title: `Service level agreement – ${svc.name}`, state: 'active',
        assignee: leaders.slm.name, requester: svc.customer.name, openedAt: iso(openedAt),
        updatedAt: iso(clampNow(openedAt + rng.int(40, 320) * DAY)),
        links: [{ rel: 'service', target: svc.id, targetKind: 'service' }],
        agreement: {
          customer: svc.customer.name, targetCount: rng.int(3, 8), approvedAt: iso(approvedAt),
          lastReviewAt: iso(clampNow(Math.max(approvedAt, NOW - rng.int(20, 250) * DAY))),
          validFrom: iso(Math.floor(approvedAt / DAY) * DAY + 7 * DAY),
          validTo: iso(addMonths(Math.floor(approvedAt / DAY) * DAY, 36)),
        },
        origin: { tool: 'canonical' },
      });
    });
    const deskSla = serviceByAbbr.sd.agreement;
    for (const [prio, name, hours] of SLA_DEFS) {
      const def = { id: rng.hex32(), name, prio, hours };
      slaDefs[prio] = def;
      const openedAt = workTime(rng, START, START + 3 * DAY);
      emit(openedAt, {
        id: def.id, kind: 'sla', title: name, state: 'active', assignee: leaders.slm.name, openedAt: iso(openedAt),
        updatedAt: iso(openedAt + HOUR),
        links: [{ rel: 'parent', target: deskSla, targetKind: 'sla' }],
        agreement: { customer: 'All customers', targetCount: 1, approvedAt: iso(START - 400 * DAY), validFrom: iso(START - 393 * DAY) },
        origin: { tool: 'canonical', table: 'contract_sla' },
      });
    }
  }

  // --- suppliers ---
  {
    const rng = stream('supplier');
    const expired = 6; // BlueOcean Telecom: contract ended mid-period and was not renewed
    suppliers.forEach((s, i) => {
      const openedAt = workTime(rng, START, START + 12 * DAY);
      const contractStart = START - rng.int(200, 1200) * DAY;
      const contractEnd = i === expired ? MONTHS[7] - DAY : Math.max(addMonths(contractStart, 12 * rng.int(3, 5)), addMonths(END, rng.int(2, 30)));
      const performanceMet = !(i === 1 || i === 12);
      emit(openedAt, {
        id: s.id, kind: 'supplier', title: s.name, state: 'active', assignee: leaders.supplierManager.name,
        openedAt: iso(openedAt), updatedAt: iso(clampNow(openedAt + rng.int(20, 330) * DAY)),
        supplier: {
          contractRef: `CTR-${new Date(contractStart * 1000).getUTCFullYear()}-${String(i * 7 + 11).padStart(3, '0')}`,
          contractStart: iso(contractStart), contractEnd: iso(contractEnd), owner: leaders.supplierManager.name,
          lastReviewAt: iso(i === expired ? MONTHS[4] + 9 * DAY : clampNow(NOW - rng.int(10, s.critical ? 150 : 320) * DAY)),
          performanceMet, critical: s.critical,
        },
        origin: { tool: 'canonical' },
      });
    });
  }

  // --- documents ---
  const docs = [];
  {
    const rng = stream('document');
    DOCUMENTS.forEach(([title, docType, covers], i) => {
      const id = `DOC-${String(i + 1).padStart(3, '0')}`;
      const stalePolicy = title === 'Information Security Policy';
      const draft = title === 'Service Management Objectives 2026' ? false : i === DOCUMENTS.length - 2;
      const openedAt = i === 4 ? workTime(rng, MONTHS[1], MONTHS[1] + 10 * DAY) : workTime(rng, START, START + 14 * DAY);
      const lastReviewAt = stalePolicy ? START - 170 * DAY + 10 * HOUR : clampNow(NOW - rng.int(10, 320) * DAY);
      const reviewedAt = Math.max(lastReviewAt, openedAt - 400 * DAY);
      const approvedAt = draft ? null : i === 4 ? openedAt + 8 * DAY : Math.min(reviewedAt, openedAt + 3 * DAY);
      const owner = docType === 'policy' ? (title.includes('Security') ? leaders.ciso : leaders.smsManager)
        : docType === 'plan' ? leaders.capacityManager : leaders.smsManager;
      const doc = { id, title, docType };
      docs.push(doc);
      emit(openedAt, {
        id, kind: 'document', number: id, title, state: draft ? 'draft' : 'active', assignee: owner.name,
        openedAt: iso(openedAt), updatedAt: iso(clampNow(Math.max(openedAt + DAY, lastReviewAt))),
        document: {
          docType, version: draft ? '0.3' : `${rng.int(1, 4)}.${rng.int(0, 3)}`, owner: owner.name,
          approvedBy: draft ? null : docType === 'policy' ? leaders.ceo.name : leaders.smsManager.name,
          approvedAt: approvedAt == null ? null : iso(approvedAt), lastReviewAt: draft ? null : iso(lastReviewAt),
          nextReviewAt: draft ? null : iso(addMonths(lastReviewAt, 12)),
          covers,
        },
        origin: { tool: 'canonical' },
      });
    });
  }
  const docByTitle = (title) => docs.find((d) => d.title === title);

  // --- changes (ServiceNow change_request) ---
  const changes = [];
  {
    const rng = stream('change_request');
    const times = Array.from({ length: counts.change_request }, () => ticketTime(rng)).sort((a, b) => a - b);
    const [flawReview, flawApproval, flawBackout, flawTest] = [rng.sampler(), rng.sampler(), rng.sampler(), rng.sampler()];
    times.forEach((t, i) => {
      const m = trend(t);
      const type = rng.weighted([['standard', 55], ['normal', 38], ['emergency', 7]]);
      const ti = type === 'standard' ? 0 : type === 'normal' ? 1 : 2;
      const tpl = rng.weighted(CHANGE_TEMPLATES.map((c) => [c, c[2][ti]]));
      const svc = pickService(rng);
      const ci = pickCi(rng, svc, t);
      const title = tpl[0].replace('{ci}', ci.name).replace('{svc}', svc.name);
      const risk = type === 'standard' ? rng.weighted([[4, 80], [3, 20]])
        : type === 'normal' ? rng.weighted([[3, 50], [2, 35], [4, 10], [1, 5]])
          : rng.weighted([[2, 60], [3, 30], [1, 10]]);
      const impact = risk <= 2 ? rng.weighted([[1, 30], [2, 70]]) : rng.weighted([[2, 40], [3, 60]]);
      const urgency = type === 'emergency' ? 1 : type === 'standard' ? 3 : rng.weighted([[2, 50], [3, 50]]);
      const priority = MATRIX[`${impact},${urgency}`];
      const lead = type === 'standard' ? rng.range(0.5, 3) * DAY : type === 'normal' ? rng.range(5, 14) * DAY : rng.range(1, 8) * HOUR;
      const windowLen = (type === 'normal' ? rng.range(2, 6) : rng.range(1, 3)) * HOUR;
      let startDate = t + lead;
      if (type !== 'emergency') {
        // maintenance windows start in the evening
        startDate = Math.floor(startDate / DAY) * DAY + rng.pick([18, 19, 20, 21]) * HOUR;
        if (startDate < t + HOUR) startDate += DAY;
      }
      const endDate = startDate + windowLen;
      const outcome = rng.weighted([['successful', 88], ['successful_issues', 8], ['unsuccessful', 4]]);
      // most changes keep their window; troubled ones and a few others start early or overrun
      const offWindow = outcome !== 'successful' ? rng.chance(0.5) : rng.chance(0.05 * m);
      const workStart = startDate + (offWindow && rng.chance(0.3) ? -rng.int(5, 30) : rng.int(0, 15)) * MIN;
      const workEnd = offWindow && workStart >= startDate ? endDate + rng.int(10, 90) * MIN : workStart + Math.round((endDate - workStart) * rng.range(0.5, 0.98));
      const wantsReview = type !== 'standard' || outcome !== 'successful';
      const reviewMissing = type === 'emergency' ? flawReview(Math.min(0.9, 0.45 * m)) : rng.chance(0.05 * m);
      const reviewDate = workEnd + rng.range(1, 7) * DAY;
      const closedAt = (wantsReview && !reviewMissing ? reviewDate : workEnd) + rng.range(0.2, 3) * DAY;
      const cancelled = rng.chance(0.03);
      let state;
      if (cancelled) state = 4;
      else if (NOW < t + 2 * HOUR) state = -5;
      else if (NOW < startDate) state = type === 'standard' ? -2 : NOW < t + (startDate - t) * 0.3 ? -4 : NOW < t + (startDate - t) * 0.6 ? -3 : -2;
      else if (NOW < workEnd) state = -1;
      else if (NOW < closedAt) state = 0;
      else state = 3;
      const implemented = state === -1 || state === 0 || state === 3;
      const approvalFlaw = type !== 'standard' && implemented && flawApproval(0.05 * m);
      let approval;
      if (cancelled) approval = rng.pick(['rejected', 'cancelled']);
      else if (type === 'standard') approval = 'approved';
      else if (state === -5 || state === -4) approval = 'not requested';
      else if (state === -3) approval = 'requested';
      else approval = approvalFlaw ? rng.weighted([['not requested', 60], ['requested', 40]]) : 'approved';
      const unauthorized = approvalFlaw && type === 'emergency';
      const noBackout = type !== 'standard' && flawBackout(0.15 * m);
      const noTest = type !== 'standard' && flawTest(0.1 * m);
      const group = tpl[1] === 'Network' ? 'Network' : ci.group;
      const assignee = agentOf(rng, group);
      const requester = type === 'standard' ? assignee : rng.chance(0.5) ? agentOf(rng, group) : svc.owner;
      const cancelAt = t + rng.range(1, 6) * DAY;
      const closed = state === 3 || state === 4;
      const closedTime = state === 3 ? closedAt : state === 4 ? Math.min(cancelAt, NOW - HOUR) : null;
      const updated = clampNow(closedTime ?? (state === -1 || state === 0 ? Math.min(NOW - 60, workStart + HOUR) : t + rng.range(0.1, 1) * (Math.min(NOW, startDate) - t)));
      const hasReview = wantsReview && !reviewMissing && (state === 3 || (state === 0 && NOW > reviewDate));
      const chg = {
        id: rng.hex32(), number: `CHG${String(30001 + i).padStart(7, '0')}`, t, type, svc, ci, state, outcome, workStart, workEnd,
        closedAt: closedTime, title,
      };
      changes.push(chg);
      const plansKnown = state !== -5;
      const implPlan = plansKnown ? `1. Announce the maintenance window to ${svc.customer.name}.\r\n2. Put ${ci.name} into maintenance mode in monitoring.\r\n3. ${title}.\r\n4. Remove maintenance mode and watch alerts for 30 minutes.` : '';
      const backout = plansKnown && !noBackout ? `Restore the snapshot of ${ci.name} taken before the change and restart the service; confirm with the service owner.` : '';
      const testPlan = plansKnown && !noTest ? `Run the ${svc.name} health checks and a smoke test of the main user journey; confirm no new alerts.` : '';
      const analysis = plansKnown ? `Impact limited to ${svc.name} during the window; ${RISK[risk].toLowerCase()} risk because ${rng.pick(['the change is routine', 'a restart is required', 'the component is shared', 'the vendor procedure is new'])}.` : '';
      const closeNotes = state === 3 ? { successful: 'Implemented as planned; verification passed.', successful_issues: 'Implemented with minor issues (overran the window by 20 minutes); no customer impact.', unsuccessful: 'Backed out after verification failed; follow-up change to be raised.' }[outcome] : state === 4 ? 'Change cancelled.' : '';
      const rec = new SnRecord()
        .v('sys_id', chg.id).v('number', chg.number).v('sys_class_name', 'change_request', 'Change Request')
        .v('short_description', title).v('description', `${title} (${type} change for ${svc.name}).`)
        .v('type', type, cap(type)).v('state', state, CHG_STATE[state]).v('phase', state <= -3 ? 'requested' : state === -2 ? 'plan' : state === -1 ? 'build' : 'accept', state <= -3 ? 'Requested' : state === -2 ? 'Plan' : state === -1 ? 'Build' : 'Accept')
        .v('risk', risk, RISK[risk]).v('impact', impact, IU_LABEL[impact]).v('urgency', urgency, IU_LABEL[urgency])
        .v('priority', priority, PRIORITY_LABEL[priority]).v('category', tpl[1])
        .r('business_service', 'cmdb_ci_service', svc).r('cmdb_ci', 'cmdb_ci', ci)
        .r('assignment_group', 'sys_user_group', groups[group]).r('assigned_to', 'sys_user', state === -5 ? null : assignee)
        .r('requested_by', 'sys_user', requester).r('opened_by', 'sys_user', requester)
        .v('opened_at', snTime(t)).v('sys_created_on', snTime(t)).v('sys_created_by', requester.userName)
        .v('sys_updated_on', snTime(updated)).v('sys_updated_by', closed ? assignee.userName : requester.userName)
        .v('sys_mod_count', rng.int(4, 30))
        .v('closed_at', closedTime ? snTime(closedTime) : '').v('active', closed ? 'false' : 'true')
        .v('approval', approval, APPROVAL_LABEL[approval])
        .v('close_code', state === 3 ? outcome : '', state === 3 ? { successful: 'Successful', successful_issues: 'Successful with issues', unsuccessful: 'Unsuccessful' }[outcome] : '')
        .v('close_notes', closeNotes)
        .v('implementation_plan', implPlan).v('backout_plan', backout).v('test_plan', testPlan).v('risk_impact_analysis', analysis)
        .v('justification', type === 'standard' ? '' : `Required for ${svc.name} stability and compliance.`)
        .v('start_date', snTime(startDate)).v('end_date', snTime(endDate))
        .v('work_start', implemented ? snTime(workStart) : '').v('work_end', state === 0 || state === 3 ? snTime(workEnd) : '')
        .v('review_date', hasReview ? snTime(reviewDate) : '')
        .v('review_comments', hasReview ? rng.pick(['PIR held; objectives met.', 'PIR held; lessons learned added to the knowledge base.', 'PIR held with the service owner; no further actions.']) : '')
        .v('cab_required', type === 'emergency' || (type === 'normal' && risk <= 3) ? 'true' : 'false')
        .v('cab_date', type === 'normal' && risk <= 3 ? snTime(Math.floor((startDate - 2 * DAY) / DAY) * DAY + 14 * HOUR) : '')
        .v('unauthorized', unauthorized ? 'true' : 'false').v('on_hold', 'false')
        .v('reassignment_count', rng.weighted([[0, 70], [1, 25], [2, 5]]));
      chg.rec = rec;
    });
  }

  // --- problems (ServiceNow problem) ---
  const problems = [];
  {
    const rng = stream('problem');
    const times = Array.from({ length: counts.problem }, () => ticketTime(rng)).sort((a, b) => a - b);
    const [flawCause, flawWorkaround] = [rng.sampler(), rng.sampler()];
    times.forEach((t, i) => {
      const m = trend(t);
      const svc = pickService(rng);
      const ci = pickCi(rng, svc, t);
      const cause = rng.pick(PROBLEM_CAUSES).replace('{svc}', svc.name).replace('{ci}', ci.name);
      const title = rng.pick([`Recurring outages of ${svc.name}`, `Intermittent slowness of ${svc.name}`, `Repeated failures on ${ci.name}`,
        `${svc.name}: repeated login errors`, `Recurring alerts on ${ci.name}`, `${svc.name}で障害が繰り返し発生`]);
      const impact = rng.weighted([[1, 20], [2, 55], [3, 25]]);
      const urgency = rng.weighted([[1, 15], [2, 55], [3, 30]]);
      const priority = MATRIX[`${impact},${urgency}`];
      const dur = rng.lognormal(30, 0.8) * DAY;
      const resolvedAt = t + dur;
      const closedAt = resolvedAt + rng.range(3, 20) * DAY;
      const knownErrorAt = t + dur * rng.range(0.2, 0.6);
      let state;
      if (resolvedAt < NOW) state = closedAt < NOW ? 107 : 106;
      else {
        const f = (NOW - t) / dur;
        state = f < 0.05 ? 101 : f < 0.2 ? 102 : f < 0.6 ? 103 : 104;
      }
      const knownError = (state >= 104 || (state === 103 && knownErrorAt < NOW)) && rng.chance(0.55);
      const resolutionCode = state >= 106 ? rng.weighted([['fix_applied', 72], ['risk_accepted', 14], ['duplicate', 4], ['canceled', 10]]) : '';
      const causeKnown = state >= 104 || (state >= 106 && resolutionCode !== 'canceled');
      const noCause = state >= 106 && flawCause(0.2 * m);
      const noWorkaround = knownError && flawWorkaround(0.15 * m);
      const group = rng.chance(0.6) ? ci.group : svc.group;
      const assignee = agentOf(rng, group);
      const prb = { id: rng.hex32(), number: `PRB${String(40001 + i).padStart(7, '0')}`, t, svc, ci, state, knownError, resolvedAt, rfc: null, first: null,
        category: rng.pick(['software', 'hardware', 'network', 'database']) };
      problems.push(prb);
      const closed = state === 107;
      const updated = clampNow(closed ? closedAt : state === 106 ? resolvedAt + HOUR : t + (NOW - t) * rng.range(0.3, 0.95));
      prb.build = () => new SnRecord()
        .v('sys_id', prb.id).v('number', prb.number).v('sys_class_name', 'problem', 'Problem')
        .v('short_description', title).v('description', `${title}. Linked incidents show a recurring pattern.`)
        .v('state', state, PRB_STATE[state]).v('priority', priority, PRIORITY_LABEL[priority])
        .v('impact', impact, IU_LABEL[impact]).v('urgency', urgency, IU_LABEL[urgency])
        .v('category', prb.category, cap(prb.category))
        .r('business_service', 'cmdb_ci_service', svc).r('cmdb_ci', 'cmdb_ci', ci)
        .r('assignment_group', 'sys_user_group', groups[group]).r('assigned_to', 'sys_user', state === 101 ? null : assignee)
        .r('opened_by', 'sys_user', leaders.problemManager)
        .v('opened_at', snTime(t)).v('sys_created_on', snTime(t)).v('sys_created_by', leaders.problemManager.userName)
        .v('sys_updated_on', snTime(updated)).v('sys_updated_by', assignee.userName).v('sys_mod_count', rng.int(3, 40))
        .v('resolved_at', state >= 106 ? snTime(resolvedAt) : '').v('closed_at', closed ? snTime(closedAt) : '')
        .v('active', closed ? 'false' : 'true').v('approval', 'not requested', 'Not Yet Requested')
        .v('known_error', knownError ? 'true' : 'false')
        .v('cause_notes', causeKnown && !noCause ? cause : '')
        .v('workaround', knownError && !noWorkaround ? rng.pick(PROBLEM_WORKAROUNDS) : '')
        .v('fix_notes', state >= 106 && resolutionCode === 'fix_applied' ? (prb.rfc ? `Fixed by ${prb.rfc.number}.` : 'Configuration corrected and monitored for two weeks.') : '')
        .v('resolution_code', resolutionCode, resolutionCode ? { fix_applied: 'Fix Applied', risk_accepted: 'Risk Accepted', duplicate: 'Duplicate', canceled: 'Canceled' }[resolutionCode] : '')
        .r('rfc', 'change_request', prb.rfc ? { id: prb.rfc.id, name: prb.rfc.number } : null)
        .r('first_reported_by_task', 'task', prb.first ? { id: prb.first.id, name: prb.first.number } : null)
        .v('reassignment_count', rng.weighted([[0, 60], [1, 30], [2, 10]]));
      // problem -> fixing change: a normal/emergency change opened after the problem, same service preferred
      if (state >= 104 && rng.chance(0.45)) {
        const after = changes.filter((c) => c.type !== 'standard' && c.t > t && c.t < t + 90 * DAY && c.state !== 4);
        const same = after.filter((c) => c.svc === svc);
        const pool = same.length ? same : after;
        if (pool.length) prb.rfc = pool[0];
      }
    });
  }

  // --- incidents (ServiceNow incident) ---
  const incidents = [];
  {
    const rng = stream('incident');
    const n = counts.incident;
    const times = Array.from({ length: n }, () => ticketTime(rng)).sort((a, b) => a - b);
    const majorCount = Math.max(1, Math.round(n * 0.01));
    const majors = new Set(rng.shuffle([...Array(n).keys()]).slice(0, majorCount));
    const catPairs = Object.entries(INC_CATEGORIES).map(([k, v]) => [k, v.weight]);
    const [flawPriority, flawBreach, flawClose, flawCategory] = [rng.sampler(), rng.sampler(), rng.sampler(), rng.sampler()];
    times.forEach((t, i) => {
      const m = trend(t);
      const major = majors.has(i);
      const svc = major ? rng.weighted(services.map((s) => [s, s.weight * (s.customer.code === 'GRP' ? 1 : 2)])) : pickService(rng);
      let category = rng.weighted(catPairs);
      if (major && (category === 'inquiry' || category === 'hardware')) category = 'software';
      const cat = INC_CATEGORIES[category];
      const ci = rng.chance(major ? 0.95 : 0.78) ? pickCi(rng, svc, t) : null;
      const japanese = !major && rng.chance(0.03);
      let title = major ? rng.pick(['{svc} outage – all users affected', 'Major: {svc} unavailable', '{svc} down after failed failover'])
        : japanese ? rng.pick(JA_INC_TITLES) : rng.pick(cat.titles);
      title = title.replace('{svc}', svc.name).replace('{ci}', ci ? ci.name : svc.name);
      let impact;
      let urgency;
      if (major) {
        impact = 1;
        urgency = 1;
      } else {
        impact = rng.weighted([[1, 5], [2, 30], [3, 65]]);
        urgency = rng.weighted([[1, 8], [2, 62], [3, 30]]);
      }
      const expected = MATRIX[`${impact},${urgency}`];
      let priority = expected;
      const priorityFlaw = !major && flawPriority(0.07 * m);
      if (priorityFlaw) priority = expected === 5 ? 4 : expected === 1 ? 2 : expected + rng.pick([-1, 1]);
      const target = TARGET_HOURS[priority] * HOUR;
      const breach = flawBreach(0.125 * m);
      // a fifth of the breaches are the aged backlog: waiting weeks for a vendor, a change or the caller
      const aged = breach && rng.chance(0.2);
      const dur = Math.round(aged ? target + rng.lognormal(21 * DAY, 1.1) : breach ? target * (1.03 + rng.expo(0.9)) : target * Math.min(0.97, 0.04 + rng.lognormal(0.3, 0.7)));
      const cancelled = !major && rng.chance(0.02);
      const resolvedAt = t + dur;
      const closedAt = resolvedAt + 3 * DAY + rng.int(0, 4 * HOUR);
      let state;
      if (cancelled) state = 8;
      else if (resolvedAt >= NOW) state = NOW - t < 2 * HOUR ? 1 : rng.chance(aged ? 0.6 : 0.2) ? 3 : 2;
      else state = closedAt < NOW ? 7 : 6;
      const done = state === 6 || state === 7;
      const group = category === 'software' ? (svc.abbr === 'sap' ? 'SAP Basis' : svc.abbr === 'mail' ? 'Messaging & Collaboration' : rng.chance(0.5) ? svc.group : 'Software')
        : category === 'inquiry' ? (rng.chance(0.7) ? 'Service Desk' : svc.group) : cat.group;
      const assignee = state === 1 && rng.chance(0.6) ? null : agentOf(rng, group);
      const caller = rng.pick(callers);
      const contact = major ? 'monitoring' : rng.weighted([['phone', 30], ['email', 25], ['self-service', 30], ['walk-in', 5], ['virtual_agent', 6], ['monitoring', ci ? 8 : 0]]);
      const opener = contact === 'self-service' || contact === 'virtual_agent' ? caller : contact === 'monitoring' ? system : agentOf(rng, 'Service Desk');
      const closedTime = state === 7 ? closedAt : state === 8 ? Math.min(NOW - 60, t + rng.int(10 * MIN, 30 * HOUR)) : null;
      const inc = {
        id: rng.hex32(), number: `INC${String(10001 + i).padStart(7, '0')}`, t, svc, ci, state, priority, impact, urgency, expected,
        breach: dur > target, resolvedAt: done ? resolvedAt : null, closedAt: closedTime, caller, major, category, title, target,
      };
      // links to problems and changes
      let problem = null;
      if (major ? rng.chance(0.9) : rng.chance(0.09)) {
        const near = problems.filter((p) => p.t > t - 120 * DAY && p.t < t + 10 * DAY);
        const same = near.filter((p) => p.svc === svc);
        const pool = same.length ? same : near;
        if (pool.length) problem = rng.pick(pool);
      }
      let rfc = null;
      if (done && rng.chance(problem && problem.rfc ? 0.5 : 0.025)) {
        if (problem && problem.rfc) rfc = problem.rfc;
        else {
          const after = changes.filter((c) => c.t > t && c.t < t + 21 * DAY && c.state !== 4);
          const same = after.filter((c) => c.svc === svc);
          const pool = same.length ? same : after;
          if (pool.length) rfc = pool[0];
        }
      }
      let causedBy = null;
      if (rng.chance(major ? 0.4 : 0.015)) {
        const before = changes.filter((c) => c.workEnd && c.workEnd < t && c.workEnd > t - 72 * HOUR && (c.state === 3 || c.state === 0));
        const same = before.filter((c) => c.svc === svc);
        const pool = same.length ? same : before;
        if (pool.length) causedBy = pool[pool.length - 1];
      }
      inc.problem = problem;
      if (problem && (!problem.first || problem.first.t > t) && t < problem.t + DAY) problem.first = inc;
      // resolution details and their flaws
      let closeCode = '';
      let closeNotes = '';
      if (done) {
        closeCode = rfc ? 'Resolved by change' : problem && problem.knownError ? rng.pick(['Workaround provided', 'Known error'])
          : category === 'inquiry' ? rng.pick(['Solution provided', 'User error']) : rng.weighted([['Solution provided', 60], ['Workaround provided', 15], ['Resolved by caller', 10], ['User error', 5], ['Duplicate', 3], ['Resolved by problem', problem ? 20 : 0]]);
        closeNotes = rfc ? `Resolved by ${rfc.number}.` : problem && problem.knownError ? `Applied the workaround from ${problem.number}.` : rng.pick(CLOSE_NOTES);
        if (flawClose(0.04 * m)) {
          const which = rng.weighted([['code', 40], ['notes', 40], ['both', 20]]);
          if (which !== 'notes') closeCode = '';
          if (which !== 'code') closeNotes = '';
        }
      }
      const noCategory = flawCategory(0.03 * m);
      const holdReason = state === 3 ? (problem ? 3 : rfc ? 5 : rng.pick([1, 1, 4])) : '';
      const reopen = done ? rng.weighted([[0, 93], [1, 6], [2, 1]]) : 0;
      const updated = clampNow(closedTime ?? (state === 6 ? resolvedAt + rng.int(60, 2 * HOUR) : t + Math.max(60, (NOW - t) * rng.range(0.05, 0.9))));
      const majorState = major ? (i % 10 === 3 ? 'rejected' : 'accepted') : '';
      const sub = noCategory ? '' : rng.pick(cat.subs);
      const rec = new SnRecord()
        .v('sys_id', inc.id).v('number', inc.number).v('sys_class_name', 'incident', 'Incident')
        .v('short_description', title).v('description', japanese ? `${title}。至急対応をお願いします。` : `${title}. Reported via ${CONTACT[contact].toLowerCase()}.`)
        .v('state', state, INC_STATE[state]).v('incident_state', state, INC_STATE[state])
        .v('hold_reason', holdReason, holdReason ? HOLD_REASON[holdReason] : '')
        .v('priority', priority, PRIORITY_LABEL[priority]).v('impact', impact, IU_LABEL[impact]).v('urgency', urgency, IU_LABEL[urgency])
        .v('severity', 3, '3 - Low')
        .v('category', noCategory ? '' : category, noCategory ? '' : cap(category)).v('subcategory', sub, cap(sub))
        .v('contact_type', contact, CONTACT[contact])
        .r('business_service', 'cmdb_ci_service', rng.chance(0.88) || major ? svc : null).r('cmdb_ci', 'cmdb_ci', ci)
        .r('assignment_group', 'sys_user_group', groups[group]).r('assigned_to', 'sys_user', assignee)
        .r('caller_id', 'sys_user', caller).r('opened_by', 'sys_user', opener)
        .v('opened_at', snTime(t)).v('sys_created_on', snTime(t)).v('sys_created_by', opener.userName)
        .v('sys_updated_on', snTime(updated)).v('sys_updated_by', assignee ? assignee.userName : opener.userName)
        .v('sys_mod_count', rng.int(2, 25))
        .v('resolved_at', done ? snTime(resolvedAt) : '').r('resolved_by', 'sys_user', done ? assignee : null)
        .v('closed_at', closedTime ? snTime(closedTime) : '').r('closed_by', 'sys_user', state === 7 ? system : state === 8 ? assignee || opener : null)
        .v('active', state === 7 || state === 8 ? 'false' : 'true').v('approval', 'not requested', 'Not Yet Requested')
        .v('close_code', closeCode).v('close_notes', closeNotes)
        .v('reopen_count', reopen).v('reassignment_count', rng.weighted([[0, 45], [1, 30], [2, 15], [3, 6], [4, 3], [5, 1]]))
        .v('escalation', 0, 'Normal').v('made_sla', done ? String(!inc.breach) : state === 8 ? 'true' : String(NOW - t <= target))
        .r('problem_id', 'problem', problem ? { id: problem.id, name: problem.number } : null)
        .r('rfc', 'change_request', rfc ? { id: rfc.id, name: rfc.number } : null)
        .r('caused_by', 'change_request', causedBy ? { id: causedBy.id, name: causedBy.number } : null)
        .r('parent_incident', 'incident', null)
        .v('major_incident_state', majorState, cap(majorState));
      inc.rec = rec;
      incidents.push(inc);
    });
  }

  // --- reactive problems: the incident that revealed them (first_reported_by_task, and its problem_id) ---
  {
    const rng = stream('problem-link');
    for (const prb of problems) {
      if (prb.first || !rng.chance(0.85)) continue; // the rest are proactive problems
      const before = incidents.filter((x) => x.svc === prb.svc && x.t <= prb.t && x.t > prb.t - 21 * DAY && x.state !== 8);
      const free = before.filter((x) => !x.problem);
      const inc = (free.length ? free : before).at(-1);
      if (!inc) continue;
      prb.first = inc;
      if (!inc.problem) {
        inc.problem = prb;
        inc.rec.setRef('problem_id', { id: prb.id, name: prb.number });
      }
    }
  }

  // --- requested items (ServiceNow sc_req_item) ---
  const ritms = [];
  {
    const rng = stream('sc_req_item');
    // Requests (REQ) carry 1-3 items ordered together; items are numbered in order.
    const slots = [];
    let reqNo = 10001;
    while (slots.length < counts.sc_req_item) {
      const t0 = ticketTime(rng);
      const req = { id: rng.hex32(), number: '', t: t0, for: rng.pick(callers) };
      const k = Math.min(counts.sc_req_item - slots.length, rng.weighted([[1, 85], [2, 10], [3, 5]]));
      for (let j = 0; j < k; j++) slots.push([Math.min(NOW - HOUR, t0 + j), req]);
    }
    slots.sort((a, b) => a[0] - b[0]);
    const flawBreach = rng.sampler();
    for (const [, req] of slots) if (!req.number) req.number = `REQ${String(reqNo++).padStart(7, '0')}`;
    slots.forEach(([t, currentReq], i) => {
      const m = trend(t);
      const item = rng.weighted(CAT_ITEMS.map((c) => [c, c[6]]));
      const [itemName, group, abbr, needsApproval, median] = item;
      const svc = serviceByAbbr[abbr];
      const requestedFor = currentReq.for;
      const urgency = rng.chance(0.12) ? 1 : 2;
      const impact = 3;
      const priority = MATRIX[`${impact},${urgency}`];
      const target = TARGET_HOURS[priority] * HOUR;
      const approvalDur = needsApproval ? rng.lognormal(5 * HOUR, 0.9) : 0;
      const rejected = needsApproval && rng.chance(0.05);
      const breach = flawBreach(0.125 * m);
      const aged = breach && rng.chance(0.2);
      const dur = Math.round(aged ? target + rng.lognormal(10 * DAY, 0.9) : breach ? target * (1.03 + rng.expo(0.6)) : Math.min(target * 0.97, approvalDur + rng.lognormal(median * HOUR * 0.6, 0.6)));
      const closedAt = rejected ? t + approvalDur : t + dur;
      const other = !rejected && rng.chance(0.02) ? rng.weighted([[4, 75], [7, 25]]) : null;
      let state;
      let stage;
      let approval = needsApproval ? 'approved' : 'not requested';
      if (rejected && closedAt < NOW) {
        state = 4;
        stage = 'Request Cancelled';
        approval = 'rejected';
      } else if (needsApproval && t + approvalDur >= NOW) {
        state = 1;
        stage = 'waiting_for_approval';
        approval = 'requested';
      } else if (closedAt >= NOW) {
        state = aged && rng.chance(0.3) ? -5 : 2;
        stage = 'fulfillment';
      } else if (other) {
        state = other;
        stage = 'Request Cancelled';
      } else {
        state = 3;
        stage = 'complete';
      }
      const closed = state === 3 || state === 4 || state === 7;
      const fulfiller = agentOf(rng, group);
      const assigned = state === 1 ? null : fulfiller;
      const japanese = rng.chance(0.02);
      const title = japanese ? `${itemName} の申請` : itemName;
      const updated = clampNow(closed ? closedAt : t + Math.max(60, (NOW - t) * rng.range(0.1, 0.9)));
      const ritm = { id: rng.hex32(), number: `RITM${String(10001 + i).padStart(7, '0')}`, t, state, priority, target, closedAt: closed ? closedAt : null, caller: requestedFor, svc, breach: dur > target, rejected: state === 4 && approval === 'rejected', cancelled: state === 4 || state === 7, title };
      ritm.rec = new SnRecord()
        .v('sys_id', ritm.id).v('number', ritm.number).v('sys_class_name', 'sc_req_item', 'Requested Item')
        .v('short_description', title).v('description', `${itemName} requested for ${requestedFor.name}.`)
        .v('state', state, RITM_STATE[state]).v('stage', stage, RITM_STAGE[stage])
        .v('priority', priority, PRIORITY_LABEL[priority]).v('impact', impact, IU_LABEL[impact]).v('urgency', urgency, IU_LABEL[urgency])
        .r('cat_item', 'sc_cat_item', catRefs[item[0]]).r('request', 'sc_request', { id: currentReq.id, name: currentReq.number })
        .r('requested_for', 'sys_user', requestedFor).r('opened_by', 'sys_user', requestedFor)
        .r('business_service', 'cmdb_ci_service', svc)
        .r('assignment_group', 'sys_user_group', groups[group]).r('assigned_to', 'sys_user', assigned)
        .v('opened_at', snTime(t)).v('sys_created_on', snTime(t)).v('sys_created_by', requestedFor.userName)
        .v('sys_updated_on', snTime(updated)).v('sys_updated_by', assigned ? assigned.userName : 'system').v('sys_mod_count', rng.int(3, 18))
        .v('due_date', snTime(t + target)).v('estimated_delivery', dateOnly(t + Math.max(DAY, median * HOUR * 1.5)) + ' 17:00:00')
        .v('closed_at', closed ? snTime(closedAt) : '').r('closed_by', 'sys_user', closed ? (approval === 'rejected' ? system : fulfiller) : null)
        .v('active', closed ? 'false' : 'true').v('approval', approval, APPROVAL_LABEL[approval])
        .v('close_notes', state === 3 ? rng.pick(['Delivered and confirmed with the requester.', 'Access granted; requester notified.', 'Installed and tested.', 'Fulfilled as requested.']) : state === 4 && approval === 'rejected' ? 'Rejected by the approver.' : state === 4 ? 'Requester withdrew the request.' : state === 7 ? 'Skipped: duplicate of an earlier request.' : '')
        .v('quantity', 1).v('price', item[5]).v('backordered', state === -5 ? 'true' : 'false')
        .v('reassignment_count', rng.weighted([[0, 75], [1, 20], [2, 5]]))
        .v('contact_type', 'self-service', 'Self-service').v('order_guide', '');
      ritms.push(ritm);
    });
  }

  // --- task_sla rows for a sample of incidents and requested items ---
  const slaRows = [];
  {
    const rng = stream('task_sla');
    const pool = rng.shuffle([...incidents.map((x) => ['incident', x]), ...ritms.map((x) => ['sc_req_item', x])]);
    const chosen = pool.slice(0, Math.min(pool.length, counts.task_sla));
    chosen.sort((a, b) => a[1].t - b[1].t || (a[1].number < b[1].number ? -1 : 1));
    for (const [table, task] of chosen) {
      const def = slaDefs[task.priority];
      const target = def.hours * HOUR;
      const start = task.t;
      const planned = start + target;
      let stage;
      let end = null;
      if (table === 'incident') {
        if (task.state === 8) {
          stage = 'cancelled';
          end = task.closedAt;
        } else if (task.resolvedAt) {
          stage = 'completed';
          end = task.resolvedAt;
        } else stage = task.state === 3 ? 'paused' : 'in_progress';
      } else if (task.cancelled) {
        stage = 'cancelled';
        end = task.closedAt;
      } else if (task.closedAt) {
        stage = 'completed';
        end = task.closedAt;
      } else stage = 'in_progress';
      const stopAt = end ?? NOW;
      const elapsed = stopAt - start;
      const paused = stage === 'paused' ? Math.min(elapsed * 0.5, rng.int(HOUR, 2 * DAY)) : 0;
      const effective = elapsed - paused;
      const breached = stage !== 'cancelled' && effective > target;
      const pct = ((effective / target) * 100).toFixed(2);
      const active = stage === 'in_progress' || stage === 'paused';
      const row = {
        id: rng.hex32(), t: start, task, table, def, stage, breached,
      };
      const updated = clampNow(end ?? (active ? NOW - rng.int(60, 6 * HOUR) : stopAt));
      row.rec = new SnRecord()
        .v('sys_id', row.id).v('sys_class_name', 'task_sla', 'Task SLA')
        .r('task', 'task', { id: task.id, name: task.number }).r('sla', 'contract_sla', { id: def.id, name: def.name })
        .v('stage', stage, SLA_STAGE_LABEL[stage]).v('has_breached', breached ? 'true' : 'false')
        .v('active', active ? 'true' : 'false')
        .v('start_time', snTime(start)).v('end_time', end ? snTime(end) : '')
        .v('planned_end_time', snTime(planned + paused)).v('original_breach_time', snTime(planned))
        .v('pause_duration', snDuration(paused)).v('pause_time', stage === 'paused' ? snTime(NOW - paused) : '')
        .v('duration', snDuration(effective)).v('business_duration', snDuration(effective))
        .v('percentage', pct).v('business_percentage', pct)
        .v('time_left', active ? snDuration(Math.max(0, target - effective)) : '').v('business_time_left', active ? snDuration(Math.max(0, target - effective)) : '')
        .r('schedule', 'cmn_schedule', { id: 'bd6d74b2c3fc72009113c36b0f40dd3d', name: '24 x 7' }).v('timezone', 'UTC')
        .v('sys_created_on', snTime(start)).v('sys_created_by', 'system')
        .v('sys_updated_on', snTime(Math.max(start, updated))).v('sys_updated_by', 'system').v('sys_mod_count', rng.int(1, 12));
      slaRows.push(row);
    }
  }

  // --- emit the ServiceNow records (15 % in the display_value=all shape) ---
  {
    const rng = stream('shape');
    for (const p of problems) p.rec = p.build();
    const all = [
      ...changes.map((x) => [x.t, x.rec]), ...problems.map((x) => [x.t, x.rec]), ...incidents.map((x) => [x.t, x.rec]),
      ...ritms.map((x) => [x.t, x.rec]), ...slaRows.map((x) => [x.t, x.rec]),
    ];
    for (const [t, rec] of all) emit(t, rec.render(rng.chance(0.15)));
  }

  // --- releases (canonical) ---
  {
    const rng = stream('release');
    const n = counts.release;
    const appServices = services.filter((s) => ['portal', 'shop', 'sap', 'crm', 'fleet', 'hr', 'pay', 'dwh', 'mail', 'iam'].includes(s.abbr));
    const perService = {};
    const times = Array.from({ length: n }, () => ticketTime(rng)).sort((a, b) => a - b);
    times.forEach((t, i) => {
      const svc = rng.pick(appServices);
      perService[svc.abbr] = (perService[svc.abbr] || 0) + 1;
      const relType = rng.weighted([['minor', 55], ['major', 15], ['patch', 25], ['emergency', 5]]);
      // releases are planned inside the period (the export holds no release scheduled after it)
      const plannedAt = Math.min(t + (relType === 'emergency' ? rng.range(0.2, 2) : rng.range(12, 35)) * DAY, Math.max(t + 2 * HOUR, NOW - rng.range(0.3, 2) * DAY));
      const deployedAt = plannedAt + rng.int(-1, 2) * DAY + rng.int(0, 3 * HOUR);
      const candidates = changes.filter((c) => c.type !== 'emergency' && c.t >= t - 20 * DAY && c.t <= plannedAt && c.state !== 4);
      const same = candidates.filter((c) => c.svc === svc);
      let linked = rng.shuffle(same.length >= 2 ? same : candidates).slice(0, rng.int(2, 6));
      if (!linked.length) linked = [changes[Math.min(changes.length - 1, Math.floor((i / n) * changes.length))]];
      linked.sort((a, b) => a.t - b.t);
      const noAcceptance = rng.chance(0.06);
      const noBackout = rng.chance(0.05);
      const outcome = rng.weighted([['successful', 85], ['successful_with_issues', 10], ['unsuccessful', 5]]);
      const cancelled = rng.chance(0.03);
      let state;
      if (cancelled) state = 'cancelled';
      else if (deployedAt + 5 * DAY < NOW) state = 'closed';
      else if (deployedAt < NOW) state = 'resolved';
      else if (t + 2 * DAY < NOW) state = 'in_progress';
      else state = 'new';
      const deployed = state === 'closed' || state === 'resolved';
      const reviewAt = state === 'closed' && (relType === 'major' || (outcome !== 'successful' && rng.chance(0.7))) ? deployedAt + rng.range(3, 5) * DAY : null;
      const version = `${new Date(plannedAt * 1000).getUTCFullYear()}.${perService[svc.abbr]}`;
      const approvalAt = Math.min(NOW - HOUR, plannedAt - rng.range(1, 5) * DAY);
      const id = `REL-${String(i + 1).padStart(4, '0')}`;
      emit(t, {
        id, kind: 'release', number: `RLSE${String(1001 + i).padStart(7, '0')}`,
        title: `${svc.name} ${version} (${relType} release)`, state, service: svc.id, assignmentGroup: svc.group,
        assignee: agentOf(rng, svc.group).name, requester: svc.owner.name, openedAt: iso(t),
        updatedAt: iso(clampNow(deployed ? Math.min(NOW - 60, deployedAt + 5 * DAY) : t + DAY)),
        resolvedAt: deployed ? iso(deployedAt) : null, closedAt: state === 'closed' ? iso(Math.min(NOW - 60, deployedAt + 5 * DAY)) : state === 'cancelled' ? iso(t + 3 * DAY) : null,
        approval: state === 'new' || state === 'cancelled' ? 'requested' : 'approved',
        approvals: state === 'new' || state === 'cancelled' ? [] : [{ state: 'approved', approver: leaders.changeManager.name, group: cab.name, at: iso(Math.max(t + HOUR, approvalAt)) }],
        links: [
          ...linked.map((c) => ({ rel: 'change', target: c.id, targetKind: 'change' })),
          { rel: 'service', target: svc.id, targetKind: 'service' },
        ],
        release: {
          releaseType: relType, plannedAt: iso(plannedAt), deployedAt: deployed ? iso(deployedAt) : null,
          testPlan: `Regression suite for ${svc.name} plus user acceptance test with ${svc.customer.name}.`,
          acceptedAt: deployed && !noAcceptance ? iso(deployedAt - rng.range(0.5, 3) * DAY) : null,
          backoutPlan: noBackout ? null : `Redeploy the previous ${svc.name} build from the artefact repository.`,
          outcome: deployed ? outcome : null, reviewAt: reviewAt ? iso(Math.min(NOW - 60, reviewAt)) : null,
          reviewNotes: reviewAt ? 'Release review held; deployment checklist updated.' : null,
        },
        origin: { tool: 'canonical' },
      });
    });
  }

  // --- SLA measurements (one per agreement and month) ---
  const measurements = [];
  {
    const rng = stream('sla_measurement');
    for (let k = 0; k < 12; k++) {
      const periodStart = MONTHS[k];
      const periodEnd = MONTHS[k + 1] - 1;
      const m = trendOfMonth(k);
      services.forEach((svc, si) => {
        const [metric, target] = svc.metric;
        const miss = rng.chance(0.1 * m);
        const headroom = 100 - target;
        let actual;
        if (target >= 99) actual = miss ? target - rng.range(0.05, 0.6) : Math.min(100, target + rng.range(0, headroom));
        else actual = miss ? target - rng.range(0.5, 8) : Math.min(100, target + rng.range(0, headroom));
        actual = Math.round(actual * 100) / 100;
        const met = actual >= target;
        const id = `MEAS-${dateOnly(periodStart).slice(0, 7)}-${String(si + 1).padStart(2, '0')}`;
        const rec = {
          id, kind: 'sla_measurement', title: `${metric} – ${svc.name} – ${monthLabel(periodStart)}`, state: 'closed',
          service: svc.id, openedAt: iso(periodStart), updatedAt: iso(clampNow(periodEnd + 2 * DAY)), closedAt: iso(periodEnd),
          links: [{ rel: 'sla', target: svc.agreement, targetKind: 'sla' }, { rel: 'measures', target: svc.id, targetKind: 'service' }],
          measurement: { metric, target, actual, met, periodStart: iso(periodStart), periodEnd: iso(periodEnd), stage: 'completed' },
          origin: { tool: 'canonical' },
        };
        measurements.push({ id, t: periodStart, met, svc, rec });
        emit(periodStart, rec);
      });
    }
  }

  // --- service reports (monthly per key customer; the last month's reports are still being drafted) ---
  {
    const rng = stream('service_report');
    const flawLate = rng.sampler();
    for (let k = 0; k < 12; k++) {
      const periodStart = MONTHS[k];
      const periodEnd = MONTHS[k + 1] - 1;
      const m = trendOfMonth(k);
      for (const cust of CUSTOMERS) {
        const late = flawLate(0.13 * m);
        const issuedAt = periodEnd + (late ? rng.range(10.5, 19) : rng.range(2, 8.5)) * DAY;
        const issued = issuedAt < NOW;
        const openedAt = issued ? periodEnd + 1 + rng.int(0, 12 * HOUR) : periodEnd - rng.range(2, 4) * DAY;
        const id = `SRPT-${dateOnly(periodStart).slice(0, 7)}-${cust.code}`;
        const custServices = services.filter((s) => s.customer === cust);
        emit(openedAt, {
          id, kind: 'service_report', title: `Monthly service report – ${cust.name} – ${monthLabel(periodStart)}`, state: issued ? 'closed' : 'in_progress',
          assignee: leaders.slm.name, requester: cust.name, openedAt: iso(openedAt), updatedAt: iso(clampNow(issued ? issuedAt + DAY : openedAt + DAY)),
          closedAt: issued ? iso(issuedAt) : null,
          links: custServices.map((s) => ({ rel: 'service', target: s.id, targetKind: 'service' })),
          report: {
            periodStart: iso(periodStart), periodEnd: iso(periodEnd), issuedAt: issued ? iso(issuedAt) : null, audience: cust.audience,
            coversTargets: !(k < 3 && rng.chance(0.25)), reviewedWithCustomer: issued ? rng.chance(k < 4 ? 0.7 : 0.9) : null,
          },
          origin: { tool: 'canonical' },
        });
      }
    }
  }

  // --- capacity reviews (monthly, covering the previous month) ---
  {
    const rng = stream('capacity_review');
    for (let k = 0; k < 12; k++) {
      const periodEnd = MONTHS[k] - 1;
      const heldAt = workTime(rng, periodEnd + 3 * DAY, periodEnd + 12 * DAY);
      const peak = Math.round(rng.range(58, 93) * 10) / 10;
      const threshold = 80;
      const actions = peak > threshold ? rng.int(1, 3) : rng.chance(0.3) ? 1 : 0;
      const openedAt = periodEnd + 1 + rng.int(0, 6 * HOUR);
      emit(openedAt, {
        id: `CAP-${dateOnly(periodEnd).slice(0, 7)}`, kind: 'capacity_review', title: `Monthly capacity review – ${monthLabel(periodEnd)}`,
        state: 'closed', assignee: leaders.capacityManager.name, openedAt: iso(openedAt), updatedAt: iso(heldAt + 2 * DAY), closedAt: iso(heldAt + DAY),
        capacity: { periodEnd: iso(periodEnd), heldAt: iso(heldAt), peakUtilisation: peak, threshold, forecastIncluded: k >= 2 || rng.chance(0.3), actionCount: actions },
        origin: { tool: 'canonical' },
      });
    }
  }

  // --- continuity and availability tests ---
  {
    const rng = stream('continuity_test');
    const n = FIXED.continuity_test;
    const failedIndex = 3;
    for (let i = 0; i < n; i++) {
      const testType = i % 2 === 0 ? 'continuity' : 'availability';
      const plan = docByTitle(testType === 'continuity' ? 'Service Continuity Plan' : 'Availability Management Plan');
      const plannedAt = workTime(rng, START + (i + 1) * 40 * DAY, START + (i + 1) * 40 * DAY + 5 * DAY);
      const svc = services[(i * 4 + 1) % services.length];
      const performed = plannedAt < NOW;
      const failed = i === failedIndex;
      const issues = i === 5;
      const outcome = failed ? 'unsuccessful' : issues ? 'successful_with_issues' : 'successful';
      const openedAt = plannedAt - 21 * DAY;
      emit(openedAt, {
        id: `BCT-${String(i + 1).padStart(2, '0')}`, kind: 'continuity_test',
        title: `${testType === 'continuity' ? 'Continuity (DR failover)' : 'Availability (failover)'} test – ${svc.name}`,
        state: performed ? 'closed' : 'new', service: svc.id, assignee: leaders.capacityManager.name,
        openedAt: iso(openedAt), updatedAt: iso(clampNow(plannedAt + 5 * DAY)), closedAt: performed ? iso(clampNow(plannedAt + 5 * DAY)) : null,
        links: [{ rel: 'plan', target: plan.id, targetKind: 'document' }, { rel: 'service', target: svc.id, targetKind: 'service' }],
        test: {
          testType, plannedAt: iso(plannedAt), performedAt: performed ? iso(plannedAt + rng.int(0, 2 * HOUR)) : null,
          outcome: performed ? outcome : null, planRef: plan.id, objectivesMet: performed ? !failed : null,
          actionCount: performed ? (failed ? 0 : issues ? 2 : rng.chance(0.3) ? 1 : 0) : null,
        },
        origin: { tool: 'canonical' },
      });
    }
  }

  // --- internal audits and their nonconformities ---
  const audits = [];
  {
    const rng = stream('internal_audit');
    const scopes = ['Incident and service request management; service desk', 'Change, release and configuration management',
      'Service level management, service reporting and supplier management', 'Continuity, availability, capacity and information security'];
    const ncPerAudit = [6, 6, 5, 3];
    const grades = { 0: 'major', 7: 'major', 13: 'major' };
    for (let a = 0; a < 4; a++) {
      const plannedAt = workTime(rng, START + (a * 3 + 2) * 30.4 * DAY + 5 * DAY, START + (a * 3 + 2) * 30.4 * DAY + 12 * DAY);
      const heldAt = plannedAt + rng.int(0, 1) * DAY;
      const reportAt = heldAt + rng.int(5, 9) * DAY;
      const id = `AUD-${String(a + 1).padStart(2, '0')}`;
      const findings = ncPerAudit[a] + rng.int(3, 8);
      const auditor = a === 2 ? groups['Application Support'].manager : rng.pick([leaders.auditLead, randomUser()]);
      const rec = {
        id, kind: 'internal_audit', number: id, title: `Internal audit ${a + 1}/4 – ${scopes[a]}`, state: 'closed',
        assignee: auditor.name, openedAt: iso(plannedAt - 30 * DAY), updatedAt: iso(clampNow(reportAt + DAY)), closedAt: iso(clampNow(reportAt)),
        audit: {
          plannedAt: iso(plannedAt), heldAt: iso(heldAt), scope: scopes[a], auditor: auditor.name, independent: a !== 2,
          findingCount: findings, nonconformityCount: ncPerAudit[a], reportAt: iso(clampNow(reportAt)),
        },
        links: [],
        origin: { tool: 'canonical' },
      };
      audits.push({ id, t: plannedAt - 30 * DAY, reportAt, rec });
      emit(plannedAt - 30 * DAY, rec);
    }
    const ncRng = stream('nonconformity');
    let ncNo = 0;
    const closedWithoutReview = 4;
    audits.forEach((aud, a) => {
      for (let j = 0; j < ncPerAudit[a]; j++) {
        const idx = ncNo++;
        const grade = grades[idx] || 'minor';
        const openedAt = aud.reportAt + ncRng.int(0, 2) * DAY + ncRng.int(0, 6 * HOUR);
        const dueAt = openedAt + (grade === 'major' ? 30 : 60) * DAY;
        const fixDur = ncRng.lognormal(grade === 'major' ? 25 : 45, 0.4) * DAY;
        const correctedAt = openedAt + fixDur;
        const reviewAt = correctedAt + ncRng.range(30, 60) * DAY;
        let state;
        let effReview = null;
        let effective = null;
        if (idx === closedWithoutReview) {
          state = 'closed';
        } else if (correctedAt >= NOW) state = 'in_progress';
        else if (reviewAt >= NOW) state = 'resolved';
        else {
          state = 'closed';
          effReview = reviewAt;
          effective = idx !== 9;
        }
        if (idx === closedWithoutReview && correctedAt >= NOW) throw new Error('closed-without-review NC must be old');
        const id = `NC-${String(idx + 1).padStart(3, '0')}`;
        aud.rec.links.push({ rel: 'action', target: id, targetKind: 'nonconformity' });
        const topic = ['Incident priority not set per the impact/urgency matrix', 'Changes implemented without documented backout plans',
          'Service reports issued after the agreed date', 'Supplier contract reviews not recorded', 'CMDB records not verified in the last year',
          'Problem records closed without root cause', 'Emergency changes without post-implementation review',
          'Customer satisfaction follow-up not documented', 'Continuity test actions not tracked', 'Document review dates overdue',
          'Access rights not revoked on leaver date', 'Capacity forecast missing from review'][(idx * 5) % 12];
        emit(openedAt, {
          id, kind: 'nonconformity', number: id, title: topic, state, assignee: leaders.smsManager.name,
          openedAt: iso(openedAt), updatedAt: iso(clampNow(effReview ?? (state === 'in_progress' ? openedAt + 5 * DAY : correctedAt))),
          resolvedAt: state !== 'in_progress' ? iso(Math.min(NOW - 60, correctedAt)) : null,
          closedAt: state === 'closed' ? iso(Math.min(NOW - 60, effReview ?? correctedAt + DAY)) : null,
          links: [{ rel: 'raised_from', target: aud.id, targetKind: 'internal_audit' }],
          nonconformity: {
            grade, source: 'audit',
            rootCause: state === 'in_progress' && ncRng.chance(0.5) ? null : 'Procedure step not embedded in tooling; relied on individual awareness.',
            correction: state === 'in_progress' ? null : 'Affected records corrected.',
            correctiveAction: state === 'in_progress' ? 'Tool validation to be configured.' : 'Mandatory field and workflow validation configured; team briefed.',
            dueAt: iso(dueAt), effectivenessReviewedAt: effReview ? iso(effReview) : null, effective,
          },
          origin: { tool: 'canonical' },
        });
      }
    });
  }

  // --- management reviews ---
  const reviews = [];
  {
    const rng = stream('management_review');
    for (let r = 0; r < 2; r++) {
      const heldAt = workTime(rng, MONTHS[r === 0 ? 5 : 11] + 10 * DAY, MONTHS[r === 0 ? 5 : 11] + 17 * DAY);
      const openedAt = heldAt - 21 * DAY;
      const approved = r === 0 ? heldAt + 6 * DAY : null;
      const id = `MR-${String(r + 1).padStart(2, '0')}`;
      const entry = { id, t: heldAt };
      reviews.push(entry);
      entry.rec = emit(openedAt, {
        id, kind: 'management_review', number: id, title: `Management review ${r === 0 ? 'H1' : 'H2'} ${new Date(heldAt * 1000).getUTCFullYear()}`,
        state: approved ? 'closed' : 'in_progress', assignee: leaders.smsManager.name, openedAt: iso(openedAt),
        updatedAt: iso(clampNow(approved ?? heldAt + DAY)), closedAt: approved ? iso(approved) : null,
        review: { heldAt: iso(heldAt), chair: leaders.ceo.name, inputCount: r === 0 ? 9 : 11, decisionCount: r === 0 ? 6 : 8, minutesApprovedAt: approved ? iso(approved) : null },
        origin: { tool: 'canonical' },
      });
    }
  }

  // --- complaints ---
  const complaints = [];
  {
    const rng = stream('complaint');
    const n = counts.complaint;
    const times = Array.from({ length: n }, () => ticketTime(rng)).sort((a, b) => a - b);
    const titles = ['Repeated outages of {svc} during our sales campaign', 'Slow response from the service desk', 'Monthly report for {svc} arrived late',
      'Engineer missed the agreed on-site appointment', 'Change to {svc} was not announced in advance', 'Ticket closed without our confirmation',
      'Invoice for {svc} does not match the agreement', '{svc}の障害連絡が遅い'];
    times.forEach((t, i) => {
      const svc = rng.weighted(services.map((s) => [s, s.customer.code === 'GRP' ? 1 : 3]));
      const cust = svc.customer;
      const respondedAt = t + rng.lognormal(1.2, 0.8) * DAY;
      const resolvedAt = respondedAt + rng.lognormal(6, 0.7) * DAY;
      const state = resolvedAt < NOW ? 'closed' : respondedAt < NOW ? 'in_progress' : 'new';
      const id = `CMP-${String(i + 1).padStart(4, '0')}`;
      const related = incidents.filter((x) => x.svc === svc && x.t < t && x.t > t - 14 * DAY);
      const entry = { id, t };
      complaints.push(entry);
      const priority = rng.weighted([[2, 30], [3, 60], [4, 10]]);
      entry.rec = emit(t, {
        id, kind: 'complaint', number: id, title: rng.pick(titles).replace('{svc}', svc.name), state,
        priority: { value: priority, label: { 2: 'High', 3: 'Moderate', 4: 'Low' }[priority] },
        service: svc.id, assignee: leaders.slm.name, requester: `${rng.pick(FIRST)} ${rng.pick(LAST)} (${cust.name})`,
        openedAt: iso(t), updatedAt: iso(clampNow(state === 'closed' ? resolvedAt : respondedAt < NOW ? respondedAt : t + HOUR)),
        resolvedAt: state === 'closed' ? iso(resolvedAt) : null, closedAt: state === 'closed' ? iso(Math.min(NOW - 60, resolvedAt + DAY)) : null,
        links: [{ rel: 'service', target: svc.id, targetKind: 'service' },
          ...(related.length ? [{ rel: 'relates_to', target: related[related.length - 1].id, targetKind: 'incident' }] : [])],
        complaint: {
          channel: rng.pick(['email', 'phone', 'account manager', 'portal']), respondedAt: respondedAt < NOW ? iso(respondedAt) : null,
          resolution: state === 'closed' ? rng.pick(['Apology given; service credit applied per the SLA.', 'Process corrected and explained to the customer.', 'Improvement raised; customer informed of the plan.']) : null,
        },
        origin: { tool: 'canonical' },
      });
    });
  }

  // --- satisfaction surveys (sent after resolved tickets) ---
  const surveys = [];
  {
    const rng = stream('satisfaction_survey');
    const n = counts.satisfaction_survey;
    const resolved = [...incidents.filter((x) => x.resolvedAt && x.resolvedAt < NOW - 3 * DAY).map((x) => ['incident', x, x.resolvedAt]),
      ...ritms.filter((x) => x.state === 3 && x.closedAt < NOW - 3 * DAY).map((x) => ['service_request', x, x.closedAt])];
    const chosen = rng.shuffle(resolved).slice(0, n).sort((a, b) => a[2] - b[2] || (a[1].number < b[1].number ? -1 : 1));
    chosen.forEach(([kind, task, doneAt], i) => {
      const sentAt = doneAt + rng.int(5 * MIN, 20 * HOUR);
      const respondedAt = sentAt + rng.lognormal(0.6, 1) * DAY;
      const m = trend(sentAt);
      const bad = task.breach ? 2 : 1;
      const score = rng.weighted([[1, 4 * m * bad], [2, 6 * m * bad], [3, 15], [4, 35], [5, 40 / m]]);
      const followedUp = score <= 3 ? rng.chance(1 - (score <= 2 ? 0.15 : 0.3) * m) : null;
      const id = `SAT-${String(i + 1).padStart(5, '0')}`;
      const entry = { id, t: sentAt, score };
      surveys.push(entry);
      entry.rec = emit(sentAt, {
        id, kind: 'satisfaction_survey', title: `Satisfaction survey – ${task.number}`, state: 'closed',
        service: task.svc.id, requester: task.caller.name, openedAt: iso(sentAt), updatedAt: iso(clampNow(respondedAt)),
        closedAt: iso(clampNow(respondedAt)),
        links: [{ rel: 'relates_to', target: task.id, targetKind: kind }],
        survey: {
          score, scaleMax: 5, respondedAt: iso(clampNow(respondedAt)), followedUp,
          comment: score <= 2 ? rng.pick(['Took far too long.', 'Had to call three times.', 'Issue came back the next day.', '対応が遅かった。'])
            : score === 5 && rng.chance(0.4) ? rng.pick(['Quick and friendly, thanks!', 'Great service.', 'Solved on the first call.']) : null,
        },
        origin: { tool: 'canonical' },
      });
    });
  }

  // --- improvements (raised from audits, reviews, incidents, problems, complaints, surveys, measurements, staff) ---
  {
    const rng = stream('improvement');
    const n = counts.improvement;
    const sources = {
      audit: audits.map((a) => ({ id: a.id, t: a.reportAt, kind: 'internal_audit', rec: a.rec })),
      management_review: reviews.map((r) => ({ id: r.id, t: r.t, kind: 'management_review', rec: r.rec })),
      incident: incidents.filter((x) => x.major || x.breach).map((x) => ({ id: x.id, t: x.t, kind: 'incident' })),
      problem: problems.map((x) => ({ id: x.id, t: x.t, kind: 'problem' })),
      complaint: complaints.map((x) => ({ id: x.id, t: x.t, kind: 'complaint', rec: x.rec })),
      survey: surveys.filter((s) => s.score <= 2).map((s) => ({ id: s.id, t: s.t, kind: 'satisfaction_survey', rec: s.rec })),
      measurement: measurements.filter((x) => !x.met).map((x) => ({ id: x.id, t: x.t + 30 * DAY, kind: 'sla_measurement', rec: x.rec })),
      staff: [null],
    };
    const weights = [['audit', 16], ['management_review', 10], ['incident', 24], ['problem', 16], ['complaint', 10], ['survey', 12], ['staff', 12]];
    const items = [];
    const place = (source, from) => {
      const base = from ? Math.max(from.t, START) : ticketTime(rng);
      items.push({ source, from, t: Math.min(NOW - 2 * HOUR, base + rng.range(1, 20) * DAY) });
    };
    // about three in four missed service level targets get an improvement (the rest are a flaw)
    const missed = rng.shuffle([...sources.measurement]);
    for (const from of missed.slice(0, Math.min(Math.floor(n / 3), Math.round(missed.length * 0.75)))) place('measurement', from);
    while (items.length < n) {
      let source = rng.weighted(weights);
      if (!sources[source].length) source = 'staff';
      place(source, rng.pick(sources[source]));
    }
    items.sort((a, b) => a.t - b.t);
    items.forEach(({ source, from, t }, i) => {
      const targetDate = t + rng.int(30, 120) * DAY;
      // four in five finish by their target date; the rest run late, some still open past it
      const doneAt = rng.chance(0.8) ? t + (targetDate - t) * rng.range(0.4, 0.98) : targetDate + rng.range(5, 90) * DAY;
      const state = doneAt < NOW ? 'closed' : t + 3 * DAY < NOW ? 'in_progress' : 'new';
      const evaluatedAt = state === 'closed' && doneAt + 30 * DAY < NOW && rng.chance(0.85) ? doneAt + rng.range(14, 30) * DAY : null;
      const id = `IMP-${String(i + 1).padStart(4, '0')}`;
      // the canonical source record points back at the action raised from it
      if (from && from.rec) (from.rec.links ??= []).push({ rel: 'action', target: id, targetKind: 'improvement' });
      emit(t, {
        id, kind: 'improvement', number: id, title: rng.pick(IMPROVEMENT_TITLES[source]), state, priority: rng.weighted([[2, 20], [3, 55], [4, 25]]),
        assignee: leaders.smsManager.name, openedAt: iso(t), updatedAt: iso(clampNow(evaluatedAt ?? (state === 'closed' ? doneAt : t + (NOW - t) * 0.5))),
        closedAt: state === 'closed' ? iso(doneAt) : null,
        links: from ? [{ rel: 'raised_from', target: from.id, targetKind: from.kind }] : [],
        improvement: {
          source, targetDate: iso(targetDate), benefitEvaluatedAt: evaluatedAt ? iso(evaluatedAt) : null,
          benefitNotes: evaluatedAt ? rng.pick(['Repeat incidents fell by 40 % in the following two months.', 'Average resolution time down from 11 h to 7 h.', 'Survey scores for the service desk rose by 0.4.', 'No recurrence since implementation.']) : null,
        },
        origin: { tool: 'canonical' },
      });
    });
  }

  // --- sort by opened time, kinds interleaved ---
  out.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const records = out.map((x) => x.rec);

  // --- the four deliberately broken elements, at fixed indexes ---
  const total = opts.records;
  const indexes = BROKEN_DEFAULT_INDEXES.map((p) => Math.round((p * total) / 6000));
  const brokenIncident = new SnRecord()
    .v('number', 'INC0099999').v('sys_class_name', 'incident', 'Incident').v('short_description', 'Exported without sys_id (broken on purpose)')
    .v('state', 2, 'In Progress').v('priority', 3, '3 - Moderate').v('impact', 2, '2 - Medium').v('urgency', 2, '2 - Medium')
    .v('opened_at', snTime(START + 100 * DAY)).v('active', 'true').render(false);
  const broken = [
    { id: 'CMP-BROKEN-1', kind: 'complaint', title: 'Complaint typed in by hand (broken on purpose: free-text date)', state: 'new', openedAt: 'last tuesday', origin: { tool: 'canonical' } },
    brokenIncident,
    42,
    { id: 'MTG-0001', kind: 'meeting', title: 'Weekly CAB meeting (broken on purpose: kind "meeting" does not exist)', state: 'closed', openedAt: iso(START + 200 * DAY), origin: { tool: 'canonical' } },
  ];
  indexes.forEach((index, k) => records.splice(index, 0, broken[k]));

  return { records, counts, indexes, incidents };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/**
 * The incidents as a Table API list export: each row rendered with sysparm_display_value=false
 * (codes as strings; references as bare sys_ids, or {link, value} with `links`), plus the
 * columns of a real incident row that the builder leaves out, with plausible values: the row's
 * domain, its company, a duration, journals (the Table API returns comments / work_notes as one
 * string), the effective number.
 */
function servicenowExport(generated, seed, links) {
  const { incidents } = generated;
  const rng = new Rng(hashSeed(`${seed >>> 0}:servicenow-export`));
  const companies = new Map(CUSTOMERS.map((c) => [c.code, { id: rng.hex32(), name: c.name }]));
  const entry = (t, who, what, text) => `${snTime(t)} - ${who} (${what})\n${text}\n\n`;
  const CALLER_NOTES = ['Any update on this? It is blocking my work.', 'Thanks, that fixed it.', 'Still happening after the restart.',
    'Attached a screenshot of the error.', 'I will be out of office tomorrow; please call my mobile.'];
  const WORK_NOTES = ['Checked the logs; error started after the last deployment.', 'Escalated to the second-line team.',
    'Waiting for the vendor to reply to the support case.', 'Reproduced the issue on a test machine.', 'Applied the known workaround.'];
  const rows = incidents.map((inc) => {
    const row = inc.rec.render(false);
    if (!links) for (const [k, v] of Object.entries(row)) if (v !== null && typeof v === 'object') row[k] = v.value;
    const reference = (table, id) => (links ? { link: `${SN}${table}/${id}`, value: id } : id);
    const assignee = inc.rec.fields.find((f) => f[0] === 'assigned_to')?.[2] || 'Service Desk';
    const done = inc.resolvedAt !== null;
    const company = companies.get(inc.svc.customer.code);
    const took = done ? inc.resolvedAt - inc.t : 0;
    const comments = rng.chance(0.25) ? entry(inc.t + rng.int(10 * MIN, 6 * HOUR), inc.caller.name, 'Additional comments', rng.pick(CALLER_NOTES)) : '';
    const notes = rng.chance(0.45) ? entry(inc.t + rng.int(5 * MIN, Math.max(6 * MIN, took || 2 * HOUR)), assignee, 'Work notes', rng.pick(WORK_NOTES)) : '';
    return {
      ...row,
      task_effective_number: row.number,
      company: reference('core_company', company.id),
      sys_domain: reference('sys_user_group', 'global'),
      sys_tags: '',
      calendar_duration: done ? snDuration(took) : '',
      sla_due: done || inc.state === 8 ? '' : snTime(inc.t + inc.target),
      comments,
      work_notes: notes,
      knowledge: 'false',
    };
  });
  return `{"result":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

const opts = parseArgs(process.argv.slice(2));
const generated = generate(opts);
const { records, counts, indexes } = generated;
const text = opts.servicenowIncidents ? servicenowExport(generated, opts.seed, opts.servicenowLinks)
  : `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, text);

const order = ['incident', 'sc_req_item', 'task_sla', 'change_request', 'problem', 'configuration_item', 'service', 'sla', 'sla_measurement',
  'release', 'document', 'internal_audit', 'management_review', 'service_report', 'improvement', 'nonconformity', 'continuity_test',
  'capacity_review', 'supplier', 'complaint', 'satisfaction_survey'];
const summary = order.map((k) => `${k} ${counts[k]}`).join(', ');
if (opts.servicenowIncidents) {
  process.stderr.write(`servicenow-incidents: ${opts.servicenowIncidents} incident records${opts.servicenowLinks ? ' (reference links)' : ''}; seed ${opts.seed}, from ${opts.from}; ${Buffer.byteLength(text)} bytes -> ${opts.out}\n`);
} else process.stderr.write(`demo-export: ${records.length} elements (${summary}, broken 4 at ${indexes.join('/')}); seed ${opts.seed}, from ${opts.from}; ${Buffer.byteLength(text)} bytes -> ${opts.out}\n`);
