"""``qawl spark compare``: the stories of ``qawl compare``, computed on a Spark cluster.

The same steps as local ``qawl.stories.compare``, the very same functions, spread out:

1. per partition (``mapPartitions``): ``analyzed_docs`` (the analysis of ``qawl spark
   analyze``), then ``article_words`` and ``term_counts`` per article; only these counts
   are kept (cached), not the analysed ``Doc`` (pickling one costs more than making it);
2. a tree reduce: ``document_frequencies`` summed over the partitions (with the counts of
   the undated articles, few one hopes), ``idf_of`` them on the driver, broadcast; each
   partition ``weigh``s its articles, the driver the undated ones;
3. a shuffle by block: ``block_roles`` sends an article to the blocks of its day and of
   the days next to it, the undated ones are broadcast to every block as guests, and
   ``assemble_block`` and ``block_similarities`` score each block on an executor;
4. each article's best cosine is a ``reduceByKey(max)``; two joins give each candidate
   pair its two bests, and ``is_link`` keeps the links, which go to the driver;
5. on the driver: the connected parts of the links, then (broadcast) the cosines of the
   pairs inside them come back too, and ``groups`` runs as locally; stories are numbered
   by their first article (``story_id``), as locally;
6. a shuffle of the input records of the articles in a story, by story number
   (consecutive ranges per partition): each is analysed again, and ``story_of`` the
   ``part_of`` its articles runs on an executor; stories are written in story order.

Articles are keyed by input position, which orders them as a local run does, so story
membership, claims, origins and ids are those of ``qawl compare INPUT --json``: the JSONL
output is its very lines.  Only the frequencies, the undated articles, the links and the
cosines inside linked parts reach the driver.  Six Spark jobs: the counts (and the first
errors), the frequencies, the links, the in-part cosines, the write.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from ..options import Options
from ..stories.claims import article_words, part_of
from ..stories.cluster import (
    LINK_SIMILARITY, Link, Pair, assemble_block, block_roles, block_similarities, day_number,
    document_frequencies, groups, idf_of, is_link, term_counts, weigh,
)
from ..stories.compare import story_id, story_of
from ..stories.model import Story
from ..stories.repeats import single_link
from .analyze import MAX_REPORTED_ERRORS, Result, analyzed_docs, column, corpus_items, write_output
from .sources import InputFile, Positioned

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

#: The order key of a story row (its number, from 1) in Parquet output.
NUMBER = "number"
#: Articles whose feature counts are made together (one ``term_counts`` call).
COUNT_BATCH = 256
#: Depth of the tree reduce of document frequencies (each a 2**22 array: ~32 MB).
REDUCE_DEPTH = 2

Counted = tuple[int, "int | None", sparse.csr_matrix]  # (key, day, feature counts or TF-IDF row)
Totals = tuple[int, np.ndarray, list[tuple[int, sparse.csr_matrix]]]


@dataclass
class CompareSummary:
    """What a run did: articles, errors (the first few, in input order), links and stories."""

    output: str
    format: str
    partitions: int
    analysed: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    undated: int = 0
    blocks: int = 0
    pairs: int = 0  # compared pairs at SIMILARITY_FLOOR or more
    links: int = 0
    stories: int = 0


def counted_items(options: Options, items: Iterable[Positioned]) -> Iterator[tuple[Result, int | None, Any]]:
    """A partition's items analysed, each as ``(result, day, feature counts)`` (counts None
    for a bad one), ``COUNT_BATCH`` articles at a time.  The ``Doc`` is dropped here: it
    costs more to pickle and unpickle than to make again for the few in a story."""
    analysed = analyzed_docs(items, options)
    while batch := list(islice(analysed, COUNT_BATCH)):
        good = [(k, doc) for k, (_, doc) in enumerate(batch) if doc is not None]
        counts = term_counts([article_words(doc) for _, doc in good]) if good else None
        row_of = {k: n for n, (k, _) in enumerate(good)}
        for k, (result, doc) in enumerate(batch):
            if doc is None:
                yield result, None, None
            else:
                assert counts is not None  # counted when any doc of the batch was analysed
                yield result, day_number(doc.date), counts[row_of[k]]


def partition_totals(articles: Iterable[Counted]) -> Iterator[Totals]:
    """``(articles, document frequencies, undated articles' counts)`` of one partition."""
    batch = list(articles)
    if batch:
        df = document_frequencies(sparse.vstack([c for _, _, c in batch], format="csr"))
        yield len(batch), df, [(key, counts) for key, day, counts in batch if day is None]


def _add(a: Totals, b: Totals) -> Totals:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def weighed(idf: Broadcast, articles: Iterable[Counted]) -> Iterator[Counted]:
    """A partition's articles with their TF-IDF rows (one ``weigh`` per partition)."""
    batch = list(articles)
    if not batch:
        return
    vectors = weigh(sparse.vstack([c for _, _, c in batch], format="csr"), idf.value)
    for k, (key, day, _) in enumerate(batch):
        yield key, day, vectors[k]


def to_blocks(article: Counted) -> list[tuple[int | None, tuple[int, bool, sparse.csr_matrix]]]:
    key, day, vector = article
    return [(block, (key, is_row, vector)) for block, is_row in block_roles(day)]


def score_block(guests: Broadcast, block: tuple[int | None, Iterable[tuple[int, bool, sparse.csr_matrix]]]
                ) -> Iterator[tuple[dict[Pair, float], dict[int, float]]]:
    """The pairs and bests one block decides (nothing for a block without rows)."""
    key, members = block
    made = assemble_block(key, sorted(members, key=lambda m: m[0]), guests.value)
    if made is not None:
        yield block_similarities(made)


def _link_of(joined: tuple[int, tuple[tuple[int, float, Any], Any]]) -> list[Link]:
    j, ((i, s, best_i), best_j) = joined
    return [(i, j, s)] if is_link(s, best_i, best_j) else []


def components(links: list[Link]) -> dict[int, int]:
    """Each linked article's connected part of ``links`` (numbered from 0)."""
    keys = sorted({k for i, j, _ in links for k in (i, j)})
    index = {k: n for n, k in enumerate(keys)}
    parts = single_link(len(keys), [(index[i], index[j], s) for i, j, s in links])
    return {keys[n]: c for c, part in enumerate(parts) for n in part}


def _story_range(width: int, stories: int, number: int) -> int:
    """The output partition of story ``number``: consecutive ranges, so files are in story order."""
    return (number - 1) * width // stories


def story_rows(options: Options, members: Iterable[tuple[int, Iterable[Positioned]]]
               ) -> Iterator[tuple[int, dict[str, Any]]]:
    """The stories of one output partition, in order, each as ``qawl compare`` makes it
    from its articles (input items, analysed again here: the analysis is deterministic)."""
    for number, items in sorted(members, key=lambda m: m[0]):
        docs = [doc for _, doc in analyzed_docs(sorted(items, key=lambda item: item[0]), options) if doc is not None]
        story: Story = story_of([part_of(article_words(doc)) for doc in docs], story_id(number))
        yield number, story.to_dict()


def story_fields() -> dict[str, type]:
    """The fields of a story line (``qawl compare --json``), in order, with their kind."""
    return {name: type(value) for name, value in Story("", [], [], [], False).to_dict().items()}


def story_schema(fields: dict[str, type]) -> StructType:
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    return StructType([StructField(NUMBER, LongType(), False)]
                      + [StructField(name, BooleanType() if kind is bool else StringType()) for name, kind in fields.items()])


def to_story_row(fields: dict[str, type], numbered: tuple[int, dict[str, Any]]) -> tuple[Any, ...]:
    """A story as a Parquet row: strings and booleans as they are, lists as JSON text."""
    number, story = numbered
    return (number, *(story[name] if kind is bool else column(story[name], kind is str) for name, kind in fields.items()))


def compare_corpus(spark: SparkSession, files: list[InputFile], output: str, *, fmt: str = "parquet",
                   partitions: int | None = None, options: Options | None = None,
                   overwrite: bool = False) -> CompareSummary:
    """The stories of every article of ``files`` into ``output`` (a directory)."""
    from pyspark import StorageLevel

    options = options or Options()
    sc = spark.sparkContext
    items, cached, partitions = corpus_items(spark, files, fmt, partitions, options)
    kept: list[RDD[Any]] = [cached] if cached is not None else []

    def keep(rdd: RDD[Any]) -> RDD[Any]:
        kept.append(rdd.persist(StorageLevel.MEMORY_AND_DISK))
        return rdd

    try:
        analysed = keep(items.mapPartitions(partial(counted_items, options)))
        summary = CompareSummary(output, fmt, analysed.getNumPartitions())
        summary.analysed, summary.failed = analysed.map(lambda r: (int(r[2] is not None), int(r[2] is None))) \
            .fold((0, 0), lambda a, b: (a[0] + b[0], a[1] + b[1]))
        if summary.failed:
            bad = analysed.filter(lambda r: r[2] is None).map(lambda r: r[0])
            summary.errors = [(r.where, r.error or "") for r in bad.takeOrdered(MAX_REPORTED_ERRORS, key=lambda r: r.position)]
        counted = analysed.filter(lambda r: r[2] is not None).map(lambda r: (r[0].position, r[1], r[2]))
        grouped: list[list[int]] = []
        if summary.analysed == 1:
            grouped = [[counted.first()[0]]]  # one article alone is a story of its own claims, as locally
        elif summary.analysed > 1:
            grouped = _groups(sc, counted, counted.mapPartitions(partition_totals).treeReduce(_add, depth=REDUCE_DEPTH),
                              summary, keep)
        summary.stories = len(grouped)
        number_of = sc.broadcast({key: n for n, members in enumerate(grouped, 1) for key in members})
        width = max(1, min(partitions, summary.stories))
        stories = items.filter(lambda item: item[0] in number_of.value) \
            .map(lambda item: (number_of.value[item[0]], item)) \
            .groupByKey(width, partial(_story_range, width, max(1, summary.stories))) \
            .mapPartitions(partial(story_rows, options))
        _write(spark, stories, output, fmt, overwrite)
    finally:
        for rdd in kept:
            rdd.unpersist()
    return summary


def _groups(sc: Any, counted: RDD[Counted], totals: Totals, summary: CompareSummary, keep: Any) -> list[list[int]]:
    """The story groups of the articles (steps 2 to 5 of the module's docstring)."""
    n, df, undated = totals
    idf = sc.broadcast(idf_of(df, n))
    vectors = counted.mapPartitions(partial(weighed, idf))
    summary.undated = len(undated)
    if undated:
        guest_vectors = weigh(sparse.vstack([c for _, c in undated], format="csr"), idf.value)
        undated = [(key, guest_vectors[k]) for k, (key, _) in enumerate(undated)]
    guests = sc.broadcast(sorted(undated, key=lambda g: g[0]))
    scored = keep(vectors.flatMap(to_blocks).groupByKey().flatMap(partial(score_block, guests)))
    best = scored.flatMap(lambda r: r[1].items()).reduceByKey(max)
    pairs = scored.flatMap(lambda r: r[0].items())
    candidates = pairs.filter(lambda p: p[1] >= LINK_SIMILARITY).map(lambda p: (p[0][0], (p[0][1], p[1])))
    links: list[Link] = candidates.join(best).map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1]))) \
        .join(best).flatMap(_link_of).collect()
    summary.links = len(links)
    within = scored.mapPartitions(partial(_inside, sc.broadcast(components(links)))).collect()
    summary.blocks = sum(blocks for blocks, _, _ in within)
    summary.pairs = sum(count for _, count, _ in within)
    return groups(links, {pair: s for _, _, kept in within for pair, s in kept})


