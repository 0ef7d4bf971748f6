"""The URI scheme. Every IRI zwgk mints is built here, from natural keys only, so a rebuild gives the
same IRIs:

    {base}/id/agency/{agency}                      an agency (org:Organization)
    {base}/id/agency/{agency}/unit/{office}        one of its offices (org:OrganizationalUnit)
    {base}/id/catalogue/{catalogue}                a catalogue (dcat:Catalog), also its named graph
    {base}/id/item/{catalogue}/{key}               a disclosure item; key = 序号, code or name
    {base}/id/law/{identifier}                     a legal basis; identifier = document number or title
    {base}/id/concept/{scheme}[/{concept}]         a SKOS scheme / concept
    {base}/def/zwgk                                the ontology ({base}/def/zwgk#Term)
    {base}/source/{file}                           a source file (catalogue text, mapping file)

Keys keep their Chinese text (IRIs, RFC 3987); characters that would break a path segment become '-'.
"""
from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\s/\\?#%<>\"{}|^`\[\]]+")


def segment(key: str) -> str:
    """A natural key as one IRI path segment."""
    s = _UNSAFE.sub("-", key.strip()).strip("-")
    return s or "_"


class URIs:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def agency(self, agency_id: str) -> str:
        return f"{self.base}/id/agency/{agency_id}"

    def unit(self, agency_id: str, name: str) -> str:
        return f"{self.agency(agency_id)}/unit/{segment(name)}"

    def catalogue(self, catalogue_id: str) -> str:
        return f"{self.base}/id/catalogue/{catalogue_id}"

    def activity(self, catalogue_id: str) -> str:
        return f"{self.catalogue(catalogue_id)}/build"

    def item(self, catalogue_id: str, key: str) -> str:
        return f"{self.base}/id/item/{catalogue_id}/{segment(key)}"

    def law(self, identifier: str) -> str:
        return f"{self.base}/id/law/{segment(identifier)}"

    def scheme(self, scheme: str) -> str:
        return f"{self.base}/id/concept/{scheme}"

    def concept(self, scheme: str, key: str) -> str:
        return f"{self.scheme(scheme)}/{segment(key)}"

    def category_scheme(self, catalogue_id: str) -> str:
        return self.scheme(f"category/{catalogue_id}")

    def category(self, catalogue_id: str, key: str) -> str:
        return f"{self.category_scheme(catalogue_id)}/{segment(key)}"

    def source(self, path: str) -> str:
        return f"{self.base}/source/{path}"

    @property
    def ontology(self) -> str:
        return f"{self.base}/def/zwgk"

    @property
    def ns(self) -> str:
        return f"{self.base}/def/zwgk#"

    # named graphs that hold what catalogues share
    @property
    def laws_graph(self) -> str:
        return f"{self.base}/id/law"

    @property
    def vocab_graph(self) -> str:
        return f"{self.base}/id/concept"
