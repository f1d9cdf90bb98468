"""compare on small hand-written reports: reprints, look-alikes, own sources, wires, figures, the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORIES

from qawl.api import analyze
from qawl.cli import main
from qawl.stories import compare
from qawl.stories.claims import story_end

ROOT = Path(__file__).resolve().parents[1]

FIRE = ("أفاد المتحدث باسم الدفاع المدني بمنطقة مكة المكرمة العقيد سعيد سرحان بأن بلاغا ورد لمركز التحكم "
        "والسيطرة يفيد بنشوب حريق بمستودع لقطع الغيار على طريق الخواجات جنوب شرق العاصمة المقدسة. "
        "وأوضح سرحان أن تسع فرق من الدفاع المدني باشرت الحريق وتمت السيطرة عليه دون إصابات. "
        "وأضاف أن التحقيق جار لمعرفة أسباب الحريق.")
FIRE_REPRINT = FIRE.replace("تسع فرق", "9 فرق").replace("دون إصابات", "ولم ينتج عنه أي إصابات")
FIRE_OWN = (FIRE_REPRINT + " وقال شاهد العيان محمد الغامدي لمراسل الصحيفة إن الدخان غطى الحي بأكمله "
            "وإن السكان غادروا منازلهم قبل وصول الفرق.")
NOTICE = ("دعت إدارة التعليم بمحافظة {place} {n} معلما جديدا لإجراء المقابلات الشخصية يوم الأحد المقبل. "
          "وأوضح مدير شؤون المعلمين {who} أنه يتعين على المعلمين الجدد حجز موعد المقابلة من خلال الرابط "
          "ورفع المستندات المطلوبة على النظام وطباعة نماذج مسوغات التعيين. "
          "وأشار {short} إلى أن المقابلات تجرى في مقر الإدارة بحي {district} من الساعة الثامنة صباحا.")
TAIF = NOTICE.format(place="الطائف", n=60, who="محمد السواط", short="السواط", district="الشرفية")
BISHA = ("أعلنت إدارة تعليم بيشة أسماء 306 من المرشحين للوظائف التعليمية ودعتهم إلى مراجعة مركز المقابلات "
         "خلال الأسبوع الجاري. وأوضح مدير شؤون المعلمين سعد آل مشيع أنه يتعين على المعلمين الجدد حجز موعد "
         "المقابلة من خلال الرابط ورفع المستندات المطلوبة على النظام وطباعة نماذج مسوغات التعيين. "
         "وبين آل مشيع أن موعد المقابلات النسائية سيعلن لاحقا بعد اكتمال الترشيح في المحافظة.")


def doc(text: str, id: str, date: str = "2015-07-21", outlet: str = "paper", title: str | None = None):
    return analyze(text, date, id=id, outlet=outlet, title=title)


def stories_of(*docs):
    return {tuple(s.articles): s for s in compare(docs)}


def test_reprints_are_one_story_and_one_origin():
    got = stories_of(doc(FIRE, "a", outlet="okaz"), doc(FIRE_REPRINT, "b", outlet="sabq"))
    story = got[("a", "b")]
    assert story.single_origin, story.why
    assert any("سرحان" in o for o in story.origins)


def test_own_witness_makes_reports_independent():
    story = stories_of(doc(FIRE, "a"), doc(FIRE_OWN, "b"))[("a", "b")]
    assert not story.single_origin
    assert any(c.own and c.article == "b" and "الغامدي" in (c.source_mention or c.source or "") for c in story.claims)


def test_lookalike_notice_is_another_story():
    """Two reprints of the Taif notice and one Bisha notice of the same template."""
    taif2 = TAIF.replace("يوم الأحد المقبل", "الأحد القادم")
    got = compare([doc(TAIF, "t1"), doc(taif2, "t2"), doc(BISHA, "b1"),
                   doc(BISHA.replace("صباحا", "صباحاً"), "b2")])
    assert sorted(tuple(s.articles) for s in got) == [("b1", "b2"), ("t1", "t2")]


def test_days_apart_are_not_compared():
    assert compare([doc(FIRE, "a", "2015-07-21"), doc(FIRE_REPRINT, "b", "2015-07-25")]) == []
    assert [s.articles for s in compare([doc(FIRE, "a", "2015-07-21"), doc(FIRE_REPRINT, "b", "2015-07-22")])] \
        == [["a", "b"]]


def test_two_wires_are_two_origins():
    afp = "مكة المكرمة (أ ف ب) - " + FIRE
    reuters = "مكة المكرمة (رويترز) - " + FIRE_REPRINT
    story = stories_of(doc(afp, "a"), doc(reuters, "b"))[("a", "b")]
    assert not story.single_origin and "رويترز" in story.origins


def test_figures_that_differ_are_a_disagreement():
    a = "قتل 15 شخصا في انفجار سوق بشمال أفغانستان أمس. " + FIRE
    b = "قتل 25 شخصا في انفجار سوق بشمال أفغانستان أمس. " + FIRE_REPRINT
    story = stories_of(doc(a, "a"), doc(b, "b"))[("a", "b")]
    (fig,) = [d for d in story.disagreements if d.kind == "figure"]
    assert sorted(m.value for m in fig.mentions) == [15, 25]
    for m in fig.mentions:
        assert (a if m.article == "a" else b)[m.start:m.end] == m.text


def test_another_item_after_a_topic_shift_is_not_in_the_story():
    text = FIRE + " وعلى صعيد آخر، قال مدير المرور اللواء خالد العتيبي إن الحركة انسابية."
    d = doc(text, "a")
    assert text[story_end(d):].startswith("وعلى صعيد آخر")
    story = stories_of(d, doc(FIRE_REPRINT, "b"))[("a", "b")]
    assert story.single_origin
    assert all("العتيبي" not in (c.source or "") for c in story.claims)


def _jsonl(tmp_path, docs):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return p


def test_cli_json_and_bad_lines(tmp_path, capsys):
    p = _jsonl(tmp_path, [{"id": "a", "text": FIRE, "date": "2015-07-21"},
                          {"id": "b", "text": FIRE_REPRINT, "date": "2015-07-21"}])
    with open(p, "a", encoding="utf-8") as f:
        f.write("{not json\n")
    code = main(["compare", str(p), "--json"])
    out, err = capsys.readouterr()
    assert code == 1  # one bad line, the rest compared
    assert len(err.strip().splitlines()) == 1 and "in.jsonl:3" in err
    (story,) = [json.loads(line) for line in out.splitlines()]
    assert story["articles"] == ["a", "b"] and story["single_origin"] is True
    assert {"story", "articles", "claims", "origins", "single_origin"} <= story.keys()


def test_cli_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["compare", str(tmp_path / "nope.jsonl")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.slow
def test_cli_report_of_the_seed_shows_the_repeat_and_the_denial():
    res = subprocess.run([sys.executable, "-m", "qawl", "compare", str(ROOT / "samples" / "d000.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "repeated" in res.stdout and "denied 1×" in res.stdout
    assert "disagree" in res.stdout and "denial" in res.stdout


def test_figures_read_thousands_and_decimals():
    from qawl.stories.disagree import _number
    assert _number("363,378") == "363378" and _number("2,5") == "2.5" and _number("٢٫٥") == "2.5"


def test_a_rounded_figure_is_the_same_figure():
    from qawl.stories.disagree import same_figure
    from qawl.stories.model import Mention
    m = lambda text, v: Mention("a", 0, len(text), text, v)  # noqa: E731
    assert same_figure(m("71 نقطة", 71), m("71.08 نقطة", 71.08))
    assert not same_figure(m("15 شخصا", 15), m("25 شخصا", 25))
    assert not same_figure(m("1.5 مليون", 1.5), m("1.25 مليون", 1.25))


def test_day_blocks_compare_exactly_the_pairs_at_most_a_day_apart():
    """``similarities`` by blocks (as Spark runs them) keeps each compared pair once, with the
    cosine of the whole matrix, and each article's best over all it is compared with."""
    import numpy as np
    from scipy import sparse

    from qawl.stories.cluster import MAX_DAY_GAP, SIMILARITY_FLOOR, similarities

    rng = np.random.default_rng(3)
    vectors = sparse.random(40, 60, density=0.3, format="csr", dtype=np.float32, random_state=rng)
    vectors = sparse.csr_matrix(vectors.multiply(1 / np.sqrt(vectors.multiply(vectors).sum(axis=1))))
    days = [None if k % 7 == 0 else 1000 + k % 5 for k in range(40)]
    keys = [10 * k for k in range(40)]  # any increasing keys, as Spark's input positions
    sims, best = similarities(keys, days, vectors)
    full = (vectors @ vectors.T).toarray()
    compared = {(i, j) for i in range(40) for j in range(i + 1, 40)
                if days[i] is None or days[j] is None or abs(days[i] - days[j]) <= MAX_DAY_GAP}
    assert sims == {(keys[i], keys[j]): float(full[i, j]) for i, j in compared if full[i, j] >= SIMILARITY_FLOOR}
    for i in range(40):
        others = [full[i, j] for j in range(40) if (min(i, j), max(i, j)) in compared]
        assert best[keys[i]] == max(others, default=0.0)


