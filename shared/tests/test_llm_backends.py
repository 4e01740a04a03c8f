"""Messages, usage, the scripted test double, and HFBackend on a tiny GPT-2 built here, offline."""

from __future__ import annotations

import pytest
from llmlab.llm import (
    Backend,
    ChatResult,
    Message,
    ScriptedBackend,
    StopScanner,
    TokenCounter,
    Usage,
    UsageLedger,
    plain_prompt,
    split_words,
    to_messages,
)

# -- plain values ------------------------------------------------------------------------------


def test_messages_from_what_people_write():
    expected = [Message("system", "Be kind."), Message("user", "Hi")]
    assert to_messages("Hi") == [Message("user", "Hi")]
    assert to_messages(Message.user("Hi")) == [Message("user", "Hi")]
    assert to_messages(("user", "Hi")) == [Message("user", "Hi")]
    assert to_messages([("system", "Be kind."), {"role": "user", "content": "Hi"}]) == expected
    assert to_messages([Message.system("Be kind."), {"role": "user", "content": [{"type": "text", "text": "Hi"}]}]) \
        == expected
    assert [m.to_dict() for m in expected] == [{"role": "system", "content": "Be kind."},
                                                {"role": "user", "content": "Hi"}]
    assert plain_prompt(expected) == "system: Be kind.\nuser: Hi\nassistant:"
    with pytest.raises(ValueError, match="at least one"):
        to_messages([])
    with pytest.raises(ValueError, match="role"):
        to_messages([{"content": "no role"}])


