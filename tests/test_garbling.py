"""Garbling family (G101-G107): construction patterns, foreign fragments, spintax, the
statistical paragraph score, repetition loops and model-token leftovers. Fixtures are invented text."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from corpus_lint.documents.document import Document
from corpus_lint.documents.sourcemap import TextSourceMap
from corpus_lint.plugins.garbling.analysis import (analyse, analyse_many, english_analyses,
                                                  paragraph_analyses)
from corpus_lint.plugins.garbling.artefacts import ModelTokenLeftover, RepetitionLoop, Spintax
from corpus_lint.plugins.garbling.constructions import find_constructions, load_constructions
from corpus_lint.plugins.garbling.language import ForeignFragment, GarbledConstruction
from corpus_lint.plugins.garbling.leftovers import lowercase_unknown
from corpus_lint.plugins.garbling.model import load_model, load_vocabulary, ngram_code
from corpus_lint.plugins.garbling.statistical import GarbledDocument, ImprobableSequence
from corpus_lint.plugins.garbling.tokens import TOKEN, normalise, skeleton_ngrams, word_class

HERE = FIXTURES / "garbling"
ROOT = Path(__file__).resolve().parents[1]


def doc(text: str) -> Document:
    return Document(path="t.txt", text=text, source_map=TextSourceMap(text))


def codes(result, prefix="G"):
    return sorted((f["code"], f["line"]) for f in result.findings(prefix))


def test_construction_data_is_well_formed():
    patterns, orphans = load_constructions()
    assert len(patterns) >= 10 and orphans
    ids = [p[0] for p in patterns] + [o[0] for o in orphans]
    assert len(ids) == len(set(ids))
    for cid, pattern, explain, weight, needs in patterns:
        assert re.fullmatch(r"[a-z][a-z0-9-]+", cid) and explain and 0 < weight <= 1
        assert all(n == n.lower() for n in needs[0] + needs[1]), f"{cid}: needs must be lower case"


@pytest.mark.parametrize("text, expected", [
    ("It happened just in last week in the capital.", "missing-article-last"),
    ("The rebels, that whose lines never moved, held on.", "stacked-relative"),
    ("He weighed the pros and cons who supported him.", "idiom-as-noun"),
    ("The results were more better than before.", "double-comparative"),
    ("Prices rose in the north than new high levels of demand.", "orphan-than"),
    ("The data was as follows: the north than new high levels.", "orphan-than"),
    ("> as seen before. Prices rose in the north than new high levels.", "orphan-than"),
    # a sentence ended by an initialism: the next one's "than" is still judged on its own
    ("Exports went to the U.S. Prices rose in the north than new high levels.", "orphan-than"),
    ("Several country has signed the treaty this year.", "several-singular"),
    ("Although the talks failed, but the leaders met again.", "although-but"),
])
def test_constructions_are_found(text, expected):
    assert expected in [hit[0] for hit in find_constructions(text)]


@pytest.mark.parametrize("text", [
    "Sales fell by the end of last year, the company said.",
    "In last year's report the figures were higher.",
    "Prices were higher in the north than in the south.",
    "Growth was faster this quarter than analysts had forecast.",
    "Rather than wait, the team moved on.",
    "She did everything she could to help them.",
    # a reply's quote markers: the sentence goes on over them
    "They are much more\n: > likely to fail than the others, he wrote.",
    # a paragraph that opens mid-sentence: its comparative came before the cut
    "> found in the membranes than anywhere else. Doctors agree on that.",
    "Ministers of various member\nstates met, and many company officials came.",
    # an initialism's or an abbreviation's full stop ends no sentence
    "There were more cases of malaria in the U.S. in 1992 than in any year since.",
    "He may be better suited to getting the U.S. Economy on track than Volcker.",
    "I'd much rather see them in the finals vs. Pitt than Buffalo.",
    "It is far better suited, e.g. for travel, than the older one.",
    # native usage the patterns once took for non-native constructions
    "As always, any help on the project is very appreciated.",
    "If accepted, they will embark on a several month journey to finish it.",
    "Employment is the ideal setup (though by no means for everyone), but we cannot offer it.",
    "Though it would be nice, I doubt it, but we will see.",
    # "as though" compares: it pairs with no "but"
    "It was as though he had made a pact with the devil himself, but it was not yet time.",
    # a "but" sharing the sentence's first subject, not a calque's second clause
    "He said gilts trading made a profit although its securities activities did not, but "
    "would give no further details.",
    # "more" counting, and the noun "a must"
    "Police found that at least four\nmore smaller machines had been sold.",
    "For Brazil it is a must to recover its annual trade surplus.",
    "Siemens Informations Systems Inc. has raised its stake in the company.",
])
def test_ordinary_english_has_no_construction(text):
    assert [hit for hit in find_constructions(text) if hit[4] >= 1] == []


def test_needs_prefilter_does_not_change_matches():
    """Every pattern hit on these sentences is also found when the pre-filter is ignored."""
    patterns, _ = load_constructions()
    for text in ["Just in last week, that whose pros and cons who came.",
                 "They discussed about the plan and would to go, because it rained, so the game stopped.",
                 "He could went home, they is happy, we has many information and several country.",
                 "It made them to agree; the results are more better; every countries agreed.",
                 "The problems were exist and a the plan failed; much people came."]:
        low = normalise(text).lower()
        for cid, pattern, _, _, needs in patterns:
            if pattern.search(normalise(text)):
                for group in needs:
                    assert not group or any(n in low for n in group), cid


def test_g101_reports_the_garbled_paragraph_only():
    result = run_cli("check", "--format", "json", "--select", "G", HERE / "garbled.txt",
                     HERE / "clean.txt")
    found = codes(result)
    assert ("G101", 3) in found
    assert all(f["path"].endswith("garbled.txt") for f in result.findings("G"))
    message = next(f for f in result.findings("G101"))["message"]
    assert "that whose" in message and "score" in message.lower()


def test_g101_min_weight_parameter():
    text = "It happened in a the town hall, said the mayor on Tuesday evening.\n"
    assert list(GarbledConstruction().check(doc(text))) == []  # weight 0.5 < 1
    assert list(GarbledConstruction({"min-weight": 0.5}).check(doc(text)))


def test_g101_one_learners_error_is_not_reported_two_are_and_a_calque_is():
    """A forum post's "informations" alone is a second-language writer's slip, not MT;
    two such errors in a paragraph, or one calque of the source's structure, are reported."""
    rule = GarbledConstruction()
    one = "I would be glad for any informations on the new drivers, thanks in advance.\n"
    assert list(rule.check(doc(one))) == []
    two = ("We discussed about the informations in the report and decided to wait for "
           "the board.\n")
    assert [f.properties["constructions"] for f in rule.check(doc(two))] == [
        ["discuss-about", "quantifier-plural"]]
    calque = ("Although the factory was closed for repairs, but the workers still came to "
              "the gate every morning.\n")
    assert list(rule.check(doc(calque)))


