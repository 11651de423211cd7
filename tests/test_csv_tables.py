"""csv writer and harmonise-csv reader: RFC 4180 tables per class, lossless round trip, readable by csv/pandas/polars."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from harmonise.engine import ConvertOptions, convert
from harmonise.writers.csv import CLASS_TABLES, KEY_COLUMNS, escape, split_multi, table_columns
from harmonise.writers.json import record_dict
from tests.dcat_corpus import canon, convertible_files, corpus_ids, records
from tests.helpers import convert_file

ROOT = Path(__file__).resolve().parent.parent


def write_csv(path, reader, out: Path) -> Path:
    convert([str(path)], ["csv"], out, ConvertOptions(reader=reader))
    return out / "csv"


@pytest.mark.parametrize("path,reader", convertible_files(), ids=corpus_ids())
def test_model_csv_model_round_trip_is_lossless(path, reader, tmp_path):
    originals = records(path, reader)
    if not originals:
        pytest.skip("companion file: no records of its own")
    folder = write_csv(path, reader, tmp_path)
    back = [b for b in convert_file(folder) if b.dataset is not None]
    assert len(back) == len(originals)
    by_id = {b.dataset.id: b for b in back}
    for item in originals:
        again = by_id[item.dataset.id]
        assert again.result.account.balanced
        assert canon(record_dict(again.dataset), False) == canon(record_dict(item.dataset), False)


def test_folder_layout_and_fixed_column_order(corpus, tmp_path):
    folder = write_csv(corpus / "hdruk" / "example-hdruk300.json", None, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{stem}.csv" for stem in CLASS_TABLES.values())
    with (folder / "variables.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:5] == KEY_COLUMNS
    assert header[5:9] == ["name", "label", "description", "data_type"]
    assert header == table_columns()["Variable"]
    raw = (folder / "datasets.csv").read_bytes()
    assert raw.count(b"\r\n") >= 2 and raw.startswith(b"row_id,dataset_id,parent_id,slot,position,id,title")


def test_tables_open_in_csv_pandas_and_polars(corpus, tmp_path):
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    folder = write_csv(corpus / "hdruk" / "hdruk300.json", None, tmp_path)
    with (folder / "datasets.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    assert rows[0]["title"] == "Large test dataset"
    keywords = split_multi(rows[0]["keywords"])
    assert len(keywords) >= 3
    pdf = pandas.read_csv(folder / "datasets.csv", dtype=str, keep_default_na=False)
    pl = polars.read_csv(folder / "datasets.csv", infer_schema=False)
    assert pdf.shape == (1, len(table_columns()["Dataset"])) == pl.shape
    assert pdf.loc[0, "description"] == rows[0]["description"] == pl["description"][0]   # newlines survive
    agents = pandas.read_csv(folder / "agents.csv", dtype=str, keep_default_na=False)
    assert set(agents["dataset_id"]) == {rows[0]["id"]}
    assert "data_custodian" in set(agents["slot"])


def test_variables_join_to_their_tables(corpus, tmp_path):
    polars = pytest.importorskip("polars")
    folder = write_csv(corpus / "ukbiobank" / "Data_Dictionary_Showcase.csv", None, tmp_path)
    tables = polars.read_csv(folder / "tables.csv", infer_schema=False)
    variables = polars.read_csv(folder / "variables.csv", infer_schema=False)
    joined = variables.join(tables.select(["row_id", "name"]).rename({"row_id": "parent_id", "name": "table"}),
                            on="parent_id")
    assert joined.height == variables.height == 423
    values = polars.read_csv(folder / "values.csv", infer_schema=False)
    assert values.height > 0 and set(values["slot"]) == {"value_set"}


@pytest.mark.parametrize("values", [["a", "b"], ["x | y", "back\\slash", "pipe|inside"], ["", "z"], ["only"]])
def test_multi_value_cells_round_trip(values):
    from harmonise.writers.csv import SEPARATOR

    assert split_multi(SEPARATOR.join(escape(v) for v in values)) == values


def test_cli_converts_the_folder_back(corpus, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
    out = tmp_path / "a"
    subprocess.run([sys.executable, "-m", "harmonise", "convert", str(corpus / "hdruk" / "hdruk300.json"),
                    str(ROOT / "examples" / "hdruk-3.0"), "--to", "csv", "--out", str(out), "-q"],
                   check=True, cwd=ROOT, env=env)
    back = tmp_path / "b"
    done = subprocess.run([sys.executable, "-m", "harmonise", "convert", str(out / "csv"), "--to", "json",
                           "--out", str(back)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "2 records" in done.stderr
    assert len(list(back.glob("*.json"))) == 2
