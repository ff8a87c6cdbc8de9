"""Stage 1: turn the bytes of a page file into text, or refuse the file with a clear reason."""
from __future__ import annotations

import codecs

from .types import IngestError

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

# Control characters other than tab, newline and carriage return do not occur in page text;
# a file full of them is a binary file whatever decoder happens to accept it.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


def decode_page(data: bytes, file_name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode a page file: UTF-8 (with or without BOM), else GB18030.

    Raises IngestError for oversize, empty, blank, binary or undecodable input. Only a BOM is
    dropped; the cleaning stage then takes out control characters (``clean.py``), and that
    text is the page "as received" that the archive keeps for provenance: the offsets of
    every later stage point into it.
    """
    if len(data) > max_bytes:
        raise IngestError(
            f"{file_name}: 文件过大（{len(data):,} 字节，上限 {max_bytes:,} 字节），"
            "一个版面的文本不应这么大"
        )
    if not data:
        raise IngestError(f"{file_name}: 文件为空")
    if b"\x00" in data:
        raise IngestError(f"{file_name}: 不是文本文件（含有二进制内容）")

    text = _decode_bytes(data, file_name)
    if not text.strip():
        raise IngestError(f"{file_name}: 文件只有空白，没有正文")
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > max(3, len(text) // 1000):
        raise IngestError(f"{file_name}: 不是文本文件（含有大量控制字符）")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise IngestError(f"{file_name}: 文件中没有中文，不像报纸版面的文字")
    return text


def _decode_bytes(data: bytes, file_name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{file_name}: 无法识别文字编码（既不是 UTF-8 也不是 GB18030，"
            f"第 {exc.start} 字节处出错）"
        ) from None
