"""Hidden tests, task validation: 422 with a message naming the field, 413 for big prompts and bodies."""

import pytest
from lab44_fastapi_streaming import (
    GatedBackend,
    Limits,
    TooLarge,
    check_body_size,
    check_prompt_size,
    validation_message,
)
from llmlab_grading import points


@points(5, "A bad body must get 422 with error.message naming each bad field ('body.max_tokens: ...'): "
        "validation_message joins loc with '.' and errors with '; '.", task="validation", timeout=45)
def test_bad_bodies_get_422_naming_the_field(serve, http):
    backend = GatedBackend()
    _, root = serve(backend)
    missing = http.post(f"{root}/generate", json={"max_tokens": 5})
    assert missing.status_code == 422
    assert missing.json()["error"]["message"] == "body.prompt: Field required"
    assert missing.json()["detail"][0]["loc"] == ["body", "prompt"]
    two = http.post(f"{root}/generate", json={"prompt": "hi", "max_tokens": "many", "top_p": 0})
    message = two.json()["error"]["message"]
    assert two.status_code == 422 and "body.max_tokens: " in message and "body.top_p: " in message
    assert message.count("; ") == 1
    chat = http.post(f"{root}/v1/chat/completions", json={"messages": [{"role": "wizard", "content": "x"}]})
    assert chat.status_code == 422 and "body.messages.0.role" in chat.json()["error"]["message"]
    assert backend.started == 0


@points(5, "A prompt over Limits.max_prompt_tokens must get 413 (not 422, not 200) with a message giving "
        "both numbers, before the model runs; exactly the limit is accepted.", task="validation", timeout=45)
def test_big_prompts_get_413(serve, http):
    backend = GatedBackend(tokens=2)
    _, root = serve(backend, Limits(max_prompt_tokens=8))
    at_limit = http.post(f"{root}/generate", json={"prompt": " ".join(["w"] * 8)})
    assert at_limit.status_code == 200
    over = http.post(f"{root}/generate", json={"prompt": " ".join(["w"] * 11)})
    assert over.status_code == 413
    assert "11" in over.json()["error"]["message"] and "8" in over.json()["error"]["message"]
    chat = http.post(f"{root}/v1/chat/completions",
                     json={"messages": [{"role": "user", "content": " ".join(["w"] * 20)}]})
    assert chat.status_code == 413
    assert backend.started == 1
    check_prompt_size(256, Limits())
    with pytest.raises(TooLarge):
        check_prompt_size(257, Limits())


@points(3, "A body over Limits.max_body_bytes must get 413 from its Content-Length, saying both sizes; "
        "check_body_size passes None and raises ValueError for a length that is not a number.",
        task="validation", timeout=45)
def test_big_bodies_get_413(serve, http):
    _, root = serve(GatedBackend(), Limits(max_body_bytes=500))
    response = http.post(f"{root}/generate", content=b'{"prompt": "' + b"x" * 600 + b'"}',
                         headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "614" in response.json()["error"]["message"] and "500" in response.json()["error"]["message"]
    check_body_size(None, 10)
    check_body_size("10", 10)
    with pytest.raises(TooLarge):
        check_body_size("11", 10)
    with pytest.raises(ValueError):
        check_body_size("eleven", 10)


@points(2, "validation_message: '<loc joined by .>: <msg>' for each error, joined by '; '; just the msg "
        "without a loc; 'invalid request body' for no errors.", task="validation", timeout=30)
def test_validation_message_formats():
    errors = [{"loc": ("body", "messages", 0, "role"), "msg": "Input should be 'user'", "type": "x"},
              {"msg": "Something else"}, {"loc": (), "msg": "Top level"}]
    assert validation_message(errors) == "body.messages.0.role: Input should be 'user'; Something else; Top level"
    assert validation_message([]) == "invalid request body"
