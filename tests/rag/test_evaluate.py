from rag.evaluate import aggregate, facts_in, gold_rank, score_question


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
