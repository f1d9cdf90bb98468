"""The named rules of the attribution extractor, each with its table (pySBD style).

Every row is a sentence written for this table (not taken from an evaluation set), the
speaker (``source``) and a piece of the statement we expect, with the shipped models deciding
as they do in use.  Known limits are ``xfail`` rows: they document what the rules and models
do not read yet, and turn into passes (strict) when they do.
"""
from __future__ import annotations

import pytest

from qawl.api import analyze
from qawl.options import Options

ONLY = Options(only=("attributions",))
limit = pytest.mark.xfail(strict=True, reason="known limit")

# rule id -> rows of (text, source, a piece of the content, polarity); the last statement of the text is checked
RULES: dict[str, list] = {
    "vso": [
        ("وقال وزير الخارجية عادل الجبير إن المملكة تدعم الحل السياسي.", "عادل الجبير", "المملكة تدعم", "assert"),
        ("وقالت تقارير إعلامية إن الحريق اندلع في المستودع.", "تقارير إعلامية", "الحريق اندلع", "assert"),
        ("وأكدت مصادر مطلعة لـ«الشرق الأوسط» أن الاجتماع تأجل.", "مصادر مطلعة", "الاجتماع تأجل", "assert"),
        ("وأكد المتحدث الرسمي للشرطة أن التحقيقات جارية.", "المتحدث الرسمي للشرطة", "التحقيقات جارية", "assert"),
        ("وأعلنت الشرطة أن الحادث وقع ليلا. وأوضح المتحدث باسمها العقيد خالد الحربي أن التحقيق مستمر.",
         "خالد الحربي", "التحقيق مستمر", "assert"),
        ("وقال مسؤول أمني لوكالة رويترز إن الهجوم وقع فجرا.", "مسؤول أمني", "الهجوم وقع", "assert"),
        ("وقال المتحدث باسم الوزارة كذلك إن الرحلات ستستأنف.", "المتحدث باسم الوزارة", "الرحلات ستستأنف", "assert"),
        ("وقال الوزير في تصريحه إن الوضع جيد.", "الوزير", "الوضع جيد", "assert"),  # تصريحه: the occasion
        ("وتابع الوزير يقول إن الوضع جيد.", "الوزير", "الوضع جيد", "assert"),
        # issue 15 (recall): an addressee in brackets, the cue's attached بـ after the speaker
        ("وأوضح لـ(عكاظ) مدير التعليم خالد الحربي أن الدراسة تبدأ الأحد.", "خالد الحربي", "الدراسة تبدأ الأحد",
         "assert"),
        ("وأفادت تقارير محلية بسيطرة الجيش على المدينة.", "تقارير محلية", "بسيطرة الجيش", "assert"),
        # cue lemmas outside the lexicon (أقر، أظهر، كتب، استدرك، أجاب، عزا، قدر, and a noun-phrase object for
        # شدد، أرجع، اعتبر، طلب ...): measured and left out, 5-fold CV unchanged and its fresh folds lower
        pytest.param("وأقر الوزير بأن الخطة تأخرت.", "الوزير", "الخطة تأخرت", "assert", marks=limit, id="aqarra"),
        pytest.param("وأظهرت دراسة حديثة أن التدخين يضر بالقلب.", "دراسة حديثة", "التدخين يضر بالقلب", "assert",
                     marks=limit, id="azhara"),
    ],
    "svo": [
        ("وكان التحالف الدولي قد أعلن أن الغارات مستمرة.", "التحالف الدولي", "الغارات مستمرة", "assert"),
        ("لكن طهران تقول إنها لم تتلق أي طلب.", "طهران", "لم تتلق أي طلب", "assert"),  # لكن marks the subject
        ("أما خالد العتيبي فيقول إن السوق مستقرة.", "خالد العتيبي", "السوق مستقرة", "assert"),
        ("وكانت ماليزيا أعلنت الخميس أن الحطام يعود إلى الطائرة.", "ماليزيا", "الحطام يعود", "assert"),  # a place, not مُفاعِلا
    ],
    "participle": [
        ("قال الوزير إن الاتفاق مهم، مؤكدا أن التنفيذ يبدأ غدا.", "الوزير", "التنفيذ يبدأ غدا", "assert"),
        # the participle after a comma ends the object of the verb before it (issue 15)
        ("أعلنت الأمانة بدء المشاريع الجديدة، مؤكدة أنها تعمل على تسهيل الحركة.", "الأمانة", "تسهيل الحركة",
         "assert"),
    ],
    "dropped_subject": [
        ("وأكد المتحدث الرسمي للشرطة أن التحقيقات جارية. وأشار إلى أن المتهمين موقوفون.",
         "المتحدث الرسمي للشرطة", "المتهمين موقوفون", "assert"),
        ("قال الوزير إن المشروع سيكتمل. وأضاف فيما يتعلق بالتمويل أن الميزانية متوفرة.", "الوزير",
         "الميزانية متوفرة", "assert"),
        ("قال الوزير إن المشروع سيكتمل. وأضاف في ما يتعلق بالتمويل أن الميزانية متوفرة.", "الوزير",
         "الميزانية متوفرة", "assert"),
        ("وقال الوزير إن الاتفاق مهم. فقال أيضا بلهجة حادة إن الوضع لا يحتمل.", "الوزير", "الوضع لا يحتمل",
         "assert"),
        ("وقال الوزير إن الاتفاق مهم. وتابع بنبرة غاضبة: «لن نقبل بذلك».", "الوزير", "لن نقبل بذلك", "assert"),
    ],
    "masdar": [
        ("نقلت صحيفة البيان عن الناطق باسم التحالف العقيد رايان ديلون قوله إن القوات انتشرت في المدينة.",
         "رايان ديلون", "القوات انتشرت", "assert"),
    ],
    # issue 15 (statement recall): a participle with no comma before it, after a word that is no predicate
    "participle_after_word": [
        ("وألقى مدير الأمن كلمة قائلا: «نحن في خدمتكم».", "مدير الأمن", "نحن في خدمتكم", "assert"),
        ("وأشاد الوزير بجهود كبيرة مشيرا إلى أن العمل مستمر.", "الوزير", "العمل مستمر", "assert"),
        # after a definite noun: measured, the CV's fresh folds fell (0.7749 -> 0.7710, 0.7696 with the speech only)
        pytest.param("وطعن المحامون على القرار قائلين إن المنجم يهدد الحياة البرية.", "المحامون", "المنجم يهدد",
                     "assert", marks=limit, id="after-a-definite-noun"),
    ],
    # a verb with no subject tied by حيث، إذ، كما ... to a speaker named before it
    "linked": [
        ("ووصل وزير الصحة إلى المستشفى أمس حيث قال: «الخدمات ممتازة».", "وزير الصحة", "الخدمات ممتازة", "assert"),
    ],
    # the statement before its cue, the speaker after it to the sentence's end
    "postposed": [
        ("وقتل عشرة أشخاص في الهجوم، كما قال مسؤول محلي.", "مسؤول محلي", "عشرة أشخاص", "assert"),
        ("«أخذني وقت طويل لأحدد ملامح الشخصية»، يقول المخرج.", "المخرج", "أخذني وقت طويل", "assert"),
    ],
    # a document after جاء في / ورد في speaks, its statement right after it
    "came_in": [
        ("وجاء في البيان أن القوات تقدمت نحو المدينة.", "البيان", "القوات تقدمت", "assert"),
        ("وجاء في بيان الجيش: «قتل ثلاثة من المسلحين».", "بيان الجيش", "قتل ثلاثة", "assert"),
    ],
    # two cues for one statement give one attribution (SCHEMA): the first, unless its content runs over the other's cue
    "one_per_statement": [
        ("وأشار المدير، لافتا إلى أن العمل مستمر في المشروع.", "المدير", "العمل مستمر", "assert"),  # لافتا's
    ],
    # a verbal noun with بال and no pronoun: the subject of the opening verb speaks
    "bi_al_masdar": [
        ("وختم الوزير حديثه بالقول: إن الوضع مستقر.", "الوزير", "الوضع مستقر", "assert"),
    ],
    "according_to": [
        ("وبحسب مصادر محلية، فإن الاشتباكات تجددت مساء أمس.", "مصادر محلية", "الاشتباكات تجددت", "assert"),
        ("ووفقا لوزارة الصحة، فإن عدد الإصابات ارتفع إلى 30.", "وزارة الصحة", "عدد الإصابات", "assert"),
        # a definite noun no speaker list knows is a source when it closes the sentence after a comma or said it
        ("وقتل خمسة أشخاص في الهجوم، بحسب الشرطة.", "الشرطة", "خمسة أشخاص", "assert"),
        ("واعتقل أكثر من 200 أستاذ، حسب ما أعلنت المعارضة.", "المعارضة", "200 أستاذ", "assert"),
    ],
    "issuer": [
        ('وصدر بيان عن وزارة الدفاع نفى فيه "وقوع أي إصابات".', "وزارة الدفاع", "وقوع أي إصابات", "deny"),
    ],
    "in_document": [
        ("وعقد المجلس جلسة طارئة أمس، وأصدر بيانا طالب فيه بوقف إطلاق النار.", "المجلس", "بوقف إطلاق النار",
         "assert"),
    ],
    "vso_np_object": [
        ("ونفى الجيش استهدافه المدنيين في القرية.", "الجيش", "استهدافه المدنيين", "deny"),
        ("وطالب النواب الحكومة بتقديم استقالتها.", "النواب", "بتقديم استقالتها", "assert"),
        pytest.param("وشددت الوزارة ضرورة الالتزام بالتعليمات.", "الوزارة", "ضرورة الالتزام", "assert", marks=limit,
                     id="shaddada-without-ala"),
        ("وأصدرت القيادة بيانا نفى فيه الجيش وقوع إصابات.", "الجيش", "وقوع إصابات", "deny"),  # فيه, then the subject
        pytest.param("وعزا المدير التأخير إلى سوء الأحوال الجوية.", "المدير", "التأخير إلى سوء", "assert",
                     marks=limit, id="definite-object-after-a-definite-speaker"),
        pytest.param("وطلب الرئيس نقل تحياته إلى الملك.", "الرئيس", "نقل تحياته", "assert", marks=limit,
                     id="object-after-a-bare-post"),
        pytest.param("واعتبر الخبير القرار خطوة في الاتجاه الصحيح.", "الخبير", "القرار خطوة", "assert", marks=limit,
                     id="two-objects-of-a-verb-of-opinion"),
    ],
    "relay": [
        ("ونقلت وكالة رويترز عن مسؤول أمريكي أن المحادثات ستستأنف.", "مسؤول أمريكي", "المحادثات ستستأنف", "assert"),
    ],
    "described_noun": [
        ("ونفت الوزارة صحة تقارير أفادت بأن الوزير استقال.", "تقارير", "الوزير استقال", "assert"),
    ],
    # measured by 5-fold CV and left out (issue 15): the verbal noun with the speaker's pronoun as a verb's
    # object (CV 0.7312 -> 0.7308, fresh folds 0.7424 -> 0.7408), and the statement's own words right after a
    # sentence-initial verb, with no أن, quote or colon (CV +0.0003, fresh folds -0.0010)
    "masdar_object": [
        pytest.param("قال الوزير إن الوضع جيد. وجدد الوزير تأكيده عدم وجود أي مجال للتراجع.", "الوزير",
                     "عدم وجود أي مجال", "assert", marks=limit, id="renewed-his-confirmation"),
    ],
    "bare_clause": [
        pytest.param("قال الوزير إن الوضع جيد. وأضاف تم اختيار المركز لأنه الأقرب.", "الوزير", "تم اختيار المركز",
                     "assert", marks=limit, id="added-a-bare-clause"),
    ],
    "masdar_continued": [
        ('وقال الوزير إن الوضع صعب. وعلق على ذلك بقوله: "الوضع تحت السيطرة".', "الوزير", "الوضع تحت السيطرة",
         "assert"),
    ],
    "relative": [
        pytest.param("والتقى الوزير بالسفير الذي أكد أن العلاقات متينة.", "السفير", "العلاقات متينة", "assert",
                     marks=limit, id="antecedent-with-an-attached-preposition"),
    ],
    "clause_subject": [
        pytest.param("وأشاد الوزير بالاتفاق وأكد أنه خطوة مهمة.", "الوزير", "خطوة مهمة", "assert",
                     marks=limit, id="after-a-verb-that-reports-nothing"),
    ],
    "vso_relayed": [
        ("أفادت وكالة تسنيم نقلا عن مصادر مطلعة أن المحادثات توقفت.", "مصادر مطلعة", "المحادثات توقفت", "assert"),
    ],
    # the classes of issue 15: an object taken for the speaker, the denial of a report's truth
    "speaker_boundary": [
        ("نفى وزير المالية صحة الأنباء التي تحدثت عن استقالته.", "وزير المالية", "الأنباء", "deny"),
        ("نفت وزارة الداخلية صحة ما تداولته مواقع التواصل عن إغلاق المنافذ.", "وزارة الداخلية",
         "تداولته مواقع التواصل", "deny"),
        ("وأكدت الشرطة صحة الأنباء عن توقيف المشتبه به.", "الشرطة", "الأنباء عن توقيف", "assert"),
        # a post and its one genitive, then the object of a verb that takes one (_object_after_post)
        ("حث وزير الخارجية الدول الأعضاء على الالتزام بالاتفاق.", "وزير الخارجية", "الالتزام بالاتفاق", "assert"),
        ("دعا رئيس الوزراء المواطنين إلى الهدوء وضبط النفس.", "رئيس الوزراء", "الهدوء وضبط النفس", "assert"),
        ("ولفت مدير المستشفى النظر إلى أن الحالات تراجعت.", "مدير المستشفى", "الحالات تراجعت", "assert"),
        ("طالب المتحدث باسم الجيش الحكومة بالتدخل العاجل.", "المتحدث باسم الجيش", "التدخل العاجل", "assert"),
        ("دعا وزير الصحة السعودي المراجعين إلى الالتزام بالمواعيد.", "وزير الصحة السعودي", "الالتزام بالمواعيد",
         "assert"),
        pytest.param("دعا مدير الشرطة العميد خالد الأحمد المواطنين إلى الحذر.", "خالد الأحمد", "الحذر", "assert",
                     marks=limit, id="object-after-a-name"),
        pytest.param("وقال الوزير إن الاتفاق مهم. ودعا الوزير الشركات إلى الاستثمار في المنطقة.", "الوزير",
                     "الاستثمار في المنطقة", "assert", marks=limit, id="daa-object"),
        pytest.param("وقال رئيس الوزراء إن الحكومة ماضية في الإصلاح. وحث الحكومة على تسريع المشاريع.", "رئيس الوزراء",
                     "تسريع المشاريع", "assert", marks=limit, id="hath-dropped-subject"),
    ],
    # issue 15, choosing the speaker: whole names, quoted bodies, the name علي, heads that leave out a
    # clause, the subject of the nearest verb, the mention as written
    "speaker_choice": [
        ("وحذر المفتي العام رئيس المجلس الأعلى للشؤون الإسلامية رئيس لجنة الفتوى والبحوث العلمية الدائمة الشيخ "
         "عبد الرحمن بن عبد الله آل الشيخ من الشائعات، مؤكدا أن الوحدة واجبة.", "عبد الرحمن بن عبد الله آل الشيخ",
         "الوحدة واجبة", "assert"),
        ("وأكد «المركز الوطني لرصد الزلازل والبراكين»، أن الهزة كانت خفيفة.", "«المركز الوطني لرصد الزلازل والبراكين»",
         "الهزة كانت خفيفة", "assert"),
        ("وقال سالم العتيبي مدير الإدارة، في مقطع مصور نشره، إن العمل مستمر.", "سالم العتيبي مدير الإدارة",
         "العمل مستمر", "assert"),
        ("وقال مدرب الفريق خالد الشمري إن اللاعبين جاهزون. وقال للحضور إن المباراة صعبة.", "خالد الشمري",
         "المباراة صعبة", "assert"),
        ("وقال وزير الصحة خالد الراشد الذي زار المستشفى أمس إن الوضع مستقر.", "خالد الراشد", "الوضع مستقر", "assert"),
        ("وقال علي الشمراني، المتحدث باسم اللجنة، إن التسجيل يبدأ غدا.", "علي الشمراني", "التسجيل يبدأ", "assert"),
        ("وشدد الوزير علي ضرورة الالتزام بالقرار.", "الوزير", "ضرورة الالتزام", "assert"),
        ("وقال النائب سامي العلي إن الأمر انتهى. وذكّر بـ«ما جرى في الجولة الماضية»، مؤكدا أن الاتهامات باطلة.",
         "سامي العلي", "الاتهامات باطلة", "assert"),
        pytest.param("وذكر تقرير صادر عن غرفة التجارة أن الصادرات تراجعت. وقال التقرير إن الطلب ضعيف.", "التقرير",
                     "الطلب ضعيف", "assert", id="mention-as-written"),  # proposed (as_written); a known limit until
        # the ranker trained on 1,427 articles (issue 15) kept the mention as written over the body that issued it
        pytest.param("وقال مصدر حكومي إن الأسعار ارتفعت. ومقابل هذه التوقعات، قلل الخبير الاقتصادي محمد عبدالله من أثر "
                     "القرار، مشيرا إلى أن السوق مستقرة.", "الخبير الاقتصادي محمد عبدالله", "السوق مستقرة", "assert",
                     marks=limit, id="nearest-verb-subject"),  # proposed (near), the ranker keeps the earlier speaker
    ],
}
ROWS = [pytest.param(rule, *row, id=f"{rule}-{n}") if not hasattr(row, "values") else
        pytest.param(rule, *row.values, marks=row.marks, id=f"{rule}-{row.id}")
        for rule, rows in RULES.items() for n, row in enumerate(rows)]


