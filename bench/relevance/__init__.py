"""A judged relevance set for ranking (issue 16) and the scorer that runs three systems on it.

queries.tsv and qrels.tsv hold the queries and the graded judgments (RULES.md says how they
were made); `python -m bench.relevance.run` builds the indexes once under bench/out/relevance/
and prints nDCG@10, P@10 and MRR for zonesearch, the naive Whoosh baseline and bm25s.
"""
