"""docfacts: dates, document numbers, figures, document metadata and citations, with exact
spans, from government reports (Vietnamese, English, Persian).

Every function returns the records of the output contract ``docfacts/1`` (``docs/CONTRACT.md``)
as dicts, equal to what ``docfacts extract`` prints for the same input::

    import docfacts
    record = docfacts.extract("Nghị quyết số 57-NQ/TW ngày 22/12/2024")
    record["doc_refs"][0]["id"]            # '57-NQ/TW'
    for record in docfacts.extract_many(["corpus"], threads=4):
        print(record["id"], record["status"])

Errors: the one-document functions (``extract``, ``extract_file``, ``compare``) raise a
:class:`DocfactsError` subclass named after the contract's error kind (``EmptyError`` for
``empty``, ``IoError`` for ``io``, ...) with the error record in ``.record`` where there is
one. ``extract_many`` raises for none of its documents: a document that cannot be read is a
record with ``status: "error"``, as in the CLI, and the batch goes on.

The work runs in Rust with the GIL released; ``extract_many`` runs on Rust threads and yields
records in input order.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, Optional, Type, Union

from . import _native

__version__: str = _native.__version__

__all__ = [
    "extract",
    "extract_file",
    "extract_many",
    "compare",
    "DocfactsError",
    "IoError",
    "EmptyError",
    "TooLargeError",
    "BinaryError",
    "InvalidEncodingError",
    "UnsupportedFormatError",
    "EncryptedError",
    "TruncatedError",
    "MalformedError",
    "LimitExceededError",
    "InternalError",
    "ERRORS",
    "Record",
    "__version__",
]

Record = Dict[str, Any]
"""A ``docfacts/1`` record (see docs/CONTRACT.md)."""

PathLike = Union[str, "os.PathLike[str]"]
"""A file system path."""


class DocfactsError(Exception):
    """A document could not be used.

    Attributes:
        kind: the contract's error kind (``io``, ``empty``, ``too_large``, ``binary``,
            ``invalid_encoding``, ``unsupported_format``, ``encrypted``, ``truncated``,
            ``malformed``, ``limit_exceeded``, ``internal``).
        message: what went wrong, for people.
        record: the error record (``status: "error"``) where the document made one, else None.
    """

    kind: str = "internal"

    def __init__(self, message: str, record: Optional[Record] = None) -> None:
        super().__init__(message)
        self.message = message
        self.record = record


class IoError(DocfactsError, OSError):
    """``io``: the path could not be opened or read (also an :class:`OSError`)."""

    kind = "io"


class EmptyError(DocfactsError):
    """``empty``: the input has no text (no bytes, only a byte-order mark or whitespace)."""

    kind = "empty"


class TooLargeError(DocfactsError):
    """``too_large``: the input is larger than the limit (64 MiB)."""

    kind = "too_large"


class BinaryError(DocfactsError):
    """``binary``: the input looks like binary data, not text."""

    kind = "binary"


class InvalidEncodingError(DocfactsError):
    """``invalid_encoding``: the bytes are not valid in any supported text encoding."""

    kind = "invalid_encoding"


class UnsupportedFormatError(DocfactsError):
    """``unsupported_format``: a format docfacts does not read."""

    kind = "unsupported_format"


class EncryptedError(DocfactsError):
    """``encrypted``: the PDF needs a password."""

    kind = "encrypted"


class TruncatedError(DocfactsError):
    """``truncated``: the PDF is cut short or damaged beyond repair."""

    kind = "truncated"


class MalformedError(DocfactsError):
    """``malformed``: a malformed PDF, or a record that is not a ``docfacts/1`` record."""

    kind = "malformed"


class LimitExceededError(DocfactsError):
    """``limit_exceeded``: a time, memory or nesting limit was exceeded."""

    kind = "limit_exceeded"


class InternalError(DocfactsError):
    """``internal``: an internal failure, contained to this document."""

    kind = "internal"


ERRORS: Dict[str, Type[DocfactsError]] = {
    cls.kind: cls
    for cls in (
        IoError,
        EmptyError,
        TooLargeError,
        BinaryError,
        InvalidEncodingError,
        UnsupportedFormatError,
        EncryptedError,
        TruncatedError,
        MalformedError,
        LimitExceededError,
        InternalError,
    )
}
"""The exception class of each contract error kind."""


def _error(kind: str, message: str, record: Optional[Record] = None) -> DocfactsError:
    """The exception of an error kind (an unknown kind, from a newer core, is the base class)."""
    cls = ERRORS.get(kind)
    if cls is None:
        error = DocfactsError(message, record)
        error.kind = kind
        return error
    return cls(message, record)


def _record(data: str) -> Record:
    """A record from its JSON; an error record raises its kind's exception."""
    record: Record = json.loads(data)
    if record.get("status") == "error":
        error = record.get("error") or {}
        path = record.get("source", {}).get("path")
        message = error.get("message", "error")
        raise _error(error.get("kind", "internal"), f"{path}: {message}", record)
    return record


