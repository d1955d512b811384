"""What an analyst does after a search: zone pages, the Atom feed, exports, suggestions."""

from __future__ import annotations

import time
import unicodedata
from typing import Any
from urllib.parse import quote, urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    request,
    stream_with_context,
    url_for,
)

from search.backends.interface import NoIndex
from search.engine.query import QueryError
from search.engine.suggest import MAX_INPUT_CHARS
from search.output import export
from search.output.feed import FEED_ENTRIES, FeedInfo, atom
from search.output.zonepage import MAX_NAME_CHARS, canonical, close_names, zone_page
from web.facets import region_label
from web.params import BadParam, State, parse_state
from web.searcher import get_view, memo, suggester
from web.timeline import zone_timeline
from web.urls import state_url, zone_url
from web.views import EMPTY_QUERY, NO_INDEX, _page, api_error

bp = Blueprint("outputs", __name__)
MAX_CLOSE_EXTRA = 2000


def _printable(message: str) -> str:
    """An error message without control characters: some echo what the user sent."""
    return "".join(c for c in message if not unicodedata.category(c).startswith("C"))


def _year(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise BadParam(f"年份必须是四位数字，例如 2025：收到「{raw[:20]}」")
    return int(text)


def _zone_name(name: str) -> str:
    if len(name) > MAX_NAME_CHARS:
        raise BadParam(f"开发区名称太长（最多 {MAX_NAME_CHARS} 字）")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise BadParam("开发区名称含有控制字符")
    return name.strip()


@bp.get("/zone/<path:name>")
def zone(name: str) -> Any:
    try:
        name = _zone_name(name)
        year = _year(request.args.get("year"))
    except BadParam as e:
        return _page("message.html", 400, title="参数有误", error=_printable(str(e)))
    try:
        view = get_view()
    except NoIndex:
        return _page("message.html", 503, title="索引尚未建立", error=NO_INDEX)
    page = zone_page(view, name, year) if name else None
    if page is None:
        known = canonical(name) if name else None
        if known and known != name:
            return redirect(zone_url(known, year))
        overview = memo("web.overview", view.collection_facets)
        # the most named uncatalogued names too; difflib over all of a big index is slow
        indexed = tuple(v.value for v in overview["zone"][:MAX_CLOSE_EXTRA])
        return _page(
            "zone_missing.html",
            404,
            title="找不到这个开发区",
            name=name,
            close=[(n, zone_url(n)) for n in close_names(name, indexed)],
        )
    only = State(zone=(page.name,))
    return _page(
        "zone.html",
        zone=page,
        chart=zone_timeline(page, only),
        all_url=state_url(only),
        year_url=state_url(State(zone=(page.name,), year=(str(year),))) if year else None,
        years=[(b.value, zone_url(page.name, int(b.value))) for b in page.timeline.bars if b.count]
        if not year
        else [],
        back_url=zone_url(page.name) if year else None,
        regions=[
            (region_label(v.value), v.count, state_url(State(zone=(page.name,), region=(v.value,))))
            for v in page.regions
        ],
        zones=[(v.value, v.count, zone_url(v.value)) for v in page.zones],
        feed_url=url_for("outputs.feed", **only.args()),
    )


def _search_state() -> State:
    """The search a feed or an export is of: the page's parameters, never empty."""
    state = parse_state(request.args, request.args.getlist)
    if state.is_empty:
        raise BadParam(EMPTY_QUERY)
    return state


def _feed_title(state: State) -> str:
    parts = [state.q] if state.q else []
    parts += [region_label(r) for r in state.region] + list(state.zone)
    parts += [f"{y}年" for y in state.year] + list(state.month)
    return "开发区新闻检索：" + " · ".join(parts)


@bp.get("/feed.atom")
def feed() -> Any:
    try:
        state = _search_state()
        view = get_view()
        result = view.search(state.with_sort("date").request(FEED_ENTRIES))
    except (BadParam, QueryError) as e:
        return _plain(_printable(str(e)), 400)
    except NoIndex:
        return _plain(NO_INDEX, 503)
    key = State(state.q, state.region, state.year, state.zone, month=state.month)
    info = FeedInfo(
        title=_feed_title(state),
        feed_url=url_for("outputs.feed", _external=True, **key.args()),
        page_url=url_for("search.index", _external=True, **key.with_sort("date").args()),
        updated=view.built_at(),
        key=urlencode(sorted(key.args().items()), doseq=True),
    )
    body = atom(info, result.hits, lambda i: url_for("search.doc", doc_id=i, _external=True))
    return Response(body, mimetype="application/atom+xml", content_type=_ATOM)


_ATOM = "application/atom+xml; charset=utf-8"


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


@bp.get("/export.<fmt>")
def export_hits(fmt: str) -> Any:
    if fmt not in export.FORMATS:
        return _page("message.html", 404, title="找不到这个页面", error="导出格式只有 csv 和 jsonl")
    try:
        state = _search_state()
        view = get_view()
        cap = current_app.config.get("EXPORT_CAP", export.MAX_EXPORT)
        total, hits = export.all_hits(view, state.request(10), cap)
    except (BadParam, QueryError, export.TooManyHits) as e:
        error = _printable(str(e))
        return _page("message.html", 400, state=_safe_state(), title="无法导出", error=error)
    except NoIndex:
        return _page("message.html", 503, title="索引尚未建立", error=NO_INDEX)
    name = f"zonesearch-{time.strftime('%Y%m%d')}.{fmt}"
    headers = {
        "Content-Disposition": f"attachment; filename={name}; filename*=UTF-8''{quote(name)}",
        "X-Total-Count": str(total),
    }
    mime = "text/csv; charset=utf-8" if fmt == "csv" else "application/jsonl; charset=utf-8"
    body = stream_with_context(export.lines(fmt, hits))  # type: ignore[arg-type]
    return Response(body, content_type=mime, headers=headers)


def _safe_state() -> State:
    try:
        return parse_state(request.args, request.args.getlist)
    except BadParam:
        return State()


@bp.get("/api/suggest")
def api_suggest() -> Any:
    started = time.perf_counter()
    text = request.args.get("q")
    if text is None:
        return api_error("缺少参数 q：要补全的输入", 400)
    if len(text) > MAX_INPUT_CHARS:
        return api_error(f"输入太长（最多 {MAX_INPUT_CHARS} 字）", 400)
    if any(unicodedata.category(c) == "Cc" for c in text):
        return api_error("输入含有控制字符", 400)
    try:
        completions = suggester().complete(text)
    except NoIndex:
        return api_error(NO_INDEX, 503)
    return jsonify(
        {
            "q": text,
            "suggestions": [
                {
                    "text": c.text,
                    "kind": c.kind,
                    "detail": c.detail,
                    "count": c.count,
                    "url": zone_url(c.text) if c.kind == "zone" else state_url(State(q=c.text)),
                }
                for c in completions
            ],
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
        }
    )
