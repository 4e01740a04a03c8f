"""The dashboard end to end: over HTTP, and in headless Chromium (Debian's chromium and
chromium-driver packages; the test fails, never skips, without them)."""

import json
import os
import re
import socket
import urllib.request

import pytest
from lab07_tokenizer_dashboard.analysis import analyse
from lab07_tokenizer_dashboard.app import build_app, launch
from lab07_tokenizer_dashboard.registry import default_tokenizers

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    """One dashboard on a free localhost port for this file's tests, always stopped after."""
    demo = build_app(default_tokenizers())
    try:
        yield launch(demo, port=free_port())
    finally:
        demo.close()


def test_analyse_counts():
    result = analyse("Zoë 🙂 hi", ["cl100k_base"], default_tokenizers())
    assert result.counts == {"cl100k_base": 5}
    assert "<h4>cl100k_base: 5 tokens</h4>" in result.tokens_html


def test_http_api(served):
    request = urllib.request.Request(
        f"{served}gradio_api/call/analyse", headers={"Content-Type": "application/json"},
        data=json.dumps({"data": ["Hello world", ["cl100k_base"]]}).encode())
    event_id = json.load(urllib.request.urlopen(request, timeout=30))["event_id"]
    stream = urllib.request.urlopen(f"{served}gradio_api/call/analyse/{event_id}",
                                    timeout=30).read().decode()
    assert 'data-tokenizer=\\"cl100k_base\\" data-count=\\"2\\"' in stream


def test_browser_types_text_and_reads_counts(served, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, (f"{', '.join(missing)} missing: install Debian's packages with "
                         "`sudo apt-get install chromium chromium-driver`")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1280,1400", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = None
    try:
        # Service(path) uses Debian's chromedriver: Selenium Manager never downloads one.
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.get(served)
        wait = WebDriverWait(driver, 45)
        box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#text-input textarea"))
        box.clear()
        box.send_keys("Hello world")

        def cl100k_count(d):
            cell = d.find_elements(By.CSS_SELECTOR, '#counts td[data-tokenizer="cl100k_base"]')
            return cell and cell[0].get_attribute("data-count") == "2" and cell[0].text

        assert wait.until(cl100k_count) == "2"
        tokens = driver.find_element(By.ID, "tokens").text
        assert re.search(r"cl100k_base: 2 tokens", tokens)
        shot = tmp_path / "dashboard.png"
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 1000
    finally:
        if driver is not None:
            driver.quit()
