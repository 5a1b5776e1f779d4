"""USDT probes of a binary, grouped by ``provider:name``, and finding them by name.

A probe is one ``provider:name`` in one binary; it has one or more sites (the macro may be
expanded in several places or inlined), each with its own argument locations.
"""
from __future__ import annotations

from ..errors import PybpfError
from .args import Argument, parse_arguments
from .notes import ElfInfo, Note, elf_info


class Probe:
    """``provider:name`` in the binary ``path``: ``locations`` (its sites, :class:`Note`),
    ``semaphore`` (address, 0 when it has none) and ``num_arguments``."""

    __slots__ = ("provider", "name", "path", "locations", "_info")

    def __init__(self, provider: str, name: str, path: str, locations: tuple, info: ElfInfo):
        self.provider, self.name, self.path = provider, name, path
        self.locations = locations
        self._info = info

    @property
    def full_name(self) -> str:
        return f"{self.provider}:{self.name}"

    @property
    def semaphore(self) -> int:
        return self.locations[0].semaphore

    @property
    def num_arguments(self) -> int:
        return len(self.locations[0].args.split())

    def arguments(self, location: int = 0) -> list[Argument]:
        """The arguments at one site (sites may keep an argument in different places)."""
        return parse_arguments(self.locations[location].args)

    def file_offset(self, location: int = 0) -> int | None:
        """Where a uprobe for that site goes: the pc as an offset in the file."""
        from .notes import address_to_offset

        return address_to_offset(self._info, self.locations[location].pc)

    def __repr__(self):
        return (f"<Probe {self.full_name} in {self.path}: {len(self.locations)} location(s), "
                f"{self.num_arguments} argument(s)>")


def probes_in(path: str) -> list[Probe]:
    """The USDT probes of one ELF file, in the order their first site appears."""
    info = elf_info(path)
    groups: dict[tuple[str, str], list[Note]] = {}
    for note in info.notes:
        groups.setdefault((note.provider, note.name), []).append(note)
    return [Probe(prov, name, path, tuple(notes), info)
            for (prov, name), notes in groups.items()]


def split_name(spec: str) -> tuple[str | None, str]:
    """``"provider:name"`` -> (provider, name); a bare ``"name"`` -> (None, name)."""
    provider, sep, name = spec.rpartition(":")
    return (provider or None, name) if sep else (None, spec)


def select(probes: list[Probe], spec: str, where: str) -> list[Probe]:
    """The probes ``spec`` ("name" or "provider:name") names; one per binary that has it.

    ``where`` describes where ``probes`` came from, for the errors: none found (with the
    probes there are), or a bare name several providers use.
    """
    provider, name = split_name(spec)
    found = [p for p in probes if p.name == name and provider in (None, p.provider)]
    if not found:
        names = sorted({p.full_name for p in probes})
        there = (f"probes there: {', '.join(names)}" if names
                 else "it has no USDT probes")
        raise PybpfError(f"USDT probe {spec!r} not found in {where} ({there})")
    providers = sorted({p.provider for p in found})
    if len(providers) > 1:
        raise PybpfError(f"USDT probe {spec!r} is ambiguous in {where}: "
                         f"{', '.join(f'{prov}:{name}' for prov in providers)}; "
                         "name one as 'provider:name'")
    return found
