"""Every shape, with a conforming and a non-conforming example.

The examples are small catalogues in one dataset: `ok` is a complete, well-formed catalogue with one
item (no finding of any severity), and for every shape `bad-<Shape>` is a copy of it with one planted
defect (a SPARQL update) that this shape must report. Agencies and legal bases are per example, so a
defect in one cannot leak into another. The same dataset is validated by pyshacl (the reference) and by
the shapes compiled to SPARQL; both must give identical results.
"""
from __future__ import annotations

import re
from string import Template

import pyoxigraph as ox
import pytest
import rdflib

from zwgk.checks import for_store
from zwgk.ontology import vocab_triples
from zwgk.shaclsparql import SH, compile_shapes
from zwgk.shapes import compiled, shape_files, shapes_graph
from zwgk.uris import URIs
from zwgk.validate import pyshacl_findings, validate_store

from .conftest import BASE

U = URIs(BASE)
PREFIXES = f"""
PREFIX zwgk: <{U.ns}> PREFIX dct: <http://purl.org/dc/terms/> PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX concept: <{U.vocab}concept/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def example_trig(cid: str) -> str:
    """A complete catalogue with one item, its agency (with an office) and one legal basis."""
    cat, item, agency, law = U.catalogue(cid), U.item(cid, "机构概况"), U.agency(cid), U.law(f"{cid}-令第1号")
    unit, scheme, concept = U.unit(cid, "办公室"), U.category_scheme(cid), U.category(cid, "010000")
    return f"""{PREFIXES}
