//! The Edm primitives that have no exact Rust type of their own: aliases for
//! those that do, newtypes for durations and binary.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `Edm.DateTimeOffset`: Graph always sends an explicit offset.
pub type DateTimeOffset = chrono::DateTime<chrono::FixedOffset>;
/// `Edm.Date`: a calendar day with no time zone.
pub type Date = chrono::NaiveDate;
/// `Edm.TimeOfDay`: a wall-clock time with no date or zone.
pub type TimeOfDay = chrono::NaiveTime;
/// `Edm.Guid`.
pub type Guid = uuid::Uuid;

/// `Edm.Duration` (ISO 8601, e.g. `PT1H30M`), kept as text so that values
/// with no fixed length (months, years) survive a round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Duration(pub String);

impl Duration {
    /// The length, or `None` if negative, malformed or using nonzero years or months.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let rest = self.0.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((_, "")) => return None,
            Some((date, time)) => (date, time),
            None => (rest, ""),
        };
        if date.is_empty() && time.is_empty() {
            return None;
        }
        let date_units = [('Y', 0), ('M', 0), ('W', 604_800), ('D', 86_400)];
        let total = parse_units(date, &date_units)?;
        total.checked_add(parse_units(time, &[('H', 3600), ('M', 60), ('S', 1)])?)
    }
}

/// Sums `<number><unit>` pairs in unit order; a unit of 0 seconds has no fixed length.
fn parse_units(mut s: &str, units: &[(char, u64)]) -> Option<std::time::Duration> {
    let mut units = units.iter();
    let mut total = std::time::Duration::ZERO;
    while !s.is_empty() {
        let end = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, rest) = s.split_at(end);
        let mut chars = rest.chars();
        let unit = chars.next()?;
        let &(_, secs) = units.by_ref().find(|(u, _)| *u == unit)?;
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        let n: u64 = int.parse().ok()?;
        if (secs == 0 && n != 0) || number.contains('.') && (unit != 'S' || frac.is_empty()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let nanos = frac.bytes().chain(std::iter::repeat(b'0')).take(9);
        let nanos = nanos.fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        let part = std::time::Duration::new(n.checked_mul(secs)?, nanos);
        total = total.checked_add(part)?;
        s = chars.as_str();
    }
    Some(total)
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        let secs = value.as_secs();
        match value.subsec_nanos() {
            0 => Duration(format!("PT{secs}S")),
            nanos => {
                let frac = format!("{nanos:09}");
                Duration(format!("PT{secs}.{}S", frac.trim_end_matches('0')))
            }
        }
    }
}

/// Decodes padded or unpadded input, whatever a service or user sends.
const fn lenient(alphabet: &'static alphabet::Alphabet) -> GeneralPurpose {
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config)
}
pub(super) const STANDARD_IN: GeneralPurpose = lenient(&alphabet::STANDARD);
const URL_SAFE_IN: GeneralPurpose = lenient(&alphabet::URL_SAFE);

/// `Edm.Binary`: bytes carried in JSON as a base64 string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let url_safe = text.contains(['-', '_']);
        let engine = if url_safe { &URL_SAFE_IN } else { &STANDARD_IN };
        engine.decode(&text).map(Base64).map_err(de::Error::custom)
    }
}
