"""Page counts of rendered PDFs for the tests, read by poppler's pdfinfo — independently of the page texts that
pdftotext gives the code under test."""

import re
import subprocess


def pdf_page_count(pdf_path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
