//! FAQ entries: each tenant's own, searchable by customers.

use serde_json::json;

use crate::world::*;

#[tokio::test]
async fn customers_search_their_own_providers_faq() {
    let world = World::build().await;
    let app = &world.app;
    app.post("/api/faq", &world.support.caller, json!({"question": "Why is my connection slow in the rain?", "answer": "Heavy rain weakens the signal.", "position": 2}))
        .await
        .expect(201);
    app.post(
        "/api/faq",
        &world.owner.caller,
        json!({"question": "How do I restart my router?", "answer": "Unplug it for 30 seconds.", "position": 1}),
    )
    .await
    .expect(201);
    app.post("/api/faq", &world.other_owner.caller, json!({"question": "Prairie billing dates", "answer": "The 1st."}))
        .await
        .expect(201);

    let all = app.get("/api/portal/faq", &world.alice.caller).await.expect(200);
    let questions: Vec<&str> = all.as_array().unwrap().iter().map(|e| e["question"].as_str().unwrap()).collect();
    assert_eq!(questions, ["How do I restart my router?", "Why is my connection slow in the rain?"]);
    let rain = app.get("/api/portal/faq?q=RAIN", &world.alice.caller).await.expect(200);
    assert_eq!(rain.as_array().unwrap().len(), 1);
    let carol = app.get("/api/portal/faq", &world.carol.caller).await.expect(200);
    assert_eq!(carol[0]["question"], "Prairie billing dates");
    let empty = app.post("/api/faq", &world.owner.caller, json!({"question": "", "answer": ""})).await;
    assert_eq!(empty.error(422), "validation_failed");
}
