"""search.enrich.dedup: SimHash fingerprints and near-duplicate groups."""

from __future__ import annotations

import random
from pathlib import Path

from search.enrich.dedup import assign_groups, hamming, simhash

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def _repost(text: str) -> str:
    """The same article on another site: its own header and footer, a few characters changed."""
    body = text.replace("开发区", "开发 区", 1).replace("。", "，", 2).replace("全市", "全县", 1)
    header = "来源：某某网 2024-01-02 08:00\n当前位置：首页 > 新闻 > 正文\n分享到：微信 微博\n"
    footer = "\n责任编辑：王小明\n转载请注明出处\n返回首页\n上一篇：某某\n下一篇：某某某"
    return header + body + footer


def test_fingerprint_is_stable_and_64_bit() -> None:
    text = _seeds()[0]
    assert simhash(text) == simhash(text)
    assert 0 < simhash(text) < 2**64
    assert simhash("") == 0 and simhash("，。 \n") == 0
    assert hamming(0b1011, 0b0001) == 2 and hamming(2**64 - 1, 0) == 64


def test_fingerprints_do_not_change_between_versions() -> None:
    # Manifests keep the fingerprints of indexed documents, and update groups new documents
    # with old ones: a change to the hashing must not change a fingerprint.
    text = "镇江经济技术开发区今年新签约项目三十个，总投资超过两百亿元。"
    assert simhash(text) == 0xD1A21E0AA8C8C2B4
    # characters beyond the BMP take the other path through the tables
    assert simhash("𠀀𠀁𠀂开发区建设𝐀𝐁𝐂，건설") == 0x50D806A7295ADC31


def test_fingerprint_ignores_width_case_script_and_spacing() -> None:
    assert simhash("鎮江經開區ＡＢＣ 2024年") == simhash("镇江经开区abc2024年")


def test_repost_grouped_unrelated_seeds_not() -> None:
    seeds = _seeds()
    assert len(seeds) == 5
    items = [(f"seed{i}", simhash(t)) for i, t in enumerate(seeds)]
    items += [(f"repost{i}", simhash(_repost(t))) for i, t in enumerate(seeds)]
    for i in range(5):
        assert hamming(items[i][1], items[5 + i][1]) <= 3
    groups = assign_groups(items)
    assert groups == {
        **{f"seed{i}": f"seed{i}" for i in range(5)},
        **{f"repost{i}": f"seed{i}" for i in range(5)},
    }


def test_groups_are_transitive_and_zero_is_never_grouped() -> None:
    a = 0xFFFF_0000_FFFF_0000
    b = a ^ 0b111  # 3 bits from a
    c = b ^ (0b111 << 40)  # 3 bits from b, 6 from a
    d = a ^ (2**64 - 1)
    groups = assign_groups([("x", a), ("z", 0), ("y", b), ("w", c), ("v", d), ("u", 0), ("t", a)])
    assert groups == {"x": "x", "y": "x", "w": "x", "t": "x", "v": "v", "z": "z", "u": "u"}
    assert assign_groups([("x", a), ("w", c)], max_distance=5) == {"x": "x", "w": "w"}
    assert assign_groups([("x", a), ("w", c)], max_distance=6) == {"x": "x", "w": "x"}
    assert assign_groups([]) == {}


def test_assign_groups_pairs_every_near_duplicate_among_100k() -> None:
    rng = random.Random(7)
    base = [rng.getrandbits(64) for _ in range(50_000)]
    near = [f ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64)) for f in base]
    items = [(f"a{i}", f) for i, f in enumerate(base)] + [(f"b{i}", f) for i, f in enumerate(near)]
    groups = assign_groups(items)
    assert all(groups[f"b{i}"] == f"a{i}" for i in range(50_000))
    assert len(set(groups.values())) == 50_000