GRAPH <{cat}> {{
  <{cat}> a zwgk:DisclosureCatalogue, dcat:Catalog ; dct:title "某局目录"@zh ; dct:identifier "{cid}" ;
      dct:publisher <{agency}> ; zwgk:itemCount 1 ; dcat:resource <{item}> ; prov:wasGeneratedBy <{cat}/build> ;
      dcat:themeTaxonomy <{scheme}> .
  <{scheme}> a skos:ConceptScheme .
  <{concept}> a skos:Concept ; skos:prefLabel "机构信息"@zh ; skos:inScheme <{scheme}> .
  <{item}> a zwgk:DisclosureItem ; dct:title "机构概况"@zh ; dct:identifier "机构概况" ; dct:isPartOf <{cat}> ;
      zwgk:rowNumber 1 ; zwgk:code "010100" ; zwgk:category <{concept}> ; dct:description "机构名称、地址"@zh ;
      zwgk:legalBasis <{law}> ; zwgk:timeLimit <{item}#time-limit> ; zwgk:subject <{agency}> ;
      zwgk:responsibleUnit <{unit}> ; zwgk:channel concept:channel\\/website ; zwgk:method concept:method\\/full-text ;
      zwgk:disclosureType concept:disclosure-type\\/proactive ; dct:audience concept:audience\\/public ;
      zwgk:stage concept:stage\\/decision ; dct:type concept:item-type\\/agency-overview ;
      zwgk:sourceExtract <{item}#source> ; prov:wasDerivedFrom <{BASE}/source/catalogues/x.txt#line=1,2> ;
      zwgk:level concept:level\\/city ; zwgk:domain concept:domain\\/budgets ;
      zwgk:updateFrequency <{item}#update-frequency> ; foaf:page <http://www.example.gov.cn/gk/1.html> ;
      zwgk:legalBasisArticle <{law}/art/20> ; zwgk:articleText "第二十条 行政机关应当主动公开……"@zh ;
      zwgk:disclosureDuration "长期"@zh ; zwgk:extra <{item}#extra-1> .
  <{item}#update-frequency> a zwgk:TimeLimit ; rdfs:label "每月"@zh ; zwgk:period concept:period\\/monthly .
  <{item}#extra-1> a zwgk:ExtraField ; rdfs:label "备注"@zh ; rdf:value "无"@zh .
  <{item}#time-limit> a zwgk:TimeLimit ; rdfs:label "20个工作日内"@zh ; zwgk:amount 20 ;
      zwgk:unit concept:time-unit\\/working-day .
  <{item}#source> a zwgk:SourceExtract ; zwgk:sourceFile "catalogues/x.txt" ; zwgk:firstLine 2 ; zwgk:lastLine 3 .
}}
GRAPH <{agency}> {{
  <{agency}> a org:Organization ; skos:prefLabel "某局"@zh ; dct:identifier "{cid}" ; zwgk:region "某省某市"@zh .
  <{unit}> a org:OrganizationalUnit ; skos:prefLabel "办公室"@zh ; org:unitOf <{agency}> .
}}
GRAPH <{U.laws_graph}> {{
  <{law}> a eli:LegalResource ; eli:title "某条例"@zh ; dct:identifier "{cid}-令第1号" ;
      eli:type_document concept:legal-type\\/administrative-regulation ; eli:number "1" ; eli:has_part <{law}/art/20> .
  <{law}/art/20> a eli:LegalResourceSubdivision ; eli:is_part_of <{law}> ; skos:prefLabel "第二十条"@zh ;
      eli:id_local "{cid}-令第1号/art/20" .
}}
"""


# One planted defect per shape: a SPARQL update over the example's IRIs (${item}, ${cat}, ${agency}, ${unit},
# ${law}, ${concept}, ${scheme}, ${tl} time limit, ${src} source extract; graphs ${G} catalogue, ${A} agency,
# ${L} legal bases), filled in by string.Template.


def drop(s, p):
    return f"DELETE WHERE {{ GRAPH ?g {{ {s} {p} ?o }} }}"


def put(s, p, o, g="${G}"):
    return drop(s, p) + f" ; INSERT DATA {{ GRAPH <{g}> {{ {s} {p} {o} }} }}"


def add(s, p, o, g="${G}"):
    return f"INSERT DATA {{ GRAPH <{g}> {{ {s} {p} {o} }} }}"


def twin(title: str, content: str) -> str:
    """A second item in the same catalogue and category."""
    return ("INSERT { GRAPH <${G}> { <${item}-2> ?p ?o . <${cat}> dcat:resource <${item}-2> } } "
            "WHERE { GRAPH <${G}> { <${item}> ?p ?o FILTER(?p NOT IN (dct:title, dct:description)) } } ; "
            f'INSERT DATA {{ GRAPH <${{G}}> {{ <${{item}}-2> dct:title "{title}"@zh ; dct:description "{content}"@zh }} }}')


WEBSITE = "concept:channel\\/website"
UNCONTROLLED = "<${unc}/channel/某某平台>"
DEFECTS = {
    "ItemName": drop("<${item}>", "dct:title"),
    "ItemCatalogue": drop("<${item}>", "dct:isPartOf"),
    "ItemProvenance": drop("<${item}>", "prov:wasDerivedFrom"),
    "ItemSourceExtract": drop("<${item}>", "zwgk:sourceExtract"),
    "ItemIdentifier": put("<${item}>", "dct:identifier", '" 机构概况\\n"'),
    "ItemRowNumber": put("<${item}>", "zwgk:rowNumber", '"one"^^xsd:integer'),
    "ItemCode": put("<${item}>", "zwgk:code", '"01 01"'),
    "ItemCategory": add("<${item}>", "zwgk:category", "<${scheme}>"),
    "ItemLegalBasisValue": add("<${item}>", "zwgk:legalBasis", "<${unit}>"),
    "ItemTimeLimitValue": add("<${item}>", "zwgk:timeLimit", "<${item}#other-limit>"),
    "ItemSubjectValue": put("<${item}>", "zwgk:subject", WEBSITE),
    "ItemResponsibleUnitValue": put("<${item}>", "zwgk:responsibleUnit", '"办公室"@zh'),
    "ItemChannelScheme": put("<${item}>", "zwgk:channel", "concept:method\\/full-text"),
    "ItemMethodScheme": put("<${item}>", "zwgk:method", WEBSITE),
    "ItemDisclosureTypeScheme": put("<${item}>", "zwgk:disclosureType", WEBSITE),
    "ItemAudienceScheme": put("<${item}>", "dct:audience", "concept:audience\\/nobody"),
    "ItemStageScheme": put("<${item}>", "zwgk:stage", WEBSITE),
    "ItemTypeScheme": put("<${item}>", "dct:type", WEBSITE),
    # an item lacking a field its catalogue's other items give (a twin that has it)
    "ItemLegalBasis": twin("另一事项", "另一内容") + " ; " + drop("<${item}>", "zwgk:legalBasis"),
    "ItemTimeLimit": twin("另一事项", "另一内容") + " ; " + drop("<${item}>", "zwgk:timeLimit"),
    "ItemSubject": twin("另一事项", "另一内容") + " ; " + drop("<${item}>", "zwgk:subject"),
    "ItemChannel": twin("另一事项", "另一内容") + " ; " + drop("<${item}>", "zwgk:channel"),
    "ItemContent": twin("另一事项", "另一内容") + " ; " + drop("<${item}>", "dct:description"),
    # …and a field no item of the catalogue gives (no such column): the catalogue is reported, not the item
    "CatalogueFieldShape": drop("<${item}>", "zwgk:timeLimit"),
    "ItemIRIShape": put("<${item}>", "dct:isPartOf", f"<{U.catalogue('elsewhere')}>"),
    "DuplicateNameShape": twin("机构概况", "另一项内容"),
    "DuplicateRowShape": twin("机构概况", "机构名称、地址"),
    "TimeLimitUnparsedShape": drop("<${tl}>", "zwgk:amount") + " ; " + drop("<${tl}>", "zwgk:unit"),
    "TimeLimitText": drop("<${tl}>", "rdfs:label"),
    "TimeLimitAmount": put("<${tl}>", "zwgk:amount", '"20"'),
    "TimeLimitUnit": put("<${tl}>", "zwgk:unit", WEBSITE),
    "TimeLimitDeadline": add("<${tl}>", "zwgk:annualDeadline", '"01-31"'),
    "TimeLimitMonthlyDeadline": add("<${tl}>", "zwgk:monthlyDeadline", '"10"'),
    "TimeLimitPeriod": add("<${tl}>", "zwgk:period", WEBSITE),
    "SourceFile": drop("<${src}>", "zwgk:sourceFile"),
    "SourceFirstLine": add("<${src}>", "zwgk:firstLine", "1"),
    "SourceLastLine": drop("<${src}>", "zwgk:lastLine"),
    "SourceLineOrderShape": put("<${src}>", "zwgk:firstLine", "7"),
    "CatalogueTitle": drop("<${cat}>", "dct:title"),
    "CatalogueAgency": drop("<${cat}>", "dct:publisher"),
    "CatalogueIdentifier": put("<${cat}>", "dct:identifier", '"City_YBJ"'),
    "CatalogueItemCount": put("<${cat}>", "zwgk:itemCount", '"1"'),
    "CatalogueItems": drop("<${cat}>", "dcat:resource"),
    "CatalogueProvenance": drop("<${cat}>", "prov:wasGeneratedBy"),
    "CatalogueTaxonomy": put("<${cat}>", "dcat:themeTaxonomy", "<${concept}>"),
    "CatalogueItemCountAgreesShape": put("<${cat}>", "zwgk:itemCount", "2"),
    "AgencyIdentifier": put("<${agency}>", "dct:identifier", '"Bad Id"', "${A}"),
    "AgencyRegion": drop("<${agency}>", "zwgk:region"),
    "AgentName": drop("<${unit}>", "skos:prefLabel"),
    "OfficeOf": add("<${unit}>", "org:unitOf", "<${cat}>", "${A}"),
    "LawTitle": drop("<${law}>", "eli:title"),
    "LawIdentifier": put("<${law}>", "dct:identifier", '"令 第1号 "', "${L}"),
    "LawType": drop("<${law}>", "eli:type_document"),
    "LawNumber": drop("<${law}>", "eli:number"),
    "CategoryLabel": drop("<${concept}>", "skos:prefLabel"),
    "CategoryScheme": drop("<${concept}>", "skos:inScheme"),
    "CategoryBroader": add("<${concept}>", "skos:broader", "<${scheme}>"),
    # new roles, cited articles, values outside the code lists
    "ItemLevelScheme": put("<${item}>", "zwgk:level", WEBSITE),
    "ItemDomainScheme": put("<${item}>", "zwgk:domain", WEBSITE),
    "ItemUpdateFrequencyValue": add("<${item}>", "zwgk:updateFrequency", "<${item}#other-frequency>"),
    "ItemPageValue": put("<${item}>", "foaf:page", '"http://www.example.gov.cn/gk/1.html"'),
    "ItemArticleValue": add("<${item}>", "zwgk:legalBasisArticle", "<${unit}>"),
    "ItemArticleText": put("<${item}>", "zwgk:articleText", '"第二十条"'),
    "ItemDuration": add("<${item}>", "zwgk:disclosureDuration", '"五年"@zh'),
    "ItemExtraValue": drop("<${item}#extra-1>", "rdf:value"),
    "UncontrolledValueShape": add("<${item}>", "zwgk:channel", UNCONTROLLED) + " ; " + add(
        UNCONTROLLED, "a skos:Concept ; skos:prefLabel '某某平台'@zh ; skos:inScheme <${unc}> ; zwgk:codeList",
        "concept:channel") + " ; " + add("<${unc}>", "a", "skos:ConceptScheme, zwgk:UncontrolledScheme"),
    "UncontrolledLabel": add(UNCONTROLLED, "a skos:Concept ; skos:inScheme <${unc}> ; zwgk:codeList",
                             "concept:channel") + " ; " + add("<${unc}>", "a", "skos:ConceptScheme, zwgk:UncontrolledScheme"),
    "UncontrolledInScheme": add(UNCONTROLLED, "a skos:Concept ; skos:prefLabel '某某平台'@zh ; zwgk:codeList",
                                "concept:channel"),
    "ArticlePartOf": drop("<${law}/art/20>", "eli:is_part_of"),
    "ArticleLabel": drop("<${law}/art/20>", "skos:prefLabel"),
    "ArticleLocalId": put("<${law}/art/20>", "eli:id_local", '"第二十条"', "${L}"),
    "ArticleOfCitedLawShape": drop("<${item}>", "zwgk:legalBasis"),
}


def slug(shape: str) -> str:
    return "bad-" + re.sub(r"(?<!^)([A-Z])", r"-\1", shape).lower()


def plant(store: ox.Store, cid: str, shape: str) -> None:
    item = U.item(cid, "机构概况")
    names = dict(item=item, cat=U.catalogue(cid), agency=U.agency(cid), unit=U.unit(cid, "办公室"),
                 law=U.law(f"{cid}-令第1号"), concept=U.category(cid, "010000"), scheme=U.category_scheme(cid),
                 tl=f"{item}#time-limit", src=f"{item}#source", G=U.catalogue(cid), A=U.agency(cid), L=U.laws_graph,
                 unc=U.uncontrolled_scheme(cid))
    store.update(PREFIXES + Template(DEFECTS[shape]).substitute(names))


def reporting_shapes() -> set[str]:
    """Local names of the shapes that report results: property shapes and shapes with SPARQL constraints."""
    g = shapes_graph(BASE)
    ns = U.shapes_ns
    props = {o for o in g.objects(None, SH.property) if isinstance(o, rdflib.URIRef)}
    sparql = set(g.subjects(SH.sparql, None))
    return {str(s)[len(ns):] for s in props | sparql}


@pytest.fixture(scope="session")
def examples():
    """(store, sparql findings, pyshacl findings) for the `ok` example and one bad example per shape."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(U.vocab_graph)) for t in vocab_triples(BASE))
    ids = ["ok"] + [slug(s) for s in DEFECTS]
    for cid in ids:
        store.load(example_trig(cid).encode(), format=ox.RdfFormat.TRIG)
    for shape in DEFECTS:
        plant(store, slug(shape), shape)
    fast = validate_store(store, BASE)
    data = rdflib.Graph()
    data.parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    reference = pyshacl_findings(data, BASE)
    return store, fast, reference