def test_g101_one_construction_twice_is_one_slip():
    """A character's dialect repeats its one nonstandard form ("we was ... we was"): one
    habit, weighed once; two different slips are still two."""
    rule = GarbledConstruction()
    dialect = ("We was all there when the boat come in, and we was glad to see it, for the "
               "river had been up all week.\n")
    assert list(rule.check(doc(dialect))) == []
    two = ("We discussed about the weather while they was waiting for the boat to come in "
           "from the river.\n")
    assert [f.properties["constructions"] for f in rule.check(doc(two))] == [
        ["discuss-about", "plural-subject-singular-verb"]]


def test_g101_a_weak_paragraph_is_reported_only_when_the_document_confirms_it():
    """An orphan "than" alone is a fluent writer's slip ("as well known for his brushes
    with the law than his music"); in a document whose other paragraph is garbled it is
    reported, pointing at that paragraph."""
    rule = GarbledConstruction()
    slip = ("Morrison, who is as well known for his brushes with the law than his music "
            "career, rose to fame with a single in 1996.\n")
    assert list(rule.check(doc(slip))) == []
    garbled = ("Just in last week, the offensive of the opposition forces pros and cons who "
               "had fought, that whose battle lines never stopped.\n")
    found = list(rule.check(doc(slip + "\n" + garbled)))
    assert [f.region.start_line for f in found] == [1, 3]
    assert "confirmed by the constructions at line 3" in found[0].message
    assert [r.region.start_line for r in found[0].related] == [3] and not found[1].related
    off = GarbledConstruction({"confirmed-weight": 0})
    assert [f.region.start_line for f in off.check(doc(slip + "\n" + garbled))] == [3]


def test_g102_foreign_script_leftover_but_not_a_gloss():
    result = run_cli("check", "--format", "json", "--select", "G102", HERE / "foreign.txt")
    found = result.findings("G102")
    assert [f["line"] for f in found] == [1]
    assert "工厂" in found[0]["message"]


def test_g102_a_name_followed_by_its_romanisation_is_no_leftover():
    from corpus_lint.plugins.garbling.leftovers import foreign_fragments

    tail = " fixed the packaging of the library for the new release of the distribution."
    assert foreign_fragments("Ahmed El-Mahmoudy (أحمد المحمودي)" + tail) == []  # a gloss
    assert foreign_fragments("أحمد المحمودي (Ahmed El-Mahmoudy)" + tail) == []
    assert foreign_fragments("The maintainer أحمد المحمودي" + tail)
    # a bracket that is not a name in Latin letters keeps the run a leftover
    assert foreign_fragments("The maintainer أحمد المحمودي (who lives in Cairo)" + tail)


