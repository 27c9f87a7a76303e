//! brands/brand.schema.json: current, a valid JSON Schema, met by the demo kits, and refusing
//! the same shapes as the tool.

mod common;

use brand_kit::manifest::brand_schema;
use common::{demo_json, demo_kit};
use serde_json::{json, Value};

fn committed_schema() -> Value {
    let path = demo_kit("ridgeline").join("../brand.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_committed_schema_is_current() {
    assert!(
        committed_schema() == brand_schema(),
        "brands/brand.schema.json is stale: run `cargo run -p brand-kit --bin wisp-brand -- schema > brands/brand.schema.json`"
    );
}

#[test]
fn the_demo_kits_meet_the_schema_and_bad_shapes_do_not() {
    let schema = committed_schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap();
    for slug in ["ridgeline", "prairie-sky"] {
        let errors: Vec<String> = validator.iter_errors(&demo_json(slug)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{slug}: {errors:?}");
    }
    // (where the schema should object, the edit)
    type Edit = (&'static str, fn(&mut Value));
    let edits: [Edit; 4] = [
        ("/colors/primary", |json| json["colors"]["primary"] = json!("#12345")),
        ("", |json| json["colour"] = json!("#123456")),
        ("/firebase", |json| {
            json["firebase"].as_object_mut().unwrap().remove("apiKey");
        }),
        ("/deepLinkScheme", |json| json["deepLinkScheme"] = json!("Ridge Line")),
    ];
    for (path, edit) in edits {
        let mut kit = demo_json("ridgeline");
        edit(&mut kit);
        let errors: Vec<String> = validator.iter_errors(&kit).map(|e| e.instance_path().to_string()).collect();
        assert_eq!(errors, [path], "schema errors for an edit at {path:?}");
    }
}
