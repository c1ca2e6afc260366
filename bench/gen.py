#!/usr/bin/env python3
"""gen.py - the benchmark corpus: N school sites, each its own virtual host.

    python3 bench/gen.py --n 1000 --out build/bench/corpus-N1000 [--seed 7]
    python3 bench/gen.py --n 200 --out build/bench/corpus-docs-N200 --docs-pool build/bench/docpool

Writes, under OUT:
  sites/sNNNNN.bench.test/...   one directory per host, served by nginx as root $host
  registry.csv                  id,name,url (the section page of every organisation)
  urls.txt                      the same section URLs, one a line (wget2's --input-file)
  manifest.json                 counts and sizes, for the bench report

Every organisation has a home page and a «Наставничество» section page of 40-150 KB
(a CMS template with a large navigation menu, news cards and inline <script>
blocks, modelled on fixtures/sites/), a quarter of them also a subpage below the
section holding the personalised programmes, and 5-15 document links. Documents
the school publishes itself live below the section (so wget2 --no-parent reaches
them as mentor-audit does); acts of higher bodies are links to another host that
neither tool follows. Some organisations lack documents, some list a stale pair
order, a few have a dead link, so the scores vary.

With --docs-pool (bench/docpool.py's directory: real documents of fixtures/sites/ sorted
into classes) every file a school publishes is one of those real documents instead of
a small synthetic PDF, its class drawn by DOC_MIX (mostly text PDFs and DOCX, 9 % scans
and photos), its file name ending and the listed type and size its own. The pages, the
links and their titles are those of the corpus without it: the file drawn comes from a
random stream of its own.

Deterministic: organisation i gets the same site whatever N is (its own seeded
random stream), so the first 1 000 sites of the 10 000 corpus are the 1 000 corpus.
Standard library only.
"""
import argparse
import json
import os
import random
import sys

HOST_FMT = "s{:05d}.bench.test"
# --docs-pool: the share of each class among the files a school publishes.
DOC_MIX = [("pdf-text", 0.56), ("docx", 0.15), ("doc", 0.07), ("odt", 0.07), ("rtf", 0.06),
           ("pdf-scan", 0.06), ("image", 0.03)]
KB = 1024
PAGE_MIN, PAGE_MAX = 40 * KB, 150 * KB

# --- words and names -------------------------------------------------------

KINDS = [
    ("Муниципальное бюджетное общеобразовательное учреждение", "МБОУ"),
    ("Муниципальное автономное общеобразовательное учреждение", "МАОУ"),
    ("Муниципальное бюджетное общеобразовательное учреждение", "МБОУ"),
    ("Муниципальное казённое общеобразовательное учреждение", "МКОУ"),
]
SCHOOL_TYPES = [
    ("«Средняя общеобразовательная школа № {n}»", "СОШ № {n}"),
    ("«Средняя общеобразовательная школа № {n} с углублённым изучением отдельных предметов»", "СОШ № {n}"),
    ("«Лицей № {n}»", "Лицей № {n}"),
    ("«Гимназия № {n}»", "Гимназия № {n}"),
    ("«Основная общеобразовательная школа № {n}»", "ООШ № {n}"),
    ("«Центр образования № {n}»", "ЦО № {n}"),
]
HONOURS = ["", "", "", " имени Героя Советского Союза И. Н. Кожедуба", " имени А. С. Пушкина",
           " имени Ю. А. Гагарина", " имени Антонины Ивановны Исаевой"]
TOWNS = ["Нефтеюганск", "Ханты-Мансийск", "Сургут", "Нижневартовск", "Когалым", "Пыть-Ях",
         "Нягань", "Лангепас", "Мегион", "Радужный", "Урай", "Югорск"]
SURNAMES = ["Петрова", "Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова",
            "Михайлова", "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева",
            "Семёнова", "Егорова", "Павлова", "Козлова", "Степанова", "Николаева", "Гайфуллина",
            "Колесников", "Ушакова", "Ахмедов", "Белова", "Сафиуллина", "Орлов", "Захаров"]
INITIALS = ["А.", "В.", "Г.", "Д.", "Е.", "И.", "Л.", "Н.", "О.", "С.", "Т.", "Ю."]
SUBJECTS = [("математики", "matematika"), ("русского языка и литературы", "russkiy_yazyk"),
            ("истории", "istoriya"), ("химии и биологии", "himiya_biologiya"),
            ("физики", "fizika"), ("английского языка", "angliyskiy"),
            ("начальных классов", "nachalnye_klassy"), ("информатики", "informatika"),
            ("физической культуры", "fizkultura"), ("географии", "geografiya")]

