"""Every word list and pattern the library reads text with, in one place.

Stop words and question words carry no topic. Question frames say what kind of answer a question expects (a
count, a date, a duration, a country, a document symbol); answer patterns say whether a sentence holds one.
Negation and causal markers are what the check of generated sentences compares with their sources.

Each list is a closed grammatical class or a fixed taxonomy (the classic answer types of question answering), not a
list of topics: a word does not join it because some question failed.
"""
from __future__ import annotations

import re

# -- scripts -----------------------------------------------------------------------------------------------
# Chinese characters: the CJK unified ideographs, extension A and the compatibility ideographs.
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")

# -- stop words --------------------------------------------------------------------------------------------
# Function words and question words carry no topic: they must not make a question "match" a paragraph.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 为 对 把 被 将 就 也 都 而 并 之 其 这 那 此 有 个 中 上 下 等 以 于 从 向 "
    "什么 哪些 哪个 哪里 哪 怎么 怎样 如何 为什么 吗 呢 吧 啊 谁 多少 几 是否 还 说 提到 关于 这次 那次 一些 "
    "the a an of to in on for and or is are was were be been by with what which who whom whose how why when "
    "where do does did at as it its this that these those from about say said according many much "
    # words about the question itself, not its topic
    "文件 本文件 谈到 讲 说了 告诉 请问 document paper text says mention mentioned mentions talk tell me you "
    "please give can could would there any anyone anybody someone somebody anything something everyone everybody"
    .split()
)
# English search: Lucene's stop words, auxiliaries, pronouns and question words.
EN_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
    "this to was will with were been being has have had do does did what which who whom whose how why when where "
    "its from about than so can could would should may might must shall i me my we our you your he him his she her "
    "them us also any all some each other more most very just only own same too s".split()
)

