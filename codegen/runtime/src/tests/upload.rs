//! The sans-IO upload: chunk requests on the wire, what each answer of a
//! session means, and that nothing from the wire can make it panic or loop.

use std::time::Duration;

use http::{Method, StatusCode};

use crate::support::{
    ChunkedUpload, Error, JsonObject, NoContent, UploadStep, DEFAULT_UPLOAD_CHUNK, MAX_UPLOAD_CHUNK,
    UPLOAD_CHUNK_UNIT,
};

const URL: &str = "https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337?tempauth=5ecret";
const UNIT: u64 = UPLOAD_CHUNK_UNIT;

fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.as_bytes().to_vec());
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    response
}

fn ranges(ranges: &[&str]) -> String {
    serde_json::json!({ "expirationDateTime": "2015-01-29T09:21:55.523Z", "nextExpectedRanges": ranges })
        .to_string()
}

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

/// The upload's next chunk request, filled with zeros.
fn next_request<T>(upload: &ChunkedUpload<T>) -> http::Request<Vec<u8>> {
    let range = upload.next_chunk().unwrap();
    upload.chunk_request(vec![0; (range.end - range.start) as usize]).unwrap()
}

#[test]
fn chunk_sizes_are_multiples_of_320_kib_up_to_60_mib() {
    for bad in [0, 1, UNIT - 1, UNIT + 1, 4 * 1024 * 1024, MAX_UPLOAD_CHUNK + UNIT, u64::MAX] {
        let error = ChunkedUpload::<JsonObject>::new(URL, 10, bad).unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{bad}: {error}");
        assert!(error.to_string().contains("320 KiB"), "{error}");
    }
    for good in [UNIT, DEFAULT_UPLOAD_CHUNK, MAX_UPLOAD_CHUNK] {
        assert_eq!(ChunkedUpload::<JsonObject>::new(URL, 10, good).unwrap().chunk_size(), good);
    }
    assert_eq!((MAX_UPLOAD_CHUNK % UNIT, MAX_UPLOAD_CHUNK), (0, 60 << 20));
    assert_eq!(DEFAULT_UPLOAD_CHUNK, 3_276_800, "10 × 320 KiB: attachment sessions take < 4 MiB a request");

    let empty = ChunkedUpload::<JsonObject>::new(URL, 0, UNIT).unwrap_err();
    assert!(empty.to_string().contains("empty file"), "{empty}");
    for url in ["/up/x?tempauth=5ecret", "ftp://host/up?tempauth=5ecret", "not a url 5ecret", ""] {
        let error = ChunkedUpload::<JsonObject>::new(url, 10, UNIT).unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{url}");
        assert!(!error.to_string().contains("5ecret"), "the URL's credential is not echoed: {error}");
    }
}

