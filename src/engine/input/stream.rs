//! Streamed sessions: records held back until the pieces they name have arrived.

use super::*;

/// A large input read in chunks (the CLI's streamed file), in two passes, so that related
/// payloads (SLA rows, approvals, links, audit rows …) stay joined to records in other chunks.
///
/// The first pass ([`Stream::scan`]) converts each chunk and keeps only the keys that related
/// payloads name (their record's id or number) with how many name each, and the latest time
/// (the run's "as of" when the data sets it). The second pass pushes the chunks: an element
/// with a key of that list (a record that has related payloads, or such a payload) is held back
/// as its JSON text until every payload naming its key has been read, then converted with them
/// in one batch. Memory: the keys (a few dozen bytes per related record) and the held elements,
/// which in an export ordered by time are the few records whose pieces have not come yet; past
/// `limit` bytes the oldest are released as they are (their late pieces reported `unjoined`).
pub struct Stream {
    expected: HashMap<String, u32>,
    seen: HashMap<String, u32>,
    present: crate::util::hash::HashSet<String>,
    held: std::collections::VecDeque<Held>,
    held_bytes: usize,
    /// Held bytes above which the oldest held elements are released unjoined.
    pub limit: usize,
    /// The latest primary time of the records read by the first pass.
    pub latest: Option<crate::record::Instant>,
    /// Elements the first pass read.
    pub scanned: u64,
    /// Elements released because of `limit` before all their pieces were read.
    pub forced: u64,
    /// The largest number of held bytes at any time.
    pub peak_held: usize,
    /// True once the second pass started (the first pass is closed).
    pub pushing: bool,
    /// Where a `table/id` key is composed to be looked up.
    scratch: String,
}

/// An element held back by the second pass.
pub struct Held {
    pub index: u64,
    pub path: String,
    pub text: String,
    /// Its keys of the first pass's list: the record's own (`own`) and the ones its pieces name.
    own: Vec<String>,
    names: Vec<String>,
}

impl Default for Stream {
    fn default() -> Stream {
        Stream {
            expected: HashMap::default(),
            seen: HashMap::default(),
            present: Default::default(),
            held: Default::default(),
            held_bytes: 0,
            limit: 256 << 20,
            latest: None,
            scanned: 0,
            forced: 0,
            peak_held: 0,
            pushing: false,
            scratch: String::new(),
        }
    }
}

/// Calls `f` with each key a record is joined by (its id, its number, `table/id`), composing the
/// last in `scratch`.
fn for_own_keys(record: Option<&Record<'_>>, scratch: &mut String, mut f: impl FnMut(&str)) {
    let Some(r) = record else {
        return;
    };
    f(&r.id);
    if let Some(n) = &r.number {
        f(n);
    }
    if let Some(table) = &r.origin.table {
        scratch.clear();
        scratch.push_str(table);
        scratch.push('/');
        scratch.push_str(&r.id);
        f(scratch);
    }
}

/// The keys a record is joined by, copied.
fn own_keys(record: Option<&Record<'_>>) -> Vec<String> {
    let mut keys = Vec::new();
    for_own_keys(record, &mut String::new(), |k| keys.push(k.to_string()));
    keys
}

/// The keys the element's related pieces name that are not its own record's (a bundle joins
/// its own pieces).
fn named_keys(c: &Converted<'_>, own: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for a in &c.attach {
        let keys = std::iter::once(&a.target).chain(a.also.as_ref());
        if keys.clone().any(|k| own.iter().any(|o| **o == **k)) {
            continue;
        }
        for k in keys {
            if !names.iter().any(|n: &String| **n == **k) {
                names.push(k.to_string());
            }
        }
    }
    names
}

impl Stream {
    /// The first pass over one chunk: the keys related pieces name, and the latest time.
    pub fn scan(&mut self, elements: &Elements<'_>, first_index: u64, run: &Run) -> Result<()> {
        let mut warnings = Vec::new();
        for (i, raw) in elements.items.iter().enumerate() {
            let index = first_index + i as u64;
            warnings.clear();
            let mut at = Cursor::element(elements, i, index, &mut warnings);
            let converted = convert_element(elements, i, raw, run, &mut at)?;
            self.scanned += 1;
            let Ok(c) = converted else { continue };
            if let Some(t) = c.record.as_ref().and_then(Record::primary_time) {
                self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
            }
            if c.attach.is_empty() {
                continue;
            }
            let own = own_keys(c.record.as_ref());
            for k in named_keys(&c, &own) {
                *self.expected.entry(k).or_default() += 1;
            }
        }
        Ok(())
    }