# -- what a question asks for ------------------------------------------------------------------------------
# Answer types (a fixed taxonomy: the classic number, date, time, location and identifier classes of question
# answering) and the question frames that ask for each, in English and Chinese.
QUESTION_FRAMES: dict[str, re.Pattern] = {
    # a judgement of the assistant's own, or a forecast: a document records what was said and done, so no sentence
    # of it is this answer ("In your opinion, was the debate a success?", 你认为…能成功吗, "Will the Council … next
    # year?"); what the document itself judges or plans is asked otherwise ("How did speakers assess…?")
    "judgement": re.compile(
        r"\bin\s+your\s+(?:own\s+)?(?:opinion|view|judge?ment|estimation)\b|\bdo\s+you\s+(?:think|believe|feel|expect|reckon)\b"
        r"|\bwould\s+you\s+say\b|\byour\s+(?:own\s+)?(?:opinion|view|assessment|judge?ment|prediction)\b"
        r"|\bwill\b[^?]*\b(?:next\s+year|in\s+the\s+(?:near\s+)?future|eventually|ultimately|actually|ever)\b"
        r"|你认为|你觉得|您认为|您觉得|依你看|在你看来|你怎么看|你的看法|你预计|你估计"
        r"|(?:将来|未来|明年|以后)(?:会|能|将)(?:不会|否|不能)?|最终能(?:否|够|不能)", re.IGNORECASE),
    # the most specific frame first: 几个小时 asks for a duration, not a count
    "duration": re.compile(
        r"\bhow\s+long\b|\bwhat\s+time\b|\bat\s+what\s+time\b|多长时间|多久|几点|几个小时|几小时", re.IGNORECASE),
    # a sum of money: a count is no amount of money
    "money": re.compile(
        r"\bhow\s+much\s+(?:money|funding|funds?|financing)\b|\bhow\s+much\b[^?]*\b(?:cost|costs|pledged?|spen[dt]|budget"
        r"|contribut(?:e|ed))\b|\bwhat\s+(?:was|is|were)\s+the\s+(?:cost|budget|sum)\s+of\b"
        # a currency named as what is asked, as 多少美元 names it
        r"|\b(?:dollar|euro)\s+(?:amounts?|figures?|sums?|values?)\b|\bhow\s+many\s+(?:US\s+)?(?:dollars|euros)\b"
        r"|多少钱|多少(?:美元|欧元|资金|经费|预算|款项|捐款)|花费多少|金额|预算是多少", re.IGNORECASE),
    # a person, asked for as one (not "who bears the responsibility", which a State or a group answers)
    "person": re.compile(
        r"哪位|哪一位|\bwhich\s+(?:speakers?|officials?|ministers?|ambassadors?|envoys?|advis[eo]rs?|persons?|"
        r"individuals?|mediators?|diplomats?)\b|\bwho\s+(?:exactly|specifically)\b|\bwhat\s+(?:is|was)\s+the\s+name\s+of\b"
        r"|叫什么名字|姓名", re.IGNORECASE),
    # who did something only a person, a country or a delegation does (chaired, signed, drafted, organized): a
    # group of speakers is no answer ("Who led the review?" is not answered by "Member States welcomed the review")
    "agent": re.compile(
        r"\bwho\s+(?:\w+\s+)?(?:led|leads|chaired|chairs|presided|drafted|wrote|signed|organi[sz]ed|prepared|convened"
        r"|appointed|hosted|founded|initiated|sponsored)\b|由谁|谁(?:主持|起草|签署|签名|组织|筹备|召集|主办|任命|牵头|撰写|编写|发起)"
        r"|(?:主持|起草|签署|签名|召集|主办|牵头|撰写|编写|发起)(?:人|者)?是谁|是谁(?:主持|起草|签署|组织|召集|主办|牵头|撰写|编写|发起)",
        re.IGNORECASE),
    # a share of a whole (a percentage, a proportion): a count of States is no share of them
    "share": re.compile(
        r"\bwhat\s+(?:share|percentage|proportion|fraction|per\s*cent)\s+of\b|\bwhat\s+(?:percentage|proportion)\b"
        r"|百分之几|百分比|多大比例|什么比例|比例是多少|占多少|几成", re.IGNORECASE),
    "quantity": re.compile(
        r"\bhow\s+(?:many|much)\b|\bwhat\s+(?:is\s+the\s+)?(?:number|percentage|proportion|amount)\s+of\s+(?!the\s+resolution)"
        # 列举几项, 举几个例子: name a few, not how many
        # 几 with another question word after it is "a few", not "how many" (据几位发言者说…原因是什么？)
        # a count named by its noun: a vote's count or tally, 票数
        r"|\b(?:vote|voting)\s+(?:count|tally|totals?)\b|\bnumber\s+of\s+votes\b|票数|得票|几票"
        r"|多少(?!时间)|百分之几|(?<!哪)(?<!举)几(?:个|名|位|项|次|百|千|万|亿|国|家|条|种|人)(?![^？?。]*(?:什么|哪|谁|怎|为何|为什么|如何))",
        re.IGNORECASE),
    # a date by name ("when" is left out: "until conflict has broken out" answers it too)
    "date": re.compile(
        r"\bwhat\s+(?:date|day|year|month)\b|\bwhich\s+(?:date|day|year|month)\b|\bin\s+what\s+year\b"
        r"|\bon\s+what\s+date\b|\bthe\s+date\s+of\b|\bwhen\s+was\s+(?:the|this|that)\s+(?:\w+\s+){0,3}?(?:letter|note|paper)"
        r"\s+(?:written|sent|dated|issued)\b|哪一?天|哪一?年|哪个月|几月|几号(?!决议)|日期"
        # a deadline or a timeline is a date too
        r"|\b(?:what|which)\s+(?:deadline|timeline|time\s*frame|timetable)\b|\bby\s+when\b|\bby\s+what\s+(?:date|deadline|time)\b"
        r"|什么期限|期限是|截止日期|时间表|时限"
        # "when" only where a date answers it: when something was founded, adopted or signed
        r"|\bwhen\s+(?:was|were|is|will|did)\b[^?]*\b(?:established|created|founded|adopted|set\s+up|signed|launched"
        r"|held|convened|scheduled)\b"
        r"|(?:什么时候|何时)(?:成立|设立|通过|签署|创建|建立|召开|举行|举办)|(?:成立|设立|通过|签署|创建|建立|召开|举行|举办)于何时",
        re.IGNORECASE),
    # an organisation by name ("Which regional organizations…?", 哪些区域组织): "regional organizations" names none
    "organisation": re.compile(
        r"\bwhich\s+(?:(?:regional|sub-?regional|international|intergovernmental|non-governmental)\s+"
        r"(?:and\s+[\w-]+\s+)?)?organi[sz]ations?\b|\bwhat\s+(?:regional\s+|international\s+)?organi[sz]ations?\b"
        r"|(?:哪个|哪些|哪一个|哪家|哪几个)(?:区域|次区域|国际|政府间|非政府)?(?:和次区域)?组织"
        # the class named first, then asked to be listed by name: 区域组织分别是哪些, 这些组织具体都有哪些
        r"|组织(?:具体|分别)都?(?:是|有|包括)哪些", re.IGNORECASE),
    # a place: a country or a city (a nationality, a capital)
    "place": re.compile(
        r"\bwhich\s+(?:(?:specific|particular|exact|individual)\s+)?(?:countr(?:y|ies)|nations?|member\s+states?|states?"
        r"|governments?|delegations?|cit(?:y|ies))\b"
        # the permanent and elected members of the Council are countries ("Did any permanent member object…?")
        r"|\b(?:which|any|what)\s+(?:of\s+the\s+)?(?:permanent|non-permanent|elected)\s+members?\b"
        r"|(?:哪些|哪个|哪一个|哪国|任何|有没有|是否有)(?:安理会)?(?:常任|非常任|当选)理事国"
        r"|\bwhat\s+(?:countr(?:y|ies)|nationality|city)\b|\bnationality\b|\bcapital\s+(?:city\s+)?of\b"
        r"|哪个国家|哪些国家|哪国|哪一国|哪个会员国|哪些会员国|哪个代表团|哪些代表团|国籍|首都|哪个城市|哪座城市"
        # 哪几个会员国; the class named first, then asked to be listed by name: 那些国家具体都有哪些, 代表团分别是哪些
        r"|哪几个?(?:国家|会员国|代表团)|(?:国家|会员国|代表团)(?:具体|分别)都?(?:是|有|包括)哪些", re.IGNORECASE),
    "symbol": re.compile(
        r"\b(?:symbols?|document\s+numbers?|resolution\s+numbers?)\b|\bnumbers?\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,6}?resolutions?\b"
        r"|文号|编号|第几号|哪几?号|几号决议", re.IGNORECASE),
    # a document by name or symbol ("Which report…?", 哪份声明): a paragraph about reports names none
    "document": re.compile(
        r"\bwhich\s+(?:specific\s+|particular\s+)?(?:(?:presidential\s+)?statements?|reports?|resolutions?|documents?"
        r"|declarations?|conventions?|treat(?:y|ies)|agreements?)\b"
        r"|\bwhat\s+(?:(?:presidential\s+)?statement|report|resolution|document|declaration|convention|treaty)\s+(?:did|was|is|were|has|had)\b"
        r"|哪一?份|哪几份|(?:哪些|哪个|哪一个|哪项|哪一项)(?:主席声明|声明|报告|决议|文件|宣言|公约|条约|协定)", re.IGNORECASE),
    # an item of the Council's agenda, by its title ("Under which agenda item…?", 在哪个议程项目下)
    "item": re.compile(
        r"\b(?:which|what)\s+(?:agenda\s+)?items?\b|\b(?:which|what)\s+agendas?\b"
        r"|(?:哪个|哪些|哪项|哪一项|什么)(?:议程项目|议程|项目)", re.IGNORECASE),
}
# A question that names a letter, or its writing (its dated heading answers "when was it written?":
# rag/retrieval/retriever.py).
LETTER = re.compile(r"\bletters?\b|\bwr(?:ote|ites?|itten)\s+to\b|写信|致函|致信"
                    r"|信函|这封信|那封信|该信|此信|来信|信中|信里|信是|的信|封信|本函|该函|此函", re.IGNORECASE)
