//! The structural scan: element boundaries, keys and (for objects) validated member spans,
//! without reading the records.

use super::cut::closing_quote;
use super::keys::KeySet;
use super::{Elements, Member, line_column, syntax};
use crate::error::Error;

/// A fast structural scan: finds the elements' boundaries without reading the records, which
/// their adapters parse (and validate) exactly once afterwards.
pub(super) struct Scan<'a> {
    pub(super) text: &'a str,
    pub(super) b: &'a [u8],
    pub(super) i: usize,
}

impl<'a> Scan<'a> {
    /// A scan of `text` from byte `i`.
    pub(super) fn at(text: &'a str, i: usize) -> Scan<'a> {
        Scan {
            text,
            b: text.as_bytes(),
            i,
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) fn fail(&self, at: usize, message: &str) -> Error {
        let (line, column) = line_column(self.text, at);
        syntax(line, column, message)
    }

    pub(super) fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips a string starting at its opening quote.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<(), Error> {
        self.i = self.string_end(self.i)? + 1;
        Ok(())
    }

    /// The closing quote of the string opening at `quote` (the cutter's `closing_quote`), or
    /// the error naming where it opens. Inlined: a call returning a `Result` of an `Error` cost
    /// more than a short string takes to pass.
    #[inline(always)]
    fn string_end(&self, quote: usize) -> Result<usize, Error> {
        let end = closing_quote(self.b, quote + 1);
        if end >= self.b.len() {
            return Err(self.fail(quote, "EOF while parsing a string"));
        }
        Ok(end)
    }

    /// Skips an object, noting its top-level keys that tell which tool produced it.
    pub(super) fn object_keys(&mut self) -> Result<KeySet, Error> {
        let mut keys = KeySet::default();
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(keys);
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.fail(self.i, "key must be a string"));
            }
            let start = self.i;
            self.string()?;
            keys.note_bytes(self.b.get(start + 1..self.i - 1).unwrap_or_default());
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            self.value()?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(keys);
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `}`")),
                None => return Err(self.fail(self.i, "EOF while parsing an object")),
            }
        }
    }

    /// Skips one value; nested structure is only balanced here and validated by the adapter.
    pub(super) fn value(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let start = self.i;
                // The cursor is a local (a Jira issue has some 270 strings, and moving the
                // cursor through `self` around each cost more than finding its end).
                let b = self.b;
                let mut i = start;
                let mut depth = 0usize;
                loop {
                    match b.get(i) {
                        Some(b'"') => i = self.string_end(i)?,
                        Some(b'{' | b'[') => depth += 1,
                        Some(b'}' | b']') => {
                            depth -= 1;
                            if depth == 0 {
                                self.i = i + 1;
                                return Ok(());
                            }
                        }
                        Some(_) => {}
                        None => return Err(self.fail(start, "EOF while parsing a value")),
                    }
                    i += 1;
                }
            }
            Some(_) => {
                let start = self.i;
                while !matches!(
                    self.b.get(self.i),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.i += 1;
                }
                if self.i == start {
                    Err(self.fail(start, "expected value"))
                } else {
                    Ok(())
                }
            }
            None => Err(self.fail(self.i, "EOF while parsing a value")),
        }
    }

    /// Validates the object at the cursor in one pass, noting its keys and members (spans
    /// relative to the object); `None` (cursor and `members` unchanged) when it holds anything
    /// the byte scan leaves to the adapters' general readers.
    pub(super) fn members(&mut self, members: &mut Vec<Member>) -> Option<KeySet> {
        let start = self.i;
        let before = members.len();
        let mut keys = KeySet::default();
        // Spans are relative to the element and fit 32 bits when what is left of the input
        // does: checked once here, not for every member.
        if u32::try_from(self.text.len().saturating_sub(start)).is_err() {
            return None;
        }
        let mut lex = super::super::bytes::Lex::new(self.text);
        lex.i = start;
        let rel = |at: usize| at.wrapping_sub(start) as u32;
        let scanned = lex.object_spans(|key, lex| {
            let key_id = keys.note_id(lex.bytes(key.start, key.end));
            // `object_spans` leaves the cursor on the value.
            let value_start = lex.i;
            // The member's place, filled in once its value is read: an object's own members
            // are noted after it (moving them to make room took 1 % of the scan).
            let at = members.len();
            members.push(Member::EMPTY);
            // Most values are strings: read here, where their escapes are seen anyway.
            let (plain, inner) = match lex.peek() {
                Some(b'"') => (!lex.string()?.escaped, 0),
                Some(b'{') => (false, pair_object(lex, &rel, members)?),
                _ => {
                    lex.skip_here(1)?;
                    (false, 0)
                }
            };
            let member = Member::new(
                (rel(key.start), rel(key.end)),
                (rel(value_start), rel(lex.i)),
                plain,
            )
            .ok_or(super::super::bytes::Stop)?;
            let slot = members.get_mut(at).ok_or(super::super::bytes::Stop)?;
            *slot = member.with(inner, key_id);
            Ok(())
        });
        if scanned.is_err() {
            members.truncate(before);
            return None;
        }
        self.i = lex.i;
        Some(keys)
    }

    /// The elements of the array starting at `self.i`.
    pub(super) fn array(
        &mut self,
        items: &mut Vec<&'a str>,
        offsets: &mut Vec<usize>,
        keys: &mut Vec<Option<KeySet>>,
        members: &mut Vec<Member>,
        ranges: &mut Vec<Option<(u32, u32)>>,
    ) -> Result<(), Error> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        let (first_start, first_member) = (self.i, members.len());
        // Members are noted for the elements of a tool that reads them (`reads_members`; the
        // others are read as trees, which validates them whole), which is guessed from the
        // elements before: noting stops after `QUIET` elements in a row that no such tool
        // reads (an export of one tool), and starts again at the next one it reads. An element
        // scanned without them is only balanced, as one whose validation stops is: the same
        // span and keys, and its adapter reads and validates it whole, so the answer is the
        // same either way, only found sooner. (A guess that misses costs one element its
        // tool's slower reading; noting that element after all, in a second pass over it, cost
        // more on an export mixing ServiceNow and canonical records.)
        const QUIET: u32 = 16;
        let mut unread = 0u32;
        loop {
            self.ws();
            let start = self.i;
            let from = members.len();
            if self.peek() == Some(b'{') {
                let with_members = unread < QUIET;
                let (k, noted) = match with_members.then(|| self.members(members)).flatten() {
                    Some(k) => (k, true),
                    None => (self.object_keys()?, false),
                };
                unread = if crate::record::source::reads_members(&k) {
                    0
                } else {
                    unread.saturating_add(1)
                };
                keys.push(Some(k));
                ranges.push(if noted {
                    u32::try_from(from)
                        .ok()
                        .zip(u32::try_from(members.len()).ok())
                } else {
                    None
                });
            } else {
                self.value()?;
                keys.push(None);
                ranges.push(None);
            }
            items.push(self.text.get(start..self.i).unwrap_or_default());
            offsets.push(start);
            // The lists are sized ahead from the elements read so far (at 1, 2, 4 … 1,024
            // elements, when copying them is still cheap).
            if items.len().is_power_of_two() && items.len() <= RESERVE_UNTIL {
                let sample = Sample {
                    rest: self.text.len() - self.i,
                    bytes: self.i - first_start,
                    members: members.len() - first_member,
                };
                // Members only while the elements are noted (an export of a tool that reads
                // them): an issue export's first elements are noted, and room for the members
                // of every element after them would be memory never written.
                sample.reserve(items, offsets, keys, ranges);
                if unread == 0 {
                    sample.reserve_members(members);
                }
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `]`")),
                None => return Err(self.fail(self.i, "EOF while parsing a list")),
            }
        }
    }

    /// The position of member `name`'s value in the object starting at `self.i`.
    pub(super) fn member(&mut self, name: &str) -> Result<Option<usize>, Error> {
        if self.peek() != Some(b'{') {
            return Ok(None);
        }
        self.i += 1;
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Ok(None);
            }
            let key_start = self.i;
            self.string()?;
            let key = self.text.get(key_start + 1..self.i - 1).unwrap_or_default();
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            if key == name {
                return Ok(Some(self.i));
            }
            self.value()?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                _ => return Ok(None),
            }
        }
    }

    /// The values of an object whose members are records (iTop's `objects`), named by key.
    pub(super) fn map(&mut self, out: &mut Elements<'a>) -> Result<(), Error> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.fail(self.i, "key must be a string"));
            }
            let key_start = self.i;
            self.string()?;
            let name = self.text.get(key_start + 1..self.i - 1).unwrap_or_default();
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            let start = self.i;
            if self.peek() == Some(b'{') {
                out.keys.push(Some(self.object_keys()?));
            } else {
                self.value()?;
                out.keys.push(None);
            }
            out.items
                .push(self.text.get(start..self.i).unwrap_or_default());
            out.offsets.push(start);
            out.names.push(name);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `}`")),
                None => return Err(self.fail(self.i, "EOF while parsing an object")),
            }
        }
    }

    pub(super) fn end(&mut self) -> Result<(), Error> {
        self.ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail(self.i, "trailing characters")),
        }
    }
}