def test_g102_transliterated_words():
    text = ("The king oversaw the campaign to bind his brothers vimsen and arjuno to the roots, "
            "and the pudding king gave dakhaqaddi to the goddess tamrak in the valley.\n")
    found = list(ForeignFragment().check(doc(text)))
    assert found and "vimsen" in found[0].message
    # misspellings of English words are not transliterations
    assert not lowercase_unknown("the priests retruned to their intellecutal work".split(),
                                   load_vocabulary())


def test_g102_chemistry_and_medicine_build_english_words_the_list_lacks():
    """A drug's or a process's name ("diphenhydramine", "hydrodealkylation") is English
    word formation; a long transliteration ("thiruvananthapuram", "charitamarajikannan")
    is not."""
    vocabulary = load_vocabulary()
    tokens = ("the syrup held chlorpheniramine and diphenhydramine while the plant ran "
              "hydrodealkylation on dideoxynucleosides after an appendectomy").split()
    assert lowercase_unknown(tokens, vocabulary) == []
    # a medicine leaflet: drug names (INN stems), excipients (chemical group names)
    tokens = ("each tablet holds nifedipine or salbutamol with povidone magnesium stearate "
              "hydroxypropylcellulose and beclomethasone dipropionate").split()
    assert lowercase_unknown(tokens, vocabulary) == []
    tokens = "the temple at thiruvananthapuram honoured charitamarajikannan".split()
    assert lowercase_unknown(tokens, vocabulary) == ["thiruvananthapuram",
                                                     "charitamarajikannan"]
    # derivations whose stem lost its "e" (iodine), tumours, -cide, -oid, -ogen
    tokens = ("thyroid iodination and organification were iodinated in the carcinomas "
              "neuroblastoma and fibroids treated with rodenticide and cannabinoids "
              "as carcinogen").split()
    assert lowercase_unknown(tokens, vocabulary) == []
    # ... but Nepali's "-koma" is no tumour
    assert lowercase_unknown("they said bhanekoma again".split(), vocabulary) == ["bhanekoma"]


def test_g102_speech_spelled_as_fiction_spells_it_is_english():
    """Eye dialect: "-ing" without its "g" (the apostrophe after it is no letter) and the
    regular past of an irregular verb are English words, as Huckleberry Finn's and
    Dracula's dialogue writes them; a transliteration ending so is still one."""
    vocabulary = load_vocabulary()
    tokens = "i was sittin there goin on and lookin round and nobody knowed it".split()
    assert lowercase_unknown(tokens, vocabulary) == []
    assert lowercase_unknown("the villagers said chhain again".split(), vocabulary) == [
        "chhain"]


def test_g102_phrases_english_borrows_whole_are_not_transliterations():
    """'in vitro', 'de novo', 'inter alia', 'bona fide', "raison d'etre", 'vis-a-vis'
    (rules/garbling/loan-phrases.toml) are English usage; their words outside the phrase
    are still judged."""
    vocabulary = load_vocabulary()
    borrowed = TOKEN.findall("Cells grown in vitro and tested in situ showed de novo growth, "
                             "inter alia, a bona fide effect (ibid), the raison d'etre of "
                             "the trial vis-a-vis the others.")
    assert lowercase_unknown(borrowed, vocabulary) == []
    alone = TOKEN.findall("They went to kathmandu where novo and alia were sold.")
    assert lowercase_unknown(alone, vocabulary) == ["novo", "alia"]


def test_g102_short_typing_slips_are_not_transliterations_but_short_lookalikes_are():
    """Under seven letters, a held-down key ("neeeds", "sloooow") and two function words
    run together ("onthe", "butit") are typing; a short transliteration one swap or one
    glued function word away from English ("pani", "jaat", "rana") still counts."""
    vocabulary = load_vocabulary()
    tokens = "it neeeds work and is sloooow onthe whole butit runs".split()
    assert lowercase_unknown(tokens, vocabulary) == []
    tokens = "the pani of jaat and rana were sent to gotra".split()
    assert lowercase_unknown(tokens, vocabulary) == ["pani", "jaat", "rana", "gotra"]


def test_g102_in_a_paragraph_without_capitals_names_do_not_stand_out():
    """Typed all in lower case (or all in capitals), a paragraph's names look like any word:
    unknown words there are no sign of a transliteration."""
    text = ("The king oversaw the campaign to bind his brothers vimsen and arjuno to the roots, "
            "and the pudding king gave dakhaqaddi to the goddess tamrak in the valley.")
    assert list(ForeignFragment().check(doc(text.lower() + "\n"))) == []
    assert list(ForeignFragment().check(doc(text.upper() + "\n"))) == []
    assert list(ForeignFragment().check(doc(text + "\n")))


