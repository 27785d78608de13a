//! One-pass decoding: scalars, collections and objects of the wrong shape
//! kept raw, members found without copying their names, `@odata.type`
//! dispatch wherever the type comes.

use serde::de::MapAccess;
use serde::Serialize;
use serde_json::{json, Value};

use super::{ItemPhone, PhoneType};
use crate::support::{
    mark_derived, object, polymorphic, read_derived, read_field, DateTimeOffset, Field, JsonObject, Object,
    ObjectWriter, Polymorphic,
};

/// A struct with a field of every shape `Decode` handles.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sample {
    count: Field<i32>,
    ratio: Field<f64>,
    when: Field<DateTimeOffset>,
    tags: Field<Vec<String>>,
    phone: Field<ItemPhone>,
    phones: Field<Vec<ItemPhone>>,
    extra: Field<Value>,
    next: Field<Box<Sample>>,
    /// A field whose feature is "off": `read_member` declines it.
    off: Field<String>,
    additional_properties: JsonObject,
}

impl Object for Sample {
    const MEMBERS: &'static [&'static str] =
        &["count", "extra", "next", "off", "phone", "phones", "ratio", "tags", "when"];

    fn read_member<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<bool, A::Error> {
        match index {
            0 => read_field(&mut self.count, map),
            1 => read_field(&mut self.extra, map),
            2 => read_field(&mut self.next, map),
            4 => read_field(&mut self.phone, map),
            5 => read_field(&mut self.phones, map),
            6 => read_field(&mut self.ratio, map),
            7 => read_field(&mut self.tags, map),
            8 => read_field(&mut self.when, map),
            _ => Ok(false),
        }
    }

    fn additional_properties(&mut self) -> &mut JsonObject {
        &mut self.additional_properties
    }
}
object!(Sample);

impl Serialize for Sample {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = &mut ObjectWriter::typed(serializer, &self.additional_properties)?;
        object.put("count", &self.count)?;
        object.put("extra", &self.extra)?;
        object.put("next", &self.next)?;
        object.put("off", &self.off)?;
        object.put("phone", &self.phone)?;
        object.put("phones", &self.phones)?;
        object.put("ratio", &self.ratio)?;
        object.put("tags", &self.tags)?;
        object.put("when", &self.when)?;
        object.end(&self.additional_properties)
    }
}

fn sample(value: Value) -> Sample {
    serde_json::from_str(&value.to_string()).unwrap()
}

#[test]
fn every_shape_decodes_in_place() {
    let decoded = sample(json!({
        "count": 3, "ratio": 2, "when": "2021-07-01T10:00:00Z", "tags": ["a", "b"],
        "phone": {"displayName": "x", "type": "home"}, "phones": [{"type": "business"}],
        "extra": {"any": [1]}, "off": "kept", "@odata.etag": "W/1", "next": {"count": 4, "next": {"ratio": 1.5}}
    }));
    assert_eq!(decoded.count, Field::Value(3));
    assert_eq!(decoded.ratio, Field::Value(2.0));
    assert_eq!(decoded.when.value().map(|t| t.timestamp()), Some(1_625_133_600));
    assert_eq!(decoded.tags, Field::Value(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(decoded.phone.value().and_then(|p| p.kind.value()), Some(&PhoneType::Home));
    assert_eq!(decoded.phones.value().map(Vec::len), Some(1));
    assert_eq!(decoded.extra, Field::Value(json!({"any": [1]})));
    let next = decoded.next.value().unwrap();
    assert_eq!((next.count.value(), next.next.value().unwrap().ratio.value()), (Some(&4), Some(&1.5)));
    // A field this build does not compile is kept with the unknown members.
    assert!(decoded.off.is_absent());
    assert_eq!(decoded.additional_properties["off"], json!("kept"));
    assert_eq!(decoded.additional_properties["@odata.etag"], json!("W/1"));
}

#[test]
fn values_of_the_wrong_shape_are_kept_raw_and_reencoded_unchanged() {
    let wrong = json!({
        "count": 3000000000u64, "ratio": "NaN", "when": "yesterday", "tags": ["a", 7, "c"],
        "phone": "not an object", "phones": [{"type": "home"}, null], "extra": null, "next": [1]
    });
    let decoded = sample(wrong.clone());
    assert_eq!(decoded.count, Field::mismatch(json!(3000000000u64)));
    assert_eq!(decoded.ratio, Field::mismatch(json!("NaN")));
    assert_eq!(decoded.when, Field::mismatch(json!("yesterday")));
    assert_eq!(decoded.tags, Field::mismatch(json!(["a", 7, "c"])));
    assert_eq!(decoded.phone, Field::mismatch(json!("not an object")));
    assert_eq!(decoded.phones, Field::mismatch(json!([{"type": "home"}, null])));
    assert!(decoded.extra.is_null());
    assert_eq!(decoded.next, Field::mismatch(json!([1])));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), wrong);
    let scalars = sample(json!({"count": 1.5, "tags": "a", "phones": {"a": 1}}));
    assert_eq!(scalars.count, Field::mismatch(json!(1.5)));
    assert_eq!(scalars.tags, Field::mismatch(json!("a")));
    assert_eq!(scalars.phones, Field::mismatch(json!({"a": 1})));
}

