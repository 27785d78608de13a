//! The doc-examples harness (`doc_examples/harness.rs`, copied verbatim into
//! every generated crate) on real cases: this file plays the part of the
//! generated `tests/doc_examples.rs`, with the runtime as the crate under
//! test and `doc_examples.json` holding examples of docs-input.

use graph_runtime::support;

// A test crate's root finds modules beside it, and a `tests/harness.rs`
// would be a test target of its own.
#[path = "doc_examples/harness.rs"]
mod harness;

use harness::{
    check_request, conclude, equivalent, example, one_table_at_a_time, round_trip, same_string, segments,
    with_deep_stack,
};
use harness::{RequestCheck, ResponseCheck};
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const LIST: &str = "api/profile-list-phones.md:88";
const POST: &str = "api/profile-post-phones.md:73";

/// A phone whose `number` is documented as a number, so that the docs'
/// strings are values of the wrong type.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct NumberedPhone {
    #[serde(skip_serializing_if = "support::Field::is_absent")]
    number: support::Field<i64>,
    #[serde(flatten)]
    rest: support::JsonObject,
}

#[test]
fn examples_are_read_by_location() {
    assert!(example(POST).contains("\"Car Phone\""));
    assert!(example(LIST).starts_with("{\n  \"value\": ["));
}

#[test]
#[should_panic(expected = "no example api/none.md:1")]
fn a_missing_example_is_a_bug_of_the_generator() {
    example("api/none.md:1");
}

