//! Lenient decoding helpers and the PATCH tri-state: every accepted form decodes, bad forms of a
//! required value are serde errors (not panics), a bad optional date or integer is `None`, and what
//! is written reads back the same.

use api_core::{OffsetDateTime, Patch, lenient};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::macros::datetime;

fn decode<T: for<'de> Deserialize<'de>>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

// ---- booleans -------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Flag {
    #[serde(with = "lenient::bool_or_string")]
    on: bool,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct MaybeFlag {
    #[serde(default, with = "lenient::option_bool_or_string")]
    on: Option<bool>,
}

#[test]
fn bool_or_string_accepts_booleans_strings_and_zero_one() {
    let cases = [
        (json!(true), true),
        (json!(false), false),
        (json!("true"), true),
        (json!("false"), false),
        (json!("True"), true),
        (json!("FALSE"), false),
        (json!("1"), true),
        (json!("0"), false),
        (json!(1), true),
        (json!(0), false),
    ];
    for (input, expected) in cases {
        let flag: Flag = decode(json!({ "on": input })).unwrap();
        assert_eq!(flag.on, expected, "{input}");
    }
}

#[test]
fn bool_or_string_rejects_other_values_with_a_serde_error() {
    for input in [
        json!("yes"),
        json!(""),
        json!(2),
        json!(-1),
        json!(null),
        json!([true]),
        json!(0.5),
    ] {
        let err = decode::<Flag>(json!({ "on": input })).unwrap_err();
        assert!(err.to_string().contains("boolean"), "{input}: {err}");
    }
}

#[test]
fn bool_or_string_writes_a_json_boolean() {
    let flag: Flag = decode(json!({"on": "true"})).unwrap();
    assert_eq!(serde_json::to_value(&flag).unwrap(), json!({"on": true}));
}

#[test]
fn option_bool_or_string_reads_null_empty_and_missing_as_none() {
    for input in [json!({"on": null}), json!({"on": ""}), json!({})] {
        let flag: MaybeFlag = decode(input.clone()).unwrap();
        assert_eq!(flag.on, None, "{input}");
    }
    let flag: MaybeFlag = decode(json!({"on": "false"})).unwrap();
    assert_eq!(flag.on, Some(false));
    let flag: MaybeFlag = decode(json!({"on": 1})).unwrap();
    assert_eq!(flag.on, Some(true));
}

#[test]
fn option_bool_or_string_rejects_other_values() {
    assert!(decode::<MaybeFlag>(json!({"on": "maybe"})).is_err());
    assert!(decode::<MaybeFlag>(json!({"on": {}})).is_err());
}

#[test]
fn option_bool_or_string_round_trips() {
    for value in [None, Some(true), Some(false)] {
        let text = serde_json::to_string(&MaybeFlag { on: value }).unwrap();
        assert_eq!(serde_json::from_str::<MaybeFlag>(&text).unwrap().on, value);
    }
    assert_eq!(
        serde_json::to_value(MaybeFlag { on: None }).unwrap(),
        json!({"on": null})
    );
}

// ---- lists ----------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct List {
    #[serde(default, with = "lenient::null_as_empty")]
    result: Vec<u32>,
}

#[test]
fn null_as_empty_reads_null_and_missing_as_an_empty_list() {
    for input in [json!({"result": null}), json!({}), json!({"result": []})] {
        let list: List = decode(input.clone()).unwrap();
        assert!(list.result.is_empty(), "{input}");
    }
    let list: List = decode(json!({"result": [1, 2]})).unwrap();
    assert_eq!(list.result, vec![1, 2]);
}

#[test]
fn null_as_empty_rejects_a_non_list() {
    assert!(decode::<List>(json!({"result": "1,2"})).is_err());
    assert!(decode::<List>(json!({"result": ["x"]})).is_err());
}

