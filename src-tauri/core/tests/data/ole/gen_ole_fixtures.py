#!/usr/bin/env python3
"""Regenerates ole_fixtures.zip: fixture.doc, fixture.xls and fixture.ppt, written by
LibreOffice from the flat ODF files beside this script (fixture.fodt, .fods, .fodp), in
which ID numbers, mobile numbers and bank cards are planted in the body, a header and
footer, a comment, footnotes, a table, a hidden sheet, slides and their notes, next to
near-misses that fail their check characters.

Needs LibreOffice (`soffice`) and `pip install olefile`; the tests need neither, they read
the committed zip. LibreOffice's PowerPoint export stores a 440 KB preview picture in the
SummaryInformation stream, which the scanner does not read: it is zeroed so the zip stays
small. Run from anywhere: python3 gen_ole_fixtures.py
"""

import pathlib
import subprocess
import tempfile
import zipfile

import olefile

HERE = pathlib.Path(__file__).resolve().parent

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for source, target in [("fodt", "doc"), ("fods", "xls"), ("fodp", "ppt")]:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp),
                str(HERE / f"fixture.{source}"),
            ],
            check=True,
            capture_output=True,
        )
    ppt = tmp / "fixture.ppt"
    with olefile.OleFileIO(str(ppt), write_mode=True) as ole:
        name = "\x05SummaryInformation"
        if ole.exists(name):
            ole.write_stream(name, bytes(ole.get_size(name)))
    with zipfile.ZipFile(HERE / "ole_fixtures.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for target in ["doc", "xls", "ppt"]:
            info = zipfile.ZipInfo(f"fixture.{target}", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, (tmp / f"fixture.{target}").read_bytes())
print("wrote", HERE / "ole_fixtures.zip")