// `round_trip` counts the process's mismatched values, which a test
// decoding beside it would disturb: it holds the generated tables' lock.
#[test]
fn round_trip_decodes_reencodes_and_counts_raw_values() {
    let _one_table = one_table_at_a_time();
    let checks: &[(&str, ResponseCheck)] =
        &[(LIST, round_trip::<support::Page<support::JsonObject>>), (POST, round_trip::<Value>)];
    for (at, check) in checks {
        assert_eq!(check(example(at)), Ok(()), "{at}");
    }
    let error = |result: Result<(), String>| result.unwrap_err();
    assert!(error(round_trip::<Value>("{")).starts_with("not JSON: "));
    assert!(error(round_trip::<support::Page<Value>>("[1]")).starts_with("decode: "));
    assert_eq!(error(round_trip::<support::NoContent>(r#"{"a":1}"#)), r#"$: {"a":1} became null"#);
    let kept_raw = error(round_trip::<NumberedPhone>(example(POST)));
    assert_eq!(kept_raw, "kept raw: 1 value(s) not of their documented type");
    assert_eq!(round_trip::<NumberedPhone>(r#"{"number":7,"x":[1.0]}"#), Ok(()));
}

#[test]
fn equivalent_compares_by_value_and_says_where_not() {
    let same = |a: Value, b: Value| equivalent(&a, &b, "$");
    assert_eq!(same(json!({"a": [1, 2.5], "b": null}), json!({"b": null, "a": [1.0, 2.5]})), Ok(()));
    let at = "2021-07-06T06:34:12.2294868Z";
    assert_eq!(same(json!({"t": at}), json!({"t": "2021-07-06T08:34:12.2294868+02:00"})), Ok(()));
    let err = |a: Value, b: Value| same(a, b).unwrap_err();
    assert_eq!(err(json!({"a": [1, 2]}), json!({"a": [1, 3]})), "$.a[1]: 2 became 3");
    assert_eq!(err(json!({"a": 1}), json!({"a": 1, "b": 2})), "$.b: present on one side only");
    assert_eq!(err(json!({"b": 2}), json!({})), "$.b: present on one side only");
    assert_eq!(err(json!([1]), json!([1, 2])), "$: [1] became [1,2]");
    assert_eq!(err(json!("1"), json!(1)), "$: \"1\" became 1");
    assert_eq!(err(json!({"x": "home"}), json!({"x": "Home"})), "$.x: \"home\" became \"Home\"");
}

#[test]
fn same_string_compares_instants_guids_and_times_of_day() {
    let same = [
        ("2021-03-22T17:48:09.6613025Z", "2021-03-22T17:48:09.661302500+00:00"),
        ("2021-03-22T17:48:09Z", "2021-03-22T19:48:09+02:00"),
        ("db789417-4ccb-41d1-a0a9-47b01a09ea49", "DB789417-4CCB-41D1-A0A9-47B01A09EA49"),
        ("08:00:00.0000000", "08:00:00"),
        ("Car Phone", "Car Phone"),
    ];
    for (x, y) in same {
        assert!(same_string(x, y) && same_string(y, x), "{x} {y}");
    }
    let different = [
        ("2021-03-22T17:48:09Z", "2021-03-22T17:48:10Z"),
        ("db789417-4ccb-41d1-a0a9-47b01a09ea49", "db789417-4ccb-41d1-a0a9-47b01a09ea48"),
        ("08:00:00", "08:00:01"),
        ("home", "HOME"),
        ("2021-03-22", "2021-03-22T00:00:00Z"),
    ];
    for (x, y) in different {
        assert!(!same_string(x, y), "{x} {y}");
    }
}

#[test]
fn segments_are_decoded_and_lowercased() {
    assert_eq!(
        segments("/me/profile/phones/Cf4Q3h0ZTkK%2BZ9e%2FTu1u6w==?$top=1"),
        ["", "me", "profile", "phones", "cf4q3h0ztkk+z9e/tu1u6w=="]
    );
    assert_eq!(segments("/Me/Profile/Phones/"), segments("/me/profile/phones"));
    assert_eq!(segments("/users/%C3%A9t%C3%A9"), ["", "users", "été"]);
    assert_ne!(segments("/me/a%2Fb"), segments("/me/a/b"));
}

/// What a generated request function for `POST /me/profile/phones` builds.
fn post(body: &Value) -> support::Request<support::NoContent> {
    let path = "/me/profile/phones".into();
    support::Request::new(Method::POST, path, 201, support::ResponseKind::Empty).json_body(body)
}

#[test]
fn check_request_compares_method_path_and_body() {
    let checks: &[(&str, RequestCheck)] = &[(POST, || {
        let body: Value = serde_json::from_str(example(POST)).map_err(|e| format!("body: {e}"))?;
        check_request(&post(&body), "POST", "/ME/profile/phones/", Some(example(POST)))
    })];
    for (at, check) in checks {
        assert_eq!(check(), Ok(()), "{at}");
    }
    let request = post(&json!({"number": 1.0}));
    assert_eq!(check_request(&request, "POST", "/me/profile/phones", Some(r#"{"number":1}"#)), Ok(()));
    let err = |method, path, body| check_request(&request, method, path, body).unwrap_err();
    assert_eq!(err("GET", "/me/profile/phones", None), "method POST instead of GET");
    assert_eq!(err("POST", "/me/phones", None), "path /me/profile/phones instead of /me/phones");
    assert_eq!(err("POST", "/me/profile/phones", Some("{\"number\":2}")), "$.number: 2 became 1.0");
    assert_eq!(
        err("POST", "/me/profile/phones", None),
        "body Some([123, 34, 110, 117, 109, 98, 101, 114, 34, 58, 49, 46, 48, 125]) instead of None"
    );
    assert!(err("POST", "/me/profile/phones", Some("{")).contains("EOF"));
}

// The only test that calls `conclude` or touches `DOC_EXAMPLES_REPORT`.
#[test]
fn conclude_fails_with_every_failure_or_reports_each_case() {
    let results =
        || vec![("a.md:1", Ok(())), ("b.md:2", Err("x\ty\nz".to_owned())), ("c.md:3", Err("w".into()))];
    let failed = std::panic::catch_unwind(|| conclude("response", results())).unwrap_err();
    let message = failed.downcast_ref::<String>().expect("a formatted panic message");
    assert_eq!(message, "2 of 3 failed:\nb.md:2: x\ty\nz\nc.md:3: w");
    conclude("request", vec![("a.md:1", Ok(()))]);

    let report = std::env::temp_dir().join(format!("graph-runtime-report-{}.tsv", std::process::id()));
    let _ = std::fs::remove_file(&report);
    std::env::set_var("DOC_EXAMPLES_REPORT", &report);
    conclude("response", results());
    conclude("request", Vec::new());
    conclude("request", vec![("d.md:4", Ok(()))]);
    std::env::remove_var("DOC_EXAMPLES_REPORT");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::remove_file(&report).unwrap();
    assert_eq!(
        text,
        "response\ta.md:1\tok\nresponse\tb.md:2\tx y z\nresponse\tc.md:3\tw\nrequest\td.md:4\tok\n"
    );
}

#[test]
fn cases_run_with_more_stack_than_a_test_thread_has() {
    // 8 MiB on the stack: four times what a test thread gets.
    let sum = with_deep_stack(|| {
        let big = std::hint::black_box([1u8; 8 << 20]);
        big.iter().map(|b| u64::from(*b)).sum::<u64>()
    });
    assert_eq!(sum, 8 << 20);
    let panicked = std::panic::catch_unwind(|| with_deep_stack(|| panic!("inside"))).unwrap_err();
    assert_eq!(panicked.downcast_ref::<&str>(), Some(&"inside"));
}
