from rag.evaluation.score import aggregate, facts_in, gold_rank, score_question


def test_gold_rank_ignores_whitespace():
    retrieved = [{"text": "别的段落"}, {"text": "2017 年 1 月 10 日举行的会议"}]
    assert gold_rank(retrieved, ["2017年1月10日举行"]) == 2
    assert gold_rank(retrieved, ["不存在"]) is None


def test_facts_need_every_group():
    assert facts_in("会议于 1 月 10 日举行，讨论合作", [["1月10日", "January 10"], ["合作"]])
    assert not facts_in("会议讨论合作", [["1月10日"], ["合作"]])


def test_aggregate_counts_refusals_and_citations():
    ans = {"status": "answered", "answer": "甲[1]", "language": "zh",
           "citations": [{"quote": "甲", "text": "甲乙"}, {"quote": "丙", "text": "甲乙"}],
           "retrieved": [{"text": "甲乙"}]}
    refused = {"status": "not_found", "answer": "", "language": "en", "citations": [], "retrieved": []}
    rows = [score_question({"lang": "zh", "gold": ["甲"], "answer_all": [["甲"]]}, ans, 0.1),
            score_question({"lang": "en", "answerable": False}, refused, 0.1),
            score_question({"lang": "en", "gold": ["x"], "answer_all": [["x"]]}, refused, 0.1)]
    s = aggregate(rows)
    assert s["zh"].hit1 == 1.0 and s["zh"].facts_found == 1.0 and s["zh"].citations_verified == 1
    assert s["en"].refusals_right == 1 and s["en"].false_refusals == 1 and s["en"].hit1 == 0.0


def test_language_and_time_figures():
    from rag.evaluation.score import percentile

    def ans(text, first_ms=None):
        timings = {"first_token": first_ms} if first_ms else {}
        return {"status": "answered", "answer": text, "language": "en", "citations": [], "retrieved": [],
                "timings_ms": timings}

    rows = [score_question({"lang": "en", "answer_all": []}, ans("Member States called for consensus [1].", 900), 2.0),
            score_question({"lang": "en", "answer_all": []}, ans("文件说：会员国呼吁达成政治共识。[1]"), 1.0),
            score_question({"lang": "en", "answerable": False},
                           {"status": "not_found", "answer": "No.", "citations": [], "retrieved": []}, 9.0)]
    s = aggregate(rows)["en"]
    assert (s.answered, s.in_question_language) == (2, 1)  # the refusal is not counted; the Chinese answer is wrong
    assert s.median_seconds == 2.0 and s.p90_seconds == 9.0 and s.median_first_token_seconds == 0.9
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == 9.0 and percentile([], 0.5) == 0.0


def test_the_document_ranking_and_the_library_ranking():
    """A question about document A: a passage of B above A's gold paragraph counts against the library ranking,
    not against A's own; answers from B are counted."""
    def hit(doc, text):
        return {"document": doc, "text": text}

    retrieved = [hit("B", "其他文件谈到合作"), hit("A", "别的段落"), hit("B", "又一段"), hit("A", "会议讨论合作与预防")]
    assert gold_rank(retrieved, ["合作与预防"]) == 4
    assert gold_rank(retrieved, ["合作与预防"], "A") == 2 and gold_rank(retrieved, ["合作与预防"], "B") is None
    assert gold_rank(retrieved, ["合作与预防"], depth=3) is None and gold_rank(retrieved, ["合作与预防"], "A", 1) is None
    answered = {"status": "answered", "answer": "合作[1]", "language": "zh", "retrieved": retrieved,
                "citations": [{"quote": "合作", "text": "其他文件谈到合作", "document": "B"}]}
    refused = {"status": "not_found", "answer": "", "language": "zh", "citations": [], "retrieved": retrieved[1:]}
    rows = [score_question({"lang": "zh", "gold": ["合作与预防"], "answer_all": [["合作"]]}, answered, 0.1, "A", 5),
            score_question({"lang": "zh", "gold": ["别的段落"], "answer_all": [["x"]]}, refused, 0.1, "A", 5),
            score_question({"lang": "zh", "answerable": False}, answered, 0.1, "A", 5),
            score_question({"lang": "zh", "gold": ["又一段"], "document": "B"}, refused, 0.1, "A", 5)]
    assert [(r.rank, r.document_rank) for r in rows] == [(4, 2), (1, 1), (None, None), (2, 1)]
    s = aggregate(rows)["zh"]
    assert (s.hit1, s.document_hit1) == (1 / 3, 2 / 3) and s.document_recall3 == 1.0
    assert s.other_document_first == 2  # the first (B above A) and the fourth (about B, A first); not the second
    assert s.answered_from_other == 2 and s.refusals_right == 0  # the unanswerable one was answered from B
    alone = score_question({"lang": "zh", "gold": ["合作与预防"]}, answered, 0.1)  # no document: one ranking
    assert alone.document_rank == alone.rank == 4 and not alone.other_document_first
