"""Tests of the docfacts Python package: its records and reports equal the CLI's.

The CLI is $DOCFACTS_BIN (a built `docfacts` binary), else `cargo run` in the repository.
Run from anywhere: paths are taken from the repository root.
"""

import gzip
import inspect
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import docfacts

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PDFS = [ROOT / "fixtures/pdf/en_000.pdf", ROOT / "fixtures/pdf/fa_002.pdf"]
COMPARE = ROOT / "fixtures/compare"


def cli(*args, stdin=None, ok=(0, 1)):
    """Runs the docfacts CLI in the repository root; its stdout."""
    binary = os.environ.get("DOCFACTS_BIN")
    command = [binary] if binary else ["cargo", "run", "--quiet", "--locked", "--"]
    done = subprocess.run(
        command + [str(a) for a in args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        env=dict(os.environ, DOCFACTS_NO_PROGRESS="1"),
    )
    assert done.returncode in ok, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def cli_records(*args, stdin=None):
    """The records `docfacts extract ARGS` prints."""
    return [json.loads(line) for line in cli("extract", "-q", *args, stdin=stdin).splitlines()]


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    """Relative paths mean the same to the package as to the CLI."""
    monkeypatch.chdir(ROOT)


def test_corpus_is_there():
    assert len(CORPUS) >= 5


def test_readme_one_liner():
    code = (
        "import docfacts; print(docfacts.extract('Nghị quyết số 57-NQ/TW ngày 22/12/2024')"
        "['doc_refs'][0]['id'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "57-NQ/TW\n"


@pytest.mark.parametrize("path", CORPUS + PDFS, ids=lambda p: p.name)
def test_extract_file_equals_cli(path):
    relative = path.relative_to(ROOT)
    [expected] = cli_records(relative)
    assert docfacts.extract_file(relative) == expected
    assert docfacts.extract_file(str(relative)) == expected


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_extract_text_equals_cli_stdin(path):
    data = path.read_bytes()
    [expected] = cli_records("-", stdin=data)
    assert docfacts.extract(data.decode("utf-8")) == expected
    assert docfacts.extract(data) == expected


def test_extract_forced_language_equals_cli():
    path = CORPUS[0].relative_to(ROOT)
    [expected] = cli_records("--lang", "en", path)
    assert docfacts.extract_file(path, lang="en") == expected
    assert expected["language"]["code"] == "en"


def test_extract_id():
    record = docfacts.extract("Quyết định số 142/QĐ-TTg", id="q142")
    assert record["id"] == "q142" and record["source"]["path"] == "-"
    assert docfacts.extract_file(CORPUS[0], id="x")["id"] == "x"


@pytest.mark.parametrize("threads", [1, 4])
def test_extract_many_equals_cli_on_corpus(threads):
    expected = cli_records("corpus")
    got = list(docfacts.extract_many(["corpus"], threads=threads))
    assert [r["id"] for r in got] == [p.stem for p in CORPUS]
    assert got == expected
    assert sum(len(r["doc_refs"]) + len(r["dates"]) + len(r["figures"]) for r in got) > 0


def test_extract_many_order_duplicates_and_error_records(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "c_copy.txt").write_bytes(CORPUS[1].read_bytes())
    (folder / "d_bad.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    paths = [str(CORPUS[1]), str(folder), str(tmp_path / "missing.txt"), str(CORPUS[0])]
    expected = cli_records(*paths)
    got = list(docfacts.extract_many(paths, threads=3))
    assert got == expected
    assert [r["status"] for r in got] == ["ok", "error", "error", "ok", "error", "error", "ok"]
    kinds = [r["error"]["kind"] for r in got if r["status"] == "error"]
    assert kinds[0] == "empty" and kinds[1] == "binary" and kinds[3] == "io"
    assert got[3]["duplicate_of"] == CORPUS[1].stem


def test_extract_many_opens_archives_like_cli(tmp_path):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in CORPUS[:3]:
            z.write(p, f"docs/{p.name}")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as t:
        t.add(CORPUS[3], arcname=CORPUS[3].name)
    (tmp_path / "more.tar.gz").write_bytes(gzip.compress(buffer.getvalue()))
    paths = [str(archive), str(tmp_path / "more.tar.gz")]
    expected = cli_records(*paths)
    got = list(docfacts.extract_many(paths, threads=2))
    assert got == expected and len(got) == 4
    assert got[0]["source"]["path"].startswith(str(archive) + "!/")


def test_extract_many_one_path_and_early_stop():
    first = next(iter(docfacts.extract_many(CORPUS[0])))
    assert first["id"] == CORPUS[0].stem
    # stopping early stops the run: nothing hangs, nothing leaks into the next batch
    many = docfacts.extract_many([str(p) for p in CORPUS] * 50, threads=2)
    assert next(many)["source"]["path"] == str(CORPUS[0])
    many.close()
    assert len(list(docfacts.extract_many(CORPUS, threads=2))) == len(CORPUS)


def test_extract_many_is_lazy_and_validates():
    with pytest.raises(ValueError):
        docfacts.extract_many(["corpus"], threads=0)
    with pytest.raises(ValueError):
        docfacts.extract_many(["corpus"], lang="xx")
    assert list(docfacts.extract_many([])) == []


def test_exceptions():
    with pytest.raises(docfacts.EmptyError) as empty:
        docfacts.extract("  \n")
    assert empty.value.kind == "empty"
    assert empty.value.record["status"] == "error"
    assert empty.value.record["error"]["kind"] == "empty"

    with pytest.raises(docfacts.IoError) as missing:
        docfacts.extract_file("no/such/file.txt")
    assert isinstance(missing.value, OSError) and isinstance(missing.value, docfacts.DocfactsError)
    assert missing.value.record["id"] == "file"

    with pytest.raises(docfacts.IoError) as folder:
        docfacts.extract_file("corpus")
    assert folder.value.record is None

    with pytest.raises(docfacts.BinaryError):
        docfacts.extract(bytes(range(256)) * 8)
    with pytest.raises(docfacts.TruncatedError):
        docfacts.extract(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(ValueError):
        docfacts.extract("text", lang="klingon")
    assert set(docfacts.ERRORS) == {
        "io", "empty", "too_large", "binary", "invalid_encoding", "unsupported_format",
        "encrypted", "truncated", "malformed", "limit_exceeded", "internal",
    }
    assert all(issubclass(c, docfacts.DocfactsError) for c in docfacts.ERRORS.values())


@pytest.mark.parametrize(
    "a,b",
    [("000.en.txt", "000.en.tampered.txt"), ("001.vi.txt", "001.en.txt"), ("001.fa.txt", "001.en.txt"),
     ("002.fa.txt", "002.fa.tampered.txt")],
)
def test_compare_equals_cli(a, b):
    a, b = (COMPARE / a).relative_to(ROOT), (COMPARE / b).relative_to(ROOT)
    expected = json.loads(cli("compare", a, b))
    assert docfacts.compare(a, b) == expected
    assert docfacts.compare(str(a), str(b)) == expected


def test_compare_records_equals_cli_on_jsonl(tmp_path):
    a, b = (COMPARE / "001.vi.txt").relative_to(ROOT), (COMPARE / "001.en.txt").relative_to(ROOT)
    records = tmp_path / "records.jsonl"
    records.write_text(cli("extract", "-q", a, b), encoding="utf-8")
    expected = json.loads(cli("compare", f"{records}#001.vi", f"{records}#001.en"))
    ra, rb = docfacts.extract_file(a), docfacts.extract_file(b)
    assert docfacts.compare(ra, rb) == expected
    assert docfacts.compare(f"{records}#001.vi", f"{records}#001.en") == expected
    assert expected["schema"] == "docfacts-compare/1"


def test_compare_errors(tmp_path):
    with pytest.raises(docfacts.IoError):
        docfacts.compare("no/such.txt", CORPUS[0])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(docfacts.EmptyError):
        docfacts.compare(empty, CORPUS[0])
    with pytest.raises(docfacts.EmptyError):
        docfacts.compare(docfacts.extract_many([str(empty)]).__next__(), CORPUS[0])
    with pytest.raises(docfacts.MalformedError):
        docfacts.compare({"schema": "docfacts/1"}, CORPUS[0])


def test_typed_package():
    package = Path(docfacts.__file__).parent
    assert (package / "py.typed").exists() and (package / "_native.pyi").exists()
    for name in docfacts.__all__:
        item = getattr(docfacts, name)
        if inspect.isfunction(item) or inspect.isclass(item):
            assert item.__doc__, name
    assert docfacts.__version__