#[test]
fn null_as_empty_writes_an_array() {
    assert_eq!(
        serde_json::to_value(List { result: vec![] }).unwrap(),
        json!({"result": []})
    );
    assert_eq!(
        serde_json::to_value(List { result: vec![3] }).unwrap(),
        json!({"result": [3]})
    );
}

// ---- integers -------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Counter {
    #[serde(with = "lenient::integer")]
    n: i64,
    #[serde(with = "lenient::integer")]
    small: i32,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct MaybeCounter {
    #[serde(default, with = "lenient::option_integer")]
    n: Option<i64>,
}

#[test]
fn integer_accepts_numbers_and_numeric_strings() {
    for (n, small) in [(json!(51), json!(7)), (json!("51"), json!("7"))] {
        let counter: Counter = decode(json!({"n": n, "small": small})).unwrap();
        assert_eq!(counter, Counter { n: 51, small: 7 });
    }
    let negative: Counter = decode(json!({"n": "-3", "small": -4})).unwrap();
    assert_eq!(negative, Counter { n: -3, small: -4 });
}

#[test]
fn integer_rejects_a_required_value_that_is_not_an_integer() {
    for bad in [
        json!("fifty"),
        json!(""),
        json!(1.5),
        json!(null),
        json!([1]),
        json!("99999999999"),
    ] {
        let result = decode::<Counter>(json!({"n": 1, "small": bad}));
        assert!(result.is_err(), "{bad} decoded to {result:?}");
    }
}

#[test]
fn integer_writes_a_json_number() {
    let counter: Counter = decode(json!({"n": "51", "small": "7"})).unwrap();
    assert_eq!(
        serde_json::to_value(&counter).unwrap(),
        json!({"n": 51, "small": 7})
    );
}

#[test]
fn option_integer_reads_numbers_strings_and_null() {
    let cases = [
        (json!({"n": 3}), Some(3)),
        (json!({"n": "3"}), Some(3)),
        (json!({"n": null}), None),
        (json!({}), None),
    ];
    for (input, expected) in cases {
        let counter: MaybeCounter = decode(input.clone()).unwrap();
        assert_eq!(counter.n, expected, "{input}");
    }
}

#[test]
fn option_integer_reads_an_unreadable_value_as_none_rather_than_failing_the_answer() {
    for bad in [
        json!(""),
        json!("n/a"),
        json!(1.5),
        json!({"v": 1}),
        json!(true),
    ] {
        let counter: MaybeCounter = decode(json!({ "n": bad.clone() }))
            .unwrap_or_else(|e| panic!("{bad} failed the whole answer: {e}"));
        assert_eq!(counter.n, None, "{bad}");
    }
    assert_eq!(
        serde_json::to_value(MaybeCounter { n: Some(4) }).unwrap(),
        json!({"n": 4})
    );
}

#[derive(Debug, PartialEq, Deserialize)]
struct SmallCounterThenName {
    #[serde(default, with = "lenient::option_integer")]
    n: Option<i32>,
    name: String,
}

#[test]
fn option_integer_reads_out_of_range_and_nested_values_as_none_and_reads_on_past_them() {
    for bad in [
        json!(4_000_000_000u64),
        json!(-4_000_000_000i64),
        json!([1, [2, {"x": 3}]]),
        json!({"v": {"w": [1]}}),
    ] {
        let input = json!({ "n": bad.clone(), "name": "after" });
        // From a value and from text: the streaming reader must skip the nested value itself.
        let from_value: SmallCounterThenName =
            decode(input.clone()).unwrap_or_else(|e| panic!("{bad} failed the whole answer: {e}"));
        let from_text: SmallCounterThenName = serde_json::from_str(&input.to_string())
            .unwrap_or_else(|e| panic!("{bad} failed the whole answer: {e}"));
        let expected = SmallCounterThenName {
            n: None,
            name: "after".to_owned(),
        };
        assert_eq!(from_value, expected, "{bad}");
        assert_eq!(from_text, expected, "{bad}");
    }
}