NEWS_TITLES = [
    "Итоги муниципального этапа всероссийской олимпиады школьников", "День открытых дверей для будущих первоклассников",
    "Неделя безопасности дорожного движения", "Торжественная линейка, посвящённая Дню знаний",
    "Школьный этап конкурса «Живая классика»", "Акция «Бессмертный полк» в нашей школе",
    "Встреча с ветеранами педагогического труда", "Профилактический рейд «Внимание, дети!»",
    "Родительское собрание по вопросам подготовки к ГИА-2027", "Спортивный праздник «Папа, мама, я — спортивная семья»",
    "Экскурсия в краеведческий музей", "Новогодний благотворительный концерт",
    "Неделя психологии: «Мы вместе»", "Открытие центра «Точка роста»",
    "Региональный семинар по функциональной грамотности", "Школа молодого педагога: первое занятие",
    "Муниципальный конкурс «Педагог года — 2027»", "Движение первых: итоги четверти",
    "Пушкинская карта: поход в театр", "Соревнования по мини-футболу среди 5-7 классов",
    "Защита индивидуальных проектов обучающихся 10 классов", "Урок мужества ко Дню Героев Отечества",
    "Мастер-класс учителей начальных классов", "Информация о горячем питании обучающихся",
]
NEWS_LEADS = [
    "В рамках плана воспитательной работы прошло мероприятие, в котором приняли участие обучающиеся 1-11 классов, педагоги и родители.",
    "Поздравляем победителей и призёров, благодарим педагогов-наставников за подготовку ребят и желаем новых достижений!",
    "Напоминаем родителям (законным представителям) о необходимости соблюдать правила безопасности на дорогах и водоёмах.",
    "Подробная информация размещена в разделе «Родителям», по всем вопросам обращайтесь к классным руководителям.",
    "Мероприятие организовано совместно с управлением физической культуры и спорта и советом старшеклассников.",
    "Обучающиеся познакомились с историей родного края, приняли участие в викторине и получили памятные подарки.",
]

MENU_SECTIONS = [
    ("sveden", "Сведения об образовательной организации", [
        ("common", "Основные сведения"), ("struct", "Структура и органы управления образовательной организацией"),
        ("document", "Документы"), ("education", "Образование"), ("eduStandarts", "Образовательные стандарты и требования"),
        ("managers", "Руководство"), ("employees", "Педагогический состав"),
        ("objects", "Материально-техническое обеспечение и оснащённость образовательного процесса. Доступная среда"),
        ("paid_edu", "Платные образовательные услуги"), ("budget", "Финансово-хозяйственная деятельность"),
        ("vacant", "Вакантные места для приёма (перевода) обучающихся"), ("grants", "Стипендии и меры поддержки обучающихся"),
        ("inter", "Международное сотрудничество"), ("catering", "Организация питания в образовательной организации")]),
    ("nasha-shkola", "Наша школа", [
        ("istoriya", "История школы"), ("novosti", "Новости"), ("dostizheniya", "Достижения"), ("fotogalereya", "Фотогалерея"),
        ("simvolika", "Символика"), ("muzey", "Школьный музей"), ("gazeta", "Школьная газета"), ("smi", "СМИ о нас")]),
    ("roditelyam", "Родителям", [
        ("priem-v-1-klass", "Приём в 1 класс"), ("pitanie", "Школьное питание"), ("gia", "ГИА-2027"),
        ("psihologicheskaya-sluzhba", "Социально-психологическая служба"), ("pushkinskaya-karta", "Пушкинская карта"),
        ("profilaktika", "Профилактика правонарушений"), ("sovet-roditeley", "Совет родителей"),
        ("kompensaciya", "Компенсация родительской платы"), ("otdyh", "Летний отдых и оздоровление")]),
    ("uchenikam", "Ученикам", [
        ("raspisanie", "Расписание уроков"), ("olimpiady", "Всероссийская олимпиада школьников"),
        ("bezopasnost", "Безопасность"), ("dvizhenie-pervyh", "Движение первых"), ("proforientaciya", "Профориентация"),
        ("biblioteka", "Библиотека"), ("sport", "Школьный спортивный клуб"), ("teatr", "Школьный театр"),
        ("media", "Школьный медиацентр"), ("volontery", "Волонтёрский отряд")]),
    ("pedagogam-i-sotrudnikam", "Педагогам и сотрудникам", [
        ("metodicheskaya-rabota", "Методическая работа"), ("attestatsiya", "Аттестация педагогических работников"),
        ("NASTAVNICHESTVO", "Наставничество"), ("profstandarty", "Профессиональные стандарты"),
        ("profsoyuz", "Профсоюзная организация"), ("vakansii", "Вакансии"), ("shmo", "Школьные методические объединения"),
        ("kursy", "Курсы повышения квалификации"), ("konkursy", "Конкурсы профессионального мастерства")]),
    ("vospitanie", "Воспитательная работа", [
        ("programma-vospitaniya", "Рабочая программа воспитания"), ("kalendarnyy-plan", "Календарный план воспитательной работы"),
        ("razgovory-o-vazhnom", "Разговоры о важном"), ("sovetnik", "Советник директора по воспитанию"),
        ("klassnye-rukovoditeli", "Классным руководителям"), ("yunarmiya", "Юнармия"), ("rdd", "Российское движение детей и молодёжи")]),
    ("dop-obrazovanie", "Дополнительное образование", [
        ("kruzhki", "Кружки и секции"), ("navigator", "Навигатор дополнительного образования"),
        ("sertifikaty", "Сертификаты ПФДО"), ("tochka-rosta", "Центр «Точка роста»"), ("it-cub", "IT-куб")]),
    ("bezopasnost", "Комплексная безопасность", [
        ("antiterror", "Антитеррористическая безопасность"), ("pozharnaya", "Пожарная безопасность"),
        ("pdd", "Безопасность дорожного движения"), ("informacionnaya", "Информационная безопасность"),
        ("antikorrupciya", "Противодействие коррупции"), ("ohrana-truda", "Охрана труда")]),
    ("fgos", "Обновлённые ФГОС", [
        ("noo", "ФГОС НОО"), ("ooo", "ФГОС ООО"), ("soo", "ФГОС СОО"), ("fop", "Федеральные образовательные программы"),
        ("funkcionalnaya-gramotnost", "Функциональная грамотность")]),
    ("gia", "Государственная итоговая аттестация", [
        ("oge", "ОГЭ"), ("ege", "ЕГЭ"), ("itogovoe-sochinenie", "Итоговое сочинение"), ("itogovoe-sobesedovanie", "Итоговое собеседование"),
        ("vpr", "Всероссийские проверочные работы")]),
    ("novosti", "Новости", []),
    ("obrashcheniya", "Обращения граждан", [("priem", "Приём граждан"), ("faq", "Часто задаваемые вопросы")]),
    ("kontakty", "Контакты", []),
]

