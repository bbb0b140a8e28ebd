"""A reproducible Korean news-style corpus for benchmarks: original templates filled from vocabulary lists.

Usage: python benchmarks/corpus.py [KB=200] [--seed 7]   (prints the text)
"""
from __future__ import annotations

import random
import re
import sys

# Slots: {org} {person} {title} {topic} {place} {n} {pct} {money} {when} {field} {act} {adj} {people}
ORGS = ["정부", "국토교통부", "보건복지부", "교육부", "환경부", "산업통상자원부", "과학기술정보통신부", "해양수산부",
        "서울시", "부산시", "경기도", "전라남도", "한국은행", "금융위원회", "통계청", "기상청", "국회",
        "대법원", "공정거래위원회", "중소벤처기업부", "문화체육관광부", "고용노동부", "행정안전부", "국방부",
        "시민단체", "노동조합", "경제단체", "지방자치단체", "연구기관", "대학병원", "소방당국", "경찰"]
PEOPLE = ["김도윤", "이서연", "박지호", "최하은", "정민준", "강예린", "조성우", "윤지아", "장현수", "임채원",
          "한승민", "오유나", "서동혁", "신가은", "권태양", "황보라", "안재현", "송다인", "전우진", "홍수빈"]
TITLES = ["기자", "대표", "장관", "위원장", "교수", "연구위원", "사업단장", "대변인", "시장", "원장", "회장", "의원"]
TOPICS = ["인공지능", "반도체", "전기차", "이차전지", "원자력 발전", "신재생 에너지", "저출산 대책", "청년 고용",
          "주택 공급", "물가 안정", "수출 경쟁력", "지역 균형 발전", "탄소 중립", "디지털 전환", "의료 개혁",
          "교육 과정 개편", "기후 변화 대응", "공공 기관 이전", "관광 산업", "농업 기술", "해운 물류", "우주 항공",
          "사이버 보안", "자율 주행", "바이오 의약품", "문화 콘텐츠", "소상공인 지원", "노인 돌봄", "육아 휴직",
          "대중교통 요금", "전세 사기", "가계 부채", "금리 인하", "부동산 규제", "방위 산업", "식량 안보"]
PLACES = ["수도권", "충청권", "영남 지역", "호남 지역", "강원 산간", "제주도", "남부 지방", "서해안", "동해안",
          "도심", "농촌 마을", "산업 단지", "항만 일대", "접경 지역", "혁신 도시", "신도시", "전통 시장"]
FIELDS = ["연구 개발", "인력 양성", "기반 시설", "안전 관리", "재정 지원", "제도 개선", "국제 협력", "현장 점검",
          "규제 완화", "정보 공개", "성과 평가", "시범 운영", "기술 이전", "창업 지원", "주민 참여"]
ACTS = ["발표했다", "추진한다", "검토하고 있다", "강조했다", "확대하기로 했다", "점검했다", "논의했다",
        "촉구했다", "비판했다", "지적했다", "부인했다", "호소했다", "제안했다", "마련했다", "승인했다"]
ADJS = ["다양한", "신속한", "투명한", "안정적인", "지속 가능한", "효율적인", "적극적인", "구체적인", "과감한"]
GROUPS = ["주민", "청년", "학부모", "중소기업", "자영업자", "농민", "어민", "관광객", "환자", "노동자",
          "소비자", "학생", "고령층", "신혼부부", "연구자", "창업가"]
WHEN = ["올해", "내년", "지난해", "상반기", "하반기", "이번 달", "다음 주", "연말까지", "2030년까지", "향후 5년간"]
NATIVE = ["일자리", "마중물", "자리", "생각", "스타트업", "데이터센터", "플랫폼", "누리집", "먹거리", "나들이"]