// ---- strings that may be numbers ------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Next {
    #[serde(with = "lenient::string_or_number")]
    next: String,
    #[serde(default, with = "lenient::option_string_or_number")]
    maybe: Option<String>,
}

#[test]
fn string_or_number_reads_a_number_as_its_text_and_writes_a_string() {
    let read: Next = decode(json!({"next": 51, "maybe": 7})).unwrap();
    assert_eq!(read.next, "51");
    assert_eq!(read.maybe.as_deref(), Some("7"));
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        json!({"next": "51", "maybe": "7"})
    );
    let read: Next = decode(json!({"next": "51"})).unwrap();
    assert_eq!((read.next.as_str(), read.maybe), ("51", None));
}

#[test]
fn string_or_number_rejects_a_required_value_that_is_neither() {
    for bad in [json!(null), json!(true), json!([1]), json!({"n": 1})] {
        let result = decode::<Next>(json!({ "next": bad.clone() }));
        assert!(result.is_err(), "{bad} decoded to {result:?}");
    }
}

#[test]
fn option_string_or_number_reads_an_unreadable_value_as_none_rather_than_failing_the_answer() {
    for bad in [json!(null), json!(true), json!([1]), json!({"n": 1})] {
        let read: Next = decode(json!({"next": "1", "maybe": bad.clone()}))
            .unwrap_or_else(|e| panic!("{bad} failed the whole answer: {e}"));
        assert_eq!(read.maybe, None, "{bad}");
    }
}

// ---- open enum values -----------------------------------------------------------------------

#[derive(Debug, PartialEq, Deserialize)]
struct EnumText {
    #[serde(deserialize_with = "lenient::open_enum_value::deserialize")]
    status: String,
}

#[test]
fn open_enum_value_reads_any_json_value_without_failing() {
    let cases = [
        (json!("accepted"), ""),
        (json!(null), ""),
        (json!(3), "3"),
        (json!(true), "true"),
        (json!(["accepted"]), ""),
        (json!({"state": "accepted"}), ""),
    ];
    for (input, expected) in cases {
        let text: EnumText = decode(json!({ "status": input.clone() })).unwrap();
        let expected = if input.is_string() {
            "accepted"
        } else {
            expected
        };
        assert_eq!(text.status, expected, "{input}");
    }
}

// ---- RFC 3339 date-times --------------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Stamp {
    #[serde(with = "lenient::datetime")]
    at: OffsetDateTime,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct MaybeStamp {
    #[serde(default, with = "lenient::option_datetime")]
    at: Option<OffsetDateTime>,
}

