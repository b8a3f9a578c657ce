from gwr.lexicon.glossary import Term, load_glossary, make_glossary


def test_longest_form_wins_and_aliases_map_to_their_term():
    glossary = make_glossary([Term("医共体", "yi-gong-ti", "…", ("县域医共体",)),
                              Term("两山", "liang-shan", "…", ("绿水青山就是金山银山",))])
    found = [(s, e, t.name) for s, e, t in glossary.find("推进县域医共体，践行绿水青山就是金山银山")]
    assert found == [(2, 7, "医共体"), (10, 20, "两山")]


def test_broken_entries_are_reported_and_the_rest_kept(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text('[[term]]\nterm = "六稳"\ndefinition = "稳就业等"\n\n'
                    '[[term]]\nterm = "六保"\n\n'
                    '[[term]]\nterm = "放管服"\ndefinition = "简政放权"\naliases = "not a list"\n', encoding="utf-8")
    glossary, problems = load_glossary(path)
    assert [t.name for t in glossary.terms] == ["六稳"]
    assert len(problems) == 2 and all(str(p).startswith("glossary.toml: ") for p in problems)
    assert "term 2" in str(problems[0]) and "aliases" in str(problems[1])


def test_invalid_toml_is_a_message_not_a_crash(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text("[[term]\nterm = ", encoding="utf-8")
    glossary, problems = load_glossary(path)
    assert glossary.terms == () and "not valid TOML" in str(problems[0])


def test_slugs_are_pinyin_and_unique(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text('[[term]]\nterm = "两山"\ndefinition = "a"\n[[term]]\nterm = "两山"\ndefinition = "b"\n'
                    '[[term]]\nterm = "互联网+政务服务"\ndefinition = "c"\n', encoding="utf-8")
    glossary, _ = load_glossary(path)
    assert [t.slug for t in glossary.terms] == ["liang-shan", "liang-shan-2", "hu-lian-wang-zheng-wu-fu-wu"]


def test_the_sites_glossary_has_forty_terms_with_definitions():
    from tests.conftest import ROOT
    glossary, problems = load_glossary(ROOT / "site_src" / "glossary.toml")
    assert not problems
    assert len(glossary.terms) >= 40
    assert all(t.definition for t in glossary.terms)
    assert {"六稳", "六保", "放管服", "最多跑一次", "两山", "八八战略", "四个意识"} <= {t.name for t in glossary.terms}