#[test]
fn chunks_carry_their_range_and_length_and_no_token() {
    let total = 2 * UNIT + 100;
    let mut upload = ChunkedUpload::<JsonObject>::new(URL, total, UNIT).unwrap();
    assert_eq!((upload.total(), upload.offset(), upload.next_chunk()), (total, 0, Some(0..UNIT)));
    let first = upload.chunk_request(vec![7; UNIT as usize]).unwrap();
    assert_eq!((first.method(), first.uri().to_string()), (&Method::PUT, URL.to_owned()));
    assert_eq!(header(&first, "content-range"), Some("bytes 0-327679/655460"));
    assert_eq!(header(&first, "content-length"), Some("327680"));
    assert_eq!(first.headers().len(), 2, "no Authorization, nothing else: {:?}", first.headers());
    assert_eq!(first.body().len(), UNIT as usize);
    let short = upload.chunk_request(vec![0; 10]).unwrap_err();
    assert!(matches!(short, Error::InvalidRequest(_)), "{short}");

    let step = upload.read_chunk_response(answer(202, &ranges(&["327680-"]))).unwrap();
    assert!(matches!(step, UploadStep::Continue));
    assert_eq!((upload.offset(), upload.next_chunk()), (UNIT, Some(UNIT..2 * UNIT)));
    let _ = next_request(&upload);
    upload.read_chunk_response(answer(202, &ranges(&["655360-655459"]))).unwrap();
    let last = next_request(&upload);
    assert_eq!(header(&last, "content-range"), Some("bytes 655360-655459/655460"));
    assert_eq!((header(&last, "content-length"), last.body().len()), (Some("100"), 100));

    let UploadStep::Done(item) = upload.read_chunk_response(answer(201, r#"{"id":"1"}"#)).unwrap() else {
        panic!("the last chunk's 201 ends the upload")
    };
    assert_eq!((item.status(), &item["id"]), (StatusCode::CREATED, &serde_json::json!("1")));
    assert_eq!((upload.is_done(), upload.offset(), upload.next_chunk()), (true, total, None));
    assert!(upload.chunk_request(Vec::new()).is_err());

    for (request, method) in
        [(upload.status_request(), Method::GET), (upload.cancel_request(), Method::DELETE)]
    {
        assert_eq!((request.method(), request.uri().to_string()), (&method, URL.to_owned()));
        assert!(request.headers().is_empty() && request.body().is_empty(), "{request:?}");
    }
}

#[test]
fn the_next_chunk_starts_where_the_service_stopped() {
    let total = 3 * UNIT;
    let mut upload = ChunkedUpload::<JsonObject>::new(URL, total, UNIT).unwrap();
    // Half the first chunk kept: the next one starts in its middle, a whole chunk long.
    upload.read_chunk_response(answer(202, &ranges(&["163840-"]))).unwrap();
    assert_eq!(upload.next_chunk(), Some(163_840..163_840 + UNIT));
    let request = next_request(&upload);
    assert_eq!(header(&request, "content-range"), Some("bytes 163840-491519/983040"));

    // A bounded first range bounds the chunk; later ranges wait their turn.
    upload.read_chunk_response(answer(202, &ranges(&["200000-200099", "500000-"]))).unwrap();
    assert_eq!(upload.next_chunk(), Some(200_000..200_100));
    // Outlook lists a bare start.
    upload.read_chunk_response(answer(202, r#"{"NextExpectedRanges":["300000"]}"#)).unwrap();
    assert_eq!(upload.next_chunk(), Some(300_000..300_000 + UNIT));

    // The status of the session may go back (bytes lost) or forward (an answer lost).
    upload.read_status_response(answer(200, &ranges(&["100-"]))).unwrap();
    assert_eq!(upload.offset(), 100);
    upload.read_status_response(answer(200, &ranges(&["900000-983039"]))).unwrap();
    assert_eq!(upload.next_chunk(), Some(900_000..total));
}

#[test]
fn malformed_or_stalled_ranges_are_errors_not_panics() {
    let malformed = [
        "{}".to_owned(),
        "not json".to_owned(),
        "".to_owned(),
        r#"{"nextExpectedRanges":"5-"}"#.to_owned(),
        r#"{"nextExpectedRanges":[5]}"#.to_owned(),
        ranges(&[]),
        ranges(&["x-"]),
        ranges(&["-5"]),
        ranges(&["7-3"]),
        ranges(&["5-5-5"]),
        ranges(&["10-1000"]),
        ranges(&["1000-"]),
        ranges(&["18446744073709551615-"]),
        ranges(&["99999999999999999999999-"]),
        ranges(&["10-18446744073709551615"]),
    ];
    for body in &malformed {
        let mut upload = ChunkedUpload::<JsonObject>::new(URL, 1000, UNIT).unwrap();
        let error = upload.read_chunk_response(answer(202, body)).unwrap_err();
        assert!(matches!(error, Error::Decode { status: StatusCode::ACCEPTED, .. }), "{body}: {error}");
        let error = upload.read_status_response(answer(200, body)).unwrap_err();
        assert!(matches!(error, Error::Decode { status: StatusCode::OK, .. }), "{body}: {error}");
        assert_eq!(upload.offset(), 0, "{body}: an error leaves the upload where it was");
    }

    // A service that keeps none of a chunk, or asks for earlier bytes again,
    // would be sent chunks forever.
    let mut upload = ChunkedUpload::<JsonObject>::new(URL, 1000, UNIT).unwrap();
    upload.read_status_response(answer(200, &ranges(&["500-"]))).unwrap();
    for again in ["500-", "0-"] {
        let error = upload.read_chunk_response(answer(202, &ranges(&[again]))).unwrap_err();
        assert!(error.to_string().contains("accepted nothing from byte 500"), "{error}");
    }

    let gone = r#"{"error":{"code":"itemNotFound","message":"The upload session was not found"}}"#;
    let Err(Error::Status(error)) = upload.read_chunk_response(answer(404, gone)) else { panic!() };
    assert_eq!(error.error.unwrap().code, "itemNotFound");
    let mut throttled = answer(503, "");
    throttled.headers_mut().insert("retry-after", 7.into());
    let Err(Error::Status(error)) = upload.read_status_response(throttled) else { panic!() };
    assert_eq!((error.status.as_u16(), error.retry_after), (503, Some(Duration::from_secs(7))));
    assert!(!upload.is_done());
}

#[test]
fn an_attachment_upload_ends_with_an_empty_201_and_a_location() {
    let location = "https://outlook.office.com/api/v2.0/Users('a')/Messages('b')/Attachments('c')";
    let created = || {
        let mut response = answer(201, "");
        response.headers_mut().insert("location", location.parse().unwrap());
        response
    };
    let mut upload = ChunkedUpload::<NoContent>::new(URL, 10, UNIT).unwrap();
    let UploadStep::Done(done) = upload.read_chunk_response(created()).unwrap() else { panic!() };
    assert_eq!((done.status().as_u16(), done.header("location")), (201, Some(location)));
    let mut upload = ChunkedUpload::<Option<JsonObject>>::new(URL, 10, UNIT).unwrap();
    let UploadStep::Done(done) = upload.read_chunk_response(created()).unwrap() else { panic!() };
    assert_eq!(done.into_inner(), None);
    // A drive item's JSON that does not decode is a decode error.
    let mut upload = ChunkedUpload::<JsonObject>::new(URL, 10, UNIT).unwrap();
    let error = upload.read_chunk_response(answer(200, "[1]")).unwrap_err();
    assert!(matches!(error, Error::Decode { status: StatusCode::OK, .. }), "{error}");
}

#[test]
fn debug_leaves_out_the_url_credential() {
    let upload = ChunkedUpload::<JsonObject>::new(URL, 10, UNIT).unwrap();
    let text = format!("{upload:?}");
    assert!(text.contains("sn3302.up.1drv.com") && !text.contains("5ecret"), "{text}");
}
