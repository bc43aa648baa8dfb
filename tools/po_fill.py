"""Fill translations into a .po file from a JSON object {msgid: msgstr}.

usage: po_fill.py LANG MAPPING.json [--overwrite]

Handy for translating many new terms at once; then run
``tools/po_merge.py`` (through tools/i18n.sh) to pre-fill zh_TW from zh_CN.
Terms absent from the .po are reported, not added: the .pot decides what exists.
"""

import json
import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parents[1] / "sales_process_mgmt" / "i18n"


def main():
    lang, mapping_path = sys.argv[1], sys.argv[2]
    overwrite = "--overwrite" in sys.argv
    mapping = json.loads(Path(mapping_path).read_text(encoding="utf-8"))
    po = polib.pofile(str(I18N / f"{lang}.po"), wrapwidth=78)
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
    todo = sum(1 for e in po if not e.msgstr)
    print(f"{lang}.po: {filled} filled, {todo} still untranslated, {len(unknown)} unknown msgids")
    for msgid in unknown[:20]:
        print("  unknown:", msgid[:80])


if __name__ == "__main__":
    main()
