import json
from dataclasses import replace
from datetime import date

from search.document import Document, Zone
from search.segments.schema import (
    FacetLine,
    build_schema,
    document_fields,
    facet_line,
    parse_facet_line,
)

DOC = Document(
    id="x1",
    uri="mem:x1",
    title="镇江经开区",
    text="正文",
    published=date(2024, 5, 6),
    year=2024,
    regions=("江苏省", "江苏省/镇江市"),
    zones=(Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",)),),
    group="g9",
)


def test_facet_line_roundtrip():
    line = parse_facet_line(facet_line(DOC))
    assert line == FacetLine(
        "2024", ("江苏省", "江苏省/镇江市"), ("镇江经济技术开发区",), "2024-05-06", "g9", "x1"
    )


def test_facet_line_of_a_bare_doc_and_of_garbage():
    bare = parse_facet_line(facet_line(Document(id="y", uri="y")))
    assert bare.year is None and bare.regions == () and bare.group == "y"
    assert parse_facet_line(b"") == FacetLine()
    assert parse_facet_line(b"\xff\xfe").year is not None or True


def test_fields_and_schema():
    fields = document_fields(DOC)
    schema = build_schema()
    assert set(fields) <= set(schema.names())
    assert "镇江经开区" in fields["place"] and "镇江市" in fields["place"]
    assert fields["zone"] == "镇江经济技术开发区"
    assert schema["title"].format.field_boost > 1


def test_layout_tells_schemas_apart_and_survives_a_saved_index(tmp_path) -> None:
    from whoosh import index as whoosh_index
    from whoosh.fields import ID
    from whoosh.formats import Positions

    from search.segments.schema import build_schema, layout

    whoosh_index.create_in(str(tmp_path), build_schema())
    assert layout(whoosh_index.open_dir(str(tmp_path)).schema) == layout(build_schema())
    extra = build_schema()
    extra.add("group", ID())
    assert layout(extra) != layout(build_schema())
    pickled_positions = build_schema()
    pickled_positions["body"].format = Positions()
    assert layout(pickled_positions) != layout(build_schema())


def test_with_group_writes_the_group_into_facet_line_and_record():
    from search.segments.prepared import prepare_fields
    from search.segments.schema import with_group
    from search.segments.serialize import record_of, record_with_group

    alone = replace(DOC, group=None)
    values = prepare_fields(build_schema(), document_fields(alone)).values
    for group in ("g9", 'a"b\tc', "x1"):
        done = dict((v[0], v) for v in with_group(values, {"x1": group}))
        expected = dict(
            (v[0], v)
            for v in prepare_fields(
                build_schema(), document_fields(replace(DOC, group=group))
            ).values
        )
        assert done == expected
    assert with_group(values, {}) == values  # no group known: as they were
    assert record_with_group(record_of(alone), None) == record_of(alone)
    odd = '{"group": null, "id": "x"}'  # not record_of's order: still given its group
    assert json.loads(record_with_group(odd, "g")) == {"group": "g", "id": "x"}
