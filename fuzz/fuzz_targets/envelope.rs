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
    match split(text) {
        Ok(elements) => {
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
