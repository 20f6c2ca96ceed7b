// The failing records of a report (`findings: true`) as a compact table, and the views of it the
// records panel shows. Pure (no DOM): the report worker encodes, the page queries, and the
// browser test imports it to compute the same views in Node.
//
// Each column is dictionary-encoded: its distinct texts once, and one Uint32Array of codes per
// row (transferred from the worker, never copied). Searching tests each distinct text once,
// filtering and grouping compare codes, sorting compares precomputed ranks: 100,000 rows are
// filtered and sorted in a few tens of milliseconds, and nothing per row is a string.

/** The columns kept per failing (record, check) pair. */
export const COLUMNS = ['id', 'record', 'url', 'kind', 'check', 'severity', 'phase', 'group', 'service', 'time', 'month'];

/** Most severe first, whatever the language. */
const SEVERITY_ORDER = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
const PHASE_ORDER = ['plan', 'do', 'check', 'act'];

/** The text a person knows a record by: its number, else its name (a CI's), never a bare key when there is a name. */
export const recordLabel = (f) => f.number ?? f.name ?? f.id;

/**
 * Encodes `report.findings` (FindingRow[]) column by column. Returns {n, columns: {name:
 * {values: string[], codes: Uint32Array}}, names: [[id, name]…]} (`names`: the records known by
 * a name rather than a number, for the example lists); `transfer` lists the buffers to move.
 */
export function encodeFindings(findings) {
  const rows = findings ?? [];
  const n = rows.length;
  const columns = {};
  const index = {};
  for (const c of COLUMNS) {
    columns[c] = { values: [''], codes: new Uint32Array(n) };
    index[c] = new Map([['', 0]]);
  }
  const put = (c, i, value) => {
    const text = value ?? '';
    let code = index[c].get(text);
    if (code === undefined) {
      code = columns[c].values.length;
      columns[c].values.push(text);
      index[c].set(text, code);
    }
    columns[c].codes[i] = code;
  };
  const names = new Map();
  rows.forEach((f, i) => {
    put('id', i, f.id);
    put('record', i, recordLabel(f));
    put('url', i, f.url);
    put('kind', i, f.kind);
    put('check', i, f.check);
    put('severity', i, f.severity);
    put('phase', i, f.phase);
    put('group', i, f.group);
    // The service's name from the service record of the same export; its key otherwise.
    put('service', i, f.serviceName ?? f.service);
    put('time', i, f.time);
    put('month', i, f.time ? f.time.slice(0, 7) : '');
    if (f.name && !f.number) names.set(f.id, f.name);
  });
  return {
    encoded: { n, columns, names: [...names] },
    transfer: COLUMNS.map((c) => columns[c].codes.buffer),
  };
}

/** Compares two texts in a language's order, empty last. */
function textRanks(values, lang) {
  const collator = new Intl.Collator(lang === 'ja' ? 'ja' : 'en', { numeric: true, sensitivity: 'base' });
  const order = values.map((v, i) => i).sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (x === y) return 0;
    if (x === '') return 1;
    if (y === '') return -1;
    return collator.compare(x, y) || (x < y ? -1 : 1);
  });
  const ranks = new Uint32Array(values.length);
  order.forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

function listRanks(values, list) {
  return Uint32Array.from(values, (v) => {
    const i = list.indexOf(v);
    return i < 0 ? list.length : i;
  });
}

export class FindingsTable {
  #ranks = new Map();

  /** @param {{n: number, columns: object}} encoded from encodeFindings @param {string} lang */
  constructor(encoded, lang = 'en') {
    this.n = encoded?.n ?? 0;
    this.columns = encoded?.columns ?? Object.fromEntries(COLUMNS.map((c) => [c, { values: [''], codes: new Uint32Array(0) }]));
    this.names = new Map(encoded?.names ?? []);
    this.lang = lang;
  }

  /** The text of a column in a row. */
  value(column, row) {
    const c = this.columns[column];
    return c.values[c.codes[row]];
  }

  /** Distinct texts of a column with their row counts, most rows first (empty left out). */
  counts(column) {
    const c = this.columns[column];
    const counts = new Uint32Array(c.values.length);
    for (let i = 0; i < this.n; i++) counts[c.codes[i]]++;
    return c.values.map((value, code) => ({ value, count: counts[code] })).filter((x) => x.value !== '' && x.count > 0)
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }

