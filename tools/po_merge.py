"""Merge the regenerated .pot into each language's .po, keeping translations.

usage: po_merge.py POT LANG [LANG ...]

For zh_TW, entries with no translation yet are pre-filled from zh_CN through
OpenCC's s2twp (Simplified -> Taiwan Traditional with Taiwan phrasing) and
flagged in a translator comment so a reviewer can find them.
"""

import sys
from pathlib import Path

import polib

OPENCC_NOTE = "zh_TW from zh_CN by OpenCC s2twp"


def merge(pot_path, lang):
    pot = polib.pofile(pot_path)
    po_path = Path(pot_path).with_name(f"{lang}.po")
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    new = polib.POFile(wrapwidth=78)
    new.metadata = dict(pot.metadata)
    new.metadata.update({"Language": lang, "Plural-Forms": "nplurals=1; plural=0;"})
    new.header = pot.header
    for entry in pot:
        prev = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = prev.msgstr if prev else ""
        if prev and prev.tcomment:
            entry.tcomment = prev.tcomment
        new.append(entry)
    return new, po_path


def main():
    pot_path, langs = sys.argv[1], sys.argv[2:]
    merged = {lang: merge(pot_path, lang) for lang in langs}
    if "zh_TW" in merged and "zh_CN" in merged:
        import opencc  # noqa: PLC0415 - only needed for zh_TW, installed by tools/i18n.sh

        conv = opencc.OpenCC("s2twp")
        cn = {(e.msgctxt, e.msgid): e.msgstr for e in merged["zh_CN"][0]}
        for entry in merged["zh_TW"][0]:
            src = cn.get((entry.msgctxt, entry.msgid))
            if not entry.msgstr and src:
                entry.msgstr = conv.convert(src)
                entry.tcomment = OPENCC_NOTE
    for po, path in merged.values():
        po.save(str(path))
        todo = sum(1 for e in po if not e.msgstr)
        print(f"{path.name}: {len(po)} entries, {todo} untranslated")


if __name__ == "__main__":
    main()