def test_every_reporting_shape_has_a_planted_example():
    assert reporting_shapes() == set(DEFECTS)


def test_the_complete_example_conforms(examples):
    _, fast, reference = examples
    assert [f for f in fast if f.catalogue == "ok"] == []
    assert not [f for f in reference if f.focus.value.startswith((f"{BASE}/id/item/ok/", U.catalogue("ok"), U.agency("ok")))]


@pytest.mark.parametrize("shape", sorted(DEFECTS))
def test_each_shape_reports_its_planted_defect(examples, shape):
    _, fast, _ = examples
    mine = {f.shape.rsplit("#", 1)[1] for f in fast if f.catalogue == slug(shape)}
    assert shape in mine, (shape, mine)


def test_pyshacl_and_compiled_sparql_agree_on_every_example(examples):
    _, fast, reference = examples
    assert {f.without_catalogue() for f in fast} == set(reference)


def test_severities_follow_the_contract():
    """Violations for the contract, warnings for incompleteness, infos for advice."""
    g = shapes_graph(BASE)
    ns = U.shapes_ns
    sev = {str(s)[len(ns):]: str(o).rsplit("#", 1)[1] for s, o in g.subject_objects(SH.severity)}
    assert {s for s, v in sev.items() if v == "Warning"} == {
        "ItemLegalBasis", "ItemTimeLimit", "ItemSubject", "ItemChannel", "ItemContent", "DuplicateRowShape",
        "UncontrolledValueShape", "CatalogueFieldShape"}
    assert {s for s, v in sev.items() if v == "Info"} == {
        "LawNumber", "TimeLimitUnparsedShape", "DuplicateNameShape", "AgencyRegion"}
    for s in ("ItemName", "ItemCatalogue", "ItemProvenance", "CatalogueAgency", "ItemChannelScheme",
              "ItemIdentifier", "CatalogueIdentifier"):
        assert sev[s] == "Violation"