def test_g102_identifiers_of_technical_writing_are_not_transliterations():
    """Words seen only in code, options, paths or link targets, or also inside an address
    (a handle linked to its profile), are identifiers; fenced code is not prose at all."""
    prose = ("The king oversaw the campaign to bind his brothers vimsen and arjuno to the "
             "roots, and the pudding king gave dakhaqaddi to the goddess tamrak there.")
    technical = [
        "Build it from the repository with ./configure --with-vimsen=arjuno and then run "
        "`dakhaqaddi --tamrak` to install the tools for the whole team at once.",
        "The maintainers are [vimsen](https://example.org/vimsen), "
        "[arjuno](https://example.org/arjuno) and [tamrak](https://example.org/tamrak), "
        "who review every change.",
        "See the [setup guide][] and [`.fork()`][] for the details.\n"
        "[setup guide]: guide.md#vimsenarjuno\n[`.fork()`]: #dakhaqadditamrak",
        "The work was done by [Ana Lopes][vimsen], [Jo Kim][arjuno] and "
        "[Tom Ellis][dakhaqaddi], with help from [Ines Marlow][tamrak].",
        "```\nThe king gave vimsen and arjuno and dakhaqaddi to the goddess tamrak there.\n```",
    ]
    for text in technical:
        assert list(ForeignFragment().check(doc(text + "\n"))) == [], text
    # the same words in running prose beside such code are still leftovers
    found = list(ForeignFragment().check(doc(prose + " Run `make` first.\n")))
    assert found and "vimsen" in found[0].message


def test_g102_british_spellings_are_english_words():
    """The shipped word list is American: colour, centre, labour, cheque are not leftovers."""
    text = ("The old centre of the labour movement honoured the colour of its banners, and a "
            "cheque for the programme of the theatre was sent to the neighbour in defence.\n")
    assert list(ForeignFragment().check(doc(text))) == []
    from corpus_lint.plugins.garbling.leftovers import british_spelling

    vocabulary = load_vocabulary()
    assert all(british_spelling(w, vocabulary) for w in
               ["colours", "organisation", "manoeuvre", "paediatric", "analyse", "fibre",
                "cancelled", "catalogue", "offence", "favourite"])
    assert not any(british_spelling(w, vocabulary) for w in
                   ["vimsen", "arjuno", "dakhaqaddi", "tamrak", "febres", "alla",
                    "entre", "lettre", "libre", "pollo", "aeternae", "crisis"])


