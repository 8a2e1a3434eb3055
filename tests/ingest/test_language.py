"""The language of an article: detected, recorded, named in the frontmatter when it is not
the site's, and used to read prose as prose when cleaning copied text."""

from __future__ import annotations

import datetime as dt

from generator.ingest import briefing_fields, prepare_draft
from generator.ingest.inputs import RawInput, decode
from generator.ingest.language import detect_language, function_words
from generator.ingest.text import clean_text

GERMAN = (
    "Die Regierung hat am Dienstag neue Hilfen für die Bauern im Norden des Landes angekündigt, "
    "nachdem die Ernte wegen der Dürre zum zweiten Mal in Folge ausgefallen ist."
)
POLISH = [
    "Rząd ogłosił we wtorek nowy pakiet pomocy dla rolników z północy kraju, ponieważ susza po raz drugi z rzędu zniszczyła zbiory.",
    "Minister rolnictwa powiedział, że pieniądze trafią do gospodarstw jeszcze przed końcem miesiąca, a wnioski będzie można składać przez internet.",
    "Związki rolników przyjęły tę decyzję z ulgą, ale ostrzegły, że bez nowych systemów nawadniania kolejne lata mogą być jeszcze trudniejsze.",
]


def test_the_language_of_a_text_is_detected():
    assert detect_language(GERMAN) == "de"
    assert detect_language(" ".join(POLISH)) == "pl"
    assert detect_language("The government announced new aid for farmers in the north on Tuesday after the drought.") == "en"


def test_too_little_text_gives_no_language_rather_than_a_guess():
    assert detect_language("Berlin") == ""
    assert detect_language("") == ""


def test_menus_and_banners_in_english_do_not_decide_the_language_of_the_article():
    page = "\n".join(["Home", "World", "Sign in", "Accept all cookies", "Subscribe", "Share on Facebook"] * 5 + [GERMAN, GERMAN])
    assert detect_language(page) == "de"


def test_prose_in_a_language_without_built_in_function_words_is_kept_as_the_article():
    menu = ["Strona główna", "Polska", "Świat", "Sport", "Zaloguj się", "Newsletter", "Kontakt"]
    copied = "\n".join(menu + POLISH + ["Czytaj także", "Polityka prywatności"])
    cleaned = clean_text(copied, function_words("pl"))
    assert [b.text for b in cleaned.blocks] == POLISH
    assert function_words("pl") and not function_words("xx")


def test_the_function_words_of_a_language_hold_no_nouns_and_no_names():
    """jusText's German list is its Wikipedia's most frequent words ("berlin", "peter",
    "regierung"); the function words the cleaner and the actor passes read are only words
    that build sentences."""
    german = function_words("de")
    assert {"der", "und", "wurde", "jedoch", "zwischen", "sich"} <= german
    assert not {"berlin", "peter", "thomas", "regierung", "krieg", "deutschland", "film", "land"} & german


def test_a_list_of_places_and_sections_in_german_is_no_prose():
    """A footer of places and sections is as long as a paragraph, but no sentence: with
    nouns and names among the function words it read as prose and was kept after the article."""
    german = [
        "Die Regierung hat am Dienstag neue Hilfen für die Bauern im Norden des Landes angekündigt, "
        "nachdem die Ernte wegen der Dürre zum zweiten Mal in Folge ausgefallen ist.",
        "Der Minister sagte, das Geld werde noch vor dem Ende des Monats ausgezahlt, und die Anträge "
        "könnten über das Internet gestellt werden.",
    ]
    footer = ("Deutschland Österreich Frankreich Europa Welt Berlin München Wien Paris Hamburg Köln Politik Kultur "
              "Film Musik Sport Saison Spiel Team Familie Leben Geschichte Gesellschaft Schule Kirche Stadt Land Region")
    cleaned = clean_text("\n\n".join(["Hilfe für die Bauern", *german, footer]), function_words("de"))
    assert [b.text for b in cleaned.blocks] == german


def draft_of(text: str, name: str, vocabulary):
    raw = RawInput(name, text.encode("utf-8"))
    return prepare_draft(raw, decode(raw), vocabulary, dt.date(2026, 11, 24))


def test_the_language_is_in_the_record_and_in_the_frontmatter_only_when_not_the_sites(vocabulary):
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)
    german = draft_of(f"Hilfe für die Bauern\n\n{GERMAN}\n\n{GERMAN.replace('zweiten', 'dritten')}\n", "de.txt", vocabulary)
    assert german.record()["language"] == "de"
    assert briefing_fields(german, now, site_language="en")["language"] == "de"
    assert not briefing_fields(german, now, site_language="de")["language"]
    english = draft_of(
        "Aid for farmers\n\nThe government announced new aid for farmers in the north on Tuesday, after the "
        "drought destroyed the harvest for the second year running.\n", "en.txt", vocabulary,
    )
    assert english.record()["language"] == "en"
    assert not briefing_fields(english, now, site_language="en")["language"]