# The act a "who did it?" question asks the doer of (the agent frame's verbs): the sentence that answers says it
# (rag/answers/select.py).
AGENT_ACT = re.compile(r"\b(?:led|leads|chaired|chairs|presided|drafted|wrote|signed|organi[sz]ed|prepared|convened"
                       r"|appointed|hosted|founded|initiated|sponsored)\b"
                       r"|主持|起草|签署|签名|组织|筹备|召集|主办|任命|牵头|撰写|编写|发起", re.IGNORECASE)

# -- what a sentence holds ---------------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# A figure: digits, or a Chinese numeral (一 only as 一个/一百…: alone it is mostly 一致, 统一).
NUMBER = re.compile(r"\d|[二两三四五六七八九十百千万亿]|一(?=[个名位项次百千万亿])")
# Figures that do not count or measure anything: dates and years, ordinals (第九十九条) and document symbols.
_DATES_AND_SYMBOLS = (r"\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?|\d+\s*月(?:份|\s*\d+\s*日)?"
                      r"|\b[A-Z]+/[\w./-]+|\b(?:1[89]|20)\d\d\b|\b\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\b")
NOT_A_QUANTITY = re.compile(_DATES_AND_SYMBOLS + r"|第\s*[\d一二两三四五六七八九十百千]+|\b\d+(?:st|nd|rd|th)\b")
NOT_A_QUANTITY_NOR_ORDINAL = re.compile(_DATES_AND_SYMBOLS)
# A question that asks for a number in order, which an ordinal answers ("安理会第几次会议", "at which meeting").
ORDINAL_ASKED = re.compile(r"第几|\b(?:which|what)\s+(?:number|meeting)\b", re.IGNORECASE)
# A date or a part of one: a year, a month, a day (10 日, 10 January).
DATE = re.compile(r"\d+\s*年|\d+\s*月|\d+\s*日|\b(?:1[89]|20)\d\d\b"
                  r"|\b(?:\d{1,2}\s+)?(?:" + "|".join(MONTHS) + r")\b")
