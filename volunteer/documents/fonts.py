"""The one CJK font of every printed document: found once, registered once per process.

Debian's fonts-wqy-zenhei (WenQuanYi Zen Hei) is a TrueType collection that reportlab embeds as
a subset, and it covers the rare characters of Chinese names (堃 喆 赟 䶮) and traditional forms.
Noto CJK is OpenType/CFF, which reportlab cannot embed. When the file is missing, the layouts
fall back to STSong-Light, a font built into reportlab and into every PDF reader in China: it is
referenced, not embedded, and lacks some rare characters.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FALLBACK_FONT = "STSong-Light"


def cjk_font(font_path: str | None = DEFAULT_FONT_PATH) -> str:
    """Register the CJK font at `font_path` once per process and return its reportlab name."""
    path = font_path or DEFAULT_FONT_PATH
    if Path(path).is_file():
        name = "CJK-" + hashlib.sha1(path.encode()).hexdigest()[:8]
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        try:
            # The first face of the collection is the proportional one.
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        except Exception:
            pass
        else:
            return name
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT
