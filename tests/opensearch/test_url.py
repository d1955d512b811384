import pytest

from search.opensearch.url import BadURL, ClusterURL, parse_url


def test_hosts_name_and_options() -> None:
    url = parse_url("opensearch://127.0.0.1:9200,127.0.0.1:9201/zonesearch?replicas=0&shards=2")
    assert url == ClusterURL((("127.0.0.1", 9200), ("127.0.0.1", 9201)), "zonesearch", "http", 2, 0)
    assert str(url) == "opensearch://127.0.0.1:9200,127.0.0.1:9201/zonesearch"
    assert parse_url("opensearchs://search.example:443/news").scheme == "https"
    assert parse_url("opensearch://localhost/zs").hosts == (("localhost", 9200),)


@pytest.mark.parametrize(
    "bad, why",
    [
        ("http://127.0.0.1:9200/zs", "expected opensearch://"),
        ("opensearch:///zs", "names no host"),
        ("opensearch://127.0.0.1:9200/", "index name"),
        ("opensearch://127.0.0.1:9200/Zone", "lower-case"),
        ("opensearch://127.0.0.1:9200/_zs", "index name"),
        ("opensearch://127.0.0.1:99999/zs", "HOST:PORT"),
        ("opensearch://127.0.0.1:9200/zs?shard=2", "unknown option"),
        ("opensearch://127.0.0.1:9200/zs?replicas=-1", "replicas must be"),
    ],
)
def test_bad_urls_say_what_is_wrong(bad: str, why: str) -> None:
    with pytest.raises(BadURL, match=why):
        parse_url(bad)
