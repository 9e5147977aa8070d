//! Tests of `checked` (module `tests`, kept out of the file it tests).

use super::*;

/// Both passes agree: the one that builds a tree and the one that builds nothing.
fn yaml(text: &str) -> Result<Value, String> {
    let bounds = Bounds::for_len(text.len());
    let checked = check(serde_yaml_ng::Deserializer::from_str(text), &bounds);
    let bounds = Bounds::for_len(text.len());
    let built =
        value(serde_yaml_ng::Deserializer::from_str(text), &bounds).map_err(|e| e.to_string());
    assert_eq!(
        checked.map_err(|e| e.to_string()).err(),
        built.clone().err()
    );
    built
}

#[test]
fn yaml_written_as_json_reads_back_as_the_same_value() {
    let text = "a: 1\nb: [x, 'y \"q\"', [], {}]\nc: {d: null, e: -2.5, f: true, 7: seven}\n\
                g: .nan\nh: []\ni:\n  - {j: [1, [2, [3]]]}\n  -\n";
    let bounds = Bounds::for_len(text.len());
    let (top, json_text) =
        check_to_json(serde_yaml_ng::Deserializer::from_str(text), &bounds).unwrap();
    assert!(top.is_object);
    assert_eq!(top.keys, ["a", "b", "c", "g", "h", "i"]);
    let read_back: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(read_back, yaml(text).unwrap(), "{json_text}");
    // Bounds hold in this pass too.
    let deep = format!(
        "{}x: 1\n",
        (0..70)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let bounds = Bounds::for_len(deep.len());
    assert!(check_to_json(serde_yaml_ng::Deserializer::from_str(&deep), &bounds).is_err());
}

fn json(text: &str) -> Result<Value, String> {
    let bounds = Bounds::for_len(text.len());
    let mut de = serde_json::Deserializer::from_str(text);
    value(&mut de, &bounds).map_err(|e| e.to_string())
}

#[test]
fn duplicate_keys_are_errors_with_a_position() {
    let err = json("{\"a\": 1,\n \"a\": 2}").unwrap_err();
    assert!(
        err.contains("duplicate key `a`") && err.contains("line 2"),
        "{err}"
    );
    let err = yaml("project:\n  name: x\n  name: y\n").unwrap_err();
    assert!(
        err.contains("duplicate key `name`") && err.contains("line"),
        "{err}"
    );
    assert_eq!(
        json("{\"a\": [1, {\"b\": null}]}").unwrap()["a"][1]["b"],
        Value::Null
    );
}

#[test]
fn values_json_cannot_hold_are_named_with_their_path() {
    let text = "a:\n  - 1\n  - .nan\nb:\n  7: x\nc: 1.0e300\nd: 2.5\n";
    // Both passes name the same losses: the one import takes for YAML (written out
    // as JSON) and the one that builds the tree.
    let bounds = Bounds::for_len(text.len());
    check_to_json(serde_yaml_ng::Deserializer::from_str(text), &bounds).unwrap();
    let lost_as_json = bounds.take_lost();
    let bounds = Bounds::for_len(text.len());
    value(serde_yaml_ng::Deserializer::from_str(text), &bounds).unwrap();
    let lost = bounds.take_lost();
    assert_eq!(lost, lost_as_json);
    assert_eq!(lost.len(), 3, "{lost:?}");
    assert!(lost[0].starts_with("a[1]: the number NaN"), "{lost:?}");
    assert!(lost[1].starts_with("b.7: YAML key"), "{lost:?}");
    assert!(lost[2].starts_with("c: the integer"), "{lost:?}");
    let text = "{\"a\": [1, 2.5, {\"b\": 3}]}";
    let bounds = Bounds::for_len(text.len());
    value(&mut serde_json::Deserializer::from_str(text), &bounds).unwrap();
    assert!(bounds.take_lost().is_empty());
}

#[test]
fn block_yaml_nesting_is_counted_not_only_brackets() {
    let deep: String = (0..100)
        .map(|i| format!("{}k:\n", "  ".repeat(i)))
        .collect::<String>()
        + &"  ".repeat(100)
        + "v";
    let err = yaml(&deep).unwrap_err();
    assert!(err.contains("64 levels"), "{err}");
    // The bracket pre-check sees nothing in it.
    crate::limits::check_nesting(&deep).unwrap();
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='j' {
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = name;
    }
    let start = std::time::Instant::now();
    let err = yaml(&bomb).unwrap_err();
    assert!(err.contains("more values"), "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}