#[test]
fn member_names_with_escapes_are_found_and_the_last_duplicate_wins() {
    let decoded: Sample = serde_json::from_str(r#"{"co\u0075nt": 1, "count": 2, "\u0040x": true}"#).unwrap();
    assert_eq!(decoded.count, Field::Value(2));
    assert_eq!(decoded.additional_properties["@x"], json!(true));
}

#[test]
fn a_struct_itself_must_be_an_object_and_json_must_be_well_formed() {
    assert!(serde_json::from_str::<Sample>("[]").is_err());
    assert!(serde_json::from_str::<Sample>("null").is_err());
    assert!(serde_json::from_str::<Sample>(r#"{"count": 1"#).is_err());
    assert!(serde_json::from_str::<Sample>(r#"{"tags": ["a", }"#).is_err());
    // From a `Value` as from text.
    let value = json!({"count": 4, "phone": {"type": "business"}});
    let decoded: Sample = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(decoded).unwrap(), value);
}

/// A base type (`ItemPhone` stands in) with two derived types, one of them
/// "compiled out".
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
enum AnyPhone {
    Sample(Box<Sample>),
    ItemPhone(Box<ItemPhone>),
}

impl Polymorphic for AnyPhone {
    type Base = ItemPhone;
    const DERIVED: &'static [&'static str] = &["microsoft.graph.sample", "microsoft.graph.compiledOut"];

    fn base(base: ItemPhone) -> Self {
        AnyPhone::ItemPhone(Box::new(base))
    }

    fn read_derived<'de, A: MapAccess<'de>>(
        index: usize,
        odata_type: Value,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error> {
        match index {
            0 => read_derived(odata_type, map, AnyPhone::Sample),
            _ => Ok(None),
        }
    }
}
polymorphic!(AnyPhone);

fn any(value: Value) -> AnyPhone {
    serde_json::from_str(&value.to_string()).unwrap()
}

#[test]
fn odata_type_first_or_later_picks_the_same_derived_type() {
    let first =
        any(json!({"@odata.type": "#microsoft.graph.sample", "count": 2, "type": "x", "tags": ["t"]}));
    let later =
        any(json!({"count": 2, "tags": ["t"], "@odata.type": "#microsoft.graph.sample", "type": "x"}));
    let AnyPhone::Sample(sample) = &first else { panic!("{first:?}") };
    assert_eq!(sample.count, Field::Value(2));
    assert_eq!(sample.additional_properties["@odata.type"], json!("#microsoft.graph.sample"));
    assert_eq!(sample.additional_properties["type"], json!("x"));
    assert_eq!(first, later);
    // Any case, with or without `#`.
    assert!(matches!(any(json!({"@odata.type": "Microsoft.Graph.SAMPLE"})), AnyPhone::Sample(_)));
    // A member of the base read before the type: the base's reading of it
    // goes back to JSON and is read again by the derived type.
    let AnyPhone::Sample(late) = any(json!({"displayName": "d", "@odata.type": "microsoft.graph.sample"}))
    else {
        panic!()
    };
    assert_eq!(late.additional_properties["displayName"], json!("d"));
}

#[test]
fn no_type_an_unknown_type_or_a_compiled_out_type_decode_into_the_base() {
    for value in [
        json!({"displayName": "d", "type": "home"}),
        json!({"@odata.type": "#microsoft.graph.unknown", "displayName": "d", "type": "home"}),
        json!({"@odata.type": "#microsoft.graph.compiledOut", "displayName": "d", "type": "home"}),
        json!({"displayName": "d", "@odata.type": "#microsoft.graph.compiledOut", "type": "home"}),
        json!({"displayName": "d", "@odata.type": 7, "type": "home"}),
    ] {
        let decoded = any(value.clone());
        let AnyPhone::ItemPhone(phone) = &decoded else { panic!("{decoded:?}") };
        assert_eq!(phone.kind, Field::Value(PhoneType::Home));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    }
    assert!(serde_json::from_str::<AnyPhone>(r#""text""#).is_err());
    let field: Field<AnyPhone> = serde_json::from_str(r#""text""#).unwrap();
    assert_eq!(field, Field::mismatch(json!("text")));
}

#[test]
fn a_derived_value_is_sent_with_its_odata_type_first() {
    // Decoded with the type last, encoded with it first, once.
    let later = any(json!({"count": 2, "@odata.type": "#microsoft.graph.sample"}));
    let text = serde_json::to_string(&later).unwrap();
    assert_eq!(text, r##"{"@odata.type":"#microsoft.graph.sample","count":2}"##);
    // Built in code: `mark_derived` (what each `From` into an `Any…` enum
    // calls) adds the type, and keeps one that is there.
    let mut built = Sample { count: Field::Value(3), ..Sample::default() };
    mark_derived(&mut built.additional_properties, "microsoft.graph.sample");
    let text = serde_json::to_string(&built).unwrap();
    assert_eq!(text, r##"{"@odata.type":"#microsoft.graph.sample","count":3}"##);
    mark_derived(&mut built.additional_properties, "microsoft.graph.other");
    assert_eq!(built.additional_properties["@odata.type"], json!("#microsoft.graph.sample"));
    assert_eq!(any(serde_json::to_value(&built).unwrap()), AnyPhone::Sample(Box::new(built)));
}

#[test]
fn a_body_of_a_base_type_is_built_as_the_base() {
    use crate::support::{NeedsBody, NoContent, Request, ResponseKind};
    let request: Request<NoContent> = Request::new(http::Method::POST, "/x".into(), 201, ResponseKind::Empty);
    let built = NeedsBody::<NoContent, AnyPhone>::new(request).body_with(|mut phone| {
        phone.display_name = "d".into();
        phone
    });
    assert_eq!(built.body(), Some(&br#"{"displayName":"d"}"#[..]));
}