@pytest.mark.parametrize("rule,text,source,content,polarity", ROWS)
def test_rule_table(rule, text, source, content, polarity):
    atts = analyze(text, options=ONLY).attributions
    assert atts, "no attribution found"
    if rule == "one_per_statement":
        assert len(atts) == 1, [a.cue.text for a in atts]
    a = atts[-1]
    assert a.source is not None and a.source.text == source, (a.rule, a.source and a.source.text)
    assert content in a.content.text and a.polarity == polarity, (a.content.text, a.polarity)
    if rule not in ("speaker_boundary", "speaker_choice"):
        assert a.rule == {"participle_after_word": "participle", "one_per_statement": "participle"}.get(rule, rule)


# cue words in another sense, and what is never an attribution
NOT_REPORTS = [
    "يحمل الوزير الجنسية الأمريكية منذ عام 2000.",
    "وأشاد الوزير بجهود فرق الإنقاذ.",
    "وأشار الوزير بيده إلى الحشود.",  # rule gesture
    "وأومأ المدرب برأسه موافقا على القرار.",
    "وبات مؤكدا أن الفريق سيتأهل إلى النهائي.",
    "وذهب الوزير إلى المدينة، وقال.",
    "وتم توزيع المساعدات وفق الضوابط المعمول بها.",  # a measure, not a source  # rule postposed: a cue with no statement before or after it  # a predicate after بات, not a participle of speech
    "وجاء الفريق في المرتبة الثانية بعد أن خسر المباراة.",  # جاء في: no document, no statement after it
    "جاء ذلك في بيان صدر أمس عن الوزارة.",
    pytest.param("وكان الوزير قد تحدث عن الأزمة في كلمته.", marks=limit, id="spoke-about-a-topic"),
]


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_not_a_report(text):
    assert analyze(text, options=ONLY).attributions == []
