"""The inbox of `briefings serve` over HTTP: it answers only its own page's requests
(own Host, own Origin, the server's token), writes only under content/articles/, and
saves through the same decision and writer as `briefings ingest`."""

from __future__ import annotations

import http.client
import json
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest

from generator.inbox import InboxRefusal, article_path, evidence_by_search
from generator.serve import DevServer

ARTICLE = (
    "Armenia and Azerbaijan resume border talks in Geneva\n\n"
    "Armenia and Azerbaijan resumed talks on 14 March 2024 in Geneva, with Nikol Pashinyan and "
    "Ilham Aliyev meeting under mediation by the European Union after clashes on the border.\n\n"
    "Officials said that further rounds would follow in April and that prisoners would be exchanged.\n"
)


# How often the serving thread looks whether it was told to stop: server.stop() waits for
# that look, which at the standard library's 0.5 s was half a second of every test here
STOP_POLL_SECONDS = 0.01


def serve_in_thread(server: DevServer) -> None:
    """Answer requests in a background thread (no build, no watching: the inbox needs neither)."""
    threading.Thread(target=server.httpd.serve_forever, args=(STOP_POLL_SECONDS,), daemon=True).start()


@pytest.fixture
def inbox_server(archive: Path) -> Iterator[tuple[DevServer, str]]:
    server = DevServer(archive, port=0, echo=lambda text: None)  # no build: the inbox does not need one
    serve_in_thread(server)
    try:
        yield server, server.url
    finally:
        server.stop()


