//! An incremental evaluation: push chunks, merge partials from other sessions (workers), finish
//! into the same report a single pass would give.

use super::observe::Scratch;
use super::{Engine, EvaluateOptions, Run, input};
use crate::catalog::Lang;
use crate::error::{Error, Result};
use crate::pdca::Partial;
use crate::record::Record;
use crate::record::source;
use crate::report::{self, Report};

/// Whether this build evaluates whole exports (cargo feature `evaluate`). Every way into an
/// evaluation passes here (a session is the only one, and each of its calls checks): the answer
/// is a constant, so a build without the feature keeps none of the code after it, the report
/// and the PDCA ratings included.
pub(crate) fn in_build() -> Result<()> {
    Error::in_build(
        cfg!(feature = "evaluate"),
        "evaluation of whole exports (evaluate and sessions)",
        "evaluate",
    )
}

impl Engine {
    /// Starts an incremental evaluation.
    pub fn session(&self, options: &EvaluateOptions) -> Result<Session> {
        in_build()?;
        let run = self.run(options)?;
        let partial = self.empty_partial(&run);
        Ok(Session {
            engine: self.clone(),
            run,
            partial,
            finished: false,
            stream: None,
        })
    }
}

/// An incremental evaluation: push chunks, merge partials from other sessions, finish.
pub struct Session {
    engine: Engine,
    run: Run,
    partial: Partial,
    finished: bool,
    /// A streamed input's joins across chunks ([`Session::scan`], [`Session::push_chunk`]).
    pub(super) stream: Option<Box<input::Stream>>,
}

/// What one pushed chunk held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChunkSummary {
    #[serde(rename = "in")]
    pub input: u64,
    pub evaluated: u64,
    pub rejected: u64,
    /// Related payloads (SLA rows, approvals, links …) whose record was not in this chunk, so
    /// not joined to it. Above 0 when an export of related records was cut into pieces: push it
    /// in one piece (with progress) to have them joined as `evaluate` would.
    pub unjoined: u64,
}

impl Session {
    fn usable(&self) -> Result<()> {
        in_build()?;
        if self.finished {
            Err(Error::misuse(
                "this session is finished; start a new one with engine.session()",
            ))
        } else {
            Ok(())
        }
    }

    /// Evaluates one chunk (JSON text in any accepted shape). Records are numbered across chunks.
    pub fn push(&mut self, input: &str) -> Result<ChunkSummary> {
        self.push_with_progress(input, &mut |_, _| {})
    }