DURATION = re.compile(
    r"(?:[一二两三四五六七八九十几]+|(?<!\d)\d{1,2})\s*(?:年|个月|周|个星期|天|个小时|小时|分钟)"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\b"
    r"|\b\d{1,2}[:.]\d\d\b|\b(?:a\.m\.|p\.m\.)"
    # a time of day as Chinese texts write it: 上午 10 时 05 分, 下午 1 时
    r"|(?:上午|下午|中午|晚上|凌晨)\s*\d{1,2}\s*[时点]|(?<!\d)\d{1,2}\s*[时点]\s*\d{1,2}\s*分", re.IGNORECASE)
# A sum of money: a currency, by sign or by name.
MONEY = re.compile(r"[$€£]\s*\d|\b(?:US\s*)?dollars?\b|\beuros?\b|\bUSD\b|\bEUR\b|美元|欧元|英镑|(?:亿|万)元", re.IGNORECASE)
# The offices one person holds, each with its name in the other language: the Secretary-General a Chinese question
# names (秘书长) is no answer to it in the English version either (rag.analysis.text.holds_answer).
OFFICE_NAMES = (("Secretary-General", "秘书长"), ("President", "主席"), ("President", "总统"), ("Minister", "部长"),
                ("Minister", "大臣"), ("Ambassador", "大使"), ("Envoy", "特使"), ("Adviser", "顾问"), ("Advisor", "顾问"),
                ("Chairperson", "主席"), ("Chair", "主席"), ("Prime Minister", "总理"), ("Prime Minister", "首相"),
                ("Deputy Secretary-General", "常务副秘书长"))
# A person: a title before a name, a name written in full (奥洛夫·斯科格), or an office that one person holds.
PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|H\.E)\.\s+[A-Z]"
                    r"|[\u4e00-\u9fff]{1,5}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,4}(?:先生|女士|阁下)"
                    r"|\b(?:" + "|".join(dict.fromkeys(re.escape(en) for en, _ in OFFICE_NAMES)) + r")\b"
                    r"|" + "|".join(dict.fromkeys([zh for _, zh in OFFICE_NAMES] + ["总理", "主持人"])))
# A share of a whole: a percentage, a fraction, half, a majority.
SHARE = re.compile(r"\d\s*%|％|\bper\s*cent\b|\bpercent(?:age)?\b|百分之|[一二三四五六七八九十]分之|\bhalf\b|\bthirds?\b"
                   r"|\bquarters?\b|\bmajority\b|一半|半数|多数", re.IGNORECASE)
SYMBOL = re.compile(r"\b[A-Z]{1,4}/(?:[A-Z]+\.)?\d[\w./()-]*|\bresolutions?\s+\d{3,4}\b|第\s*\d{3,4}\s*(?:\(\d{4}\))?\s*号")
# An organisation named in English: capitalised words before the kind of body (the African Union, the Economic
# Community of West African States); in Chinese, jieba's organisation names (rag/analysis/text.py).
ORGANISATION = re.compile(r"\b(?:[A-Z][\w'’-]*\s+(?:(?:of|for)\s+(?:the\s+)?)?){1,6}(?:Union|Community|Organi[sz]ation|League"
                          r"|Association)\b|\b(?:Union|Community|Organi[sz]ation|League|Association)\s+of\s+(?:the\s+)?[A-Z]")
# The head words of a Chinese organisation's name (人权理事会, 国际刑事法院, 世界银行): a run of nouns that ends in one
# names a body (rag/analysis/text.py, chinese_names).
ORGANISATION_HEADS = ("理事会", "委员会", "法院", "法庭", "组织", "联盟", "银行", "基金", "论坛", "共同体", "议会", "秘书处",
                      "办事处", "特派团")
# A document named: its symbol, a title in Chinese title marks, or an English title (the Charter, the 2030 Agenda…).
DOCUMENT = re.compile(SYMBOL.pattern + r"|《[^》]{2,}》|\b(?:[A-Z0-9][\w-]*\s+){1,5}(?:Charter|Agenda|Declaration|Report"
                      r"|Resolution|Statement|Convention|Treaty|Agreement)\b|\bCharter\s+of\b")
