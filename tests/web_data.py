"""A small store for the web tests: real analyses, a relayed statement, a denial, two stories,
and one article of hostile text (script tags in its text, title, outlet, speaker and a
javascript: URL) with a suspicious sentence filled in as the integrity stage would."""
from __future__ import annotations

import qawl
from qawl import api
from qawl.store import open_store
from qawl.stories import compare

A = "قال الوزير إن المشروع سيكتمل العام المقبل. وأكد الوزير أن التمويل متوفر."
B = ("ونقلت صحيفة البيان عن الناطق باسم التحالف العقيد رايان ديلون قوله إن القوات وصلت. "
     "ونفى الوزير أن يكون المشروع قد تأخر.")
SCRIPT = "<script>alert(1)</script>"
EVIL = (f"قال الوزير إن {SCRIPT} سيكتمل العام المقبل. "
        "وأكد \"<img src=x onerror=alert(2)>\" أن التمويل متوفر.")
#: Two reports of one blast that count its dead differently (27 / 30), one denying what the
#: other asserts: ``qawl.stories.compare`` makes story s3 of them, as ``compare --save`` would.
T1 = ("قالت وزارة الداخلية التركية إن انفجارا في بلدة سروج قرب الحدود مع سوريا أسفر عن مقتل 27 شخصا "
      "وإصابة نحو 100 آخرين. وأضافت الوزارة أن الانفجار عمل إرهابي يستهدف وحدة البلاد.")
T2 = ("أعلنت وزارة الداخلية التركية أن انفجارا في بلدة سروج قرب الحدود مع سوريا أسفر عن مقتل 30 شخصا "
      "وإصابة نحو 100 آخرين. ونفى مسؤول تركي أن يكون الانفجار عملا إرهابيا.")
BLAST = ({"id": "t1", "text": T1, "outlet": "aawsat", "date": "2015-07-21", "title": "27 قتيلا في انفجار سروج"},
         {"id": "t2", "text": T2, "outlet": "aljazirah", "date": "2015-07-21", "title": "مقتل 30 بانفجار في سروج"})
STORY = {"story": "s1", "articles": ["a", "b"],
         "claims": [{"article": "a", "start": 14, "end": 41, "text": "المشروع سيكتمل العام المقبل", "source": "الوزير",
                     "via": None, "polarity": "assert"},
                    {"article": "b", "start": 0, "end": 10, "text": "أن يكون المشروع قد تأخر", "source": "الوزير",
                     "via": "صحيفة البيان", "polarity": "deny"}],
         "origins": ["وزارة التخطيط"], "single_origin": False}


def analysed(id: str, text: str, **meta: str) -> tuple[dict[str, str], dict]:
    rec = {"id": id, "text": text, **meta}
    return rec, qawl.analyze(text, meta.get("date"), id=id).to_dict()


def build_store(url: str) -> str:
    with open_store(url) as store:
        docs = [api.analyze_record(dict(r)) for r in BLAST]  # stored first: the newest stay a, b, evil
        for r, d in zip(BLAST, docs):
            store.put(r, d.to_dict())
        (blast,) = compare(docs)
        store.put(*analysed("a", A, outlet="واس", date="2017-12-05", title="خبر أ", url="https://example.org/a"))
        store.put(*analysed("b", B, outlet="الحياة", date="2017-12-03", title="خبر ب"))
        rec, doc = analysed("evil", EVIL, outlet=f"<b>{SCRIPT}</b>", title=f"عنوان {SCRIPT}", url="javascript:alert(3)")
        first = doc["sentences"][0]
        doc["integrity"] = {"sentences": [{"start": first["start"], "end": first["end"], "suspicion": 0.9,
                                           "reasons": [f"يناقض بقية المقال {SCRIPT}", "بلا مصدر"]}],
                            "score": 0.9, "alert": True}
        store.put(rec, doc)
        store.save_stories([STORY, {**STORY, "story": "s2", "articles": ["evil"],
                                    "claims": [{**STORY["claims"][0], "article": "evil", "text": SCRIPT,
                                                "source": f"<i>{SCRIPT}</i>"}]},
                            {**blast.to_dict(), "story": "s3"}])
    return url
