//! Owned copies of records ([`IntoStatic`]), for records that must outlive their input.

use super::super::time::Instant;
use super::super::value::{Field, Level, Text};
use super::codes::*;

/// A value with everything it borrowed from the input copied, so that it outlives the input.
///
/// Records are made owned this way (normalize of CSV, whose JSON lives only during the call):
/// a plain copy, with no generic deserialiser of
/// its own (a `serde_json::Value` round trip instantiated the whole `Record` deserialiser a
/// second time, about 170 KB of the .wasm).
pub trait IntoStatic {
    type Static;
    fn into_static(self) -> Self::Static;
}

macro_rules! static_as_is {
    ($($ty:ty),+) => {
        $(impl IntoStatic for $ty {
            type Static = $ty;
            fn into_static(self) -> $ty {
                self
            }
        })+
    };
}

static_as_is!(
    bool,
    u32,
    f64,
    Instant,
    Kind,
    State,
    LinkRel,
    ApprovalState,
    ChangeType,
    Risk,
    Outcome,
    SlaStage,
    SlaSource,
    DocumentType,
    ImprovementSource,
    TargetMetric
);

impl IntoStatic for Text<'_> {
    type Static = Text<'static>;
    fn into_static(self) -> Text<'static> {
        self.into_owned()
    }
}

impl IntoStatic for Level<'_> {
    type Static = Level<'static>;
    fn into_static(self) -> Level<'static> {
        Level {
            value: self.value,
            code: self.code.into_static(),
            label: self.label.into_static(),
        }
    }
}

impl<T: IntoStatic> IntoStatic for Field<T> {
    type Static = Field<T::Static>;
    fn into_static(self) -> Field<T::Static> {
        self.map(T::into_static)
    }
}

impl<T: IntoStatic> IntoStatic for Option<T> {
    type Static = Option<T::Static>;
    fn into_static(self) -> Option<T::Static> {
        self.map(T::into_static)
    }
}

impl<T: IntoStatic> IntoStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn into_static(self) -> Vec<T::Static> {
        self.into_iter().map(T::into_static).collect()
    }
}

impl<T: IntoStatic> IntoStatic for Box<T> {
    type Static = Box<T::Static>;
    fn into_static(self) -> Box<T::Static> {
        Box::new((*self).into_static())
    }
}
