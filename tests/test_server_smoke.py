"""The server answers on every kind of URI (a quick end-to-end check; details in the other server tests)."""
from urllib.parse import quote

import httpx
import pytest

PATHS = ["/", "/sparql", "/search?q=" + quote("年度报告"), "/id/item/yinzhou-ybj/" + quote("领导信息"),
         "/id/law/" + quote("国务院令第711号"), "/id/agency/ningbo-yinzhou-ybj", "/id/catalogue/city-ybj",
         "/vocab/concept/channel/website", "/vocab/concept/channel", "/vocab/def/zwgk", "/dumps/", "/catalog",
         "/.well-known/void", "/source/catalogues/000_beb97e4d7e9a21fa.txt"]


@pytest.mark.parametrize("path", PATHS)
def test_pages_answer(server, path):
    r = httpx.get(server + path, headers={"Accept": "text/html"})
    assert r.status_code == 200, r.text[:300]