@pytest.mark.slow
def test_stories_do_not_depend_on_the_string_hash_seed():
    """Spark's workers hash strings with another seed than the driver; ties between speakers
    once went by set order, so two runs could name different origins."""
    path = STORIES
    if not path.exists():
        pytest.skip(f"the stories set is not at {path} (a clone outside the workplace)")
    outs = {subprocess.run([sys.executable, "-m", "qawl", "compare", str(path), "--json", "--all"], capture_output=True,
                           text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("0", "1")}
    assert len(outs) == 1 and next(iter(outs)).count("\n") > 10


def test_story_command_shows_what_compare_found(tmp_path, capsys) -> None:
    """`qawl story` shows a stored story's headline, its 27 / 30 disagreement, its denial and
    its repeated claims (the dict that `compare --json` and /api/stories/ID hold), and says
    nothing about agreement for a story saved without a comparison."""
    import sys as _sys
    from pathlib import Path as _Path

    _sys.path.insert(0, str(_Path(__file__).parent))
    from web_data import build_store

    from qawl.cli import main

    db = build_store(str(tmp_path / "q.db"))
    assert main(["story", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "27 قتيلا في انفجار سروج" in listing and "2 disagreements" in listing
    assert main(["story", "s3", "--db", db]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "numbers differ for شخصا: 27 in t1 (aawsat); 30 in t2 (aljazirah)" in out
    assert "t2 (aljazirah) denies what t1 (aawsat) asserts" in out
    assert "said 2×" in out and "said 1×, denied 1×" in out
    assert "outlets agree" not in out and " agree" not in out.replace("disagree", "")
    assert main(["story", "s1", "--db", db]) == 0
    assert "disagree not measured" in " ".join(capsys.readouterr().out.split())
    # one --format for every command that prints records: the story's JSON is the stored view,
    # its CSV the timeline, and an unknown story is one error line
    import csv as _csv
    import io as _io
    import json as _json

    assert main(["story", "s3", "--db", db, "--json"]) == 0
    view = _json.loads(capsys.readouterr().out)
    assert view["story"] == "s3" and view["disagreements"]
    assert main(["story", "s3", "--db", db, "--format", "csv"]) == 0
    rows = list(_csv.DictReader(_io.StringIO(capsys.readouterr().out)))
    assert rows and {r["outlet"] for r in rows} >= {"aawsat", "aljazirah"} and "deny" in {r["polarity"] for r in rows}
    assert main(["story", "--db", db, "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 2
    assert main(["story", "s99", "--db", db]) == 2
    assert "no story 's99'" in capsys.readouterr().err
