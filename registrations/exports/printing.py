"""What the printed exports (sign-in sheets, badges) share: an A4 PDF with the bundled DejaVu
font, which covers Greek and accented names, and text fitted to a box without wrapping."""

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SMALLEST_SIZE = 6  # points; below, a name is no longer read at arm's length


def a4_pdf() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(10, 10, 10)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    return pdf


def fit(pdf: FPDF, text: str, width: float, *, size: float, style: str = "") -> str:
    """Set the largest font size up to `size` at which the text fits the width (in mm, less a
    cell's padding); a text still too long at the smallest size is cut with an ellipsis."""
    room = width - 2 * pdf.c_margin
    while size > SMALLEST_SIZE:
        pdf.set_font("DejaVu", style, size)
        if pdf.get_string_width(text) <= room:
            return text
        size -= 0.5
    pdf.set_font("DejaVu", style, SMALLEST_SIZE)
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…" if text else text