def test_g102_leftovers_spread_over_a_document():
    # one transliteration per paragraph: no paragraph has enough, the document does
    paragraphs = [
        "The temple was built by the king in the old city, and the people call it vimsen to this day.",
        "Every year the farmers bring rice and flowers to the shrine of the goddess tamrak there.",
        "The festival ends when the priests carry the dakhaqaddi through the streets at night.",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    found = list(ForeignFragment().check(doc(text)))
    assert len(found) == 1 and "3 paragraphs" in found[0].message
    assert found[0].properties["transliterations"] == ["dakhaqaddi", "tamrak", "vimsen"]
    assert list(ForeignFragment({"min-document-transliterations": 4}).check(doc(text))) == []
    assert list(ForeignFragment({"min-document-paragraphs": 4}).check(doc(text))) == []
    # one leftover in one paragraph is not enough
    assert list(ForeignFragment().check(doc(paragraphs[0] + "\n"))) == []
    # the same unknown topic word over and over is not a failed translation
    repeated = "\n\n".join(p.replace("vimsen", "zorbix").replace("tamrak", "zorbix")
                            .replace("dakhaqaddi", "zorbix") for p in paragraphs) + "\n"
    assert list(ForeignFragment().check(doc(repeated))) == []


def test_g103_spintax_but_not_set_notation():
    result = run_cli("check", "--format", "json", "--select", "G103", HERE / "spintax.txt")
    found = result.findings("G103")
    assert [f["line"] for f in found] == [1, 1]
    assert "{team|staff|crew}" in found[0]["message"]


def test_g104_score_threshold_and_evidence():
    garbled = ("As for the mothers of the mill, so did the mothers of the linen, and the mothers "
               "of the linen, and the mothers of the linen of the mill.")
    clean = ("The company said on Tuesday that its profits had risen by 12% in the three months "
             "to September, helped by strong sales in Asia.")
    high, low = analyse(garbled), analyse(clean)
    assert high.score > low.score
    assert analyse(garbled).score == high.score  # deterministic
    rule = ImprobableSequence({"threshold": high.score - 0.01})
    found = list(rule.check(doc(garbled + "\n")))
    assert len(found) == 1
    assert f"{high.score:.2f}" in found[0].message
    assert found[0].properties["evidence"]
    assert list(ImprobableSequence({"threshold": high.score + 0.01}).check(doc(garbled + "\n"))) == []


def test_g105_loop_but_not_emphasis():
    loop = "The Gautama is the " + "gautama " * 12 + "of the valley in the north.\n"
    assert list(RepetitionLoop().check(doc(loop)))
    emphasis = "It was very, very, very cold that night, and the villagers stayed by their fires.\n"
    assert list(RepetitionLoop().check(doc(emphasis))) == []


@pytest.mark.parametrize("text, tokens", [
    ("Some of them are organized by ho <unk> and the <UNK> council.", ["<UNK>", "<unk>"]),
    ("The commission published its transl@@ ation on Monday.", ["@@"]),
    ("▁The▁report▁was▁published▁on▁Monday.", ["▁"]),
    ("The minister said [MASK] would resign before the vote.", ["[MASK]"]),
])
def test_g107_model_tokens_in_raw_output(text, tokens):
    found = list(ModelTokenLeftover().check(doc("A clean first paragraph of prose.\n\n" + text + "\n")))
    assert len(found) == 1
    assert found[0].region.start_line == 3
    assert found[0].properties["tokens"] == tokens


@pytest.mark.parametrize("text", [
    "Unknown words are mapped to the <unk> token before training.",  # written about
    'The output contained "<unk>" wherever a name was missing.',  # quoted
    "Use `<pad>` to fill short batches.",  # inline code
    "```\nids = vocab['<unk>'] if w not in vocab else vocab[w]\nmark <unk>\n```",  # fenced code
    "Weekly sales ▁▂▃▅▇ rose, and <s>old</s> prices went.",  # sparkline, strike-through
    "Reach the desk at news@@example.com, or see the diff hunk @@ -1,3 +1,4 @@ below.",
])
def test_g107_tokens_written_about_are_not_leftovers(text):
    assert list(ModelTokenLeftover().check(doc(text + "\n"))) == []


def test_g107_min_tokens_parameter():
    text = "Some of them are organized by ho <unk>.\n"
    assert list(ModelTokenLeftover({"min-tokens": 2}).check(doc(text))) == []


def test_analyses_are_computed_once_per_document():
    document = doc((HERE / "garbled.txt").read_text())
    first = paragraph_analyses(document)
    assert first and paragraph_analyses(document) is first
    assert document.memo(("garbling", "analyses"), lambda: None) is first


def test_short_lines_and_headings_are_not_judged():
    assert paragraph_analyses(doc("Pros and cons who\n\nIn last week\n")) == []


def test_build_script_detokenises_post_edits():
    spec = importlib.util.spec_from_file_location("build_garbling_model",
                                                  ROOT / "scripts" / "build_garbling_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_garbling_model", module)
    spec.loader.exec_module(module)
    assert (module.detokenise('The " Love " Vision , published in 2011 by Princeton ( USA ) .')
            == 'The "Love" Vision, published in 2011 by Princeton (USA).')
    assert module.detokenise("it 's the people 's choice , isn 't it ?") == "it's the people's choice, isn't it?"


def test_g106_averages_over_the_document():
    text = (HERE / "garbled.txt").read_text()
    analyses = paragraph_analyses(doc(text))
    mean = sum(a.score for _, a in analyses) / len(analyses)
    assert list(GarbledDocument({"threshold": mean - 0.01}).check(doc(text)))
    assert list(GarbledDocument({"threshold": mean + 0.01}).check(doc(text))) == []
    # too few paragraphs to judge
    assert list(GarbledDocument({"threshold": -99, "min-paragraphs": 4}).check(doc(text))) == []
    finding = next(iter(GarbledDocument({"threshold": -99}).check(doc(text))))
    worst = max(analyses, key=lambda pa: pa[1].score)[0]
    assert finding.region == doc(text).region(worst.start, worst.end)


def test_other_languages_and_name_lists_are_not_scored():
    french = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera "
              "présentée au parlement avant la fin du mois.\n")
    names = ("Matara Gnanarama Thera, Mithirigala Dhammawasa Thera, Katukurunde Gnanananda "
             "Thera, Udairiyagama Dhammajeewa Thera, Ellawala Vijithananda Thera\n")
    for text in (french, names):
        assert english_analyses(doc(text)) == []
        assert list(ImprobableSequence({"threshold": -99}).check(doc(text))) == []
        assert list(ForeignFragment().check(doc(text))) == []
    english = "The company said on Tuesday that its profits had risen sharply in Asia.\n"
    assert english_analyses(doc(english))