# An agenda item named: by its quoted title ('the item entitled "…"', 题为“…”的项目), or by a document it considers.
ITEM = re.compile(DOCUMENT.pattern + r"|\bentitled\s*[\"“]|题为\s*[“\"]")

# -- generated sentences against their sources ---------------------------------------------------------------
# Negation: a sentence and its source must agree on it (rag/llm/support.py). Chinese is compared in jieba words,
# so that 不断 (constantly) or 不仅 (not only) is no negation.
NEGATION_ZH = frozenset("不 没 没有 未 无 非 并非 绝不 从未 从不 不是 毫无 别 勿 未能 无法 不能 不会 从来不".split())
NEGATION_EN = re.compile(r"\b(?:not|no|never|neither|nor|none|nothing|cannot|without)\b|n't\b", re.IGNORECASE)
# Words that assert a cause or a consequence: a sentence may state such a relation only when its source does.
CAUSAL = re.compile(r"导致|造成|带来|引发|引起|致使|使得|以致|因为|由于|因此|所以|从而"
                    r"|\b(?:because|therefore|thus|hence|leads?\s+to|led\s+to|results?\s+in|causes?|caused)\b",
                    re.IGNORECASE)
# Words that rank one thing above another: likewise only where the source ranks them.
PRIORITY = re.compile(r"优先于|优先|重于|高于|胜过|首先考虑"
                      r"|\bprioriti[sz]\w*|\bprecedence\b|\bmore\s+important\s+than\b"
                      r"|\brather\s+than\b|\binstead\s+of\b", re.IGNORECASE)
# The answer to a yes/no question.
YES = re.compile(r"^\s*(?:yes\b|是的|对[，,。]|是[，,。])", re.IGNORECASE)
NO = re.compile(r"^\s*(?:no\b|不[，,。是]|否[，,。]|没有[，,。])", re.IGNORECASE)
YES_NO_QUESTION = re.compile(
    r"^\s*(?:did|does|do|is|are|was|were|has|have|had|can|could|should|will|would|must)\b|吗[？?]?\s*$|是否",
    re.IGNORECASE)

# -- conversations ---------------------------------------------------------------------------------------------
GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|thanks?|thank you|good (?:morning|afternoon|evening)|bye|goodbye|ok(?:ay)?|"
    r"你好|您好|嗨|谢谢|多谢|再见|好的)[\s!！.。,，~]*(?:there|you|everyone|大家)?[\s!！.。,，~]*$",
    re.IGNORECASE,
)
# A question that leans on the one before it: a pronoun or reference that points back, or a cue that asks for more.
FOLLOWUP_ZH = re.compile(
    r"它们?|他们|她们|(?<![其吉])他(?![国人])|她|这些|那些|这个|那个|这一点|这方面|上述|前者|后者|"
    r"该(?:机构|组织|问题|文件|报告)|此事|还有呢|还说了|还有什么|那么|呢[？?]?\s*$|^(?:那|还|而|此外|另外)")
FOLLOWUP_EN = re.compile(
    r"\b(?:it|its|they|them|their|he|him|his|she|her|these|those|the former|the latter|that one|this one|"
    r"that point|this point)\b|^\s*(?:and|but|also|so|then|what about|how about|what else|anything else|more)\b|"
    r"\b(?:what else|anything else|tell me more|more about|the same)\b",
    re.IGNORECASE,
)
# A question that only asks to go on with the previous answer (rag/conversation/more.py): the whole question.
MORE_ZH = re.compile(
    r"^(?:那|那么)?(?:还有呢|还有吗|还有什么|还有别的吗?|还有其他的?吗?|还有哪些|其他呢|别的呢|更多|继续|然后呢|接着呢|"
    r"(?:他|她|他们|她们|秘书长|文件|与会者)?还(?:说|提|讲)了(?:些)?什么|还说了哪些|再说说|多说一些)[？?。！!…]*$")
MORE_EN = re.compile(
    r"^(?:and|more|go on|continue|tell me more|say more|what else|anything else|what more|and what else|and then)"
    r"(?:\s+(?:did|does|do|is|was|has|have)\s+(?:he|she|they|it|the document|the letter|the summary|the paper)"
    r"(?:\s+(?:say|said|mention|note|propose|add|stress|suggest))?)?\s*[?.!…]*$",
    re.IGNORECASE)
QUESTION_WORD = re.compile(r"什么|哪|谁|如何|怎样|怎么|为什么|为何|吗|多少|是否|\b(?:what|who|when|where|why|how|which)\b",
                           re.IGNORECASE)

