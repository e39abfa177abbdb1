//! The deserializer that reads a [`Node`] tree into a typed value, recording an error it
//! can read past and going on.

use super::access::{Entries, Items, Stand};
use super::messages::{flow_as_text, unexpected};
use super::recover::{Recorded, Seg};
use super::scalars::{is_null, parse_bool, parse_float, parse_int};
use super::{Kind, Node, YamlError};
use serde::de::{self, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

/// An error while reading a tree: where it happened (filled in by the innermost node it
/// passes), what it says, and whether it is a missing field.
#[derive(Debug)]
pub(crate) struct DeError {
    pub(super) path: Option<Vec<Seg>>,
    span: Range<usize>,
    message: String,
    help: Option<String>,
    pub(super) missing: Option<&'static str>,
    /// True when the message still needs the field's name in front (`must be …`).
    bare: bool,
    /// True when it happened inside a stand-in: a consequence of an earlier error.
    pub(super) poisoned: bool,
    root: bool,
}

impl DeError {
    fn msg(message: String, bare: bool) -> Self {
        Self {
            path: None,
            span: 0..0,
            message,
            help: None,
            missing: None,
            bare,
            poisoned: false,
            root: false,
        }
    }

    /// The error, located.
    pub(super) fn located(&self) -> YamlError {
        let mut e = YamlError::new(self.span.clone(), self.message.clone());
        e.help = self.help.clone();
        e.whole = self.root && self.missing.is_some();
        e
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::msg(msg.to_string(), false)
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = Self::msg(format!("missing required field `{field}`"), false);
        e.help = Some(format!("add `{field}:` to the front matter"));
        e.missing = Some(field);
        e
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::msg(format!("must be {exp}, not {}", unexpected(unexp)), true)
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::msg(format!("must be {exp}, not {}", unexpected(unexp)), true)
    }
}

/// A node being read, with the way to it, the name of the field it is the value of, and
/// where recovered errors go.
#[derive(Clone)]
pub(super) struct De<'a> {
    pub(super) node: &'a Node,
    path: Vec<Seg>,
    pub(super) field: Option<&'a str>,
    pub(super) item: bool,
    sink: &'a RefCell<Vec<Recorded>>,
    pub(super) poisoned: bool,
    /// The YAML text, to quote a value as written.
    yaml: &'a str,
}

/// The stand-in value.
pub(super) static POISON: Node = Node {
    kind: Kind::Poison,
    span: 0..0,
};

impl<'a> De<'a> {
    /// The root of `node`, read from `yaml`, recording into `sink`.
    pub(super) fn root(node: &'a Node, yaml: &'a str, sink: &'a RefCell<Vec<Recorded>>) -> Self {
        Self {
            node,
            path: Vec::new(),
            field: None,
            item: false,
            sink,
            poisoned: false,
            yaml,
        }
    }

    /// The reader of a child of this node.
    pub(super) fn child(&self, node: &'a Node, seg: Seg, field: Option<&'a str>) -> Self {
        let mut path = self.path.clone();
        path.push(seg);
        Self {
            node,
            path,
            field: field.or(self.field),
            item: matches!(seg, Seg::Item(_)),
            sink: self.sink,
            poisoned: self.poisoned || matches!(node.kind, Kind::Poison),
            yaml: self.yaml,
        }
    }

    /// "`number`" or "each item of `target_areas`", for the start of a message.
    pub(super) fn label(&self) -> String {
        match (self.field, self.item) {
            (Some(f), false) => format!("`{f}`"),
            (Some(f), true) => format!("each item of `{f}`"),
            (None, true) => "each item".into(),
            (None, false) => "the front matter".into(),
        }
    }

    /// Records an error about this node that reading can go past.
    pub(super) fn record(&self, message: String, help: Option<String>) {
        if self.poisoned {
            return;
        }
        let mut error = YamlError::new(self.node.span.clone(), message);
        error.help = help;
        error.whole = self.path.is_empty() && self.node.span.is_empty();
        self.sink.borrow_mut().push(Recorded {
            path: self.path.clone(),
            error,
        });
    }

    /// Records "… must be X, not Y" for this node.
    fn wrong(&self, expected: &str) {
        let msg = format!("{} must be {expected}, not {}", self.label(), self.what());
        self.record(msg, None);
    }

    /// Records that this node must be a text; a value written in `{ }` or `[ ]` (a
    /// common mistake from templates: `title: {{ name }}`) is explained, with the quotes
    /// to write.
    fn not_text(&self) {
        let written = self.yaml.get(self.node.span.clone()).unwrap_or("");
        let help = flow_as_text(self.field, written);
        if written.starts_with('{') {
            let msg = format!(
                "{} must be a text, but a value starting with `{{` is read as a YAML mapping",
                self.label()
            );
            self.record(msg, help);
            return;
        }
        let msg = format!("{} must be a text, not {}", self.label(), self.what());
        self.record(msg, help);
    }

    /// This node in words, for "not …".
    pub(super) fn what(&self) -> String {
        match &self.node.kind {
            Kind::Scalar { text, plain } if *plain && is_null(text) => "empty".into(),
            Kind::Scalar { text, .. } => format!("`{text}`"),
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "a mapping".into(),
            Kind::Poison => "missing".into(),
        }
    }

