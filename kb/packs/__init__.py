"""Workshop packs: a trainer's selection of practices, with notes, exported as DOCX, PDF, HTML or Markdown."""

from kb.packs.export import FORMATS, check_format, export, export_pack
from kb.packs.model import InvalidPack, Pack, PackItem, dump_pack, pack_from_data, parse_pack
from kb.packs.store import PackExists, PackStore, check_name

__all__ = ["FORMATS", "InvalidPack", "Pack", "PackExists", "PackItem", "PackStore", "check_format", "check_name",
           "dump_pack", "export", "export_pack", "pack_from_data", "parse_pack"]
