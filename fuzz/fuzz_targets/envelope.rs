//! The envelope/JSON scan on arbitrary bytes: `record::source::split` keeps each element's text
//! at its offset, and the evaluate path (UTF-8 check, split, detection, adapters) with
//! `source: "auto"` either reports with records.in = evaluated + rejected or fails typed.
#![no_main]
use iso20000::internal::split;
use iso20000::{EvaluateOptions, Source, ffi};
use iso20000_fuzz::{INPUT_ERRORS, check_error, engine, evaluate_and_check};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = match ffi::utf8(data) {
        Ok(text) => text,
        Err(e) => {
            check_error(&e, &[iso20000::ErrorCode::Encoding]);
            return;
        }
    };
    // The dashboard's split of a top-level array of valid JSON: the pieces' element counts add
    // up to the scan's elements, and the last piece ends at a `]`. (On malformed JSON the cutter,
    // which only follows strings and nesting, may cut elsewhere than the scan counts: the engine
    // then names the error in a piece, as in the whole input.)
    let head = text.len() - text.trim_start().len();
    let valid = serde_json::from_str::<serde_json::Value>(text).is_ok();
    let pieces = (valid && text.trim_start().starts_with('['))
        .then(|| [1, 2, 3, 7].map(|parts| ffi::split_points(data, head + 1, parts).ok().flatten()));
    match split(text) {
        Ok(elements) => {
            for points in pieces.iter().flatten().flatten() {
                let counted: f64 = points.chunks(2).filter_map(|p| p.get(1)).sum();
                assert_eq!(counted as usize, elements.items.len(), "split counts");
                let end = points.get(points.len().saturating_sub(2)).copied();
                assert_eq!(
                    end.and_then(|e| data.get(e as usize)),
                    Some(&b']'),
                    "last piece's end"
                );
            }
            assert_eq!(elements.items.len(), elements.offsets.len());
            assert_eq!(elements.items.len(), elements.keys.len());
            for (item, at) in elements.items.iter().zip(&elements.offsets) {
                assert_eq!(
                    text.get(*at..at + item.len()),
                    Some(*item),
                    "element text not at its offset"
                );
            }
        }
        Err(e) => check_error(&e, INPUT_ERRORS),
    }
    let options = EvaluateOptions {
        source: Some(Source::Auto),
        ..EvaluateOptions::default()
    };
    evaluate_and_check(engine(), text, &options);
});