    /// Locates an error coming out of this node, unless a node inside did already.
    pub(super) fn finish<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|mut e| {
            if e.path.is_none() {
                e.path = Some(self.path.clone());
                e.span = self.node.span.clone();
                e.root = self.path.is_empty();
                if e.bare {
                    e.message = format!("{} {}", self.label(), e.message);
                    e.bare = false;
                }
            }
            e.poisoned |= self.poisoned;
            e
        })
    }

    fn plain(&self) -> Option<&'a str> {
        match &self.node.kind {
            Kind::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    fn is_empty_value(&self) -> bool {
        self.plain().is_some_and(|t| t.is_empty() || is_null(t))
    }

    fn int(&self, min: i128, max: i128) -> Option<i128> {
        let n = self.plain().and_then(parse_int)?;
        if n < min || n > max {
            let range = if min == 0 {
                format!("a whole number from 0 to {max}")
            } else {
                format!("a whole number from {min} to {max}")
            };
            self.record(format!("{} must be {range}, not `{n}`", self.label()), None);
            return Some(0);
        }
        Some(n)
    }
}

macro_rules! int_method {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
            let r = match self.int(<$t>::MIN as i128, <$t>::MAX as i128) {
                Some(n) => v.$visit(n as $t),
                None => {
                    if !matches!(self.node.kind, Kind::Poison) {
                        self.wrong("a whole number");
                    }
                    v.$visit(0)
                }
            };
            self.finish(r)
        }
    };
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Poison => v.visit_unit(),
            Kind::Seq(items) => v.visit_seq(Items::new(&self, items)),
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, None)),
            Kind::Scalar { text, plain: false } => v.visit_str(text),
            Kind::Scalar { text, plain: true } => {
                if is_null(text) {
                    v.visit_unit()
                } else if let Some(b) = parse_bool(text) {
                    v.visit_bool(b)
                } else if let Some(n) = parse_int(text) {
                    match (u64::try_from(n), i64::try_from(n)) {
                        (Ok(u), _) => v.visit_u64(u),
                        (_, Ok(i)) => v.visit_i64(i),
                        _ => v.visit_i128(n),
                    }
                } else if let Some(f) = parse_float(text) {
                    v.visit_f64(f)
                } else {
                    v.visit_str(text)
                }
            }
        };
        self.finish(r)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match self.plain().and_then(parse_bool) {
            Some(b) => v.visit_bool(b),
            None => {
                if !matches!(self.node.kind, Kind::Poison) {
                    self.wrong("`true` or `false`");
                }
                v.visit_bool(false)
            }
        };
        self.finish(r)
    }

    int_method!(deserialize_i8, visit_i8, i8);
    int_method!(deserialize_i16, visit_i16, i16);
    int_method!(deserialize_i32, visit_i32, i32);
    int_method!(deserialize_i64, visit_i64, i64);
    int_method!(deserialize_u8, visit_u8, u8);
    int_method!(deserialize_u16, visit_u16, u16);
    int_method!(deserialize_u32, visit_u32, u32);
    int_method!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match self.plain().and_then(parse_float) {
            Some(f) => v.visit_f64(f),
            None => {
                if !matches!(self.node.kind, Kind::Poison) {
                    self.wrong("a number");
                }
                v.visit_f64(0.0)
            }
        };
        self.finish(r)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Scalar { text, .. } => v.visit_str(text),
            Kind::Poison => v.visit_str(""),
            _ => {
                self.not_text();
                v.visit_str("")
            }
        };
        self.finish(r)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let none = matches!(self.node.kind, Kind::Poison) || self.is_empty_value();
        let r = if none {
            v.visit_none()
        } else {
            v.visit_some(self.clone())
        };
        self.finish(r)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = v.visit_unit();
        self.finish(r)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = v.visit_newtype_struct(self.clone());
        self.finish(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Seq(items) => v.visit_seq(Items::new(&self, items)),
            Kind::Poison => v.visit_seq(Items::new(&self, &[])),
            _ if self.is_empty_value() => v.visit_seq(Items::new(&self, &[])),
            _ => {
                self.wrong("a list");
                v.visit_seq(Items::new(&self, &[]))
            }
        };
        self.finish(r)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, None)),
            Kind::Poison => v.visit_map(Entries::new(&self, &[], None)),
            _ if self.is_empty_value() => v.visit_map(Entries::new(&self, &[], None)),
            _ => {
                self.wrong("a mapping (`key: value` lines)");
                v.visit_map(Entries::new(&self, &[], None))
            }
        };
        self.finish(r)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, Some(fields))),
            Kind::Poison => v.visit_map(Stand::new(&self, fields)),
            _ if self.is_empty_value() => v.visit_map(Entries::new(&self, &[], Some(fields))),
            _ => {
                self.wrong("a mapping (`key: value` lines)");
                v.visit_map(Stand::new(&self, fields))
            }
        };
        self.finish(r)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let first = variants.first().copied().unwrap_or("");
        let r = match &self.node.kind {
            Kind::Scalar { text, .. } if variants.contains(&text.as_str()) => {
                v.visit_enum(text.as_str().into_deserializer())
            }
            Kind::Poison => v.visit_enum(first.into_deserializer()),
            _ => {
                self.unknown_name(variants);
                v.visit_enum(first.into_deserializer())
            }
        };
        self.finish(r)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = v.visit_unit();
        self.finish(r)
    }
}
