"""What the results page shows beyond plain hits: notes, folded near-duplicates, untitled hits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from web_corpus import build_index, doc

from web import create_app


@pytest.fixture(scope="module")
def fold_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    docs = [
        doc(1, group="g1", text="园区整合的通稿，第一家媒体转载。"),
        doc(2, group="g1", title="园区整合通稿转载", text="园区整合的通稿，第二家媒体转载。"),
        doc(3, group="g1", title=None, text="园区整合的通稿，第三家媒体转载，没有标题。"),
        doc(4, title=None, text="   \n  "),
        doc(5, title="另一篇园区报道"),
    ]
    root = build_index(Path(tmp_path_factory.mktemp("fold")), docs)
    return create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()


def test_near_duplicates_are_folded_and_listed(fold_client: FlaskClient) -> None:
    data = fold_client.get("/api/search?q=园区整合").get_json()
    folded = [h for h in data["hits"] if h["similar"]]
    assert len(folded) == 1 and folded[0]["similar"] == 2
    page = fold_client.get("/?q=园区整合").get_data(as_text=True)
    block = re.search(r'<details class="similar">(.*?)</details>', page, re.S)
    assert block is not None and "2 篇相似文章" in block.group(1)
    for sid in folded[0]["similar_ids"]:
        assert f'href="/doc/{sid}?q=' in block.group(1)
    assert "None" not in block.group(1)


def test_untitled_hits_show_the_start_of_the_text(fold_client: FlaskClient) -> None:
    page = fold_client.get("/?q=园区整合&sort=date").get_data(as_text=True)
    assert "None" not in re.sub(r"<[^>]+>", " ", page)
    assert '<span class="untitled"' in page
    assert "园区整合的通稿，第三家媒体转载，没有标题。" in page  # under 30 characters: whole
    doc_page = fold_client.get("/doc/doc003").get_data(as_text=True)
    assert 'class="untitled"' in doc_page and "<title>园区整合的通稿" in doc_page


def test_query_notes_are_shown_above_the_results(fold_client: FlaskClient) -> None:
    data = fold_client.get('/api/search?q="园区整合').get_json()
    assert data["message"]
    page = fold_client.get('/?q="园区整合').get_data(as_text=True)
    note = page.index('class="message notice"')
    assert data["message"] in page[note:] and note < page.index('class="summary"')
