#!/bin/bash
# Remakes the Word (and, from them, PDF) fixtures that a word processor wrote: each source in
# */source/ converted by LibreOffice (Debian: libreoffice-writer-nogui, fonts-wqy-zenhei).
# The texts are real reports' paragraphs (tests/corpus); what the tests expect of them is
# written by hand in the tests, never read back from these files.
set -euo pipefail
cd "$(dirname "$0")"
convert() {  # convert SOURCE FORMAT FOLDER
    soffice --headless --convert-to "$2" "$1" --outdir "$3" >/dev/null 2>&1
}
convert word/source/numbered.fodt docx word
convert word/source/numbered.fodt doc word  # an old binary Word file: read as a warning
