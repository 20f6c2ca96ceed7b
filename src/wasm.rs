//! The only module that knows wasm-bindgen. Inputs cross as UTF-8 bytes and results as JSON
//! text, once per call; errors become JavaScript `Error`s with a `code` (and `line`, `column`,
//! `path`, `details` when known).

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::ffi;
use crate::record::Instant;

#[wasm_bindgen(typescript_custom_section)]
const TS_SCALARS: &'static str = r#"
/** Text as it appears in records. */
export type Text = string;
/** A UTC instant in RFC 3339, e.g. "2026-03-01T09:30:00Z". */
export type Instant = string;
/** A field that may be null (present but empty) or missing (not sent by the source). */
export type Field<T> = T | null;
/** Any JSON value (JsonLogic conditions, rule parameters). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
"#;

fn js_error(error: Error) -> JsValue {
    let e = js_sys::Error::new(&error.message);
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&e, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code.as_str()));
    if let Some(line) = error.line {
        set("line", JsValue::from_f64(line as f64));
    }
    if let Some(column) = error.column {
        set("column", JsValue::from_f64(column as f64));
    }
    if let Some(path) = &error.path {
        set("path", JsValue::from_str(path));
    }
    if !error.details.is_empty() {
        let json = serde_json::to_string(&error.details).unwrap_or_else(|_| "[]".into());
        set(
            "details",
            js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        );
    }
    e.into()
}

thread_local! {
    static ZONES: std::cell::RefCell<Option<(js_sys::Function, js_sys::Function)>> = const { std::cell::RefCell::new(None) };
}

/// The zone functions, copied out of the cell: no borrow is held while JavaScript runs, so a
/// provider that calls `setZoneProvider` (or throws) cannot leave the cell borrowed.
fn zone_functions() -> Option<(js_sys::Function, js_sys::Function)> {
    ZONES.with(|z| z.try_borrow().ok().and_then(|z| z.clone()))
}

fn host_zone_valid(zone: &str) -> bool {
    zone_functions()
        .and_then(|(valid, _)| valid.call1(&JsValue::NULL, &JsValue::from_str(zone)).ok())
        .is_some_and(|r| r.is_truthy())
}

fn host_zone_offset(zone: &str, seconds: i64) -> Option<i64> {
    let (_, offset) = zone_functions()?;
    let r = offset
        .call2(
            &JsValue::NULL,
            &JsValue::from_str(zone),
            &JsValue::from_f64(seconds as f64),
        )
        .ok()?;
    r.as_f64().filter(|o| o.is_finite()).map(|o| o as i64)
}

/// Naive local times in wasm use the host's time-zone database (`Intl`) instead of a bundled
/// copy: `valid(zone) → boolean`, `offset(zone, utcSeconds) → seconds east of UTC`. The JS
/// package installs both when it loads; exceptions they throw are caught.
#[wasm_bindgen(js_name = setZoneProvider)]
pub fn set_zone_provider(valid: js_sys::Function, offset: js_sys::Function) {
    ZONES.with(|z| {
        if let Ok(mut z) = z.try_borrow_mut() {
            *z = Some((valid, offset));
        }
    });
    crate::record::time::set_host_zones(crate::record::time::HostZones {
        valid: host_zone_valid,
        offset: host_zone_offset,
    });
}

fn now() -> Instant {
    Instant((js_sys::Date::now() / 1000.0).floor() as i64)
}

/// A compiled engine (catalogue + rule packs + options). Build once, call many times. Inputs
/// come in as UTF-8 bytes (JavaScript encodes strings with `TextEncoder`, far faster than
/// wasm-bindgen's string copy); bytes that are not UTF-8 are `E_ENCODING`.
#[wasm_bindgen(js_name = RawEngine)]
pub struct WasmEngine {
    inner: crate::Engine,
    /// The live check's resolved run and buffers. A cell because calls borrow the engine
    /// shared (an `onProgress` callback may check a record while `evaluate` runs).
    live: std::cell::RefCell<ffi::LiveCheck>,
    /// The packs' version: a form resolves its run again when it changed.
    packs: u64,
}

impl WasmEngine {
    fn build(options: Option<&str>, now: Instant) -> Result<WasmEngine, JsValue> {
        ffi::engine_new(options, now)
            .map(|inner| WasmEngine {
                inner,
                live: Default::default(),
                packs: 0,
            })
            .map_err(js_error)
    }

    /// The live state, or a fresh one when a call further up the stack holds it.
    fn with_live<T>(&self, f: impl FnOnce(&mut ffi::LiveCheck) -> T) -> T {
        match self.live.try_borrow_mut() {
            Ok(mut live) => f(&mut live),
            Err(_) => f(&mut ffi::LiveCheck::default()),
        }
    }

    /// The whole check result as the native API gives it (Rust callers and tests; JavaScript
    /// builds it from `checkLive` and `checkMeta`).
    pub fn check(&self, record: &str, options: Option<String>) -> Result<String, JsValue> {
        ffi::check(&self.inner, record, options.as_deref()).map_err(js_error)
    }

    /// [`Self::evaluate_bytes`] of text (Rust callers and tests).
    pub fn evaluate(&self, input: &str, options: Option<String>) -> Result<String, JsValue> {
        ffi::evaluate(&self.inner, input, options.as_deref()).map_err(js_error)
    }
}

#[wasm_bindgen(js_class = RawEngine)]
impl WasmEngine {
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<String>) -> Result<WasmEngine, JsValue> {
        Self::build(options.as_deref(), now())
    }

    /// An engine whose "now" is `clock` (seconds since 1970): one rebuilt to explain an earlier
    /// finding takes its original's ([`Self::clock`]), so ages come out the same.
    #[wasm_bindgen(js_name = withClock)]
    pub fn with_clock(options: Option<String>, clock: f64) -> Result<WasmEngine, JsValue> {
        let now = if clock.is_finite() {
            Instant(clock as i64)
        } else {
            now()
        };
        Self::build(options.as_deref(), now)
    }

    /// The engine's "now" in seconds since 1970 (the default `asOf` of its checks).
    pub fn clock(&self) -> f64 {
        self.inner.now().0 as f64
    }

    /// A whole export → report; bytes that are not UTF-8 are `E_ENCODING`.
    #[wasm_bindgen(js_name = evaluateInput)]
    pub fn evaluate_input(
        &self,
        input: &WasmInput,
        options: Option<String>,
    ) -> Result<String, JsValue> {
        ffi::evaluate_bytes(&self.inner, &input.bytes, options.as_deref()).map_err(js_error)
    }

    /// [`Self::evaluate_input`] calling `progress(done, total)` every thousand or so records; an
    /// exception thrown by the callback is ignored (it cannot stop the evaluation).
    #[wasm_bindgen(js_name = evaluateInputWithProgress)]
    pub fn evaluate_input_with_progress(
        &self,
        input: &WasmInput,
        options: Option<String>,
        progress: &js_sys::Function,
    ) -> Result<String, JsValue> {
        ffi::evaluate_bytes_with_progress(
            &self.inner,
            &input.bytes,
            options.as_deref(),
            &mut reporter(progress),
        )
        .map_err(js_error)
    }

    /// One record → outcome codes, clause positions, its reference, warnings and rejection
    /// (see `ffi::check_live`); the texts come from [`Self::check_meta`].
    #[wasm_bindgen(js_name = checkLive)]
    pub fn check_live(&self, record: &[u8], options: Option<String>) -> Result<String, JsValue> {
        self.with_live(|live| ffi::check_live(&self.inner, live, record, options.as_deref()))
            .map_err(js_error)
    }

    /// [`Self::check_live`] for `map`: clause positions only.
    #[wasm_bindgen(js_name = mapLive)]
    pub fn map_live(&self, record: &[u8], options: Option<String>) -> Result<String, JsValue> {
        self.with_live(|live| ffi::map_live(&self.inner, live, record, options.as_deref()))
            .map_err(js_error)
    }

    /// The explanation of one finding of a `checkLive` (same record, same options).
    pub fn explain(
        &self,
        record: &[u8],
        options: Option<String>,
        check: &str,
    ) -> Result<String, JsValue> {
        self.with_live(|live| ffi::explain(&self.inner, live, record, options.as_deref(), check))
            .map_err(js_error)
    }

    /// The pack's checks and the catalogue's clauses with their texts in `lang`.
    #[wasm_bindgen(js_name = checkMeta)]
    pub fn check_meta(&self, lang: Option<String>) -> Result<String, JsValue> {
        ffi::check_meta(&self.inner, lang.as_deref()).map_err(js_error)
    }

    /// Canonical records of an input: bytes that are not UTF-8 are `E_ENCODING`, as in
    /// `evaluateInput`.
    #[wasm_bindgen(js_name = normalizeInput)]
    pub fn normalize_input(
        &self,
        input: &WasmInput,
        options: Option<String>,
    ) -> Result<String, JsValue> {
        ffi::normalize_bytes(&self.inner, &input.bytes, options.as_deref()).map_err(js_error)
    }

    /// Replaces the stacked rule packs (a JSON array of packs); on error the engine keeps its packs.
    #[wasm_bindgen(js_name = loadRules)]
    pub fn load_rules(&mut self, packs: &str) -> Result<(), JsValue> {
        ffi::load_rules(&mut self.inner, packs).map_err(js_error)?;
        // The cached run belongs to the packs it was resolved with.
        self.live = Default::default();
        self.packs += 1;
        Ok(())
    }

    /// A prepared live form for the check options (see `ffi::FormCheck`).
    pub fn form(&self, options: Option<String>) -> Result<WasmForm, JsValue> {
        ffi::FormCheck::new(&self.inner, options.as_deref(), self.packs)
            .map(|inner| WasmForm { inner })
            .map_err(js_error)
    }

    /// Checks the values JavaScript wrote into `form` (`fields` fields in its layout, `len`
    /// bytes of values): 0 declined, 1 answered, 2 answered in a buffer that moved.
    #[wasm_bindgen(js_name = formCheck)]
    pub fn form_check(
        &self,
        form: &mut WasmForm,
        fields: usize,
        len: usize,
    ) -> Result<u32, JsValue> {
        form.inner
            .check(&self.inner, self.packs, fields, len)
            .map_err(js_error)
    }

    pub fn session(&self, options: Option<String>) -> Result<WasmSession, JsValue> {
        ffi::session(&self.inner, options.as_deref())
            .map(|inner| WasmSession { inner })
            .map_err(js_error)
    }
}

/// An input in wasm memory. JavaScript encodes a string straight into it with
/// `TextEncoder.encodeInto` (no JavaScript copy of the bytes, and no loop over char codes as in
/// wasm-bindgen's string passing), or copies bytes in, then hands it to a call.
#[wasm_bindgen(js_name = RawInput)]
#[derive(Default)]
pub struct WasmInput {
    bytes: Vec<u8>,
}

#[wasm_bindgen(js_class = RawInput)]
impl WasmInput {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmInput {
        WasmInput::default()
    }

    /// Makes the input `len` bytes long, keeping its first `keep` bytes and zeroing the rest.
    /// Returns the address of its first byte in wasm memory, valid until the next call that
    /// allocates.
    pub fn room(&mut self, keep: usize, len: usize) -> usize {
        self.bytes.truncate(keep);
        self.bytes.resize(len, 0);
        self.bytes.as_ptr() as usize
    }

    /// Takes bytes JavaScript already holds as the whole input. The binding copies them into
    /// memory it allocates without zeroing it first, where [`Self::room`] zeroes its room
    /// (tens of megabytes for an export) before JavaScript overwrites every byte of it.
    pub fn fill(&mut self, bytes: Vec<u8>) {
        self.bytes = bytes;
    }

    /// Ends the input after its first `len` bytes (what was written).
    pub fn end(&mut self, len: usize) {
        self.bytes.truncate(len);
    }
}

/// A live form's buffers: JavaScript writes a layout and values into it and reads the answer
/// out of it, in wasm memory.
#[wasm_bindgen(js_name = RawForm)]
pub struct WasmForm {
    inner: ffi::FormCheck,
}

#[wasm_bindgen(js_class = RawForm)]
impl WasmForm {
    /// `{fast, fields, hazards, layoutBytes, separator}` (JSON), read once.
    pub fn info(&self) -> Result<String, JsValue> {
        self.inner.info().map_err(js_error)
    }

    /// Room for `len` bytes of values after the layout: the layout's address.
    pub fn room(&mut self, len: usize) -> usize {
        self.inner.room(len)
    }

    /// The answer buffer's address (`u32`s).
    #[wasm_bindgen(js_name = answerAt)]
    pub fn answer_at(&self) -> usize {
        self.inner.answer().0
    }

    /// The answer buffer's length in `u32`s.
    #[wasm_bindgen(js_name = answerLength)]
    pub fn answer_length(&self) -> usize {
        self.inner.answer().1
    }

    /// The record's reference and dynamic clauses of the last answer (JSON).
    pub fn extra(&self) -> String {
        self.inner.extra().to_string()
    }
}

/// Element boundaries in one read of a streamed input (js/stream.js): see
/// [`ffi::cut_elements`]; `state` is written back.
#[wasm_bindgen(js_name = cutElements)]
pub fn cut_elements(bytes: &[u8], from: u32, state: &mut [f64]) -> Result<u32, JsValue> {
    ffi::cut_elements(bytes, from as usize, state).map_err(js_error)
}

/// Where to cut an input's top-level array for workers (iso20000's `splitBytesInto`): see
/// [`ffi::split_points`]; `undefined` when it is left whole.
#[wasm_bindgen(js_name = splitPoints)]
pub fn split_points(bytes: &[u8], head: u32, parts: u32) -> Result<Option<Vec<f64>>, JsValue> {
    ffi::split_points(bytes, head as usize, parts as usize).map_err(js_error)
}

/// The module's memory, for writing into a [`WasmInput`].
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Calls the JavaScript `progress(done, total)`; an exception it throws is ignored (it cannot
/// stop the work).
fn reporter(progress: &js_sys::Function) -> impl FnMut(u64, u64) + '_ {
    |done, total| {
        let _ = progress.call2(
            &JsValue::NULL,
            &(done as f64).into(),
            &(total as f64).into(),
        );
    }
}

/// An incremental evaluation.
#[wasm_bindgen(js_name = RawSession)]
pub struct WasmSession {
    inner: crate::Session,
}

#[wasm_bindgen(js_class = RawSession)]
impl WasmSession {
    #[wasm_bindgen(js_name = pushInput)]
    pub fn push_input(&mut self, input: &WasmInput) -> Result<String, JsValue> {
        ffi::session_push_bytes(&mut self.inner, &input.bytes).map_err(js_error)
    }

    /// [`Self::push_input`] calling `progress(done, total)` along the way (one large piece).
    #[wasm_bindgen(js_name = pushInputWithProgress)]
    pub fn push_input_with_progress(
        &mut self,
        input: &WasmInput,
        progress: &js_sys::Function,
    ) -> Result<String, JsValue> {
        ffi::session_push_bytes_with_progress(
            &mut self.inner,
            &input.bytes,
            &mut reporter(progress),
        )
        .map_err(js_error)
    }

    /// The first pass of a streamed input over one chunk (whole elements in `[` … `]`): the chunk's
    /// line 1 is the input's `line`, its columns there `shift` further on. Returns its elements.
    #[wasm_bindgen(js_name = scanChunk)]
    pub fn scan_chunk(&mut self, input: &[u8], line: f64, shift: f64) -> Result<f64, JsValue> {
        ffi::session_scan_bytes(&mut self.inner, input, line.max(1.0) as usize, shift as i64)
            .map(|n| n as f64)
            .map_err(js_error)
    }

    /// The second pass of a streamed input over one chunk; `progress` may be `undefined`.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(
        &mut self,
        input: &[u8],
        line: f64,
        shift: f64,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsValue> {
        let (line, shift) = (line.max(1.0) as usize, shift as i64);
        match &progress {
            Some(p) => {
                ffi::session_push_chunk(&mut self.inner, input, line, shift, &mut reporter(p))
            }
            None => ffi::session_push_chunk(&mut self.inner, input, line, shift, &mut |_, _| {}),
        }
        .map_err(js_error)
    }

    /// Evaluates what a streamed input still holds (after its last chunk).
    #[wasm_bindgen(js_name = flushHeld)]
    pub fn flush_held(&mut self) -> Result<String, JsValue> {
        ffi::session_flush_held(&mut self.inner).map_err(js_error)
    }

    /// Numbers the next pushed record (a worker owning a slice of a larger input).
    #[wasm_bindgen(js_name = setOffset)]
    pub fn set_offset(&mut self, offset: f64) {
        // Record numbers are JS numbers: at most 2^53 - 1, so counting on from it cannot wrap.
        self.inner
            .set_offset(offset.clamp(0.0, 9_007_199_254_740_991.0) as u64);
    }

    pub fn partial(&self) -> Result<String, JsValue> {
        ffi::session_partial(&self.inner).map_err(js_error)
    }

    pub fn merge(&mut self, partial: &str) -> Result<(), JsValue> {
        ffi::session_merge(&mut self.inner, partial).map_err(js_error)
    }

    pub fn finish(&mut self) -> Result<String, JsValue> {
        ffi::session_finish(&mut self.inner).map_err(js_error)
    }
}

/// Errors in `lang` (`en` when absent).
#[wasm_bindgen(js_name = catalogClauses)]
pub fn catalog_clauses(edition: Option<String>, lang: Option<String>) -> Result<String, JsValue> {
    ffi::catalog_clauses(edition.as_deref(), lang.as_deref()).map_err(js_error)
}

#[wasm_bindgen(js_name = catalogCrosswalk)]
pub fn catalog_crosswalk(
    from: &str,
    clause: &str,
    lang: Option<String>,
) -> Result<String, JsValue> {
    ffi::catalog_crosswalk(from, clause, lang.as_deref()).map_err(js_error)
}

#[wasm_bindgen(js_name = catalogExtras)]
pub fn catalog_extras() -> Result<String, JsValue> {
    ffi::catalog_extras().map_err(js_error)
}

/// The teaching cases with their texts in `lang` (`en` when absent).
#[wasm_bindgen(js_name = catalogCases)]
pub fn catalog_cases(lang: Option<String>) -> Result<String, JsValue> {
    ffi::catalog_cases(lang.as_deref()).map_err(js_error)
}

/// Applies a JsonLogic rule to JSON data with the engine's evaluator; errors in `lang`.
#[wasm_bindgen(js_name = applyLogic)]
pub fn apply_logic(logic: &str, data: &str, lang: Option<String>) -> Result<String, JsValue> {
    ffi::apply_logic(logic, data, lang.as_deref()).map_err(js_error)
}

/// Proposes a mapping for a CSV of a tool without an adapter; errors in the options' `lang`.
#[wasm_bindgen(js_name = proposeMapping)]
pub fn propose_mapping(text: &str, options: Option<String>) -> Result<String, JsValue> {
    ffi::propose_mapping(text, options.as_deref()).map_err(js_error)
}

/// The parts this module was built with, comma-separated (`ffi::features`).
#[wasm_bindgen]
pub fn features() -> String {
    ffi::features().join(",")
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
