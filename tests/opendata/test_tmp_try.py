import pytest
from collections import Counter
from lxml import etree
from actionplan.opendata import iati
from tests.opendata.iati_rules import Checker, codelist_failures

def test_try(demo):
    root = etree.fromstring(b"".join(iati.iter_iati(None)))
    f = Checker().check(root)
    print(len(root), Counter(x.rule for x in f))
    for x in f[:10]: print(x)
    print(codelist_failures(root)[:20])
    from actionplan.projects.models import Project
    print(Counter((p.status, bool(p.start), bool(p.end), p.start_precision) for p in Project.objects.all()))