/// Validates the object at the cursor (a member's value), noting its `value`, `display_value`
/// and `link` members in `members` when every member of it is a string, with no escapes in its
/// keys and none of those three given twice (ServiceNow's display-value pairs); how many it
/// noted. Any other object is validated and skipped as before, noting nothing (0).
fn pair_object(
    lex: &mut super::super::bytes::Lex<'_>,
    rel: &impl Fn(usize) -> u32,
    members: &mut Vec<Member>,
) -> super::super::bytes::Scanned<u8> {
    let (start, before) = (lex.i, members.len());
    let mut seen = [false; 3];
    let captured = lex.object_spans(|key, lex| {
        let slot = match lex.bytes(key.start, key.end) {
            b"value" => Some(0),
            b"display_value" => Some(1),
            b"link" => Some(2),
            _ => None,
        };
        if lex.peek() != Some(b'"') {
            return Err(super::super::bytes::Stop);
        }
        let value_start = lex.i;
        let plain = !lex.string()?.escaped;
        let Some(slot) = slot else { return Ok(()) };
        match seen.get_mut(slot) {
            Some(s) if !*s => *s = true,
            _ => return Err(super::super::bytes::Stop),
        }
        let member = Member::new(
            (rel(key.start), rel(key.end)),
            (rel(value_start), rel(lex.i)),
            plain,
        );
        members.push(member.ok_or(super::super::bytes::Stop)?);
        Ok(())
    });
    if captured.is_ok() {
        // At most three.
        return Ok((members.len() - before) as u8);
    }
    members.truncate(before);
    lex.i = start;
    lex.skip_here(1)?;
    Ok(0)
}

