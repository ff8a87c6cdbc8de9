"""A reader that lives across many commits answers what a fresh reader and the database say.

A web worker opens the index once and then serves for weeks while staff import and edit.
These tests keep one warm searcher (this process's snapshot) across imports, edits,
deletions, merges of segments, a clear and a rebuild, and after every step compare its
answers — ids, counts, facets — with a searcher opened afresh from disk (what a new process
sees) and with the database.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections

from archive.models import Article, Publication
from archive.signals import articles_changed
from search.engine import engine
from search.indexing import rebuild, write_pending
from search.query import SearchRequest
from search.syntax import parse_query
from search.whoosh_engine import merging, snapshots
from search.whoosh_engine.backend import ArchiveWhooshSearchBackend

from .test_search import containing

QUERIES = ("工会", "职工", "疗休养", "劳模", "五一劳动奖章")


@pytest.fixture
def samples(db, django_capture_on_commit_callbacks):
    engine().clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", verbosity=0)


def answer(backend: ArchiveWhooshSearchBackend, q: str, **filters: str):
    found = backend.find(parse_query(q), SearchRequest(q=q, **filters), start=0, stop=500,
                         facets=("city", "unions", "publication", "year"))
    facets = {name: sorted(values) for name, values in found.facets.items()}
    return found.ids, found.count, facets


def fresh_answer(q: str, **filters: str):
    """The same question to a searcher opened now, as a new process would open it."""
    backend = connections["default"].get_backend()
    snapshots.forget(backend.root)
    try:
        return answer(backend, q, **filters)
    finally:
        snapshots.forget(backend.root)


def assert_warm_reader_is_right(warm: ArchiveWhooshSearchBackend) -> None:
    for q in QUERIES:
        ids, count, facets = answer(warm, q)
        assert len(ids) == len(set(ids)), f"{q}: a hit listed twice"
        assert set(ids) == containing(q) and count == len(ids), q
        assert (ids, count, facets) == fresh_answer(q), q
        by_city = Counter(Article.objects.filter(pk__in=ids, city__isnull=False)
                          .values_list("city__code", flat=True))
        assert {v: n for v, n in facets["city"] if v} == dict(by_city), q
    assert sorted(d.article_id for d in warm.indexed()) == sorted(
        Article.objects.values_list("pk", flat=True))


def edit(article: Article, **fields: str) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])
    write_pending()


def test_a_warm_reader_stays_right_across_commits_merges_a_clear_and_a_rebuild(
        samples, monkeypatch):
    monkeypatch.setattr(merging, "SMALL_SEGMENT", 10_000)
    monkeypatch.setattr(merging, "MERGE_WHEN", 4)
    warm = connections["default"].get_backend()
    assert_warm_reader_is_right(warm)
    articles = list(Article.objects.order_by("pk"))
    opened = []

    # Ten commits: edits that add and remove a searched word, and deletions.
    for step, article in enumerate(articles[:10]):
        if step % 3 == 2:
            articles_changed.send(sender=Article, changed_ids=[], removed_ids=[article.pk])
            article.delete()
            write_pending()
        elif step % 3 == 1:
            edit(article, subtitle=f"{article.subtitle}疗休养")
        else:
            edit(article, body=article.body.replace("工会", "协会"))
        opened.append(snapshots._current[warm.root].key)
        assert_warm_reader_is_right(warm)
    assert len(set(opened)) == 10, "every commit is seen as a new state of the index"
    segments = len(warm.index._segments())
    assert segments < 10, "small segments were merged on the way"

    engine().clear()
    for q in QUERIES:
        assert answer(warm, q)[:2] == ([], 0)

    written = rebuild()
    assert written == Article.objects.count()
    assert_warm_reader_is_right(warm)
    assert len(warm.index._segments()) <= 2


def test_memory_and_open_files_stay_flat_over_many_commits(samples):
    """Every superseded snapshot is closed: the files a warm reader holds open are those of
    the live index's segments, none of them deleted, however many commits it lived through."""
    warm = connections["default"].get_backend()
    article = Article.objects.order_by("pk").first()

    def index_files_open() -> list[str]:
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except FileNotFoundError:  # the descriptor listing itself
                continue
            if "whoosh_index" in target:
                found.append(target)
        return found

    for step in range(60):
        edit(article, subtitle=f"第{step}次")
        answer(warm, "工会")
        held = index_files_open()
        live = str(Path(warm.index.storage.folder))
        assert not [path for path in held if path.endswith("(deleted)")], step
        assert all(path.startswith(live) for path in held), step
        segments = len(warm.index._segments())
        assert len(held) <= 6 * segments, (step, segments, len(held))
    assert len(warm.index._segments()) <= merging.MERGE_WHEN + 1