#[test]
fn datetime_accepts_the_rfc3339_dialects_apis_send() {
    let cases = [
        ("2024-01-02T03:04:05Z", datetime!(2024-01-02 03:04:05 UTC)),
        ("2024-01-02t03:04:05z", datetime!(2024-01-02 03:04:05 UTC)),
        ("2024-01-02 03:04:05Z", datetime!(2024-01-02 03:04:05 UTC)),
        (
            "2024-01-02T03:04:05+01:00",
            datetime!(2024-01-02 03:04:05 +01:00),
        ),
        (
            "2024-01-02T03:04:05+0100",
            datetime!(2024-01-02 03:04:05 +01:00),
        ),
        (
            "2024-01-02T03:04:05+01",
            datetime!(2024-01-02 03:04:05 +01:00),
        ),
        (
            "2024-01-02T03:04:05-0530",
            datetime!(2024-01-02 03:04:05 -05:30),
        ),
        (
            "2024-01-02T03:04:05.123Z",
            datetime!(2024-01-02 03:04:05.123 UTC),
        ),
        (
            "2024-01-02T03:04:05.123456789+02:00",
            datetime!(2024-01-02 03:04:05.123456789 +02:00),
        ),
        (
            "2024-01-02T03:04:05.5-0800",
            datetime!(2024-01-02 03:04:05.5 -08:00),
        ),
        (
            "2024-01-02T03:04:05.000+00",
            datetime!(2024-01-02 03:04:05 UTC),
        ),
        // No offset: UTC.
        ("2024-01-02T03:04:05", datetime!(2024-01-02 03:04:05 UTC)),
        (
            "2024-01-02 03:04:05.25",
            datetime!(2024-01-02 03:04:05.25 UTC),
        ),
        // More fraction digits than nanoseconds hold.
        (
            "2024-01-02T03:04:05.123456789123Z",
            datetime!(2024-01-02 03:04:05.123456789 UTC),
        ),
        (
            "2024-01-02T03:04:05.1+01:00",
            datetime!(2024-01-02 03:04:05.1 +01:00),
        ),
        // Go's default time.Time layout ("2006-01-02 15:04:05.999999999 -0700 MST"), as a Go
        // server writes a time.Time through fmt or String().
        (
            "2024-01-02 03:04:05.123456789 +0000 UTC",
            datetime!(2024-01-02 03:04:05.123456789 UTC),
        ),
        (
            "2024-01-02 03:04:05 -0700 MST",
            datetime!(2024-01-02 03:04:05 -07:00),
        ),
        (
            "2024-01-02 03:04:05.5 +0530 +0530",
            datetime!(2024-01-02 03:04:05.5 +05:30),
        ),
        (
            "2024-01-02 03:04:05.000000001 +0100 CET m=+0.000123456",
            datetime!(2024-01-02 03:04:05.000000001 +01:00),
        ),
    ];
    for (input, expected) in cases {
        let stamp: Stamp =
            decode(json!({ "at": input })).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(stamp.at, expected, "{input}");
        assert_eq!(
            stamp.at.offset(),
            expected.offset(),
            "{input}: the offset is kept"
        );
    }
}

#[test]
fn datetime_rejects_malformed_values_with_a_serde_error() {
    for input in [
        json!("2024-01-02T03:04"),
        json!("2024-01-02"),
        json!("2024-01-02 03:04:05 MST"),
        json!("2024-01-02 03:04:05 -0700 MST tomorrow!"),
        json!("2024-13-02T03:04:05Z"),
        json!("2024-01-02T03:04:05+1"),
        json!("2024-01-02T03:04:05+01:0"),
        json!("2024-01-02T03:04:05+25:00"),
        json!("yesterday"),
        json!("2024-01-02T03:04:05Zé"),
        json!(""),
        json!(1_700_000_000),
        json!(null),
    ] {
        let result = decode::<Stamp>(json!({ "at": input }));
        assert!(result.is_err(), "{input} decoded to {result:?}");
    }
}

