"""Compact JSON-LD with a published @context (served at {base}/context.jsonld), so JavaScript
developers read `item.title` and `item.legalBasis` rather than full IRIs."""
from __future__ import annotations

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
D, DCAT, SKOS, RDFS = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", \
    "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/2000/01/rdf-schema#"
ORG, PROV, ELI, FOAF = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", \
    "http://data.europa.eu/eli/ontology#", "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"


def terms(ns: str) -> dict[str, tuple[str, str]]:
    """key → (IRI, kind) where kind is 'id' (link), 'zh' (Chinese text), 'int', 'str' or 'any'."""
    z = ns
    return {
        "label": (RDFS + "label", "zh"), "title": (D + "title", "zh"), "description": (D + "description", "zh"),
        "identifier": (D + "identifier", "str"), "isPartOf": (D + "isPartOf", "id"), "publisher": (D + "publisher", "id"),
        "audience": (D + "audience", "id"), "source": (D + "source", "id"), "language": (D + "language", "id"),
        "format": (D + "format", "str"), "date": (D + "date", "any"),
        "resource": (DCAT + "resource", "id"), "contactPoint": (DCAT + "contactPoint", "id"),
        "themeTaxonomy": (DCAT + "themeTaxonomy", "id"),
        "prefLabel": (SKOS + "prefLabel", "zh"), "altLabel": (SKOS + "altLabel", "zh"),
        "notation": (SKOS + "notation", "str"), "inScheme": (SKOS + "inScheme", "id"),
        "topConceptOf": (SKOS + "topConceptOf", "id"), "hasTopConcept": (SKOS + "hasTopConcept", "id"),
        "broader": (SKOS + "broader", "id"), "narrower": (SKOS + "narrower", "id"), "related": (SKOS + "related", "id"),
        "definition": (SKOS + "definition", "any"),
        "hasUnit": (ORG + "hasUnit", "id"), "unitOf": (ORG + "unitOf", "id"),
        "linkedTo": (ORG + "linkedTo", "id"), "name": (FOAF + "name", "zh"),
        "wasDerivedFrom": (PROV + "wasDerivedFrom", "id"), "wasGeneratedBy": (PROV + "wasGeneratedBy", "id"),
        "used": (PROV + "used", "id"), "endedAtTime": (PROV + "endedAtTime", "any"),
        "legalTitle": (ELI + "title", "zh"), "localId": (ELI + "id_local", "str"), "number": (ELI + "number", "str"),
        "documentType": (ELI + "type_document", "id"),
        "telephone": (VCARD + "hasTelephone", "id"), "fn": (VCARD + "fn", "zh"),
        "category": (z + "category", "id"), "code": (z + "code", "str"), "sequenceNumber": (z + "sequenceNumber", "str"),
        "rowNumber": (z + "rowNumber", "int"), "contentSpec": (z + "contentSpec", "zh"),
        "legalBasis": (z + "legalBasis", "id"), "legalBasisText": (z + "legalBasisText", "zh"),
        "timeLimit": (z + "timeLimit", "id"), "amount": (z + "amount", "int"), "unit": (z + "unit", "id"),
        "trigger": (z + "trigger", "zh"), "annualDeadline": (z + "annualDeadline", "any"),
        "monthlyDeadline": (z + "monthlyDeadline", "any"), "period": (z + "period", "id"),
        "subject": (z + "subject", "id"), "subjectText": (z + "subjectText", "zh"),
        "responsibleUnit": (z + "responsibleUnit", "id"), "responsibleUnitText": (z + "responsibleUnitText", "zh"),
        "channel": (z + "channel", "id"), "method": (z + "method", "id"), "disclosureType": (z + "disclosureType", "id"),
        "stage": (z + "stage", "id"), "phone": (z + "phone", "str"), "inheritedProperty": (z + "inheritedProperty", "id"),
        "marker": (z + "marker", "str"), "sourceExtract": (z + "sourceExtract", "id"), "sourceFile": (z + "sourceFile", "str"),
        "firstLine": (z + "firstLine", "int"), "lastLine": (z + "lastLine", "int"), "region": (z + "region", "zh"),
        "itemCount": (z + "itemCount", "int"),
    }


def context(ns: str) -> dict:
    ctx: dict = {"@version": 1.1, "id": "@id", "type": "@type", "xsd": XSD, "zwgk": ns}
    for key, (iri, kind) in terms(ns).items():
        if kind == "id":
            ctx[key] = {"@id": iri, "@type": "@id"}
        elif kind == "zh":
            ctx[key] = {"@id": iri, "@language": "zh"}
        elif kind == "int":
            ctx[key] = {"@id": iri, "@type": XSD + "integer"}
        elif kind == "str":
            ctx[key] = {"@id": iri}  # plain strings (no @type: RDF 1.1 simple literals)
        else:
            ctx[key] = {"@id": iri}
    return {"@context": ctx}


def compact(triples: list[ox.Triple], ns: str, context_url: str) -> dict:
    by_iri = {iri: (key, kind) for key, (iri, kind) in terms(ns).items()}
    nodes: dict[str, dict] = {}
    for t in triples:
        sid = t.subject.value if isinstance(t.subject, ox.NamedNode) else f"_:{t.subject.value}"
        node = nodes.setdefault(sid, {"id": sid})
        p, o = t.predicate.value, t.object
        if p == RDF + "type" and isinstance(o, ox.NamedNode):
            node.setdefault("type", []).append(o.value)
            continue
        key, kind = by_iri.get(p, (p, "any"))
        node.setdefault(key, []).append(_value(o, kind))
    graph = []
    for node in nodes.values():
        graph.append({k: (v[0] if isinstance(v, list) and len(v) == 1 and k != "type" else v) for k, v in node.items()})
    return {"@context": context_url, "@graph": graph}


def _value(o, kind: str):
    if isinstance(o, ox.NamedNode):
        return o.value if kind == "id" else {"@id": o.value}
    if isinstance(o, ox.BlankNode):
        return {"@id": f"_:{o.value}"}
    if isinstance(o, ox.Literal):
        if o.language:
            return o.value if kind == "zh" and o.language == "zh" else {"@value": o.value, "@language": o.language}
        dt = o.datatype.value
        if (kind == "int" and dt == XSD + "integer") or (kind in ("str", "any") and dt == XSD + "string"):
            return o.value
        if dt == XSD + "string":
            return {"@value": o.value}  # a value object: the key's default language does not apply
        return {"@value": o.value, "@type": dt}
    return {"@value": str(o)}