    /// Holds the element back when it has pieces elsewhere in the input (second pass).
    pub(super) fn hold(&mut self, c: &Converted<'_>, at: &Cursor<'_>, raw: &str) -> bool {
        if self.expected.is_empty() {
            return false;
        }
        // Most elements have no pieces and are named by none: their keys are looked up without
        // being copied (building them was 1 % of the CLI's time).
        let names = if c.attach.is_empty() {
            Vec::new()
        } else {
            named_keys(c, &own_keys(c.record.as_ref()))
        };
        let own = self.expected_own_keys(c.record.as_ref());
        if own.is_empty() && names.is_empty() {
            return false;
        }
        for k in &own {
            self.present.insert(k.clone());
        }
        for k in &names {
            *self.seen.entry(k.clone()).or_default() += 1;
        }
        self.held_bytes += raw.len();
        self.peak_held = self.peak_held.max(self.held_bytes);
        self.held.push_back(Held {
            index: at.index,
            path: at.path().to_string(),
            text: raw.to_string(),
            own,
            names,
        });
        true
    }

    /// The keys of [`own_keys`] that the first pass's list holds.
    fn expected_own_keys(&mut self, record: Option<&Record<'_>>) -> Vec<String> {
        let mut own = Vec::new();
        let expected = &self.expected;
        for_own_keys(record, &mut self.scratch, |k| {
            if expected.contains_key(k) {
                own.push(k.to_string());
            }
        });
        own
    }

    fn complete(&self, key: &str) -> bool {
        self.seen.get(key).copied().unwrap_or(0) >= self.expected.get(key).copied().unwrap_or(0)
    }

    /// Held elements whose pieces are all in (all of them with `all`), oldest first; past the
    /// limit, the oldest others too.
    pub fn release(&mut self, all: bool) -> Vec<Held> {
        let mut out = Vec::new();
        let mut keep = std::collections::VecDeque::new();
        let mut over = self.held_bytes.saturating_sub(self.limit);
        for h in std::mem::take(&mut self.held) {
            let ready = if h.own.is_empty() {
                h.names
                    .iter()
                    .any(|k| self.present.contains(k) && self.complete(k))
            } else {
                h.own.iter().all(|k| self.complete(k))
            };
            if all || ready {
                self.held_bytes -= h.text.len();
                out.push(h);
            } else if over > 0 {
                over = over.saturating_sub(h.text.len());
                self.held_bytes -= h.text.len();
                self.forced += 1;
                out.push(h);
            } else {
                keep.push_back(h);
            }
        }
        self.held = keep;
        out
    }
}

/// Released elements as one JSON array, to be converted together (their pieces join).
pub fn held_text(held: &[Held]) -> String {
    let mut text = String::with_capacity(held.iter().map(|h| h.text.len() + 1).sum::<usize>() + 2);
    text.push('[');
    for (i, h) in held.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&h.text);
    }
    text.push(']');
    text
}

/// Puts the rejections and warnings of released elements back on their places in the input.
pub fn remap_held(batch: &mut Batch<'_>, held: &[Held]) {
    let place = |index: u64, path: &str| -> (u64, String) {
        match held.get(index as usize) {
            Some(h) => {
                let rest = path.strip_prefix(&format!("$[{index}]")).unwrap_or("");
                (h.index, format!("{}{rest}", h.path))
            }
            None => (index, path.to_string()),
        }
    };
    for r in &mut batch.rejected {
        (r.index, r.path) = place(r.index, &r.path);
    }
    for w in &mut batch.warnings {
        (w.index, w.path) = place(w.index, &w.path);
    }
    for g in &mut batch.grouped {
        (g.index, g.path) = place(g.index, &g.path);
    }
}