#[test]
fn datetime_writes_rfc3339_and_round_trips() {
    let stamp = Stamp {
        at: datetime!(2024-01-02 03:04:05.25 +01:30),
    };
    let text = serde_json::to_string(&stamp).unwrap();
    assert_eq!(text, r#"{"at":"2024-01-02T03:04:05.25+01:30"}"#);
    assert_eq!(serde_json::from_str::<Stamp>(&text).unwrap(), stamp);
    let utc = Stamp {
        at: datetime!(2024-01-02 03:04:05 UTC),
    };
    assert_eq!(
        serde_json::to_value(&utc).unwrap(),
        json!({"at": "2024-01-02T03:04:05Z"})
    );
}

#[test]
fn datetime_rfc3339_cannot_hold_is_a_serialize_error() {
    // RFC 3339 offsets have no seconds.
    let odd_offset = time::UtcOffset::from_hms(1, 0, 30).unwrap();
    let stamp = Stamp {
        at: datetime!(2024-01-02 03:04:05 UTC).to_offset(odd_offset),
    };
    assert!(serde_json::to_string(&stamp).is_err());
    let maybe = MaybeStamp { at: Some(stamp.at) };
    assert!(serde_json::to_string(&maybe).is_err());
}

#[test]
fn option_datetime_reads_null_empty_and_missing_as_none() {
    for input in [json!({"at": null}), json!({"at": ""}), json!({})] {
        let stamp: MaybeStamp = decode(input.clone()).unwrap();
        assert_eq!(stamp.at, None, "{input}");
    }
    let stamp: MaybeStamp = decode(json!({"at": "2024-01-02T03:04:05+0000"})).unwrap();
    assert_eq!(stamp.at, Some(datetime!(2024-01-02 03:04:05 UTC)));
}

#[test]
fn option_datetime_reads_an_unreadable_value_as_none_rather_than_failing_the_answer() {
    for input in [
        json!("soon"),
        json!(5),
        json!(true),
        json!({"seconds": 5}),
        json!(["2024-01-02T03:04:05Z"]),
        json!("2024-13-45T99:99:99Z"),
    ] {
        let stamp: MaybeStamp = decode(json!({ "at": input.clone() }))
            .unwrap_or_else(|e| panic!("{input} failed the whole answer: {e}"));
        assert_eq!(stamp.at, None, "{input}");
    }
}

#[test]
fn option_datetime_round_trips() {
    for at in [None, Some(datetime!(2023-11-14 22:13:20.5 -03:00))] {
        let text = serde_json::to_string(&MaybeStamp { at }).unwrap();
        assert_eq!(serde_json::from_str::<MaybeStamp>(&text).unwrap().at, at);
    }
}

// ---- UNIX seconds ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Epoch {
    #[serde(with = "lenient::unix_seconds")]
    at: OffsetDateTime,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct MaybeEpoch {
    #[serde(default, with = "lenient::option_unix_seconds")]
    at: Option<OffsetDateTime>,
}

#[test]
fn unix_seconds_accepts_integers_floats_and_numeric_strings() {
    let base = datetime!(2023-11-14 22:13:20 UTC);
    let cases = [
        (json!(1_700_000_000), base),
        (json!(1_700_000_000u64), base),
        (json!("1700000000"), base),
        (json!(" 1700000000 "), base),
        (json!(1_700_000_000.0), base),
        (
            json!(1_700_000_000.5),
            base + time::Duration::milliseconds(500),
        ),
        (
            json!("1700000000.25"),
            base + time::Duration::milliseconds(250),
        ),
        (json!(-1), datetime!(1969-12-31 23:59:59 UTC)),
        (json!(-1.5), datetime!(1969-12-31 23:59:58.5 UTC)),
        (json!(0), OffsetDateTime::UNIX_EPOCH),
    ];
    for (input, expected) in cases {
        let epoch: Epoch =
            decode(json!({ "at": input })).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(epoch.at, expected, "{input}");
    }
}

#[test]
fn unix_seconds_rejects_non_numbers_and_out_of_range_values() {
    for input in [
        json!("soon"),
        json!(""),
        json!(true),
        json!(null),
        json!("2024-01-02T03:04:05Z"),
        json!(1e300),
        json!(-1e300),
        json!(u64::MAX),
        json!(i64::MAX),
        json!("NaN"),
        json!("inf"),
    ] {
        let result = decode::<Epoch>(json!({ "at": input }));
        assert!(result.is_err(), "{input} decoded to {result:?}");
    }
}

#[test]
fn unix_seconds_writes_an_integer_and_round_trips() {
    let epoch: Epoch = decode(json!({"at": "1700000000"})).unwrap();
    assert_eq!(
        serde_json::to_value(&epoch).unwrap(),
        json!({"at": 1_700_000_000})
    );
    let text = serde_json::to_string(&epoch).unwrap();
    assert_eq!(serde_json::from_str::<Epoch>(&text).unwrap(), epoch);
    // The fraction is dropped on the way out: whole seconds only.
    let fractional: Epoch = decode(json!({"at": 1_700_000_000.9})).unwrap();
    assert_eq!(
        serde_json::to_value(&fractional).unwrap(),
        json!({"at": 1_700_000_000})
    );
}

#[test]
fn option_unix_seconds_reads_null_empty_and_missing_as_none() {
    for input in [json!({"at": null}), json!({"at": ""}), json!({})] {
        let epoch: MaybeEpoch = decode(input.clone()).unwrap();
        assert_eq!(epoch.at, None, "{input}");
    }
    let epoch: MaybeEpoch = decode(json!({"at": "42"})).unwrap();
    assert_eq!(epoch.at.map(OffsetDateTime::unix_timestamp), Some(42));
}

#[test]
fn option_unix_seconds_reads_an_unreadable_value_as_none_rather_than_failing_the_answer() {
    for input in [json!("later"), json!([1]), json!({"s": 1}), json!(false)] {
        let epoch: MaybeEpoch = decode(json!({ "at": input.clone() }))
            .unwrap_or_else(|e| panic!("{input} failed the whole answer: {e}"));
        assert_eq!(epoch.at, None, "{input}");
    }
}

#[test]
fn option_unix_seconds_round_trips() {
    for at in [None, Some(datetime!(2023-11-14 22:13:20 UTC))] {
        let value = serde_json::to_value(MaybeEpoch { at }).unwrap();
        assert_eq!(
            value,
            json!({ "at": at.map(OffsetDateTime::unix_timestamp) })
        );
        assert_eq!(decode::<MaybeEpoch>(value).unwrap().at, at);
    }
}

// ---- Patch ----------------------------------------------------------------------------------

/// A type without `Default`: `Patch<T>` must not need one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Nickname(String);

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct UpdateContact {
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    nickname: Patch<Nickname>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    notes: Patch<String>,
}

#[test]
fn patch_writes_absent_as_missing_null_as_null_and_value_as_value() {
    let body = UpdateContact {
        nickname: Patch::Null,
        notes: Patch::Value("call after 5pm".to_owned()),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"nickname": null, "notes": "call after 5pm"})
    );
    let untouched = UpdateContact::default();
    assert_eq!(serde_json::to_string(&untouched).unwrap(), "{}");
    let set = UpdateContact {
        nickname: Patch::Value(Nickname("u-1".to_owned())),
        notes: Patch::Absent,
    };
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"nickname": "u-1"})
    );
}

