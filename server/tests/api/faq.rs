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

    let alice = app.portal(&world.alice.user, TENANT_A);
    let all = alice.faq(None).await.unwrap();
    let questions: Vec<&str> = all.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(questions, ["How do I restart my router?", "Why is my connection slow in the rain?"]);
    let rain = alice.faq(Some("RAIN")).await.unwrap();
    assert_eq!(rain.len(), 1);
    let carol = app.portal(&world.carol.user, TENANT_B).faq(None).await.unwrap();
    assert_eq!(carol[0].question, "Prairie billing dates");
    let empty = app.post("/api/faq", &world.owner.caller, json!({"question": "", "answer": ""})).await;
    assert_eq!(empty.error(422), "validation_failed");
}
