//! The Edm newtypes: ISO 8601 durations and base64.

use serde_json::json;

use crate::support::{Base64, Duration};

#[test]
fn duration_parses_iso_8601() {
    let secs = |text: &str| Duration(text.into()).to_std().map(|d| d.as_secs_f64());
    assert_eq!((secs("PT1H30M"), secs("P1D"), secs("P1W")), (Some(5400.0), Some(86400.0), Some(604800.0)));
    assert_eq!((secs("P0Y0M1DT2S"), secs("PT1.25S")), (Some(86402.0), Some(1.25)));
    let bad = "-PT5S P1M P1Y P PT P1DT P1H PT1M1H PT.5S PT1.S PT1.5M PT1.2.3S 1D PT9999999999999999999H";
    for text in bad.split(' ') {
        assert_eq!(secs(text), None, "{text}");
    }
    let iso = |d: std::time::Duration| Duration::from(d).0;
    assert_eq!(iso(std::time::Duration::from_secs(5400)), "PT5400S");
    assert_eq!(iso(std::time::Duration::from_millis(1500)), "PT1.5S");
    assert_eq!(serde_json::to_value(Duration("P1D".into())).unwrap(), json!("P1D"));
}

#[test]
fn base64_round_trips_and_accepts_variants() {
    let bytes = Base64(vec![0xfb, 0xff]);
    assert_eq!(serde_json::to_value(&bytes).unwrap(), json!("+/8="));
    for text in ["+/8=", "+/8", "-_8", "-_8="] {
        assert_eq!(serde_json::from_value::<Base64>(json!(text)).unwrap(), bytes);
    }
    assert!(serde_json::from_value::<Base64>(json!("!!")).is_err());
}