def test_usage_adds_and_prices_and_the_ledger_keeps_count():
    a, b = Usage(100, 20), Usage(30, 5)
    assert a + b == Usage(130, 25) and sum([a, b]) == Usage(130, 25)
    assert (a + b).total_tokens == 155 and (a + b).total == 155
    assert Usage(2_000_000, 1_000_000).cost(prompt_per_1m=0.5, completion_per_1m=1.5) == 2.5
    assert Usage.from_dict({"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}) == Usage(7, 3)
    assert Usage.from_dict(None) == Usage() and Usage(7, 3).to_dict()["total_tokens"] == 10

    ledger = TokenCounter()
    assert TokenCounter is UsageLedger
    ledger.add(a, model="big")
    ledger.add(b, model="small")
    ledger.add(b, model="small")
    assert ledger.calls == 3 and ledger.total == Usage(160, 30)
    assert ledger.by_model == {"big": Usage(100, 20), "small": Usage(60, 10)}
    assert ledger.cost(prompt_per_1m=1.0, completion_per_1m=4.0) == pytest.approx((160 + 120) / 1e6)
    assert repr(ledger) == "UsageLedger(calls=3, prompt_tokens=160, completion_tokens=30, total_tokens=190)"
    ledger.reset()
    assert (ledger.calls, ledger.total, ledger.by_model) == (0, Usage(), {})


# -- the scripted test double -----------------------------------------------------------------


def test_split_words_and_stop_scanner():
    assert split_words("Hi  there!\n") == ["Hi", "  there!\n"]
    assert split_words("  lead") == ["  lead"] and split_words("   ") == ["   "] and split_words("") == []
    scanner = StopScanner(["END", "\n\n"])
    out = [scanner.feed(p) for p in ["one E", "N", "x two\n", "\nthree"]]
    assert out == ["one ", "", "ENx two", ""] and scanner.stopped
    assert "".join(out) == "one ENx two"
    plain = StopScanner(None)
    assert plain.feed("abc") == "abc" and plain.flush() == ""
    held = StopScanner("xyz")
    assert (held.feed("abx"), held.feed("y"), held.flush()) == ("ab", "", "xy")


def test_scripted_backend_is_deterministic_and_records_what_it_did():
    backend = ScriptedBackend(["First answer here.", "Second."])
    assert isinstance(backend, Backend)
    generation = backend.generate([Message.user("Hello there")], seed=1, temperature=0.7)
    assert list(generation) == ["First", " answer", " here."]
    assert (generation.finish_reason, generation.usage) == ("stop", Usage(4, 3))
    assert backend.generate("any prompt").result() == ChatResult("Second.", "stop", Usage(2, 1), "scripted")
    assert backend.generate("again", max_tokens=2).result() == ChatResult("First answer", "length", Usage(1, 2),
                                                                          "scripted")
    assert backend.generate("x", stop=" here").result().text == "Second."
    assert backend.calls == [[Message("user", "Hello there")], "any prompt", "again", "x"]
    assert [piece for _, piece in backend.emitted] == ["First", " answer", " here.", "Second.", "First", " answer",
                                                       "Second."]

    echo = ScriptedBackend(lambda request: request.upper() if isinstance(request, str) else request[-1].content)
    assert echo.generate("shout this").result().text == "SHOUT THIS"
    assert echo.generate([("user", "repeat me")]).result().text == "repeat me"
    early = echo.generate("a b c d")
    assert next(early) == "A"
    early.close()
    assert list(early) == [] and early.text == "A"


# -- HFBackend on a tiny random GPT-2 -----------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory):
    """A 2-layer GPT-2 with random weights and a byte-level BPE trained on the course stories."""
    import torch  # noqa: F401 - the extra must be installed
    import transformers  # noqa: F401 - the extra must be installed
    from llmlab.corpora import stories_text
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-gpt2")
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, special_tokens=["<|endoftext|>"], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator([stories_text(200)], trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|endoftext|>", bos_token="<|endoftext|>")
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = GPT2Config(n_layer=2, n_head=2, n_embd=32, n_positions=128, vocab_size=len(tokenizer),
                        bos_token_id=tokenizer.eos_token_id, eos_token_id=tokenizer.eos_token_id)
    GPT2LMHeadModel(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def hf(tiny_gpt2):
    from llmlab.llm import HFBackend

    return HFBackend(tiny_gpt2, device="cpu", local_files_only=True)


CHAT = [Message.system("Tell stories."), Message.user("Once upon a time")]


def test_hf_backend_loads_a_local_folder_and_counts_tokens(hf, tiny_gpt2):
    assert hf.name == tiny_gpt2.name and isinstance(hf, Backend)
    assert hf.render(CHAT) == "system: Tell stories.\nuser: Once upon a time\nassistant:"  # no chat template
    prompt_ids = hf.tokenizer(hf.render(CHAT))["input_ids"]
    assert hf.count_tokens(hf.render(CHAT)) == len(prompt_ids) > 5
    result = hf.generate(CHAT, max_tokens=12, temperature=0).result()
    assert result.usage == Usage(len(prompt_ids), 12) and result.finish_reason == "length"
    assert result.model == tiny_gpt2.name
    sampled = hf.generate(CHAT, max_tokens=12, seed=3).result()  # may meet the end-of-text token early
    assert (sampled.finish_reason == "length") == (sampled.usage.completion_tokens == 12)


def test_hf_generation_is_deterministic_for_a_seed_and_leaves_the_callers_rng_alone(hf):
    import torch

    torch.manual_seed(123)
    expected_draw = torch.rand(3)
    torch.manual_seed(123)
    first = hf.generate(CHAT, max_tokens=16, temperature=1.0, seed=3).result()
    assert torch.equal(torch.rand(3), expected_draw)  # sampling did not consume the caller's generator
    again = hf.generate(CHAT, max_tokens=16, temperature=1.0, seed=3).result()
    other = hf.generate(CHAT, max_tokens=16, temperature=1.0, seed=4).result()
    assert first.text == again.text and len(first.text) > 0
    assert other.text != first.text
    assert hf.generate("Once", max_tokens=8, temperature=0).result().text == \
        hf.generate("Once", max_tokens=8, temperature=0, seed=99).result().text  # greedy ignores the seed


def test_hf_backend_streams_the_same_text_the_model_generates(hf):
    import torch

    generation = hf.generate(CHAT, max_tokens=24, temperature=0.9, top_p=0.95, seed=11)
    pieces = list(generation)
    assert len(pieces) > 1 and all(pieces)
    ids = torch.tensor([hf.tokenizer(hf.render(CHAT))["input_ids"]])
    torch.manual_seed(11)
    direct = hf.model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=24, do_sample=True,
                               temperature=0.9, top_p=0.95, top_k=0, pad_token_id=hf.pad_token_id)
    new_ids = direct[0, ids.shape[1]:]
    assert generation.completion_tokens == len(new_ids)
    assert "".join(pieces) == generation.text == hf.tokenizer.decode(new_ids, skip_special_tokens=True)


def test_hf_backend_cuts_at_a_stop_sequence(hf):
    text = hf.generate("Once", max_tokens=20, temperature=0).result().text
    stop = text[6:8]
    cut = hf.generate("Once", max_tokens=20, temperature=0, stop=[stop]).result()
    assert cut.text == text[: text.index(stop)] and cut.finish_reason == "stop"


def test_hf_backend_keeps_within_the_models_context(hf):
    assert hf.context_length == 128
    with pytest.raises(ValueError, match="reads at most 128"):
        hf.generate("story " * 200, max_tokens=4)
    prompt = "Once"
    while hf.count_tokens(prompt) < 120:
        prompt += " upon"
    room = 128 - hf.count_tokens(prompt)
    assert 0 < room <= 8
    result = hf.generate(prompt, max_tokens=500, temperature=0).result()
    assert (result.usage.completion_tokens, result.finish_reason) == (room, "length")


def test_hf_backend_uses_the_chat_template_when_the_tokenizer_has_one(hf, tiny_gpt2):
    from llmlab.llm import HFBackend
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_gpt2)
    tokenizer.chat_template = ("{% for m in messages %}<{{ m.role }}>{{ m.content }}\n{% endfor %}"
                               "{% if add_generation_prompt %}<assistant>{% endif %}")
    templated = HFBackend.from_model(hf.model, tokenizer, name="templated")
    assert templated.render(CHAT) == "<system>Tell stories.\n<user>Once upon a time\n<assistant>"
    assert templated.render("raw prompt") == "raw prompt"
    result = templated.generate(CHAT, max_tokens=4, seed=0).result()
    assert result.usage.prompt_tokens == len(tokenizer(templated.render(CHAT), add_special_tokens=False)["input_ids"])


def test_hf_backend_served_over_http_matches_direct_generation(hf):
    import fastapi  # noqa: F401 - the extra must be installed
    from llmlab.llm import OpenAICompatibleClient
    from llmlab.llm.server import running_server

    direct = hf.generate(CHAT, max_tokens=10, seed=5).result()
    with running_server(hf, model_name="tiny") as url, OpenAICompatibleClient(url) as client:
        served = client.chat(CHAT, max_tokens=10, seed=5)
        streamed = client.stream_chat(CHAT, max_tokens=10, seed=5)
        assert "".join(streamed) == served.text == direct.text
        assert served.usage == streamed.usage == direct.usage
        assert served.model == "tiny"