# -- text addressed to the assistant, not a question about the document ------------------------------------------
# Instructions that try to change what the assistant does or reveal its set-up (prompt injection): they are refused
# before anything else, whatever words of the document they contain.
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}?\b(?:instructions?|prompts?|rules?|guidelines?|"
    r"constraints?|everything\s+above)\b"
    r"|\b(?:system|hidden|initial|original)\s+(?:prompt|instructions?|message)\b|\byou\s+are\s+now\b"
    r"|\bpretend\s+(?:that\s+)?you(?:'re|\s+are)\b|\bjailbreak|\bdeveloper\s+mode\b"
    r"|(?:忽略|无视|忘记|不要理会|不用理会).{0,12}?(?:指令|提示|规则|设定|要求|限制)"
    r"|(?:系统|初始|隐藏|原始)(?:提示|指令)|提示词|你现在是|假装你|扮演(?:一个|一名)?|越狱",
    re.IGNORECASE,
)

# A question about what someone said (a delegation, a speaker): the cue that makes a verbatim record's speaker
# turns the place to answer from (rag/retrieval/speakers.py). Chinese has the verb of "view" (看待, 怎么看) beside
# its noun (看法), as English has both in "views?".
SPEECH = re.compile(
    r"\b(?:say|says|said|state[sd]?|statement|stress(?:ed)?|emphasi[sz]e[sd]?|speak|spoke|position|views?|think|"
    r"thinks|argue[sd]?|support(?:ed|s)?|propose[sd]?|call(?:ed)? for|urge[sd]?|delegat(?:e|es|ion|ions)|"
    r"representatives?|object(?:ed)?|oppose[sd]?)\b"
    r"|说|讲|发言|表示|认为|看法|看待|(?:怎么|怎样|如何)看|立场|主张|强调|支持|提出|呼吁|指出|反对|代表团|代表",
    re.IGNORECASE,
)
# What a question asks of a speaker is not the meeting it spoke at nor that it proposed: "肯尼亚代表在公开辩论中提出了什么
# 建议？" asks nothing of Kenya's turns but that they propose something (rag/retrieval/speakers.py, the words asked
# of the speakers: SPEECH's and these left out).
SPEAKER_FRAME = re.compile(r"\b(?:(?:open\s+)?debate|meeting|session|suggest(?:s|ed|ions?)?|recommend(?:s|ed|ations?)?)\b"
                           r"|公开辩论|辩论|会议|会上|建议", re.IGNORECASE)
# "Which delegations / who …": asks for the speakers themselves.
_WHICH_SPEAKERS = (r"\b(?:which|what)\s+(?:delegations?|countries|members|speakers|states)\b"
                   r"|哪些(?:代表团|国家|成员|发言者|会员国)|哪个(?:代表团|国家)")
WHICH_SPEAKERS = re.compile(_WHICH_SPEAKERS + r"|\bwho\b|谁", re.IGNORECASE)
# The same without "who" / 谁, which may follow the delegation asked about ("Who spoke for France?", 法国代表说谁…)
WHICH_DELEGATIONS = re.compile(_WHICH_SPEAKERS, re.IGNORECASE)

# -- sentences that lean on their neighbours -------------------------------------------------------------------
# A sentence that opens with a pronoun or a demonstrative that points back ("They also…", "That approach…", "这包括…")
# depends on the sentence before it; a sentence that ends introducing items ("including the following:", "其中包括：",
# "as follows") depends on the items after it. Closed grammatical classes, not topics.
LEANS_BACK_EN = re.compile(
    r"^\s*(?:they|them|their|he|his|she|her|it|its|this|that|these|those|such|the\s+latter|the\s+former)\b",
    re.IGNORECASE)
LEANS_BACK_ZH = re.compile(r"^\s*(?:这|那|此|该|其|它|他|她|上述|前者|后者)")
# A sentence that spells out the one before it ("This includes…", 这包括…): it travels with that sentence.
ELABORATES_EN = re.compile(
    r"^\s*(?:this|these|that|such\s+\w+)\s+(?:would\s+|will\s+|should\s+)?(?:includes?|included|means?|meant|entails?"
    r"|involves?|requires?)\b", re.IGNORECASE)
ELABORATES_ZH = re.compile(r"^\s*(?:这|此|这些|这一点|其中)(?:将|应)?(?:包括|意味着|涉及|需要|要求)")
INTRODUCES_ITEMS = re.compile(
    r"(?:[:：]\s*$|\b(?:as\s+follows|the\s+following)\s*[.:]?\s*$|(?:如下|以下|下列)\s*[。：:]?\s*$)", re.IGNORECASE)