def _inside(part_of_key: Broadcast, scored: Iterable[tuple[dict[Pair, float], dict[int, float]]]
            ) -> Iterator[tuple[int, int, list[tuple[Pair, float]]]]:
    """A partition's blocks and pairs counted, and its pairs inside one connected part of the links."""
    parts = part_of_key.value
    blocks = count = 0
    kept = []
    for pairs, _ in scored:
        blocks += 1
        count += len(pairs)
        kept += [(pair, s) for pair, s in pairs.items() if parts.get(pair[0], -1) == parts.get(pair[1], -2)]
    yield blocks, count, kept


def _write(spark: SparkSession, stories: RDD[tuple[int, dict[str, Any]]], output: str, fmt: str,
           overwrite: bool) -> None:
    fields = story_fields()
    write_output(spark, stories, output, fmt, overwrite, partial(to_story_row, fields), story_schema(fields),
                 _story_line)


def _story_line(numbered: tuple[int, dict[str, Any]]) -> str:
    return json.dumps(numbered[1], ensure_ascii=False)


def row_to_story(row: dict[str, Any], fields: dict[str, type] | None = None) -> dict[str, Any]:
    """A Parquet story row back in the shape of ``qawl compare --json`` (for readers and tests)."""
    fields = fields or story_fields()
    return {name: row[name] if kind in (bool, str) else json.loads(row[name]) for name, kind in fields.items()}