def test_a_saved_page_is_read_in_its_language_before_anything_is_extracted():
    from generator.ingest.language import detect_html_language

    page = (
        "<html><head><title>Hilfe</title><style>.menu{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/login'>Sign in</a></nav>"
        f"<article><h1>Hilfe für die Bauern</h1><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>"
    )
    assert detect_html_language(page) == "de"
    assert detect_html_language("<html><body><p>Home</p></body></html>") == ""


def test_extracting_a_page_leaves_trafilaturas_stoplist_as_it_was():
    import trafilatura.external

    from generator.ingest.html import extract_html

    before = trafilatura.external.JT_STOPLIST
    extract_html(f"<html><body><article><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>", dt.date(2026, 11, 24))
    assert trafilatura.external.JT_STOPLIST is before


# Invented articles in other languages and scripts: the cleaner must read their prose as
# prose without an English list of function words deciding what is text.

CHINESE = [
    "连日暴雨导致河水上涨，河口镇的低洼地区在周二晚上被洪水淹没，当地政府组织了数千名居民连夜撤离到附近的学校和体育馆。",
    "镇长在接受采访时表示，救援人员已经在受灾最严重的街道挨家挨户地搜索，目前还没有发现人员伤亡，但是许多商店的货物被水浸泡。",
    "气象部门预计，未来三天内这一地区仍将有大到暴雨，河水可能继续上涨，因此撤离的居民暂时不能返回家中。",
]


def test_chinese_prose_is_measured_by_its_characters_and_clause_marks_not_by_spaces():
    # Written without spaces, each paragraph is one "word" to a word count: nothing read as
    # prose, and the whole page, menus and teasers included, was kept.
    copied = "\n\n".join(["首页", "新闻", "国际", "财经", "登录", "河口镇遭遇洪水 数千居民连夜撤离", "2026年3月4日", *CHINESE, "相关新闻", "山区公路因塌方中断", "城市地铁新线路开通"])
    cleaned = clean_text(copied, function_words(detect_language(copied)))
    assert [b.text for b in cleaned.blocks] == CHINESE


def test_japanese_prose_is_read_as_prose_and_its_menu_is_not():
    japanese = [
        "大雨の影響で川の水位が上がり、町の低い地域では火曜日の夜に多くの住宅が浸水したため、住民は近くの学校に避難した。",
        "町長は記者会見で、救助隊が被害の大きい地区を一軒ずつ回っているが、今のところけが人は確認されていないと述べた。",
        "気象台によると、この地域では今後三日間も強い雨が続く見込みで、避難した住民はしばらく家に戻れないという。",
    ]
    copied = "\n\n".join(["ホーム", "ニュース", "国際", "ログイン", *japanese, "関連記事", "山道で土砂崩れ", "新しい地下鉄が開業"])
    assert [b.text for b in clean_text(copied).blocks] == japanese


def test_thai_prose_is_read_by_the_spaces_between_its_clauses():
    thai = [
        "ฝนตกหนักต่อเนื่องหลายวันทำให้ระดับน้ำในแม่น้ำสูงขึ้น บ้านเรือนในพื้นที่ลุ่มต่ำถูกน้ำท่วมเมื่อคืนวันอังคาร เจ้าหน้าที่ได้อพยพชาวบ้านหลายพันคนไปยังโรงเรียนใกล้เคียง",
        "นายกเทศมนตรีกล่าวว่า ทีมกู้ภัยกำลังค้นหาผู้ประสบภัยตามบ้านทุกหลังในพื้นที่ที่ได้รับผลกระทบหนักที่สุด และยังไม่พบผู้บาดเจ็บหรือเสียชีวิต",
        "กรมอุตุนิยมวิทยาคาดว่า ฝนจะยังตกหนักต่อไปอีกสามวัน ชาวบ้านที่อพยพจึงยังไม่สามารถกลับบ้านได้ในช่วงนี้",
    ]
    copied = "\n\n".join(["หน้าแรก", "ข่าว", "กีฬา", "เข้าสู่ระบบ", *thai, "ข่าวที่เกี่ยวข้อง", "ถนนบนภูเขาถูกปิด"])
    assert [b.text for b in clean_text(copied).blocks] == thai


def test_a_sentence_ends_with_the_full_stop_of_its_script():
    # A short paragraph counts as prose only when it ends like a sentence: in Hindi with the
    # danda, in Arabic often with the direction mark a right-to-left line carries at its end.
    hindi = "सरकार ने मंगलवार को उत्तर के किसानों के लिए नई सहायता की घोषणा की है।"
    arabic = "أعلنت الحكومة يوم الثلاثاء عن مساعدات جديدة للمزارعين في شمال البلاد بعد موسم الجفاف الطويل.\u200f"
    for language, paragraph in (("hi", hindi), ("ar", arabic)):
        copied = "\n\n".join(["Home", "News", paragraph, paragraph.replace("मंगलवार", "बुधवार").replace("الثلاثاء", "الأربعاء"), "Contact"])
        kept = [b.text for b in clean_text(copied, function_words(language)).blocks]
        assert len(kept) == 2, language


