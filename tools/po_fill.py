"""Fill translations into the addon's .po files.

usage: po_fill.py LANG MAPPING.json [--overwrite]
       po_fill.py --opencc

The first form fills a language from a JSON object {msgid: msgstr}: handy for
translating many new terms at once. Terms absent from the .po are reported, not
added: the .pot (click-odoo-makepot, through tools/i18n.sh) decides what exists.

--opencc pre-fills the zh_TW entries still empty from their zh_CN translation
through OpenCC's s2twp (Simplified -> Taiwan Traditional with Taiwan phrasing),
with a translator comment so a reviewer finds them; tools/i18n.sh runs it after
msgmerge. Both forms save the files with polib, so their layout stays stable.
"""

import json
import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parents[1] / "sales_process_mgmt" / "i18n"
OPENCC_NOTE = "zh_TW from zh_CN by OpenCC s2twp"


def load(lang):
    return polib.pofile(str(I18N / f"{lang}.po"), wrapwidth=78)


def report(lang, po, filled, unknown=()):
    todo = sum(1 for e in po if not e.msgstr and not e.obsolete)
    print(
        f"{lang}.po: {len(po)} entries, {filled} filled, {todo} still untranslated, {len(unknown)} unknown msgids"
    )
    for msgid in list(unknown)[:20]:
        print("  unknown:", msgid[:80])


def fill_from_mapping(lang, mapping_path, overwrite):
    mapping = json.loads(Path(mapping_path).read_text(encoding="utf-8"))
    po = load(lang)
    by_id = {}
    for entry in po:
        by_id.setdefault(entry.msgid, []).append(entry)
    filled, unknown = 0, []
    for msgid, msgstr in mapping.items():
        entries = by_id.get(msgid)
        if not entries:
            unknown.append(msgid)
            continue
        for entry in entries:
            if overwrite or not entry.msgstr:
                entry.msgstr = msgstr
                entry.tcomment = ""
                filled += 1
    po.save()
    report(lang, po, filled, unknown)


def fill_zh_tw_with_opencc():
    import opencc  # noqa: PLC0415 - only this form needs it (requirements-tools.txt)

    conv = opencc.OpenCC("s2twp")
    cn = load("zh_CN")
    tw = load("zh_TW")
    cn_msgstr = {(e.msgctxt, e.msgid): e.msgstr for e in cn}
    filled = 0
    for entry in tw:
        src = cn_msgstr.get((entry.msgctxt, entry.msgid))
        if not entry.msgstr and src:
            entry.msgstr = conv.convert(src)
            entry.tcomment = OPENCC_NOTE
            filled += 1
    cn.save()
    tw.save()
    report("zh_CN", cn, 0)
    report("zh_TW", tw, filled)


def main():
    if sys.argv[1:] == ["--opencc"]:
        fill_zh_tw_with_opencc()
    else:
        fill_from_mapping(sys.argv[1], sys.argv[2], "--overwrite" in sys.argv)


if __name__ == "__main__":
    main()
