#!/bin/bash
# Remakes the fixtures that a word processor wrote: Word files and PDFs converted by LibreOffice
# (Debian: libreoffice-writer-nogui, fonts-wqy-zenhei; poppler-utils for the scanned page) from
# the sources in word/source/ and pdf/source/ (written by make_sources.py from the real reports
# of tests/corpus). What the tests expect of them is written by hand in the tests, never read
# back from these files.
set -euo pipefail
cd "$(dirname "$0")"
convert() {  # convert SOURCE FORMAT FOLDER
    soffice --headless --convert-to "$2" "$1" --outdir "$3" >/dev/null 2>&1
}
python3 make_sources.py
convert word/source/numbered.fodt docx word
convert word/source/numbered.fodt doc word  # an old binary Word file: read as a warning
convert word/source/numbered.fodt pdf pdf
for name in running-heads two-column table heading-break; do
    convert "pdf/source/$name.fodt" pdf pdf
done
# A scanned page: page 1 of running-heads.pdf as a picture in a PDF with no text layer.
pdftoppm -r 72 -gray -png -f 1 -l 1 -singlefile pdf/running-heads.pdf pdf/source/scanned-page
convert pdf/source/scanned.fodt pdf pdf
rm pdf/source/scanned-page.png
# A report whose last page is a scan: its text pages read, the scanned page a warning.
pdfunite pdf/table.pdf pdf/scanned.pdf pdf/part-scanned.pdf
