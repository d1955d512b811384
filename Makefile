# Two entry points: `make run` (set up, build the index from seeds/ if none, serve) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
INDEX  ?= index
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test install-bench browser lint bench clean opensearch opensearch-stop bench-engines

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

install: $(BIN)/python
	$(BIN)/pip install -e .

install-test: $(BIN)/python browser
	$(BIN)/pip install -e '.[test]'

# readability-lxml pins chardet<6 for its own byte decoding, which the scorer never uses (it
# hands every extractor decoded text); chardet is put back to the range the tests expect.
install-bench: $(BIN)/python
	$(BIN)/pip install -e '.[bench]'
	$(BIN)/pip install 'chardet>=6,<8'  # pip notes readability's pin; it exits 0

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@if [ ! -x $(CHROMIUM) ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk; \
	fi

run: install
	@if [ ! -f $(INDEX)/CURRENT ]; then $(BIN)/zonesearch rebuild seeds --index $(INDEX); fi
	$(BIN)/zonesearch serve --index $(INDEX) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Benchmarks (never part of `make test`): first the extraction accuracy and speed
# (bench/extract) beside the open extractors and today's code; rebuild/query against
# tantivy + rjieba and the naive Whoosh baseline on $(BENCH_CORPORA) (synthetic corpora of
# N documents, and the xwlb news items); then 20 clients for 60 s quiet and 60 s while
# updates publish, every answer checked; SIGKILL of rebuild and update at 20 random moments;
# 5,000 fuzzed requests; the judged relevance set (bench/relevance) on zonesearch, Whoosh
# and bm25s, and the crawler's pages per second against 2,000 local pages on 10 hosts.
BENCH_CORPORA ?= 10000 100000 xwlb
bench: install-bench
	$(BIN)/python -m bench.extract.score
	nice -n 10 $(BIN)/python -m bench.extract.speed
	$(BIN)/python -m bench.run $(BENCH_CORPORA)
	$(BIN)/python -m bench.load --clients 20 --seconds 60
	$(BIN)/python -m bench.kill --kills 20
	$(BIN)/python -m bench.fuzz --requests 5000
	$(BIN)/python -m bench.relevance.run
	$(BIN)/python -m bench.crawl

# The embedded index and the OpenSearch engine side by side on the 76k xwlb corpus (needs the
# cluster: make opensearch).
bench-engines: install
	nice -n 10 $(BIN)/python -m bench.engines

# A two-node OpenSearch cluster on 127.0.0.1 (HTTP 9200/9201) for the opensearch:// engine's
# development and tests, run from OpenSearch's Maven artifacts by the launcher in opensearch/.
opensearch:
	@opensearch/cluster.sh start

opensearch-stop:
	@opensearch/cluster.sh stop

clean:
	rm -rf $(VENV) $(INDEX)/gen-* $(INDEX)/CURRENT $(INDEX)/write.lock