def test_zero_width_joiners_that_spell_a_word_are_kept():
    from generator.ingest.text import normalise_whitespace

    persian = "دولت می\u200cخواهد به کشاورزان کمک کند"
    assert normalise_whitespace(persian) == persian
    assert normalise_whitespace("a stray\u200c mark in Eng\u200clish") == "a stray mark in English"


def test_headings_of_other_stories_and_comments_end_the_article_in_other_languages():
    german = [
        "Die Regierung hat am Dienstag neue Hilfen für die Bauern im Norden angekündigt, nachdem die Ernte ausgefallen ist.",
        "Der Minister sagte, das Geld solle noch vor dem Ende des Monats bei den Betrieben ankommen, und zwar ohne lange Anträge.",
        "Die Verbände begrüßten die Entscheidung, warnten aber, dass ohne neue Bewässerung auch die kommenden Jahre schwierig werden.",
    ]
    teaser = "Ein ganz anderer Artikel über die Wahlen in einem fernen Land, der mit genug Wörtern in der Seitenleiste steht, um wie ein Absatz auszusehen."
    for heading in ("Das könnte Sie auch interessieren", "Mehr zum Thema", "12 Kommentare"):
        cleaned = clean_text("\n\n".join(["Hilfe für die Bauern", *german, heading, teaser]), function_words("de"))
        assert [b.text for b in cleaned.blocks] == german, heading
    french = ["Le gouvernement a annoncé mardi une nouvelle aide pour les agriculteurs du nord du pays, après une deuxième année de sécheresse."] * 1
    cleaned = clean_text("\n\n".join(["Aide aux agriculteurs", *french, french[0].replace("mardi", "mercredi"), "Articles similaires", teaser]), function_words("fr"))
    assert teaser not in cleaned.plain


def test_a_read_also_line_between_paragraphs_goes_without_ending_the_article():
    first = "Die Regierung hat am Dienstag neue Hilfen für die Bauern im Norden angekündigt, nachdem die Ernte zum zweiten Mal ausgefallen ist."
    second = "Der Minister sagte, das Geld solle noch vor dem Ende des Monats bei den Betrieben ankommen, und zwar ohne lange Anträge und Formulare."
    cleaned = clean_text("\n\n".join(["Hilfe für die Bauern", first, "Lesen Sie auch: Dürre im Süden", second]), function_words("de"))
    assert [b.text for b in cleaned.blocks] == [first, second]


def test_readers_comments_after_the_article_do_not_outweigh_it_once_a_heading_has_ended_it():
    article = [
        "The government announced new aid for farmers in the north on Tuesday, after the harvest failed for the second year in a row.",
        "The minister said the money would reach the farms before the end of the month, and that the forms would be short and simple to fill in.",
        "Farmers' unions welcomed the decision but warned that without new irrigation the coming years could be even harder for the region.",
        "The aid is the third package this year, and the opposition said in parliament that it came too late for many of the smallest farms.",
        "Prices of bread and milk have risen by a tenth since the spring, and the central bank expects them to go on rising until the next harvest.",
    ]
    comments = [
        f"I have been a farmer in the north for {n + 10} years and I can tell you that this is not the first time that we have been promised help that never came to us."
        for n in range(12)
    ]
    cleaned = clean_text("\n\n".join(["Aid for farmers", *article, "Comments", *comments]))
    assert [b.text for b in cleaned.blocks] == article


def test_a_salutation_opens_the_letter_below_it():
    letter = [
        "vor sieben Jahren habe ich dieses Blog begonnen und seitdem über viele technische Themen geschrieben, die mich bewegt haben.",
        "Doch inzwischen fehlt mir die Zeit, und deshalb habe ich mich entschieden, das Blog zu beenden und die alten Artikel online zu lassen.",
    ]
    cleaned = clean_text("\n\n".join(["Zeit, Abschied zu nehmen", "Liebe Leserinnen und Leser,", *letter, "Impressum"]), function_words("de"))
    assert [b.text for b in cleaned.blocks] == ["Liebe Leserinnen und Leser,", *letter]


def test_a_chinese_headline_without_spaces_is_a_headline_and_not_a_menu_entry():
    # Split at spaces, the headline was one word, as short as "首页" (home); the byline was
    # taken for the title. A headline is counted in words of about two characters.
    copied = "\n\n".join(["首页", "新闻", "登录", "河口镇遭遇洪水数千居民连夜撤离", "本报记者 李明", "2026年3月4日 09:15", *CHINESE])
    cleaned = clean_text(copied)
    assert cleaned.title == "河口镇遭遇洪水数千居民连夜撤离"
    assert "本报记者 李明" in cleaned.dateline
    assert [b.text for b in cleaned.blocks] == CHINESE