def test_g102_latin_script_fragment_of_another_language():
    text = "He said that il est très difficile de le faire today, and the crowd laughed.\n"
    found = list(ForeignFragment().check(doc(text)))
    assert found and "(french)" in found[0].message
    for clean in ["Charles de Gaulle met the Marquis de la Fayette in Paris, et al. reported.\n",
                  "The van was met by the crew, who do their work per hour in the den.\n",
                  # an institution's name, kept in its language: its own words capitalised
                  "The forecast came from the Institut des Previsions Economiques et "
                  "Financieres pour l'Industrie, which revised its figures.\n"]:
        assert list(ForeignFragment().check(doc(clean))) == []


@pytest.mark.parametrize("fragment, language", [
    ("že je to jako problém", "czech"),
    ("og það er ekki hægt", "icelandic"),
    ("cikin wannan shekara kuma da gwamnati", "hausa"),
    ("że nie ma czasu dla nas", "polish"),
])
def test_g102_fragments_of_the_wmt_source_languages(fragment, language):
    text = f"The minister said {fragment} for the country, and the meeting ended at noon.\n"
    found = list(ForeignFragment().check(doc(text)))
    assert found and f"({language})" in found[0].message


def test_scoring_paragraphs_together_equals_scoring_them_alone():
    texts = [(HERE / "garbled.txt").read_text().split("\n\n")[1],
             "The company said on Tuesday that its profits had risen by 12% in Asia.",
             "Short.", ""]
    together = analyse_many(texts)
    for text, analysis in zip(texts, together):
        alone = analyse(text)
        assert abs(alone.score - analysis.score) < 1e-9
        assert alone.evidence() == analysis.evidence()
    # the fast path agrees with the plain n-gram listing used to build the model
    model = load_model()
    tokens = TOKEN.findall(normalise(texts[0]))
    grams = skeleton_ngrams([word_class(t, model["keep"]) for t in tokens], model["nmax"])
    table = dict(zip(model["codes"].tolist(), model["code_weights"].tolist()))
    plain = model["bias"] + sum(table.get(ngram_code(k, model["ids"]), 0.0)
                                for k, _, _ in grams) / len(grams) * model["nmax"]
    assert abs(plain - together[0].skeleton_score) < 1e-9


def test_addresses_are_blanked_and_offsets_kept():
    text = "Write to john@ai.uga.edu or see www.example.com for the asimov.hacktic.nl mirror."
    out = normalise(text)
    assert len(out) == len(text)
    assert "@" not in out and "www" not in out and "hacktic" not in out
    assert out.startswith("Write to ") and out.endswith(" mirror.")


def test_an_address_ends_at_a_quote_or_a_tag():
    """In HTML written into Markdown the link text follows the address at once: it is
    prose ("greater than anticipated" keeps its comparative for G101)."""
    text = 'Owing to <a href="https://example.org/issues/2475">greater than anticipated</a> gains'
    out = normalise(text)
    assert "example" not in out and '">greater than anticipated</a> gains' in out
    assert find_constructions(text) == []


def test_abbreviations_and_english_compounds_are_not_transliterations():
    vocabulary = load_vocabulary()
    tokens = "net profit of five dlrs after writedowns and carryforwards and extinguishment".split()
    assert lowercase_unknown(tokens, vocabulary) == []


def test_spintax_look_alikes_are_left_alone():
    for text in ["Mail it to {spdcc|ima|world}!harvard!user today, or call the office.\n",
                 "We met in M{lndal|Bor} last year when the team toured the west coast.\n",
                 # a family of identifiers, and command syntax in capitals
                 "Made the functions called by png_do_{read|write}_transformations static.\n",
                 "Restore the functionality of ALTER {ROLE|DATABASE} SET role for users.\n"]:
        assert list(Spintax().check(doc(text))) == [], text
    # spintax beside the same words, in running prose and in capitals of its own
    for text in ["The {read|write} speed of the new drive is {great|awesome} for its price.\n",
                 "BUY NOW: {Great|GREAT} deals on {ROLE|role} play games this week.\n"]:
        assert len(list(Spintax().check(doc(text)))) == 2, text


def test_type_unions_of_api_documentation_are_not_spintax():
    """API references write a parameter's types as a union in braces; those are not spun."""
    for text in ["* `path` {string|Uint8Array} Where the archive is written.\n",
                 "* Returns: {Reader | null} The open reader, if any.\n",
                 "* options {Object|Uint8Array} Settings for the parser.\n",
                 "* {io.Writer|undefined}\n",
                 "* `mode`: {Object|Promise} What the hook hands back.\n",
                 "Returns: {Object|Promise} The result, or a promise of it.\n",
                 "* `data` {Buffer|String} The bytes to write.\n",
                 "* Returns: {Module Namespace Object|vm.Module} The linked module.\n"]:
        assert list(Spintax().check(doc(text))) == [], text
    # prose alternatives stay spintax, type-like words among them or not
    for text in ["We offer a wide {range|array} of {Great|Awesome} products every week.\n",
                 "The {number|amount} of visitors rose, and {none|nothing} was left.\n",
                 "{Great|Excellent} post! Our {shop|store} is open.\n",
                 "{Great Post|Nice Article}, thanks! I {really|truly} enjoyed it.\n"]:
        assert len(list(Spintax().check(doc(text)))) == 2, text