FOOTER_LINKS = [
    ("http://edu.bench.test/", "Министерство просвещения Российской Федерации"),
    ("http://obrnadzor.bench.test/", "Федеральная служба по надзору в сфере образования и науки"),
    ("http://depobr.bench.test/", "Департамент образования и науки автономного округа"),
    ("http://adm.bench.test/", "Администрация города"),
    ("http://gosuslugi.bench.test/", "Портал государственных услуг"),
    ("http://bus.bench.test/", "Официальный сайт для размещения информации о государственных и муниципальных учреждениях"),
]

METRIKA = """<script type="text/javascript">
   (function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
   m[i].l=1*new Date();
   for (var j = 0; j < document.scripts.length; j++) {if (document.scripts[j].src === r) { return; }}
   k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
   (window, document, "script", "/static/tag.js", "ym");
   ym(%d, "init", { clickmap:true, trackLinks:true, accurateTrackBounce:true, webvisor:true });
</script>
<noscript><div><img src="/static/watch/%d.gif" style="position:absolute; left:-9999px;" alt=""></div></noscript>
"""

BVI = """<script>
window.bviSettings = {target: '.bvi-open', fontSize: 16, theme: 'white', images: 'grayscale', letterSpacing: 'normal',
  lineHeight: 'normal', speech: true, fontFamily: 'arial', builtElements: false, panelFixed: true, panelHide: false,
  reload: false, lang: 'ru-RU'};
document.addEventListener('DOMContentLoaded', function () { if (window.isvek) { new isvek.Bvi(window.bviSettings); } });
</script>
"""