TEMPLATES = [
    "{person} {title}는 {when} {topic} 분야에 {money}을 투입하겠다고 {act}.",
    "{org}는 {n}일 {topic}와 관련한 {adj} 방안을 {act}.",
    "{org} 관계자는 \"{group}의 부담을 덜기 위해 {field}을 서두르겠다\"고 말했다.",
    "특히 {place}에서는 {topic} 수요가 지난해보다 {pct}% 늘었다.",
    "이번 조치로 {group} {n}만 명이 혜택을 받을 것으로 예상된다.",
    "{org}에 따르면 {when} {topic} 관련 예산은 {money}으로 집계됐다.",
    "전문가들은 {topic} 정책이 단지 구호에 그쳐서는 안 된다고 지적했다.",
    "{place} {group}들은 {topic} 문제 해결을 {org}에 호소했다.",
    "{org}는 의혹을 전면 부인하며 {field} 결과를 공개하겠다고 밝혔다.",
    "{person}씨는 \"{native}이 늘어야 {group}이 돌아온다\"고 말했다.",
    "{when} {place}의 {topic} 관련 {native} 수는 {n}천 개를 넘어섰다.",
    "{org}는 {n}년간 {money} 규모의 {topic} 사업을 {adj} 방식으로 운영한다.",
    "{topic} 시장은 {n}대 기업이 주도하고 있으며 {pct}%의 점유율을 기록했다.",
    "{group} 가운데 {age}대의 응답 비율이 {pct}%로 가장 높았다.",
    "{org}와 {org2}는 {field}을 위한 업무 협약을 체결했다.",
    "{person} {title}은 \"{topic}은 {native} 역할을 할 것\"이라고 강조했다.",
    "회의는 {n}월 {n2}일 오후 {place}에서 열릴 예정이다.",
    "{when} 발표된 통계에 따르면 {topic} 분야 취업자는 {n}만{k}000명으로 나타났다.",
    "{org}는 {place}에 {topic} 거점을 조성하고 {field} 체계를 갖추기로 했다.",
    "{group}의 {pct}%는 {topic}에 대해 \"잘 모른다\"고 답했다.",
    "정부는 {topic}와 {topic2}를 함께 묶은 {adj} 대책을 {when} 내놓는다.",
    "{org}는 그동안 {field}이 부족했다는 지적을 받아들였다.",
    "{person} {title}는 {topic}에 대한 {adj} 논의가 필요하다고 {act}.",
    "업계는 {topic2} 부진의 원인으로 {field} 지연을 꼽았다.",
    "{org}의 이번 결정은 {place} 경제에 적지 않은 영향을 줄 전망이다.",
    "{when} {org}의 {field} 예산은 {n}억{k}000만 원으로 책정됐다.",
    "한편 {org}는 {topic} 관련 민원이 {pct}% 줄었다고 {act}.",
    "{place} 곳곳에서 {topic}를 둘러싼 찬반 논란이 이어지고 있다.",
    "{group}들은 {native} 마련과 {field}을 동시에 요구했다.",
    "{org}는 {n}개 기관과 함께 {topic} 실태 조사에 착수했다.",
    "{person} {title}는 이날 기자간담회에서 {topic} 로드맵을 직접 설명했다.",
    "{when} {org}가 내놓은 보고서는 {topic}의 위험 요인을 {n}가지로 정리했다.",
    "{place}의 한 {group}은 \"{field}이 늦어져 생각보다 어려움이 크다\"고 털어놓았다.",
    "{org}는 오는 {n}월부터 {topic} 신청을 누리집에서 받는다.",
    "{topic} 관련 법안은 국회 상임위원회를 통과해 본회의 표결을 앞두고 있다.",
    "{org}는 {group}의 의견을 듣기 위해 {place}에서 공청회를 열었다.",
    "이 사업에는 {when} {money}이 들어가며, 이 가운데 {pct}%는 지방비로 충당된다.",
    "{person} {title}는 \"{adj} 집행이 무엇보다 중요하다\"고 말했다.",
    "{org}는 {topic} 분야 스타트업 {n}곳을 선정해 {field}을 돕기로 했다.",
    "지난 {n}년간 {place}의 {topic} 관련 사고는 {pct}건에 이르렀다.",
    "{org} 측은 \"사실과 다르다\"며 보도 내용을 부인했다.",
    "{group}들은 {topic} 정책의 속도가 너무 느리다고 불만을 나타냈다.",
    "{org}는 {topic} 기술을 가진 해외 기업과 공동 연구를 시작했다.",
    "{place}에서 열린 박람회에는 {n}만 명이 넘는 관람객이 몰렸다.",
    "{org}는 {field} 과정에서 드러난 문제를 {when} 바로잡겠다고 {act}.",
    "{topic}를 둘러싼 논쟁은 {topic2} 문제로까지 번지고 있다.",
    "{person}씨는 {place}에서 {n}년째 작은 가게를 운영하고 있다.",
    "{org}의 {topic} 관련 누적 투자액은 {money}에 달한다.",
    "{when}부터 {group}에게 {topic} 교육을 무료로 제공한다.",
    "{org}는 {topic} 데이터센터 건립을 위한 부지 선정 작업에 들어갔다.",
]


MARK = "\x00"   # put after each filled slot so the particle that follows can agree with it
PAIRS = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"),
         "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"), "으로": ("으로", "로"), "로": ("으로", "로")}
PARTICLE = re.compile(MARK + r"(으로|로|은|는|이|가|을|를|과|와)(?![가-힣])")


def _agree(text: str) -> str:
    """Particles that agree with the word before them (은/는, 이/가, 을/를, 과/와, 으로/로)."""
    def pick(m: re.Match) -> str:
        prev = text[m.start() - 1]
        final = (ord(prev) - 0xAC00) % 28 if "가" <= prev <= "힣" else 0
        after_consonant, after_vowel = PAIRS[m.group(1)]
        if m.group(1) in ("으로", "로") and final == 8:   # ㄹ takes 로
            return "로"
        return after_consonant if final else after_vowel
    return PARTICLE.sub(pick, text).replace(MARK, "")


def _fill(rng: random.Random, template: str) -> str:
    return _agree(_format(rng, template.replace("}", "}" + MARK)))


def _format(rng: random.Random, template: str) -> str:
    topic, topic2 = rng.sample(TOPICS, 2)
    org, org2 = rng.sample(ORGS, 2)
    return template.format(
        org=org, org2=org2, person=rng.choice(PEOPLE), title=rng.choice(TITLES), topic=topic,
        topic2=topic2, place=rng.choice(PLACES), n=rng.randint(2, 12), n2=rng.randint(1, 28),
        pct=rng.randint(3, 87), age=rng.choice((20, 30, 40, 50, 60, 70)), k=rng.randint(1, 9), money=f"{rng.randint(1, 9)}조{rng.randint(1, 9)}000억 원"
        if rng.random() < 0.3 else f"{rng.randint(12, 980)}억 원",
        when=rng.choice(WHEN), field=rng.choice(FIELDS), act=rng.choice(ACTS), adj=rng.choice(ADJS),
        group=rng.choice(GROUPS), native=rng.choice(NATIVE))


def corpus(min_bytes: int = 200_000, seed: int = 7) -> str:
    """Paragraphs of 3-6 generated sentences, blank-line separated, at least min_bytes of UTF-8."""
    rng = random.Random(seed)
    paras: list[str] = []
    size = 0
    while size < min_bytes:
        para = " ".join(_fill(rng, rng.choice(TEMPLATES)) for _ in range(rng.randint(3, 6)))
        paras.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(paras) + "\n"


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    if "--seed" in sys.argv:
        args = [a for a in args if a != str(seed)]
    sys.stdout.write(corpus(int(args[0]) * 1000 if args else 200_000, seed))
