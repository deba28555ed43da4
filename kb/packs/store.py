"""The folder of packs: one ``NAME.yaml`` file per pack, NAME a safe slug (no path can be named)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kb.errors import BadQuery, KBError, NotFound
from kb.packs.model import Pack, parse_pack
from kb.problems import display_path

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NAME_MAX = 80
SUFFIX = ".yaml"


class PackExists(KBError):
    """A pack of that name exists already."""


def check_name(name: str) -> str:
    """``name`` when it is a lower-case slug; ``BadQuery`` otherwise (so ``../x`` never reaches the disk)."""
    if not isinstance(name, str) or len(name) > NAME_MAX or not NAME_PATTERN.match(name):
        raise BadQuery(f"{str(name)[:100]!r} is not a pack name: use a lower-case slug such as "
                       f"'taller-alcohol-y-vida-nocturna' (letters a-z, digits, single hyphens; "
                       f"at most {NAME_MAX} characters)")
    return name


def slugify(text: str) -> str:
    """A pack name made from a title: 'Taller: alcohol y vida nocturna' -> 'taller-alcohol-y-vida-nocturna'."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:NAME_MAX].strip("-")
    return slug or "pack"


@dataclass(frozen=True)
class StoredPack:
    name: str
    path: Path
    text: str
    pack: Pack


class PackStore:
    """Read and write the packs of a folder. Writes are atomic (a temporary file renamed into place)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, name: str) -> Path:
        return self.folder / f"{check_name(name)}{SUFFIX}"

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[: -len(SUFFIX)] for p in self.folder.glob(f"*{SUFFIX}")
                      if p.is_file() and NAME_PATTERN.match(p.name[: -len(SUFFIX)]))

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def read(self, name: str) -> StoredPack:
        """The pack ``name``; ``NotFound`` when there is none, ``InvalidPack`` when its file is broken."""
        path = self.path(name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"there is no pack named {name!r}") from None
        except OSError as e:
            raise BadQuery(f"the pack {name!r} cannot be read: {e.strerror or e}") from e
        pack = parse_pack(raw, display_path(path))
        return StoredPack(name, path, raw.decode("utf-8"), pack)

    def list(self) -> list[tuple[str, Pack | None, str | None]]:
        """Every pack as (name, pack, None), or (name, None, problem) for a file that does not validate."""
        out = []
        for name in self.names():
            try:
                out.append((name, self.read(name).pack, None))
            except KBError as e:
                out.append((name, None, str(e)))
        return out

    def write(self, name: str, text: str, *, create: bool) -> Path:
        """Store the YAML ``text`` (already validated) as the pack ``name``: a new one when ``create`` (then
        ``PackExists`` if it is taken), else an existing one (``NotFound`` if there is none)."""
        path = self.path(name)
        exists = path.is_file()
        if create and exists:
            raise PackExists(f"a pack named {name!r} exists already; change it with PUT or choose another name")
        if not create and not exists:
            raise NotFound(f"there is no pack named {name!r}; create it first")
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text if text.endswith("\n") else text + "\n")
            if create:
                try:  # no overwrite of a pack created meanwhile
                    os.link(tmp, path)
                except FileExistsError:
                    raise PackExists(f"a pack named {name!r} exists already") from None
                except OSError:  # a file system without hard links
                    os.replace(tmp, path)
            else:
                os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path

    def delete(self, name: str) -> None:
        try:
            self.path(name).unlink()
        except FileNotFoundError:
            raise NotFound(f"there is no pack named {name!r}") from None