def _native_call(function: Any, *args: Any) -> Any:
    """Calls the core, turning its failures into :class:`DocfactsError` subclasses."""
    try:
        return function(*args)
    except _native.Failure as failure:
        kind, message = failure.args
        raise _error(kind, message) from None


def extract(
    text: Union[str, bytes], lang: Optional[str] = None, *, id: str = "stdin"
) -> Record:
    """The record of one text, as ``docfacts extract -`` makes it from standard input.

    Args:
        text: the document: a ``str``, or ``bytes`` decoded as a file's would be (UTF-8,
            UTF-16 with a BOM, legacy Vietnamese encodings; PDF bytes are read as a PDF).
        lang: ``"vi"``, ``"en"`` or ``"fa"`` to skip language detection (``--lang``).
        id: the record's ``id`` (``source.path`` is ``"-"``, as for standard input).

    Returns:
        The ``docfacts/1`` record as a dict; offsets are UTF-8 byte offsets into the text.

    Raises:
        DocfactsError: the subclass of the record's error kind (``EmptyError`` for an empty
            text, ...), with the error record in ``.record``.
        ValueError: an unknown ``lang``.
    """
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return _record(_native_call(_native.extract_bytes, data, lang, id, "-"))


def extract_file(
    path: PathLike, lang: Optional[str] = None, *, id: Optional[str] = None
) -> Record:
    """The record of one file (text or PDF), as ``docfacts extract PATH`` writes it.

    The ``id`` is the file name without its extension and ``source.path`` the path as given,
    as in the CLI. A PDF is read in this process (the CLI reads it in a separate,
    memory-limited process). Folders and archives: :func:`extract_many`.

    Args:
        path: the file.
        lang: ``"vi"``, ``"en"`` or ``"fa"`` to skip language detection (``--lang``).
        id: another ``id`` for the record.

    Returns:
        The ``docfacts/1`` record as a dict.

    Raises:
        DocfactsError: the subclass of the error kind: ``IoError`` for a missing or unreadable
            file or a folder, ``EmptyError``, ``BinaryError``, ... with the error record in
            ``.record`` (None for a folder).
        ValueError: an unknown ``lang``.
    """
    return _record(_native_call(_native.extract_path, os.fspath(path), lang, id))


def extract_many(
    paths: Union[PathLike, Iterable[PathLike]],
    threads: Optional[int] = None,
    lang: Optional[str] = None,
) -> Iterator[Record]:
    """Records of every document under ``paths``, in input order, as ``docfacts extract PATHS``.

    Folders are walked recursively in sorted order, zip/tar/tar.gz archives are opened into
    their members, ids are file stems (relative paths where stems collide) and a copy of an
    earlier document is reported with ``duplicate_of``: the records are the CLI's, in the
    same order. The documents are analysed on ``threads`` Rust threads (default: all cores)
    while Python takes the records one at a time; stopping the iteration early stops the run.

    Args:
        paths: a path, or paths, of files and folders.
        threads: worker threads (at least 1; default all cores). The records do not depend on it.
        lang: ``"vi"``, ``"en"`` or ``"fa"`` to skip language detection (``--lang``).

    Yields:
        One ``docfacts/1`` record per document. A document that cannot be read is a record
        with ``status: "error"`` and its ``error.kind``; it does not raise.

    Raises:
        ValueError: ``threads`` below 1 or an unknown ``lang`` (when called).
        InternalError: the batch stopped on an internal failure (while iterating).
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    listed = [os.fspath(p) for p in paths]
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    return _records(_native_call(_native.extract_many, listed, threads, lang))


def _records(records: Iterator[str]) -> Iterator[Record]:
    """The records of a native batch as dicts."""
    while True:
        try:
            data = next(records)
        except StopIteration:
            return
        except _native.Failure as failure:
            kind, message = failure.args
            raise _error(kind, message) from None
        yield json.loads(data)


def compare(a: Union[PathLike, Record], b: Union[PathLike, Record]) -> Dict[str, Any]:
    """Does B (a translation) state the same facts as A? The report of ``docfacts compare A B``.

    Each side is a path, read as the CLI reads it (a document, or a ``.jsonl``/``.json``
    file of records, ``FILE.jsonl#ID`` picking one record), or a record dict as returned by
    :func:`extract`, :func:`extract_file` or :func:`extract_many` (its source text is read
    from ``source.path`` when that file is still there and its facts are found at their
    offsets, as for records in a JSON Lines file).

    Returns:
        The ``docfacts-compare/1`` report as a dict: ``agree``, ``score``, ``matched``,
        ``mismatched``, ``only_in_a``, ``only_in_b``, ``document``, ...

    Raises:
        DocfactsError: a side that cannot be compared: the subclass of its error kind (an
            error record's, ``IoError`` for a missing file, ``EmptyError`` for a PDF without
            text, ``MalformedError`` for a record that is not one).
    """
    report: Dict[str, Any] = json.loads(_native_call(_native.compare, _side(a), _side(b)))
    return report


def _side(side: Union[PathLike, Record]) -> Union[str, Record]:
    """A compare side as the core takes it: a record dict, or a path string."""
    return side if isinstance(side, dict) else os.fspath(side)
