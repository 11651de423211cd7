"""The Dask path gives the same outputs and report as one process; the CLI never imports Dask."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harmonise import parallel
from harmonise.engine import ConvertOptions, convert

from test_parallel import _files, bulk, small_shards  # noqa: F401  (fixtures)

pytest.importorskip("distributed")


def _entries(report):
    return [r.to_dict() for r in report.records]


def test_local_cluster_equals_one_process(bulk, corpus, tmp_path, small_shards):
    from dask.distributed import Client, LocalCluster

    from harmonise.distributed import convert_on_dask

    inputs = [str(bulk), str(corpus / "hdruk_dataset_v2")]
    one, errors_one = convert(inputs, ["jsonl", "json"], tmp_path / "one", ConvertOptions())
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dist, errors_dist = convert_on_dask(inputs, ["jsonl", "json"], tmp_path / "dask", client=client)
        # --rdf-layout single: the client appends what the workers encoded, to one file per format
        single = ConvertOptions()
        single.write.extra["rdf_layout"] = "single"
        convert_on_dask(inputs, ["ttl", "nt"], tmp_path / "dask-single", options=single, client=client)
    assert _entries(dist) == _entries(one)
    assert [e.located() for e in errors_dist] == [e.located() for e in errors_one]
    assert dist.summary()["records"] == 240 + 12
    assert _files(tmp_path / "dask") == _files(tmp_path / "one")
    convert(inputs, ["ttl", "nt"], tmp_path / "one-single", single)
    files = _files(tmp_path / "dask-single")
    assert files == _files(tmp_path / "one-single") and sorted(files) == ["harmonised.nt", "harmonised.ttl"]
    assert files["harmonised.ttl"].count(b" a dcat:Dataset ;") == 240 + 12


def test_dask_bag_without_a_cluster(bulk, tmp_path, small_shards):
    from harmonise.distributed import convert_on_dask

    one, _ = convert([str(bulk)], ["jsonl"], tmp_path / "one", ConvertOptions())
    bag, _ = convert_on_dask([str(bulk)], ["jsonl"], tmp_path / "bag", window=3)
    assert _entries(bag) == _entries(one)
    assert (tmp_path / "bag" / "harmonised.jsonl").read_bytes() == (tmp_path / "one" / "harmonised.jsonl").read_bytes()
    single = ConvertOptions()
    single.write.extra["rdf_layout"] = "single"
    convert([str(bulk)], ["nt"], tmp_path / "one-nt", single)
    convert_on_dask([str(bulk)], ["nt"], tmp_path / "bag-nt", options=single, window=3)
    assert _files(tmp_path / "bag-nt") == _files(tmp_path / "one-nt") and list(_files(tmp_path / "one-nt")) == ["harmonised.nt"]


def test_cli_never_imports_dask(tmp_path, corpus):
    code = ("import sys; from harmonise.cli import main\n"
            "try:\n    main(['convert', sys.argv[1], '--to', 'jsonl', '--out', sys.argv[2], '-j', '2', '-q'])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m == 'dask' or m.startswith(('dask.', 'distributed'))))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus / "hdruk_dataset_v2"), str(tmp_path / "o")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "o" / "harmonised.jsonl").read_bytes().count(b"\n") == 12