# An enumeration opened inside the sentence ("three proposals: first, …;", "三项建议：第一，…；") goes on in the
# sentences after it that open with the next ordinal ("second, …", "第二，…", "(b)").
OPENS_ENUMERATION = re.compile(r"[:：]\s*(?:第一|一是|首先|其一|[(（]\s*(?:a|1|一)\s*[)）]|first(?:ly)?\b)", re.IGNORECASE)
GOES_ON_ENUMERATION = re.compile(
    r"^\s*(?:and\s+)?(?:第[二三四五六七八九十](?=[，,、：:\s])|[二三四五六七八九十]是|其[二三四五]|其次|再次|最后|[(（]\s*(?:[b-j]|[2-9]|[二三四五六七八九])\s*[)）]"
    r"|(?:second|third|fourth|fifth|sixth|finally|lastly)(?:ly)?\b)", re.IGNORECASE)

# -- questions that ask two things -----------------------------------------------------------------------------
# The coordinating frame that opens a second question inside one sentence: ", and what…", "；以及…", "，又…".
SECOND_QUESTION_EN = re.compile(
    r",?\s+and\s+(?=(?:what|how|why|who|whom|which|where|when|did|does|do|is|are|was|were)\b)", re.IGNORECASE)
SECOND_QUESTION_ZH = re.compile(r"[，,；;]\s*(?:以及|另外|此外|同时|并且|还有|那么)?\s*(?=\S*?(?:什么|哪|谁|如何|怎样|怎么|为什么|为何|多少))"
                                r"|以及(?=\S*?(?:什么|哪|谁|如何|怎样|怎么|为什么|为何|多少))")

# -- what a question presumes -------------------------------------------------------------------------------------
# Verbs of opposing, refusing, retracting or stopping (a closed class, like the negations below): "Why did X
# reject Y?", "哪些国家反对…？", "Why did X withdraw / suspend Y?" presume that someone opposed or stopped something,
# which only a document that reports it in some form can answer; the verb joins the subject's words that must be
# there (rag/analysis/forms.py). 质疑 / "questioned" is left out: it is also how a summary reports a doubt, and
# "question" is mostly a noun.
OPPOSITION = re.compile(
    r"\b(?:reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing)|objec(?:ted|ts|ting)\s+to|object\s+to|refus(?:e|es|ed|ing)"
    r"|declin(?:e|es|ed|ing)\s+to|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|condemn(?:s|ed|ing)?"
    r"|boycott(?:s|ed|ing)?|vetoe[sd]|vot(?:e|es|ed|ing)\s+against|disagree(?:s|d)?|walk(?:s|ed)?\s+out"
    r"|turn(?:s|ed|ing)?\s+down|rul(?:e|es|ed|ing)\s+out|dismiss(?:es|ed|ing)?|withdr(?:ew|aw|awn|aws|awing)"
    r"|suspend(?:s|ed|ing)?|cancel(?:s|led|ed|ling|ing)?|postpon(?:e|es|ed|ing)|halt(?:s|ed|ing)?"
    r"|abandon(?:s|ed|ing)?|terminat(?:e|es|ed|ing))\b"
    r"|反对|拒绝|否决(?!权)|批评|抵制|谴责|不同意|驳回|投了?反对票|退出|撤回|撤销|暂停|取消|推迟|中止|终止|放弃|叫停|退场|退席",
    re.IGNORECASE)

# -- names of several words ----------------------------------------------------------------------------------------
# A run of two or more capitalised words (each part of a hyphenated word capitalised), of, the, and, for inside:
# United Nations, Secretary-General, President of the General Assembly, Economic and Social Council.
NAME_RUN = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:\s+(?:(?:of|the|and|for)\s+)*[A-Z][a-z]+(?:-[A-Z][a-z]+)*)+")
RUN_INNER = ("of", "the", "and", "for")

