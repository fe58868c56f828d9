"""What the printed exports (sign-in sheets, badges) share: an A4 PDF with the bundled DejaVu
font, which covers Greek and accented names, and text fitted to a box without wrapping."""

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SMALLEST_SIZE = 6  # points; below, a name is no longer read at arm's length


class PrintedPDF(FPDF):
    """An FPDF that remembers how each text was fitted: sheets and badges repeat the same
    countries, organisations and headings hundreds of times."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fitted = {}  # (text, width, size, style): (size, text) as fit() left them


def a4_pdf() -> PrintedPDF:
    pdf = PrintedPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(10, 10, 10)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    return pdf


def fit(pdf: PrintedPDF, text: str, width: float, *, size: float, style: str = "") -> str:
    """Set the largest font size up to `size` at which the text fits the width (in mm, less a
    cell's padding); a text still too long at the smallest size is cut with an ellipsis."""
    key = (text, width, size, style)
    if key in pdf.fitted:
        fitted_size, fitted = pdf.fitted[key]
        # As measuring did: the font set at `size` first, so that the page's font is written
        # again exactly when it would have been (the PDF is the same, byte for byte).
        pdf.set_font("DejaVu", style, size)
        pdf.set_font("DejaVu", style, fitted_size)
        return fitted
    fitted = measured_fit(pdf, text, width, size=size, style=style)
    pdf.fitted[key] = (pdf.font_size_pt, fitted)
    return fitted


def write_fitted(
    pdf: PrintedPDF, text: str, x: float, y: float, width: float, height: float, **font
) -> None:
    """Write the text fitted to the box (x, y, width, height in mm) where a left-aligned cell
    of that box would put it, without the cell: fpdf2's cell() parses, measures and styles its
    text each time, which took most of the time of a thousand-page PDF. The font is set only
    when it changes."""
    if not text:
        return
    fitted_size, fitted = fitted_text(pdf, text, width, **font)
    style = font.get("style", "")
    if pdf.font_family != "dejavu" or pdf.font_style != style or pdf.font_size_pt != fitted_size:
        pdf.set_font("DejaVu", style, fitted_size)
    # cell()'s baseline: the middle of the box, lowered by 0.3 of the font's size.
    pdf.text(x + pdf.c_margin, y + height / 2 + 0.3 * pdf.font_size, fitted)


def fitted_text(pdf: PrintedPDF, text: str, width: float, *, size: float, style: str = ""):
    """(size, text) as fit() leaves them, measured once per PDF."""
    key = (text, width, size, style)
    if key not in pdf.fitted:
        fitted = measured_fit(pdf, text, width, size=size, style=style)
        pdf.fitted[key] = (pdf.font_size_pt, fitted)
    return pdf.fitted[key]


def measured_fit(pdf: FPDF, text: str, width: float, *, size: float, style: str = "") -> str:
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
