"""Readers for the general exchange formats (issue #7): DDI Codebook, Frictionless Data
Package, CSVW, CKAN, DataCite (JSON + XML), schema.org JSON-LD and the UK government (CDDO)
model. Every corpus file of these formats converts, with real values asserted, every
source value accounted, and bad input failing alone with a located message."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from conftest import EXAMPLES
from helpers import convert_file, only

from harmonise import normalise
from harmonise.normalise.base import Rejected

import harmonise.mappings._exchange  # noqa: F401  (registers enum_uri / language_uri)
import harmonise.mappings.datapackage.reader  # noqa: F401  (registers field_required)


def ok(item):
    """The record converted, validated, and every source value was accounted exactly once."""
    assert item.dataset is not None, item.report.messages
    account = item.result.account
    assert account.source_values > 0
    assert len(account.mapped) + len(account.normalised) + len(account.unmapped) == account.source_values
    pointers = [p for p, _ in account.mapped] + [e[0] for e in account.normalised] + [p for p, _, _ in account.unmapped]
    assert len(pointers) == len(set(pointers)), "a source value was accounted twice"
    return item.dataset


def extension_pointers(dataset) -> set[str]:
    return {e.source_pointer for e in dataset.extensions or []}


# -- DDI Codebook ------------------------------------------------------------------------
def test_ddi_ipums_codebook(corpus):
    item = only(corpus / "ddi" / "ipums_cps_00157.xml")
    d = ok(item)
    assert item.report.reader == "ddi-codebook"
    assert d.id == "ddi2-ef0cf890-f532-0138-e5de-0242ac1d0007-cps_00157.dat-cps.ipums.org"
    assert d.title == "User Extract cps_00157.dat"
    assert d.issued == "2023-07-10"
    assert d.temporal_coverage.start_date == "1962-03" and d.temporal_coverage.end_date == "1963-03"
    assert [(p.code, p.label) for p in d.spatial_coverage] == [("US", "United States")]
    assert d.keywords[0] == "Technical Variables -- HOUSEHOLD" and len(d.keywords) == 4
    assert d.access_rights.startswith("Users of IPUMS-CPS data must agree")
    assert [t.name for t in d.tables] == ["cps_00157.dat"]
    table = d.tables[0]
    assert table.source_identifier == "ExtractData" and table.description == "Microdata records"
    variables = {v.name: v for v in table.variables}
    assert list(variables) == ["YEAR", "SERIAL", "MONTH", "ASECWTH", "STATEFIP", "PERNUM", "ASECWT", "INCTOT"]
    assert len(variables["MONTH"].value_set) == 12
    assert (variables["MONTH"].value_set[0].code, variables["MONTH"].value_set[0].label) == ("01", "January")
    assert len(variables["STATEFIP"].value_set) == 75
    assert variables["YEAR"].data_type == "integer" and variables["ASECWTH"].data_type == "decimal"
    assert variables["INCTOT"].notes.startswith("Codes999999999 = N.I.U.")
    assert {"property": "ddi:StartPos", "value": "38"} in [a.model_dump() for a in variables["INCTOT"].annotations]
    assert item.result.account.source_values == 367
    # the codebook document's own citation is kept, located by XPath
    assert "/codeBook/docDscr/citation/titlStmt/titl" in extension_pointers(d)
    assert "/codeBook/dataDscr/var[3]/concept/@vocab" in extension_pointers(d)


def test_ddi_example_categories_with_frequencies_and_missing_codes():
    d = ok(only(EXAMPLES / "ddi-codebook" / "heart-cohort-wave1.xml"))
    assert d.id == "EDA-9001"  # the study's IDNo outranks the codebook's ID
    assert (d.title, d.short_title, d.version, d.modified) == ("Northern Heart Cohort, Wave 1", "NHC W1", "1.1", "2024-06-15")
    assert d.publisher.name == "Example Data Archive" and d.publisher.homepage == "https://archive.example.org"
    assert d.contact_points[0].email == "data@archive.example.org"
    assert [p.code for p in d.spatial_coverage] == ["GB", "GB-ENG"]
    assert (d.temporal_coverage.start_date, d.temporal_coverage.end_date) == ("2019-01-07", "2020-03-20")
    table = d.tables[0]
    assert (table.name, table.row_count) == ("nhc_w1_participants.tab", 1250)
    smoker = table.variables[1]
    assert [(c.code, c.label, c.frequency, c.is_missing) for c in smoker.value_set] == [
        ("1", "Yes", 212, None), ("2", "No", 1019, None), ("-9", "Refused", 19, True)]
    assert {"property": "ddi:question", "value": "Do you smoke at all nowadays?"} in [a.model_dump() for a in smoker.annotations]
    sbp = table.variables[2]
    assert (sbp.data_type, sbp.source_data_type) == ("decimal", "numeric")
    assert {"property": "ddi:sumStat:max", "value": "221.0"} in [a.model_dump() for a in sbp.annotations]


def _codebook(variables: int) -> str:
    parts = ['<?xml version="1.0"?>\n<codeBook xmlns="ddi:codebook:2_5" version="2.5"><stdyDscr><citation>'
             '<titlStmt><titl>Big survey</titl></titlStmt></citation></stdyDscr><dataDscr>']
    for n in range(variables):
        parts.append(f'<var name="v{n}" ID="V{n}"><labl>Question {n}</labl>'
                     f'<catgry><catValu>1</catValu><labl>Yes</labl><catStat type="freq">{n}</catStat></catgry>'
                     f'<catgry><catValu>2</catValu><labl>No</labl></catgry></var>')
    parts.append("</dataDscr></codeBook>")
    return "".join(parts)


def test_ddi_large_codebook_streams(tmp_path):
    path = tmp_path / "big.xml"
    path.write_text(_codebook(4000), encoding="utf-8")
    item = only(path)
    d = ok(item)
    table = d.tables[0]
    assert table.name == "variables" and len(table.variables) == 4000
    assert table.variables[3999].value_set[0].frequency == 3999
    # per variable: @name, @ID, labl, 2 x (catValu, labl), catStat and its @type; plus titl and @version
    assert item.result.account.source_values == 2 + 4000 * 9
    assert [p for p, _v, _w in item.result.account.unmapped] == ["/codeBook/@version"]


def test_ddi_never_expands_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE codeBook [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
                    '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>Safe &xxe;</titl>'
                    '</titlStmt></citation></stdyDscr></codeBook>', encoding="utf-8")
    items = convert_file(path)
    assert "TOP-SECRET-CONTENT" not in json.dumps([i.report.to_dict() for i in items], default=str)
    if items[0].dataset is not None:
        assert "TOP-SECRET" not in items[0].dataset.model_dump_json()


def test_ddi_broken_and_untitled_codebooks_fail_alone_with_a_location(tmp_path):
    broken = tmp_path / "a_broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<codeBook xmlns="ddi:codebook:2_5">\n<stdyDscr>\n</codeBook>', encoding="utf-8")
    untitled = tmp_path / "b_untitled.xml"
    untitled.write_text('<codeBook xmlns="ddi:codebook:2_5"><stdyDscr/><dataDscr><var name="x"/></dataDscr></codeBook>',
                        encoding="utf-8")
    good = tmp_path / "c_good.xml"
    good.write_text(_codebook(2), encoding="utf-8")
    items = convert_file(tmp_path)
    assert [i.report.status for i in items] == ["failed", "failed", "ok"]
    assert "malformed XML" in items[0].report.messages[0] and "line 4" in items[0].report.messages[0]
    assert "/codeBook/stdyDscr/citation/titlStmt/titl" in items[1].report.messages[0]
    assert items[2].dataset.title == "Big survey"


# -- Frictionless Data Package -----------------------------------------------------------
def test_datapackage_country_codes_legacy_layout(corpus):
    item = only(corpus / "datapackage" / "datasets_country-codes_datapackage.json")
    d = ok(item)
    assert item.result.format_version == "pre-1.0"
    assert d.id == "country-codes" and d.title.startswith("Comprehensive country codes")
    assert d.license == "http://opendatacommons.org/licenses/pddl/"
    assert d.modified == "2023-09-25"
    assert len(d.derived_from) == 7 and d.derived_from[4].title == "Statoids"
    assert d.creators[0].name == "Evan Wheeler"
    assert [t.name for t in d.tables] == ["country-codes"] and len(d.tables[0].variables) == 55
    fifa = d.tables[0].variables[0]
    assert (fifa.name, fifa.label, fifa.data_type) == ("FIFA", "FIFA code", "string")
    assert d.distributions[0].download_url == "data/country-codes.csv"
    assert "/datapackage_version" in extension_pointers(d)


def test_datapackage_covid_resources_are_tables_and_distributions(corpus):
    d = ok(only(corpus / "datapackage" / "datasets_covid-19_datapackage.json"))
    assert d.id == "covid-19" and d.title == "Novel Coronavirus 2019"
    assert len(d.tables) == 8 and len(d.distributions) == 8
    first = d.tables[0]
    assert first.name == "countries-aggregated" and first.url == "data/countries-aggregated.csv"
    assert (first.variables[0].name, first.variables[0].data_type, first.variables[0].format) == ("Date", "date", "%Y-%m-%d")
    assert first.variables[1].format is None  # "default" says nothing
    assert d.distributions[0].media_type == "text/csv"
    assert "/resources/0/encoding" in extension_pointers(d)


def test_datapackage_example_enum_keys_and_plain_files():
    d = ok(only(EXAMPLES / "datapackage" / "datapackage.json"))
    clinics, waits = d.tables
    assert [c.code for c in clinics.variables[1].value_set] == ["CARD", "DERM", "ORTH"]
    assert clinics.variables[0].is_primary_key and clinics.variables[0].requirement == "mandatory"
    assert waits.variables[1].references == "clinics.clinic_code"
    assert waits.variables[0].source_data_type == "yearmonth"
    assert [x.title for x in d.distributions] == ["clinics", "waits", "methodology"]  # the PDF is a file, not a table


def test_datapackage_pre_v1_keys(tmp_path):
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({
        "id": "legacy-pkg", "title": "Legacy", "datapackage_version": "1.0-beta.10",
        "license": {"type": "odc-pddl", "url": "http://opendatacommons.org/licenses/pddl/"},
        "sources": [{"name": "Upstream", "web": "https://example.org/upstream"}],
        "maintainers": [{"name": "Jo Bloggs", "email": "jo@example.org"}],
        "resources": [{"url": "https://example.org/x.csv", "schema": {"fields": [{"id": "age", "type": "integer"}]}}],
    }), encoding="utf-8")
    d = ok(only(path))
    assert d.id == "legacy-pkg" and d.license == "http://opendatacommons.org/licenses/pddl/"
    assert (d.derived_from[0].title, d.derived_from[0].url) == ("Upstream", "https://example.org/upstream")
    assert d.contact_points[0].email == "jo@example.org"
    assert d.tables[0].variables[0].name == "age" and d.distributions[0].access_url == "https://example.org/x.csv"


# -- CSVW --------------------------------------------------------------------------------
def test_csvw_hes_apc(corpus):
    item = only(corpus / "csvw" / "cured_hes_apc.json")
    d = ok(item)
    assert d.id == "apc"
    assert d.title == "Hospital Episide Statistics (HES) Admitted Patient Care (APC) data set"  # sic, the source's
    assert [(t, why[:30]) for t, _v, why in item.result.account.defaulted] == [("title", "CSVW metadata has no dc:title;")]
    table = d.tables[0]
    assert (table.name, table.url) == ("apc", "FILE*HES_APC*.txt")
    assert table.description.startswith("https://digital.nhs.uk/")
    assert len(table.variables) == 265
    admidate = next(v for v in table.variables if v.name == "ADMIDATE")
    assert (admidate.data_type, admidate.source_data_type) == ("date", "date")
    assert {"/dialect/delimiter", "/dialect/header"} <= extension_pointers(d)


def test_csvw_deaths(corpus):
    d = ok(only(corpus / "csvw" / "cured_civil_registration_deaths.json"))
    assert (d.id, d.title) == ("crd", "Civil Registrations: Deaths")
    assert len(d.tables[0].variables) == 19 and d.tables[0].variables[7].name == "postcode"
    assert {v.data_type for v in d.tables[0].variables} == {"string"}


def test_csvw_variant_spellings_keep_the_source_pointer():
    d = ok(only(EXAMPLES / "csvw" / "a_and_e-attendances.csv-metadata.json"))
    assert d.title == "A&E attendances extract (example)" and d.publisher.name == "Example NHS Trust"
    cols = d.tables[0].variables
    assert [(c.name, c.label, c.data_type) for c in cols] == [
        ("attendance_id", "Attendance ID", "integer"), ("arrival", "Arrival date and time", "datetime"),
        ("triage_category", "Triage category", "string")]
    assert cols[0].is_primary_key and cols[0].requirement == "mandatory"
    assert cols[1].format == "yyyy-MM-ddTHH:mm"
    assert "/dialect/delimeter" in extension_pointers(d)  # reported as the file spells it


def test_csvw_single_table_form(tmp_path):
    path = tmp_path / "single.json"
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/csvw", "url": "people.csv", "dc:title": "People",
                                "tableSchema": {"columns": [{"name": "id", "datatype": "integer"},
                                                            {"name": "born", "datatype": "gYear"}]}}), encoding="utf-8")
    d = ok(only(path))
    assert d.title == "People" and d.tables[0].name == "people.csv"
    assert [v.data_type for v in d.tables[0].variables] == ["integer", "integer"]


# -- CKAN --------------------------------------------------------------------------------
def test_ckan_package_show_envelope(corpus):
    item = only(corpus / "ckan" / "datagovuk_package_show_bgs_seabed.json")
    d = ok(item)
    assert item.result.pointer == "/result"
    assert d.id == "5e2d4ec4-2df6-4c3f-b559-93321a213d29"
    assert d.title == "UK continental shelf seabed sediments (1:1 million scale)"
    assert d.publisher.name == "British Geological Survey" and d.publisher.identifier == "british-geological-survey"
    assert d.contact_points[0].email == "enquiries@bgs.ac.uk"
    assert (d.temporal_coverage.start_date, d.temporal_coverage.end_date) == ("2005", "2008")
    assert "9df8df52-d786-37a8-e044-0003ba9b0d98" in d.alternate_identifiers  # extras guid
    assert d.license.startswith("Either: (i) the dataset is made freely available")  # extras licence
    assert d.distributions[0].access_url == "http://www.bgs.ac.uk/" and d.distributions[0].title == "BGS Homepage"
    exts = {e.source_pointer: e for e in d.extensions}
    assert exts["/extras/8/value"].reason == "rejected"  # frequency-of-update "asNeeded"
    assert "/extras/2/key" in exts and "/metadata_created" in exts


def test_ckan_bare_package(corpus):
    d = ok(only(corpus / "ckan" / "datagovuk_package_show_inner_civil-service-people-survey-2011.json"))
    assert d.title == "Civil Service People Survey 2011"
    assert d.license == "http://reference.data.gov.uk/id/open-government-licence"
    assert d.accrual_periodicity == "Static"  # data.gov.uk "never"
    assert [x.format for x in d.distributions] == ["PDF", "PDF", "XLS", "CSV"]
    assert d.keywords == ["government"]
    assert (d.issued, d.modified) == ("2012-02-01", "2012-02-01")


def test_ckan_health_dcat_ap_fields(corpus):
    item = only(corpus / "ckan" / "ckanext-dcat_health_dcat_ap.json")
    d = ok(item)
    assert item.result.pointer == "/0"
    assert d.access_level == "NON_PUBLIC" and d.accrual_periodicity == "Daily"
    assert d.health_categories == ["PHDR", "IDHP", "DIOH", "EHRS"]
    assert (d.population_size, d.number_of_records, d.min_typical_age, d.max_typical_age) == (7654321, 123456789, 0, 110)
    assert d.languages == ["en", "nl", "fr"]
    assert d.hdab.name == "EU Health Data Access Body" and d.hdab.contact_points[0].email == "hdab@example.com"
    assert d.spatial_coverage[0].iri == "http://publications.europa.eu/resource/authority/country/BEL"
    assert d.related_resources == ["http://example.com/dataset/9876543210"]
    assert d.synthetic_data_links == ["http://example.com/sample"]
    assert (d.temporal_coverage.start_date, d.temporal_coverage.end_date) == ("2020-03-01", "2024-12-31")
    assert {e.source_pointer: e.reason for e in d.extensions}["/creator/0/url"] == "rejected"


def test_ckan_package_search_and_a_bad_result_fails_alone(tmp_path):
    items = convert_file(EXAMPLES / "ckan" / "package_search-health.json")
    assert [i.result.pointer for i in items] == ["/result/results/0", "/result/results/1"]
    first, second = (ok(i) for i in items)
    assert first.contact_points[0].model_dump(exclude_none=True) == {"name": "Maternity statistics team",
                                                                    "email": "maternity.stats@example.org"}
    assert first.accrual_periodicity == "Monthly" and first.distributions[0].byte_size == 20480
    assert second.access_level == "RESTRICTED" and second.population_size == 48210
    doc = json.loads((EXAMPLES / "ckan" / "package_search-health.json").read_text())
    doc["result"]["results"].insert(1, "not a package")
    doc["result"]["results"][2].pop("title")
    path = tmp_path / "search.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    items = convert_file(path, reader="ckan")
    assert [i.report.status for i in items] == ["ok", "failed", "failed"]
    assert "/result/results/1" in items[1].report.messages[0] and "expected a JSON object" in items[1].report.messages[0]
    assert "/result/results/2/title" in items[2].report.messages[0]


def test_ckan_api_error_is_reported(tmp_path):
    path = tmp_path / "error.json"
    path.write_text(json.dumps({"help": "https://x/api/3/action/help_show?name=package_show", "success": False,
                                "error": {"message": "Not found", "__type": "Not Found Error"}}), encoding="utf-8")
    item = only(path)
    assert item.report.status == "failed" and "the CKAN API reported an error: Not found" in item.report.messages[0]


# -- DataCite ------------------------------------------------------------------------------
def test_datacite_json(corpus):
    d = ok(only(corpus / "datacite" / "bolognese_datacite.json"))
    assert (d.id, d.doi, d.title) == ("https://doi.org/10.5438/4k3m-nyvg", "10.5438/4k3m-nyvg", "Eating your own Dog Food")
    assert d.creators[0].model_dump(exclude_none=True) == {"name": "Fenner, Martin",
                                                           "identifier": "http://orcid.org/0000-0003-1419-2405",
                                                           "agent_type": "http://xmlns.com/foaf/0.1/Person"}
    assert d.keywords == ["datacite", "doi", "metadata"] and d.version == "1.0"
    assert d.is_part_of[0].pid == "https://doi.org/10.5438/0000-00ss"
    assert d.description.startswith("Eating your own dog food is a slang term")
    assert "/descriptions/0/description" in extension_pointers(d)  # SeriesInformation has no slot


def test_datacite_xml_kernel_4_6(corpus):
    item = only(corpus / "datacite" / "datacite-example-full-v4.6.xml")
    d = ok(item)
    assert d.doi == "10.82433/B09Z-4K37" and d.id == "https://doi.org/10.82433/B09Z-4K37"
    assert (d.title, d.short_title) == ("Example Title", "Example AlternativeTitle")
    assert d.publisher.model_dump(exclude_none=True) == {"name": "Example Publisher", "identifier": "https://ror.org/04z8jg394"}
    assert [c.agent_type.rsplit("/", 1)[-1] for c in d.creators] == ["Person", "Organization"]
    assert d.license == "https://creativecommons.org/licenses/by/4.0/"
    assert (d.temporal_coverage.start_date, d.temporal_coverage.end_date) == ("2024-01-01", "2024-12-31")
    assert d.spatial_coverage[0].label == "Vancouver, British Columbia, Canada"
    assert d.languages == ["en"] and d.formats == ["application/xml", "text/plain"]
    assert d.contact_points[0].name == "ExampleFamilyName, ExampleGivenName"
    assert item.result.account.source_values == 524
    assert "/fundingReferences/0/funderName" in extension_pointers(d)


def test_datacite_examples_xml_and_api_envelope():
    xml = ok(only(EXAMPLES / "datacite" / "stroke-audit-dataset.xml"))
    assert (xml.doi, xml.short_title, xml.version) == ("10.99999/EXAMPLE-STROKE-2024", "SAAD 2023", "2023.1")
    assert xml.creators[0].identifier == "https://ror.org/00example0" and xml.languages == ["en"]
    assert xml.spatial_coverage[0].code == "GB-ENG"
    api = only(EXAMPLES / "datacite" / "api-response.json")
    assert api.result.pointer == "/data/attributes"
    assert ok(api).id == "https://doi.org/10.99999/example-asthma" and api.dataset.issued == "2023-09-01"


def test_datacite_broken_xml_is_located(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<resource xmlns="http://datacite.org/schema/kernel-4">\n<titles><title>x</titles>\n</resource>',
                    encoding="utf-8")
    item = only(path)
    assert item.report.status == "failed"
    assert "malformed XML" in item.report.messages[0] and "line 2" in item.report.messages[0]


# -- schema.org ----------------------------------------------------------------------------
@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_schemaorg_topmed(corpus, no_network):
    d = ok(only(corpus / "schemaorg" / "bolognese_schema_org_topmed.json"))
    assert (d.id, d.doi, d.title) == ("https://doi.org/10.23725/8na3-9s47", "10.23725/8na3-9s47", "NWD165827.recab.cram")
    assert d.alternate_identifiers == ["md5:3b33f6b9338fccab0901b7d317577ea3", "minid:ark:/99999/fk41CrU4eszeLUDe",
                                       "dataguid:dg.4503/c3d66dc9-58da-411c-83c4-dd656aa3c4b7"]
    assert [x.download_url[:5] for x in d.distributions] == ["s3://", "gs://"]
    assert (d.creators[0].name, d.publisher.name, d.data_custodian.name) == ("TOPMed IRC", "TOPMed", "DataCite")
    assert d.keywords == ["topmed", "whole genome sequencing"] and d.issued == "2017-11-30"
    assert "/funder/name" in extension_pointers(d)


def test_schemaorg_hdruk_google_recommended(corpus, no_network):
    for path in (corpus / "schemaorg" / "hdruk_schemata_schemaorg_googlerecommended.json", corpus / "hdruk" / "schemaorg.json"):
        d = ok(only(path))
        assert d.short_title == "HDR UK Papers & Preprints" and d.doi == "10.1093/ije/dyx196"
        assert (d.temporal_coverage.start_date, d.temporal_coverage.end_date) == ("2020-03-31", "2022-04-30")
        assert d.keywords == ["Preprints", "Papers", "HDR UK"]
        assert d.creators[0].name == "HDR UK Science Team"


def test_schemaorg_graph_example(no_network):
    item = only(EXAMPLES / "schemaorg" / "diabetes-registry.jsonld")
    d = ok(item)
    assert item.result.pointer == "/@graph/1"  # the DataCatalog node is not a record
    assert d.temporal_coverage.start_date == "2015-01-01" and d.temporal_coverage.ongoing is True
    assert d.spatial_coverage[0].code == "GB-WLS" and d.doi == "10.99999/example-rdr"
    assert [(v.name, v.unit) for v in d.tables[0].variables] == [("hba1c", "mmol/mol"), ("diabetes_type", None)]
    assert d.is_part_of[0].url == "https://data.example.org/catalog"


# -- UK government metadata exchange model (CDDO) -------------------------------------------
def test_cddo_data_service(corpus):
    d = ok(only(corpus / "ukgov_cddo" / "DataService-nhs-vaccination-events.yaml"))
    assert d.id == "https://digital.nhs.uk/developer/api-catalogue/vaccination-events-fhir"
    assert d.title == "Vaccination Events - FHIR" and len(d.keywords) == 13
    notes = {a.property: a.value for a in d.annotations}
    assert notes == {"cddo:type": "dcat:DataService", "cddo:serviceType": "EVENT", "cddo:serviceStatus": "LIVE",
                     "cddo:securityClassification": "NOT_APPLICABLE"}
    assert d.access_level == "NON_PUBLIC"  # INTERNAL: within government
    assert d.contact_points[0].email == "nrlnems.ls@nhs.net" and d.publisher.name == "nhs-digital"
    assert d.documentation == ["https://digital.nhs.uk/developer/api-catalogue/vaccination-events-fhir"]


def test_cddo_dataset(corpus):
    d = ok(only(corpus / "ukgov_cddo" / "Dataset-os-postcodes-datset.yaml"))
    assert d.title == "OS Postcodes Data" and d.abstract.startswith("Free and open postcode location data")
    assert (d.access_level, d.accrual_periodicity, d.version) == ("PUBLIC", "Quarterly", "2023-02")
    assert d.contact_points[0].model_dump(exclude_none=True) == {"name": "Ordnance Survey Customer Service Centre",
                                                                "email": "customerservices@os.uk"}
    assert len(d.distributions) == 2 and d.distributions[0].access_url.endswith("format=CSV&redirect")
    assert d.license == "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def test_cddo_example_and_broken_yaml(tmp_path):
    d = ok(only(EXAMPLES / "cddo" / "Dataset-community-pharmacy.yaml"))
    assert (d.issued, d.accrual_periodicity) == ("2024-03-05", "Monthly")  # an unquoted YAML date stays ISO text
    bad = tmp_path / "Dataset-bad.yaml"
    bad.write_text("identifier: x\ntype: dcat:Dataset\ntitle: [unclosed\n", encoding="utf-8")
    item = only(bad)
    assert item.report.status == "failed" and "malformed YAML" in item.report.messages[0]
    assert "line" in item.report.messages[0]


# -- the rules these readers add -------------------------------------------------------------
def test_enum_uri_rule():
    rule = normalise.get("enum_uri:Periodicity")
    assert rule("http://publications.europa.eu/resource/authority/frequency/DAILY") == "Daily"
    assert rule("freq:quarterly") == "Quarterly"
    assert rule("never") == "Static"  # by the enum value's meaning (euFrequency:NEVER)
    with pytest.raises(Rejected):
        rule("asNeeded")
    assert normalise.get("enum_uri:AccessLevel")("http://publications.europa.eu/resource/authority/access-right/PUBLIC") == "PUBLIC"


def test_language_uri_rule():
    rule = normalise.get("language_uri")
    assert rule("http://publications.europa.eu/resource/authority/language/NLD") == "nl"
    assert rule("en-GB") == "en"
    with pytest.raises(Rejected):
        rule("http://example.org/language/ZZQ")


def test_field_required_rule():
    rule = normalise.get("field_required")
    assert (rule(True), rule(False)) == ("mandatory", "optional")
    with pytest.raises(Rejected):
        rule("sometimes")


def test_every_exchange_format_file_converts(corpus):
    folders = ["ddi", "datapackage", "csvw", "ckan", "datacite", "schemaorg", "ukgov_cddo"]
    items = convert_file(corpus / folders[0]) + [i for f in folders[1:] for i in convert_file(corpus / f)]
    assert len(items) == 14
    assert all(i.dataset is not None for i in items), [i.report.messages for i in items if i.dataset is None]
    for item in items:
        ok(item)


def test_schemaorg_bioschemas_full_iri_keys(tmp_path, no_network):
    path = tmp_path / "bioschemas.json"
    path.write_text(json.dumps({
        "@context": "https://schema.org", "@type": "Dataset",
        "http://purl.org/dc/terms/conformsTo": {"@id": "https://bioschemas.org/profiles/Dataset/1.0-RELEASE",
                                                 "@type": "CreativeWork"},
        "https://schema.org/name": "Bio dataset",
        "keywords": [{"@type": "DefinedTerm", "name": "genomics"}],
        "license": {"@type": "CreativeWork", "name": "CC0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
    }), encoding="utf-8")
    d = ok(only(path))
    assert (d.title, d.keywords, d.conforms_to) == ("Bio dataset", ["genomics"],
                                                   ["https://bioschemas.org/profiles/Dataset/1.0-RELEASE"])
    assert d.license == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert {e.source_pointer for e in d.extensions} == {"/@context", "/license/name"}


def test_ckan_bulk_package_search_streams(tmp_path, monkeypatch):
    """Past the whole-file limit, detection reads a skeleton and the packages stream one by one."""
    import harmonise.sources

    doc = json.loads((EXAMPLES / "ckan" / "package_search-health.json").read_text())
    doc["result"]["results"] = [dict(doc["result"]["results"][0], id=f"pkg-{n}", title=f"Package {n}")
                                for n in range(50)]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(harmonise.sources, "WHOLE_JSON_LIMIT", 1024)
    items = convert_file(path)
    assert [i.dataset.id for i in items] == [f"pkg-{n}" for n in range(50)]
    assert items[49].result.pointer == "/result/results/49" and items[49].report.reader == "ckan"
    for item in items:
        ok(item)


def test_csvw_external_schema_is_kept_not_fetched(tmp_path, no_network):
    path = tmp_path / "group.json"
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/csvw", "dc:title": "Group",
                                "tables": [{"url": "a.csv", "tableSchema": "https://example.org/schema.json"},
                                           {"url": "b.csv", "tableSchema": {"columns": [{"name": "x"}]}}]}),
                    encoding="utf-8")
    d = ok(only(path))
    assert [t.name for t in d.tables] == ["a.csv", "b.csv"] and d.tables[1].variables[0].name == "x"
    ext = {e.source_pointer: e.note for e in d.extensions}
    assert ext["/tables/0/tableSchema"] == "external table schema (a URL; never fetched)"


def test_a_run_with_broken_files_converts_the_rest(tmp_path):
    """One CLI run over good and broken files: each broken file is named with its location, the rest convert."""
    import shutil

    from click.testing import CliRunner

    from harmonise.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "datapackage" / "datapackage.json", inputs / "datapackage.json")
    shutil.copy(EXAMPLES / "cddo" / "Dataset-community-pharmacy.yaml", inputs / "Dataset-ok.yaml")
    (inputs / "broken_datapackage.json").write_text('{"name": "x", "resources": [\n  {"path": "a.csv",}\n]}', encoding="utf-8")
    (inputs / "broken.xml").write_text('<codeBook xmlns="ddi:codebook:2_5">\n<stdyDscr>', encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(inputs), "--to", "json", "--out", str(tmp_path / "out"),
                                       "--report", str(tmp_path / "report.json")], catch_exceptions=False)
    assert result.exit_code == 2  # the CLI contract: some input files could not be read
    report = json.loads((tmp_path / "report.json").read_text())
    status = {Path(r["source"]).name: (r["status"], " ".join(r["messages"])) for r in report["records"]}
    assert status["datapackage.json"][0] == "ok" and status["Dataset-ok.yaml"][0] == "ok"
    assert status["broken_datapackage.json"][0] == "failed" and "line 2" in status["broken_datapackage.json"][1]
    assert status["broken.xml"][0] == "failed" and "malformed XML" in status["broken.xml"][1]
    assert "Traceback" not in result.output
