import os

import httpx
import pytest
from lab08_arxiv_semantic_search.engine import SearchEngine
from lab08_arxiv_semantic_search.web import create_app, running_server, search_response
from llmlab_grading import points


@pytest.fixture(scope="module")
def engine(encoder, documents):
    return SearchEngine.build(documents[:300], encoder, "flat")


@points(4, "search_response must return {query (stripped), k, took_ms, results}, the results "
        "being engine.search(q, k) as dicts (id, title, topic, score, snippet), best first.",
        task="web", timeout=180)
def test_search_response_body(engine):
    body = search_response(engine, "  speaker verification  ", 4)
    assert body["query"] == "speaker verification" and body["k"] == 4
    assert isinstance(body["took_ms"], float) and body["took_ms"] >= 0
    hits = engine.search("speaker verification", 4)
    assert body["results"] == [h.to_dict() for h in hits]
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


@points(2, "search_response must raise ValueError for a blank query and for k outside [1, 100].",
        task="web", timeout=180)
def test_search_response_rejects_bad_requests(engine):
    for q, k in (("", 5), ("   ", 5), ("speech", 0), ("speech", 101)):
        with pytest.raises(ValueError):
            search_response(engine, q, k)


@points(4, "Served over HTTP, GET /api/search must answer 200 with the JSON body and 400 with "
        "{'detail': ...} for a bad request; GET / must be the search page.", task="web", timeout=180)
def test_api_over_http(engine):
    with running_server(create_app(engine)) as url:
        ok = httpx.get(f"{url}/api/search", params={"q": "robotic grasping", "k": 3}, timeout=30)
        blank = httpx.get(f"{url}/api/search", params={"q": " ", "k": 3}, timeout=30)
        too_many = httpx.get(f"{url}/api/search", params={"q": "robots", "k": 500}, timeout=30)
        page = httpx.get(url, timeout=30)
    assert ok.status_code == 200
    assert [r["id"] for r in ok.json()["results"]] == [h.id for h in engine.search("robotic grasping", 3)]
    assert blank.status_code == 400 and blank.json()["detail"]
    assert too_many.status_code == 400
    assert page.status_code == 200 and 'id="q"' in page.text and "/api/search" in page.text


CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BROWSER_QUERY, BROWSER_K = "removing background noise from speech recordings", 6


@points(5, "In headless Chromium, typing a query into the search page (#q, #k) and submitting "
        "(#go) must list the results (li.result, data-id, .title) that /api/search and "
        "search_response give for that query, in order.", task="web", timeout=180)
def test_browser_searches_and_reads_titles(engine, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, f"grader setup: {', '.join(missing)} missing (Debian chromium, chromium-driver)"
    expected = search_response(engine, BROWSER_QUERY, BROWSER_K)["results"]
    assert len(expected) == BROWSER_K

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = None
    with running_server(create_app(engine)) as url:
        try:
            api = httpx.get(f"{url}/api/search", params={"q": BROWSER_QUERY, "k": BROWSER_K},
                            timeout=30)
            assert api.status_code == 200
            assert [r["id"] for r in api.json()["results"]] == [r["id"] for r in expected]
            # Service(path): Debian's chromedriver, so Selenium Manager never looks for one.
            driver = webdriver.Chrome(service=Service(CHROMEDRIVER,
                                                      log_output=str(tmp_path / "driver.log")),
                                      options=options)
            driver.get(url)
            wait = WebDriverWait(driver, 60)
            box = wait.until(lambda d: d.find_element(By.ID, "q"))
            box.clear()
            box.send_keys(BROWSER_QUERY)
            k = driver.find_element(By.ID, "k")
            k.clear()
            k.send_keys(str(BROWSER_K))
            driver.find_element(By.ID, "go").click()

            def shown(d):
                items = d.find_elements(By.CSS_SELECTOR, "li.result")
                return [(li.get_attribute("data-id"), li.find_element(By.CSS_SELECTOR, ".title").text)
                        for li in items]

            want = [(r["id"], " ".join(r["title"].split())) for r in expected]
            try:
                wait.until(lambda d: shown(d) == want)
            except Exception:
                status = driver.find_element(By.ID, "status").text
                raise AssertionError(f"the page shows {shown(driver)} (status {status!r}); "
                                     f"search_response gives {want}") from None
            shot = tmp_path / "search.png"
            assert driver.save_screenshot(str(shot))
            data = shot.read_bytes()
            assert data.startswith(PNG_MAGIC) and len(data) > 1000
        finally:
            if driver is not None:
                driver.quit()