def test_a_rebuild_is_built_beside_the_live_index_and_a_failed_one_changes_nothing(samples):
    backend = connections["default"].get_backend()
    live = Path(backend.index.storage.folder)
    before = answer(backend, "工会")

    def broken_documents():
        from search.documents import article_document, indexed_articles

        for n, article in enumerate(indexed_articles()):
            if n == 10:
                raise RuntimeError("the rebuild died here")
            yield article_document(article)

    with pytest.raises(RuntimeError):
        backend.rebuild(broken_documents())
    assert Path(backend.index.storage.folder) == live
    assert answer(backend, "工会") == before

    rebuild()
    assert Path(backend.index.storage.folder) != live
    assert answer(backend, "工会")[:2] == before[:2]
    leftovers = [p.name for p in live.parent.iterdir() if p.name.startswith("g-")]
    assert len(leftovers) <= 2, "only the live generation and the one before it are kept"


def test_stale_and_duplicate_documents_are_found_and_repaired(samples):
    from search.drift import find_drift
    from search.documents import article_document, indexed_articles

    from .conftest import run_command

    backend = connections["default"].get_backend()
    stale, twice = Article.objects.order_by("pk")[:2]
    Article.objects.filter(pk=stale.pk).update(title="改过的标题没人通知索引")
    # Write a second copy of one document, as a reused reader once made it look.
    writer = backend.index.writer()
    writer.add_document(**backend._fields(article_document(indexed_articles().get(pk=twice.pk))))
    writer.commit()

    drift = find_drift()
    assert drift.stale == {stale.pk} and drift.duplicated == {twice.pk}
    assert not drift.clean
    code, out, _ = run_command("check_search_index")
    assert "内容过期 1 篇，重复 1 篇" in out
    code, out, _ = run_command("check_search_index", "--repair")
    assert code == 0 and "已修复" in out
    assert find_drift().clean
    assert stale.pk in {pk for pk in answer(backend, "改过的标题没人通知索引")[0]}


def test_a_publication_slug_edit_reaches_the_index(samples, django_capture_on_commit_callbacks):
    publication = Publication.objects.get(name="浙江工人日报")
    count = Article.objects.filter(page__issue__publication=publication).count()
    with django_capture_on_commit_callbacks(execute=True):
        publication.slug = "zjgrrb-new"
        publication.save()
    ids, total, _ = answer(connections["default"].get_backend(), "工", publication="zjgrrb-new")
    assert total == len(containing("工") & set(
        Article.objects.filter(page__issue__publication=publication).values_list("pk", flat=True)))
    assert total > 0 and count >= total


def test_an_unreadable_index_gives_readers_a_clear_page_and_repair_rebuilds_it(samples, client):
    from .conftest import run_command

    backend = connections["default"].get_backend()
    live = Path(backend.index.storage.folder)
    snapshots.forget(backend.root)
    for path in live.iterdir():
        if path.suffix in (".trm", ".pst", ".seg") or path.name.endswith(".toc"):
            path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])
    response = client.get("/search/", {"q": "工会"})
    assert response.status_code == 503
    assert "检索暂时不可用" in response.content.decode()
    api = client.get("/api/search", {"q": "工会"})
    assert api.status_code == 503 and "检索暂时不可用" in api.json()["error"]
    assert client.get("/").status_code == 200  # browsing does not need the index

    code, out, _ = run_command("check_search_index", "--repair")
    assert code == 0 and "已重建索引" in out
    response = client.get("/search/", {"q": "工会"})
    assert response.status_code == 200
    assert answer(backend, "工会")[1] == len(containing("工会"))


def test_a_lost_current_file_deletes_nothing_and_a_repair_rebuilds(samples, client):
    from search.whoosh_engine import store

    from .conftest import run_command

    backend = connections["default"].get_backend()
    live = Path(backend.index.storage.folder)
    (backend.root / store.POINTER).unlink()
    snapshots.forget(backend.root)
    backend.setup_complete = False
    assert client.get("/search/", {"q": "工会"}).status_code == 503
    assert live.is_dir() and any(live.iterdir()), "the index was not deleted"
    code, out, _ = run_command("check_search_index", "--repair")
    assert code == 0 and "已重建索引" in out
    assert answer(backend, "工会")[1] == len(containing("工会"))
