"""The blueprint: the search page, the document page and the JSON API."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException

from search.backends.interface import EngineError, NoIndex
from search.engine.query import QueryError, SearchResult
from search.segments.serialize import inspect_dict
from search.text.normalise import printable
from web import document as docs
from web.facets import chips, links, region_label, region_tree
from web.params import FACET_LABELS, SORT_LABELS, BadParam, State, parse_limit, parse_state
from web.searcher import get_view, memo
from web.suggest import loosen
from web.timeline import results_timeline
from web.urls import doc_url, state_url, zone_url

bp = Blueprint("search", __name__)

NO_INDEX = "索引尚未建立：请先运行 zonesearch rebuild 建立索引，然后刷新本页。"
EMPTY_QUERY = "请输入检索词，或从左侧选择地区、年份、开发区来浏览。"


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    context.setdefault("state", State())
    return render_template(template, **context), status


def _raw_state() -> State:
    """What to put back in the search box when the parameters did not validate."""
    q = request.args.get("q", "")
    return State(q=printable(q[:500]).strip())


def _sidebar(result: SearchResult, state: State) -> dict[str, Any]:
    return {
        "regions": region_tree(result.facets.get("region", []), state, state_url),
        "years": links("year", result.facets.get("year", []), state, state_url),
        "zones": links("zone", result.facets.get("zone", []), state, state_url),
    }


def _pages(state: State, pages: int) -> list[tuple[int | None, str | None]]:
    """Page numbers around the current one, None for a gap."""
    wanted = {1, pages, *range(max(1, state.page - 2), min(pages, state.page + 2) + 1)}
    out: list[tuple[int | None, str | None]] = []
    last = 0
    for n in sorted(wanted):
        if n - last > 1:
            out.append((None, None))
        out.append((n, state_url(state.with_page(n))))
        last = n
    return out


@bp.get("/")
def index() -> Any:
    try:
        state = parse_state(request.args, request.args.getlist)
    except BadParam as e:
        return _page("search.html", 400, state=_raw_state(), error=str(e))
    try:
        view = get_view()
    except NoIndex:
        return _page("search.html", 503, state=state, error=NO_INDEX)
    if state.is_empty:
        overview = memo("web.overview", view.collection_facets)
        home = State()
        context = {
            "state": state,
            "documents": memo("web.documents", view.doc_count),
            "regions": region_tree(overview["region"], home, state_url),
            "years": links("year", overview["year"], home, state_url),
            "zones": links("zone", overview["zone"], home, state_url),
        }
        if "q" in request.args:
            return _page("search.html", 400, error=EMPTY_QUERY, **context)
        return _page("search.html", **context)
    try:
        result = view.search(state.request(current_app.config["PER_PAGE"]))
    except QueryError as e:
        return _page("search.html", 400, state=state, error=str(e))
    if result.total and state.page > result.pages:
        return redirect(state_url(state.with_page(result.pages)))
    return _page(
        "search.html",
        state=state,
        result=result,
        chips=chips(state, state_url),
        clear_url=state_url(State(q=state.q, sort=state.sort)),
        suggestions=[] if result.total else loosen(view, state),
        briefs=docs.briefs(view, result.hits),
        sorts=[(key, label, state_url(state.with_sort(key))) for key, label in SORT_LABELS.items()],
        pages=_pages(state, result.pages) if result.pages > 1 else [],
        prev_url=state_url(state.with_page(state.page - 1)) if state.page > 1 else None,
        next_url=state_url(state.with_page(state.page + 1)) if state.page < result.pages else None,
        chart=results_timeline(result, state) if result.total else None,
        feed_url=state_url(state.with_page(1), "outputs.feed"),
        csv_url=state_url(state.with_page(1), "outputs.export_hits", fmt="csv"),
        jsonl_url=state_url(state.with_page(1), "outputs.export_hits", fmt="jsonl"),
        **_sidebar(result, state),
    )


@bp.get("/doc/<path:doc_id>")
def doc(doc_id: str) -> Any:
    try:
        state = parse_state(request.args, request.args.getlist)
    except BadParam:
        state = State()
    try:
        view = get_view()
    except NoIndex:
        return _page("message.html", 503, title="索引尚未建立", error=NO_INDEX)
    document = docs.find(view, doc_id)
    if document is None:
        shown = printable(doc_id[:80])
        return _page(
            "message.html", 404, title="找不到文档", error=f"没有编号为「{shown}」的文档。"
        )
    terms = view.query_terms(state.q) if state.q else frozenset()
    return _page(
        "doc.html",
        state=state,
        doc=document,
        title_html=docs.title_html(document, terms),
        untitled_label=None if document.title else docs.lead(document.text),
        paragraphs=docs.paragraphs(document.text, terms),
        original=docs.safe_url(document.url),
        back_url=state_url(state) if not state.is_empty else None,
        region_links=[(region_label(r), state_url(State(region=(r,)))) for r in document.regions],
        mention_links=[
            (region_label(r), state_url(State(mentions=(r,)))) for r in document.regions_mentioned
        ],
        year_url=state_url(State(year=(str(document.year),))) if document.year else None,
        zone_links=[(z, zone_url(z.name)) for z in document.zones],
    )


def api_error(message: str, status: int) -> tuple[Response, int]:
    return jsonify({"error": message}), status


@bp.get("/api/search")
def api_search() -> Any:
    try:
        state = parse_state(request.args, request.args.getlist)
        limit = parse_limit(request.args.get("limit"), current_app.config["PER_PAGE"])
    except BadParam as e:
        return api_error(str(e), 400)
    if state.is_empty:
        return api_error(EMPTY_QUERY, 400)
    try:
        result = get_view().search(state.request(limit))
    except NoIndex:
        return api_error(NO_INDEX, 503)
    except QueryError as e:
        return api_error(str(e), 400)
    body = result.as_json()
    for hit in body["hits"]:  # type: ignore[union-attr]
        hit["url"] = docs.safe_url(hit["url"])  # javascript:, data: and such are not handed on
    return jsonify(body)


@bp.get("/api/doc/<path:doc_id>")
def api_doc(doc_id: str) -> Any:
    try:
        document = docs.find(get_view(), doc_id)
    except NoIndex:
        return api_error(NO_INDEX, 503)
    if document is None:
        return api_error(f"no document with id {doc_id[:80]!r}", 404)
    return jsonify({**inspect_dict(document), "url": docs.safe_url(document.url)})


def register_errors(app: Flask) -> None:
    """HTTP errors as JSON under /api/, as a page elsewhere; never a traceback."""

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        status = e.code or 500
        message = {404: "找不到这个页面", 405: "不支持这种请求方式"}.get(status, e.name)
        if request.path.startswith("/api/"):
            return api_error(message, status)
        return _page("message.html", status, title=message, error=message)

    @app.errorhandler(EngineError)
    def engine_error(e: EngineError) -> Any:
        app.logger.error("engine error on %s: %s", request.path, e)
        message = "搜索服务暂时不可用，请稍后再试"
        if request.path.startswith("/api/"):
            return api_error(message, 503)
        return _page("message.html", 503, title=message, error=message)

    @app.errorhandler(UnicodeDecodeError)
    def bad_encoding(e: UnicodeDecodeError) -> Any:
        # werkzeug decodes the query string strictly on first use: raw bytes that are not
        # UTF-8 (not %-escaped ones, which decode leniently) would otherwise be a 500
        message = "请求网址的编码无效：参数必须是 UTF-8"
        if request.path.startswith("/api/"):
            return api_error(message, 400)
        return _page("message.html", 400, title=message, error=message)

    @app.errorhandler(Exception)
    def server_error(e: Exception) -> Any:
        app.logger.exception("unhandled error on %s", request.path)
        message = "服务器内部错误，请稍后再试"
        if request.path.startswith("/api/"):
            return api_error(message, 500)
        return _page("message.html", 500, title=message, error=message)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "doc_url": doc_url,
        "state_url": state_url,
        "zone_url": zone_url,
        "facet_labels": FACET_LABELS,
    }