  #rank(column) {
    if (!this.#ranks.has(column)) {
      const values = this.columns[column].values;
      this.#ranks.set(column, column === 'severity' ? listRanks(values, SEVERITY_ORDER)
        : column === 'phase' ? listRanks(values, PHASE_ORDER) : textRanks(values, this.lang));
    }
    return this.#ranks.get(column);
  }

  /**
   * The rows a query selects, in its order.
   *
   * @param {object} q
   * @param {string} [q.search] words that must all occur (case-insensitive) in the record, check,
   *   group, service or kind, or in `q.words` of the row's check or kind (titles, labels)
   * @param {Object<string, Set<string>|string>} [q.filters] column → the texts allowed
   * @param {{column: string, descending?: boolean}} [q.sort]
   * @param {string} [q.group] a column to group by ('' or undefined: no groups)
   * @param {{check?: Map<string, string>, kind?: Map<string, string>}} [q.words] extra searchable text per value
   * @returns {{rows: Uint32Array, groups: {value: string, start: number, count: number}[]}}
   */
  view({ search = '', filters = {}, sort = { column: 'severity' }, group = '', words = {} } = {}) {
    const allowed = [];
    for (const [column, want] of Object.entries(filters)) {
      if (want === undefined || want === null || want === '' || (want instanceof Set && want.size === 0)) continue;
      const set = want instanceof Set ? want : new Set([want]);
      const c = this.columns[column];
      allowed.push([c.codes, Uint8Array.from(c.values, (v) => (set.has(v) ? 1 : 0))]);
    }
    const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
    const searched = ['record', 'id', 'check', 'group', 'service', 'kind'];
    // Per term, per column: which distinct texts contain it.
    const matches = terms.map((term) => searched.map((column) => {
      const c = this.columns[column];
      const extra = words[column];
      return [c.codes, Uint8Array.from(c.values, (v) =>
        (v.toLowerCase().includes(term) || (extra?.get(v) ?? '').toLowerCase().includes(term) ? 1 : 0))];
    }));
    const picked = new Uint32Array(this.n);
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      let ok = true;
      for (const [codes, yes] of allowed) {
        if (!yes[codes[i]]) {
          ok = false;
          break;
        }
      }
      for (let t = 0; ok && t < matches.length; t++) {
        ok = matches[t].some(([codes, yes]) => yes[codes[i]] === 1);
      }
      if (ok) picked[count++] = i;
    }
    const rows = picked.slice(0, count);
    const key = this.#rank(sort.column ?? 'severity');
    const keyCodes = this.columns[sort.column ?? 'severity'].codes;
    const sign = sort.descending ? -1 : 1;
    // Ties keep the order of the records (by record key, as the report lists them).
    const byRecord = this.#rank('record');
    const recordCodes = this.columns.record.codes;
    const groupRank = group ? this.#rank(group) : null;
    const groupCodes = group ? this.columns[group].codes : null;
    // The whole order as one number per row (group, key, record, row), sorted natively: a
    // comparator called 1.7 million times for 100,000 rows costs several times more. When the
    // product of the ranges does not fit a double's integers, the comparator does it.
    const G = groupRank ? this.columns[group].values.length : 1;
    const K = key.length;
    const R = sort.column === 'record' ? 1 : byRecord.length;
    if (G * K * R * Math.max(1, this.n) < Number.MAX_SAFE_INTEGER) {
      const packed = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const row = rows[i];
        const k = sort.descending ? K - 1 - key[keyCodes[row]] : key[keyCodes[row]];
        const g = groupRank ? groupRank[groupCodes[row]] : 0;
        const r = R === 1 ? 0 : byRecord[recordCodes[row]];
        packed[i] = ((g * K + k) * R + r) * this.n + row;
      }
      packed.sort();
      for (let i = 0; i < count; i++) rows[i] = packed[i] % this.n;
    } else {
      rows.sort((a, b) => (groupRank ? groupRank[groupCodes[a]] - groupRank[groupCodes[b]] : 0)
        || sign * (key[keyCodes[a]] - key[keyCodes[b]])
        || byRecord[recordCodes[a]] - byRecord[recordCodes[b]]
        || a - b);
    }
    const groups = [];
    if (group) {
      for (let i = 0; i < rows.length; i++) {
        const value = this.columns[group].values[groupCodes[rows[i]]];
        const last = groups[groups.length - 1];
        if (last && last.value === value) last.count++;
        else groups.push({ value, start: i, count: 1 });
      }
    }
    return { rows, groups };
  }
}

/** One CSV field: quoted when it holds a separator, a quote or a line break; formulas defused. */
function field(text) {
  let s = String(text ?? '');
  // A spreadsheet runs a cell starting with = + - @ as a formula: a record's text never should.
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV text (CRLF, with a byte-order mark for spreadsheet programs) of a header and rows of texts. */
export function toCsv(header, rows) {
  return `\ufeff${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
