import json
import os
import re
import urllib.request

import pytest
from conftest import call_api, free_port
from lab07_tokenizer_dashboard.analysis import analyse
from lab07_tokenizer_dashboard.app import build_app, launch
from lab07_tokenizer_dashboard.costs import ModelPrice
from lab07_tokenizer_dashboard.registry import default_tokenizers
from llmlab_grading import points

COUNT = re.compile(r'data-tokenizer="([^"]+)" data-count="(\d+)"')


@points(8, "analyse must encode the text with each named tokenizer in order, count tokens, price "
        "them with cost_rows, and put a heading '<h4>NAME: N tokens</h4>' and spans_html per "
        "tokenizer into tokens_html; unknown names raise ValueError.", task="app", timeout=60)
def test_analyse():
    tokenizers = default_tokenizers()
    prices = [ModelPrice("m", "lab-bpe", 2.0), ModelPrice("n", "cl100k_base", 1.0)]
    result = analyse("Zoë 🙂 hi", ["lab-bpe", "cl100k_base"], tokenizers, prices)
    assert list(result.counts.items()) == [("lab-bpe", 10), ("cl100k_base", 5)]
    assert [(r.model, r.tokens) for r in result.rows] == [("m", 10), ("n", 5)]
    assert result.rows[0].cost_usd == pytest.approx(2e-5)
    assert "<h4>lab-bpe: 10 tokens</h4>" in result.tokens_html
    assert result.tokens_html.index("lab-bpe") < result.tokens_html.index("cl100k_base")
    assert result.tokens_html.count('<span class="tok"') == 6 + 5  # lab-bpe: 4 empty spans (ë and 🙂 split)
    with pytest.raises(ValueError):
        analyse("x", ["gpt-9"], tokenizers)


@points(6, "The dashboard served on localhost must answer its /gradio_api/call/analyse endpoint "
        "with the counts table of every chosen tokenizer.", task="app", timeout=90)
def test_served_over_http():
    demo = build_app(default_tokenizers())
    try:
        url = launch(demo, port=free_port())
        counts, costs, tokens = call_api(url, "analyse", ["The brave mouse sang a song.",
                                                          ["cl100k_base", "lab-wordpiece"]])
        assert dict(COUNT.findall(counts)) == {"cl100k_base": "7", "lab-wordpiece": "7"}
        assert "gpt-4 (8k)" in costs and "0.000210" in costs
        assert tokens.count('<span class="tok"') == 14
    finally:
        demo.close()


@points(4, "The served page must hold the text box (elem_id text-input), the counts (counts) and "
        "the coloured tokens (tokens), and fill them for the text it opens with.", task="app",
        timeout=90)
def test_served_page_layout():
    demo = build_app(default_tokenizers(), text="Hello world")
    try:
        url = launch(demo, port=free_port())
        with urllib.request.urlopen(f"{url}config", timeout=30) as answer:
            config = json.load(answer)
        ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
        assert {"text-input", "counts", "tokens"} <= ids
        counts, _, tokens = call_api(url, "analyse", ["Hello world", ["cl100k_base", "lab-bpe"]])
        assert dict(COUNT.findall(counts)) == {"cl100k_base": "2", "lab-bpe": "6"}
        assert "<h4>cl100k_base: 2 tokens</h4>" in tokens
    finally:
        demo.close()


CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BROWSER_TEXT = "The brave mouse sang a na\u00efve song in the caf\u00e9, twice!"


@points(7, "In headless Chromium, typing into the dashboard's text box must update the counts "
        "table (td data-tokenizer/data-count in #counts) to analyse's count for every offline "
        "tokenizer, and the tokens panel must show '<name>: N tokens'.", task="app",
        timeout=150)
def test_browser_types_text_and_reads_counts(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, f"grader setup: {', '.join(missing)} missing (Debian chromium, chromium-driver)"
    tokenizers = default_tokenizers()
    expected = {name: str(n) for name, n in
                analyse(BROWSER_TEXT, list(tokenizers), tokenizers).counts.items()}
    assert list(expected) == ["cl100k_base", "lab-bpe", "lab-wordpiece", "lab-sentencepiece"]

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    demo = build_app(tokenizers, text="Hello world")
    driver = None
    try:
        url = launch(demo, port=free_port())
        # Service(path): Debian's chromedriver, so Selenium Manager never looks for one.
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(tmp_path / "driver.log")),
                                  options=options)
        driver.get(url)
        wait = WebDriverWait(driver, 60)
        box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#text-input textarea"))
        box.clear()
        box.send_keys(BROWSER_TEXT)

        def shown_counts(d):
            cells = d.find_elements(By.CSS_SELECTOR, "#counts td[data-tokenizer]")
            found = {c.get_attribute("data-tokenizer"): c.get_attribute("data-count") for c in cells}
            return found if found == expected else False

        try:
            wait.until(shown_counts)
        except Exception:
            cells = driver.find_elements(By.CSS_SELECTOR, "#counts td[data-tokenizer]")
            shown = {c.get_attribute("data-tokenizer"): c.get_attribute("data-count") for c in cells}
            raise AssertionError(f"the page shows counts {shown}; analyse gives {expected}") from None
        tokens = driver.find_element(By.ID, "tokens").text
        for name, count in expected.items():
            assert f"{name}: {count} tokens" in tokens
        shot = tmp_path / "dashboard.png"
        assert driver.save_screenshot(str(shot))
        data = shot.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 1000
    finally:
        if driver is not None:
            driver.quit()
        demo.close()
