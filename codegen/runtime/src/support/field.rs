//! `Field<T>`: a property that keeps absent, null, a value, or a value of
//! the wrong type apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Decode;

/// A property of a Graph object; PATCH semantics need all three states:
/// absent leaves the property alone, null clears it, a value sets it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Not in the JSON: omitted again on output (`skip_serializing_if`).
    #[default]
    Absent,
    /// An explicit JSON `null`.
    Null,
    /// A present, non-null value.
    Value(T),
    /// A value that is not of the documented type (the docs and the service
    /// disagree), kept as raw JSON: the rest of the object still decodes
    /// and re-encoding loses nothing. Counted by [`mismatched_values`].
    /// Boxed, so that a field takes no more room than its value: a rare
    /// case does not grow every struct.
    Mismatch(Box<serde_json::Value>),
}

static MISMATCHED_VALUES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many values this process kept as [`Field::Mismatch`]: a measure of
/// where the docs' types and real data disagree.
pub fn mismatched_values() -> usize {
    MISMATCHED_VALUES.load(std::sync::atomic::Ordering::Relaxed)
}

impl<T> Field<T> {
    /// For `skip_serializing_if`, so absent properties stay absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    /// True for an explicit `null`, which differs from absence in PATCH.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }
    /// True when there is a usable value.
    pub fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }
    /// Borrows the value while keeping the three-way state.
    #[allow(clippy::should_implement_trait)]
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
            Field::Mismatch(raw) => Field::Mismatch(raw.clone()),
        }
    }
    /// The value, for readers that treat absent and null alike.
    pub fn value(&self) -> Option<&T> {
        self.as_ref().into_value()
    }
    /// The owned value, for readers that treat absent and null alike.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }
    /// Converts the value while keeping the three-way state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
            Field::Mismatch(raw) => Field::Mismatch(raw),
        }
    }
    /// A value not of the documented type, kept raw.
    pub fn mismatch(raw: serde_json::Value) -> Self {
        Field::Mismatch(Box::new(raw))
    }
    /// Maps `None` to an explicit `null` (to clear a property in PATCH), not
    /// to absent (which leaves it as it is); `From<Option<T>>` does the same.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

/// `phone.display_name = "Car Phone".into()`, without `.to_owned()`.
impl From<&str> for Field<String> {
    fn from(value: &str) -> Self {
        Field::Value(value.to_owned())
    }
}

/// `.with_display_name(&name)`, as `String: From<&String>`.
impl From<&String> for Field<String> {
    fn from(value: &String) -> Self {
        Field::Value(value.clone())
    }
}

/// `None` becomes [`Field::Null`], as [`Field::from_option`]: in a PATCH
/// body that clears the property (`changes.mobile_phone = phone.into()`
/// with `phone: Option<String>`). To leave a property as it is, keep its
/// field [`Field::Absent`], the default, which is not sent.
impl<T> From<Option<T>> for Field<T> {
    fn from(value: Option<T>) -> Self {
        Field::from_option(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(serializer),
            Field::Mismatch(raw) => raw.serialize(serializer),
            // Absent is normally skipped; null is the only honest fallback.
            Field::Null | Field::Absent => serializer.serialize_none(),
        }
    }
}

/// A present member (a missing one keeps its default, `Absent`), read in
/// one pass by [`Decode`]; a value of the wrong type is counted in
/// [`mismatched_values`].
impl<'de, T: Decode> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let field = T::decode(deserializer)?;
        if let Field::Mismatch(_) = field {
            MISMATCHED_VALUES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(field)
    }
}

impl<T: Decode> Field<T> {
    /// A present member from its JSON: null, a value of the documented
    /// type, or (when the service sent something else) the raw JSON, counted
    /// in [`mismatched_values`]; the same rule as decoding, by [`Decode`].
    pub fn from_json(raw: serde_json::Value) -> Self {
        // Decoding a `Value` cannot meet malformed JSON; should it fail
        // anyway, the value is kept raw like any other mismatch.
        Field::deserialize(&raw).unwrap_or_else(|_: serde_json::Error| {
            MISMATCHED_VALUES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Field::mismatch(raw.clone())
        })
    }
}