def test_a_headline_in_a_script_without_capitals_is_found_over_its_byline():
    arabic = [
        "أعلنت الحكومة يوم الثلاثاء عن مساعدات جديدة للمزارعين في شمال البلاد بعد موسم الجفاف الطويل الذي أتلف المحاصيل.",
        "وقال الوزير إن الأموال ستصل إلى المزارع قبل نهاية الشهر، وإن الاستمارات ستكون قصيرة وسهلة.",
        "ورحبت نقابات المزارعين بالقرار لكنها حذرت من أن السنوات المقبلة قد تكون أصعب من دون أنظمة ري جديدة.",
    ]
    copied = "\n".join(["الرئيسية", "أخبار", "الحكومة تعلن مساعدات جديدة للمزارعين", "بقلم أحمد علي", *arabic])
    cleaned = clean_text(copied, function_words("ar"))
    assert cleaned.title == "الحكومة تعلن مساعدات جديدة للمزارعين"
    assert not cleaned.title_doubt
    assert cleaned.dateline == "بقلم أحمد علي"
    assert [b.text for b in cleaned.blocks] == arabic


def test_the_table_of_justext_stoplists_says_what_pycountry_and_justext_say():
    """data/justext_languages.tsv stands in for pycountry's ISO 639 names at run time (loading
    them took longer than the rest of the lookup): it must give every code the stoplist they
    give, and none to a code without one. After upgrading either: tools/make_justext_languages.py."""
    import pycountry

    from generator.ingest.language import _justext_name, justext_name_from_iso

    codes = sorted({language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")})
    assert [(code, _justext_name(code)) for code in codes] == [(code, justext_name_from_iso(code)) for code in codes]
    assert _justext_name("de") == "German" and _justext_name("nb") == "Norwegian_Bokmal"
    assert _justext_name("xx") == "" and _justext_name("") == ""


def test_long_lines_full_of_names_that_leave_cld2_unsure_are_read_with_the_rest_of_the_text():
    text = (
        "Bolivia: miles marchan en La Paz contra la escasez de combustible\n\n5 de marzo de 2024\n\n"
        "Miles de personas marcharon el martes en La Paz y El Alto para exigir al Gobierno de Luis Arce "
        "soluciones a la escasez de diésel y gasolina, que afecta a todo el país desde hace semanas.\n\n"
        "Los transportistas bloquearon varias carreteras en los departamentos de Santa Cruz y Cochabamba. "
        "El ministro de Hidrocarburos dijo que la empresa estatal YPFB importará más combustible desde "
        "Argentina y Perú.\n\n"
        "La oposición culpó al expresidente Evo Morales y al gobierno de Arce por la crisis económica. "
        "Bolivia vive su peor crisis de divisas en dos décadas.\n"
    )
    assert detect_language(text) == "es"


RUSSIAN = (
    "Власти Казахстана эвакуировали более 80 тысяч человек из-за сильнейших за десятилетия паводков. "
    "Президент Касым-Жомарт Токаев назвал наводнения одним из крупнейших стихийных бедствий в истории страны.\n\n"
    "В Атырауской и Актюбинской областях объявлен режим чрезвычайной ситуации. Россия также пострадала "
    "от паводков в Оренбургской области.\n"
)


def test_a_short_article_is_read_when_cld2_finds_no_other_language_in_it():
    # CLD2 calls these unreliable although it finds Russian, or Spanish, alone in them
    assert detect_language(RUSSIAN) == "ru"
    spanish = (
        "Bolivia: miles marchan en La Paz contra la escasez de combustible\nMiles de personas marcharon el "
        "martes en La Paz y El Alto para exigir al Gobierno de Luis Arce soluciones a la escasez de diésel y "
        "gasolina, que afecta a todo el país desde hace semanas.\n\nLos transportistas bloquearon varias "
        "carreteras en los departamentos de Santa Cruz y Cochabamba. El ministro de Hidrocarburos dijo que la "
        "empresa estatal YPFB importará más combustible desde Argentina y Perú.\n\nLa oposición culpó al expresidente Evo "
        "Morales y al gobierno de Arce por la crisis económica. Bolivia vive su peor crisis de divisas.\n"
    )
    assert detect_language(spanish) == "es"


def test_a_list_of_names_is_in_no_language():
    names = "\n".join(["Jean Dupont, Maria Rossi, Hans Müller, Jan Kowalski, Ana Silva, Ole Hansen, Pedro Gómez"] * 4)
    assert detect_language(names) == ""
