// Deterministic identifiers and samples for the outputs handed to auditors (OSCAL, the
// management-review report). Everything here is a pure function of its input: the same report
// gives the same UUIDs and the same sample, in Node, a browser, a worker or an extension, with no
// asynchronous crypto (WebCrypto's digest is async only) and no dependency.

/** SHA-1 of UTF-8 bytes (FIPS 180-4). Used for name-based UUIDs (RFC 9562 v5) and for ranking. */
export function sha1(bytes) {
  const words = new Uint32Array(80);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  // Message, 0x80, zeros, then the bit length as 64 bits big-endian, padded to 64-byte blocks.
  const total = Math.ceil((bytes.length + 9) / 64) * 64;
  const data = new Uint8Array(total);
  data.set(bytes);
  data[bytes.length] = 0x80;
  const view = new DataView(data.buffer);
  const bits = bytes.length * 8;
  view.setUint32(total - 8, Math.floor(bits / 0x100000000));
  view.setUint32(total - 4, bits >>> 0);
  for (let block = 0; block < total; block += 64) {
    for (let i = 0; i < 16; i++) words[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = words[i - 3] ^ words[i - 8] ^ words[i - 14] ^ words[i - 16];
      words[i] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] = i < 20 ? [(b & c) | (~b & d), 0x5a827999]
        : i < 40 ? [b ^ c ^ d, 0x6ed9eba1]
        : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
        : [b ^ c ^ d, 0xca62c1d6];
      const next = (((a << 5) | (a >>> 27)) + f + e + k + words[i]) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = next;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}

const encoder = new TextEncoder();
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-1 of a string's UTF-8 bytes, as 40 hex digits. */
export function sha1Hex(text) {
  return hex(sha1(encoder.encode(text)));
}

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of the namespace's 16 bytes and the name's UTF-8
 * bytes, version and variant bits set). `namespace` is a UUID string.
 */
export function uuidV5(namespace, name) {
  const ns = namespace.replaceAll('-', '');
  const nameBytes = encoder.encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const d = sha1(input).slice(0, 16);
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;
  const x = hex(d);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * A reproducible random sample, as an auditor draws it: each member of the population gets the
 * rank SHA-1(`${seed}|${stratum}|${id}`) (hex, compared as text), and the `size` lowest ranks are
 * the sample, listed in rank order. Anyone can redraw it with `sha1sum`; the draw does not depend
 * on the order the records came in, and a record's rank does not change when others are added.
 * Members with the same id count once.
 *
 * @template {{id: string}} T
 * @param {T[]} population
 * @param {{seed: string, stratum?: string, size: number}} how
 * @returns {T[]}
 */
export function drawSample(population, { seed, stratum = '', size }) {
  const seen = new Map();
  for (const member of population) if (!seen.has(member.id)) seen.set(member.id, member);
  const ranked = [...seen.values()].map((member) => ({ member, rank: sha1Hex(`${seed}|${stratum}|${member.id}`) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return ranked.slice(0, Math.max(0, size)).map((r) => r.member);
}

/**
 * The records a report lists for each clause of its edition: every failing (record, check) pair of
 * `report.findings` when the report was evaluated with `findings: true`, else the examples of the
 * clause-level findings. Returns {byClause: Map<clause, Example[]>, complete: boolean}:
 * `complete` says the population is every failing record (not just the examples).
 */
export function failingByClause(report) {
  const key = report.edition === '2011' ? 'clauses2011' : 'clauses2018';
  const clausesOf = new Map((report.checks ?? []).map((c) => [c.id, c[key] ?? []]));
  const byClause = new Map();
  // A record failing several checks of a clause is one member, with every check it fails.
  const add = (clause, example, check) => {
    if (!byClause.has(clause)) byClause.set(clause, new Map());
    const list = byClause.get(clause);
    const known = list.get(example.id);
    if (known) {
      if (!known.checks.includes(check)) known.checks.push(check);
    } else {
      list.set(example.id, { ...example, checks: [check] });
    }
  };
  const complete = Array.isArray(report.findings);
  if (complete) {
    for (const f of report.findings) {
      for (const clause of clausesOf.get(f.check) ?? []) add(clause, { id: f.id, number: f.number, url: f.url, kind: f.kind }, f.check);
    }
  } else {
    for (const cf of report.clauseFindings ?? []) {
      for (const clause of cf.clauses) for (const e of cf.examples) add(clause, e, cf.check);
    }
  }
  return { byClause: new Map([...byClause].map(([c, m]) => [c, [...m.values()]])), complete };
}

/** The seed used when none is given: the report's as-of date, so a rerun draws the same records. */
export function defaultSeed(report) {
  return `iso20000-${(report.window?.asOf ?? '').slice(0, 10) || 'report'}`;
}