/// The elements after which the lists of an array are no longer sized ahead.
const RESERVE_UNTIL: usize = 1024;

/// What the scan of an array has read so far, to size its lists for the rest.
struct Sample {
    /// Bytes of the text after the last element read.
    rest: usize,
    /// Bytes from the first element's start to the last one's end, and the members they hold.
    bytes: usize,
    members: usize,
}

impl Sample {
    /// Reserves room for the rest of the array at the density read so far, plus an eighth.
    /// Exports are uniform, and growing a list by doubling copies it whole: sized from the
    /// first element alone, the member list of the ServiceNow export (first record 1,700 bytes,
    /// the mean 1,661) was 2 % short, and its doubling copied 26 MB and touched every page
    /// again, 7 % of the native run. A guess only: a wrong one costs a regrowth, never a
    /// result; the eighth is capacity that is never written when the guess is right.
    fn reserve(
        &self,
        items: &mut Vec<&str>,
        offsets: &mut Vec<usize>,
        keys: &mut Vec<Option<KeySet>>,
        ranges: &mut Vec<Option<(u32, u32)>>,
    ) {
        let more = self.ahead(items.len());
        room(items, more);
        room(offsets, more);
        room(keys, more);
        room(ranges, more);
    }

    /// The member list's room, at the members' density.
    fn reserve_members(&self, members: &mut Vec<Member>) {
        room(members, self.ahead(self.members));
    }

    /// How many of what `read` counts the rest of the array holds at the density read so far.
    fn ahead(&self, read: usize) -> usize {
        // In floating point: a guess needs no exact division (and 128-bit integer division
        // would bring its runtime routine into the .wasm). The cast saturates.
        (self.rest as f64 * read as f64 / self.bytes.max(1) as f64) as usize
    }
}

/// Grows `list` to hold `need` more, plus an eighth: only when the guess without its eighth no
/// longer fits (a later, slightly larger guess must not move a list of megabytes again), and to
/// the guess exactly (`reserve` would at least double).
fn room<T>(list: &mut Vec<T>, need: usize) {
    if list.capacity() - list.len() < need {
        list.reserve_exact(need.saturating_add(need / 8).saturating_add(1));
    }
}