#[test]
fn patch_reads_missing_as_absent_null_as_null_and_value_as_value() {
    let read: UpdateContact = decode(json!({"nickname": null})).unwrap();
    assert_eq!(
        read,
        UpdateContact {
            nickname: Patch::Null,
            notes: Patch::Absent
        }
    );
    let read: UpdateContact = decode(json!({"notes": "x"})).unwrap();
    assert_eq!(read.notes, Patch::Value("x".to_owned()));
    assert!(read.nickname.is_absent());
    assert!(decode::<UpdateContact>(json!({"notes": 5})).is_err());
}

#[test]
fn patch_round_trips_all_three_states() {
    for notes in [Patch::Absent, Patch::Null, Patch::Value("n".to_owned())] {
        let body = UpdateContact {
            nickname: Patch::Absent,
            notes,
        };
        let text = serde_json::to_string(&body).unwrap();
        assert_eq!(serde_json::from_str::<UpdateContact>(&text).unwrap(), body);
    }
}

#[test]
fn patch_from_none_clears_and_default_is_absent() {
    assert_eq!(Patch::from(None::<u8>), Patch::Null);
    assert_eq!(Patch::from(Some(3)), Patch::Value(3));
    assert!(Patch::<Nickname>::default().is_absent());
    assert_eq!(Patch::Value(2).map(|v| v * 2).as_value(), Some(&4));
    assert_eq!(Patch::<u8>::Null.into_option(), Some(None));
    assert_eq!(Patch::<u8>::Absent.into_option(), None);
    assert!(Patch::<u8>::Null.is_null());
}
