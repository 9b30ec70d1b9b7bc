"""Scareware read by meaning (helper/page_meaning.py through the engine): rows modelled on the real-page corpus
(scare screens from public kit repositories, quoted screens and warning/help articles); our own wording."""
import pytest

from conftest import codes
from helper import page_knowledge, page_meaning

URL = "https://q7x2-center.example-neutral.top/index.html"
CLAIM, CALL = "PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"
SCAN, INSTR = "PAGE_TSS_FAKE_SCAN", "PAGE_TSS_CALL_INSTRUCTION"
TSS = {CLAIM, CALL, SCAN, INSTR, "PAGE_TSS_VENDOR_IMPERSONATION", "PAGE_TSS_URGENCY"}

MUST_FIRE = [
    # id, text, verdict, codes that must fire
    ("threat count in a scan window", "Windows のセキュリティ ライセンスをアクティブ化する クイック スキャン 35% 完了 "
     "スキャンされたオブジェクト 48,210 特定された脅威 934", "block", {CLAIM, SCAN}),
    ("participle claim + support number", "Microsoft Windows ファイアウォールの警告! トロイの木馬型スパイウェアに感染したPC "
     "(エラーコード: 5K2QW) Windows サポート (0101) 23-4567-8910", "block", {CLAIM, CALL}),
    ("access blocked, ja", "このPCへのアクセスはセキュリティ上の理由からブロックされています。", "warn", {CLAIM}),
    ("access blocked, en", "Access to this PC has been blocked for security reasons.", "warn", {CLAIM}),
    ("mixed ja/en with support number", "Windows Defender セキュリティ警告 Your PC is infected with spyware. "
     "今すぐ Windows サポートに電話する (0101) 23-4567-8910", "block", {CLAIM, CALL}),
    ("alert framing, no device word", "警告!5つのウイルスが検出されました", "warn", {CLAIM}),
    ("phone damaged by viruses", "お使いのiPhoneが3個のウイルスにより深刻なダメージを受けています。", "warn", {CLAIM}),
    ("halfwidth kana", "ｳｲﾙｽに感染しています ﾊﾟｿｺﾝを再起動しないでください", "warn", {CLAIM}),
    ("threat detected with a colon", "Apple Security Center Threat Detected: Trojan Spyware", "warn", {CLAIM}),
    ("claim + call instruction, number left to a script", "Threat Detected: Trojan Spyware. Access to this device has "
     "been blocked. Contact Apple Support (Toll-Free) Number:", "block", {CLAIM, INSTR}),
    ("the infected files as the threat, with a scan window", "Windows security Scanning Rapide Scanned Objects 37,368 Identified "
     "Threats 1,200 マイクロソフトディフェンダー 申し訳ありませんが、スキャンが完了していません! Microsoft Defender は"
     "感染したファイルをいくつか検出しましたが、グループ ポリシーのため削除できませんでした。", "block", {CLAIM, SCAN}),
]

MUST_NOT = [
    # id, text, codes that must not fire (verdict must be allow)
    ("warning: as if infected", "ウイルスに感染したかのような嘘の画面を表示させ、電話をかけさせる手口です。", TSS),
    ("warning: the screen quoted in 「」", "「ウイルスに感染しました」と表示されても、画面の番号に電話しないでください。", TSS),
    ("warning: a fake pop-up", "Beware of a fake 'your computer is infected' pop-up.", TSS),
    ("help page: lists threats found", "お使いのデバイスで見つかった現在の脅威を表示します。 クイック スキャンを実行し、"
     "スキャンされたファイルの数を確認します。", TSS),
    ("help page: if you think", "お使いの PC がマルウェアに感染していると思われる場合は、フル スキャンをお勧めします。", TSS),
    ("help page: when infected files are found", "Microsoft Defender が感染したファイルを検出した場合は、自動的に"
     "隔離されます。 [保護の履歴] で確認できます。", TSS),
    ("help page: a probability", "スパイウェアに感染する確率が高いフォルダをスキャンします。", TSS),
    ("guide: if your scanner detects", "If your scanner detects something (infection, malware, trojan, virus) do not panic!",
     TSS),
    ("guide: an infected file", "Deleting a file that has been compromised by a virus removes it from your computer.", TSS),
    ("health page: norovirus", "ノロウイルスに感染すると1日から2日の潜伏期を経て症状がでます。健康課 電話(3488)1181", TSS),
    ("health page: PCR is not PC", "PCR検査で新型コロナウイルスが検出された場合は保健所にお問い合わせください。", TSS),
    ("antivirus shop", "ウイルスを検出して駆除します。パソコンを守るセキュリティソフト 30日間無料体験", TSS),
    ("contact page: support number, no claim", "Windows サポート窓口 0120-938-417 (受付 9:00-18:00)", {CALL}),
]


@pytest.mark.parametrize("name,text,verdict,must", MUST_FIRE, ids=[r[0] for r in MUST_FIRE])
def test_scare_screens_are_read_by_meaning(engine, name, text, verdict, must):
    v = engine.verdict(URL, {"title": "", "text": text})
    assert must <= codes(v), (name, codes(v))
    assert v["verdict"] == verdict, (name, v["score"], codes(v))


@pytest.mark.parametrize("name,text,must_not", MUST_NOT, ids=[r[0] for r in MUST_NOT])
def test_pages_that_only_talk_about_infections_stay_allowed(engine, name, text, must_not):
    v = engine.verdict(URL, {"title": "", "text": text})
    assert not (must_not & codes(v)), (name, codes(v))
    assert v["verdict"] == "allow", (name, v["score"], codes(v))


def test_evidence_quotes_the_words_that_make_the_claim(engine):
    v = engine.verdict(URL, {"text": "Windows のセキュリティ 特定された脅威 1,200 Windows サポート (0101) 23-4567-8910"})
    reasons = {r["code"]: r["evidence"] for r in v["reasons"]}
    assert reasons[CLAIM]["phrase"] == "特定された脅威"
    assert reasons[CALL]["technique"] == "shows a support phone number beside the warning"
    assert reasons[CALL]["numbers"] == ["+12345678910"]


def test_a_claim_and_its_hedge_in_one_place():
    sk = page_knowledge.load().scare
    text = page_knowledge.normalise("ウイルスに感染したかのような画面。その後、パソコンがウイルスに感染しています")
    assert page_meaning.claim(text, sk).phrase == "ウイルスに感染しています"     # the second one is asserted