def test_messages_and_names_are_bilingual():
    g = shapes_graph(BASE)
    for shape in set(g.subjects(SH.severity, None)):
        names = {o.language for o in g.objects(shape, SH.name)}
        assert names >= {"zh", "en"}, shape
        holders = [shape, *g.objects(shape, SH.sparql)]
        langs = {o.language for h in holders for o in g.objects(h, SH.message)}
        assert langs >= {"zh", "en"}, shape


def test_shapes_use_relative_iris_and_follow_the_vocabulary():
    """The shapes' IRIs resolve against the vocabulary namespace, never the base: the same in every deployment."""
    for f in shape_files():
        assert "127.0.0.1" not in f.read_text(encoding="utf-8"), f
    def named(g):  # blank nodes differ from one parse to the next
        return {t for t in g if not any(isinstance(x, rdflib.BNode) for x in t)}
    assert named(shapes_graph("https://data.example.gov.cn/zwgk")) == named(shapes_graph(BASE))
    other = shapes_graph(vocab_ns="https://vocab.example.org/zwgk/")
    targets = {str(o) for o in other.objects(None, SH.targetClass)}
    assert "https://vocab.example.org/zwgk/def/zwgk#DisclosureItem" in targets
    namespaces = {str(o) for o in other.objects(None, SH.namespace)}
    assert "https://vocab.example.org/zwgk/def/zwgk#" in namespaces


