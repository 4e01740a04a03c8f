import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
from lab08_arxiv_semantic_search.engine import SearchEngine
from lab08_arxiv_semantic_search.web import create_app, running_server, search_response

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture
def engine(documents, stub_encoder) -> SearchEngine:
    return SearchEngine.build(documents, stub_encoder, "flat")


def test_encoder_caches_and_normalises(stub_encoder):
    vectors = stub_encoder.encode(["a b", "c", "a b"])
    assert vectors.shape == (3, 64) and stub_encoder.n_encoded == 2
    assert abs(float((vectors**2).sum(axis=1).max()) - 1.0) < 1e-5
    stub_encoder.encode(["c", "a b"])
    assert stub_encoder.n_encoded == 2  # both were cached


def test_search_response(engine):
    body = search_response(engine, "  speech enhancement ", 3)
    assert body["query"] == "speech enhancement" and body["k"] == 3 and body["took_ms"] >= 0
    assert [r["id"] for r in body["results"]] == [h.id for h in engine.search("speech enhancement", 3)]
    with pytest.raises(ValueError):
        search_response(engine, "   ", 3)
    with pytest.raises(ValueError):
        search_response(engine, "speech", 0)


def test_engine_save_load(engine, stub_encoder, tmp_path):
    loaded = SearchEngine.load(engine.save(tmp_path / "engine"), stub_encoder)
    assert loaded.search("robotic grasping", 5) == engine.search("robotic grasping", 5)


def test_json_api_over_http(engine):
    with running_server(create_app(engine)) as url:
        ok = httpx.get(f"{url}/api/search", params={"q": "graph", "k": 4}).json()
        bad = httpx.get(f"{url}/api/search", params={"q": ""})
        page = httpx.get(url).text
    assert len(ok["results"]) == 4
    assert bad.status_code == 400 and "empty" in bad.json()["detail"]
    assert 'id="q"' in page and "/api/search" in page


def test_search_page_in_chromium(engine, monkeypatch):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:  # a failure, not a skip: CI installs them with .ci/install-services
        pytest.fail(f"{', '.join(missing)} missing: install the Debian packages chromium "
                    "chromium-driver (sudo apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download a browser
    profile = tempfile.mkdtemp(prefix="lab08-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    expected = [h.id for h in engine.search("robotic grasping", 5)]
    with running_server(create_app(engine)) as url:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            driver.get(url)
            box = driver.find_element(By.ID, "q")
            box.clear()
            box.send_keys("robotic grasping")
            k = driver.find_element(By.ID, "k")
            k.clear()
            k.send_keys("5")
            driver.find_element(By.ID, "go").click()
            wait = WebDriverWait(driver, 20)
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "li.result")) == 5)
            shown = [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "li.result")]
            status = driver.find_element(By.ID, "status").text
            driver.get(f"{url}/?q=%20")  # a blank query shows the API's error, not a stack trace
            wait.until(lambda d: "empty" in d.find_element(By.ID, "status").text)
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
    assert shown == expected
    assert status.startswith("5 results")
