//! One ServiceNow field as sent: a plain scalar, or an object with `value` / `display_value` /
//! `link`, read by serde (the general reader) and shown back as JSON in warnings.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::super::doc::{Node, number_text};
use super::super::envelope::KeyName;
use crate::record::IntoStatic;
use crate::record::value::Text;

/// A scalar as ServiceNow sent it.
#[derive(Clone, Debug)]
pub(super) enum Scalar<'a> {
    Str(Text<'a>),
    Num(f64),
    Bool(bool),
    Null,
}

/// One field: a plain scalar, or an object with `value` / `display_value` / `link`.
#[derive(Clone, Debug, Default)]
pub(super) struct SnField<'a> {
    pub(super) present: bool,
    pub(super) value: Option<Scalar<'a>>,
    pub(super) display: Option<Text<'a>>,
    pub(super) link: Option<Text<'a>>,
    pub(super) object: bool,
    /// An array or another shape ServiceNow never sends for a field.
    pub(super) odd: bool,
    /// The odd part as JSON, for the warning.
    pub(super) shown: Option<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for SnField<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = SnField<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a ServiceNow field")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Str(Text::borrowed(v.trim_ascii()))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Str(Text::owned(
                    v.trim_ascii().to_string(),
                ))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Num(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Num(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Num(v as f64)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Bool(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SnField::plain(Scalar::Null))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node<'de>>()? {
                    items.push(item);
                }
                Ok(SnField {
                    present: true,
                    odd: true,
                    shown: Some(Node::Arr(items).describe()),
                    ..SnField::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut field = SnField {
                    present: true,
                    object: true,
                    ..SnField::default()
                };
                while let Some(key) = map.next_key::<KeyName<'de>>()? {
                    match &*key.0 {
                        "value" => {
                            let inner: Node<'de> = map.next_value()?;
                            match scalar_of(inner) {
                                Ok(v) => field.value = Some(v),
                                Err(odd) => {
                                    field.odd = true;
                                    field.value = None;
                                    field.shown = Some(format!("{{\"value\":{}}}", odd.describe()));
                                }
                            }
                        }
                        "display_value" => {
                            let inner: Node<'de> = map.next_value()?;
                            field.display = match scalar_of(inner) {
                                Ok(Scalar::Str(t)) => Some(t),
                                Ok(Scalar::Num(n)) => Some(number_text(n)),
                                Ok(Scalar::Bool(b)) => {
                                    Some(Text::borrowed(if b { "true" } else { "false" }))
                                }
                                Ok(Scalar::Null) => None,
                                Err(odd) => {
                                    field.odd = true;
                                    field.shown =
                                        Some(format!("{{\"display_value\":{}}}", odd.describe()));
                                    None
                                }
                            };
                        }
                        "link" => {
                            let inner: SnField<'de> = map.next_value()?;
                            if let Some(Scalar::Str(t)) = inner.value {
                                field.link = Some(t);
                            }
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(field)
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// A scalar node as a [`Scalar`], or the node back when it is an array or an object.
pub(super) fn scalar_of(node: Node<'_>) -> Result<Scalar<'_>, Node<'_>> {
    match node {
        Node::Str(t) => Ok(Scalar::Str(t)),
        Node::Num(n) => Ok(Scalar::Num(n)),
        int @ Node::Int(_) => Ok(Scalar::Num(int.number().unwrap_or(f64::NAN))),
        Node::Bool(b) => Ok(Scalar::Bool(b)),
        Node::Null => Ok(Scalar::Null),
        other => Err(other),
    }
}

impl IntoStatic for Scalar<'_> {
    type Static = Scalar<'static>;
    fn into_static(self) -> Scalar<'static> {
        match self {
            Scalar::Str(t) => Scalar::Str(t.into_static()),
            Scalar::Num(n) => Scalar::Num(n),
            Scalar::Bool(b) => Scalar::Bool(b),
            Scalar::Null => Scalar::Null,
        }
    }
}

impl IntoStatic for SnField<'_> {
    type Static = SnField<'static>;
    fn into_static(self) -> SnField<'static> {
        SnField {
            present: self.present,
            value: self.value.map(IntoStatic::into_static),
            display: self.display.into_static(),
            link: self.link.into_static(),
            object: self.object,
            odd: self.odd,
            shown: self.shown,
        }
    }
}

impl<'a> SnField<'a> {
    pub(super) fn plain(value: Scalar<'a>) -> SnField<'a> {
        SnField {
            present: true,
            value: Some(value),
            ..SnField::default()
        }
    }

    /// The field's JSON for warnings.
    pub(super) fn describe(&self) -> String {
        let scalar = |s: &Scalar<'_>| match s {
            Scalar::Str(t) => serde_json::to_string(&**t).unwrap_or_default(),
            Scalar::Num(n) => number_text(*n).to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "null".into(),
        };
        if let Some(shown) = &self.shown {
            return shown.clone();
        }
        if !self.object {
            return self
                .value
                .as_ref()
                .map(scalar)
                .unwrap_or_else(|| "[…]".into());
        }
        let mut parts = Vec::new();
        if let Some(d) = &self.display {
            parts.push(format!(
                "\"display_value\":{}",
                serde_json::to_string(&**d).unwrap_or_default()
            ));
        }
        if let Some(v) = &self.value {
            parts.push(format!("\"value\":{}", scalar(v)));
        }
        format!("{{{}}}", parts.join(","))
    }
}