def test_compiled_checks_are_kept_on_disk_under_a_key_of_what_they_follow_from(tmp_path, monkeypatch):
    """`zwgk.shapes.compiled` compiles once into the cache folder and then loads the same checks without rdflib;
    another base is another entry; a damaged entry is compiled again and rewritten; an unwritable folder only
    costs the compile."""
    import subprocess
    import sys
    monkeypatch.setenv("ZWGK_CACHE_DIR", str(tmp_path / "cache"))
    compiled.cache_clear()
    try:
        fresh = tuple(compile_shapes(shapes_graph(BASE), BASE))
        assert compiled(BASE) == fresh
        (entry,) = (tmp_path / "cache").glob("checks-*.json")
        probe = ("import sys; from zwgk.shapes import compiled; "
                 f"print(len(compiled({BASE!r})), 'rdflib' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
        assert out.split() == [str(len(fresh)), "False"]          # loaded, not compiled: no rdflib
        compiled.cache_clear()
        compiled("http://example.org/other")
        assert len(list((tmp_path / "cache").glob("checks-*.json"))) == 2
        entry.write_text("[{\"shape\": 1", encoding="utf-8")
        compiled.cache_clear()
        assert compiled(BASE) == fresh and entry.read_text(encoding="utf-8").startswith("[{")
        assert [c["shape"] for c in __import__("json").loads(entry.read_text(encoding="utf-8"))][:1] == [fresh[0].shape]
        monkeypatch.setenv("ZWGK_CACHE_DIR", str(entry))          # a file, not a folder: nothing can be written
        compiled.cache_clear()
        assert compiled(BASE) == fresh
    finally:
        compiled.cache_clear()


def test_class_tests_follow_the_subclasses_the_store_declares():
    """`zwgk.checks.for_store` reads a class test `?x a/rdfs:subClassOf* <C>` as `?x a <C>` when C has no
    subclass in the store; a store that declares one keeps the path. A time limit typed only with a subclass
    of zwgk:TimeLimit conforms (as pyshacl says); typed with an unrelated class, it does not."""
    ex = "http://example.org/ns#"
    base_store = ox.Store()
    base_store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(U.vocab_graph)) for t in vocab_triples(BASE))
    base_store.load(example_trig("ok").encode(), format=ox.RdfFormat.TRIG)
    tl_test = f"a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{U.ns}TimeLimit>"
    texts = lambda checks: " ".join(c.query + (c.flag or "") for c in checks)  # noqa: E731
    assert tl_test in texts(compiled(BASE))
    assert tl_test not in texts(for_store(compiled(BASE), base_store))
    assert f"a <{U.ns}TimeLimit>" in texts(for_store(compiled(BASE), base_store))
    item = U.item("ok", "机构概况")
    for cls, conforms in ((f"{ex}SpecialLimit", True), (f"{ex}Unrelated", False)):
        store = ox.Store()
        store.extend(base_store)
        store.update(f"{PREFIXES} DELETE DATA {{ GRAPH <{U.catalogue('ok')}> {{ <{item}#time-limit> a zwgk:TimeLimit }} }} ; "
                     f"INSERT DATA {{ GRAPH <{U.catalogue('ok')}> {{ <{item}#time-limit> a <{cls}> }} "
                     f"GRAPH <{U.vocab_graph}> {{ <{ex}SpecialLimit> rdfs:subClassOf zwgk:TimeLimit }} }}")
        assert tl_test in texts(for_store(compiled(BASE), store))
        fast = validate_store(store, BASE)
        on_limit = [f for f in fast if f.component.endswith("ClassConstraintComponent")
                    and f.value == ox.NamedNode(f"{item}#time-limit")]
        assert (on_limit == []) == conforms, on_limit
        data = rdflib.Graph()
        data.parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert {f.without_catalogue() for f in fast} == set(pyshacl_findings(data, BASE))


