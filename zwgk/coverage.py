"""The cross-agency coverage matrix and `zwgk coverage`: which common item types (ontology/vocab/
item-types.ttl) each agency's catalogue lists, and what an agency leaves out that most of its peers list.

Everything comes from one SPARQL query on the store (`coverage_query`, also in the README), over the
`dct:type` links that the alignment rules (mappings/item-types.yaml, zwgk.itemtypes) put on items.
"""
from __future__ import annotations

import csv
import html
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .itemtypes import item_types
from .uris import URIs


def coverage_query(base: str) -> str:
    """Agency × item type → number of items; agencies that list none of a type get 0 (OPTIONAL)."""
    u = URIs(base)
    return f"""PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX zwgk: <{u.ns}>
SELECT ?agency ?agencyName ?type ?typeName (COUNT(DISTINCT ?item) AS ?items) WHERE {{
  ?catalogue a zwgk:DisclosureCatalogue ; dct:publisher ?agency .
  ?agency skos:prefLabel ?agencyName .
  ?type skos:inScheme <{u.scheme("item-type")}> ; skos:prefLabel ?typeName .
  FILTER (lang(?typeName) = "zh")
  OPTIONAL {{ ?item dct:isPartOf ?catalogue ; dct:type ?type }}
}}
GROUP BY ?agency ?agencyName ?type ?typeName
ORDER BY ?agencyName ?type"""


def missing_query(base: str, notation: str) -> str:
    """Agencies none of whose catalogues lists an item of the given type (e.g. annual-report)."""
    u = URIs(base)
    return f"""PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX zwgk: <{u.ns}>
SELECT DISTINCT ?agency ?name WHERE {{
  ?catalogue a zwgk:DisclosureCatalogue ; dct:publisher ?agency .
  ?agency skos:prefLabel ?name .
  FILTER NOT EXISTS {{
    ?other dct:publisher ?agency .
    ?item dct:isPartOf ?other ; dct:type <{u.concept("item-type", notation)}> .
  }}
}} ORDER BY ?name"""


def untyped_query(base: str) -> str:
    u = URIs(base)
    return f"""PREFIX dct: <http://purl.org/dc/terms/>
PREFIX zwgk: <{u.ns}>
SELECT ?item ?name ?catalogue WHERE {{
  ?item a zwgk:DisclosureItem ; dct:title ?name ; dct:isPartOf ?catalogue .
  FILTER NOT EXISTS {{ ?item dct:type ?type }}
}} ORDER BY ?catalogue ?item"""


@dataclass
class Matrix:
    agencies: list[tuple[str, str]]                 # (IRI, name), by name
    types: list[tuple[str, str]]                    # (notation, zh label), in the rules file's order
    counts: dict[tuple[str, str], int]              # (agency IRI, notation) → items
    unreviewed: list[tuple[str, str]] = field(default_factory=list)  # (item IRI, name) with no type, no decision

    def covered(self, agency: str) -> list[str]:
        return [t for t, _ in self.types if self.counts.get((agency, t), 0)]

    def peers_with(self, notation: str) -> int:
        return sum(1 for a, _ in self.agencies if self.counts.get((a, notation), 0))

    def gaps(self, agency: str) -> list[str]:
        """Types this agency lists no item of, while more than half of the agencies do."""
        n = len(self.agencies)
        return [t for t, _ in self.types if not self.counts.get((agency, t), 0) and self.peers_with(t) * 2 > n]


def coverage_matrix(store: ox.Store, base: str) -> Matrix:
    rows = list(store.query(coverage_query(base), use_default_graph_as_union=True))
    prefix = URIs(base).scheme("item-type") + "/"
    labels = {r["type"].value[len(prefix):]: r["typeName"].value for r in rows}
    order = [t for t in item_types().notations if t in labels] + sorted(set(labels) - set(item_types().notations))
    agencies = sorted({(r["agency"].value, r["agencyName"].value) for r in rows}, key=lambda a: (a[1], a[0]))
    counts = {(r["agency"].value, r["type"].value[len(prefix):]): int(r["items"].value) for r in rows}
    rules = item_types()
    unreviewed = [(r["item"].value, r["name"].value) for r in store.query(untyped_query(base), use_default_graph_as_union=True)
                  if not rules.is_reviewed(r["name"].value)]
    return Matrix(agencies, [(t, labels[t]) for t in order], counts, unreviewed)


# -- output ------------------------------------------------------------------------------------------

