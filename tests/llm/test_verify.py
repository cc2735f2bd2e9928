from rag.llm.verify import best_support, overlap, relations_supported, says_not_found, split_answer, verify_answer

from llm_data import FRAGMENTED, P1, P2, PASSAGES


def test_split_answer_markers_after_and_before_full_stop():
    s = split_answer("辩论于2017年1月10日举行。[1]秘书长强调妇女的参与[2]。")
    assert [x.text for x in s] == ["辩论于2017年1月10日举行。", "秘书长强调妇女的参与。"]
    assert [x.markers for x in s] == [[1], [2]]


def test_split_answer_combined_fullwidth_and_english_markers():
    s = split_answer("The debate was held on 10 January 2017 [1, 3]. Women matter【2】. Sweden organised it.[2][2]")
    assert [x.markers for x in s] == [[1, 3], [2], [2]]
    assert s[0].text == "The debate was held on 10 January 2017."
    assert s[2].text == "Sweden organised it."


def test_lone_trailing_marker_joins_last_sentence():
    s = split_answer("会议由瑞典组织。 [1]")
    assert len(s) == 1 and s[0].markers == [1]


def test_overlap_counts_bigrams_and_numbers():
    assert overlap("辩论于2017年1月10日举行", P1.text) > 0.5
    assert overlap("斯德哥尔摩是瑞典首都", P1.text) < 0.5
    assert overlap("", P1.text) == 0.0


def test_invalid_markers_are_dropped_and_reported():
    v = verify_answer("公开辩论于 2017 年 1 月 10 日举行。[1][7]", PASSAGES)
    assert v[0].invalid_markers == [7]
    assert [s.source for s in v[0].supports] == [1]


def test_quote_is_verbatim_span_of_the_cited_passage():
    v = verify_answer("秘书长提到要确保妇女和女孩的参与。[2]", PASSAGES)
    sup = v[0].supports[0]
    assert sup.source == 2 and sup.quote in P2.text and P2.text[sup.start:sup.end] == sup.quote
    assert "妇女和女孩" in sup.quote


def test_sentence_citing_the_wrong_source_is_recited_to_the_right_one():
    v = verify_answer("秘书长提到要确保妇女和女孩的参与。[3]", PASSAGES)
    assert v[0].supported and v[0].corrected and [s.source for s in v[0].supports] == [2]
    assert v[0].supports[0].quote in P2.text


def test_sentence_no_source_supports_is_unsupported():
    v = verify_answer("秘书长提到要增加维和预算。[2]", PASSAGES)
    assert not v[0].supported and not v[0].corrected


def test_hallucinated_sentence_is_unsupported():
    v = verify_answer("斯德哥尔摩是瑞典的首都。[1]", PASSAGES)
    assert not v[0].supported


def test_unmarked_sentence_is_attributed_to_its_best_source():
    v = verify_answer("与会者强调了青年人在建设可持续和平方面的作用。", PASSAGES)
    assert v[0].inferred and [s.source for s in v[0].supports] == [3]


def test_english_sentence_over_chinese_passage_uses_the_embedder():
    calls = []

    def embed(texts):
        calls.append(texts)
        # A fake encoder: the English sentence points the same way as any text mentioning 妇女.
        return [[1.0, 0.0] if ("women" in t or "妇女" in t) else [0.0, 1.0] for t in texts]

    sup = best_support("The Secretary-General stressed the participation of women and girls.", P2, 2, embed=embed)
    assert sup is not None and sup.method == "cosine" and "妇女" in sup.quote and sup.quote in P2.text
    assert best_support("The Secretary-General stressed the participation of women.", P2, 2) is None  # no embedder
    assert calls


def test_english_numbers_count_as_overlap():
    sup = best_support("It was held on 10 January 2017.", P1, 1, min_overlap=0.5)
    assert sup is not None and sup.method == "overlap" and "2017" in sup.quote


def test_says_not_found():
    assert says_not_found("文件中没有提到这一点。")
    assert says_not_found("The sources do not contain the answer.")
    assert not says_not_found("辩论于 1 月 10 日举行。[1]")


def test_number_missing_from_the_passage_is_unsupported():
    def embed(texts):  # a fake encoder that would call everything similar
        return [[1.0, 0.0] for _ in texts]

    assert best_support("The UN currently deploys 15,000 peacekeepers.", P1, 1, embed=embed) is None
    sup = best_support("The debate of 10 January was organised by Sweden.", P1, 1, embed=embed)
    assert sup is not None and "10" in sup.quote



def test_a_cause_the_source_does_not_state_is_unsupported():
    q = "机构各自为政带来了什么后果？"
    # the words are all in the source, the causal link is not: fragmentation does not "bring" lack of development
    assert best_support("机构各自为政带来了得不到发展、侵犯人权和争夺资源的后果。", FRAGMENTED, 1, question=q) is None
    sup = best_support("机构各自为政阻碍着联合国系统协调一致地努力消除冲突的根源。", FRAGMENTED, 1, question=q)
    assert sup is not None and sup.quote in FRAGMENTED.text


def test_a_cause_the_source_states_is_supported():
    # P2's first sentence states a purpose with 目标是, not a cause: a sentence saying 从而 needs a span saying it too
    assert not relations_supported("执行《2030 年议程》，从而消除冲突根源。", P2.text)
    assert relations_supported("安理会未作出反应，因为缺乏政治意愿。", "由于缺乏政治意愿，安理会有时未就预警作出反应。")
    assert relations_supported("会员国呼吁达成新的政治共识。", "会员国呼吁就预防工作达成新的政治共识。")