def esc_js(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("</", "<\\/")


# --- the three CMS templates --------------------------------------------------

class Template:
    """One CMS family: its paths, its menu markup, its document list markup."""

    def __init__(self, name, section_path, doc_dir, head_css, body_cls):
        self.name = name
        self.section_path = section_path      # the section, a directory ending in /
        self.doc_dir = doc_dir                # below the section
        self.head_css = head_css
        self.body_cls = body_cls


GOSWEB = Template("gosweb", "/pedagogam-i-sotrudnikam/nastavnichestvo/", "documents/",
                  '<link rel="stylesheet" href="/static/gosweb/css/template.css?v=2.14.3">\n'
                  '<script src="/static/gosweb/js/bundle.js?v=2.14.3" defer></script>\n', "gw-body")
BITRIX = Template("bitrix", "/pedagogam/nastavnichestvo/", "upload/iblock/",
                  '<link href="/bitrix/cache/css/s1/school/template_5f1c2a.css" type="text/css" rel="stylesheet" />\n'
                  '<script type="text/javascript" src="/bitrix/js/main/core/core.js"></script>\n', "bx-body")
JOOMLA = Template("joomla", "/nastavnichestvo/", "files/",
                  '<link rel="stylesheet" href="/templates/school/css/template.css">\n'
                  '<script src="/media/jui/js/jquery.min.js"></script>\n', "site com_content view-article")
TEMPLATES = [GOSWEB, GOSWEB, BITRIX, JOOMLA]   # Госвеб is the most common platform


def section_href(t, top, sub):
    if sub == "NASTAVNICHESTVO":
        return t.section_path
    if t is JOOMLA:
        return "/%s/%s" % (top, sub) if sub else "/%s" % top
    return "/%s/%s/" % (top, sub) if sub else "/%s/" % top


def render_menu_chunk(t, top, title, subs, sub_pages):
    """One top-level menu entry with its submenu (and a third level for some)."""
    out = []
    if t is GOSWEB:
        out.append('  <li class="gw-menu__item%s"><a class="gw-menu__link" href="%s">%s</a>\n'
                   % (" gw-menu__item--has-children" if subs else "", section_href(t, top, ""), title))
        if subs:
            out.append('<ul class="gw-submenu">\n')
            for slug, text in subs:
                out.append('    <li class="gw-menu__item"><a class="gw-menu__link" href="%s">%s</a>\n'
                           % (section_href(t, top, slug), text))
                if slug == "NASTAVNICHESTVO" and sub_pages:
                    out.append('<ul class="gw-submenu">\n')
                    for href, text2 in sub_pages:
                        out.append('      <li class="gw-menu__item"><a class="gw-menu__link" href="%s">%s</a></li>\n' % (href, text2))
                    out.append('</ul>\n')
                elif len(subs) > 6 and slug in ("metodicheskaya-rabota", "gia", "kruzhki", "antiterror"):
                    out.append('<ul class="gw-submenu">\n')
                    for k in range(1, 5):
                        out.append('      <li class="gw-menu__item"><a class="gw-menu__link" href="%s%d/">%s: раздел %d</a></li>\n'
                                   % (section_href(t, top, slug), k, text, k))
                    out.append('</ul>\n')
                out.append('</li>\n')
            out.append('</ul>\n')
        out.append('</li>\n')
    elif t is BITRIX:
        out.append('\t<li class="root-item%s"><a href="%s" class="root-item">%s</a>\n'
                   % ("-selected" if top == "pedagogam" else "", section_href(t, top, ""), title))
        if subs:
            out.append('\t\t<ul>\n')
            for slug, text in subs:
                out.append('\t\t\t<li><a href="%s">%s</a></li>\n' % (section_href(t, top, slug), text))
                if slug == "NASTAVNICHESTVO":
                    for href, text2 in sub_pages:
                        out.append('\t\t\t<li class="item-level-3"><a href="%s">%s</a></li>\n' % (href, text2))
            out.append('\t\t</ul>\n')
        out.append('\t</li>\n')
    else:
        out.append('<li class="item-%d deeper parent"><a href="%s">%s</a>' % (len(title), section_href(t, top, ""), title))
        if subs:
            out.append('<ul class="nav-child unstyled small">')
            for slug, text in subs:
                out.append('<li class="item-%d"><a href="%s">%s</a></li>' % (len(text), section_href(t, top, slug), text))
                if slug == "NASTAVNICHESTVO":
                    for href, text2 in sub_pages:
                        out.append('<li class="item-sub"><a href="%s">%s</a></li>' % (href, text2))
            out.append('</ul>')
        out.append('</li>\n')
    return "".join(out)


def render_menu(t, rng, sub_pages):
    sections = list(MENU_SECTIONS)
    # Every site has the first five sections (mentorship lives under the fifth); others vary.
    keep = sections[:5] + [s for s in sections[5:] if rng.random() < 0.75]
    if t is BITRIX:
        keep = [("pedagogam" if top == "pedagogam-i-sotrudnikam" else top, title, subs) for top, title, subs in keep]
    body = "".join(render_menu_chunk(t, top, title, subs, sub_pages) for top, title, subs in keep)
    if t is GOSWEB:
        return ('  <nav class="gw-header__nav container" aria-label="Главное меню">\n<ul class="gw-menu">\n'
                + body + '</ul>\n  </nav>\n')
    if t is BITRIX:
        return '  <div class="top-menu">\n    <ul id="horizontal-multilevel-menu">\n' + body + '    </ul>\n  </div>\n'
    return '<nav class="navigation" role="navigation"><ul class="nav menu mod-list">\n' + body + '</ul></nav>\n'


def news_card(t, i, title, lead, day):
    date = "%02d.%02d.2026" % (1 + day % 28, 1 + day % 11)
    if t is GOSWEB:
        return ('<div class="gw-news-card"><a class="gw-news-card__img" href="/novosti/%d/"><img src="/netcat_files/news/%d.jpg" alt="%s" loading="lazy"></a>'
                '<div class="gw-news-card__date">%s</div><a class="gw-news-card__title" href="/novosti/%d/">%s</a>'
                '<p class="gw-news-card__lead">%s</p><div class="gw-news-card__tags"><a href="/novosti/?tag=%d">Новости школы</a></div></div>\n'
                % (i, i, title, date, i, title, lead, i % 17))
    if t is BITRIX:
        return ('<div class="news-item" id="bx_3218110189_%d"><span class="news-date-time">%s</span>'
                '<a href="/nasha-shkola/novosti/%d/"><b>%s</b></a><br />%s'
                '<div style="clear:both"></div></div>\n' % (i, date, i, title, lead))
    return ('<div class="items-row"><div class="item"><h2 class="item-title"><a href="/novosti/%d">%s</a></h2>'
            '<dd class="published">Опубликовано: %s</dd><p>%s</p><p class="readmore"><a class="btn" href="/novosti/%d">Подробнее…</a></p></div></div>\n'
            % (i, title, date, lead, i))


def build_news_pool(t, base_rng):
    pool = []
    for i in range(400):
        title = NEWS_TITLES[base_rng.randrange(len(NEWS_TITLES))]
        lead = " ".join(base_rng.sample(NEWS_LEADS, 2))
        pool.append(news_card(t, 1000 + i, title, lead, i))
    return pool


def build_script_pool(base_rng):
    """JSON records of a CMS state blob: menus, news teasers, widget settings."""
    recs = []
    for i in range(600):
        top = MENU_SECTIONS[i % len(MENU_SECTIONS)]
        title = NEWS_TITLES[base_rng.randrange(len(NEWS_TITLES))]
        recs.append('{"id":%d,"type":"%s","title":"%s","url":"/%s/%d/","lead":"%s","views":%d,"published":%s,"tags":["%s","%s"]}'
                    % (i, "news" if i % 3 else "menu", esc_js(title), top[0], i,
                       esc_js(NEWS_LEADS[i % len(NEWS_LEADS)]), base_rng.randrange(20, 5000),
                       "true" if i % 7 else "false", esc_js(top[1]), esc_js(TOWNS[i % len(TOWNS)])))
    return recs


# --- documents -----------------------------------------------------------------

def school_names(i, rng):
    kind_full, kind_short = KINDS[rng.randrange(len(KINDS))]
    num = 1 + (i * 7919) % 250
    ty_full, ty_short = SCHOOL_TYPES[rng.randrange(len(SCHOOL_TYPES))]
    full = "%s %s%s" % (kind_full, ty_full.format(n=num), HONOURS[rng.randrange(len(HONOURS))])
    short = "%s %s" % (kind_short, ty_short.format(n=num))
    return full, short


def person(rng):
    return "%s %s%s" % (rng.choice(SURNAMES), rng.choice(INITIALS), rng.choice(INITIALS))


def date_in(rng, year, month_lo, month_hi):
    return "%02d.%02d.%d" % (rng.randint(1, 28), rng.randint(month_lo, month_hi), year)


def documents_for(i, rng, short, t):
    """The organisation's documents: (kind, title, file name, where) in page order."""
    docs = []
    have = {k: rng.random() < 0.88 for k in ("order", "regulation", "roadmap", "pair_orders", "programs")}
    n_target = rng.randint(5, 15)
    num = rng.randint(100, 499)

    if have["order"]:
        v = rng.randrange(3)
        d = date_in(rng, rng.choice([2022, 2023, 2024]), 8, 9)
        title = ["Приказ от %s № %d-од «О внедрении системы (целевой модели) наставничества педагогических работников в %s»" % (d, num, short),
                 "Приказ о внедрении целевой модели наставничества от %s № %d" % (d, num),
                 "Приказ «Об организации наставничества педагогических работников» от %s № %d-о" % (d, num)][v]
        docs.append(("order", title, "Prikaz_o_vnedrenii_celevoy_modeli_nastavnichestva_%d" % num, "section"))
    if have["regulation"]:
        v = rng.randrange(3)
        title = ["Положение о системе наставничества педагогических работников %s" % short,
                 "Положение о наставничестве",
                 "Положение о целевой модели наставничества в %s" % short][v]
        docs.append(("regulation", title, "Polozhenie_o_nastavnichestve", "section"))
    if have["roadmap"]:
        v = rng.randrange(3)
        title = ["Дорожная карта внедрения системы (целевой модели) наставничества педагогических работников на 2024-2027 гг.",
                 "Дорожная карта (план мероприятий) по реализации целевой модели наставничества на 2026-2027 учебный год",
                 "Дорожная карта"][v]
        docs.append(("roadmap", title, "Dorozhnaya_karta_%d" % v, "section"))
    stale_pairs = rng.random() < 0.3
    if stale_pairs:
        d = date_in(rng, 2025, 9, 9)
        docs.append(("stale", "Приказ от %s № %d-од «О закреплении наставнических пар на 2025-2026 учебный год»" % (d, num - 50),
                     "Prikaz_o_zakreplenii_nastavnicheskih_par_2025-2026", "section"))
    if have["pair_orders"]:
        v = rng.randrange(2)
        d = date_in(rng, 2026, 9, 9)
        title = ["Приказ от %s № %d-од «О закреплении наставнических пар на 2026-2027 учебный год»" % (d, num + 60),
                 "Приказ о закреплении наставнических пар на 2026-2027 учебный год"][v]
        docs.append(("pair_orders", title, "Prikaz_o_zakreplenii_nastavnicheskih_par_2026-2027", "section"))
    if have["programs"]:
        for subj, subj_tr in rng.sample(SUBJECTS, rng.randint(1, 3)):
            docs.append(("programs", "Персонализированная программа наставничества (учитель %s) на 2026-2027 учебный год" % subj,
                         "Personalizirovannaya_programma_%s" % subj_tr, "programs"))
    extras = [
        ("higher", "Распоряжение Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся»",
         "http://docs.bench.test/minpros/R-145.pdf"),
        ("higher", "Письмо Минпросвещения России от 21.12.2021 № АЗ-1128/08 «О направлении методических рекомендаций по разработке и внедрению системы (целевой модели) наставничества педагогических работников в образовательных организациях»",
         "http://docs.bench.test/minpros/AZ-1128.pdf"),
        ("higher", "Приказ Департамента образования и науки автономного округа от 25.03.2022 № 10-П-411 «О внедрении и реализации системы (целевой модели) наставничества педагогических работников»",
         "http://docs.bench.test/depobr/10-P-411.pdf"),
        ("higher", "Приказ департамента образования администрации города от 23.08.2024 № 548-п «Об организации работы в рамках реализации муниципальной целевой модели наставничества»",
         "http://docs.bench.test/gorod/548-p.pdf"),
        ("other", "Отчёт о работе наставников за 2025-2026 учебный год", "Otchet_nastavnikov_2025-2026"),
        ("other", "Анкета удовлетворённости участников программы наставничества", "Anketa_nastavnichestvo"),
        ("other", "Приказ об утверждении состава методического совета на 2026-2027 учебный год", "Prikaz_metodsovet"),
        ("other", "Банк лучших практик наставничества", "Bank_praktik"),
    ]
    rng.shuffle(extras)
    normative = []
    own_extra = []
    for kind, title, f in extras:
        if len(docs) + len(normative) + len(own_extra) >= n_target:
            break
        if kind == "higher":
            normative.append((kind, title, f, "section"))
        else:
            own_extra.append((kind, title, f, "section"))
    return normative + docs + own_extra


def doc_url(t, rng, sec, fname, i, k, ext="pdf"):
    if t is BITRIX:
        h = "%08x%08x%08x%08x" % tuple(rng.getrandbits(32) for _ in range(4))
        return "%s%s%s/%s.%s" % (sec, t.doc_dir, h[:3], h, ext), "%s/%s.%s" % (h[:3], h, ext)
    if t is GOSWEB:
        rel = "%d/%s.%s" % (3000 + k // 4, fname, ext)
        return "%s%s%s" % (sec, t.doc_dir, rel), rel
    rel = "%s.%s" % (fname, ext)
    return "%s%s%s" % (sec, t.doc_dir, rel), rel


def render_docs(t, items):
    """items: (title, href, size_label, posted, type_label)"""
    out = []
    if t is GOSWEB:
        out.append('<div class="gw-documents">\n')
        for title, href, size, posted, typ in items:
            out.append('  <div class="gw-document">\n    <div class="gw-document__icon gw-document__icon--pdf">PDF</div>\n'
                       '    <div class="gw-document__body">\n      <div class="gw-document__name"><a class="gw-document__link" href="%s">%s</a></div>\n'
                       '      <div class="gw-document__meta"><span class="gw-document__size">%s, %s</span><span class="gw-document__date">Дата размещения: %s</span></div>\n'
                       '    </div>\n    <a class="gw-document__download" href="%s" download>Скачать</a>\n  </div>\n'
                       % (href, title, typ, size, posted, href))
        out.append('</div>\n')
    elif t is BITRIX:
        out.append('<table class="data-table" border="1" cellpadding="4">\n<thead><tr><th>№</th><th>Документ</th><th>Файл</th></tr></thead>\n<tbody>\n')
        for n, (title, href, size, posted, typ) in enumerate(items, 1):
            out.append('<tr><td>%d</td><td>%s</td><td><a href="%s" target="_blank">Скачать (%s, %s)</a></td></tr>\n'
                       % (n, title, href, typ, size))
        out.append('</tbody>\n</table>\n')
    else:
        out.append('<ol class="docs">\n')
        for title, href, size, posted, _ in items:
            out.append('<li><a href="%s" target="_blank" title="%s">%s</a> <span class="small">(%s)</span></li>\n'
                       % (href, title.replace('"', "&quot;"), title, size))
        out.append('</ol>\n')
    return "".join(out)


def pdf_blob(n_bytes, k):
    head = ("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n")
    pad = n_bytes - len(head) - 120
    body = ("BT /F1 11 Tf 56 780 Td (bench document %d) Tj ET\n" % k) * max(1, pad // 48)
    tail = "4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n" % (len(body), body)
    return (head + tail).encode("latin-1")


# --- pages ---------------------------------------------------------------------

class Pools:
    def __init__(self, seed):
        base = random.Random("%s:pools" % seed)
        self.news = {t.name: build_news_pool(t, base) for t in (GOSWEB, BITRIX, JOOMLA)}
        self.news_bytes = {k: [len(s.encode()) for s in v] for k, v in self.news.items()}
        self.script = build_script_pool(base)
        self.script_bytes = [len(s.encode()) + 1 for s in self.script]


def page(t, pools, rng, target, org, title, h1, crumbs, menu, content):
    full, short, town, metrika_id = org
    head = ('<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<title>%s</title>\n<meta name="description" content="%s">\n%s<link rel="icon" href="/favicon.ico">\n'
            % (title, full, t.head_css))
    header = ('<body class="%s">\n<div class="bvi-open"><a href="#" data-bvi="open">Версия для слабовидящих</a></div>\n'
              '<header class="header">\n  <a class="logo" href="/"><img src="/static/img/gerb.svg" alt="Герб" width="48" height="56"></a>\n'
              '  <div class="site-title"><a href="/">%s</a></div>\n'
              '  <div class="contacts"><a href="tel:8(3463)23-46-12">8 (3463) 23-46-12</a> <a href="mailto:school@%s.bench.test">school@%s.bench.test</a></div>\n'
              '  <form class="search" action="/search/" method="get"><input type="search" name="q" placeholder="Поиск по сайту"><button type="submit">Найти</button></form>\n'
              % (t.body_cls, full, metrika_id, metrika_id)) + menu + '</header>\n'
    main = ('<main class="main container">\n<div class="breadcrumbs">%s</div>\n<article class="content">\n<h1>%s</h1>\n'
            % (crumbs, h1)) + content + '</article>\n'
    footer = ('<footer class="footer">\n<div class="footer__name">%s</div>\n<div>Адрес: ХМАО – Югра, г. %s</div>\n<ul class="footer__links">\n'
              % (full, town)
              + "".join('<li><a href="%s" target="_blank" rel="noopener">%s</a></li>\n' % x for x in FOOTER_LINKS)
              + '</ul>\n<div class="footer__bottom">© 2011–2026 %s. Все права защищены. <a href="/karta-sayta/">Карта сайта</a></div>\n</footer>\n'
              % short)
    tail_scripts = BVI + (METRIKA % (metrika_id, metrika_id))
    fixed = head + header + main + footer + tail_scripts
    used = len(fixed.encode()) + 200
    remain = max(0, target - used)
    # Half of what is left: news cards in a sidebar (links); half: an inline state blob.
    news_budget = remain // 2
    news = pools.news[t.name]
    nbytes = pools.news_bytes[t.name]
    k = rng.randrange(len(news))
    side = ['<aside class="sidebar"><div class="sidebar__title">Новости</div>\n']
    got = 0
    while got < news_budget:
        side.append(news[k])
        got += nbytes[k]
        k = (k + 1) % len(news)
    side.append('</aside>\n</main>\n')
    script_budget = remain - got
    recs = pools.script
    rb = pools.script_bytes
    k = rng.randrange(len(recs))
    blob = []
    got = 0
    while got < script_budget:
        blob.append(recs[k])
        got += rb[k]
        k = (k + 1) % len(recs)
    state = ('<script>\nwindow.__SITE_STATE__ = {"site":"%s","items":[\n%s\n]};\n</script>\n'
             % (esc_js(short), ",\n".join(blob)))
    return (head + "</head>\n" + header + main + "".join(side) + footer + state + tail_scripts
            + "</body>\n</html>\n")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


class DocPool:
    """bench/docpool.py's files, copied into the corpus, drawn by DOC_MIX."""

    def __init__(self, pool_dir, blob_dir):
        with open(os.path.join(pool_dir, "pool.json"), encoding="utf-8") as fh:
            pool = json.load(fh)["pool"]
        self.files = {}
        for cls, _ in DOC_MIX:
            self.files[cls] = []
            for f in pool[cls]:
                dst = os.path.join(blob_dir, "pool", f["file"])
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(os.path.join(pool_dir, f["file"]), "rb") as src:
                    write(dst, src.read())
                self.files[cls].append((dst, f["ext"], f["bytes"]))
        self.classes = [c for c, _ in DOC_MIX]
        self.weights = [w for _, w in DOC_MIX]

    def draw(self, rng):
        cls = rng.choices(self.classes, self.weights)[0]
        path, ext, size = rng.choice(self.files[cls])
        return cls, path, ext, size


def gen_org(i, seed, out_sites, pools, blobs, stats, docpool=None):
    rng = random.Random("%s:%d" % (seed, i))
    drng = random.Random("%s:%d:docs" % (seed, i))
    host = HOST_FMT.format(i)
    t = TEMPLATES[rng.randrange(len(TEMPLATES))]
    full, short = school_names(i, rng)
    town = rng.choice(TOWNS)
    org = (full, short, town, 10000000 + i)
    sec = t.section_path
    has_sub = rng.random() < 0.25
    sub_path = sec + "programmy/"
    sub_pages = [(sub_path, "Персонализированные программы наставничества")] if has_sub else []
    broken = rng.random() < 0.04

    docs = documents_for(i, rng, short, t)
    root = os.path.join(out_sites, host)
    on_section, on_sub = [], []
    made_dirs = set()
    broken_done = False
    for k, (kind, title, fname, where) in enumerate(docs):
        size_label = "%d Кб" % rng.randint(90, 2400)
        type_label = "PDF"
        posted = date_in(rng, 2026, 9, 10)
        if fname.startswith("http://"):
            href = fname
        else:
            blob, ext = None, "pdf"
            if docpool is not None:
                cls, blob, ext, nbytes = docpool.draw(drng)
                size_label = "%d Кб" % max(1, round(nbytes / KB))
                type_label = ext.upper()
            href, rel = doc_url(t, rng, sec, fname, i, k, ext)
            # A dead link: the page names a document whose file is not there.
            if broken and not broken_done and kind in ("regulation", "roadmap", "order"):
                broken_done = True
                stats["dead_links"] += 1
            else:
                path = os.path.join(root, href.lstrip("/"))
                d = os.path.dirname(path)
                if d not in made_dirs:
                    os.makedirs(d, exist_ok=True)
                    made_dirs.add(d)
                # The synthetic PDF drawn as without --docs-pool, so that the pages stay the same.
                synthetic = blobs[rng.randrange(len(blobs))]
                os.link(synthetic if docpool is None else blob, path)
                stats["documents"] += 1
                if docpool is not None:
                    stats["document_classes"][cls] = stats["document_classes"].get(cls, 0) + 1
                    stats["document_bytes"] += nbytes
        item = (title, href, size_label, posted, type_label)
        (on_sub if (where == "programs" and has_sub) else on_section).append(item)
    stats["doc_links"] += len(docs)

    menu = render_menu(t, rng, sub_pages)
    intro = ('<div class="text">\n<p>В %s с 2022 года реализуется система (целевая модель) наставничества педагогических работников. '
             'Цель наставничества — успешное закрепление на месте работы молодых специалистов и педагогов, пришедших в школу, '
             'повышение их профессионального потенциала и уровня.</p>\n<p><b>Куратор реализации программ наставничества:</b> %s, '
             'заместитель директора по научно-методической работе, тел. 8 (3463) 23-46-15.</p>\n</div>\n' % (short, person(rng)))
    pairs = "".join('<tr><td>%s</td><td>учитель %s</td><td>%s</td><td>опытный педагог – молодой специалист</td></tr>\n'
                    % (person(rng), rng.choice(SUBJECTS)[0], person(rng)) for _ in range(rng.randint(2, 6)))
    content = (intro + '<h2>Документы</h2>\n' + render_docs(t, on_section)
               + ('<p><a href="%s">Персонализированные программы наставничества</a></p>\n' % sub_path if has_sub else "")
               + '<h2>База наставников и наставляемых</h2>\n<table class="table-mentors"><thead><tr><th>Наставник</th><th>Должность</th>'
               '<th>Наставляемый</th><th>Форма наставничества</th></tr></thead><tbody>\n' + pairs + '</tbody></table>\n')
    crumbs = '<a href="/">Главная</a> / <a href="%s">Педагогам и сотрудникам</a> / <span>Наставничество</span>' % (
        "/pedagogam/" if t is BITRIX else "/pedagogam-i-sotrudnikam/")
    sizes = []

    def emit(rel_dir, html):
        d = os.path.join(root, rel_dir.lstrip("/"))
        os.makedirs(d, exist_ok=True)
        data = html.encode()
        write(os.path.join(d, "index.html"), data)
        sizes.append(len(data))

    emit(sec, page(t, pools, rng, rng.randint(PAGE_MIN, PAGE_MAX), org, "Наставничество | %s" % short,
                   "Наставничество", crumbs, menu, content))
    if has_sub:
        emit(sub_path, page(t, pools, rng, rng.randint(PAGE_MIN, PAGE_MAX), org,
                            "Персонализированные программы наставничества | %s" % short,
                            "Персонализированные программы наставничества", crumbs, menu,
                            '<p>Программы на 2026-2027 учебный год.</p>\n' + render_docs(t, on_sub)))
    home_content = ('<div class="slider"><a href="/novosti/"><img src="/static/img/slide1.jpg" alt="Новости"></a></div>\n'
                    '<div class="banners"><a href="%s">Наставничество</a> <a href="/sveden/">Сведения об образовательной организации</a> '
                    '<a href="/roditelyam/priem-v-1-klass/">Приём в 1 класс</a></div>\n' % sec)
    emit("/", page(t, pools, rng, rng.randint(PAGE_MIN, PAGE_MAX), org, short, full, "", menu, home_content))
    stats["pages"] += len(sizes)
    stats["page_bytes"] += sum(sizes)
    stats["subpages"] += 1 if has_sub else 0
    stats["templates"][t.name] = stats["templates"].get(t.name, 0) + 1
    return host, full, "http://%s%s" % (host, sec)


def csv_field(s):
    if any(c in s for c in ',"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", default="7")
    ap.add_argument("--docs-pool", help="bench/docpool.py's directory: real documents instead of synthetic PDFs")
    args = ap.parse_args()
    if args.n < 1 or args.n > 99999:
        sys.exit("gen.py: --n must be 1..99999")
    sites = os.path.join(args.out, "sites")
    blob_dir = os.path.join(args.out, "blobs")
    os.makedirs(sites, exist_ok=True)
    os.makedirs(blob_dir, exist_ok=True)
    blobs = []
    for k, size in enumerate((3 * KB, 6 * KB, 11 * KB, 17 * KB, 24 * KB, 38 * KB)):
        p = os.path.join(blob_dir, "doc%d.pdf" % k)
        write(p, pdf_blob(size, k))
        blobs.append(p)
    pools = Pools(args.seed)
    docpool = DocPool(args.docs_pool, blob_dir) if args.docs_pool else None
    stats = {"orgs": args.n, "pages": 0, "page_bytes": 0, "subpages": 0, "documents": 0,
             "doc_links": 0, "dead_links": 0, "templates": {}}
    if docpool:
        stats.update({"docs_pool": os.path.abspath(args.docs_pool), "document_classes": {}, "document_bytes": 0})
    rows = []
    for i in range(1, args.n + 1):
        rows.append(gen_org(i, args.seed, sites, pools, blobs, stats, docpool))
    with open(os.path.join(args.out, "registry.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("id,name,url\r\n")
        for i, (host, name, url) in enumerate(rows, 1):
            f.write("%d,%s,%s\r\n" % (i, csv_field(name), url))
    with open(os.path.join(args.out, "urls.txt"), "w") as f:
        f.writelines(url + "\n" for _, _, url in rows)
    stats["mean_page_kb"] = round(stats["page_bytes"] / max(1, stats["pages"]) / KB, 1)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(stats, f, indent=1, ensure_ascii=False)
    print("gen: %d organisations, %d pages (mean %.1f KB), %d documents, %d dead links -> %s"
          % (args.n, stats["pages"], stats["mean_page_kb"], stats["documents"], stats["dead_links"], args.out))


if __name__ == "__main__":
    main()