def request(url: str, method: str, path: str, body: dict | None = None, headers: dict | None = None):
    """(status, JSON or text) of one request, with exactly the headers given (Host included)."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    data = json.dumps(body).encode("utf-8") if body is not None else None
    sent = {"Host": f"{host}:{port}", **({"Content-Type": "application/json", "Content-Length": str(len(data))} if data else {}), **(headers or {})}
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in sent.items():
        connection.putheader(name, value)
    connection.endheaders(data)
    response = connection.getresponse()
    raw = response.read().decode("utf-8")
    connection.close()
    try:
        return response.status, json.loads(raw)
    except json.JSONDecodeError:
        return response.status, raw


def token_of(url: str) -> str:
    status, page = request(url, "GET", "/_inbox/")
    assert status == 200
    return re.search(r'name="inbox-token" content="([^"]+)"', page).group(1)


def articles(archive: Path) -> set[Path]:
    return set(archive.rglob("*.md"))


def test_the_inbox_page_allows_only_its_own_script_and_style(inbox_server):
    _, url = inbox_server
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/_inbox/")
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page and " on" not in re.sub(r"<!--.*?-->", "", page).replace(" one", "")


def test_an_extract_and_a_save_write_one_briefing_with_its_provenance(inbox_server, archive: Path):
    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    status, extracted = request(url, "POST", "/_inbox/api/extract", {"text": ARTICLE}, token)
    assert status == 200, extracted
    (item,) = extracted["items"]
    record = item["record"]
    assert (record["title"], record["date"], record["region"]) == (
        "Armenia and Azerbaijan resume border talks in Geneva", "2024-03-14", "South Caucasus",
    )
    status, saved = request(url, "POST", "/_inbox/api/save", {
        "id": item["id"], "title": record["title"], "date": record["date"], "region": "eastern europe",
        "countries": ["Armenia"], "actors": ["Pashinyan"],
    }, token)
    assert status == 200, saved
    assert saved["path"] == "content/articles/2024/armenia-and-azerbaijan-resume-border-talks-in-geneva.md"
    text = (archive / saved["path"]).read_text(encoding="utf-8")
    assert "region: Eastern Europe\n" in text  # as the vocabulary spells it
    assert "actors: [Nikol Pashinyan]\n" in text
    assert "ingested_from: 'inbox: pasted text'\n" in text
    assert re.search(r"^raw_sha256: [0-9a-f]{64}$", text, re.M)
    assert re.search(r"^ingested_at: \d{4}-\d\d-\d\dT", text, re.M)
    assert "draft" not in text
    # the same text again is the same story: the decision ingest takes refuses it
    status, again = request(url, "POST", "/_inbox/api/save", {**{"id": item["id"]}, "title": "Another title",
                                                                "date": "2024-03-14", "region": "Middle East"}, token)
    assert status == 409 and "already saved as content/articles/2024/armenia" in again["error"]


@pytest.mark.parametrize("headers, reason", [
    ({"Host": "attacker.example:80"}, "Host"),
    ({"Origin": "http://attacker.example"}, "another site"),
    ({"X-Inbox-Token": ""}, "token"),
    ({"X-Inbox-Token": "guessed"}, "token"),
])
def test_changes_from_elsewhere_are_refused_and_write_nothing(inbox_server, archive: Path, headers, reason):
    _, url = inbox_server
    token = token_of(url)
    status, extracted = request(url, "POST", "/_inbox/api/extract", {"text": ARTICLE}, {"X-Inbox-Token": token})
    item = extracted["items"][0]
    before = articles(archive)
    save = {"id": item["id"], "title": "Talks", "date": "2024-03-14", "region": "South Caucasus"}
    sent = {"X-Inbox-Token": token, **headers}
    if headers.get("Host"):  # the DNS-rebinding page: right address, foreign name
        sent["Host"] = headers["Host"]
    status, answer = request(url, "POST", "/_inbox/api/save", save, sent)
    assert status == 403 and reason in answer["error"]
    assert articles(archive) == before
    status, _ = request(url, "POST", "/_inbox/api/publish", {"path": "2024/unpublished-note.md"}, sent)
    assert status == 403
    assert "draft: true" in (archive / "content/articles/2024/unpublished-note.md").read_text(encoding="utf-8")


def test_a_rebinding_page_cannot_read_the_token(inbox_server):
    _, url = inbox_server
    status, answer = request(url, "GET", "/_inbox/", headers={"Host": "attacker.example:8000"})
    assert status == 403 and "name=\"inbox-token\"" not in json.dumps(answer)


@pytest.mark.parametrize("name", [
    "../escaped.md", "2024/../../escaped.md", "/tmp/escaped.md", "..\\escaped.md", "C:/escaped.md",
    "2024/.hidden.md", "2024/not a slug.md", "2024/escaped.txt",
])
def test_a_file_name_cannot_leave_articles(inbox_server, archive: Path, name: str):
    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    _, extracted = request(url, "POST", "/_inbox/api/extract", {"text": ARTICLE}, token)
    item = extracted["items"][0]
    before = set(archive.parent.rglob("*"))
    status, answer = request(url, "POST", "/_inbox/api/save", {
        "id": item["id"], "title": "Talks", "date": "2024-03-14", "region": "South Caucasus", "path": name,
    }, token)
    assert status == 400, answer
    assert set(archive.parent.rglob("*")) == before
    assert not Path("/tmp/escaped.md").exists()
    status, _ = request(url, "POST", "/_inbox/api/publish", {"path": name}, token)
    assert status == 400


def test_a_symbolic_link_out_of_articles_is_refused(tmp_path: Path):
    articles_dir = tmp_path / "content" / "articles"
    articles_dir.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (articles_dir / "2024").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InboxRefusal, match="outside articles/"):
        article_path(articles_dir, "2024/talks.md")
    assert article_path(articles_dir, "2025/talks.md") == articles_dir / "2025" / "talks.md"


def test_an_address_must_be_http_never_a_file_of_the_server(inbox_server):
    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    for address in ("/etc/passwd", "file:///etc/passwd"):
        status, answer = request(url, "POST", "/_inbox/api/extract", {"url": address}, token)
        assert status == 400 and "http://" in answer["error"]


def test_a_missing_date_saves_a_draft_with_a_note_and_publish_keeps_the_rest_of_the_file(inbox_server, archive: Path):
    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    undated = ARTICLE.replace(" on 14 March 2024", "")
    _, extracted = request(url, "POST", "/_inbox/api/extract", {"text": undated}, token)
    item = extracted["items"][0]
    assert item["record"]["date"] is None
    status, saved = request(url, "POST", "/_inbox/api/save", {
        "id": item["id"], "title": item["record"]["title"], "date": "", "region": "South Caucasus",
    }, token)
    assert status == 200 and saved["draft"] is True
    written = (archive / saved["path"]).read_text(encoding="utf-8")
    assert "draft: true\n" in written and "no publication date found" in written
    _, listed = request(url, "GET", "/_inbox/api/drafts")
    (draft,) = [d for d in listed["drafts"] if d["shown"] == saved["path"]]
    assert any("no publication date found" in note for note in draft["review"])

    status, published = request(url, "POST", "/_inbox/api/publish", {"path": draft["path"]}, token)
    assert status == 200, published
    after = (archive / saved["path"]).read_text(encoding="utf-8")
    kept = [line for line in written.splitlines(keepends=True)
            if not line.startswith(("draft:", "review:")) and "no publication date found" not in line]
    assert after == "".join(kept)
    status, again = request(url, "POST", "/_inbox/api/publish", {"path": draft["path"]}, token)
    assert status == 409 and "is not a draft" in again["error"]


def test_an_actor_added_from_the_inbox_is_in_the_vocabulary(inbox_server, archive: Path):
    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    status, answer = request(url, "POST", "/_inbox/api/add-actor", {"name": "Toivo Klaar", "kind": "person"}, token)
    assert status == 200 and answer["added"] == ["Toivo Klaar"]
    assert "- name: Toivo Klaar\n  kind: person\n" in (archive / "content/taxonomy/actors.yaml").read_text()
    _, names = request(url, "GET", "/_inbox/api/vocabulary")
    assert "Toivo Klaar" in names["actors"]
    status, answer = request(url, "POST", "/_inbox/api/add-actor", {"name": "Toivo Klaar", "kind": "person"}, token)
    assert status == 200 and answer["added"] == []  # known now: the file is left alone


def test_evidence_found_by_search_points_at_the_words_of_each_value():
    record = {
        "title": "Talks resume", "date": "2024-03-14", "countries": ["Armenia"], "actors": ["Ilham Aliyev"],
        "body": "Leaders met.\n\nIn Armenia, on 14 March 2024, Ilham Aliyev spoke.",
    }
    evidence = evidence_by_search(record)
    assert evidence["title"] == {"how": "'Talks resume' found in the title", "text": "Talks resume", "line": None}
    assert evidence["date"]["text"] == "14 March 2024" and evidence["date"]["line"] == 3
    assert evidence["region"]["text"] == "Armenia"
    assert evidence["actors"]["text"] == "Ilham Aliyev"
    assert "date" not in evidence_by_search({**record, "body": "No day here."})


def test_chosen_files_are_each_an_extract_and_a_bad_one_is_its_own_error(inbox_server):
    import base64

    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    files = [
        {"name": "talks.txt", "data": base64.b64encode(ARTICLE.encode("utf-8")).decode("ascii")},
        {"name": "photo.jpg", "data": base64.b64encode(bytes(range(256)) * 40).decode("ascii")},
    ]
    status, answer = request(url, "POST", "/_inbox/api/extract", {"files": files}, token)
    assert status == 200
    good, bad = answer["items"]
    assert good["record"]["input"] == "inbox: talks.txt" and good["record"]["date"] == "2024-03-14"
    assert "error" in bad and "id" not in bad


def test_an_address_is_fetched_and_kept_as_the_source(inbox_server, tmp_path: Path):
    from conftest import serve

    _, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    (tmp_path / "talks.html").write_text(
        "<!doctype html><html><head><title>Armenia and Azerbaijan resume border talks in Geneva</title></head>"
        f"<body><article><h1>Armenia and Azerbaijan resume border talks in Geneva</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as site:
        status, answer = request(url, "POST", "/_inbox/api/extract", {"url": site + "talks.html"}, token)
    assert status == 200, answer
    record = answer["items"][0]["record"]
    assert record["source_url"] == site + "talks.html"
    assert record["title"] == "Armenia and Azerbaijan resume border talks in Geneva"


def test_a_preview_shared_beyond_this_machine_has_no_inbox(archive: Path):
    server = DevServer(archive, host="0.0.0.0", port=0, echo=lambda text: None)
    serve_in_thread(server)
    try:
        port = server.httpd.server_address[1]
        status, answer = request(f"http://127.0.0.1:{port}/", "GET", "/_inbox/")
        assert status == 404 and "loopback" in answer["error"]
    finally:
        server.stop()


def test_each_save_checks_for_duplicates_against_the_briefings_on_disk_now(inbox_server, archive: Path):
    server, url = inbox_server
    token = {"X-Inbox-Token": token_of(url)}
    _, extracted = request(url, "POST", "/_inbox/api/extract", {"text": ARTICLE}, token)
    item = extracted["items"][0]
    save = {"id": item["id"], "title": "Talks in Geneva", "date": "2024-03-14", "region": "South Caucasus"}
    status, saved = request(url, "POST", "/_inbox/api/save", save, token)
    assert status == 200, saved
    status, again = request(url, "POST", "/_inbox/api/save", save, token)
    assert status == 409 and "already saved as " + saved["path"] in again["error"]
    # what was read of the briefings is kept between saves (ExistingBriefings), and still an
    # editor's removal of the file is seen by the next save
    assert server.inbox.existing() is server.inbox.existing()
    (archive / saved["path"]).unlink()
    status, resaved = request(url, "POST", "/_inbox/api/save", save, token)
    assert status == 200 and resaved["path"] == saved["path"], resaved


def test_the_drafts_list_follows_the_files_on_disk_between_requests(inbox_server, archive: Path):
    server, url = inbox_server
    note = archive / "content/articles/2024/unpublished-note.md"

    def listed() -> dict[str, list[str]]:
        status, answer = request(url, "GET", "/_inbox/api/drafts")
        assert status == 200
        return {draft["path"]: draft["review"] for draft in answer["drafts"]}

    assert listed() == {"2024/unpublished-note.md": []}
    assert listed() == {"2024/unpublished-note.md": []}  # the files' readings are kept (KeptReadings) ...
    # ... and an editor's change on disk is in the next answer
    note.write_text(note.read_text(encoding="utf-8").replace("draft: true\n", "draft: true\nreview: [check the date]\n"))
    copy = note.with_name("second-note.md")
    copy.write_text(note.read_text(encoding="utf-8"))
    assert listed() == {"2024/unpublished-note.md": ["check the date"], "2024/second-note.md": ["check the date"]}
    note.write_text(note.read_text(encoding="utf-8").replace("draft: true\n", ""))
    copy.unlink()
    assert listed() == {}
