import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from actionplan.core.services import SYSTEM
from actionplan.indicators.bulk import (
    CsvImportError,
    import_observations_csv,
    number_text,
    read_observations_csv,
)
from actionplan.indicators.models import Indicator, Observation
from actionplan.indicators.services import (
    ObservationEntry,
    ObservationEntryErrors,
    observations_create_many,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages compared in English, whichever catalogue is compiled; one test checks Danish."""
    with translation.override("en"):
        yield


@pytest.fixture
def eud():
    return factories.indicator(name="EUD-søgning", measure=Indicator.Measure.PERCENTAGE)


@pytest.fixture
def waste():
    return factories.indicator(name="Genanvendt affald i Ø-området", unit="ton")


def _import(text: str, *indicators, encoding="utf-8"):
    return import_observations_csv(actor=SYSTEM, data=text.encode(encoding), indicators=indicators)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("14,5", "14.5"), ("1.234,5", "1234.5"), ("120 000", "120000"), ("-3", "-3"), ("N/A", "N/A")],
)
def test_numbers_are_read_the_danish_way(typed, read):
    assert number_text(typed) == read


def test_a_percentage_may_end_in_a_percent_sign():
    assert number_text("14 %", Indicator.Measure.PERCENTAGE) == "14"


def test_a_semicolon_file_with_a_danish_header_is_recorded(eud):
    created = _import(f"indikator;dato;værdi;kilde\n{eud.pk};31.12.2021;14,5;UVM\n", eud)
    assert [(o.date, o.value, o.source) for o in created] == [
        (dt.date(2021, 12, 31), Decimal("14.5"), "UVM")
    ]


def test_a_comma_file_finds_the_indicator_by_name_in_any_case(eud):
    _import('Indicator,Date,Value,Note\n"eud-SØGNING",2021-12-31,"14,5",ny opgørelse\n', eud)
    assert eud.observations.get().note == "ny opgørelse"


def test_excels_byte_order_mark_is_ignored(eud):
    _import(f"\ufeffindikator;dato;værdi\n{eud.pk};31.12.2021;14\n", eud)
    assert eud.observations.count() == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_unicode_text_file_with_its_byte_order_mark_is_read(waste, encoding):
    """Excel's "Unicode text" is UTF-16 with a byte order mark."""
    text = "indikator;dato;værdi\nGenanvendt affald i Ø-området;31.12.2021;1.200\n"
    if encoding == "utf-16-be":
        text = "\ufeff" + text  # the other two codecs write their byte order mark themselves
    _import(text, waste, encoding=encoding)
    assert waste.observations.get().value == Decimal(1200)


def test_a_latin_1_file_is_read(waste):
    _import(
        "indikator;dato;værdi\nGenanvendt affald i Ø-området;31.12.2021;1.200\n",
        waste,
        encoding="latin-1",
    )
    assert waste.observations.get().value == Decimal(1200)


def test_one_bad_row_records_no_row_at_all(eud):
    text = f"indikator;dato;værdi\n{eud.pk};31.12.2020;14\n{eud.pk};31.12.2021;N/A\n"
    with pytest.raises(CsvImportError):
        _import(text, eud)
    assert not Observation.objects.exists()


def test_errors_name_the_row_and_the_column_as_the_file_writes_it(eud):
    text = f"indikator;dato;Værdi\n{eud.pk};31.12.2020;14\n{eud.pk};31.12.2021;140\n"
    with pytest.raises(CsvImportError) as refused:
        _import(text, eud)
    assert refused.value.messages[0].startswith("row 3, column Værdi:")


def test_errors_are_written_in_danish_when_danish_is_active(eud):
    text = f"indikator;dato;værdi\n{eud.pk};31.12.2021;N/A\n"
    with translation.override("da"), pytest.raises(CsvImportError) as refused:
        _import(text, eud)
    assert refused.value.messages[0].startswith("række 2, kolonne værdi: ")


def test_every_bad_row_is_reported_in_row_order(eud):
    text = f"indikator;dato;værdi\n{eud.pk};31.12.2019;x\nukendt;31.12.2020;14\n{eud.pk};2021;14\n"
    with pytest.raises(CsvImportError) as refused:
        _import(text, eud)
    assert [m.split(":")[0] for m in refused.value.messages] == [
        "row 2, column værdi",
        "row 3, column indikator",
        "row 4, column dato",
    ]


def test_two_rows_for_the_same_indicator_and_date_are_refused(eud):
    text = f"indikator;dato;værdi\n{eud.pk};31.12.2021;14\n{eud.pk};31.12.2021;15\n"
    with pytest.raises(CsvImportError) as refused:
        _import(text, eud)
    assert refused.value.messages[0].startswith("row 3, column dato:")


def test_an_indicator_of_another_plan_is_not_found_by_its_id(eud):
    other = factories.indicator()
    with pytest.raises(CsvImportError) as refused:
        _import(f"indikator;dato;værdi\n{other.pk};31.12.2021;14\n", eud)
    assert "row 2, column indikator" in refused.value.messages[0]
    assert not other.observations.exists()


def test_a_missing_column_is_reported_on_the_header_row(eud):
    with pytest.raises(CsvImportError) as refused:
        _import(f"indikator;værdi\n{eud.pk};14\n", eud)
    assert refused.value.messages[0].startswith("row 1:")


def test_an_empty_file_is_refused(eud):
    with pytest.raises(CsvImportError):
        _import("", eud)


def test_a_qualitative_indicator_takes_the_value_as_text():
    status = factories.indicator(measure=Indicator.Measure.QUALITATIVE)
    _import(f"indikator;dato;værdi\n{status.pk};31.12.2021;Strategien er vedtaget\n", status)
    assert status.observations.get().text == "Strategien er vedtaget"


def test_reading_alone_records_nothing(eud):
    read = read_observations_csv(f"indikator;dato;værdi\n{eud.pk};31.12.2021;14\n".encode(), [eud])
    assert len(read.rows) == 1 and read.errors == []
    assert not Observation.objects.exists()


def test_observations_create_many_reports_errors_by_position_and_records_none(eud, waste):
    entries = [
        ObservationEntry(indicator=waste, date=dt.date(2021, 1, 1), value="10"),
        ObservationEntry(indicator=eud, date=dt.date(2021, 1, 1), value="140"),
    ]
    with pytest.raises(ObservationEntryErrors) as refused:
        observations_create_many(actor=SYSTEM, entries=entries)
    assert list(refused.value.errors) == [1]
    assert "value" in refused.value.errors[1]
    assert not Observation.objects.exists()