    /// [`Session::push`], calling `progress(done, total)` every thousand or so elements: reading
    /// counts three units per element and checking one, so `done / total` is a fair fraction of
    /// the time. One large push keeps related records joined, where separate chunks cannot.
    pub fn push_with_progress(
        &mut self,
        input: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        self.usable()?;
        let csv = input::prepare_csv(input, &self.run)?;
        let run = match &csv {
            Some(c) => Run {
                source: input::csv_source(c),
                ..self.run.clone()
            },
            None => self.run.clone(),
        };
        let elements = source::split(csv.as_ref().map_or(input, |c| c.json.as_str()))?;
        let count = csv
            .as_ref()
            .map_or(elements.items.len() as u64, |c| c.row_count);
        // Everything is converted before the session changes: a malformed chunk leaves it as it was.
        let n = elements.items.len() as u64;
        let total = 4 * n;
        let mut batch =
            input::convert_all_with(&elements, self.partial.next_index, &run, &mut |done| {
                progress(3 * done as u64, total);
            })?;
        if let Some(c) = &csv {
            input::remap_csv(&mut batch, c, self.partial.next_index);
            batch.joined += c.superseded;
            self.partial.csv_rows += c.row_count;
        }
        self.settle_as_of(&batch.records);
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let unjoined = batch.unjoined;
        let records = batch.records.len().max(1) as u64;
        self.absorb_with(batch, &mut |i| {
            progress(3 * n + n * i as u64 / records, total);
        });
        progress(total, total);
        self.partial.records_in += count;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + count);
        self.partial.next_index += count;
        Ok(ChunkSummary {
            input: count,
            evaluated: self.partial.evaluated - before.0,
            rejected: self.partial.rejected_total - before.1,
            unjoined,
        })
    }

    /// Without `asOf` or a window end, the first records pushed set "now" to their latest time:
    /// a historical export is judged as of its own end, not as of today. Later pushes keep it.
    fn settle_as_of(&mut self, records: &[Record<'_>]) {
        if !self.run.as_of_from_data || self.partial.evaluated > 0 || self.partial.records_in > 0 {
            return;
        }
        match records.iter().filter_map(Record::primary_time).max() {
            Some(latest) => {
                self.run.as_of = latest;
                self.partial.fingerprint = self.engine.fingerprint(&self.run);
            }
            // Nothing dated to go by: the clock stands, and the report does not claim otherwise.
            None => self.run.as_of_from_data = false,
        }
    }

    /// The first pass of a streamed input: one chunk of whole elements of a JSON array (every
    /// chunk, in order, before [`Session::push_chunk`] pushes the first). It keeps only the keys
    /// that related payloads name and the latest time (see `input::Stream`); a malformed
    /// chunk is an error as it would be when pushed. Returns the chunk's element count.
    pub fn scan(&mut self, input: &str) -> Result<u64> {
        self.usable()?;
        let stream = self.stream.get_or_insert_with(Default::default);
        if stream.pushing {
            return Err(Error::misuse(
                "scan every chunk of a streamed input before pushing the first",
            ));
        }
        let elements = source::split(input)?;
        let first = stream.scanned;
        stream.scan(&elements, first, &self.run)?;
        Ok(elements.items.len() as u64)
    }

    /// Pushes one chunk of a streamed input (after [`Session::scan`] read them all; without a
    /// scan it is [`Session::push_with_progress`]). Elements whose related payloads are still to
    /// come are held back and evaluated with them, so a streamed input is joined as one piece
    /// is; [`Session::flush_held`] evaluates what is still held at the end.
    pub fn push_chunk(
        &mut self,
        input: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        self.usable()?;
        let Some(mut stream) = self.stream.take() else {
            return self.push_with_progress(input, progress);
        };
        let result = self.push_streamed(input, &mut stream, progress);
        self.stream = Some(stream);
        result
    }

    fn push_streamed(
        &mut self,
        input: &str,
        stream: &mut input::Stream,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        if !stream.pushing {
            // "As of" the latest time of the whole input, as one push would settle it.
            if self.run.as_of_from_data && self.partial.records_in == 0 {
                match stream.latest {
                    Some(latest) => {
                        self.run.as_of = latest;
                        self.partial.fingerprint = self.engine.fingerprint(&self.run);
                    }
                    None => self.run.as_of_from_data = false,
                }
            }
            stream.pushing = true;
        }
        let elements = source::split(input)?;
        let n = elements.items.len() as u64;
        let total = 4 * n;
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let batch = input::convert_streamed(
            &elements,
            self.partial.next_index,
            &self.run,
            &mut |done| progress(3 * done as u64, total),
            stream,
        )?;
        let mut unjoined = batch.unjoined;
        self.absorb(batch);
        progress(total, total);
        self.partial.records_in += n;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + n);
        self.partial.next_index += n;
        let released = stream.release(false);
        unjoined += self.push_held(&released)?;
        Ok(ChunkSummary {
            input: n,
            evaluated: self.partial.evaluated - before.0,
            rejected: self.partial.rejected_total - before.1,
            unjoined,
        })
    }

    /// Evaluates every element a streamed input still holds (its end); `(summary, peak held
    /// bytes, elements released early because of the hold limit)`.
    pub fn flush_held(&mut self) -> Result<(ChunkSummary, usize, u64)> {
        self.usable()?;
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let Some(mut stream) = self.stream.take() else {
            return Ok((
                ChunkSummary {
                    input: 0,
                    evaluated: 0,
                    rejected: 0,
                    unjoined: 0,
                },
                0,
                0,
            ));
        };
        let released = stream.release(true);
        let result = self.push_held(&released);
        let stats = (stream.peak_held, stream.forced);
        let limit = stream.limit;
        self.stream = Some(stream);
        let unjoined = result?;
        if stats.1 > 0 {
            // The report says why rows of records in this input were not joined.
            let lists = self.engine.core.lists;
            self.partial.push_warning(
                source::Warning {
                    index: 0,
                    path: "$".to_string(),
                    message: format!(
                        "{} record(s) were evaluated before all their related rows were read (more than {} MB held back): their later rows are counted as unjoined; push the input in one piece to join them",
                        stats.1,
                        limit >> 20
                    ),
                    value: String::new(),
                },
                lists,
            );
        }
        Ok((
            ChunkSummary {
                input: 0,
                evaluated: self.partial.evaluated - before.0,
                rejected: self.partial.rejected_total - before.1,
                unjoined,
            },
            stats.0,
            stats.1,
        ))
    }

    /// Converts released elements together and evaluates them (counted in `in` when pushed).
    fn push_held(&mut self, held: &[input::Held]) -> Result<u64> {
        if held.is_empty() {
            return Ok(0);
        }
        let text = input::held_text(held);
        let elements = source::split(&text)?;
        let mut batch = input::convert_all(&elements, 0, &self.run)?;
        input::remap_held(&mut batch, held);
        let unjoined = batch.unjoined;
        self.absorb(batch);
        Ok(unjoined)
    }

    /// Evaluates a converted batch into the partial (its `in` is counted by the caller).
    fn absorb(&mut self, batch: input::Batch<'_>) {
        self.absorb_with(batch, &mut |_| {});
    }

    /// [`Session::absorb`], calling `progress(records done)` every thousand or so records.
    fn absorb_with(&mut self, batch: input::Batch<'_>, progress: &mut dyn FnMut(usize)) {
        let lists = self.engine.core.lists;
        let mut scratch = Scratch::default();
        for (i, record) in batch.records.iter().enumerate() {
            if i % input::PROGRESS_STEP == 0 && i > 0 {
                progress(i);
            }
            self.engine
                .observe(record, &self.run, &mut self.partial, &mut scratch);
        }
        scratch.flush_fields(&self.engine.core, &mut self.partial);
        self.partial.evaluated += batch.joined;
        self.partial.joined += batch.joined;
        for r in batch.rejected {
            self.partial.push_rejection(r, lists);
        }
        for w in batch.warnings {
            self.partial.push_warning(w, lists);
        }
        source::merge_grouped(&mut self.partial.grouped, &batch.grouped);
    }

    /// Evaluates records already converted by the caller (native use).
    pub fn push_records(&mut self, records: &[Record<'_>]) -> Result<()> {
        self.usable()?;
        self.settle_as_of(records);
        let mut scratch = Scratch::default();
        for record in records {
            self.engine
                .observe(record, &self.run, &mut self.partial, &mut scratch);
        }
        scratch.flush_fields(&self.engine.core, &mut self.partial);
        let count = records.len() as u64;
        self.partial.records_in += count;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + count);
        self.partial.next_index += count;
        Ok(())
    }

    /// The run's language (of its report and of the errors its calls raise through [`crate::ffi`]).
    pub fn lang(&self) -> Lang {
        self.run.lang
    }

    /// Sets the index the next pushed record gets (a worker that owns a slice of the input).
    pub fn set_offset(&mut self, offset: u64) {
        self.partial.next_index = offset;
    }

    pub fn partial(&self) -> &Partial {
        &self.partial
    }

    /// Adds the partial result of another session built with the same engine options.
    pub fn merge(&mut self, other: &Partial) -> Result<()> {
        self.usable()?;
        let lists = self.engine.core.lists;
        self.partial.merge(other, lists)
    }

    pub fn finish(&mut self) -> Result<Report> {
        self.usable()?;
        self.finished = true;
        Ok(report::build_report(&self.engine, &self.run, &self.partial))
    }

    /// The report so far, leaving the session open.
    pub fn snapshot(&self) -> Result<Report> {
        self.usable()?;
        Ok(report::build_report(&self.engine, &self.run, &self.partial))
    }
}