def test_a_column_of_short_lines_is_not_prose():
    """A signature or address block is not judged as sentences; wrapped prose still is."""
    from corpus_lint.plugins.garbling.analysis import _is_prose

    block = "Grant Smith\njgrant@mail.example.ca\nAirborne Geophysics Unit\nOttawa, Canada K1A"
    assert not _is_prose(block)
    wrapped = ("The people endured such atrocities for a year, looked\nforward and waited, "
               "but there was no change in it, and\nthe village elders met again in spring.")
    assert _is_prose(wrapped) and _is_prose(wrapped.replace("\n", " "))


def test_verse_is_not_judged_but_prose_wrapped_at_a_narrow_column_is():
    """A song's refrain is not a translation loop, nor its inversions garbling; a newspaper's
    narrow column of wrapped prose is still prose, and so is a wire story's first
    paragraph, wrapped after a short dateline line."""
    from corpus_lint.plugins.garbling.analysis import _is_prose

    verse = ("Oh the ships go out at morning\nand the ships come home at night,\n"
             "oh the ships go out at morning\nwith their sails all shining white.")
    assert not _is_prose(verse)
    column = ("The council met on Tuesday and\nagreed, after a long debate, to\n"
              "close the two libraries in the\nnorth of the town next spring.")
    assert _is_prose(column)
    listed = "\n".join(["Rejected - the string is in another language"] * 4)
    assert not _is_prose(listed)
    wire = ("Cabot Medical Corp said it has\nintroduced a new high flow insufflator for "
            "laparoscopy, a\nminimally invasive form of abdominal surgery.")
    assert _is_prose(wire)
    song = doc("\n\n".join([verse, verse.replace("ships", "boats"), verse]))
    assert list(ImprobableSequence().check(song)) == list(GarbledDocument().check(song)) == []


def test_tables_are_not_loops():
    table = "Atari= Atari= Atari= Atari= Atari= Atari= Atari= Atari= Atari= are listed above.\n"
    assert list(RepetitionLoop().check(doc(table))) == []


def test_plain_python_scoring_is_bit_identical_to_numpy():
    """Issue 14, item 15: small runs score without importing numpy; the scores must be
    exactly those of the numpy path, so output never depends on which one ran."""
    from corpus_lint.plugins.garbling.analysis import _skeleton_scores, _skeleton_scores_plain
    from corpus_lint.plugins.garbling.chunks import columns

    model = load_model()
    texts = [t for t in (HERE / "garbled.txt").read_text().split("\n\n") if t.strip()]
    texts += ["The company said on Tuesday that its profits had risen by 12% in Asia.",
              "Short.", "", "a b"]
    classes = [columns(normalise(t), model, load_vocabulary()).class_ids for t in texts]
    import numpy  # noqa: F401 - with numpy loaded, _skeleton_scores takes the numpy path

    vectorised = _skeleton_scores(model, classes)
    plain = _skeleton_scores_plain(model, classes)
    assert [score for score, _ in plain] == [score for score, _ in vectorised]
    for (_, plain_orders), (_, orders) in zip(plain, vectorised):
        assert [(n, list(v)) for n, v in plain_orders if len(v)] == \
            [(n, v.tolist()) for n, v in orders if len(v)]


def test_formal_words_that_fit_well_enough_are_not_spun(tmp_path):
    """'additional persons' and 'bring substantial benefit' lose to 'people' and 'big' by
    3.2-3.4 decades: a paragraph is spun only when one of its words is out of all place
    (clear-margin), as 'situated a distinction' is."""
    (tmp_path / "formal.txt").write_text(
        "The plan would extend the pension scheme to some two million additional persons. "
        "Ministers say it will bring substantial benefit to low-paid workers over the next "
        "decade, and the cost will be met from the reserve fund.\n")
    (tmp_path / "spun.txt").write_text(
        "After six weeks the supplement assisted me obtain lean muscular tissue, and I have "
        "definitely situated a distinction in my energy.\n")

    def reported(*config: str) -> list[str]:
        result = run_cli("check", "--no-cache", "--select", "G108", "--format", "json",
                         *config, ".", cwd=tmp_path)
        return sorted(f["path"] for f in result.json()["findings"])

    assert reported() == ["spun.txt"]
    assert reported("--config", "rules.G108.clear-margin = 0") == ["formal.txt", "spun.txt"]


ARCHAIC_SPEECH = (
    "Thou hast done well, and thy reward shall come unto thee ere the night is out. "
    "Wherefore dost thou weep? 'Tis but a little while, and thou shalt see thy brother "
    "again, for he hath promised it, and I believe him.\n")