# -- what a question says it is about ----------------------------------------------------------------------------
# The subject a question names, in the ways questions name one (each alternative captures it, up to a comma):
_ASKS = r"(?:what|how|which|who|why|when|did|does|do|is|are|was|were|any|anything)\b"
_DISCUSSED = r"(?:discussed|addressed|raised|mentioned|covered|tackled|dealt\s+with|brought\s+up)"
_SUBJECT_OF = [
    # "about X", "regarding X", "mention(s) X", "any mention / discussion of X"
    r"\b(?:about|regarding|concerning|on\s+the\s+subject\s+of|mentions?)\s+([^?!.;,]+)",
    r"\b(?:discussions?|debates?|mentions?)\s+(?:of|on)\s+([^?!.;,]+)",
    # "did they discuss / address / raise X" (not "discuss what"), "how was X discussed / covered"
    r"\b(?:discuss|address|raise|tackle|bring\s+up)\s+(?!(?:what|which|how|whether|why|who)\b)([^?!.;,]+)",
    r"\b(?:was|were|is|are)\s+((?!(?:there|it|this|that)\b)[^?!.;,]+?)\s+" + _DISCUSSED + r"\b",
    # a word of saying, proposing or judging and "on": "recommendations … on refugee flows", "the debate's take on
    # X" (not "on 10 January")
    r"\b(?:say|said|says|views?|positions?|stance|take|perspectives?|recommendations?|recommend(?:ed)?|proposals?"
    r"|propose[sd]?|remarks?|comments?)\s+(?:[\w'-]+\s+){0,4}?on\s+(?!(?:the\s+)?\d|" + "|".join(MONTHS) + r")([^?!.;,]+)",
    # seeing or linking: "how do participants see / view X", "did speakers link X to conflict"
    r"\bhow\s+(?:do|does|did)\s+(?:[\w'-]+\s+){1,4}?(?:see|view|regard|perceive|assess)\s+([^?!.;,]+)",
    r"\b(?:link|links|linked|connect|connects|connected|tie|tied)\s+([^?!.;,]+?)\s+(?:to|with)\b",
    # what a question presumes happened: a clause that opens it ("After the Council endorsed X, …", X之后，…) and
    # the act it asks the cause of ("What prompted the Council to establish X?")
    r"^\s*(?:after|since|following|once|now\s+that|given\s+that)\s+([^?!.;,]+),",
    r"\bwhat\s+(?:prompted|led|caused|motivated|pushed|drove)\s+(?:[\w'-]+\s+){1,5}?to\s+([^?!.;,]+)",
    r"^\s*(?:在|自从|自)?([^？?！!。；;，,]{2,40}?)(?:之后|以后)[，,]",
    # a topic before a dash or a colon that opens the question: "cyber threats - what did…?", "X — anything?"
    r"^\s*([^?!.;,:\s][^?!.;,:]{2,60}?)(?:\s+[-–—]|\s*[:–—])\s+(?=" + _ASKS + r")",
    r"^\s*([^？?！!。；;，,：:—\s][^？?！!。；;，,：:—]{1,30}?)\s*(?:——|—|：)",
    # 关于X, 提到X, 讨论X, 涉及X (not before a question word: 提到哪些, 涉及哪些), 论述X问题
    r"(?:关于|有关|谈到|谈及|提到了?|提及)(?!哪|什么|怎|如何|多少|几)([^？?！!。；;，,]+)",
    r"(?:讨论了?|涉及)(?!哪|什么|怎|如何|多少|几)([^？?！!。；;，,]+)",
    r"(?:论述|阐述)了?([^？?！!。；;，,]+?)(?:问题)?(?:[？?！!。；;，,]|$)",
    # seeing and linking in Chinese: 怎么看X, 把X列为…, 把X与Y联系起来, X在文件里有没有涉及 (对X有什么看法 was left out:
    # a speaker's view of X is asked so, and a record may give it in other words)
    r"(?:怎么|如何|怎样)看待?([^？?！!。；;，,]+)",
    r"把([^？?！!。；;，,]{2,20}?)(?:列为|(?:与|和|同)[^？?！!。；;，,]{1,15}?(?:联系|挂钩|关联))",
    r"^\s*([^？?！!。；;，,]{2,20}?)在(?:这份|本|该)?(?:文件|文中|报告|摘要)(?:里|中)?(?:有没有|是否|有无)?(?:涉及|提到|提及|讨论|论及)",
]
# When a word of it is in no version of the document, the document does not treat it (rag/analysis/forms.py).
ABOUT = re.compile("|".join(_SUBJECT_OF), re.IGNORECASE)
# A keyword query ("food security famine", 网络安全 威胁 预防冲突): terms typed as a search, no sentence — no end
# punctuation, no question word, no word that asks or bids (list, describe, 请, 有何). Each of its terms is a subject
# it is about, like the X of "about X" (rag/analysis/query.py `keyword_subjects`).
NOT_KEYWORDS = re.compile(
    r"[?？.。!！]|" + QUESTION_WORD.pattern +
    r"|\b(?:did|does|do|is|are|was|were|can|could|should|would|will|has|have|had|please|tell|list|give|name|show|"
    r"find|summari[sz]e|describe|explain|compare|write|say|said)\b|请|何|列出|列举|介绍|概述|说明|告诉|总结|有没有|是不是",
    re.IGNORECASE)