def to_csv(m: Matrix) -> str:
    """One row per agency, one column per item type (number of items), then the gaps."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["agency", "agency_name", *(t for t, _ in m.types), "types_covered", "gaps"])
    for a, name in m.agencies:
        w.writerow([a, name, *(m.counts.get((a, t), 0) for t, _ in m.types), len(m.covered(a)), "|".join(m.gaps(a))])
    return buf.getvalue()


def to_html(m: Matrix, base: str) -> str:
    e = html.escape
    head = "".join(f'<th title="{e(t)}">{e(label)}</th>' for t, label in m.types)
    out = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
           "<title>公开覆盖矩阵 / Disclosure coverage</title><style>body{font-family:sans-serif}"
           "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 5px;text-align:center}"
           "th{font-size:small}.no{background:#fdd}.gap{background:#f88}.yes{background:#dfd}</style></head><body>",
           "<h1>公开覆盖矩阵 / Disclosure coverage by agency and item type</h1>",
           "<p>数字为事项数；红色：多数同级机构公开而本机构未列出。Numbers are items; red: most peers list this type and "
           "this agency does not.</p>", f"<table><tr><th>机构 / agency</th>{head}<th>覆盖 / covered</th></tr>"]
    for a, name in m.agencies:
        gaps = set(m.gaps(a))
        cells = []
        for t, _ in m.types:
            n = m.counts.get((a, t), 0)
            cells.append(f'<td class="{"yes" if n else "gap" if t in gaps else "no"}">{n or ""}</td>')
        out.append(f'<tr><th><a href="{e(a)}">{e(name)}</a></th>{"".join(cells)}<td>{len(m.covered(a))}/{len(m.types)}</td></tr>')
    out.append("<tr><th>机构数 / agencies</th>" + "".join(f"<td>{m.peers_with(t)}</td>" for t, _ in m.types) + "<td></td></tr>")
    out.append("</table>")
    if m.unreviewed:
        out.append("<h2>未对齐的事项 / Items with no type and no decision</h2><ul>")
        out += [f'<li><a href="{e(i)}">{e(n)}</a></li>' for i, n in m.unreviewed]
        out.append("</ul>")
    out.append(f"<h2>查询 / The query</h2><pre>{e(coverage_query(base))}</pre></body></html>")
    return "\n".join(out)


def to_text(m: Matrix) -> str:
    if len(m.agencies) <= 10:   # item types down, agencies across
        names = [name for _, name in m.agencies]
        width = max([len(label) for _, label in m.types] + [8])
        lines = [" " * (width * 2) + "  " + "  ".join(names)]
        for t, label in m.types:
            cells = [str(m.counts.get((a, t), 0) or "-").center(len(name) * 2) for a, name in m.agencies]
            lines.append(label + " " * ((width - len(label)) * 2) + "  " + "  ".join(cells))
    else:
        lines = []
    for a, name in m.agencies:
        gaps = [dict(m.types)[t] for t in m.gaps(a)]
        lines.append(f"{name}: {len(m.covered(a))}/{len(m.types)} types; "
                     f"missing where most peers list it: {'、'.join(gaps) or '—'}")
    if m.unreviewed:
        lines.append(f"{len(m.unreviewed)} item(s) have no type and no decision in mappings/item-types.yaml:")
        lines += [f"  {n}  {i}" for i, n in m.unreviewed[:30]]
        if len(m.unreviewed) > 30:
            lines.append(f"  … {len(m.unreviewed) - 30} more (every one in coverage.html beside coverage.csv)")
    return "\n".join(lines)


# -- command line ------------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
    p = sub.add_parser("coverage", help="agency × item-type matrix: what each agency lists and what its peers list")
    add_common(p)
    p.add_argument("--out", type=Path, help="folder for coverage.csv and coverage.html (default: var/coverage)")
    p.add_argument("--missing", metavar="TYPE", help="only list the agencies with no item of this type (e.g. annual-report)")
    p.set_defaults(func=cmd_coverage)


def cmd_coverage(args) -> int:
    from .cli import open_built_store, settings_from
    settings = settings_from(args)
    store = open_built_store(settings, "coverage")
    if store is None:
        return 2
    if args.missing:
        if args.missing not in item_types().notations:
            print(f"zwgk coverage: unknown item type '{args.missing}'; known: {item_types().notations}", file=sys.stderr)
            return 2
        for r in store.query(missing_query(settings.base, args.missing), use_default_graph_as_union=True):
            print(f"{r['name'].value}\t{r['agency'].value}")
        return 0
    m = coverage_matrix(store, settings.base)
    out = args.out or Path(settings.var) / "coverage"
    out.mkdir(parents=True, exist_ok=True)
    (out / "coverage.csv").write_text(to_csv(m), encoding="utf-8")
    (out / "coverage.html").write_text(to_html(m, settings.base), encoding="utf-8")
    print(to_text(m))
    print(f"written: {out / 'coverage.csv'}, {out / 'coverage.html'}")
    return 0
