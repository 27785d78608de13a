//! Open enums and flags on the wire.

use serde_json::json;

use super::{PhoneType, Unlisted};
use crate::support::{Flags, WireEnum};

#[test]
fn flags_combine_members_with_commas() {
    let flags: Flags<PhoneType> = serde_json::from_value(json!("home,business,satellite")).unwrap();
    assert_eq!(flags.0, [PhoneType::Home, PhoneType::Business, PhoneType::Undocumented("satellite".into())]);
    assert_eq!(serde_json::to_value(&flags).unwrap(), json!("home,business,satellite"));
    let none: Flags<PhoneType> = serde_json::from_value(json!("")).unwrap();
    assert!(none.0.is_empty());
}

#[test]
fn wire_enum_round_trips_known_and_unknown() {
    for wire in ["home", "business", "satellite", "a,b", ""] {
        let value: PhoneType = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!((value.as_str(), value.to_string()), (wire, wire.to_owned()));
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(wire));
    }
    assert_eq!("business".parse(), Ok(PhoneType::Business));
    assert_eq!(PhoneType::from("x"), PhoneType::Undocumented("x".into()));
    assert_eq!(Unlisted::from("y").as_str(), "y");
    assert!(serde_json::from_value::<PhoneType>(json!(1)).is_err());
}

#[test]
fn a_field_of_an_enum_takes_its_wire_string() {
    use crate::support::Field;
    // What a setter (`impl Into<Field<E>>`) takes: a member, or its wire text,
    // documented or not (`"created,updated"`, a combination, stays as it is).
    let home: Field<PhoneType> = "home".into();
    assert_eq!(home, Field::Value(PhoneType::Home));
    let combined: Field<PhoneType> = "home,mobile".into();
    assert_eq!(combined.value().map(PhoneType::as_str), Some("home,mobile"));
    let member: Field<PhoneType> = PhoneType::Business.into();
    assert_eq!(member, Field::Value(PhoneType::Business));
}
