from ui.followup import is_followup, retrieval_query

WAR = "秘书长说战争是不可避免的吗？"
WAR_EN = "Did the Secretary-General say war is inevitable?"


def test_first_question_is_searched_alone():
    assert retrieval_query(WAR, []) == WAR
    assert retrieval_query(WAR_EN) == WAR_EN


def test_chinese_followups_are_combined_with_the_previous_question():
    for q in ["他还说了什么？", "那妇女呢？", "还有什么？", "为什么？", "此外呢", "她们能发挥什么作用呢？"]:
        assert is_followup(q, WAR), q
        assert retrieval_query(q, ["其他问题", WAR]) == f"{WAR} {q}"


def test_english_followups_are_combined_with_the_previous_question():
    for q in ["What else did he say?", "And what about women?", "Why?", "what about the Council",
              "How should they do it?", "Tell me more about that point."]:
        assert is_followup(q, WAR_EN), q
        assert retrieval_query(q, [WAR_EN]) == f"{WAR_EN} {q}"


def test_standalone_questions_are_not_followups():
    for q in ["妇女在预防冲突中可以担任什么角色？", "安全理事会有哪些预防冲突的工具？"]:
        assert not is_followup(q, WAR), q
    for q in ["Who bears the primary responsibility for ending conflicts?",
              "What role can women play in preventing conflict?"]:
        assert not is_followup(q, WAR_EN), q


def test_no_combination_across_languages_or_without_history():
    assert not is_followup("What else?", WAR)
    assert not is_followup("他还说了什么？", WAR_EN)
    assert not is_followup("他还说了什么？", None)
    assert not is_followup("", WAR)
    assert retrieval_query("What else?", ["", "  "]) == "What else?"


def test_whitespace_is_normalised_in_the_combined_query():
    assert retrieval_query("what  else?", ["Did the  SG speak?\n"]) == "Did the SG speak? what else?"