def test_checks_on_values_of_a_predicate_no_triple_has_are_left_out_and_the_findings_stay():
    """`zwgk.checks.for_store` leaves out a check whose flag is one `EXISTS { ?this <P> … }` when no triple of
    the store has P (it could flag nothing); the rest, `NOT EXISTS` (a value missing) among them, stay. The
    findings are those of every check, and pyshacl's: here on an example whose item has a 公开依据 of the
    wrong class, in a store that has no foaf:page at all, then one where an item gets a page that breaks
    its pattern."""
    from zwgk import checks as K
    assert K.needs_predicate("EXISTS { ?this <http://x/p> ?a_, ?b_ FILTER(!sameTerm(?a_, ?b_)) }") == "http://x/p"
    assert K.needs_predicate("EXISTS { ?this <http://x/p> ?v FILTER(NOT EXISTS { ?v a <http://x/C> }) }") == "http://x/p"
    for other in ("NOT EXISTS { ?this <http://x/p> ?any_ }", "EXISTS { ?this <http://x/p> ?v } || EXISTS { ?this "
                  "<http://x/q> ?w }", None):
        assert K.needs_predicate(other) is None
    page = "http://xmlns.com/foaf/0.1/page"
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(U.vocab_graph)) for t in vocab_triples(BASE))
    store.load(example_trig("ok").encode(), format=ox.RdfFormat.TRIG)
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{page}> ?o }} }}")       # the example's item has a page
    item = U.item("ok", "机构概况")
    for with_page in (False, True):
        if with_page:
            store.update(f"INSERT DATA {{ GRAPH <{U.catalogue('ok')}> {{ <{item}> <{page}> <ftp://example.org/x> }} }}")
        kept = {(c.shape, c.component) for c in K.for_store(compiled(BASE), store)}
        on_pages = [c for c in compiled(BASE) if K.needs_predicate(c.flag) == page]
        assert on_pages and all(((c.shape, c.component) in kept) == with_page for c in on_pages)
        assert len(kept) < len(compiled(BASE)) or with_page
        every = validate_store(store, BASE, checks=list(compiled(BASE)))
        assert validate_store(store, BASE) == every
        assert any(f.path == ox.NamedNode(page) for f in every) == with_page
        data = rdflib.Graph()
        data.parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert {f.without_catalogue() for f in every} == set(pyshacl_findings(data, BASE))