def test_early_modern_english_is_a_register_the_garbling_rules_do_not_judge(tmp_path):
    """'thou hast', 'unto', 'wherefore' eight times or more, a hundredth of the words: the
    register of scripture and Shakespeare, whose 'presently' (for 'now') and 'though ...,
    But' are not a spinner's or a translator's. A paragraph aping it (two or three such
    words, as MT of scripture writes) and modern text are still judged."""
    from corpus_lint.documents.register import is_archaic

    assert is_archaic(ARCHAIC_SPEECH)
    assert not is_archaic("Thy father shall go up to heaven, if thou be mysterious, if thou "
                          "be mysterious. The village held a festival in the spring.")
    spun = ("After six weeks the supplement assisted me obtain lean muscular tissue, and I "
            "have definitely situated a distinction in my energy.\n")
    (tmp_path / "archaic.txt").write_text(ARCHAIC_SPEECH + "\n" + spun)
    (tmp_path / "modern.txt").write_text(spun)
    result = run_cli("check", "--no-cache", "--select", "G108", "--format", "json", ".",
                     cwd=tmp_path)
    assert [f["path"] for f in result.json()["findings"]] == ["modern.txt"]


WHITMAN = ("Come now I will not be tantalized, you conceive too much of articulation,\n"
           "Do you not know O speech how the buds beneath you are folded?\n"
           "Waiting in gloom, protected by frost,\n"
           "The dirt receding before my prophetical screams,\n"
           "I underlying causes to balance them at last,\n"
           "My knowledge my live parts, it keeping tally with the meaning of all things,\n"
           "Happiness, which whoever hears me let him or her set out in search of this day.\n\n"
           "My final merit I refuse you, I refuse putting from me what I really am,\n"
           "Encompass worlds, but never try to encompass me,\n"
           "I crowd your sleekest and best by simply looking toward you.\n\n"
           "Writing and talk do not prove me,\n"
           "I carry the plenum of proof and every thing else in my face,\n"
           "With the hush of my lips I wholly confound the skeptic.\n")


def test_verse_is_a_register_the_statistical_rules_do_not_judge():
    """A poem's lines ending in a comma go on with a capital, as wrapped prose never does
    ("I" aside): its inversions are its art, not a translation's, for G104 and G106. Prose
    wrapped at a comma goes on in lower case."""
    from corpus_lint.documents.register import is_verse

    assert is_verse(WHITMAN)
    prose = ("The council met on Tuesday to discuss the budget, the new cycle lanes,\n"
             "and the plan for the library, which has been closed since March,\n"
             "when the roof began to leak. Officials said repairs would cost more,\n"
             "perhaps twice as much as first thought, and take until the summer,\n"
             "although the contractor, Smith and Sons, hopes to finish sooner,\n"
             "if the weather holds. I was told the work would start in May,\n"
             "and residents will be kept informed.\n")
    assert not is_verse(prose)


@pytest.mark.parametrize("gains, reported", [
    ({"persons": 3.4, "substantial": 3.2}, False),  # formal words that fit well enough
    ({"commenced": 4.3, "presently": 3.2}, False),  # one out of place, one formal choice
    ({"obtain": 4.1, "situated": 3.8}, True),  # two out of all place
    ({"assisted": 4.1, "obtain": 3.2, "muscular": 3.1}, True),  # three spun, one far out
    ({"persons": 3.5, "numerous": 3.2, "commence": 3.1}, False),  # none far out of place
])
def test_g108_needs_two_words_out_of_all_place_or_three_spun(gains, reported):
    from corpus_lint.plugins.garbling.spinning import spun_paragraph

    assert spun_paragraph(gains.items(), minimum=2, clear=3.75) is reported


@pytest.mark.parametrize("word, text, writers", [
    ("nevertheless", "Most skilled workers, nevertheless, stayed in the city.", True),
    ("however", "However, the plan failed. The board, however , met again.", True),
    ("however", "The plan was good however it failed.", False),  # where "but" stood
    ("however", "However, it rained; we went however the roads were shut.", False),  # one place
    ("therefore", "It is therefore likely to rain.", False),
    ("obtain", "To obtain, apply within.", False),  # not a connective: the model judges it
])
def test_a_connective_set_off_by_commas_is_the_writers_own(word, text, writers):
    """The bigram model reads no punctuation: 'workers, nevertheless, stayed' looks to it
    like 'workers nevertheless stayed', where 'but' fits far better. A connective with a
    comma after it at each of its places is used as a writer uses it; a spinner's swap for
    'but' or 'so' has none."""
    from corpus_lint.plugins.garbling.spinning import set_off

    assert set_off(word, text) is writers
