"""Type stubs of the native core (``docfacts._native``); use the ``docfacts`` package instead."""

from typing import Any, Dict, Iterator, List, Optional, Union

__version__: str

class Failure(Exception):
    """A document could not be used: ``args`` are ``(kind, message)``."""

    args: tuple[str, str]

class Records(Iterator[str]):
    """The JSON records of a batch, in input order (waits with the GIL released)."""

    def __iter__(self) -> "Records": ...
    def __next__(self) -> str: ...

def extract_bytes(data: bytes, lang: Optional[str], id: str, path: str) -> str:
    """The record (JSON) of ``data`` with this ``id`` and ``source.path``."""

def extract_path(path: str, lang: Optional[str], id: Optional[str]) -> str:
    """The record (JSON) of one file, as ``docfacts extract PATH``."""

def extract_many(paths: List[str], threads: Optional[int], lang: Optional[str]) -> Records:
    """Starts a batch over ``paths`` on ``threads`` Rust threads (all cores when None)."""

def compare(a: Union[str, Dict[str, Any]], b: Union[str, Dict[str, Any]]) -> str:
    """The ``docfacts-compare/1`` report (JSON) of B against A (paths or record dicts)."""