def test_pyshacl_parses_each_sparql_constraint_once_a_run_and_rdflib_is_left_as_it_was(monkeypatch):
    """pyshacl gives rdflib the text of a SPARQL-based constraint for every focus node; within pyshacl_findings each
    text is parsed once (most of pyshacl's time otherwise), and the findings are those of the compiled shapes.
    Outside it, rdflib parses every query it is given, as before."""
    from collections import Counter

    from rdflib.plugins.sparql import processor
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(U.vocab_graph)) for t in vocab_triples(BASE))
    for cid in ("ok", "ok-2", "ok-3"):           # three items: three focus nodes for each item constraint
        store.load(example_trig(cid).encode(), format=ox.RdfFormat.TRIG)
    plant(store, "ok-3", "DuplicateNameShape")  # a SPARQL-based constraint that then reports
    data = rdflib.Graph()
    data.parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    parsed: Counter = Counter()
    real = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda text: parsed.update([text]) or real(text))
    reference = pyshacl_findings(data, BASE)
    sparql_texts = [t for t in parsed if "$this" in t or "?this" in t]
    assert sparql_texts and set(parsed.values()) == {1}, parsed.most_common(3)
    assert any(f.shape.endswith("DuplicateNameShape") for f in reference)
    assert set(reference) == {f.without_catalogue() for f in validate_store(store, BASE)}
    parsed.clear()
    for _ in range(2):
        data.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert list(parsed.values()) == [2]
